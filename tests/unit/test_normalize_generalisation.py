"""Rules that carry figures over to other sites' styles: thousands separators,
qualifiers set apart from the figure, relative years, rates shared by a
range, vague forms (上百, 三四十, 翻一番), ages, ratios and slogans.
Sentences are written for these tests, in several wordings per rule."""

import pytest

from services.normalize import figures
from services.normalize.numbers import adjacent_pair


def _figs(text, published_at=None):
    return [
        (m.text, m.value, m.value_max, m.unit, m.classifier, m.qualifier) for m in figures.extract(text, published_at)
    ]


THOUSANDS = [
    # spaces (half-width, full-width, thin, no-break, narrow no-break) as separators
    ("全年完成投资2 048.6亿元。", [("2 048.6亿元", 204860000000, None, "CNY", None, "exact")]),
    ("累计引进企业3\u3000120家。", [("3\u3000120家", 3120, None, "count", "家", "exact")]),
    ("固定资产投资1\u2009005亿元。", [("1\u2009005亿元", 100500000000, None, "CNY", None, "exact")]),
    ("人均可支配收入61\u00a0236元。", [("61\u00a0236元", 61236, None, "CNY", None, "exact")]),
    ("出口额达7\u202f500万美元。", [("7\u202f500万美元", 75000000, None, "USD", None, "exact")]),
    ("营收迈过12 345 678元。", [("12 345 678元", 12345678, None, "CNY", None, "exact")]),
    ("超过6 000家企业入驻。", [("超过6 000家", 6000, None, "count", "家", "gt")]),
    ("新增就业2 500余人。", [("2 500余人", 2500, None, "count", "人", "gt")]),
    ("装机规模8 200万千瓦。", [("8 200万千瓦", 82000000000, None, "W", None, "exact")]),
    ("游客1 280万人次。", [("1 280万人次", 12800000, None, "count", "人次", "exact")]),
    # ASCII comma groups
    ("总投资1,250亿元。", [("1,250亿元", 125000000000, None, "CNY", None, "exact")]),
    # full-width comma: only right before a scale word, 元 or a decimal part
    ("总投资1，250亿元。", [("1，250亿元", 125000000000, None, "CNY", None, "exact")]),
    ("分别为2，3家。", [("3家", 3, None, "count", "家", "exact")]),
    ("排名第5，120家企业参展。", [("120家", 120, None, "count", "家", "exact")]),
    # never across more than three digits in a group, never a year
    ("2019 2020年，新增项目8个。", [("8个", 8, None, "count", "个", "exact")]),
    ("编号12 3456件。", [("3456件", 3456, None, "count", "件", "exact")]),
]


@pytest.mark.parametrize("text,want", THOUSANDS)
def test_thousands_separators(text, want):
    assert _figs(text) == want


DETACHED = [
    ("人才团队最高可申请300万元资助。", "lte"),
    ("对重点企业最高奖励500万元。", "lte"),
    ("单户企业最多补贴20万元。", "lte"),
    ("不超过项目总投资30%。", "lte"),
    ("配储比例不低于装机规模15%。", "gte"),
    ("至少新建充电桩2000个。", "gte"),
    ("不少于总面积的20%。", "gte"),
    ("约占全省工业总产值的四分之一。", "approx"),
    ("近占全国市场份额的一半。", "approx"),
    # not a bound: a comparison of two figures, or a word that starts with the qualifier
    ("高于全省平均水平1.5个百分点。", "exact"),
    ("最高峰时日均客流12万人次。", "exact"),
    ("超算中心总投资18亿元。", "exact"),
    ("近年来园区营收达50亿元。", "exact"),
    ("通过技改节约了12%的能耗。", "exact"),
    ("最近有30家企业签约。", "exact"),
    # a clause break ends the reach of the word
    ("最高标准执行，补贴300万元。", "exact"),
    ("起始价不低于所在地土地等别对应最低价标准的70%。", "gte"),
    # a superlative (最多的, 最高的) is no bound
    ("企业数量最多的城市有500家。", "exact"),
    ("最多的补贴为200万元。", "exact"),
]


