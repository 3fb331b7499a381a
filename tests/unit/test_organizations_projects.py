"""Companies named as the owners of the projects a report lists
(organizations/projects.py): each item of a 等…项目 list is cut to its owner;
public works, venues and lines of business name none."""

from __future__ import annotations

from docpipe.document import Entity
from services.extract.ner import LacWord, analyse
from services.extract.organizations.projects import _from_project_owners


def owners(text: str, regions: tuple[str, ...] = (), industries: tuple[str, ...] = ()) -> list[str]:
    def at(kind: str, name: str) -> Entity:
        start = text.index(name)
        return Entity(type=kind, text=name, name=name, start=start, end=start + len(name))

    return [
        c.name
        for c in _from_project_owners(
            text, analyse(text), [at("region", r) for r in regions], [at("industry", i) for i in industries]
        )
    ]


def test_owners_are_cut_before_a_phase_a_figure_and_a_place() -> None:
    text = "加快推进恒立新能源一期、宏达精工20万吨铝材、华远通海南总部基地等一批重大项目建设。"
    assert owners(text, regions=("海南",)) == ["恒立新能源", "宏达精工", "华远通"]


def test_a_county_before_the_owner_is_cut_off() -> None:
    assert owners("宁安华电、东宁哈电3个风电项目开工建设。") == ["华电", "哈电"]


def test_the_product_after_the_owner_is_cut_but_a_business_word_ending_the_name_stays() -> None:
    text = "推进凯立德钛酸锂二期、聚盛新材料等项目投产。"
    assert owners(text, industries=("钛酸锂", "新材料")) == ["凯立德", "聚盛新材料"]


def test_public_works_venues_and_lines_of_business_name_no_owner() -> None:
    assert owners("川藏铁路林芝段、国边防公路等重点项目加快推进。", regions=("林芝",)) == []
    assert owners("礼貌山一期、温泉度假酒店等9个项目开工建设。") == []
    assert owners("全市新引进碳化硅陶瓷等亿元以上项目。", industries=("碳化硅陶瓷",)) == []
    # a clause cut before its place (a time word, a preposition at its end) is no owner
    assert owners("该公司近年来在东川市引进远航科技、蓝海新材等项目。", regions=("东川市",)) == ["蓝海新材"]


def test_a_cableway_a_system_or_a_satellite_is_a_thing_built_with_no_owner() -> None:
    assert owners("项目内容：青石岭索道、南门广场等相关项目。") == []
    assert owners("推进南入口片区改造、慢行车系统等项目建设。") == []
    assert owners("介绍了深空探测、通信卫星、高分工程等重点项目情况。") == []
    assert owners("推进恒立新能源一期、青石岭索道等项目建设。") == ["恒立新能源"]


def test_a_list_of_sectors_closed_by_a_field_is_no_project_list() -> None:
    assert owners("已有涉及轨道交通、智能交通管理等领域的86个项目。") == []


def test_counts_period_codes_formulas_and_a_companys_capital_name_no_body() -> None:
    from services.extract.organizations.filters import _rejected

    for text, name in [
        ("在各地开办五千余家物流公司。", "五千余家物流公司"),
        ("利润：Q4公司实现营业利润27亿元。", "Q4公司"),
        ("深化“管委会+公司”改革。", "管委会+公司"),
        ("2024年中芯国际资本开支为73亿美元。", "中芯国际资本"),
    ]:
        start = text.index(name)
        assert _rejected(text, start, start + len(name)), name
    text = "高瓴资本领投。"
    assert not _rejected(text, 0, 4)


def test_a_place_building_a_hub_states_a_goal() -> None:
    from services.extract.organizations.filters import _states_a_goal

    assert _states_a_goal("上海建设国际航运中心")
    assert _states_a_goal("临港地区创建国家级制造业创新中心")
    assert _states_a_goal("临港地区布局建设工程技术中心")
    assert not _states_a_goal("上海市建设工程安全质量监督总站")  # 建设工程: a body's field
    assert not _states_a_goal("中国建设银行")
    assert not _states_a_goal("长三角国家技术创新中心")


