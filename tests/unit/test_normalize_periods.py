"""Period attribution and relative time resolution."""

import pytest

from services.normalize import figures
from services.normalize.numbers import fold
from services.normalize.periods import find_times

CASES = [
    # text, published_at, period of the (only or listed) figure
    ("截至2023年2月,全国共有创新型产业集群193家。", None, ["2023-02"]),
    ("截至2022年,总产业规模达1352亿元。", None, ["2022"]),
    ("截至2022年底,全市共有企业3000余家。", None, ["2022"]),
    # written with 年 twice, the shared seed gold labels it the year
    ("截至2021年年底,千亿元级的产业集群仅有20家。", None, ["2021"]),
    ("2023年4月15日,签约项目12个。", None, ["2023-04-15"]),
    ("到2025年,产业规模将突破5000亿元。", None, ["2025"]),
    ("十三五期间,累计投资超过1000亿元。", None, ["2016/2020"]),
    ("2018年以来,年均增幅达9.26%。", "2024-11-24", ["2018/2024"]),
    ("2018年以来,年均增幅达9.26%。", None, ["2018/"]),
    ("从2016年起,先后建成两座基地。", "2024-11-24", ["2016/2024"]),
    ("前三季度,增加值增长6.5%。", "2021-12-01", ["2021-01/2021-09"]),
    ("今年1-11月,进出口总额达2.1万亿元。", "2021-12-20", ["2021-01/2021-11"]),
    ("2022年一季度,营收12亿元。", None, ["2022-01/2022-03"]),
    ("今年上半年,营收12亿元。", "2022-08-01", ["2022-01/2022-06"]),
    ("今年上半年,营收12亿元。", None, [None]),
    ("去年7月,新增企业500家。", "2021-03-01", ["2020-07"]),
    ("去年新增企业500家。", "2021-03-01", ["2020"]),
    ("明年将新增企业500家。", "2021-03-01", ["2022"]),
    ("1997-2017 年,生产总值从 3.83 亿元增加到 141.27 亿元,生物产业贡献达 80%。", None, ["1997", "2017", "1997/2017"]),
    ("2023年,申领企业2377家,分别较2021年增长6.3倍。", None, ["2023", "2023"]),
    ("全国共有193家。", "2021-03-01", [None]),
]


@pytest.mark.parametrize("text,published_at,periods", CASES)
def test_period(text, published_at, periods):
    got = figures.extract(text, published_at)
    assert [m.period for m in got] == periods


def test_published_year_fallback_from_dateline():
    text = "标题\n发布时间:2024-11-24 09:36:50\n2018年以来,年均增幅达9.26%。"
    assert [m.period for m in figures.extract(text, None)] == ["2018/2024"]


def test_period_carries_within_paragraph_not_across():
    # (a year after 截至: a year opening its sentence, 2022年,…, would go on, see below)
    text = "截至2022年,集群企业100余家。其中高新技术企业26家。\n另有企业22家。"
    assert [m.period for m in figures.extract(text)] == ["2022", "2022", None]


def test_find_times_offsets():
    text = "截至２０２３年２月，共有"
    t = find_times(fold(text), None)[0]
    assert text[t.start : t.end] == "２０２３年２月" and t.period == "2023-02"


