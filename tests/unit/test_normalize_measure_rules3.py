"""Measure and subject rules of issue #12's eleventh tuning (heldout12 and
heldout13 read as tuning sets; made-up sentences, no article's)."""

from __future__ import annotations

from docpipe.document import Document
from services.normalize.share_whole import share_of_whole
from services.normalize.stage import normalize
from tests.normalize_probe import Spec, document, measure_ids, subjects


def _doc(text: str, specs: list[Spec] | None = None) -> Document:
    return document(text, specs or [])


def _ids(text: str) -> dict[str, str | None]:
    return measure_ids(_doc(text))


def test_a_price_as_land_auctions_producers_and_exchanges_write_it():
    got = _ids("某公司以12亿元竞得该地块，楼面价每平方米14895元。一月煤油出厂价降至4800元。该股开盘价为39元。")
    assert got["每平方米14895元"] == "price"
    assert got["4800元"] == "price"
    assert got["39元"] == "price"


def test_a_rise_written_as_prices_rise_is_a_growth():
    got = _ids("当日该公司股价大涨36%。甲股股价暴涨20%。乙股股价涨5.5%。")
    assert got["36%"] == "price.growth"
    assert got["20%"] == "price.growth"
    assert got["5.5%"] == "price.growth"


def test_a_body_the_reporter_learns_from_is_a_source_not_the_owner():
    text = "记者从水利部了解到，今年全国完成水利建设投资1.1万亿元。"
    doc = _doc(text, [("水利部", "organization", "水利部", {"kind": "government"})])
    assert {m.text: m.subject for m in normalize(doc).metrics}["1.1万亿元"] != "水利部"


def _subjects(text: str, specs: list[Spec]) -> dict[str, str | None]:
    return subjects(_doc(text, specs))


_CITY = {"level": "city", "adcode": "330200"}
_COMPANY = {"kind": "company"}


def test_a_named_work_opening_the_clause_is_what_its_figures_measure():
    text = "宁波市推进重大项目建设。沿海高铁工程总里程520公里，总投资1300亿元。"
    got = _subjects(text, [("宁波市", "region", "宁波市", _CITY)])
    assert got["520公里"] == "沿海高铁工程" and got["1300亿元"] == "沿海高铁工程"


def test_a_named_work_opening_the_sentence_holds_over_a_company_inside_it():
    text = "两河口水电站为甲公司的龙头电站，水库正常蓄水位2865米。"
    got = _subjects(text, [("甲公司", "organization", "甲公司", _COMPANY)])["2865米"]
    assert got is not None and got != "甲公司" and got.endswith("电站")


def test_a_named_work_ending_the_clause_before_the_figure_is_its_subject():
    text = "宁波市有总装机容量300万千瓦的两河口水电站，概算总投资664.57亿元。"
    assert _subjects(text, [("宁波市", "region", "宁波市", _CITY)])["664.57亿元"] == "两河口水电站"


def test_a_mode_a_count_or_a_distance_is_no_named_work():
    text = "宁波市全年公路客运量1935万人。宁波市有两个露天矿减产，减少利润30亿元。甲园区距双流机场仅10公里。"
    got = _subjects(
        text,
        [
            ("宁波市", "region", "宁波市", _CITY),
            ("宁波市", "region", "宁波市", _CITY),
            ("甲园区", "park", "甲园区", {}),
        ],
    )
    assert got["1935万人"] == "宁波市" and got["30亿元"] == "宁波市" and got["10公里"] == "甲园区"


def test_an_owner_opening_a_later_clause_keeps_its_figures():
    text = "沿海高铁工程进展顺利，甲公司完成投资20亿元。"
    assert _subjects(text, [("甲公司", "organization", "甲公司", _COMPANY)])["20亿元"] == "甲公司"


_PERSON: dict = {}


