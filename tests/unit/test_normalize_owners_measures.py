"""Subject and measure rules of issue #12's third round (short sentences written
for the tests, with real place and company names; no article's)."""

from __future__ import annotations

from typing import Any

import pytest

from docpipe.document import Document
from services.normalize import figures, measures
from services.normalize.stage import normalize
from tests.normalize_probe import Spec, document, measure_ids


def _doc(text: str, specs: list[Spec]) -> Document:
    return document(text, specs)


def _metrics(doc: Document) -> dict[str, Any]:
    return {m.text: m for m in normalize(doc).metrics}


def test_a_centre_an_index_or_a_production_line_named_after_a_place_owns_its_figures():
    # measures/owned_heads.txt: 中心, 指数, 生产线 head a phrase that is the subject
    text = "苏州工业园区综合服务中心去年接待企业4000家。成都高新区景气指数上月回升1.5%。"
    doc = _doc(text, [("苏州工业园区", "park", "苏州工业园区", {}), ("成都高新区", "park", "成都高新区", {})])
    got = _metrics(doc)
    assert got["4000家"].subject == "苏州工业园区综合服务中心"
    assert got["4000家"].__pydantic_extra__["subject_entity"] is None
    assert got["1.5%"].subject == "成都高新区景气指数"


def test_a_place_that_sets_up_a_production_line_stays_the_owner():
    # 建立 (measures/owned_verbs.txt) is the place acting: the line is its object
    text = "合肥建立生产线后，年产值达到1000亿元。"
    doc = _doc(text, [("合肥", "region", "合肥市", {"level": "city", "adcode": "340100"})])
    assert _metrics(doc)["1000亿元"].subject == "合肥市"


def _ids(doc: Document) -> dict[str, Any]:
    return dict(measure_ids(doc))


def test_a_verb_before_a_count_and_the_noun_after_it_name_the_measure():
    # 签约 + 项目 is a table form (签约项目): signed_project_count, not project_count,
    # also when the qualifier took the verb's last character (约33个)
    got = _ids(_doc("无锡高新区当天签约33个项目，开工12个项目，储备项目20个。", []))
    assert got["约33个"] == "signed_project_count"
    assert got["12个"] == "started_project_count"
    assert got["20个"] == "project_count"


def test_changes_listed_after_respectively_take_the_figures_before_in_order():
    # 分别 stands in the clause, not in the measure the second change is given
    # (净利润增长, from the figure before): each change still takes its own figure
    got = _ids(_doc("宁德时代前三季度营业收入2590亿元，净利润360亿元，同比分别增长10.5%和15.3%。", []))
    assert got["10.5%"] == "operating_revenue.growth"
    assert got["15.3%"] == "net_profit.growth"


def _company(text: str, name: str | None = None) -> tuple[str, str, str, dict[str, Any]]:
    return (text, "organization", name or text, {"kind": "company"})


def test_a_heading_line_naming_one_company_owns_the_paragraph_under_it():
    text = "（一）江苏恒瑞医药股份有限公司\n2023年实现营业收入228亿元。\n（二）上海医药集团股份有限公司\n2023年实现营业收入2602亿元。"
    doc = _doc(text, [_company("江苏恒瑞医药股份有限公司"), _company("上海医药集团股份有限公司")])
    got = _metrics(doc)
    assert got["228亿元"].subject == "江苏恒瑞医药股份有限公司"
    assert got["2602亿元"].subject == "上海医药集团股份有限公司"


def test_a_long_line_or_a_sentence_above_is_no_heading():
    text = "江苏恒瑞医药股份有限公司发布年报，研发投入继续增加。\n2023年实现营业收入228亿元。"
    doc = _doc(text, [_company("江苏恒瑞医药股份有限公司")])
    assert _metrics(doc)["228亿元"].subject is None


def test_a_count_written_as_its_number_of_items_is_that_count():
    # 个数 after a table form keeps its measure (measure_words.tsv head_tails)
    got = _ids(_doc("苏州工业园区外资项目个数占全市的40%。", [("苏州工业园区", "park", "苏州工业园区", {})]))
    assert got["40%"] == "project_count.share"


def test_a_short_quoted_word_inside_a_measure_is_no_clause_break():
    got = _metrics(_doc("杭州市去年新增国家级专精特新“小巨人”企业120家。", []))
    assert got["120家"].measure.endswith("专精特新“小巨人”企业")
    assert got["120家"].__pydantic_extra__["measure_id"] == "little_giant_count"