@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        ("截至6月末,存款余额3.2万亿元。", "2021-08-01", ["2021-06"]),
        ("2022年,新增企业500家;11月5日,签约项目12个。", None, ["2022", "2022-11-05"]),
        # a plan's term closing its title governs the plan's figures after it
        ("《行动计划(2023-2025年)》提出,建设10个园区。", None, ["2023/2025"]),
        ("《城市发展报告(2023-2025年)》提出,建设10个园区。", None, [None]),
        ("A企业营收500亿元,2023年将达到600亿元。", None, [None, "2023"]),
        ("实现营收500亿元(2022年数据)。", None, ["2022"]),
        ("比上年增长5%。", "2022-03-01", [None]),
    ],
)
def test_period_more(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


# A company report sets the period of the article's figures.
@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        (
            "8月20日,某公司发布2024年半年度报告。报告期内,公司实现营业收入48.65亿元,同比增长12.3%。\n"
            "分业务看,储能业务收入20.1亿元,海外收入5.3亿元。",
            "2024-08-21",
            ["2024-01/2024-06"] * 4,
        ),
        (
            "公司披露2023年年度报告。报告期内,实现净利润3.2亿元。\n从产品看,光伏组件出货量增长30%。",
            "2024-04-01",
            ["2023", "2023"],
        ),
        ("该公司发布2023年年报,全年营收达120亿元。", "2024-03-30", ["2023"]),
        ("公司公布2024年一季报:报告期内营收18亿元。", "2024-04-28", ["2024-01/2024-03"]),
        ("公司发布2024年三季报。报告期内营收56亿元。", "2024-10-28", ["2024-01/2024-09"]),
        ("公司发布2024年中报。报告期末,公司总资产达300亿元。", "2024-08-28", ["2024-06"]),
        # two reports of different periods: no article-wide period
        ("公司发布2023年年报和2024年一季报。\n分业务看,储能收入20亿元。", "2024-04-28", [None]),
        # a paragraph that names another time keeps it
        ("公司发布2024年半年度报告。\n2023年,公司营收80亿元。", "2024-08-21", ["2023"]),
        # no report at all: nothing is carried
        ("某公司召开股东大会。\n分业务看,储能收入20亿元。", "2024-08-21", [None]),
    ],
)
def test_report_period(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        # a section heading states the period for the paragraphs under it
        (
            "公司简介\n一、2024年上半年经营情况\n营业收入48.65亿元,净利润3.1亿元。\n二、研发投入\n研发投入2.3亿元。",
            "2024-08-21",
            ["2024-01/2024-06"] * 3,
        ),
        ("合肥市经济运行简况\n上半年主要指标\n工业增加值增长8.1%。", "2023-07-20", ["2023-01/2023-06"]),
        # a dateline is no heading
        ("正文开始\n发布时间 2024年3月18日\n投资30亿元。", "2024-03-18", [None]),
    ],
)
def test_heading_period(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


# A year that a figure is a multiple or a share of is its baseline, not its period.
@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        ("今年产量是2020年的3倍多,达到120万吨。", "2024-08-20", ["2024", "2024"]),
        ("2023年,出口额为2019年的1.5倍。", None, ["2023"]),
        ("2023年,营收相当于2018年的三分之一。", None, ["2023"]),
        ("2023年,客流恢复到2019年同期的92%。", None, ["2023"]),
        ("2023年,营收比2020年增长45%。", None, ["2023"]),
        ("2023年,与2020年相比,营收增长45%。", None, ["2023"]),
        ("营收相当于2018年水平的2倍。", None, [None]),
        # 2023年的 followed by a noun is the period itself
        ("2023年的营收为80亿元。", None, ["2023"]),
        # a percentage followed by the size of a change it is (降幅, 增幅) is the year's own
        ("1月降幅31.9%,仅次于2023年1月的41%降幅。", "2025-02-11", ["2025-01", "2023-01"]),
    ],
)
def test_baseline_year_is_not_the_period(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        ("到2025年底,全市将建成5G基站2万个。", None, ["2025"]),
        ("截至2023年末,累计建成基站1.2万个。", None, ["2023"]),
        ("2025年底前完成投资30亿元。", None, ["2025"]),
        ("到2025年,产值达100亿元;年底前新增企业20家。", "2024-03-01", ["2025", "2025"]),
        ("年底前完成投资30亿元。", "2024-03-01", ["2024"]),
        ("每年年底考核,奖励50万元。", "2024-03-01", [None]),
        ("截至去年底,聚集市场主体逾20万户。", "2024-03-18", ["2023"]),
    ],
)
def test_year_end(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_cut_sentence_is_no_heading():
    # a sentence cut by a line break is not a heading, though short
    text = "导语\n截至2023年,全区共有企业\n另有高新技术企业500家。"
    assert [m.period for m in figures.extract(text, "2024-03-18")] == [None]


def test_news_report_is_no_company_report():
    # 2023年报道 is a news story of that year, not an annual report
    text = "据2023年报道,该市新增企业100家。\n分业务看,储能收入20亿元。"
    assert [m.period for m in figures.extract(text, "2024-03-18")] == ["2023", None]


@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        (
            "公司昨日披露半年报。报告期内,营收48.65亿元。\n分产品看,电池收入20亿元。",
            "2024-08-28",
            ["2024-01/2024-06", "2024-01/2024-06"],
        ),
        ("三季报显示,公司营收56亿元。", "2024-10-30", ["2024-01/2024-09"]),
        ("企业年报公示率达90%。", "2024-06-30", [None]),
    ],
)
def test_report_without_year(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


# An established report period (2024年年度报告, 2024年业绩, 2024年全年) holds for
# later figures that name no time of their own (not in their sentence, their
# paragraph before them, nor a heading after it), until another is set; a
# plain year does not establish one (the contract: null when the text gives none).
_RESULTS = (
    "某公司发布年度业绩 营收创新高\n"
    "3月27日晚，某半导体股份有限公司发布{report}。2024年，公司实现营业收入156.3亿元。\n"
    "分业务看，汽车电子收入为38.5亿元。海外业务实现收入4.6亿美元。公司预计2025年研发投入继续增长。\n"
    "车规级芯片出货量达4.2亿颗。"
)


@pytest.mark.parametrize("report", ["2024年年度报告", "2024年业绩", "2024年度业绩快报", "2024年全年业绩"])
def test_established_report_period_is_inherited(report):
    text = _RESULTS.format(report=report)
    assert [m.period for m in figures.extract(text, "2025-03-28")] == ["2024"] * 4


@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        # a plain year inside a sentence establishes nothing: the paragraph with a later time keeps null
        (
            "某公司召开会议。公司2024年营收156.3亿元。\n分业务看,储能收入38.5亿元,2025年将扩产。",
            "2025-03-28",
            ["2024", None],
        ),
        # 2024年全年 establishes the year
        (
            "2024年全年,全市地区生产总值8000亿元。\n其中,工业增加值2600亿元,2025年目标增长6%。",
            "2025-01-20",
            ["2024", "2024", "2025"],
        ),
        # another report set later takes over
        (
            "公司发布2024年年报。\n海外收入4.6亿美元。\n公司同日发布2025年一季报。\n海外收入1.3亿美元。",
            "2025-04-28",
            ["2024", "2025-01/2025-03"],
        ),
        # a section heading after the report sets the time for what is under it
        (
            "公司发布2024年年报。营收120亿元。\n2025年经营计划\n新增产能10万片,研发投入8亿元。",
            "2025-03-28",
            ["2024", "2025", "2025"],
        ),
        # a figure before the report in a paragraph with a time of its own inherits nothing
        ("行业规模达5000亿元,2023年增速放缓。\n公司发布2024年年报,营收120亿元。", "2025-03-28", [None, "2024"]),
    ],
)
def test_established_period_bounds(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


# 全年 alone: the year named earlier in its sentence, else the established
# report year, else the publication's (the year before when read in a year's
# first months with no target in its sentence: see
# test_a_full_year_no_text_names_is_relative_to_the_publication);
# 上年全年 and 2024年全年 are read as before.
@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        ("公司发布2024年年报。\n从产品看,8英寸产线全年满产运行,月产能稳定在6万片左右。", "2025-03-28", ["2024"]),
        ("公司发布2024年年报。\n全年车规级芯片出货量达4.2亿颗。", "2025-03-28", ["2024"]),
        ("今年计划招引项目50个,力争全年实际到位内资增长10%左右。", "2024-03-18", ["2024", "2024"]),
        ("公司发布2024年年报。\n2025年目标:全年营收增长10%。", "2025-03-28", ["2025"]),
        ("力争全年新增企业500家。", "2024-03-18", ["2024"]),
        ("今年1-10月增长16.5%,比上年全年加快3.2个百分点。", "2024-11-20", ["2024-01/2024-10", "2024-01/2024-10"]),
        ("全年龄段用户超过3000万人。", "2024-03-18", [None]),
    ],
)
def test_full_year(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_whole_year_heading_governs_the_section():
    text = "公司简介\n2024年全年经营情况\n营业收入48.65亿元,净利润3.1亿元。"
    assert [m.period for m in figures.extract(text, "2025-03-01")] == ["2024", "2024"]


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # 去年以来 in an opening paragraph names no year for a later bare quarter:
        # it is the publication's year's first quarter
        (
            "全市经济延续了去年以来企稳回升态势。\n一季度全市实现地区生产总值626.9亿元。",
            "2017-06-04",
            ["2017-01/2017-03"],
        ),
        # a relative year binds bare months in its own paragraph only
        (
            "去年,全市外贸出口保持增长。1-7月出口额10亿元。\n一季度实现产值5亿元。",
            "2017-06-04",
            ["2016-01/2016-07", "2017-01/2017-03"],
        ),
        # a year written out in a heading carries to the paragraphs under it;
        # in a sentence, to its own paragraph only (test_a_bare_month_takes_the_publications_year)
        ("2015年经济运行情况\n一季度实现产值5亿元。", "2017-06-04", ["2015-01/2015-03"]),
        ("2015年全市经济平稳。\n一季度实现产值5亿元。", "2017-06-04", ["2017-01/2017-03"]),
        # 今年以来 names this year for the months after it
        ("今年以来,永康新增企业210家;1—7月,出口额达到48.5亿元。", "2024-09-06", ["2024-01/2024-09", "2024-01/2024-07"]),
    ],
)
def test_relative_years_bind_within_their_paragraph(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        ("一季度末，全市生猪存栏80.9万头。", "2017-06-01", ["2017-03"]),
        ("2024年上半年末，存款余额10亿元。", "2024-08-01", ["2024-06"]),
        ("一季度，产值3亿元。", "2017-06-01", ["2017-01/2017-03"]),
        # the report's name right after the digits (2011半年报)
        (
            "格力电器2010年营收608亿元。格力电器2011半年报显示,公司上半年营收402.39亿元。",
            "2011-08-01",
            ["2010", "2011-01/2011-06"],
        ),
    ],
)
def test_end_of_a_part_and_reports_named_after_digits(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_a_year_on_year_change_takes_the_period_the_text_last_spoke_of():
    text = (
        "2022年上半年，光明区GDP为614.71亿元，同比增长6.3%。\n"
        "分行业看，规模以上专用设备制造业增长24.5%。\n"
        "政府投资同比增长35.9%。\n"
        "园区内企业约300家。"
    )
    got = [(m.text, m.period) for m in figures.extract(text, "2022-08-03")]
    # a change carries the half-year, with 同比 or with its verb right before
    # it (a report's breakdown by sector); a level that is no change does not
    assert got == [
        ("614.71亿元", "2022-01/2022-06"),
        ("6.3%", "2022-01/2022-06"),
        ("24.5%", "2022-01/2022-06"),
        ("35.9%", "2022-01/2022-06"),
        ("约300家", None),
    ]


def test_a_change_verb_not_right_before_the_figure_carries_nothing():
    text = "2022年上半年，GDP为614.71亿元。\n增长的企业有300家。"
    assert [m.period for m in figures.extract(text, "2022-08-03")] == ["2022-01/2022-06", None]


@pytest.mark.parametrize(
    "text,periods",
    [
        # the size of a change from one year to another: the interval
        ("单GW钢材用量从2020年3000吨降至2024年1589吨，降幅47%。", ["2020", "2024", "2020/2024"]),
        ("产值从2018年的50亿元增长到2022年的80亿元，增幅达60%。", ["2018", "2022", "2018/2022"]),
        # a rate of change (年均增长率, 增速) is a size of the change too
        ("出口额从2020年的6.2亿元上升到2023年的28.75亿元，年均增长率近70%。", ["2020", "2023", "2020/2023"]),
        ("产值从2018年的50亿元增长到2022年的80亿元，年均增速12.5%。", ["2018", "2022", "2018/2022"]),
        # not after 从: the last year only
        ("2020年用量3000吨，2024年1589吨，降幅47%。", ["2020", "2024", "2024"]),
        # a time in the figure's own clause governs it
        ("用量从2020年3000吨降至2024年1589吨，2025年降幅5%。", ["2020", "2024", "2025"]),
    ],
)
def test_the_size_of_a_change_between_two_years_holds_for_the_interval(text, periods):
    assert [m.period for m in figures.extract(text, None)] == periods


def test_a_plans_end_is_its_last_year() -> None:
    from services.normalize.figures import extract

    got = [
        (m.text, m.period)
        for m in extract('到"十二五"末，电网将拥有2座特高压变电站；十三五期间新增500家。', "2011-05-10")
    ]
    assert got == [("2座", "2015"), ("500家", "2016/2020")]


def test_the_start_of_a_change_keeps_its_year_and_the_target_its_own() -> None:
    from services.normalize.figures import extract

    got = [(m.text, m.period) for m in extract("到2025年全省制造业比重由2020年的32.7%提高至33.3%左右。", "2021-05-10")]
    assert got == [("32.7%", "2020"), ("33.3%左右", "2025")]
    # a multiple of a year's figure still takes the figure's own year
    assert [m.period for m in extract("2022年产值是2020年的3倍。", "2023-01-01")] == ["2022"]


@pytest.mark.parametrize(
    "text,periods",
    [
        # a baseline year (较2009年同期, 比2016年全年) sets no year for later bare months
        (
            "成交面积较2010年同期下降3.8%，较2009年同期下降54.1%。\n公司前七个月新增项目22个。",
            [None, None, "2011-01/2011-07"],
        ),
        ("一季度，增加值比2016年全年增速高0.3个百分点。一季度末，存栏80.9万头。", ["2011-01/2011-03", "2011-03"]),
        # a year that is no baseline still does
        ("2009年，全市新增项目10个。前七个月新增项目22个。", ["2009", "2009-01/2009-07"]),
    ],
)
def test_a_baseline_year_does_not_anchor_later_bare_months(text, periods):
    assert [m.period for m in figures.extract(text, "2011-08-09")] == periods


@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        # a year's start to now written in that year: its months, as 今年以来
        ("价格从2021年年初至今上涨238%。", "2021-08-29", ["2021-01/2021-08"]),
        ("2021年以来，签约项目15个。", "2021-08-29", ["2021-01/2021-08"]),
        # an earlier year to now stays a span of years
        ("2018年以来，签约项目15个。", "2021-08-29", ["2018/2021"]),
    ],
)
def test_since_the_publications_own_year_is_its_months(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


# Periods the grammar learnt from heldout5's misses (issue #11 item 7).
@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        # a span of days, its year the publication's
        ("上周(1月29日至2月4日)沪深两市共103家公司披露调研。", "2018-02-05", ["2018-01-29/2018-02-04"]),
        # a span of days across the new year, its year written
        ("2017年12月28日至1月3日成交5000亿元。", None, ["2017-12-28/2018-01-03"]),
        # 上周: Monday to Sunday before the publication's week (published on a Wednesday)
        ("上周上证综指下跌2.70%。", "2018-02-07", ["2018-01-29/2018-02-04"]),
        # 上上周 is not 上周
        ("较上上周增加8.42%。", "2018-02-07", [None]),
        # 上周 without a publication day: no period
        ("上周上证综指下跌2.70%。", "2018-02", [None]),
        # 年初以来: this year's months up to the publication
        ("年初以来,种植面积达到3242公顷。", "2017-06-04", ["2017-01/2017-06"]),
        # 今年以内 as 今年以来
        ("今年以内,近50家企业设立产业投资基金。", "2022-07-23", ["2022-01/2022-07"]),
        # 自<year>…至<year>底: the span between the years
        ("自2012年启动至2017年底,签约布局20个项目。", "2018-03-01", ["2012/2017"]),
        # 半年末 after a half-year report: June of the report's year
        ("万科公布了2011年度中期报告。\n半年末已售未结资源达到1022万平方米。", "2011-08-09", ["2011-06"]),
        # a day alone: of the publication's month when not after it
        ("截至22日收盘,总市值突破5.5万亿元。", "2022-07-23", ["2022-07-22"]),
        ("截至25日收盘,总市值突破5.5万亿元。", "2022-07-23", [None]),
        # ... of the month named before it in its sentence
        ("7月20日开盘,22日收盘价为910.5元。", "2022-08-10", ["2022-07-22"]),
        # a count of days is no day
        ("近3日成交5000亿元。", "2022-07-23", [None]),
        # the end of a span of days alone is no day (the month named before holds)
        ("4月的兴安大地。23日至24日,20多个项目集中开工。", "2011-04-25", ["2011-04"]),
        # 通过3年攻坚: the three years from the publication's on
        ("方案提出,通过3年攻坚,亩均税收达到37万元。", "2021-11-05", ["2021/2023"]),
        ("在两年之内建成厂房4栋。", "2017-05-01", ["2017/2018"]),
        # ... not the last years (近3年内)
        ("近3年内新增企业50家。", "2021-11-05", [None]),
        # 从<date>至今: the months from that one to the publication's, carried in the paragraph
        ("从2019年7月22日至今,科创板开市交易。共有439家公司上市。", "2022-07-23", ["2019-07/2022-07"]),
        ("2019年7月以来,新增企业50家。", None, ["2019-07/"]),
        # a figure right after <year>同期: that year's value for the part of the year spoken of
        ("上半年销售金额占比由去年同期的1.86%提高至2.67%。", "2011-08-09", ["2010-01/2010-06", "2011-01/2011-06"]),
        ("上半年,回报率为6.17倍,低于2021年同期18.07倍。", "2022-07-23", ["2022-01/2022-06", "2021-01/2021-06"]),
        # ... and with no part of a year before it, the year before the figure before's
        # (year_before_value: heldout9's labels give 上年同期的 values the year before)
        ("2023年营收50亿元,比上年同期的40亿元增长25%。", "2024-03-01", ["2023", "2022", "2023"]),
    ],
)
def test_period_learnt_from_heldout5(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_a_part_of_a_year_set_inside_a_paragraph_under_a_years_heading_stays_in_its_sentence():
    body = "突出项目引领。建立推进机制，1-11月，677个市重点项目完成投资521.4亿元。争取专项债券项目32个。\n"
    got = [m.period for m in figures.extract("一、2022年工作回顾\n" + body, "2023-02-01")]
    assert got == ["2022-01/2022-11", "2022-01/2022-11", "2022"]
    # without a year's heading it carries on, as in a news story
    assert [m.period for m in figures.extract(body, "2023-02-01")] == ["2023-01/2023-11"] * 3
    # from the paragraph's first sentence it carries on under the heading too
    opened = "一、2022年工作回顾\n1-11月，全市完成投资521.4亿元。争取专项债券项目32个。\n"
    assert [m.period for m in figures.extract(opened, "2023-02-01")] == ["2022-01/2022-11"] * 2


def test_a_value_of_the_same_period_last_year_is_a_year_before_the_figure_before_it():
    text = "公司2024年前9个月营收292.9亿元，较上年同期的268亿元增长9.4%。2024年营收为976.9亿美元，较上年同期的967.7亿美元增长1%。"
    got = [m.period for m in figures.extract(text, "2025-02-01")]
    assert got == ["2024-01/2024-09", "2023-01/2023-09", "2024-01/2024-09", "2024", "2023", "2024"]


def test_a_quarter_written_q4_is_that_quarter():
    text = "公司2024年Q4营业总收入达159.17亿元。Q4公司实现营业利润27.46亿元。奥迪Q4e-tron售价30万元。"
    got = [m.period for m in figures.extract(text, "2025-02-11")]
    assert got[:2] == ["2024-10/2024-12", "2024-10/2024-12"]
    # a model name (Q4e-tron) is no quarter
    assert text.index("Q4e") not in {t.start for t in find_times(fold(text), 2025, 2, 11)}


@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        # a long-past year inside a clause is history: a later bare month is the publication's year
        ("甲交易所在2007年推出的原油期货。\n近月合约成交量7月已升至280万口。", "2018-08-31", ["2018-07"]),
        (
            "1月乘用车生产仅较历史同期高点2018年的230万辆低19万辆。1月豪华品牌生产同比下降17%。",
            "2025-02-11",
            ["2018", "2018", "2025-01"],
        ),
        # a year opening its clause still sets the year of later months
        ("2015年，全市经济平稳。7月实现产值5亿元。", "2018-08-31", ["2015-07"]),
        # a year of the last one or two still does, inside a clause too
        ("甲公司在2017年推出新产品。7月实现产值5亿元。", "2018-08-31", ["2017-07"]),
    ],
)
def test_a_long_past_year_inside_a_clause_does_not_anchor_later_bare_months(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_qimo_is_the_last_month_of_the_part_of_a_year_before_it():
    # a half-year report's 期末 stock holds for June, its 较上年末 change too
    text = "甲集团今年上半年实现净利润13.3亿元；期末资产负债率降至58.98%，较上年末减0.8个百分点。"
    assert [m.period for m in figures.extract(text, "2018-09-01")] == ["2018-01/2018-06", "2018-06", "2018-06"]
    # 本期末 and 学期末 are no such time
    assert [t.kind for t in find_times(fold("本期末余额3亿元"), 2018)] == []


# A bare month or day (1月, 2月12日收盘, 1月4日至7日) is of the year a sentence of its
# own paragraph or a heading above it names, else of the publication's year, or
# of the year before when it would fall after the publication date.
@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # a year named inside an earlier paragraph does not reach a later one
        (
            "很多消费者提早在2024年末完成购车计划。\n1月乘用车生产210.7万辆。",
            "2025-02-11",
            ["2025-01"],
        ),
        (
            "2022年、2023年、2024年,公司分别实现营业利润1188万元、1051万元、544万元。\n2月12日收盘,总市值为65.68亿元。",
            "2025-02-13",
            ["2022", "2023", "2024", "2025-02-12"],
        ),
        (
            "英伟达从2024年中就开始挖脚人才。\n1月2日消息,1月4日至7日,最高立省800元。",
            "2025-01-04",
            ["2025-01-04/2025-01-07"],
        ),
        # in its own paragraph the year still governs
        ("2024年,全市实现产值5亿元。1-11月出口额10亿元。", "2025-02-11", ["2024", "2024-01/2024-11"]),
        # a month after the publication date is last year's
        ("12月乘用车出口40.4万辆。", "2025-02-11", ["2024-12"]),
        ("四季度实现营收3亿元。", "2025-02-11", ["2024-10/2024-12"]),
        # a heading's year governs the paragraphs under it, after a paragraph's own year
        (
            "2012年统计公报\n2012年,全市经济平稳。\n年末固定电话用户60万户。",
            "2013-03-01",
            ["2012"],
        ),
        # a company report's year is the year accounted for, not that of later dates
        (
            "澜芯半导体2024年度业绩出炉\n公司披露2024年年度报告。\n截至3月26日收盘,总市值约520亿元。",
            "2025-03-27",
            ["2025-03-26"],
        ),
    ],
)
def test_a_bare_month_takes_the_publications_year(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # 以来 runs to the publication, also after the plan has ended
        ("“十二五”以来，种植面积以年均15万亩以上幅度增加。", "2018-10-28", ["2011/2018"]),
        ("“十四五”以来，新增企业210家。", "2023-05-01", ["2021/2023"]),
    ],
)
def test_since_a_plan_runs_to_the_publication(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # 目前 with no other time: its paragraph's figures hold at the publication
        (
            "目前铁路局管内已拥有7条高铁线路；每天有近400趟列车通达各地。\n另有车站12个。",
            "2015-12-16",
            ["2015-12", "2015-12", None],
        ),
        ("产业园内目前有八家快递物流企业。", "2025-02-14", ["2025-02"]),
        # a time of its own still wins, and no publication month gives none
        ("2022年,目前园区企业100家。", "2023-06-12", ["2022"]),
        ("目前园区企业100家。", None, [None]),
        ("园区企业100家，目前仍在增加。", "2023-06-12", [None]),
    ],
)
def test_a_figure_said_to_hold_now_takes_the_publications_month(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # a year opening a sentence before a comma: later paragraphs with no time go on with it
        ("2022年，力争产业增加值达1.3万亿元。\n新增国家高新技术企业500家。", "2022-04-12", ["2022", "2022"]),
        # … also after an earlier year's whole year, and mid-paragraph
        (
            "深圳2021年全年地区生产总值3.07万亿元。\n推进园区建设。2022年，力争增加值达1.3万亿元。\n新增企业500家。",
            "2022-04-12",
            ["2021", "2022", "2022"],
        ),
        # a year inside a sentence, or after 截至, sets nothing beyond its paragraph
        ("深圳2022年规模以上工业增加值增长5%。\n新增企业500家。", "2022-04-12", ["2022", None]),
        ("截至2020年末，全省有40个县级单位。\n新增企业500家。", "2022-04-12", ["2020", None]),
    ],
)
def test_a_year_opening_a_sentence_sets_the_period_later_paragraphs_go_on_with(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # 今日, 昨日: days from the publication's day
        ("截至今日收盘，A股收跌2.88%。", "2025-02-11", ["2025-02-11"]),
        ("昨日，成功签约项目34个。", "2025-02-13", ["2025-02-12"]),
        ("3月1日，昨天签约项目34个。", "2025-03-01", ["2025-02-28"]),
        # … or from the day a dateline names in its sentence
        ("9月29日消息，蔚来今天宣布获得增资33亿元。", "2024-10-01", ["2024-09-29"]),
        # a headline's 今日 sets no period for the figures below it
        ("动车组列车今日启程\n目前已拥有7条高铁线路。", "2015-12-16", ["2015-12"]),
        # no publication day, or a name: none
        ("万科A今日收于8.06元。", "2011-08", [None]),
        ("今日头条用户达1亿人。", "2025-02-11", [None]),
    ],
)
def test_a_relative_day_is_counted_from_the_publication_or_the_dateline(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # a year modifying a noun inside an earlier clause is not a later clause's time
        (
            "今年以来，公司订单充足，摆脱了2023年的波动后恢复增长，收入处于稳定的3.5亿元。",
            "2024-10-30",
            ["2024-01/2024-10"],
        ),
        # … but one opening its clause, or in the figure's own clause, is
        ("今年以来，订单充足，2023年的收入为3.5亿元。", "2024-10-30", ["2023"]),
        ("今年以来，摆脱了2023年的波动后收入达3.5亿元。", "2024-10-30", ["2023"]),
    ],
)
def test_a_year_modifying_a_noun_in_an_earlier_clause_is_not_the_figures_time(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_a_figure_after_a_bare_tongqi_in_a_comparison_is_of_a_year_before():
    text = "今年以来，共有62家企业挂牌上市，数量与同期98家相比有所下降。"
    assert [m.period for m in figures.extract(text, "2022-07-25")] == ["2022-01/2022-07", "2021-01/2021-07"]


@pytest.mark.parametrize(
    "text, published_at, periods",
    [
        # a deadline after the figure in its clause (4月15日前) is not its time
        ("2024年工作安排\n推动188个重点项目4月15日前全部具备开工条件。", "2024-03-01", ["2024"]),
        # … a date after the figure that is no deadline still is
        ("签约项目12个4月15日完成。", "2024-05-01", ["2024-04-15"]),
    ],
)
def test_a_deadline_after_a_figure_is_not_its_time(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_a_year_ranking_an_event_in_an_earlier_clause_is_not_the_figures_time():
    text = "昨日，巴南区举办2025年第一次招商项目集中签约活动，成功签约34个项目。"
    assert [m.period for m in figures.extract(text, "2025-02-13")] == ["2025-02-12"]
    # in the figure's own clause it still is
    assert [m.period for m in figures.extract("昨日，2025年第一批签约项目34个。", "2025-02-13")] == ["2025"]


def test_a_span_to_now_inside_an_earlier_clause_is_not_the_later_clauses_time():
    # 2017年 opens the sentence; 自2013年以来 belongs to 持续排名, not to the shares after it
    text = "2017年，浙江每家企业的发展空间仅为384.5亩，自2013年以来持续排名全国末位，仅为上海的75.7%。"
    assert [m.period for m in figures.extract(text, "2021-11-05")] == ["2017", "2017"]
    # a span to now opening its clause, or the figure's own clause, still governs
    text = "2017年，全省新增企业30家，2013年以来累计新增企业300家。"
    assert [m.period for m in figures.extract(text, "2021-11-05")] == ["2017", "2013/2021"]
    # with no time opening the sentence before it, it is still the time before the figure
    text = "浙江自2013年以来持续排名全国末位，仅为上海的75.7%。"
    assert [m.period for m in figures.extract(text, "2021-11-05")] == ["2013/2021"]


def test_a_horizon_inside_an_earlier_clause_does_not_govern_a_value_now():
    text = "2022年11月，富士康计划在未来两年内将工厂员工增加5.3万名，从目前的1.7万人增至7万人。"
    assert [m.period for m in figures.extract(text, "2023-02-01")] == ["2023/2024", "2022-11", "2024"]


def test_a_figure_reported_as_done_takes_no_year_after_the_publication():
    # 2026 is the plan's year of the sentence before; the company has already entered 7
    text = "公司新基地预计2026年投产。目前公司已进入7家车企的供应链。"
    assert [m.period for m in figures.extract(text, "2025-03-27")] == ["2025-03"]
    text = "到2026年，全市力争建成充电站500座。目前已建成充电站120座。"
    assert [m.period for m in figures.extract(text, "2025-03-27")] == ["2026", "2025-03"]
    # a target keeps its year: in its own sentence, or the value a change reaches after 目前的
    text = "公司新基地预计2026年投产，新增产能3万片。"
    assert [m.period for m in figures.extract(text, "2025-03-27")] == ["2026"]
    text = "到2026年，全市力争建成充电站500座，新增就业岗位2000个。"
    assert [m.period for m in figures.extract(text, "2025-03-27")] == ["2026", "2026"]
    text = "2026年目标已定。目前的120座将增至500座。"
    assert [m.period for m in figures.extract(text, "2025-03-27")][-1] == "2026"


def test_a_foundings_time_governs_no_figure_after_its_clause():
    text = "该公司成立于1998年5月，注册资金为12.8亿元，现有员工651人。"
    assert [m.period for m in figures.extract(text, None)] == [None, None]
    text = "通威股份（2004年上市，股票代码600438）年饲料生产能力超过1000万吨。"
    assert [m.period for m in figures.extract(text, None)] == [None]
    # nor a later sentence of its paragraph; a now word there gives the publication's month
    text = "新通教育创办于1996年，总部位于杭州市。目前共有11家子公司。"
    assert [m.period for m in figures.extract(text, "2016-02-22")] == ["2016-02"]
    # in its own clause it does: the bodies founded that year
    text = "2018年成立的科技企业达到120家。"
    assert [m.period for m in figures.extract(text, None)] == ["2018"]


def test_a_span_of_years_opening_a_sentence_sets_the_period_the_text_goes_on_with():
    text = "从2010年到2020年，GDP增幅前十的城市中，中西部城市占了8座。\n前七座城市的GDP增幅在200%以上。"
    assert [m.period for m in figures.extract(text, "2021-04-12")][-1] == "2010/2020"
    # not a span inside a sentence (它在2010-2020年间增长了3倍): it sets nothing for later paragraphs
    text = "全市GDP在2010-2020年间增长了3倍。\n前七座城市的GDP增幅在200%以上。"
    assert [m.period for m in figures.extract(text, "2021-04-12")][-1] is None


def test_a_line_that_is_only_a_time_heads_a_tables_column_not_a_section():
    text = (
        "某某药业股份有限公司 2018 年第三季度报告正文\n\n本报告期末\n\n上年度末\n\n"
        "总资产（元）\n\n4,989,704,767.25\n\n4,903,994,210.21\n\n1.75%\n"
    )
    assert [m.period for m in figures.extract(text, "2018-10-22")] == ["2018-01/2018-09"]
    # a heading with words of its own still governs the section under it
    text = "某某公司公告\n\n2023年经营情况\n\n新增客户500家。\n"
    assert [m.period for m in figures.extract(text, "2024-03-01")] == ["2023"]


@pytest.mark.parametrize(
    "text,published_at,periods",
    [
        # the first months or quarters of a year, written without 个 (前11月, 前十月) or with it (前3个季度)
        ("2017年前11月,进出口总额为341.2亿元。", "2017-12-27", ["2017-01/2017-11"]),
        ("今年前11月,保费收入1039亿元。", "2017-12-13", ["2017-01/2017-11"]),
        ("前十月保费收入合计约600亿元。", "2017-12-13", ["2017-01/2017-10"]),
        ("今年前3个季度,直接投资额达230亿美元。", "2017-12-27", ["2017-01/2017-09"]),
        ("从前三季度GDP增速来看,北京10.7%。", "2021-10-20", ["2021-01/2021-09"]),
        # 前 ending another word (目前, 提前) starts no part of a year
        ("目前3月份的订单达500单。", "2017-05-02", ["2017-03"]),
    ],
)
def test_first_months_and_quarters_without_ge(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_a_relative_month_with_its_day_is_that_day():
    text = "去年9月15日,中石化宣布,25家境内外投资者以1071亿元的现金认购。"
    assert [m.period for m in figures.extract(text, "2015-05-05")] == ["2014-09-15", "2014-09-15"]
    text = "楼盘打出广告,从本月28日起全系产品每平方米上涨2000元。"
    assert [m.period for m in figures.extract(text, "2016-02-25")] == ["2016-02-28"]


def test_a_span_of_days_with_a_verb_of_lasting():
    text = "拉萨雪顿节于9月1日持续至7日。据统计,节日期间接待游客200.29万人次。"
    assert [m.period for m in figures.extract(text, "2016-10-18")] == ["2016-09-01/2016-09-07"]


def test_a_date_since_with_a_phrase_before_yilai():
    text = "自2014年4月1日中韩AEO互认实施以来,通关时间缩短34.78%。"
    assert [m.period for m in figures.extract(text, "2015-08-04")] == ["2014-04/2015-08"]


def test_a_plans_term_closing_its_title_governs_the_plans_figures():
    text = "省政府印发《汾河流域生态景观规划（2020—2035年）》，明确总投资870.5亿元。"
    assert [m.period for m in figures.extract(text, "2020-06-15")] == ["2020/2035"]
    text = (
        "国家发展改革委22日称，《老工业基地振兴三年滚动实施方案（2016-2018年）》已于近日印发。方案明确了137项重点工作。"
    )
    assert [m.period for m in figures.extract(text, "2016-08-22")] == ["2016/2018"]
    # it sets nothing for later paragraphs, as a year's plan would
    text = "省政府印发《行动方案（2021—2023年）》。\n全省新增企业500家。"
    assert [m.period for m in figures.extract(text, "2021-11-05")] == [None]
    # nor does a span inside a title that is no plan's
    text = "《中国城市发展报告（2016-2018年）》显示，全市新增企业500家。"
    assert [m.period for m in figures.extract(text, "2019-03-01")] == [None]


def test_a_year_ranking_an_event_dates_no_later_sentence():
    text = "24日，2016年福州第一次土地公开出让，四幅地块参与拍卖。首场土地拍卖吸引20多家开发商。"
    assert [m.period for m in figures.extract(text, "2016-02-25")] == ["2016-02-24"]
    # in its own clause it still governs
    text = "2025年第一批签约项目34个。"
    assert [m.period for m in figures.extract(text, "2025-02-13")] == ["2025"]


def test_a_bare_month_after_jiezhi_is_the_latest_before_the_publication():
    # a year an earlier sentence named (2014年度新开工项目) is not the stock's year
    text = "今年以来，西江大藤峡等2014年度新开工项目进入全面实施阶段。截至7月底，已下达中央投资560亿元。"
    assert [m.period for m in figures.extract(text, "2015-08-06")] == ["2015-07"]
    # a year written in its own sentence still is
    text = "2014年，截至7月底，已下达中央投资560亿元。"
    assert [m.period for m in figures.extract(text, "2015-08-06")] == ["2014-07"]


def test_a_deadline_in_an_earlier_clause_is_not_the_figures_time():
    text = "二、2024年主要目标\n推动188个项目4月15日前全部具备开复工条件，全年完成投资450亿元以上。"
    assert [m.period for m in figures.extract(text, None)] == ["2024", "2024"]


def test_a_time_after_yu_is_a_baseline_only_when_compared():
    text = "此次暂停收费，与今年1月航空煤油出厂价下降至4800元左右有关。"
    assert [m.period for m in figures.extract(text, "2019-01-05")] == ["2019-01"]
    text = "一产增加值增长4.3%，与2017年计划目标持平。"
    assert find_times(fold(text), 2017)[0].baseline


def test_a_years_same_period_is_the_part_of_the_year_named_last():
    text = "2020年第三季度净利润8.6亿元。\n而在2019年同期，其净利润中包含一次性资产处置收益约22亿元。"
    assert [m.period for m in figures.extract(text, "2020-11-09")] == ["2020-07/2020-09", "2019-07/2019-09"]


def test_the_next_year_is_the_year_after_the_one_named_last():
    text = "2019年，在蔚来汽车最危险的时刻，合肥国资在第二年向其注入战略投资70亿元。"
    assert [m.period for m in figures.extract(text, "2021-04-12")] == ["2020"]


def test_that_day_is_the_day_named_last_else_the_publications():
    text = "4月8日，阿里集团宣布拟注入业务，当日阿里影业股价大涨36%。"
    assert [m.period for m in figures.extract(text, "2015-05-05")] == ["2015-04-08"]
    text = "当日银川市部署实施189个项目，总投资292.7亿元。"
    assert [m.period for m in figures.extract(text, "2020-06-19")] == ["2020-06-19", "2020-06-19"]
    # no day and no publication day: none
    assert [m.period for m in figures.extract(text, None)] == [None, None]


def test_a_year_up_to_a_month_is_that_years_months_so_far():
    text = "2019年截至11月，预计完成交易额79亿元。"
    assert [m.period for m in figures.extract(text, None)] == ["2019-01/2019-11"]
    # a stock at a month's end stays that month
    text = "2019年截至11月底，贷款余额79亿元。"
    assert [m.period for m in figures.extract(text, None)] == ["2019-11"]


def test_the_national_day_week_is_the_first_seven_days_of_october():
    text = "国庆节期间三个新景区共接待游客6.16万人次。"
    assert [m.period for m in figures.extract(text, "2015-12-05")][-1] == "2015-10-01/2015-10-07"
    # read before October, the year before's; with no year and no publication, none
    assert [m.period for m in figures.extract(text, "2016-03-01")][-1] == "2015-10-01/2015-10-07"
    assert [m.period for m in figures.extract(text, None)][-1] is None


def test_a_holiday_is_that_years_days_off_as_the_state_council_set_them():
    # normalize/holidays.tsv: 2025's National Day and Mid-Autumn holiday ran 1-8 October
    text = "文旅部数据，国庆中秋假期国内出游人次较去年同期增加1.23亿人次。"
    assert [m.period for m in figures.extract(text, "2025-10-09")] == ["2025-10-01/2025-10-08"]
    text = "春节期间，全国消费相关行业销售收入同比增长10.8%。"
    assert [m.period for m in figures.extract(text, "2026-02-24")] == ["2026-02-15/2026-02-23"]
    # a holiday more than _DAYS_AHEAD days after the publication is last year's
    assert [m.period for m in figures.extract(text, "2025-12-01")] == ["2025-01-28/2025-02-04"]
    # a holiday just ahead (a forecast) is this year's
    assert [m.period for m in figures.extract(text, "2026-01-20")] == ["2026-02-15/2026-02-23"]
    # last year's, or the year named before it
    text = "去年春节期间，全国消费相关行业销售收入同比增长10.8%。"
    assert [m.period for m in figures.extract(text, "2025-03-06")] == ["2024-02-10/2024-02-17"]
    # a New Year holiday that began in December
    text = "元旦假期，全国国内出游1.4亿人次。"
    assert [m.period for m in figures.extract(text, "2019-01-03")] == ["2018-12-30/2019-01-01"]
    # with no year and no publication, none
    assert [m.period for m in figures.extract(text, None)] == [None]


def test_a_holidays_first_or_nth_day_is_that_day():
    text = "“五一”假期首日，全国铁路发送旅客2300万人次。"
    assert [m.period for m in figures.extract(text, "2025-05-02")] == ["2025-05-01"]
    text = "端午假期第一天，预计全社会跨区域人员流动量超2.29亿人次。"
    assert [m.period for m in figures.extract(text, "2025-05-31")] == ["2025-05-31"]
    text = "清明假期第二天，全国铁路预计发送旅客1355万人次。"
    assert [m.period for m in figures.extract(text, "2025-04-05")] == ["2025-04-05"]


def test_a_day_near_the_publication_after_an_earlier_paragraphs_year_is_the_publications():
    # a round-up of evening notices: one story opens with 2025年, a later
    # story's 3月23日公告 is the publication's day, not 2025's
    text = "某航运：2025年净利润同比增长77.9%\n2025年，公司营业收入增长12%。\n某矿业\n(000408)3月23日公告，公司拟以2亿元—4亿元回购股份。"
    assert [m.period for m in figures.extract(text, "2026-03-23")] == ["2025", "2025", "2026-03-23"]
    # in the year's own paragraph the day stays that year's (a story told of it)
    text = "2023年，全市新增企业500家。3月5日，签约项目12个。"
    assert [m.period for m in figures.extract(text, "2025-03-20")] == ["2023", "2023-03-05"]


def test_a_year_joined_to_this_year_so_far_is_no_span():
    # a section heading naming a year and this year so far: its figures are that year's
    text = "政府工作报告\n一、2019年和今年以来工作回顾\n去年，我国发展面临诸多困难。\n——经济运行总体平稳。国内生产总值达到99.1万亿元。"
    assert [m.period for m in figures.extract(text, "2020-05-22")] == ["2019"]
    # a short verb phrase before 以来 still makes a span to now
    text = "2016年开工建设以来，累计完成投资12亿元。"
    assert [m.period for m in figures.extract(text, "2018-05-01")] == ["2016/2018"]


def test_the_years_a_text_looks_back_on_end_before_its_first_half_year():
    text = (
        "一、过去五年工作回顾\n五年来，经济实力跃上新台阶。国内生产总值从54万亿元增加到82.7万亿元，"
        "年均增长7.1％。消费贡献率由54.9％提高到58.8％。"
    )
    assert [m.period for m in figures.extract(text, "2018-03-05")] == ["2012", "2017", "2013/2017", "2012", "2017"]
    # from the second half of a year, its own year counts; one year back is a year
    assert [m.period for m in figures.extract("过去一年，城镇新增就业1100万人。", "2016-03-05")] == ["2015"]
    assert [m.period for m in figures.extract("三年来，累计引进项目120个。", "2016-10-05")] == ["2014/2016"]
    # inside a clause, a body's age or a comparison; no publication month, none
    assert [m.period for m in figures.extract("开发建设30年来共入驻企业40家。", "2024-11-25")] == [None]
    assert [m.period for m in figures.extract("三年来，累计引进项目120个。", None)] == [None]
    # 由 with no change verb and 到 after the figure starts no change
    assert [m.period for m in figures.extract("五年来，由政府投资12亿元。", "2018-03-05")] == ["2013/2017"]


def test_a_full_year_no_text_names_is_relative_to_the_publication():
    text = "某公司全年净利润40.7亿元，同比下降19.5%。"
    # read in a year's first months, the year reported is the year before
    assert [m.period for m in figures.extract(text, "2018-03-28")] == ["2017", "2017"]
    # later in the year, the publication's own
    assert [m.period for m in figures.extract(text, "2018-09-28")] == ["2018", "2018"]
    # a target set early in the year is that year's
    assert [m.period for m in figures.extract("全年经济增长目标为5%。", "2018-03-05")] == ["2018"]
    # with no publication month, none
    assert [m.period for m in figures.extract(text, None)] == [None, None]


def test_a_part_of_a_year_right_after_a_year_and_its_comma_is_of_that_year():
    text = "一季度净利润为61.5亿元。此前最差的2009年，一季度净利润也接近200亿元。"
    assert [m.period for m in figures.extract(text, "2015-05-05")] == ["2015-01/2015-03", "2009-01/2009-03"]
    # a long-past year inside a clause still leaves a later bare quarter to the publication
    text = "公司成立于2009年的子公司，一季度净利润200亿元。"
    assert [m.period for m in figures.extract(text, "2015-05-05")][-1] == "2015-01/2015-03"


def test_a_change_since_a_plan_began_starts_from_the_year_before_it():
    text = "“十四五”以来，全省重点实验室由7家增至16家。"
    assert [m.period for m in figures.extract(text, "2025-09-16")] == ["2020", "2025"]
    # the plan's own term keeps its first year
    text = "“十四五”期间，全省重点实验室从7家增加到16家。"
    assert [m.period for m in figures.extract(text, "2025-09-16")] == ["2021", "2025"]


def test_an_annual_reports_full_year_is_the_year_accounted_for():
    text = (
        "某公司2019年年度报告\n2019年，电网投资4473亿元。2020年，电网投资预算压减12%。\n"
        "公司业务发展基本保持稳定，全年实现营业收入31802万元。"
    )
    assert [m.period for m in figures.extract(text, "2020-01-21")][-1] == "2019"
    # a target its sentence sets stays with the year the text turned to
    text = "某公司2019年年度报告\n2020年，电网投资预算压减12%。\n全年力争实现营业收入4亿元。"
    assert [m.period for m in figures.extract(text, "2020-01-21")][-1] == "2020"


@pytest.mark.parametrize(
    ("text", "published_at", "periods"),
    [
        # 党的十八大以来: the years from the congress's (2012) to the publication's, as 2012年以来
        (
            "党的十八大以来，我国陆续建成22个自贸试验区，累计推广349项制度创新成果。",
            "2024-08-18",
            ["2012/2024", "2012/2024"],
        ),
        ("党的十九大以来，全省新增高新技术企业3000家。", "2020-05-01", ["2017/2020"]),
        ("党的十八大以来，全省新增高新技术企业3000家。", None, ["2012/"]),
        # no 以来: a congress named is no time (二十大代表 is a delegate)
        ("全省共选出二十大代表45名。", "2022-07-01", [None]),
    ],
)
def test_a_party_congress_since_is_a_span_to_the_publication(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        # a stock up to a part of a year (截至…上半年) holds for the part's last month, as 截至6月底 does
        ("截至2020年上半年，小米共投资超过300家公司。", ["2020-06"]),
        ("截至今年上半年，全省共有企业500家。", ["2020-06"]),
        ("截止前三季度，全省共有企业500家。", ["2020-09"]),
        # the part itself, without 截至, is its months
        ("2020年上半年，营收增长12%。", ["2020-01/2020-06"]),
    ],
)
def test_a_stock_up_to_a_part_of_a_year_holds_for_its_last_month(text, periods):
    assert [m.period for m in figures.extract(text, "2020-11-09")] == periods


@pytest.mark.parametrize(
    ("text", "published_at", "periods"),
    [
        # 年内 (within the year) is read as 全年 is: not a month an earlier sentence named
        (
            "2017年9月，新车型上市。由于上市较晚，年内集团燃油汽车实现销量约24.5万辆，同比下降24.62%。",
            "2018-03-28",
            ["2017", "2017"],
        ),
        ("华为鸿蒙操作系统目标年内适配3亿台。", "2021-03-04", ["2021"]),
        # the tail of N年内 or 近两年内 is no 年内
        ("近两年内新增员工500名。", "2021-03-04", [None]),
    ],
)
def test_within_the_year_is_read_as_the_whole_year(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    ("text", "published_at", "periods"),
    [
        # a bare past year inside its clause (延续去年…) sets the year of its own sentence only
        (
            "今年总体汽车出口延续去年强势增长特征。1月乘用车出口38万辆，同比增长3%。",
            "2025-02-11",
            ["2025-01", "2025-01"],
        ),
        ("全市去年GDP增长5%。一季度GDP增长4%。", "2024-05-01", ["2023", "2024-01/2024-03"]),
        ("全市去年GDP增长5%，其中四季度增长6%。", "2024-11-01", ["2023", "2023-10/2023-12"]),
        # one opening its clause is the year the text turns to
        ("去年，全市GDP增长5%。1-3月，GDP增长4%。", "2024-05-01", ["2023", "2023-01/2023-03"]),
    ],
)
def test_a_past_year_a_clause_compares_with_sets_its_sentences_year_only(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_a_work_reports_title_year_is_delivery_its_figures_the_year_before():
    # 2026年某省政府工作报告 as a title: delivered early in 2026, it reviews 2025
    text = (
        "2026年某省政府工作报告\n地区生产总值增长3.9%。货物进出口总额9.5万亿元、增长4.4%。\n"
        "2026年是开局之年。全年招引亿元以上项目500个以上，力争新增企业600家。"
    )
    got = [(m.text, m.period) for m in figures.extract(text, "2026-01-26")]
    assert got[:3] == [("3.9%", "2025"), ("9.5万亿元", "2025"), ("4.4%", "2025")]
    # its targets (全年… with 力争) are of the year it is delivered in
    assert got[-1] == ("600家", "2026")
    # cited in a sentence, a report is cited for its targets: the year stays
    assert [m.period for m in figures.extract("2024年政府工作报告提出，新增企业500家。", "2024-03-06")] == ["2024"]


def test_a_day_restated_in_brackets_after_a_relative_day_is_the_publications():
    # 今天（3月16日） in a news round-up: the bracket restates today, whatever
    # year an earlier story's headline named
    text = (
        "2024年机场三大指标创历史新高\n记者从民航局了解到，2024年，我国境内运输机场达263个。\n"
        "兰州中川国际机场三期建成投运\n今天（3月16日），兰州中川国际机场三期建成，新建94个停机位。"
    )
    got = {m.text: m.period for m in figures.extract(text, "2025-03-16")}
    assert got["263个"] == "2024"
    assert got["94个"] == "2025-03-16"


def test_a_day_restated_in_brackets_is_one_time_for_a_respective_list():
    # 今天（1月8日） is one time: with 2025年 it is two, not the three 分别 lists
    text = (
        "公安部今天（1月8日）召开新闻发布会通报，2025年，全国公安机关立刑事案件数同比下降12.8%。"
        "其中，严重暴力犯罪、拐卖、传统“盗抢骗”案件分别同比下降4.7%、40.7%、21.2%。"
    )
    assert [m.period for m in figures.extract(text, "2026-01-08")] == ["2025", "2025", "2025", "2025"]


@pytest.mark.parametrize(
    ("text", "published_at", "periods"),
    [
        # a plan's name in quotes after 较 is still the baseline of the change
        (
            "“十四五”时期，采矿业总产值比重降至6.2%，较“十三五”末期下降0.92个百分点，第三产业增加值占比突破50%。",
            "2026-02-20",
            ["2021/2025", "2021/2025", "2021/2025"],
        ),
        # 比“十三五”末的2020年: the year restates the baseline named right before it
        (
            "货物贸易2024年达到6.16万亿美元，比“十三五”末的2020年增长32.4%。出口国际市场份额稳定在14%。",
            "2025-07-18",
            ["2024", "2024", "2024"],
        ),
        # two plans joined by 和/与 in quotes are listed, not compared
        ("“十三五”与“十四五”时期，全市分别投资300亿元、500亿元。", "2024-05-01", ["2016/2020", "2021/2025"]),
        ("“十三五”和“十四五”期间，全市累计投资超过1000亿元。", "2024-05-01", ["2021/2025"]),
    ],
)
def test_a_baseline_in_quotes_or_restated_is_no_period(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    ("text", "published_at", "periods"),
    [
        # a day a story announces, just after its publication, is this year's
        ("宇树科技将于8月19日科创板上市，拟授予员工56.1万股。", "2026-08-18", ["2026-08-19"]),
        ("从8月28日起，第一批次比赛门票正式开售，包括足球、篮球等17个项目。", "2025-08-13", ["2025-08-28"]),
        # a day far after the publication's in its year is last year's
        ("12月28日，全市签约项目12个。", "2025-01-05", ["2024-12-28"]),
        ("11月5日，全市签约项目12个。", "2025-09-01", ["2024-11-05"]),
    ],
)
def test_a_day_just_after_the_publication_is_this_years(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


@pytest.mark.parametrize(
    ("text", "published_at", "periods"),
    [
        # a month with no year, then 以来: the months from it to the publication's
        ("截至8月21日，7月以来，股票型ETF资金净流入已达3676.05亿元。", "2026-08-22", ["2026-07/2026-08"]),
        ("融资协调工作机制去年10月启动以来，各地累计授信超过10万亿元。", "2025-02-27", ["2024-10/2025-02"]),
        # without 以来 the month alone
        ("7月份，全市出口增长5%。", "2026-08-22", ["2026-07"]),
    ],
)
def test_a_month_since_is_a_span_to_the_publication(text, published_at, periods):
    assert [m.period for m in figures.extract(text, published_at)] == periods


def test_a_span_measuring_a_record_dates_no_later_sentence():
    # 创下2022年5月以来最大单日跌幅 measures a record; the next sentence's moves are of the day
    text = (
        "8月20日收盘，美股三大指数集体下跌，纳指跌1%。大型科技股普跌，沃尔玛跌超9%，创下2022年5月以来最大单日跌幅。"
        "热门中概股多数下跌，爱奇艺跌超8%。"
    )
    assert [m.period for m in figures.extract(text, "2026-08-21")] == ["2026-08-20", "2026-08-20", "2026-08-20"]
    # a span opening its clause, or with no record word, still governs
    text = "全市自2018年以来累计投资500亿元。其中，工业投资300亿元。"
    assert [m.period for m in figures.extract(text, "2024-05-01")] == ["2018/2024", "2018/2024"]


def test_a_half_year_results_report_sets_the_report_period():
    # 2026年半年度业绩报告, 2026年中期业绩公告 name the half-year report, as 半年度报告 does
    text = "平安好医生公布2026年半年度业绩报告。报告期内，录得归母净利润2.19亿元，同比增长63.5%。"
    assert [m.period for m in figures.extract(text, "2026-08-18")] == ["2026-01/2026-06", "2026-01/2026-06"]
    text = "如祺出行发布2026年中期业绩公告。报告期内，订单总量达1.84亿单。"
    assert [m.period for m in figures.extract(text, "2026-08-19")] == ["2026-01/2026-06"]


def test_a_report_period_still_carries_across_a_reports_own_headings():
    # Headings without a story's colon (一、主营业务) are the same report's sections.
    text = "某公司发布2025年年度报告\n公司发布2025年年度报告。\n一、主营业务\n分业务看，海外业务实现收入4.6亿元。\n"
    assert [m.period for m in figures.extract(text, "2026-03-17")] == ["2025"]


def test_a_narrated_past_year_opening_a_sentence_sets_no_later_paragraph():
    # 2020年，小米发布小米10手机 in a story of 2025 narrates history: the figures of
    # later paragraphs that name no time are not 2020's.
    text = (
        "小米涨价\n"
        "2020年，小米发布小米10手机，价格从2999元起跃升至3999元起。\n"
        "小米汽车毛利率高达26.4%，环比提升3.3个百分点。\n"
    )
    got = {m.text: m.period for m in figures.extract(text, "2025-09-29")}
    assert got["3999元"] == "2020"
    assert got["26.4%"] != "2020"


def test_last_years_review_opening_a_sentence_still_sets_later_paragraphs():
    # A work report's 2022年，… (the year just ended) goes on for later paragraphs.
    text = "政府工作报告\n2022年，全市经济稳中有进。\n新增国家高新技术企业500家。\n"
    assert [m.period for m in figures.extract(text, "2023-02-10")] == ["2022"]
