"""Regions abroad below a country (region_foreign) and a country LAC reads
apart from a word across its right edge (regions.find_regions)."""

from __future__ import annotations

import pytest

from services.extract.region_foreign import foreign_places
from services.extract.region_names import not_in_defined_short_names, not_in_site_names
from services.extract.regions import find_regions, not_inside_other_places


def _spans(text: str, *words: str) -> set[tuple[int, int]]:
    out = set()
    for w in words:
        i = text.index(w)
        out.add((i, i + len(w)))
    return out


def abroad(text: str, *places: str) -> dict[str, str]:
    """name -> country of the places abroad, LAC reading ``places`` as LOC words: the
    cities read right after their country (find_regions) and the places LAC reads
    (foreign_places), as the recogniser joins them."""
    lac = _spans(text, *places)
    regions = find_regions(text, lac)
    found = [e for e in regions if "country" in e.attributes] + foreign_places(text, regions, lac)
    return {e.name: str(e.attributes["country"]) for e in found}


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        # LAC's word holds the country and the place
        ("签署地点：乌克兰基辅市 Kudryavskaya 大街", ("乌克兰基辅市",), {"基辅市": "乌克兰"}),
        # the same kind listed after it
        (
            "项目地点：乌克兰波尔塔瓦州及哈尔科夫州。",
            ("乌克兰波尔塔瓦州", "哈尔科夫州"),
            {"波尔塔瓦州": "乌克兰", "哈尔科夫州": "乌克兰"},
        ),
        # a word of its own right after the country
        ("位于美国加利福尼亚州的工厂", ("美国", "加利福尼亚州"), {"加利福尼亚州": "美国"}),
        # a region and its city of the same name, as an address writes them
        ("注册地址：乌克兰基辅基辅市 大街", ("乌克兰基辅基辅市",), {"基辅市": "乌克兰"}),
        # no division's ending: only in a list of places
        ("意大利诺瓦拉、日本冲绳等地的订单", ("意大利诺瓦拉", "日本", "冲绳"), {"诺瓦拉": "意大利", "冲绳": "日本"}),
    ],
)
def test_a_place_abroad_right_after_its_country(text: str, places: tuple[str, ...], expected: dict[str, str]) -> None:
    assert abroad(text, *places) == expected


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("在塔吉克斯坦西南部丹加拉地区", ("塔吉克斯坦西南部",)),  # a direction
        ("UGV 公司作为乌克兰国有企业，是", ("乌克兰国有企业",)),  # a common noun
        ("收购南非米勒(SABMiller)", ("南非", "米勒")),  # a company's name, no list
        ("登陆美国纳斯达克。", ("美国", "纳斯达克")),  # an exchange
        ("悉尼机场的订单", ("悉尼机场",)),  # no country before it
        ("中国浙江省的企业", ("中国", "浙江省")),  # China's own divisions are the tables'
    ],
)
def test_no_place_abroad(text: str, places: tuple[str, ...]) -> None:
    assert abroad(text, *places) == {}


def test_a_country_lac_reads_before_a_verb_is_no_word_across_its_edge() -> None:
    text = "华为在中国有六个研究所。"
    assert "中国" not in {e.name for e in find_regions(text)}  # 国有 read across the edge
    found = find_regions(text, _spans(text, "中国"), _spans(text, "有"))
    assert "中国" in {e.name for e in found}
    # a noun after it (中国人居…) leaves the crossing word standing
    text = "中国人居环境奖城市"
    assert "中国" not in {e.name for e in find_regions(text, _spans(text, "中国"), set())}


def test_a_region_inside_a_place_word_no_region_opens_is_part_of_its_name() -> None:
    text = "明尼苏达州的约翰逊说"
    found = find_regions(text)
    assert "达州市" in {e.name for e in found}  # read off the table alone
    assert not_inside_other_places(found, sorted(_spans(text, "明尼苏达州"))) == []
    # a place word a region opens (浙江宁波), or one character before the region (大武汉), keeps it
    for text, word in (("浙江宁波的港口", "浙江宁波"), ("国际化大武汉建设", "大武汉")):
        found = find_regions(text)
        assert not_inside_other_places(found, sorted(_spans(text, word))) == found