@pytest.mark.parametrize("text,qualifier", DETACHED)
def test_detached_qualifier(text, qualifier):
    got = figures.extract(text)
    assert len(got) == 1 and got[0].qualifier == qualifier, got


RELATIVE_PERIODS = [
    # (text, published_at, periods)
    ("到2030年，规模达到1万亿元。今年1-3月，签约项目12个。", "2024-05-06", ["2030", "2024-01/2024-03"]),
    ("到2030年，规模达到1万亿元。今年一季度，签约项目12个。", "2024-05-06", ["2030", "2024-01/2024-03"]),
    ("去年前三季度，工业增加值增长5%。", "2024-05-06", ["2023-01/2023-09"]),
    ("今年以来，新增企业300家。", "2024-05-06", ["2024-01/2024-05"]),
    ("今年以来，新增企业300家。", None, [None]),
    ("去年以来，新增企业300家。", "2024-05-06", ["2023/2024"]),
    ("截至去年底，全市共有企业3000余家。", "2024-05-06", ["2023"]),
    ("截至今年6月末，贷款余额1.2万亿元。", "2024-08-06", ["2024-06"]),
    ("2012年建区以来，累计投资800亿元。", "2024-05-06", ["2012/2024"]),
    ("自2019年挂牌运营以来，引进项目120个。", "2024-05-06", ["2019/2024"]),
    # 今年 binds its months: later bare months take 今年's year, not an earlier one
    ("到2030年建成。今年3月，新增企业20家。", "2024-05-06", ["2024-03"]),
    # a baseline year (比上年同期) sets no year for the months that follow
    (
        "今年前三季度增长5%，比上年同期提高1个百分点。1-8月，出口增长3%。",
        "2024-10-20",
        ["2024-01/2024-09", "2024-01/2024-09", "2024-01/2024-08"],
    ),
    ("截至上年末，贷款余额突破2万亿元。", "2024-06-10", ["2023"]),
    ("今年二季度，新增市场主体3.2万户。", "2024-08-10", ["2024-04/2024-06"]),
    ("“十四五”以来，累计建成基站8.6万个。", "2024-06-10", ["2021/2024"]),
    ("十四五期间投资100亿元。", "2024-06-10", ["2021/2025"]),
    # 后年/上年/前年 inside other words are no relative years
    ("项目建成后年产值可达100亿元以上。", "2024-06-10", [None]),
    ("规模以上年营收增长5%。", "2024-06-10", [None]),
    ("后年将新增企业20家。", "2024-06-10", ["2026"]),
    # a target year after publication does not anchor reported months
    ("到2027年，占比达到12%。\n1—10月，利润总额1 234.5亿元。", "2024-11-20", ["2027", "2024-01/2024-10"]),
    # ... a past year does
    ("2023年经济运行平稳。1-10月，利润总额500亿元。", "2024-11-20", ["2023-01/2023-10"]),
    ("上月，全市新登记企业2 356户。", "2024-01-20", ["2023-12"]),
    ("本月以来，签约项目15个。", "2024-03-20", ["2024-03"]),
    ("上个月以来，签约项目15个。", "2024-03-20", ["2024-02/2024-03"]),
    ("规模以上月均收入增长5%。", "2024-03-20", [None]),
    # 去年同期 is what a figure is compared with, not its period
    ("销售额达到去年同期的2倍。", "2024-06-10", [None]),
    # a headline's period holds for figures that state none (a bulletin)
    (
        "2024年上半年全市经济运行情况\n\n全市GDP增长5%。\n\n工业投资增长8%。",
        None,
        ["2024-01/2024-06", "2024-01/2024-06"],
    ),
    # ... but not a first line that is a sentence or too long to be a headline
    # (a level; a change, 增长8%, carries the period the text last spoke of)
    ("2024年上半年，全市GDP增长5%。\n\n工业投资80亿元。", None, ["2024-01/2024-06", None]),
    ("2024年上半年，全市GDP增长5%。\n\n工业投资增长8%。", None, ["2024-01/2024-06", "2024-01/2024-06"]),
]


