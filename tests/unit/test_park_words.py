"""Parks LAC reads as place words (services/extract/park_words.py), through the
parks recogniser with real LAC words."""

from __future__ import annotations

import pytest

from services.extract import park_words, recognisers
from services.extract.ner import LacWord


def _parks(text: str) -> set[str]:
    return {e.name for e in recognisers.entities_of("parks", text) if e.type == "park"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("浒关开发区新增企业20家。", "浒关开发区"),
        ("阳新县新港园区项目开工。", "新港园区"),
        ("莱克工业园二期项目开工。", "莱克工业园"),  # the phase is no part of the name
        ("黄石临空经济区建设提速。", "黄石临空经济区"),
    ],
)
def test_a_place_word_with_a_park_suffix_names_a_park(text: str, name: str) -> None:
    assert name in _parks(text)


@pytest.mark.parametrize("text", ["浦东新区经济增长。", "川渝自贸试验区建设。", "河南产业集聚区提质。"])
def test_divisions_and_kinds_of_zone_are_no_park(text: str) -> None:
    assert not _parks(text) & {"浦东新区", "川渝自贸试验区", "产业集聚区"}


def test_a_place_word_ending_in_a_word_that_names_a_park_after_a_place_is_a_park() -> None:
    # LAC reads 新港园区 as one place word: 园区 names a park only after a place.
    assert "新港园区" in _parks("2021年，列入省级重点项目11个，其中新港园区5个。")
    assert not _parks("该园区入驻企业50家。")


def test_a_park_named_after_its_company_opens_with_the_company() -> None:
    found = _parks("发挥娲石集团光谷产业园的优势，把光谷相关产业做大。")
    assert "娲石集团光谷产业园" in found and "光谷产业园" not in found


def test_a_zone_after_a_company_is_no_company_park() -> None:
    # A company before a zone (高新区) stands in the zone; the zone keeps its name.
    found = _parks("华为公司苏州高新区研发中心投用。")
    assert not any(n.startswith("华为") for n in found)


def test_the_other_items_of_a_list_of_parks_are_parks() -> None:
    found = _parks("今年将推进苏州工业园区、无锡高新区、常州经开区、太湖湾科创带建设。")
    assert "太湖湾科创带" in found
    # A found park after a hyphen takes its whole item.
    assert "张江-光明科学城" in _parks("推进苏州工业园区、无锡高新区、常州经开区、张江-光明科学城等片区建设。")


def test_a_list_with_few_parks_names_no_more() -> None:
    found = _parks("入驻苏州工业园区、无锡高新区的企业有华为公司、腾讯科技、阿里巴巴、京东方。")
    assert not {"华为公司", "腾讯科技", "阿里巴巴", "京东方"} & found


def test_a_bare_suffix_after_the_full_name_is_that_park_again() -> None:
    found = recognisers.entities_of("parks", "苏州高新区投资120亿元。3月25日，高新区重点项目开工。全市高新区发展良好。")
    bare = [e for e in found if e.text == "高新区"]
    assert [(e.start, e.name) for e in bare] == [(19, "苏州高新区")]  # not 全市高新区


def test_a_bare_suffix_after_two_parks_of_its_kind_names_neither() -> None:
    found = recognisers.entities_of("parks", "洛阳高新区和郑州高新区签约。高新区企业增多。")
    assert not [e for e in found if e.text == "高新区"]