def test_figures_listed_after_a_share_are_shares_of_the_same_part():
    got = _ids(_doc("上海集成电路、生物医药、人工智能三大产业的产业规模，分别占全国的1/4、1/5和1/3。", []))
    assert got["1/4"] == got["1/5"] == got["1/3"] == "industry_scale.share"


def test_a_percentage_before_de_and_a_count_is_a_share_of_that_count():
    got = _ids(_doc("粤港澳大湾区集聚了全国约25%的高新技术企业。", []))
    assert got["约25%"] == "high_tech_enterprise_count.share"


def test_a_percentage_of_a_whole_after_a_verb_of_reaching_is_a_share():
    got = _ids(_doc("苏州工业园区的生物医药产业规模超过全省的30%。", [("苏州工业园区", "park", "苏州工业园区", {})]))
    assert got["30%"] == "industry_scale.share"


def test_an_annual_total_output_value_is_an_output_value():
    got = _ids(_doc("项目全部投产后，企业年产总值将突破30亿元。", []))
    assert got["突破30亿元"] == "output_value"


def test_a_quantity_made_that_names_a_project_is_its_capacity():
    got = _ids(_doc("开工项目有宁夏宝丰能源50万吨烯烃项目、隆基绿能5GW光伏组件生产线。", []))
    assert got["50万吨"] == "production_capacity"
    assert got["5GW"] == "production_capacity"


def test_a_quantity_with_no_project_word_is_left_alone():
    got = _ids(_doc("今年宁夏煤炭外运量达到50万吨，较上年持平。", []))
    assert got["50万吨"] != "production_capacity"


def test_amounts_listed_after_an_amount_are_items_of_its_measure():
    got = _ids(_doc("黑龙江今年增加大豆种植面积30万亩、马铃薯10万亩。", []))
    assert got["30万亩"] == got["10万亩"] == "land_area.increase"


def test_counts_listed_after_a_count_keep_their_own_measure():
    got = _ids(_doc("全省拥有国家级驰名商标3个、吉林名牌12个。", []))
    assert got["12个"] != got["3个"]


def test_quanqu_stands_for_the_district_named_before_it():
    # 全区 is a district's as well as a zone's collective word: the nearer one
    # (not the article's zone named in another paragraph)
    text = "大连金普新区去年签约项目30个。\n浦东新区今年推进重点项目建设。全区120个重大项目已开工。"
    doc = _doc(
        text,
        [
            ("大连金普新区", "park", "金普新区", {}),
            ("浦东新区", "region", "浦东新区", {"level": "district", "adcode": "310115"}),
        ],
    )
    assert _metrics(doc)["120个"].subject == "浦东新区"


def test_quanqu_still_stands_for_a_zone_named_before_it():
    text = "苏州工业园区今年推进重点项目建设。全区120个重大项目已开工。"
    doc = _doc(text, [("苏州工业园区", "park", "苏州工业园区", {})])
    assert _metrics(doc)["120个"].subject == "苏州工业园区"


def test_a_quotation_belongs_to_the_body_whose_person_speaks_it():
    text = "“我们中心的仪器总值超过3亿元，向企业开放了120台。”复旦大学分析测试中心主任王明告诉记者。"
    doc = _doc(text, [("复旦大学分析测试中心", "organization", "复旦大学分析测试中心", {"kind": "research"})])
    got = _metrics(doc)
    assert got["超过3亿元"].subject == got["120台"].subject == "复旦大学分析测试中心"


def test_we_in_a_quotation_outranks_a_partner_named_in_it():
    text = "“我们对接到同济大学，用平台发放的50万元创新券完成了研发。”上海电气集团股份有限公司总经理李华说。"
    doc = _doc(
        text, [("同济大学", "organization", "同济大学", {"kind": "university"}), _company("上海电气集团股份有限公司")]
    )
    assert _metrics(doc)["50万元"].subject == "上海电气集团股份有限公司"


def test_parallel_clauses_opened_by_the_same_preposition_repeat_the_measure():
    text = "高新技术企业数量在500家以上的县增加名额10个，在100-500家之间的县增加名额5个。"
    got = _ids(_doc(text, []))
    assert got["500家以上"] == got["100-500家"] == "high_tech_enterprise_count"


def test_a_count_right_after_a_list_of_places_counts_them():
    text = "会议邀请了黄石、岳阳、九江市3个观察员城市参加。"
    cities = [
        (t, "region", n, {"level": "city"}) for t, n in (("黄石", "黄石市"), ("岳阳", "岳阳市"), ("九江市", "九江市"))
    ]
    assert _metrics(_doc(text, cities))["3个"].subject is None


