"""Unit grammar: canonical units and values, rates, ranges, shared and implied units."""

import pytest

from services.normalize import figures
from services.normalize.units import load, rate


def metrics(text, published_at=None):
    return [(m.text, m.value, m.value_max, m.unit, m.classifier) for m in figures.extract(text, published_at)]


CASES = [
    ("总产业规模达1352亿元。", [("1352亿元", 135_200_000_000, None, "CNY", None)]),
    ("实现产值 3.83 亿元。", [("3.83 亿元", 383_000_000, None, "CNY", None)]),
    (
        "营收１３５２亿元，增长１２．５％。",
        [("１３５２亿元", 135_200_000_000, None, "CNY", None), ("１２．５％", 12.5, None, "percent", None)],
    ),
    ("投资2,500万美元。", [("2,500万美元", 25_000_000, None, "USD", None)]),
    ("融资3亿港元。", [("3亿港元", 300_000_000, None, "HKD", None)]),
    ("增长3.31倍。", [("3.31倍", 3.31, None, "times", None)]),
    ("提高0.7个百分点。", [("0.7个百分点", 0.7, None, "percentage_point", None)]),
    ("拥有4万名员工。", [("4万名", 40_000, None, "count", "名")]),
    ("认定三批。", [("三批", 3, None, "count", "批")]),
    ("累计3.5亿人次。", [("3.5亿人次", 350_000_000, None, "count", "人次")]),
    ("规划用地65 公顷。", [("65 公顷", 650_000, None, "m2", None)]),
    ("建筑面积95 万平方米。", [("95 万平方米", 950_000, None, "m2", None)]),
    ("相距200公里。", [("200公里", 200_000, None, "m", None)]),
    ("市场近3000万吨。", [("近3000万吨", 30_000_000_000, None, "kg", None)]),
    ("容量120GWh。", [("120GWh", 120_000_000_000, None, "Wh", None)]),
    ("装机300万千瓦。", [("300万千瓦", 3_000_000_000, None, "W", None)]),
    ("服务约8万小时。", [("约8万小时", 80_000, None, "hour", None)]),
    ("历时6个月。", [("6个月", 6, None, "month", None)]),
    # rates
    ("产能15万吨／年。", [("15万吨／年", 150_000_000, None, "kg/year", None)]),
    ("均价7.5万元/平方米。", [("7.5万元/平方米", 75_000, None, "CNY/m2", None)]),
    ("速度每小时200公里。", [("每小时200公里", 200_000, None, "m/hour", None)]),
    ("产能3.2万辆/年。", [("3.2万辆/年", 32_000, None, "count/year", "辆")]),
    ("价格为每吨3000元。", [("每吨3000元", 3, None, "CNY/kg", None)]),
    # ranges
    ("补贴3万到5万元。", [("3万到5万元", 30_000, 50_000, "CNY", None)]),
    ("补贴3-5万元。", [("3-5万元", 30_000, 50_000, "CNY", None)]),
    ("增长2-3倍。", [("2-3倍", 2, 3, "times", None)]),
    ("培育1-2个集群。", [("1-2个", 1, 2, "count", "个")]),
    ("增速5%-10%。", [("5%-10%", 5, 10, "percent", None)]),
    # shared and implied units
    (
        "分别跨越2万、3万亿元。",
        [("2万", 2_000_000_000_000, None, "CNY", None), ("3万亿元", 3_000_000_000_000, None, "CNY", None)],
    ),
    (
        "分别为5000万、1.2亿元。",
        [("5000万", 50_000_000, None, "CNY", None), ("1.2亿元", 120_000_000, None, "CNY", None)],
    ),
    ("分别新增30、40家。", [("30", 30, None, "count", "家"), ("40家", 40, None, "count", "家")]),
    (
        "全市GDP为1.14万亿,增长8%。",
        [("1.14万亿", 1_140_000_000_000, None, "CNY", None), ("8%", 8, None, "percent", None)],
    ),
    ("人口1000万。", []),
    # fractions and shares
    ("约占全国1/9。", [("1/9", 100 / 9, None, "percent", None)]),
    ("占3/5。", [("3/5", 60, None, "percent", None)]),
    ("约占三分之一。", [("三分之一", 100 / 3, None, "percent", None)]),
    ("百分之三十五的企业。", [("百分之三十五", 35, None, "percent", None)]),
    ("近四成企业。", [("近四成", 40, None, "percent", None)]),
    ("一半以上来自长三角。", [("一半以上", 50, None, "percent", None)]),
    ("半数企业。", [("半数", 50, None, "percent", None)]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_unit_grammar(text, expected):
    got = metrics(text)
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[1] == pytest.approx(e[1])
        assert g[2:] == e[2:]


def test_offsets_hold():
    text = "截至2022年,该产业集群总产业规模达1352亿元,约占全国1/9,超2200家企业。"
    for m in figures.extract(text):
        assert text[m.start : m.end] == m.text


def test_rate_canonicalises_denominator():
    table = load()
    assert rate(table["元"], "吨") == ("CNY/kg", 0.001)
    assert rate(table["辆"], "年") == ("count/year", 1.0)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("吞吐量达4000万标箱。", [("4000万标箱", 40_000_000, None, "标箱", None)]),
        ("交付100台套设备。", [("100台套", 100, None, "count", "台套")]),
        ("油价80美元/桶。", [("80美元/桶", 80, None, "USD/桶", None)]),
        ("电价0.5元/千瓦时。", [("0.5元/千瓦时", 0.0005, None, "CNY/Wh", None)]),
        ("时速350公里/小时。", [("350公里/小时", 350_000, None, "m/hour", None)]),
        ("装机5kW,储能3MWh。", [("5kW", 5_000, None, "W", None), ("3MWh", 3_000_000, None, "Wh", None)]),
        ("建成5千米。", [("5千米", 5_000, None, "m", None)]),
        ("逾千家企业。", [("逾千家", 1_000, None, "count", "家")]),
        ("3千多家企业。", [("3千多家", 3_000, None, "count", "家")]),
        ("两万余人。", [("两万余人", 20_000, None, "count", "人")]),
    ],
)
def test_more_units(text, expected):
    got = metrics(text)
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[1] == pytest.approx(e[1])
        assert g[2:] == e[2:]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("用户规模达3亿。", []),
        ("人口规模1000万。", []),
        ("产业规模1.2万亿。", [("1.2万亿", 1_200_000_000_000, None, "CNY", None)]),
    ],
)
def test_implied_money_needs_a_money_clause(text, expected):
    assert metrics(text) == expected