def test_a_period_code_glued_after_a_name_is_cut_off_not_kept() -> None:
    from services.extract.organizations.boundaries import _cut_before_latin
    from services.extract.organizations.tables import _Cand

    c = _cut_before_latin(_Cand(0, 6, "中芯国际Q4", None, "lac"))
    assert (c.name, c.start, c.end) == ("中芯国际", 0, 4)
    kept = _cut_before_latin(_Cand(0, 12, "奢侈品投资基金LVMH集团", None, "lac"))
    assert kept.name == "LVMH集团"


def test_hotels_data_centres_and_distribution_centres_are_facilities() -> None:
    from services.extract import misnamed

    assert misnamed.is_other_kind("九华山温泉酒店")
    assert misnamed.is_other_kind("中国电信中部云(龙南)数据中心")
    assert misnamed.is_other_kind("陆港物流综合仓储集散中心")
    assert not misnamed.is_other_kind("长沙市中小企业服务中心")


def test_candidates_of_one_document_are_computed_once_and_handed_out_as_copies() -> None:
    from services.extract.organizations.tables import _Cand, _per_document, _word_index

    calls: list[str] = []

    @_per_document
    def found(text: str, words: list[LacWord]) -> list[_Cand]:
        calls.append(text)
        return [_Cand(0, 2, text[:2])]

    words = analyse("华为发布新品。")
    first = found("华为发布新品。", words)
    again = found("华为发布新品。", list(words))  # the same words in another list
    assert first == again and first is not again and calls == ["华为发布新品。"]
    first.append(_Cand(0, 1, "华"))
    assert len(found("华为发布新品。", words)) == 1  # a caller's change does not reach the memo
    other = analyse("小米发布新品。")
    assert found("小米发布新品。", other)[0].name == "小米" and len(calls) == 2
    assert _word_index(words) == _word_index(list(words)) and _word_index(other)[0] == 0


def test_a_name_read_off_its_context_keeps_its_edges_in_a_list() -> None:
    from docpipe.document import Entity
    from services.extract import list_items
    from services.extract.organizations import is_place_name

    text = "完成预可研，宁安华电、东宁哈电3个风电项目开工。"
    s = text.index("哈电")
    plain = Entity(type="organization", text="哈电", name="哈电", start=s, end=s + 2)
    assert list_items.complete(text, plain).name == "东宁哈电"  # grown to its 、-list item
    read = plain.model_copy(update={"attributes": {"evidence": "context"}})
    assert list_items.complete(text, read) is read
    assert is_place_name("东宁") and not is_place_name("哈电")


def test_a_table_body_after_a_reporting_verb_lac_glued_to_it_is_found() -> None:
    from services.extract.organizations.government import _from_tables
    from services.extract.organizations.tables import _word_index

    text = "景区创建国家5A级景区上报文旅部，旅游度假区加快建设。"
    words = [LacWord("上报文旅部", "f", text.index("上报"), text.index("上报") + 5)]
    words = [w for w in analyse(text) if not (w.start < words[0].end and words[0].start < w.end)] + words
    words.sort(key=lambda w: w.start)
    assert [c.name for c in _from_tables(text, words, _word_index(words))] == ["文旅部"]
    glued = "实事求是地推进。"  # a table name inside a word that is no verb before it stays out
    assert "求是" not in [c.name for c in _from_tables(glued, analyse(glued), _word_index(analyse(glued)))]


def test_a_field_before_the_national_key_laboratory_category_names_one_lab() -> None:
    from services.extract.organizations.suffix_names import _from_field_bodies

    text = "通过验收，新药创制全国重点实验室获批建设，另有一家获批全国重点实验室。"
    assert [c.name for c in _from_field_bodies(text)] == ["新药创制全国重点实验室"]