@pytest.mark.parametrize("text", ["推进智慧园区建设。", "双方将在人才培养、智慧园区建设等方面全面合作。"])
def test_a_place_word_opened_by_a_generic_adjective_names_no_park(text):
    # LAC reads 智慧(园区) as a place: 智慧 is a generic head (parks/generic_heads.txt), no name.
    assert _parks(text) == set(), _parks(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("开放平台取得新进步。自贸区钦州港片区获批设立协同发展区。", "自贸区钦州港片区"),
        ("六种交通功能于一体的区域。\n自贸区洋山保税区\n2005年建成。", "自贸区洋山保税区"),
    ],
)
def test_a_zones_bare_word_opening_a_clause_names_its_area(text: str, name: str) -> None:
    found = _parks(text)
    assert name in found and not any(n != name and n in name for n in found), found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("中国（重庆）自由贸易试验区两江片区结对协作。", "自由贸易试验区两江片区"),  # the bracket opens the name
        ("自贸区的园区片区规划。", "自贸区的园区片区"),  # a stop character: no name
    ],
)
def test_a_zones_word_inside_a_name_or_phrase_opens_no_area(text: str, name: str) -> None:
    assert name not in _parks(text)


def test_an_organization_word_over_the_whole_garden_opens_its_name() -> None:
    # LAC reads 西南交大产业园 as one organization word; the rules alone cut 西南 (a macro-region).
    found = _parks("西南交大产业园位于双流区。")
    assert found == {"西南交大产业园"}, found


def test_a_base_opened_by_its_company_is_the_companys_plant() -> None:
    assert not _parks("而此次开建的格力电器西南制冷产业基地，将生产大型商用中央空调。")
    assert "娲石集团光谷产业园" in _parks("娲石集团光谷产业园开工。")  # a garden named after its company stays


def test_a_divisions_full_name_after_its_place_stays_a_region() -> None:
    # LAC reads 天津滨海新区 as one place word: 滨海新区 is a district, no park.
    assert "天津滨海新区" not in _parks("继上海浦东新区、天津滨海新区、重庆两江新区之后。")
    assert "重庆两江新区" in _parks("继上海浦东新区、天津滨海新区、重庆两江新区之后。")


def test_a_place_word_with_a_qualifier_before_an_adjacent_suffix_is_no_park() -> None:
    # LAC reads 双流国际新城 as one place word; 新城 names a zone only right after its place.
    assert "双流国际新城" not in _parks("位于成都双楠和双流国际新城的中轴线上。")


def test_a_place_word_of_countries_abbreviations_before_an_agreement_suffix_is_no_park() -> None:
    assert "中日韩自由贸易区" not in _parks("三方同意年内将启动中日韩自由贸易区谈判。")


def test_chinas_partner_after_a_dash_opens_no_zone() -> None:
    text = "融入中国-东盟自贸区建设。"
    start = text.index("东盟")
    words = [LacWord("东盟", "LOC", start, start + 2), LacWord("自贸区", "n", start + 2, start + 5)]
    assert not park_words.find(text, words)


def test_a_road_before_a_park_suffix_is_an_address() -> None:
    text = "位于新华大道新城大楼。"
    start = text.index("新华大道")
    words = [LacWord("新华大道", "LOC", start, start + 4), LacWord("新城", "n", start + 4, start + 6)]
    assert not park_words.find(text, words)


def test_a_free_trade_zones_area_named_by_its_place_alone_is_a_park() -> None:
    text = "四川自贸试验区推出50项举措。成都片区依托国际铁路港加快建设。"
    assert "成都片区" in _parks(text)
    # without a free-trade zone in the text, a place's 片区 is a part of a town
    assert not _parks("项目位于市城区南门口片区。成都片区负责。")


def test_the_own_country_alone_before_a_class_word_names_the_class() -> None:
    # 中国科技园区三十年: China's science parks, a class (both rules and LAC's place word)
    assert not _parks("主题是“中国科技园区三十年与面向未来的创新城市”，回顾中国科技园区三十年发展。")
    text = "回顾中国科技园区三十年发展。"
    start = text.index("中国")
    assert not park_words.find(text, [LacWord("中国科技园区", "LOC", start, start + 6)])
    # China's parks named after it: a city-like suffix, a bracketed place
    assert {"中国医药城", "中国（上海）自由贸易试验区"} <= _parks("泰州的中国医药城和中国（上海）自由贸易试验区。")
