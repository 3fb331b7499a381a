"""measure_id and subject_entity on the normalize stage's metrics."""

from __future__ import annotations

import pytest

from docpipe.document import Document, Entity
from services.normalize import measures
from services.normalize.stage import normalize
from services.normalize.subjects import SubjectEntities, title_owner


@pytest.mark.parametrize(
    "measure,unit,mid",
    [
        # aliases and the canonical name
        ("地区生产总值", "CNY", "gdp"),
        ("GDP", "CNY", "gdp"),
        ("gdp", "CNY", "gdp"),
        ("实际利用外资", "USD", "fdi_actual"),
        ("规上工业增加值", "CNY", "industrial_value_added_above_scale"),
        # the head is last: the revenue of high-tech firms, not a count of them
        ("高新技术企业营业收入", "CNY", "operating_revenue"),
        ("生物医药高新技术企业", "count", "high_tech_enterprise_count"),
        ("房地产开发投资额", "CNY", "real_estate_investment"),
        # 实际增长: growth at constant prices, of the measure before it
        ("城镇居民人均可支配收入实际增长", "percent", "urban_per_capita_disposable_income.growth"),
        ("社会消费品零售总额实际增长", "percent", "retail_sales.growth"),
        # a count of above-scale firms is no sector's value added (企业 is no 业 of a sector)
        ("规模以上工业企业", "count", "above_scale_enterprise_count"),
        ("规模以上专用设备制造业", "CNY", "value_added"),
        # 服务业 names its value added (as 第三产业); news forms of table rows
        ("服务业比重", "percent", "tertiary_industry_value_added.share"),
        ("签约额", "CNY", "signed_investment"),
        ("技术合同登记成交额", "CNY", "technology_contract_turnover"),
        ("关税减免", "CNY", "tax_cut"),
        # firms named by their trade role; a port's containers; the ocean economy is no GDP
        ("配套商", "count", "enterprise_count"),
        ("集装箱总量", "标箱", "cargo_throughput"),
        ("海洋生产总值年均增长", "percent", None),
        ("国民总收入", "CNY", None),
        # a procurement notice's budget
        ("本项目的预算价", "CNY", "procurement_budget"),
        # grain in 斤, the unit work reports write and the contract keeps
        ("粮食产量", "斤", "grain_output"),
        ("发明专利数量", "count", "invention_patent_count"),
        ("价值", "CNY", None),
        # 给予最高500万元资金支持, 最高2000万元贴息支持: funding granted is a subsidy
        ("资金支持", "CNY", "subsidy"),
        # 黑龙江省13家金融机构: financial institutions are counted as firms
        ("金融机构", "count", "enterprise_count"),
        ("新增央企", "count", "enterprise_count"),
        # money put in by subscribing (腾讯认购4亿美元) and a company's capital expenditure
        ("认购", "USD", "investment"),
        ("资本开支", "USD", "investment"),
        ("认购", "count", None),
        # 可比 is "comparable", no comparison: same-store sales and their change
        ("全球可比销售额增长", "percent", "sales.growth"),
        ("可比销售额下降", "percent", "sales.decline"),
        # 缩水 (shrank) is a decline word
        ("市值缩水", "percent", "market_value.decline"),
        ("贴息", "CNY", "subsidy"),
        ("投资者信心", "CNY", None),
        # a count's noun phrase running on into its verb; a text stopping at a baseline
        ("项目推进正常", "count", "project_count"),
        ("研发人员", "count", None),
        ("毛利率从2012年的", "percent", "gross_margin"),
        ("人均GDP基本", "CNY", "gdp_per_capita"),
        # the unit must fit: a percent is no amount of revenue
        ("营业收入", "percent", None),
        ("营业收入", "CNY", "operating_revenue"),
        ("营业收入", "USD", "operating_revenue"),
        ("装机容量", "W", "installed_capacity"),
        ("年产能", "kg/year", "production_capacity"),
        # growth and decline of a rate; increase and decrease of an amount
        ("GDP同比增长", "percent", "gdp.growth"),
        ("工业投资增速", "percent", "industrial_investment.growth"),
        ("毛利率同比提升", "percentage_point", "gross_margin.growth"),
        ("技术合同成交额增长", "times", "technology_contract_turnover.growth"),
        ("出口同比下降", "percent", "exports.decline"),
        ("营业利润降幅", "percent", "total_profit.decline"),
        ("地区生产总值增加", "CNY", "gdp.increase"),
        ("增加水稻种植面积", "亩", "land_area.increase"),
        ("商品住宅成交面积较2010年同期下降", "percent", "commodity_housing_sales_area.decline"),
        ("规模以上专用设备制造业增长", "percent", "value_added.growth"),
        # shares: of the part named before 占, else a bare share
        ("高新技术产业产值占规模以上工业", "percent", "high_tech_industry_output_value.share"),
        ("占全国", "percent", "share"),
        ("生物医药产业占比", "percent", "share"),
        # a rate of its own is not a share
        ("市场占有率", "percent", "market_share"),
        ("研发投入强度", "percent", "rd_intensity"),
        # nothing to go on
        (None, "CNY", None),
        ("", "count", None),
        ("同比增长", "percent", None),
        ("课题组", "count", None),
    ],
)
def test_measure_id(measure, unit, mid):
    assert measures.measure_id(measure, unit) == mid