def test_a_place_written_right_before_its_figure_in_a_list_of_figures_still_owns_it():
    text = "去年增速居前的是湖南8.1%、江西7.9%。"
    doc = _doc(
        text, [("湖南", "region", "湖南省", {"level": "province"}), ("江西", "region", "江西省", {"level": "province"})]
    )
    got = _metrics(doc)
    assert (got["8.1%"].subject, got["7.9%"].subject) == ("湖南省", "江西省")


def test_a_bare_change_after_a_figure_is_said_of_the_same_owner():
    # 中国 is a country (weak): it owns the figure of its own clause, and the
    # change that goes on from that figure in the next clause
    text = "前三季度，中国GDP同比增长5.2%，两年平均增长4.9%。"
    doc = _doc(text, [("中国", "region", "中国", {"level": "country"})])
    got = _metrics(doc)
    assert got["5.2%"].subject == got["4.9%"].subject == "中国"


def test_a_figure_whose_clause_names_no_owner_is_said_of_the_figure_before_in_its_sentence():
    text = "宁德时代发布新品。\n2023年美国储能市场规模约120亿美元，预计2025年市场规模约为200亿美元。"
    doc = _doc(text, [_company("宁德时代"), ("美国", "region", "美国", {"level": "country"})])
    got = _metrics(doc)
    assert got["约120亿美元"].subject == got["约为200亿美元"].subject == "美国"


def test_a_percentage_before_de_and_an_amount_is_a_share_of_that_amount():
    got = _ids(
        _doc("合肥市政府拿出近1/3的财政收入投向新型显示产业。", [("合肥市", "region", "合肥市", {"level": "city"})])
    )
    assert got["近1/3"] == "fiscal_revenue.share"


def test_a_percentage_sorting_what_the_next_figure_counts_is_no_share_of_it():
    got = _ids(_doc("生物医药产业占比超过50%的高新区有4家。", []))
    assert got["超过50%"] != "park_count.share"


def test_a_percentage_before_de_and_a_rate_is_that_rate():
    got = _ids(_doc("美的空调以18.5%的市场占有率位居第一。", []))
    assert got["18.5%"] == "market_share"


def test_the_end_of_a_change_has_the_measure_of_its_start():
    # the end stands too far from 毛利率 for the clause before it to name it
    got = _ids(_doc("公司的综合毛利率从2021年第一季度的17.05%提升至2023年第四季度的20.21%。", []))
    assert got["17.05%"] == got["20.21%"] == "gross_margin"


def test_a_name_opening_with_bi_is_no_baseline():
    # 比 of 比亚迪 is no comparison: the measure before 从 is read
    got = _ids(_doc("比亚迪的毛利率从2022年的17.0%提升至2023年的20.2%。", [_company("比亚迪")]))
    assert got["17.0%"] == "gross_margin"


def test_a_subtitle_names_the_articles_place_and_a_province_holds_its_county():
    text = "智能装备产业蓬勃发展\n安徽南陵县打造全链条创新服务体系——\n今年发布20项应用场景清单。"
    doc = _doc(
        text,
        [
            ("安徽", "region", "安徽省", {"level": "province", "adcode": "340000"}),
            ("南陵县", "region", "南陵县", {"level": "county", "adcode": "340223", "parent": "芜湖市"}),
        ],
    )
    assert _metrics(doc)["20项"].subject == "南陵县"


def test_a_place_where_an_event_is_held_owns_no_figure():
    text = "苏州高新区重点项目开工仪式在浒关开发区莱克工业园举行。7个外资项目合计总投资12亿美元。"
    doc = _doc(
        text,
        [
            ("苏州高新区", "park", "苏州高新区", {}),
            ("浒关开发区", "park", "浒关开发区", {}),
            ("莱克工业园", "park", "莱克工业园", {}),
        ],
    )
    got = _metrics(doc)
    assert got["7个"].subject == got["12亿美元"].subject == "苏州高新区"


def test_a_body_after_you_is_an_agent_not_the_owner():
    text = "时代电服科技有限公司由宁德时代投资15亿元设立。"
    doc = _doc(text, [_company("时代电服科技有限公司"), _company("宁德时代")])
    assert _metrics(doc)["15亿元"].subject == "时代电服科技有限公司"


