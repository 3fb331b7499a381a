"""Subject and measure rules of issue #12's tuning: an entity glued to its figure, owners
listed before 分别, 全国 opening a clause, a breakdown's parts (made-up sentences,
no article's)."""

from __future__ import annotations

from docpipe.document import Document
from services.normalize.stage import normalize
from tests.normalize_probe import Spec, document, measure_ids, subjects


def _doc(text: str, specs: list[Spec]) -> Document:
    return document(text, specs)


def _subjects(doc: Document) -> dict[str, str | None]:
    return subjects(doc)


def _region(text: str, name: str, adcode: str, level: str = "province") -> tuple[str, str, str, dict]:
    return (text, "region", name, {"level": level, "adcode": adcode})


def test_an_entity_written_right_before_a_listed_figure_owns_it():
    text = "去年增速居前的省份是：湖南8.1%、江西7.9%、福建7.6%。"
    doc = _doc(
        text,
        [_region("湖南", "湖南省", "430000"), _region("江西", "江西省", "360000"), _region("福建", "福建省", "350000")],
    )
    assert _subjects(doc) == {"8.1%": "湖南省", "7.9%": "江西省", "7.6%": "福建省"}


def test_owners_listed_before_respectively_take_the_figures_in_order():
    text = "甲市、乙市和丙市的常住人口分别为120万人、95万人和60万人。"
    doc = _doc(
        text,
        [
            ("甲市", "region", "甲市", {"level": "city"}),
            ("乙市", "region", "乙市", {"level": "city"}),
            ("丙市", "region", "丙市", {"level": "city"}),
        ],
    )
    assert _subjects(doc) == {"120万人": "甲市", "95万人": "乙市", "60万人": "丙市"}


def test_respectively_with_unequal_counts_assigns_nothing_by_order():
    # two owners, three figures: no one-to-one reading, the clause rules stand
    text = "甲市和乙市的常住人口分别为120万人、95万人和60万人。"
    doc = _doc(
        text,
        [("甲市", "region", "甲市", {"level": "city"}), ("乙市", "region", "乙市", {"level": "city"})],
    )
    got = _subjects(doc)
    assert len(set(got.values())) == 1


def test_the_whole_country_opening_a_clause_is_the_subject_but_no_entity():
    text = "某省统计局介绍，截至去年底，全国共有国家级孵化器1600家。"
    doc = _doc(text, [("某省统计局", "organization", "某省统计局", {"kind": "government"})])
    out = {m.text: m for m in normalize(doc).metrics}
    assert out["1600家"].subject == "全国"
    assert out["1600家"].__pydantic_extra__["subject_entity"] is None


def test_the_country_as_a_baseline_or_a_part_is_not_the_subject():
    text = "甲省集聚全国四成以上的光伏企业，产量占全国30%。"
    doc = _doc(text, [_region("甲省", "甲省", "990000")])
    got = _subjects(doc)
    assert got["四成以上"] == "甲省" and got["30%"] == "甲省"


def _ids(doc: Document) -> dict[str, str | None]:
    return measure_ids(doc)


def test_a_part_after_qizhong_is_measured_as_its_total_and_so_is_its_change():
    text = "全年商品房销售额300亿元，其中住宅200亿元，同比增长12.5%。"
    got = _ids(_doc(text, []))
    assert got["300亿元"] == "sales" and got["200亿元"] == "sales" and got["12.5%"] == "sales.growth"


def test_parts_in_brackets_are_measured_as_their_total():
    text = "全县播种面积500万亩（甲类300万亩、乙类200万亩）。"
    got = _ids(_doc(text, []))
    assert got["300万亩"] == "land_area" and got["200万亩"] == "land_area"


def test_a_figure_after_another_without_a_breakdown_word_inherits_nothing():
    text = "全年商品房销售额300亿元，住宅200亿元。"
    assert _ids(_doc(text, []))["200亿元"] is None