def test_a_person_opening_the_clause_holds_the_figure_not_the_company_acted_on():
    text = "如今，赵薇夫妇持股16.74亿股，依然是阿里影业的第二大股东。赵薇近期减持阿里影业共2.56亿股。"
    got = _subjects(
        text,
        [
            ("赵薇", "person", "赵薇", _PERSON),
            ("阿里影业", "organization", "阿里影业", _COMPANY),
            ("赵薇", "person", "赵薇", _PERSON),
            ("阿里影业", "organization", "阿里影业", _COMPANY),
        ],
    )
    assert got["16.74亿股"] == "赵薇" and got["2.56亿股"] == "赵薇"


def test_a_person_who_speaks_or_heads_a_list_holds_no_figure():
    text = "甲公司今年发展很快。张三告诉记者，甲公司销售额达到400万元。李四表示，营收增长了20%。"
    got = _subjects(
        text,
        [
            ("甲公司", "organization", "甲公司", _COMPANY),
            ("张三", "person", "张三", _PERSON),
            ("甲公司", "organization", "甲公司", _COMPANY),
            ("李四", "person", "李四", _PERSON),
        ],
    )
    assert got["400万元"] == "甲公司" and got["20%"] != "李四"
    listed = "王五介绍，巴泽梯田、三叠岭瀑布等景区接待游客6.16万人次。"
    assert (
        _subjects(listed, [("王五", "person", "王五", _PERSON), ("巴泽", "person", "巴泽", _PERSON)])["6.16万人次"]
        != "巴泽"
    )


def test_an_owner_opening_a_clause_after_the_person_keeps_the_figure():
    text = "张三来到园区，甲公司去年营收5亿元。"
    got = _subjects(text, [("张三", "person", "张三", _PERSON), ("甲公司", "organization", "甲公司", _COMPANY)])
    assert got["5亿元"] == "甲公司"


def test_a_share_whose_measure_text_lost_its_whole_is_the_wholes_after_zhan():
    got = _ids(
        "公司主营业务为消费性电子、通讯产品，占营收比例分别为85.27%、4.66%。三个业务占本集团总收入的比例分别为53.46%、38.21%和8.28%。"
    )
    assert got["85.27%"] == "operating_revenue.share" and got["4.66%"] == "operating_revenue.share"
    assert got["53.46%"] == "operating_revenue.share" and got["8.28%"] == "operating_revenue.share"


def test_a_stake_after_zhan_names_no_whole():
    text = "收购完成后，甲公司持有的股权占乙公司注册资本的33.71%。"
    assert share_of_whole(text, text.index("33.71%")) is None
    text = "三个业务占本集团总收入的比例分别为53.46%。"
    assert share_of_whole(text, text.index("53.46%")) == "operating_revenue.share"


def test_a_mass_sold_or_made_is_a_sales_or_output_volume():
    got = _ids("网上共销售5000多公斤。5公顷土地上，产出3.5万公斤高粱米。全年生产钢材300万吨。")
    assert got["5000多公斤"] == "sales_volume"
    assert got["3.5万公斤"] == "output_volume"
    assert got["300万吨"] == "output_volume"


def test_an_amount_right_before_a_winning_bid_or_a_merger_is_a_transaction_value():
    got = _ids("首开联合体以12亿元竞得鹤林片区地块。万华化学拟522亿元吸收合并控股股东。")
    assert got["12亿元"] == "transaction_value" and got["522亿元"] == "transaction_value"


def test_a_named_base_is_a_facility_but_not_an_example_closed_by_deng():
    text = "郑州市建设物流枢纽。薛店现代物流基地占地1572亩。中交海南总部基地等74个项目落地。"
    got = _subjects(text, [("郑州市", "region", "郑州市", _CITY)])
    assert got["1572亩"] == "薛店现代物流基地"
    assert got["74个"] != "中交海南总部基地"


