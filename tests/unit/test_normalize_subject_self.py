"""Subject rules of the sixteenth tuning (issue #12): a first-person company word
(本公司, 本集团: attribution_words.tsv org_self) stands for the company that
writes the text, its article's company (named most), not the nearest company
named before it (a filing quoted in a story names its subsidiaries before
本公司's figures); 其 before a measure with no owner near is the article's
company's; a report that writes its counties but not its city is that city's."""

from __future__ import annotations

from tests.normalize_probe import document, subject_names

_COMPANY = {"kind": "company"}


def _subjects(text: str, names: list[str]) -> dict[str, str | None]:
    return subject_names(document(text, [(n, "organization", n, _COMPANY) for n in names], published_at="2017-08-03"))


_TEXT = (
    "中国神华晚间发布公告。中国神华称，所属神华宝日希勒能源有限公司的宝日希勒露天矿暂时减产。\n"
    "公告称，本公司2016年商品煤产量为289.8百万吨。"
)


def test_the_first_person_company_is_the_articles_company() -> None:
    got = _subjects(_TEXT, ["中国神华", "中国神华", "神华宝日希勒能源有限公司"])
    assert got["289.8百万吨"] == "中国神华"


def test_a_han_character_before_is_no_first_person() -> None:
    # 日本公司: 本 inside a name, no determiner
    text = "中国神华晚间发布公告。中国神华称，与丰田合作。\n日本公司2016年商品煤产量为289.8百万吨。"
    got = _subjects(text, ["中国神华", "中国神华"])
    assert got["289.8百万吨"] == _subjects(text.replace("日本公司", "日方"), ["中国神华", "中国神华"])["289.8百万吨"]


# 其 (its) before a measure, in a paragraph that names no owner: the article's company (attribution_words.tsv
# possessive); not in a share of a whole, where 其 is the part just named.
_RESULTS = (
    "中兴通讯发布2020年第三季度报告。中兴通讯第三季度营收269.3亿元。\n"
    "而在2019年同期，其净利润中包含一次性资产处置收益约22亿元。\n"
    "中游方面，电池是新能源汽车中价值量最大的一环，其成本占整车成本的30%-40%。"
)


def test_its_measure_is_the_articles_company() -> None:
    got = _subjects(_RESULTS, ["中兴通讯", "中兴通讯"])
    assert got["约22亿元"] == "中兴通讯"


def test_its_share_of_a_whole_is_the_part_named_before() -> None:
    got = _subjects(_RESULTS, ["中兴通讯", "中兴通讯"])
    assert got["30%-40%"] is None


# A work report that never writes its city but writes its counties (their short forms are no entities):
# the city of at least three of them is its home, unless a second city has two (a comparison of cities).
_REPORT = (
    "一、2023年工作回顾\n全市地区生产总值增长5%。林口建堂、海林海浪河抽水蓄能项目开展施工，"
    "宁安华电、东宁哈电项目开工。全年推进500万元以上项目800个。"
)


def test_a_report_writing_its_counties_is_their_citys() -> None:
    from services.normalize.home_place import home_place

    home = home_place([], _REPORT)
    assert home is not None and home.name == "牡丹江市"
    assert _subjects(_REPORT, [])["800个"] == "牡丹江市"


def test_a_second_city_with_two_counties_makes_a_comparison() -> None:
    from services.normalize.home_place import home_place

    assert home_place([], _REPORT + "余姚、慈溪的经济总量都在2000亿元以上。") is None