def _company(text: str) -> tuple[str, str, str, dict]:
    return (text, "organization", text, {"kind": "company"})


def test_a_bare_gongsi_is_the_paragraphs_own_company_not_a_parent_or_its_park():
    text = "甲乙科技有限公司是由丙丁集团投资设立的企业。公司位于戊己高新区，占地面积22万平方米，现有员工651人。"
    doc = _doc(
        text,
        [_company("甲乙科技有限公司"), _company("丙丁集团"), ("戊己高新区", "park", "戊己高新区", {})],
    )
    got = _subjects(doc)
    assert got["22万平方米"] == "甲乙科技有限公司" and got["651人"] == "甲乙科技有限公司"


def test_a_company_under_a_heading_is_what_gaisi_and_gongsi_refer_to():
    text = "（一）甲乙制药有限公司\n该公司成立于2002年，为丙丁集团下属子公司。公司位于某镇，现有员工311人。"
    doc = _doc(text, [_company("甲乙制药有限公司"), _company("丙丁集团")])
    assert _subjects(doc)["311人"] == "甲乙制药有限公司"


def test_a_body_named_as_the_data_source_owns_no_figure():
    text = "数据来源：甲数据公司\n此外，乙股份上周获84家机构调研，公司的毛利率为35.9%。"
    doc = _doc(text, [_company("甲数据公司"), _company("乙股份")])
    assert _subjects(doc)["35.9%"] == "乙股份"


def test_a_cluster_or_base_named_after_a_place_owns_its_figures():
    text = "甲高新区新材料创新型产业集群实现产值88亿元。甲高新区投资建设基地面积3000亩。"
    doc = _doc(text, [("甲高新区", "park", "甲高新区", {}), ("甲高新区", "park", "甲高新区", {})])
    out = {m.text: m for m in normalize(doc).metrics}
    assert out["88亿元"].subject == "甲高新区新材料创新型产业集群"
    assert out["88亿元"].__pydantic_extra__["subject_entity"] is None
    # 投资建设 is the park acting: the base is its object, the park the owner
    assert out["3000亩"].subject == "甲高新区"


def test_an_annual_output_written_before_a_count_outranks_the_noun_after_it():
    got = _ids(_doc("集团将建设年产40万件羊绒衫加工项目。", []))
    assert got["40万件"] == "production_capacity"


def test_a_cong_kan_frame_names_the_measure_of_the_figures_after_it():
    text = "从前三季度GDP增速来看，排名居前的是：甲省10.7%、乙省10.6%。"
    got = _ids(_doc(text, []))
    assert got["10.7%"] == "gdp.growth" and got["10.6%"] == "gdp.growth"


def test_compound_and_sharp_growth_words_are_changes():
    got = _ids(_doc("预计2023年市场规模约为3924亿元，2019年-2023年复合增长率可达33%。", []))
    assert got["33%"] == "market_size.growth"
    assert _ids(_doc("公司三季报：利润爆增630%。", []))["630%"] == "total_profit.growth"


def test_a_plan_word_inside_a_measure_is_dropped_unless_a_table_form_holds_it():
    assert _ids(_doc("该基金计划总规模为3亿元。", []))["3亿元"] == "fund_size"
    assert _ids(_doc("项目计划总投资50亿元。", []))["50亿元"] == "total_investment"


def test_a_measure_before_a_from_baseline_names_the_figure():
    got = _ids(_doc("公司的毛利率从2012年的31.25%提升至2016年的35.92%。", []))
    assert got["31.25%"] == "gross_margin"


def test_a_sector_named_manufacturing_is_its_value_added_a_subsector_is_not():
    got = _ids(_doc("到2025年全省制造业比重由2020年的32.7%提高至33.3%。", []))
    assert got["33.3%"] == "manufacturing_value_added.share"
    got = _ids(_doc("规模以上专用设备制造业增长24.5%。", []))
    assert got["24.5%"] == "value_added.growth"