def test_derived_ids_find_their_row():
    assert measures.row_of("gdp.growth").id == "gdp"
    assert measures.row_of("gdp").kind == "flow"
    assert measures.row_of("no_such_measure") is None


def _doc(text, specs):
    ents, seen = [], {}
    for t, etype, name, attrs in specs:
        start = text.index(t, seen.get(t, 0))
        seen[t] = start + len(t)
        ents.append(Entity(type=etype, text=t, name=name, start=start, end=start + len(t), attributes=attrs))
    return Document(id="x", raw_text=text, clean_text=text, entities=ents, published_at="2024-02-01")


def _by_text(doc):
    return {m.text: m.model_dump() for m in normalize(doc).metrics}


def test_stage_adds_measure_id_and_subject_entity_beside_the_raw_fields():
    text = "苏州工业园区2023年实现地区生产总值3686亿元，同比增长5.6%。园区集聚企业2200家。"
    got = _by_text(_doc(text, [("苏州工业园区", "park", "苏州工业园区", {"region": "苏州市"})]))
    gdp = got["3686亿元"]
    assert gdp["measure"] == "地区生产总值" and gdp["measure_id"] == "gdp"
    assert gdp["subject"] == "苏州工业园区"
    # the park's adcode from the canonical tables (docpipe.canonical)
    assert gdp["subject_entity"] == {"type": "park", "name": "苏州工业园区", "adcode": "320500"}
    assert got["5.6%"]["measure_id"] == "gdp.growth"
    assert got["2200家"]["measure_id"] == "enterprise_count"


def test_park_takes_the_adcode_of_the_region_it_lies_in():
    text = "苏州是江苏的城市。苏州工业园区2023年实现地区生产总值3686亿元。"
    got = _by_text(
        _doc(
            text,
            [
                ("苏州", "region", "苏州市", {"level": "city", "adcode": "320500"}),
                ("苏州工业园区", "park", "苏州工业园区", {"region": "苏州市"}),
            ],
        )
    )
    assert got["3686亿元"]["subject_entity"] == {"type": "park", "name": "苏州工业园区", "adcode": "320500"}


def test_region_subject_has_its_adcode_and_a_figure_with_no_measure_gets_null():
    text = "杭州市今年建成22个课题组，全年GDP为2万亿元。"
    got = _by_text(_doc(text, [("杭州市", "region", "杭州市", {"level": "city", "adcode": "330100"})]))
    assert got["2万亿元"]["subject_entity"] == {"type": "region", "name": "杭州市", "adcode": "330100"}
    assert got["2万亿元"]["measure_id"] == "gdp"
    assert got["22个"]["measure"] == "课题组" and got["22个"]["measure_id"] is None


def test_a_bare_change_or_share_is_the_figure_befores():
    text = "技术合同成交额为744.32亿元，相比2018年增长3.31倍。数字经济增加值1600亿元，占地区生产总值38.2%。"
    got = _by_text(_doc(text, []))
    assert got["3.31倍"]["measure_id"] == "technology_contract_turnover.growth"
    assert got["38.2%"]["measure_id"] == "digital_economy_value_added.share"


def test_a_bare_change_of_an_amount_is_an_increase_or_decrease():
    got = _by_text(_doc("万科A今日收于8.06元，下跌0.12元。", []))
    assert got["8.06元"]["measure_id"] == "price"
    assert got["0.12元"]["measure_id"] == "price.decrease"


def test_a_bare_change_does_not_reach_into_another_sentence():
    got = _by_text(_doc("地区生产总值为1000亿元。同比增长5%。", []))
    assert got["5%"]["measure_id"] is None


def test_no_entity_means_no_subject_entity():
    # 全国 opening the clause is the figure's subject (the contract's subject
    # is a string), but no entity: no subject_entity.
    got = _by_text(_doc("全国共有高新技术企业40万家。", []))
    assert got["40万家"]["subject"] == "全国" and got["40万家"]["subject_entity"] is None
    assert got["40万家"]["measure_id"] == "high_tech_enterprise_count"


