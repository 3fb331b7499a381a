"""The document's own place (normalize/home_place.py) and the title's company
counted in the text (subjects.title_owner): made-up sentences, real divisions
of regions.tsv (宜昌市 420500 holds 宜都市 420581, 枝江市 420583, 夷陵区 420506;
柳河县 220524 lies in 通化市)."""

from __future__ import annotations

from docpipe.document import Document, Entity
from services.normalize.home_place import home_place
from services.normalize.stage import normalize


def _doc(text: str, specs: list[tuple[str, str, str, dict]]) -> Document:
    ents, seen = [], {}
    for t, etype, name, attrs in specs:
        start = text.index(t, seen.get(t, 0))
        seen[t] = start + len(t)
        ents.append(Entity(type=etype, text=t, name=name, start=start, end=start + len(t), attributes=attrs))
    return Document(id="x", raw_text=text, clean_text=text, entities=ents, published_at="2024-02-01")


def _county(text: str, name: str, adcode: str, parent: str) -> tuple[str, str, str, dict]:
    return (text, "region", name, {"level": "county", "adcode": adcode, "parent": parent})


def _company(name: str) -> tuple[str, str, str, dict]:
    return (name, "organization", name, {"kind": "company"})


_REPORT = (
    "一、2023年工作回顾\n"
    "地区生产总值增长7.1%，规上工业增加值增长7.8%。宜都、枝江进位明显，夷陵跻身百强区。"
    "一批项目加快推进，丁戊集团新建项目建成投产。招商引资到位资金增长20%。固定资产投资增长10%。"
)
_REPORT_PLACES = [
    _county("宜都", "宜都市", "420581", "宜昌市"),
    _county("枝江", "枝江市", "420583", "宜昌市"),
    ("夷陵", "region", "夷陵区", {"level": "district", "adcode": "420506", "parent": "宜昌市"}),
]


def test_a_report_naming_only_its_counties_gives_unowned_figures_to_their_city():
    doc = _doc(_REPORT, [*_REPORT_PLACES, _company("丁戊集团")])
    assert home_place(doc.entities) is not None
    out = {m.text: m for m in normalize(doc).metrics}
    # 宜昌市 is no entity of the document: its name and adcode come from regions.tsv
    assert out["7.1%"].subject == "宜昌市"
    assert out["7.1%"].__pydantic_extra__["subject_entity"] == {"type": "region", "name": "宜昌市", "adcode": "420500"}
    # a company named inside a clause of an earlier sentence owns no later figure
    assert out["10%"].subject == "宜昌市"


def test_one_county_named_again_and_again_is_no_home_city():
    text = "柳河县现有医药企业12家。柳河县医药产业实现产值12亿元。柳河县位于吉林南部。拥有研发中心2个。"
    specs = [_county("柳河县", "柳河县", "220524", "通化市")] * 3
    doc = _doc(text, specs)
    assert home_place(doc.entities) is None
    out = {m.text: m for m in normalize(doc).metrics}
    assert out["2个"].__pydantic_extra__["subject_entity"] is None or out["2个"].subject == "柳河县"


def test_without_a_home_place_an_owner_earlier_in_the_paragraph_still_owns():
    text = "一批项目加快推进，丁戊集团新建项目建成投产。招商引资到位资金增长20%。固定资产投资增长10%。"
    doc = _doc(text, [_company("丁戊集团")])
    assert home_place(doc.entities) is None
    assert {m.text: m.subject for m in normalize(doc).metrics}["10%"] == "丁戊集团"


def test_with_a_home_place_a_company_opening_its_sentence_still_owns_later_figures():
    text = _REPORT + "丁戊集团是本地龙头企业。项目建成后年产值达50亿元。预计利润增长8%。"
    doc = _doc(text, [*_REPORT_PLACES, _company("丁戊集团"), _company("丁戊集团")])
    assert {m.text: m.subject for m in normalize(doc).metrics}["8%"] == "丁戊集团"


_TITLED = (
    "「甲乙医疗」获3.5亿元B轮融资\n"
    "植入式器械企业甲乙医疗近日完成融资，由丙资本领投。甲乙医疗已开展超过50例临床试验。"
    "甲乙医疗已建成2000平方米的生产设施。据介绍，甲乙医疗的产品尺寸约为同类的一半。"
)