def test_the_object_of_subscribing_or_putting_into_production_owns_no_figure():
    text = "深圳今年建成投产中芯国际12英寸线，开工建设5个重大工业项目。"
    doc = _doc(text, [("深圳", "region", "深圳市", {"level": "city"}), _company("中芯国际")])
    assert _metrics(doc)["5个"].subject == "深圳市"


def test_a_place_something_lands_in_owns_no_figure():
    # 落地 as 落户: the place where something settles is no owner
    text = "重大创新载体新政出台\n支持落地深圳的国家重点实验室建设，给予最高3000万元支持。"
    doc = _doc(text, [("深圳", "region", "深圳市", {"level": "city"})])
    assert _metrics(doc)["最高3000万元"].subject is None


@pytest.mark.parametrize(
    "text,measure,measure_id",
    [
        # a change verb or an adverb between the measure and its figure is no part of the measure
        ("棉花种植面积已经扩大到十万亩。", "棉花种植面积", "land_area"),
        ("研发投入持续提升至5亿元。", "研发投入", None),
        ("传感器单片零售价一度超10万元。", "传感器单片零售价", "price"),
        # planned investment and what a plan completes (measures.tsv aliases)
        ("计划安排投资500亿元。", "安排投资", "annual_planned_investment"),
        ("年度计划完成2241.3亿元。", "年度计划完成", "investment"),
    ],
)
def test_trailing_verbs_and_plan_aliases(text, measure, measure_id):
    (m,) = figures.extract(text, None)
    assert m.measure == measure
    if measure_id is not None:
        assert measures.measure_id(m.measure, m.unit) == measure_id


@pytest.mark.parametrize(
    "measure,unit,measure_id",
    [
        # a long table form inside a measure that runs on into an adverb or verb
        ("产业全业态主营业务收入连续三年", "CNY", "operating_revenue"),
        # ... not when a head of its own follows it (a median is no income)
        ("全国居民人均可支配收入中位数", "CNY", None),
        # ... nor a short form (投资, 销售 are as often a clause's verb)
        ("公司投资连续三年", "CNY", None),
    ],
)
def test_a_long_table_form_inside_a_run_on_measure(measure, unit, measure_id):
    assert measures.measure_id(measure, unit) == measure_id


@pytest.mark.parametrize(
    "text,figure,measure_id",
    [
        # a percentage in a clause that states a share but names no part
        ("一部电影健康的收入30%来自票房，70%来自版权销售。", "30%", "share"),
        ("一部电影健康的收入30%来自票房，70%来自版权销售。", "70%", "share"),
        ("其中来自大型机构的资金比例在90%以上。", "90%以上", "share"),
        # a stake: a percentage of shares, equity or votes
        ("甲公司拟以5亿元收购乙公司80%股权。", "80%", "share"),
        ("创始人父女控制47%表决权。", "47%", "share"),
        ("公众持股数量不得少于25%。", "少于25%", "share"),
        # ... not a change
        ("出口增长20%，其中来自东盟的订单较多。", "20%", "exports.growth"),
    ],
)
def test_a_percentage_in_a_share_clause_is_a_share(text, figure, measure_id):
    doc = normalize(Document(id="x", raw_text=text, clean_text=text, entities=[]))
    ids = {m.text: (m.__pydantic_extra__ or {}).get("measure_id") for m in doc.metrics}
    assert ids[figure] == measure_id


@pytest.mark.parametrize(
    "text,figure,measure_id",
    [
        # a selling or making verb opening a count's measure: what is sold or made
        ("2024年，累计销售各类商用车6.5万辆，同比增长43.8%。", "6.5万辆", "sales_volume"),
        ("2024年，累计销售各类商用车6.5万辆，同比增长43.8%。", "43.8%", "sales_volume.growth"),
        ("2023年，累计生产家用空调近4000万套。", "近4000万套", "output_volume"),
        # a noun, not a verb (生产线); a count of bodies counts the makers
        ("全县共有生产线84条。", "84条", None),
        ("全县生产中成药11家。", "11家", None),
    ],
)
def test_a_verb_opening_a_counts_measure(text, figure, measure_id):
    doc = normalize(Document(id="x", raw_text=text, clean_text=text, entities=[]))
    ids = {m.text: (m.__pydantic_extra__ or {}).get("measure_id") for m in doc.metrics}
    if measure_id is None:
        assert ids[figure] not in ("sales_volume", "output_volume")
    else:
        assert ids[figure] == measure_id