def test_implied_money_is_decided_per_clause():
    got = metrics("用户规模达3亿,产业规模1.2万亿,GDP为1.14万亿。")
    assert [g[0] for g in got] == ["1.2万亿", "1.14万亿"]


# Classifiers beyond the contract's examples, and the words they start that are no count.
@pytest.mark.parametrize(
    "text,expected",
    [
        ("公司拟发行不超过1.2亿股。", [("不超过1.2亿股", 120_000_000, None, "count", "股")]),
        ("回购股份300万股。", [("300万股", 3_000_000, None, "count", "股")]),
        ("全国动车组超过2.5万列。", [("超过2.5万列", 25_000, None, "count", "列")]),
        ("开行中欧班列1.7万列。", [("1.7万列", 17_000, None, "count", "列")]),
        ("年产皮鞋300万双。", [("300万双", 3_000_000, None, "count", "双")]),
        ("新建公交线路12条,开行班车30趟。", [("12条", 12, None, "count", "条"), ("30趟", 30, None, "count", "趟")]),
        ("更换路灯2000盏。", [("2000盏", 2_000, None, "count", "盏")]),
        ("交付船舶5艘、飞机3架。", [("5艘", 5, None, "count", "艘"), ("3架", 3, None, "count", "架")]),
        ("报告长达120页。", [("120页", 120, None, "count", "页")]),
        ("共5页 上一页 1 2 下一页", []),  # a pager stays debris
        # 股份, 股东, 列入, 节能, 双创: not classifiers here
        ("3股东共同出资。", []),
        ("每10股派发现金红利2元。", [("2元", 2, None, "CNY", None)]),  # 10股 is the ratio's base
        ("5列入省级名单。", []),
        ("前5节能产品。", []),
        ("建成3双创基地。", []),
    ],
)
def test_more_classifiers(text, expected):
    got = metrics(text)
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[1] == pytest.approx(e[1])
        assert g[2:] == e[2:]