@pytest.mark.parametrize("text,published_at,periods", RELATIVE_PERIODS)
def test_relative_periods(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


RATE_RANGES = [
    ("月租金每平方米30元到45元。", [("每平方米30元到45元", 30, 45, "CNY/m2", None, "range")]),
    ("收费标准为每吨80元至120元。", [("每吨80元至120元", 0.08, 0.12, "CNY/kg", None, "range")]),
    ("收购价3元至5元/公斤。", [("3元至5元/公斤", 3, 5, "CNY/kg", None, "range")]),
    (
        "租金每平方米40元，另收50元押金。",
        [("每平方米40元", 40, None, "CNY/m2", None, "exact"), ("50元", 50, None, "CNY", None, "exact")],
    ),
]


@pytest.mark.parametrize("text,want", RATE_RANGES)
def test_rate_shared_by_range(text, want):
    assert _figs(text) == want


VAGUE = [
    ("园区聚集了上百家企业。", [("上百家", 100, None, "count", "家", "approx")]),
    ("带动上万人就业。", [("上万人", 10000, None, "count", "人", "approx")]),
    ("吸引上千亿元投资。", [("上千亿元", 100000000000, None, "CNY", None, "approx")]),
    ("产值首次迈上千亿元台阶。", [("千亿元", 100000000000, None, "CNY", None, "exact")]),
    ("以上10家企业获奖。", [("10家", 10, None, "count", "家", "exact")]),
    ("线上千人大会召开。", []),
    ("网上千余家商户参与。", [("千余家", 1000, None, "count", "家", "gt")]),
    ("出口额为1，234，567元。", [("1，234，567元", 1234567, None, "CNY", None, "exact")]),
    ("引进三四十家配套企业。", [("三四十家", 30, 40, "count", "家", "range")]),
    ("每年举办七八场活动。", [("七八场", 7, 8, "count", "场", "range")]),
    ("投入两三百万元。", [("两三百万元", 2000000, 3000000, "CNY", None, "range")]),
    ("人口自然增长率下降0.3个千分点。", [("0.3个千分点", 0.3, None, "千分点", None, "exact")]),
    ("平均0.5个。", []),
    ("七八成企业已复工。", [("七八成", 70, 80, "percent", None, "range")]),
    ("单位万元GDP能耗下降3%。", [("3%", 3, None, "percent", None, "exact")]),
    ("万元产值能耗下降2%。", [("2%", 2, None, "percent", None, "exact")]),
    ("三五成群。", []),
    ("一二期项目已投产。", []),
    ("经济总量翻一番。", [("翻一番", 2, None, "times", None, "exact")]),
    ("十年间收入翻了两番。", [("翻了两番", 4, None, "times", None, "exact")]),
    ("35岁以下青年人才。", [("35岁以下", 35, None, "count", "岁", "lte")]),
    ("平均年龄28岁。", [("28岁", 28, None, "count", "岁", "exact")]),
    ("峥嵘岁月。", []),
    ("按1:1比例配套资金。", []),
    ("产教比例为1∶3∶6。", []),
    ("牢固树立四个意识，做到两个维护。", []),
    ("建成四个项目。", [("四个", 4, None, "count", "个", "exact")]),
]


@pytest.mark.parametrize("text,want", VAGUE)
def test_vague_forms_ages_ratios_slogans(text, want):
    assert _figs(text) == want


@pytest.mark.parametrize(
    "text,want",
    [
        ("三四十", (30, 40, "十")),
        ("七八", (7, 8, "")),
        ("两三百万", (2000000, 3000000, "百万")),
        ("三五", None),
        ("一二", None),
        ("四三", None),
        ("十三五", None),
    ],
)
def test_adjacent_pair(text, want):
    assert adjacent_pair(text) == want