def test_the_titles_company_is_counted_in_the_text_not_by_its_entity_mentions():
    # the extract stage found the name once; the text writes it five times
    doc = _doc(_TITLED, [("甲乙医疗", "organization", "甲乙医疗", {"kind": "company"}), _company("丙资本")])
    doc.entities[0].start, doc.entities[0].end = _TITLED.index("企业甲乙医疗") + 2, _TITLED.index("企业甲乙医疗") + 6
    got = {m.text: m.subject for m in normalize(doc).metrics}
    assert got["超过50例"] == "甲乙医疗" and got["2000平方米"] == "甲乙医疗"


def test_a_title_company_followed_by_a_colon_is_the_author_not_the_owner():
    body = _TITLED.split("\n", 1)[1] + "\n行业全年融资总额达120亿元。"
    owned = _doc("「甲乙医疗」获3.5亿元B轮融资\n" + body, [_company("甲乙医疗"), _company("丙资本")])
    author = _doc("甲乙医疗：行业融资回暖\n" + body, [_company("甲乙医疗"), _company("丙资本")])
    assert {m.text: m.subject for m in normalize(owned).metrics}["120亿元"] == "甲乙医疗"
    assert {m.text: m.subject for m in normalize(author).metrics}["120亿元"] is None


def test_division_names_an_adcodes_row_of_the_regions_table():
    from docpipe.canonical import division

    assert division("420500") == ("宜昌市", "city")
    assert division("420581") == ("宜都市", "county")
    assert division("999999") is None


def test_a_report_speaking_of_its_city_collectively_takes_the_city_it_writes_most():
    # no place entity at all: 林芝 written twice (inside a title and a railway
    # section), 全市 spoken of; 林芝市 is 540400 in regions.tsv
    text = "我们落实《支持林芝高质量发展的意见》，川藏铁路林芝段加快推进。全市地区生产总值增长10%。固定资产投资完成140亿元。"
    doc = _doc(text, [])
    out = {m.text: m for m in normalize(doc).metrics}
    assert out["140亿元"].subject == "林芝市"
    assert out["140亿元"].__pydantic_extra__["subject_entity"] == {
        "type": "region",
        "name": "林芝市",
        "adcode": "540400",
    }


def test_a_city_written_without_a_collective_word_or_only_once_is_no_home():
    once = "我们落实《支持林芝高质量发展的意见》。全市固定资产投资完成140亿元。"
    no_collective = "《支持林芝高质量发展的意见》发布，川藏铁路林芝段加快推进。固定资产投资完成140亿元。"
    assert home_place([], once) is None
    assert home_place([], no_collective) is None
    assert home_place([], once + "林芝") is not None


def test_a_province_in_a_ranking_is_no_collective_subject():
    # 保持全省第一 ranks the report's city in its province: the figures after it
    # are the city's, not the province's named later
    text = _REPORT + "规上工业企业总数达2898家、保持全省第一，产业集群营收达2700亿元。支持与甲省合作。"
    doc = _doc(text, [*_REPORT_PLACES, ("甲省", "region", "甲省", {"level": "province", "adcode": "420000"})])
    assert {m.text: m.subject for m in normalize(doc).metrics}["2700亿元"] == "宜昌市"


def test_a_city_written_once_and_a_district_of_it_found_make_a_home():
    # 乌鲁木齐 is the short form of 乌鲁木齐市 and of 乌鲁木齐县, a county inside
    # it: the city's; written once, with one district (达坂城区) found, 2 votes
    text = "全市谋划实施亿元以上项目279个，乌鲁木齐绿证交易中心挂牌。达坂城区风电项目加快建设。基础设施投资增长34.6%。"
    doc = _doc(
        text, [("达坂城区", "region", "达坂城区", {"level": "district", "adcode": "650107", "parent": "乌鲁木齐市"})]
    )
    home = home_place(doc.entities, text)
    assert home is not None and (home.name, home.adcode) == ("乌鲁木齐市", "650100")
    # written once and nothing found: no home
    assert home_place([], text) is None


def test_a_place_glued_after_a_company_in_the_title_names_its_plant_not_the_owner():
    text = "甲乙汽车上海储能工厂投产\n工厂占地约20万平方米。甲乙汽车表示将扩产。"
    specs = [
        ("上海", "region", "上海市", {"level": "province", "adcode": "310000"}),
        ("甲乙汽车", "organization", "甲乙汽车", {"kind": "company"}),
    ]
    doc = _doc(text, specs)
    doc.entities[1].start, doc.entities[1].end = text.rindex("甲乙汽车"), text.rindex("甲乙汽车") + 4
    assert {m.text: m.subject for m in normalize(doc).metrics}["约20万平方米"] != "上海市"
    # the same place alone in the title is the title's owner
    alone = _doc("上海储能工厂投产\n工厂占地约20万平方米。", specs[:1])
    assert {m.text: m.subject for m in normalize(alone).metrics}["约20万平方米"] == "上海市"