def _check(got, expected):
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[1] == pytest.approx(e[1])
        assert g[2:] == e[2:]


# Per mille: the contract converts only % and 百分之X to percent; ‰ and 千分之X
# are a unit of their own, kept as written with the value as written.
@pytest.mark.parametrize(
    "text,expected",
    [
        ("人口出生率为11.05‰。", [("11.05‰", 11.05, None, "‰", None)]),
        (
            "自然增长率0.6‰,比上年下降0.3个千分点。",
            [("0.6‰", 0.6, None, "‰", None), ("0.3个千分点", 0.3, None, "千分点", None)],
        ),
        ("不良率控制在1.5‰以内。", [("1.5‰以内", 1.5, None, "‰", None)]),
        ("死亡率约为千分之七。", [("约为千分之七", 7, None, "‰", None)]),
        ("按千分之2.5的比例计提。", [("千分之2.5", 2.5, None, "‰", None)]),
        ("下降3‰-5‰。", [("3‰-5‰", 3, 5, "‰", None)]),
        # percent stays percent
        ("百分之五的企业。", [("百分之五", 5, None, "percent", None)]),
        ("增长12.5%。", [("12.5%", 12.5, None, "percent", None)]),
    ],
)
def test_per_mille_is_kept_as_written(text, expected):
    _check(metrics(text), expected)


# Count classifiers beyond the contract's examples (orders, trips, doses,
# wells, fish, poultry, compound "times" classifiers), and the words they start
# that are no count. 标箱/标准箱 are units kept as written, 亩 an area kept as written.
@pytest.mark.parametrize(
    "text,expected",
    [
        ("平台订单突破60万单。", [("突破60万单", 600_000, None, "count", "单")]),
        ("日均处理快递800余单。", [("800余单", 800, None, "count", "单")]),
        ("每周开行国际航班120班。", [("120班", 120, None, "count", "班")]),
        ("运送旅客1.2万班次。", [("1.2万班次", 12_000, None, "count", "班次")]),
        ("完成远洋运输85航次。", [("85航次", 85, None, "count", "航次")]),
        (
            "累计接种疫苗3亿剂次,储备50万剂。",
            [("3亿剂次", 300_000_000, None, "count", "剂次"), ("50万剂", 500_000, None, "count", "剂")],
        ),
        ("新钻油井12口。", [("12口", 12, None, "count", "口")]),
        (
            "放流鱼苗200万尾,出栏肉鸡300万羽。",
            [("200万尾", 2_000_000, None, "count", "尾"), ("300万羽", 3_000_000, None, "count", "羽")],
        ),
        (
            "举办活动30场次,抽检600批次,处理2万件次,检测500台次。",
            [
                ("30场次", 30, None, "count", "场次"),
                ("600批次", 600, None, "count", "批次"),
                ("2万件次", 20_000, None, "count", "件次"),
                ("500台次", 500, None, "count", "台次"),
            ],
        ),
        ("吞吐量300万标准箱。", [("300万标准箱", 3_000_000, None, "标准箱", None)]),
        ("种植水稻500亩。", [("500亩", 500, None, "亩", None)]),
        ("客单价35元/单。", [("35元/单", 35, None, "CNY/单", None)]),
        # words these classifiers start: no count
        ("全市10单位参加。", []),
        ("3单元楼。", []),
        ("5班子成员。", []),
        ("共3口岸开放。", []),
        ("5剂量组。", []),
        ("3口之家。", []),
        ("第一单", []),
    ],
)
def test_more_count_classifiers(text, expected):
    _check(metrics(text), expected)