def test_a_bare_gongsi_far_from_any_company_is_the_articles_company():
    filler = "行业景气度持续回升，市场需求稳步增长。" * 12
    text = (
        "甲宠物股份发布三季报，甲宠物股份营收增长，甲宠物股份毛利提升。\n"
        "今年在乙商城旗舰店推出新品。\n" + filler + "\n公司作为有限合伙人，以自有资金1.2亿元认购基金份额。"
    )
    doc = _doc(
        text,
        [_company("甲宠物股份"), _company("甲宠物股份"), _company("甲宠物股份"), _company("乙商城")],
    )
    assert _subjects(doc)["1.2亿元"] == "甲宠物股份"


def test_a_share_naming_no_part_takes_the_part_from_the_clause_before():
    got = _ids(_doc("统计显示，甲地三大先导产业的产业规模，分别占全国的3/5。", []))
    assert got["3/5"] == "industry_scale.share"
    # a sentence end between: no part
    assert _ids(_doc("甲地产业规模很大。占全国的3/5。", []))["3/5"] == "share"


def test_a_company_written_with_its_stock_code_after_wei_is_no_object():
    text = "市值在千亿以上的公司中，最大的为甲芯科技（688981.SH），最新市值为3275亿元。"
    doc = _doc(text, [_company("甲芯科技")])
    assert _subjects(doc)["3275亿元"] == "甲芯科技"


def test_a_figure_after_a_ranked_measure_takes_that_measure():
    got = _ids(_doc("同期甲市工业增加值增速位居全省第一，达到38.7%。", []))
    assert got["38.7%"] == "industrial_value_added.growth"


def test_a_bare_rate_after_a_rate_of_the_same_kind_goes_on_across_a_sentence_end():
    text = "甲省前三季度GDP增速为12.8%，位居第二。甲省两年平均增速6.8%，位居第一。"
    got = _ids(_doc(text, [_region("甲省", "甲省", "990000"), _region("甲省", "甲省", "990000")]))
    assert got["6.8%"] == "gdp.growth"
    # not after a level, and not after a multiple
    assert _ids(_doc("地区生产总值为1000亿元。同比增长5%。", []))["5%"] is None


def test_a_body_the_news_was_learnt_from_owns_no_figure():
    text = "近日从某部火炬中心获悉，截至2023年2月，全国共有产业集群193家。其中，近150家位于高新区内。"
    doc = _doc(text, [("某部火炬中心", "organization", "某部火炬中心", {"kind": "government"})])
    assert _subjects(doc)["近150家"] is None


def test_a_figure_modifying_the_entity_after_it_belongs_to_that_entity():
    text = "另外，甲市经济强劲，GDP超过3000亿的乙区，财政却直属省里。"
    doc = _doc(text, [_region("甲市", "甲市", "990100", "city"), _region("乙区", "乙区", "990101", "district")])
    assert _subjects(doc)["超过3000亿"] == "乙区"
    text = "格力开建年产值250亿元的西南产业基地。"
    doc = _doc(text, [_company("格力"), ("西南", "region", "西南", {"level": "economic_region"})])
    assert _subjects(doc)["250亿元"] == "西南产业基地"


def test_invention_patent_applications_are_patent_applications():
    got = _ids(_doc("甲市与乙市合作申请发明专利数量为4911件。", []))
    assert got["4911件"] == "patent_applications"
    assert _ids(_doc("全市拥有有效发明专利2万件。", []))["2万件"] == "invention_patent_count"


def test_a_project_opening_a_sentence_that_names_no_entity_owns_its_figures_as_no_entity():
    text = "甲公司宣布在乙市建设主题乐园。项目规划占地4150亩，总投资100亿元。该设施已为近450家单位提供服务。"
    doc = _doc(
        text,
        [("甲公司", "organization", "甲公司", {"kind": "company"}), ("乙市", "region", "乙市", {"level": "city"})],
    )
    figs = {m.text: m for m in normalize(doc).metrics}
    assert {k: m.subject for k, m in figs.items()} == {"4150亩": "项目", "100亿元": "项目", "近450家": "该设施"}
    assert all(m.subject_entity is None for m in figs.values())