def test_a_label_closed_by_a_colon_names_the_figure_it_introduces():
    got = _ids("（4）本项目的预算价：2529.6万元。\n3、本项目采购预算价为：人民币145万元。\n招标控制价：710020元。")
    assert got["2529.6万元"] == "procurement_budget"
    assert got["145万元"] == "procurement_budget"
    assert got["710020元"] == "procurement_budget"
    # a colon far from the figure (a clause runs on after it) labels nothing
    assert _ids("数据显示：今年以来该市新开工项目共计投入12亿元。")["12亿元"] != "procurement_budget"


def test_a_work_or_site_named_as_an_organization_is_no_subject_entity():
    text = "元阳哈尼梯田机场2023年旅客吞吐量达到12万人次。"
    doc = _doc(text, [("元阳哈尼梯田机场", "organization", "元阳哈尼梯田机场", {})])
    m = {m.text: m for m in normalize(doc).metrics}["12万人次"]
    assert m.subject == "元阳哈尼梯田机场"
    assert m.__pydantic_extra__["subject_entity"] is None


def test_one_letter_places_written_back_to_back_own_no_figure_alone():
    text = "川渝两地推出311项通办事项。"
    sc = ("川", "region", "四川省", {"level": "province", "adcode": "510000"})
    cq = ("渝", "region", "重庆市", {"level": "province", "adcode": "500000"})
    m = {m.text: m for m in normalize(_doc(text, [sc, cq])).metrics}["311项"]
    assert m.__pydantic_extra__["subject_entity"] is None
    # a one-letter form alone still owns its figure
    one = "渝推出311项通办事项。"
    m = {m.text: m for m in normalize(_doc(one, [cq])).metrics}["311项"]
    assert m.subject == "重庆市"


def test_a_body_that_leads_owns_no_figure():
    text = "全国人民在中国共产党的坚强领导下迎难而上。国内生产总值达到33.5万亿元。"
    party = ("中国共产党", "organization", "中国共产党", {})
    m = {m.text: m for m in normalize(_doc(text, [party])).metrics}["33.5万亿元"]
    assert m.subject != "中国共产党"


def test_a_long_list_of_examples_closed_by_deng_and_a_count_owns_no_later_figure():
    text = "巴斯夫核心装置、埃克森美孚一期、华润微电子12英寸产线、深汕比亚迪二期等一批重大项目建成投产，无人机产量增长39%。"
    basf = ("巴斯夫", "organization", "巴斯夫", {"kind": "company"})
    m = {m.text: m for m in normalize(_doc(text, [basf])).metrics}["39%"]
    assert m.subject != "巴斯夫"


def test_a_news_medium_is_a_source_not_an_owner():
    text = "央视网消息（新闻联播）：今年前4个月，国家高新区营业收入达10.26万亿元。"
    media = ("新闻联播", "organization", "新闻联播", {})
    m = {m.text: m for m in normalize(_doc(text, [media])).metrics}["10.26万亿元"]
    assert m.subject != "新闻联播"


def test_a_flow_or_part_of_the_population_is_no_resident_population():
    got = _ids(
        "年末全国人口140828万人，其中城镇常住人口94350万人。全年出生人口954万人；死亡人口1093万人。农村贫困人口减少1442万人。"
    )
    assert got["140828万人"] == "resident_population"
    assert got["94350万人"] is None
    assert got["954万人"] is None
    assert got["1093万人"] is None
    assert got["1442万人"] is None


def test_an_entity_that_acts_before_a_list_closed_by_deng_is_its_subject_not_an_example():
    text = "“十四五”期间，湖北省将围绕打造电子信息、大健康等5个万亿产业集群。"
    hb = ("湖北省", "region", "湖北省", {"level": "province", "adcode": "420000"})
    m = {m.text: m for m in normalize(_doc(text, [hb])).metrics}["5个"]
    assert m.subject == "湖北省"
    # an item of the list is still an example (中交海南总部基地等74个项目)
    ex = "中交海南总部基地等74个项目集中开工。"
    org = ("中交", "organization", "中交", {"kind": "company"})
    m = {m.text: m for m in normalize(_doc(ex, [org])).metrics}["74个"]
    assert m.subject != "中交"