# Physical units written as SI symbols, alone and over any canonical
# denominator (EXTRACTION.md, rates row): canonical X / canonical Y, the value
# per one Y in canonical X; ranges with -, —, –, ～, ~, 至 and 到.
@pytest.mark.parametrize(
    "text,expected",
    [
        ("能量密度达到280—300Wh/kg。", [("280—300Wh/kg", 280, 300, "Wh/kg", None)]),
        ("能量密度400Wh/kg以上。", [("400Wh/kg以上", 400, None, "Wh/kg", None)]),
        ("电芯能量密度280–300 Wh/kg。", [("280–300 Wh/kg", 280, 300, "Wh/kg", None)]),
        ("能量密度250～280Wh/kg。", [("250～280Wh/kg", 250, 280, "Wh/kg", None)]),
        ("能量密度从180至220Wh/kg。", [("180至220Wh/kg", 180, 220, "Wh/kg", None)]),
        ("吨钢综合能耗0.5kWh/t。", [("0.5kWh/t", 0.5, None, "Wh/kg", None)]),
        ("峰值功率密度1000W/m2。", [("1000W/m2", 1000, None, "W/m2", None)]),
        ("设计时速350km/h。", [("350km/h", 350_000, None, "m/hour", None)]),
        ("风速12m/s。", [("12m/s", 12, None, "m/second", None)]),
        ("供电煤耗300g/kWh。", [("300g/kWh", 0.0003, None, "kg/Wh", None)]),
        ("产能10万t/a。", [("10万t/a", 100_000_000, None, "kg/year", None)]),
        (
            "组件价格1.2元/W,储能系统0.8元/Wh。",
            [("1.2元/W", 1.2, None, "CNY/W", None), ("0.8元/Wh", 0.8, None, "CNY/Wh", None)],
        ),
        ("光伏组件价格每瓦1.2元。", [("每瓦1.2元", 1.2, None, "CNY/W", None)]),
        ("单体电池容量280Ah。", [("280Ah", 280, None, "Ah", None)]),
        (
            "新增装机3.5GW,年发电量50亿kWh。",
            [("3.5GW", 3_500_000_000, None, "W", None), ("50亿kWh", 5_000_000_000_000, None, "Wh", None)],
        ),
        ("日处理污水5万m3。", [("5万m3", 50_000, None, "m3", None)]),
        ("PM2.5平均浓度35μg/m3。", [("35μg/m3", 35e-9, None, "kg/m3", None)]),
        ("每片含药50毫克。", [("50毫克", 50e-6, None, "kg", None)]),
        # a symbol glued to a name or a model is no unit (5G, 700M), nor a one-letter
        # symbol glued to a Chinese noun (5g手机, 10t货车), nor a letter run (5min)
        ("建成5G基站2000个。", [("2000个", 2000, None, "count", "个")]),
        ("发布5g手机。", []),
        ("购置10t货车。", []),
        ("每5min采样一次。", []),
        ("高度约5m左右。", [("约5m左右", 5, None, "m", None)]),
    ],
)
def test_si_symbols_and_rates(text, expected):
    _check(metrics(text), expected)


# Rates with two denominators (EXTRACTION.md rates row, applied twice):
# canonical X / canonical Y1 / canonical Y2, the value per one of each;
# a time denominator goes last whatever the written order (元/平方米·月 and
# 每月每平方米 are both CNY/m2/month), a compound 吨·公里 is per kg per m.
@pytest.mark.parametrize(
    "text,expected",
    [
        ("租金每平方米每月12元。", [("每平方米每月12元", 12, None, "CNY/m2/month", None)]),
        ("租金12元/平方米/月。", [("12元/平方米/月", 12, None, "CNY/m2/month", None)]),
        ("租金30元/平方米·月。", [("30元/平方米·月", 30, None, "CNY/m2/month", None)]),
        ("租金每月每平方米25元。", [("每月每平方米25元", 25, None, "CNY/m2/month", None)]),
        ("月租每平方米每天1.5元。", [("每平方米每天1.5元", 1.5, None, "CNY/m2/day", None)]),
        ("租金45元/㎡/月左右。", [("45元/㎡/月左右", 45, None, "CNY/m2/month", None)]),
        ("运价0.3元/吨·公里。", [("0.3元/吨·公里", 0.3e-6, None, "CNY/kg/m", None)]),
        ("运价每吨公里0.25元。", [("每吨公里0.25元", 0.25e-6, None, "CNY/kg/m", None)]),
        ("租金每平方米每月10元到15元。", [("每平方米每月10元到15元", 10, 15, "CNY/m2/month", None)]),
        # one denominator stays as it was
        ("租金每月12元。", [("每月12元", 12, None, "CNY/month", None)]),
        ("均价7.5万元/平方米。", [("7.5万元/平方米", 75_000, None, "CNY/m2", None)]),
    ],
)
def test_two_denominators(text, expected):
    _check(metrics(text), expected)