def test_a_place_inside_a_defined_short_name_is_part_of_it() -> None:
    text = "与中建钢构江苏有限公司（以下简称“中建江苏”）签约。中建江苏与利源无关联，工程位于江苏南京。"
    kept = not_in_defined_short_names(text, find_regions(text))
    starts = {e.start for e in kept if e.name == "江苏省"}
    short = [i + 2 for i in range(len(text)) if text.startswith("中建江苏", i)]
    assert len(short) == 2 and not starts & set(short)
    assert text.rindex("江苏") in starts  # 江苏南京: a place
    # a short form that is the place itself keeps it
    text = "江苏省（以下简称“江苏”）。江苏的企业。"
    assert len(not_in_defined_short_names(text, find_regions(text))) == len(find_regions(text))


def test_a_place_inside_or_opening_a_websites_name_is_part_of_it() -> None:
    text = (
        "投标人未被列入信用中国网站（www.creditchina.gov.cn）失信名单。苹果中国官网公布了促销活动。"
        "公告刊登于广西招标网（http://www.guangxibid.com.cn）、西乡塘区政务网（http://www.xxtq.gov.cn）。"
        "据黑龙江省政府官网消息，广西南宁市西乡塘区的中国企业。"
    )
    kept = {(e.name, e.start) for e in not_in_site_names(text, find_regions(text))}
    for place, written in (
        ("中国", "信用中国网站"),
        ("中国", "苹果中国官网"),
        ("广西壮族自治区", "广西招标网"),
        ("西乡塘区", "西乡塘区政务网"),
    ):
        at = text.index(written) + written.index(place[:2])
        assert (place, at) not in kept, written
    # a place before its own government counts; places written apart from a site's name stay
    assert ("黑龙江省", text.index("黑龙江省政府官网")) in kept
    assert {("广西壮族自治区", text.index("广西南宁")), ("西乡塘区", text.rindex("西乡塘区"))} <= kept
    assert ("中国", text.rindex("中国")) in kept
    # 网 alone ends no site's name (互联网, 电网): only before a bracketed address
    text = "中国互联网企业和广西电网（集团）"
    assert len(not_in_site_names(text, find_regions(text))) == len(find_regions(text))


def test_a_listed_foreign_city_lac_reads_alone_is_a_region() -> None:
    text = "并在洛杉矶建立高端定制制造基地"
    assert abroad(text, "洛杉矶") == {"洛杉矶": "美国"}
    # a city opening a longer name: no region
    text = "与纽约湾区旗鼓相当"
    assert abroad(text, "纽约") == {}


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        # GeoNames' larger cities: right after the country, or read by LAC in a text naming it
        ("新能源公交车最近运抵缅甸仰光，成为新收获。", ("缅甸仰光",), {"仰光": "缅甸"}),
        ("美国大豆协会负责人告诉堪萨斯城地方媒体，", ("美国", "堪萨斯城"), {"堪萨斯城": "美国"}),
        # without its country in the text, a name of GeoNames' list is no place (a defeat)
        ("新势力在交付上遭遇滑铁卢，", ("滑铁卢",), {}),
        # CLDR's exemplar cities count on LAC's reading alone, as before
        ("公司在洛杉矶建立研发中心", ("洛杉矶",), {"洛杉矶": "美国"}),
        # 市 closes the city's name unless it makes a word with the next character
        ("日本东京市场的需求回升", ("日本", "东京"), {"东京": "日本"}),
    ],
)
def test_a_foreign_city_of_the_published_lists(text: str, places: tuple[str, ...], expected: dict[str, str]) -> None:
    assert abroad(text, *places) == expected


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        # ISO 3166-2's Chinese names, read by LAC in a text naming the country; the
        # Chinese city inside the name (明尼苏|达州) does not block it
        ("美国大豆出口受阻。明尼苏达州的农民说：", ("美国", "明尼苏达州"), {"明尼苏达州": "美国"}),
        ("特斯拉在澳大利亚的工厂，维多利亚州政府表示", ("澳大利亚", "维多利亚州"), {"维多利亚州": "澳大利亚"}),
        # no country named: the name is no place of this text's
        ("明尼苏达州的农民说：", ("明尼苏达州",), {}),
    ],
)
def test_a_foreign_state_of_iso_3166_2(text: str, places: tuple[str, ...], expected: dict[str, str]) -> None:
    assert abroad(text, *places) == expected