def test_a_groups_brand_is_no_company_but_a_makers_brand_kind_names_the_maker() -> None:
    from services.extract.organizations.filters import _a_brand

    def brand(text: str, name: str) -> bool:
        start = text.index(name)
        return _a_brand(text, start, start + len(name))

    assert brand("彩妆品牌露娜的净销售额持平。", "露娜")
    assert brand("核心品牌（Core3品牌：美仕、露娜、QRX）增长。", "QRX")
    assert brand("在该市场，美仕和露娜品牌实现了增长。", "露娜")
    assert not brand("自主品牌比亚迪销量领先。", "比亚迪")  # the maker
    assert not brand("当天，佩蒂股份品牌事业部总裁出席。", "佩蒂股份")  # the company's unit


def test_a_body_that_wins_a_title_is_cut_before_the_verb() -> None:
    from services.extract.organizations.boundaries import _cut_before_award
    from services.extract.organizations.tables import _Cand

    c = _cut_before_award(_Cand(5, 21, "华南骏达电子获评国家企业技术中心", "institute", "suffix"))
    assert (c.name, c.start, c.end) == ("华南骏达电子", 5, 11)
    whole = _Cand(0, 6, "中国建设银行", None, "table")
    assert _cut_before_award(whole) is whole


def test_a_lac_name_listed_between_named_companies_stands_alone() -> None:
    from services.extract.organizations.recogniser import _listed_beside_named
    from services.extract.organizations.tables import _Cand

    text = "已投资多家激光雷达企业，如禾赛科技、速腾聚创等。"
    s = text.index("禾赛科技")
    named, lac = _Cand(s, s + 4, "禾赛科技", None, "lac"), _Cand(s + 5, s + 9, "速腾聚创", None, "lac")
    assert _listed_beside_named(text, [named, lac]) == {(s + 5, s + 9)}
    text2 = "如禾赛、速腾聚创等。"
    bare = _Cand(1, 3, "禾赛", None, "lac")
    assert _listed_beside_named(text2, [bare, _Cand(4, 8, "速腾聚创", None, "lac")]) == set()  # no name says it


def test_a_two_character_lac_name_right_before_a_kind_of_firm_is_a_description() -> None:
    from services.extract.organizations.companies import _from_lac

    def lac_names(text: str, word: str, head: str) -> list[str]:
        s = text.index(word)
        words = [w for w in analyse(text) if w.end <= s or w.start >= s + len(word) + len(head)]
        words += [LacWord(word, "ORG", s, s + len(word)), LacWord(head, "n", s + len(word), s + len(word) + len(head))]
        return [c.name for c in _from_lac(text, sorted(words, key=lambda w: w.start))]

    assert lac_names("数据中心签约落地，上云企业累计突破5万家。", "上云", "企业") == []
    assert lac_names("力争引进优强项目30个以上。", "优强", "项目") == []
    assert lac_names("力争引进华为公司的项目。", "华为", "公司") == ["华为公司"]  # 公司 names the firm


def test_a_hub_a_sentence_aims_at_is_no_body() -> None:
    from services.extract.organizations.filters import _a_goal_in_context

    def goal(text: str, name: str) -> bool:
        start = text.index(name)
        return _a_goal_in_context(text, start, start + len(name))

    # after a verb of becoming or striving, a place's hub is a goal (the place opens it or stands before it)
    assert goal("该区域将成为上海科技创新中心的重要试验田。", "上海科技创新中心")
    assert goal("争取设立杭州数据交易中心。", "数据交易中心")
    # a name LAC cut short of the hub that makes it a goal
    assert goal("制造业是深圳建设国际科技产业创新中心的生命线。", "深圳建设国际科技产业")
    # a body acting, or a hub with no place, stays
    assert not goal("上海科技创新中心发布了报告。", "上海科技创新中心")
    assert not goal("成为国家技术创新中心的成员。", "国家技术创新中心")
    assert not goal("中国建设银行发布年报。", "中国建设")