# Traditional market units (斤, 市斤, 担, 两) are kept as written like 亩: the
# contract's mass row lists only 克/公斤/吨/万吨 ("anything else with a unit: as
# written"). Whatever the convention, a figure with one must never vanish.
@pytest.mark.parametrize(
    "text,expected",
    [
        ("收购价每斤8元。", [("每斤8元", 8, None, "CNY/斤", "exact")]),
        ("鲜果售价4.5元/斤。", [("4.5元/斤", 4.5, None, "CNY/斤", "exact")]),
        ("全村年产茶叶3.6万斤。", [("3.6万斤", 36_000, None, "斤", "exact")]),
        ("粮食总产量稳定在46亿斤以上。", [("46亿斤以上", 4_600_000_000, None, "斤", "gte")]),
        ("合作社去年卖出1万多斤。", [("1万多斤", 10_000, None, "斤", "gt")]),
        ("亩产达1200市斤。", [("1200市斤", 1200, None, "斤", "exact")]),
        ("交售稻谷50担。", [("50担", 50, None, "担", "exact")]),
        ("称了茶叶3两。", [("3两", 3, None, "两", "exact")]),
        # 两 after a Chinese numeral is the numeral two, 担 before 任/保 a verb
        ("只有三两家企业。", []),
        ("由5担任组长。", []),
    ],
)
def test_market_units_kept_as_written(text, expected):
    # (text, value, value_max, unit, qualifier)
    _check([(m.text, m.value, m.value_max, m.unit, m.qualifier) for m in figures.extract(text)], expected)


# A rate written before its figure with words between: 每 + a denominator
# governs the next figure of its clause (EXTRACTION.md rates row). Bounded:
# same clause, a short gap with no other figure; 每年/每月 before a verb
# phrase tell how often a programme recurs and leave the amount plain.
@pytest.mark.parametrize(
    "text,expected",
    [
        ("改良后每公斤能多卖1元到2元。", [("1元到2元", 1, 2, "CNY/kg", "range")]),
        ("旺季每天发出快递包裹约3万件。", [("约3万件", 30_000, None, "count/day", "approx")]),
        ("保险每亩最高赔付2000元。", [("2000元", 2000, None, "CNY/亩", "lte")]),
        ("每斤收购价比往年高了0.5元左右。", [("0.5元左右", 0.5, None, "CNY/斤", "approx")]),
        ("每吨运费可节省120元。", [("120元", 0.12, None, "CNY/kg", "exact")]),
        ("每小时最高可处理800件。", [("800件", 800, None, "count/hour", "lte")]),
        ("每年约3000万元。", [("每年约3000万元", 30_000_000, None, "CNY/year", "approx")]),
        # bounded: another clause, a figure between, a long gap, a percent
        ("每公斤售价上涨，全年增收2万元。", [("2万元", 20_000, None, "CNY", "exact")]),
        (
            "每亩产量500公斤，产值3000元。",
            [("500公斤", 500, None, "kg/亩", "exact"), ("3000元", 3000, None, "CNY", "exact")],
        ),
        ("每天在园区里忙着培训新来的员工和来访的客户共30人。", [("30人", 30, None, "count", "exact")]),
        ("每公斤价格上涨幅度达到了21.9%。", [("21.9%", 21.9, None, "percent", "exact")]),
        # 每年/每月 before a verb phrase: a recurring programme, the amount plain
        ("每年组织实施重点研发项目10个以上。", [("10个以上", 10, None, "count", "gte")]),
        ("每年补贴最多不超过200万元。", [("不超过200万元", 2_000_000, None, "CNY", "lte")]),
    ],
)
def test_rate_written_before_with_words_between(text, expected):
    _check([(m.text, m.value, m.value_max, m.unit, m.qualifier) for m in figures.extract(text)], expected)