def test_a_body_after_ruxuan_is_the_lists_issuer_not_the_owner():
    text = _REPORT + "“甲乙奶酪”品牌入选丙丁部首批名单，授权经营主体17家。牧业年度肉牛存栏220万头。"
    doc = _doc(text, [*_REPORT_PLACES, ("丙丁部", "organization", "丙丁部", {"kind": "government"})])
    got = {m.text: m.subject for m in normalize(doc).metrics}
    assert got["17家"] != "丙丁部" and got["220万头"] == "宜昌市"


def test_a_body_after_baokuo_is_a_member_named_not_the_owner():
    text = "甲省结合本地优势，组建了包括乙丙实验室在内的9个省实验室。"
    doc = _doc(
        text,
        [
            ("甲省", "region", "甲省", {"level": "province", "adcode": "420000"}),
            ("乙丙实验室", "organization", "乙丙实验室", {"kind": "research"}),
        ],
    )
    assert {m.text: m.subject for m in normalize(doc).metrics}["9个"] == "甲省"


def test_only_a_document_speaking_as_its_place_gives_it_the_unowned_figures():
    story = "宜都、枝江、夷陵的企业加快布局。\n触觉传感器单价199元，精度达到100%。"
    doc = _doc(story, list(_REPORT_PLACES))
    assert home_place(doc.entities, story) is not None  # the places lie in one city ...
    got = {m.text: m for m in normalize(doc).metrics}
    assert got["199元"].subject is None
    # ... but only a text that speaks as it (全市, 我们, 工作回顾) gives it the figures
    spoken = "全市" + story
    doc = _doc(spoken, list(_REPORT_PLACES))
    assert {m.text: m.subject for m in normalize(doc).metrics}["199元"] == "宜昌市"


_NATIONAL = (
    "政府工作报告\n一、2009年工作回顾\n"
    "2009年是我国经济发展最为困难的一年。全国各族人民在中国共产党的坚强领导下，迎难而上。"
    "国内生产总值达到33.5万亿元，比上年增长8.7%；财政收入6.85万亿元，增长11.7%。"
    "我们扩大内需。全国财政收入突破20万亿元。"
)


def test_a_national_report_naming_no_place_of_its_own_gives_unowned_figures_to_the_country():
    doc = _doc(_NATIONAL, [("中国共产党", "organization", "中国共产党", {})])
    home = home_place(doc.entities, _NATIONAL)
    assert home is not None and home.name == "中国" and home.adcode is None
    out = {m.text: m for m in normalize(doc).metrics}
    # the party of an earlier sentence's frame is no owner; the country is no entity of the document
    assert out["6.85万亿元"].subject == "中国"
    assert out["6.85万亿元"].__pydantic_extra__["subject_entity"] == {"type": "region", "name": "中国", "adcode": None}
    # 全国 in the country's own report is the country (elsewhere a subject that is no entity)
    assert out["突破20万亿元"].__pydantic_extra__["subject_entity"] == {
        "type": "region",
        "name": "中国",
        "adcode": None,
    }


def test_a_report_naming_a_province_again_is_no_national_report():
    text = "一、2025年工作回顾\n广东经济稳中向好，我国首个…落户广东。地区生产总值增长4%。"
    prov = ("广东", "region", "广东省", {"level": "province", "adcode": "440000"})
    doc = _doc(text, [prov, prov])
    assert home_place(doc.entities, text) is None
    # a story that writes 我国 but speaks in no report's voice has no home either
    story = "我国新能源汽车销量增长30%。"
    assert home_place(_doc(story, []).entities, story) is None


def test_a_procurement_notice_title_names_no_owner_of_its_figures():
    from services.normalize.subjects import title_owner

    text = (
        "宁波高新区颐养院管理服务采购项目采购公告\n项目概况\n本项目采购预算价为：人民币145万元/年。\n"
        "四、获取招标文件\n凡有意参加者，请支付100元系统使用费。"
    )
    park = ("宁波高新区", "park", "宁波高新区", {})
    doc = _doc(text, [park])
    assert title_owner(text, doc.entities) is None
    out = {m.text: m for m in normalize(doc).metrics}
    # the budget is the procurement's: no entity (not the buyer's zone the title names)
    assert out["100元"].__pydantic_extra__["subject_entity"] is None
    # a title naming the zone with no notice word still names its owner
    news = "宁波高新区上半年GDP增长5%\n地区生产总值增长5%。"
    assert title_owner(news, _doc(news, [park]).entities) == "宁波高新区"