def test_a_project_after_an_entity_or_running_once_built_is_no_subject():
    # an entity in the sentence before the figure owns it as before
    text = "乙市的项目规划占地4150亩。"
    doc = _doc(text, [("乙市", "region", "乙市", {"level": "city"})])
    assert _subjects(doc) == {"4150亩": "乙市"}
    # 项目建成达产后: the output is the company's, not the project's
    text = "甲公司计划投资2亿元扩大生产。项目建成达产后，年产2万台阀门。"
    doc = _doc(text, [("甲公司", "organization", "甲公司", {"kind": "company"})])
    assert _subjects(doc)["2万台"] == "甲公司"


def test_a_zones_generic_head_after_a_date_stands_for_the_zone_named_before():
    text = "甲乙纺织产业园位于丙国。\n2015年产业园首期试种棉花5000亩，丙国政府提供土地。"
    doc = _doc(
        text,
        [("甲乙纺织产业园", "park", "甲乙纺织产业园", {}), ("丙国", "region", "丙国", {"level": "country"})],
    )
    assert _subjects(doc) == {"5000亩": "甲乙纺织产业园"}


def test_a_company_in_a_list_of_examples_closed_by_a_count_owns_no_figure():
    # 甲乙能源…等21个项目: the company is one example of the projects counted, not
    # their owner, nor of the figures after them; its own figure, glued to it, stays its.
    text = (
        "丙市2023年工作回顾\n"
        "实施甲乙能源350万千瓦光伏等21个风光项目，完成投资90亿元。"
        "丁戊科技超净滤材、己庚材料钨钼合金等一批项目竣工投产，装备制造产业增加值增长25%。"
        "甲乙能源完成投资12亿元。"
    )
    doc = _doc(
        text,
        [
            _region("丙市", "丙市", "130100", "city"),
            _company("甲乙能源"),
            _company("丁戊科技"),
            _company("己庚材料"),
            _company("甲乙能源"),
        ],
    )
    got = _subjects(doc)
    assert got["350万千瓦"] == "甲乙能源"
    assert got["21个"] == "丙市" and got["90亿元"] == "丙市" and got["25%"] == "丙市"
    assert got["12亿元"] == "甲乙能源"


def test_a_collective_word_stands_for_no_place_named_as_a_location_or_companion():
    # 位于乙…、丙…，园区及周边10平方公里: the zones the park lies in are objects of 位于,
    # so 园区 is the park the text is about, named before them.
    text = "甲软件园是国家级科技企业孵化器。位于乙高新区南部园区、丙自贸区核心区，园区及周边10平方公里为示范基地。"
    doc = _doc(
        text,
        [
            ("甲软件园", "park", "甲软件园", {}),
            ("乙高新区南部园区", "park", "乙高新区南部园区", {}),
            ("丙自贸区", "park", "丙自贸区", {}),
        ],
    )
    assert _subjects(doc)["10平方公里"] == "甲软件园"


def test_a_count_closing_a_list_of_examples_does_not_inherit_the_examples_owner():
    # 甲乙能源350万千瓦光伏等21个风光项目: 350万千瓦 is the company's (glued), but the
    # count after 等 counts every project listed, so it does not take the figure
    # before's owner; it falls to the document's own (the title's city).
    text = "丙市2023年工作回顾：稳中求进，风光项目加快建设\n加快开发风光资源，实施甲乙能源350万千瓦光伏等21个风光项目、总装机规模1018万千瓦。"
    doc = _doc(text, [_region("丙市", "丙市", "130100", "city"), _company("甲乙能源")])
    got = _subjects(doc)
    assert got["350万千瓦"] == "甲乙能源"
    assert got["21个"] == "丙市" and got["1018万千瓦"] == "丙市"