def test_title_owner_fills_a_missing_subject():
    text = "2012年大庆市国民经济和社会发展统计公报\n全年固定资产投资1375.5亿元，增长31%。"
    doc = _doc(text, [("大庆市", "region", "大庆市", {"level": "city", "adcode": "230600"})])
    got = _by_text(doc)
    assert got["1375.5亿元"]["subject"] == "大庆市"
    assert got["1375.5亿元"]["subject_entity"]["adcode"] == "230600"
    assert got["31%"]["measure_id"] == "fixed_asset_investment.growth"


def test_title_owner_needs_one_place_in_a_short_first_line():
    text = "苏州高新区投资120亿\n正文。"
    doc = _doc(text, [("苏州", "region", "苏州市", {"level": "city"}), ("苏州高新区", "park", "苏州高新区", {})])
    assert title_owner(text, doc.entities) == "苏州高新区"  # 苏州 inside it is the same place
    text = "苏州与无锡\n正文。"
    two = _doc(text, [("苏州", "region", "苏州市", {"level": "city"}), ("无锡", "region", "无锡市", {"level": "city"})])
    assert title_owner(text, two.entities) is None
    assert (
        title_owner(
            "长三角一体化\n正文。",
            _doc("长三角一体化\n正文。", [("长三角", "region", "长三角", {"level": "economic_region"})]).entities,
        )
        is None
    )
    assert title_owner("没有标题的一段很长的正文" * 10, []) is None


def test_subject_entities_prefers_a_park_over_an_organization_of_the_same_name():
    ents = [
        Entity(type="organization", text="中关村", name="中关村", start=0, end=3),
        Entity(type="park", text="中关村", name="中关村", start=5, end=8),
    ]
    assert SubjectEntities(ents).of("中关村")["type"] == "park"
    assert SubjectEntities(ents).of("海淀") is None
    assert SubjectEntities(ents).of(None) is None


def test_table_loads_once_per_process():
    measures.table.cache_clear()
    measures._cached_id.cache_clear()
    normalize(_doc("GDP为1万亿元。", []))
    normalize(_doc("GDP为2万亿元。", []))
    assert measures.table.cache_info().misses == 1


def test_title_owner_takes_the_district_over_its_city_and_reads_a_long_first_line_s_opening():
    text = "工业、投资齐发力，深圳光明区上半年GDP增速达6.3%南方财经全媒体记者某某报道，工作人员介绍，全区实现GDP614.71亿元。"
    doc = _doc(
        text,
        [
            ("深圳", "region", "深圳市", {"level": "city", "parent": "广东省"}),
            ("光明区", "region", "光明区", {"level": "district", "parent": "深圳市"}),
        ],
    )
    assert title_owner(text, doc.entities) == "光明区"


def test_a_reporting_body_is_the_source_not_the_owner():
    text = "国家统计局数据显示，全国居民人均可支配收入35128元。"
    got = _by_text(_doc(text, [("国家统计局", "organization", "国家统计局", {"kind": "government"})]))
    assert got["35128元"]["subject"] == "全国" and got["35128元"]["subject_entity"] is None
    # ... while a body named after its place still speaks for the place
    text = "成都高新区位于成都。成都高新区管委会表示，今年新增企业300家。"
    got = _by_text(
        _doc(
            text,
            [
                ("成都高新区", "park", "成都高新区", {}),
                ("成都高新区管委会", "organization", "成都高新区管委会", {"kind": "government"}),
            ],
        )
    )
    assert got["300家"]["subject_entity"]["name"] == "成都高新区"


def test_title_company_owns_the_figures_only_when_the_article_is_about_it():
    text = "万科上半年净利30亿元\n万科表示，万科销售稳定，华润也在增长。上半年营业收入199.9亿元。"
    co = {"kind": "company"}
    specs = [
        ("万科", "organization", "万科", co),
        ("万科", "organization", "万科", co),
        ("万科", "organization", "万科", co),
        ("华润", "organization", "华润", co),
    ]
    assert title_owner(text, _doc(text, specs).entities) == "万科"
    # named twice, as often as another company: an author or one of many
    text = "西南证券：四大投资机会\n西南证券认为，中国船舶和中国船舶订单增长。"
    specs = [
        ("西南证券", "organization", "西南证券", co),
        ("西南证券", "organization", "西南证券", co),
        ("中国船舶", "organization", "中国船舶", co),
        ("中国船舶", "organization", "中国船舶", co),
    ]
    assert title_owner(text, _doc(text, specs).entities) is None


