"""measure and subject."""

import pytest

from docpipe.document import Entity
from services.normalize import figures

MEASURES = [
    ("我们中心的设备总值超过7.2亿元。", "设备总值"),
    ("年均增幅达9.26%。", "年均增幅"),
    ("组建了9个湖北实验室。", "湖北实验室"),
    ("拥有11个国家级实验室。", "国家级实验室"),
    ("该市新增企业500家。", "新增企业"),
    # a collective subject or light verb opening the clause is not the measure
    ("全市实现社会消费品零售总额2100亿元。", "社会消费品零售总额"),
    ("全省完成固定资产投资5000亿元。", "固定资产投资"),
    ("电子信息产业实现营业收入800亿元。", "电子信息产业营业收入"),
    # the object of a verb of having: 集聚, 拥有, 取得
    ("高新区已集聚各类软件企业超1500家。", "软件企业"),
    ("累计取得发明专利授权1200件。", "发明专利授权"),
    # a change keeps its word (contract: 下降2.1% -> the word goes in measure)
    ("农产品出口下降2.1%。", "农产品出口下降"),
    ("规模以上工业增加值同比增长7.2%。", "规模以上工业增加值同比增长"),
    ("增速比上年同期提高1.5个百分点。", "增速比上年同期提高"),
    # ... but a level reached by a change is not a change
    ("研发投入强度提高到3.5%。", "研发投入强度"),
    # a count's noun phrase ends at the next verb
    ("组建6个创新团队从事关键技术攻关。", "创新团队"),
    ("培育12家链主企业不但带动配套。", "链主企业"),
    # trailing aspect and light words
    ("产业规模分别迈上3000亿元。", "产业规模"),
    ("研发投入占比连续保持5%以上。", "研发投入占比"),
    ("研发投入年均增长15%。", "研发投入年均增长"),
    # a baseline time stays in the measure of a change
    ("降幅比1—9月收窄0.8个百分点。", "降幅比1—9月收窄"),
    ("本次活动共有300余名代表参加。", "代表"),
    # digits glued to letters are names inside the measure, not other figures
    ("PM2.5平均浓度下降10%。", "PM2.5平均浓度下降"),
    ("累计建成5G基站3万个。", "5G基站"),
]


@pytest.mark.parametrize("text,measure", MEASURES)
def test_measure(text, measure):
    (m,) = figures.extract(text)
    assert m.measure == measure


def _entity(text, full, etype, name):
    start = full.index(text)
    return Entity(type=etype, text=text, name=name, start=start, end=start + len(text))


def test_subject_is_nearest_preceding_entity_in_paragraph():
    text = "苏州工业园区集聚生物医药企业超2200家,产值超1300亿元。\n另有企业22家。"
    ents = [_entity("苏州工业园区", text, "park", "苏州工业园区")]
    got = figures.extract(text, None, ents)
    assert [m.subject for m in got] == ["苏州工业园区", "苏州工业园区", None]


def test_subject_ignores_industries():
    text = "生物医药产业超100家。"
    ents = [_entity("生物医药", text, "industry", "生物医药")]
    assert figures.extract(text, None, ents)[0].subject is None


@pytest.mark.parametrize(
    "text,measures",
    [
        (
            "园区生产总值从 3.83 亿元增加到 141.27 亿元,财政总收入从 1407 万元增加到 21.08 亿元。",
            ["园区生产总值", "园区生产总值", "财政总收入", "财政总收入"],
        ),
        ("营收分别为120、150和180亿元。", ["营收", "营收", "营收"]),
        # a bare change after a level takes the level's measure
        ("地区生产总值3200亿元，同比增长6.1%。", ["地区生产总值", "地区生产总值同比增长"]),
        ("出口总额800亿元，下降3%。", ["出口总额", "出口总额下降"]),
        ("比重由35.2%提高到41.6%。", ["比重", "比重"]),
    ],
)
def test_measure_carries_to_paired_figures(text, measures):
    assert [m.measure for m in figures.extract(text)] == measures