def test_a_company_reporting_data_owns_no_figure_but_one_speaking_does():
    # a data firm's label, its data shown or news learnt from it: a source
    text = "甲资讯数据：上月新设立基金120支，募集金额300亿元。乙证券点评指出，丙股份毛利率为35.9%。"
    doc = _doc(text, [_company("甲资讯"), _company("乙证券"), _company("丙股份")])
    got = _subjects(doc)
    assert got["120支"] is None and got["300亿元"] is None
    assert got["35.9%"] == "丙股份"
    text = "丁财经获悉，上月全行业新设立基金120支。"
    assert _subjects(_doc(text, [_company("丁财经")]))["120支"] is None
    # a company saying something keeps its own figures, and so does one giving its own results' data
    text = "戊集团表示，上半年营业收入为50亿元。"
    assert _subjects(_doc(text, [_company("戊集团")]))["50亿元"] == "戊集团"
    text = "己科技财报数据显示，上半年营业收入为50亿元。"
    assert _subjects(_doc(text, [_company("己科技")]))["50亿元"] == "己科技"


def test_a_bare_gongsi_is_the_company_opening_the_last_sentence_that_opens_with_one():
    text = (
        "一批项目在行业内领先。甲乙阀门是行业的首家上市公司，公司计划总投资2.31亿元扩大产能。"
        "丙丁电子有限公司专业从事封装，为了扩大规模，公司在科技城投资9000万元扩建工厂。"
    )
    doc = _doc(text, [_company("甲乙阀门"), _company("丙丁电子有限公司")])
    got = _subjects(doc)
    assert got["2.31亿元"] == "甲乙阀门"
    assert got["9000万元"] == "丙丁电子有限公司"  # not the paragraph's first company
    # a company opening its sentence to speak of another is not what 公司 stands for
    text = "戊己纸业上周获84家机构调研。庚辛证券在简报中指出，公司的毛利率从2012年的31.25%提升至2016年的35.92%。"
    doc = _doc(text, [_company("戊己纸业"), _company("庚辛证券")])
    assert _subjects(doc)["31.25%"] == "戊己纸业"


def test_a_determined_gaisi_is_the_nearest_company_a_bare_gongsi_the_paragraphs():
    text = (
        "据公开资料，甲乙集团旗下拥有60多家重点企业。主要车企之一丙丁汽车便是其下属企业。该公司在全球拥有12个制造基地。"
    )
    doc = _doc(text, [_company("甲乙集团"), _company("丙丁汽车")])
    assert _subjects(doc)["12个"] == "丙丁汽车"  # 该公司: the company named last
    text = (
        "据公开资料，甲乙集团旗下拥有60多家重点企业。主要车企之一丙丁汽车便是其下属企业。公司在全球拥有12个制造基地。"
    )
    doc = _doc(text, [_company("甲乙集团"), _company("丙丁汽车")])
    assert _subjects(doc)["12个"] == "甲乙集团"  # a bare 公司: the paragraph's company


def test_a_body_a_cleft_puts_in_focus_is_the_subject_after_it():
    text = "甲省基金募资规模最大，认缴规模达1340亿元。排在第二位的是乙市产业发展基金，募集规模达60亿元。"
    doc = _doc(
        text,
        [("甲省基金", "organization", "甲省基金", {"kind": "company"}), _company("乙市产业发展基金")],
    )
    assert _subjects(doc)["60亿元"] == "乙市产业发展基金"  # not an object of 是
    text = "甲省基金募资规模最大，认缴规模达1340亿元。资金主要投向是乙市产业发展基金，合计60亿元。"
    doc = _doc(
        text,
        [("甲省基金", "organization", "甲省基金", {"kind": "company"}), _company("乙市产业发展基金")],
    )
    assert _subjects(doc)["60亿元"] != "乙市产业发展基金"  # a plain 是 still makes an object