def test_a_title_naming_a_places_government_is_that_places_report():
    from services.normalize.subjects import title_owner

    text = "华亭市人民政府关于2024年工作总结的报告\n平凉市人民政府：\n现将我市工作报告如下。华亭市主动融入平凉市建设。"
    gov = ("华亭市人民政府", "organization", "华亭市人民政府", {"kind": "government"})
    own = ("华亭市", "region", "华亭市", {"level": "county", "adcode": "620881", "parent": "平凉市"})
    assert title_owner(text, _doc(text, [gov, own]).entities) == "华亭市"
    # a department's notice is a programme's, not its place's
    notice = "广东省科学技术厅关于组织申报2015年专项资金项目的通知\n各地级以上市科技局：\n广东省各单位申报。"
    dept = ("广东省科学技术厅", "organization", "广东省科学技术厅", {"kind": "government"})
    prov = ("广东省", "region", "广东省", {"level": "province", "adcode": "440000"})
    doc = _doc(notice, [dept, prov])
    doc.entities[1] = doc.entities[1].model_copy(
        update={"start": notice.index("广东省各"), "end": notice.index("广东省各") + 3}
    )
    assert title_owner(notice, doc.entities) is None


def test_a_reports_header_naming_a_county_congress_makes_the_report_that_countys():
    # (建宁县 350430 is found only inside the bodies' names: no region entity)
    text = (
        "政府工作报告\n——在建宁县第十八届人民代表大会第二次会议上\n建宁县人民政府县长 某某\n各位代表：\n"
        "一、2022年工作回顾\n全县经济社会发展取得新进展。预计全年完成地区生产总值164亿元，增长4.5%。"
    )
    congress = ("建宁县第十八届人民代表大会", "organization", "建宁县第十八届人民代表大会", {"kind": "government"})
    gov = ("建宁县人民政府", "organization", "建宁县人民政府", {"kind": "government"})
    doc = _doc(text, [congress, gov])
    home = home_place(doc.entities, text)
    assert home is not None and home.name == "建宁县" and home.adcode == "350430"
    out = {m.text: m for m in normalize(doc).metrics}
    assert out["164亿元"].__pydantic_extra__["subject_entity"] == {
        "type": "region",
        "name": "建宁县",
        "adcode": "350430",
    }
    # a county the header names beats the city its zones vote for (长沙经开区 -> 长沙市)
    text2 = "政府工作报告\n——在长沙县第十八届人民代表大会第三次会议上\n一、2022年工作回顾\n全年地区生产总值增长4.5%。长沙县、长沙经开区、长沙高新区获评先进。"
    body = ("长沙县第十八届人民代表大会", "organization", "长沙县第十八届人民代表大会", {"kind": "government"})
    places = [
        _county("长沙县", "长沙县", "430121", "长沙市"),
        ("长沙经开区", "park", "长沙经济技术开发区", {}),
        ("长沙高新区", "park", "长沙高新技术产业开发区", {}),
    ]
    assert home_place(_doc(text2, [body, *places]).entities, text2).name == "长沙县"
    # a body named in the story's first sentence, not in a header, makes no home
    story = "建宁县人民政府与某公司签约。预计全年完成产值164亿元。"
    assert (
        home_place(
            _doc(story, [("建宁县人民政府", "organization", "建宁县人民政府", {"kind": "government"})]).entities, story
        )
        is None
    )


def test_a_district_report_writing_our_country_once_is_no_national_report():
    # a district's report (全区人民, 区委) whose name is only in its header names no place;
    # its 我国首个 is in passing, and its figures are no country's
    text = (
        "一、2013年工作回顾\n2013年，我们在市委、市政府和区委的正确领导下，团结带领全区人民迎难而上。"
        "预计全年实现地区生产总值突破2000亿元；华为公司成为我国首个跻身全球研发支出50强企业。"
    )
    doc = _doc(text, [("华为公司", "organization", "华为公司", {"kind": "company"})])
    assert home_place(doc.entities, text) is None
    out = {m.text: m for m in normalize(doc).metrics}
    assert out["突破2000亿元"].subject != "中国"
    # 全市场 (a market's whole) is no city's voice: a national report keeps the country
    national = _NATIONAL + "全市场交易额增长5%。"
    assert home_place(_doc(national, []).entities, national) is not None