def test_a_footnote_marker_between_a_measure_and_its_figure_is_skipped():
    got = _ids("初步核算，全年国内生产总值[2]1349084亿元，比上年增长5.0%。年末全国人口[5]140828万人。")
    assert got["1349084亿元"] == "gdp"
    assert got["140828万人"] == "resident_population"


def test_a_body_followed_by_anzhao_is_a_source_not_the_owner():
    text = "南水北调东线一期工程今天启动全线调水，按照水利部印发的水量调度计划，本年度将向江苏调水5.27亿立方米。"
    mwr = ("水利部", "organization", "水利部", {"kind": "government"})
    m = {m.text: m for m in normalize(_doc(text, [mwr])).metrics}["5.27亿立方米"]
    assert m.subject != "水利部"


def test_a_place_written_right_after_a_located_place_is_part_of_the_location():
    text = "保障性租赁住房委托运营招标公告\n（1）项目概况：本项目位于宁波市北仑区大碶街道。总投资约59938万元。"
    nb = ("宁波市", "region", "宁波市", {"level": "city", "adcode": "330200"})
    bl = ("北仑区", "region", "北仑区", {"level": "district", "adcode": "330206", "parent": "宁波市"})
    m = {m.text: m for m in normalize(_doc(text, [nb, bl])).metrics}["约59938万元"]
    assert m.subject != "北仑区"


def test_a_collective_whole_a_share_is_of_owns_no_figure():
    text = (
        "海南省加快自贸港建设。2022年，洋浦经济开发区企业营收增速50.5%，贸易进出口总值同比增长35.6%，约占全省近一半。"
    )
    hn = ("海南省", "region", "海南省", {"level": "province", "adcode": "460000"})
    yp = ("洋浦经济开发区", "park", "洋浦经济开发区", {})
    got = {m.text: m.subject for m in normalize(_doc(text, [hn, yp])).metrics}
    assert got["近一半"] == "洋浦经济开发区"


def test_a_citys_collective_is_its_home_when_the_city_is_no_entity():
    text = (
        "苏州市城市管理局2024年上半年工作总结\n强化共享单车管理，推进古城区共享单车开放运营，设置停放点位26处。"
        "稳慎推进共享电单车试点，在全市22个街道试点投放共享电单车2.5万辆。苏州城管持续发力。"
    )
    org = ("苏州市城市管理局", "organization", "苏州市城市管理局", {"kind": "government"})
    gc = ("古城区", "region", "古城区", {"level": "district", "adcode": "320508", "parent": "苏州市"})
    got = {m.text: m.subject for m in normalize(_doc(text, [org, gc])).metrics}
    # 全市 is the city the bureau's summary speaks of (its home), not the district named before
    assert got["2.5万辆"] == "苏州市"
    assert got["26处"] == "古城区"


def test_an_exhibition_area_opening_its_sentence_is_what_its_figures_are_about():
    text = "自贡农业展区位于农业馆，在50多平方米的展区内，来自30余家农产品企业的100多个系列农产品参展。"
    zg = ("自贡", "region", "自贡市", {"level": "city", "adcode": "510300"})
    got = {m.text: m.__pydantic_extra__["subject_entity"] for m in normalize(_doc(text, [zg])).metrics}
    assert got["30余家"] is None


def test_a_port_opening_its_sentence_is_what_its_figures_are_about():
    text = "广西加快开放。北部湾港集装箱总量累计突破3647.55万标箱，集装箱航线达91条。"
    gx = ("广西", "region", "广西壮族自治区", {"level": "province", "adcode": "450000"})
    got = {m.text: m.__pydantic_extra__["subject_entity"] for m in normalize(_doc(text, [gx])).metrics}
    assert got["91条"] is None