def test_a_figure_said_of_every_body_of_a_list_has_no_owner():
    text = "据报道，甲电子、乙半导体和丙晶圆的开工率都在60%至70%之间。"
    doc = _doc(text, [_company("甲电子"), _company("乙半导体"), _company("丙晶圆")])
    assert _subjects(doc)["60%至70%"] is None  # 都: each of them, no one owner
    # 人均, 成都 hold 均, 都 but say nothing of a list
    from services.normalize.attribution import _inside_word

    assert _inside_word("人均产值", 1) and _inside_word("落户成都", 3)
    assert not _inside_word("开工率都在", 3) and not _inside_word("，均在", 1)


def test_a_thing_set_up_in_the_clause_before_is_the_figures_subject():
    text = "2011年，甲市搭建了一个大型仪器设备共享平台，汇聚了仪器设备7281套。"
    doc = _doc(text, [_region("甲市", "甲市", "130100", "city")])
    assert _subjects(doc)["7281套"] == "大型仪器设备共享平台"  # the platform's, not the city's
    # the figure's own clause names its owner: that owner
    text = "2011年，甲市搭建了一个大型仪器设备共享平台，乙公司投入资金300万元。"
    doc = _doc(text, [_region("甲市", "甲市", "130100", "city"), _company("乙公司")])
    assert _subjects(doc)["300万元"] == "乙公司"
    # a thing named by an entity is that entity's; a counted one the builder's
    text = "甲集团建成51个渔光一体基地，总装机超过3.12GW。"
    doc = _doc(text, [_company("甲集团")])
    assert _subjects(doc)["超过3.12GW"] == "甲集团"


def test_an_entity_opening_a_sentence_with_zuowei_is_its_topic():
    text = "中国作为全球最大的新能源汽车市场，销量快速增长，根据甲协会数据，上半年新能源汽车销量达119.4万辆。"
    doc = _doc(
        text,
        [
            _region("中国", "中国", "100000", "country"),
            ("甲协会", "organization", "甲协会", {"kind": "association"}),
        ],
    )
    assert _subjects(doc)["119.4万辆"] == "中国"  # the topic, though a country
    # an owner named after the topic owns the figure
    text = "甲基金管理公司作为普通合伙人，拟出资认购其设立的乙产业基金，占基金认缴出资总额60%。"
    doc = _doc(text, [_company("甲基金管理公司"), _company("乙产业基金")])
    assert _subjects(doc)["60%"] == "乙产业基金"


def test_a_documents_own_place_outranks_places_in_passing():
    # a title's place: an owner named inside an earlier sentence is a place in passing
    text = "甲省推广25项经验做法\n今年以来，甲省上下深入落实。在乙区，开办时间压缩至1天。各地形成联动格局。做法涵盖多个部门和5个地级市。"
    doc = _doc(text, [_region("甲省", "甲省", "640000"), _region("乙区", "乙区", "640202", "district")])
    assert _subjects(doc)["5个"] == "甲省"
    # a park's page: the park it names first and most, not the city of its address
    from services.normalize.subjects import main_park

    text = "园区简介\n联系我们\n丙信息产业园将创造良好条件，使丙信息产业园成为软件之地。\n丙信息产业园已有入园企业137家。\n地址：丁市戊区"
    doc = _doc(
        text,
        [
            ("丙信息产业园", "park", "丙信息产业园", {}),
            ("丙信息产业园", "park", "丙信息产业园", {}),
            ("丙信息产业园", "park", "丙信息产业园", {}),
            _region("丁市", "丁市", "331100", "city"),
        ],
    )
    assert main_park(doc.clean_text or "", doc.entities) == "丙信息产业园"
    # named less than three times, or as often as another park: none
    assert main_park(doc.clean_text or "", doc.entities[1:]) is None