def test_a_cited_body_is_the_source_even_a_company():
    text = "据万得统计，全市场成交额4991亿元。"
    got = _by_text(_doc(text, [("万得", "organization", "万得", {"kind": "company"})]))
    assert got["4991亿元"]["subject"] is None


@pytest.mark.parametrize(
    "measure,bare",
    [
        ("占全国", True),
        ("约占全国", True),
        ("分别占全国", True),
        ("占比", True),
        ("生物医药产业占比", False),
        ("高新技术产业产值占规模以上工业", False),
        ("营业收入", False),
        (None, False),
    ],
)
def test_bare_share(measure, bare):
    assert measures.bare_share(measure) is bare


def test_a_share_that_names_its_part_does_not_take_the_figure_befores():
    got = _by_text(_doc("全国有152家园区，生物医药产业占比超过30%。", []))
    assert got["152家"]["measure_id"] == "park_count"
    assert got["超过30%"]["measure_id"] == "share"


def test_the_exchange_a_company_lists_on_is_not_the_owner():
    text = "苏州工业园区有8家企业在香港交易所上市，营业收入305.44亿元。"
    got = _by_text(
        _doc(
            text,
            [
                ("苏州工业园区", "park", "苏州工业园区", {}),
                ("香港交易所", "organization", "香港交易所", {"kind": "company"}),
            ],
        )
    )
    assert got["305.44亿元"]["subject"] == "苏州工业园区"


def test_respective_changes_pair_with_the_figures_before_them():
    text = "高新技术企业2377家、营业收入1.46亿元、税收3968万元，分别较2021年增长6.3倍、3.6倍、3.8倍。"
    got = _by_text(_doc(text, []))
    assert [got[t]["measure_id"] for t in ("6.3倍", "3.6倍", "3.8倍")] == [
        "high_tech_enterprise_count.growth",
        "operating_revenue.growth",
        "tax_revenue.growth",
    ]


def test_a_count_before_a_verb_and_another_figure_is_of_the_noun_after_it():
    # the noun phrase after 个 stops at the verb before the next figure (完成投资47.7亿元)
    got = _by_text(_doc("1-5月，22个省市重点项目完成投资47.7亿元，新开工项目61个。", []))
    assert got["22个"]["measure"] == "省市重点项目" and got["22个"]["measure_id"] == "project_count"
    assert got["47.7亿元"]["measure_id"] == "investment"
    # a change between two figures names no noun: the clause before still gives the measure
    got = _by_text(_doc("全市汽车产能从2012年的70万辆增长到逾260万辆。", []))
    assert got["70万辆"]["measure_id"] == "production_capacity"


def test_a_body_that_forecasts_is_the_source_of_the_figure_not_its_owner():
    # (a body's 预测 reports, as its 数据显示 and 预计 do)
    text = "据统计，风电行业持续增长。GWEC预测，2025-2030年欧洲风电新增装机量将达119GW。"
    got = _by_text(_doc(text, [("GWEC", "organization", "GWEC", {})]))
    assert got["119GW"]["subject"] is None


def test_a_count_of_firms_that_went_public_is_a_count_of_listed_companies():
    got = _by_text(
        _doc(
            "今年以来，共有62家企业挂牌上市，另有12家企业拟上市。助推27家企业登录中小板和创业板，41家企业登录新三板。",
            [],
        )
    )
    assert got["62家"]["measure_id"] == "listed_company_count"
    assert got["27家"]["measure_id"] == "listed_company_count"
    # planned, or quoted over the counter: still a count of firms
    assert got["12家"]["measure_id"] == "enterprise_count"
    assert got["41家"]["measure_id"] == "enterprise_count"


def test_a_value_restated_in_brackets_is_the_same_measure():
    got = _by_text(_doc("该基金募资金额为50.00亿人民币（约7.67亿美元），由基金管理人负责管理。", []))
    assert got["50.00亿人民币"]["measure_id"] == "financing_amount"
    assert got["约7.67亿美元"]["measure_id"] == "financing_amount"


def test_an_aside_in_brackets_before_a_figure_is_skipped_for_its_measure():
    got = _by_text(_doc("1月乘用车出口（含整车与CKD）38万辆，同比增长3%。", []))
    assert got["38万辆"]["measure"] == "乘用车出口" and got["38万辆"]["measure_id"] == "exports"
    assert got["3%"]["measure_id"] == "exports.growth"


def test_a_level_reached_after_a_slight_or_adjusted_change_keeps_its_measure():
    got = _by_text(_doc("期末资产负债率略降至58.98%，公司将募资金额下调至48.5亿元。", []))
    assert got["58.98%"]["measure_id"] == "debt_ratio"
    assert got["48.5亿元"]["measure_id"] == "financing_amount"