def _ents(full, specs):
    """specs: (text, type, name, attributes); the n-th repeat of a text is the
    n-th occurrence."""
    out, seen = [], {}
    for text, etype, name, attrs in specs:
        start = full.index(text, seen.get(text, 0))
        seen[text] = start + len(text)
        out.append(Entity(type=etype, text=text, name=name, start=start, end=start + len(text), attributes=attrs))
    return out


_PARK = ("park", {})
_CITY = {"level": "city"}
_COUNTRY = {"level": "country"}
_GOV = {"kind": "government"}
_CO = {"kind": "company"}

SUBJECTS = [
    # a country in a relative clause is not the owner; 园区 stands for the park before it
    (
        "苏州工业园区是中国与新加坡合作共建的园区。园区内月租金每平方米60元。",
        [
            ("苏州工业园区", "park", "苏州工业园区", {}),
            ("中国", "region", "中国", _COUNTRY),
            ("新加坡", "region", "新加坡", _COUNTRY),
        ],
        "苏州工业园区",
    ),
    # a government body that speaks stands for its zone
    (
        "深圳高新区位于南山。深圳高新区管委会相关负责人表示，今年新增企业300家。",
        [("深圳高新区", "park", "深圳高新区", {}), ("深圳高新区管委会", "organization", "深圳高新区管委会", _GOV)],
        "深圳高新区",
    ),
    # ... but one that acts is itself the subject
    (
        "深圳市加快发展。深圳市发改委牵头实施重大项目3项。",
        [("深圳市", "region", "深圳市", _CITY), ("深圳市发改委", "organization", "深圳市发改委", _GOV)],
        "深圳市发改委",
    ),
    # the object of 向 is not the supplier
    (
        "华为技术有限公司去年向比亚迪股份有限公司供货超过1万台。",
        [
            ("华为技术有限公司", "organization", "华为技术有限公司", _CO),
            ("比亚迪股份有限公司", "organization", "比亚迪股份有限公司", _CO),
        ],
        "华为技术有限公司",
    ),
    # a country alone in its clause is the subject
    ("澳大利亚锂矿出口增长20%。", [("澳大利亚", "region", "澳大利亚", _COUNTRY)], "澳大利亚"),
    # 全市 -> the city named before in the paragraph
    ("杭州市统计局发布数据。全市GDP增长5%。", [("杭州市", "region", "杭州市", _CITY)], "杭州市"),
    # an anaphor reaches back over paragraphs to the body it names
    (
        "宁德时代新能源科技股份有限公司成立较早。\n该公司去年营收达4000亿元。",
        [("宁德时代新能源科技股份有限公司", "organization", "宁德时代新能源科技股份有限公司", _CO)],
        "宁德时代新能源科技股份有限公司",
    ),
    # partners listed together own no single figure
    (
        "华为与比亚迪等企业合计投资100亿元。",
        [("华为", "organization", "华为", _CO), ("比亚迪", "organization", "比亚迪", _CO)],
        None,
    ),
    # 工业园区 inside a name is not the collective 园区
    ("苏州工业园区集聚企业2200家。", [("苏州工业园区", "park", "苏州工业园区", {})], "苏州工业园区"),
]


@pytest.mark.parametrize("text,specs,subject", SUBJECTS)
def test_subject_rules(text, specs, subject):
    got = figures.extract(text, "2024-03-01", _ents(text, specs))
    assert got and got[-1].subject == subject, [(m.text, m.subject) for m in got]


def test_multiple_of_a_baseline_year_measures_the_figure_before():
    from services.normalize import figures

    got = figures.extract("2023年,全市新能源汽车产量达到45万辆,是2020年的3倍多。")
    assert [(m.text, m.measure, m.period) for m in got] == [
        ("45万辆", "新能源汽车产量", "2023"),
        ("3倍多", "新能源汽车产量", "2023"),
    ]
