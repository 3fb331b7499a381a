"""Measure rules of the sixteenth tuning (issue #12): published report items the
table lacked, and a baseline word that joins two names (与, 及) instead of
opening a baseline."""

from __future__ import annotations

from services.normalize.measures import measure_id
from tests.normalize_probe import measure_ids


def _ids(text: str) -> dict[str, str | None]:
    return measure_ids(text, published_at="2020-11-01")


def test_the_periodic_reports_non_recurring_item_is_no_plain_net_profit():
    # CSRC periodic reports' item: 归属于上市公司股东的扣除非经常性损益的净利润 (and news' forms of it)
    assert measure_id("扣除非经常性损益净利润", "CNY") == "net_profit_excl_nonrecurring"
    assert measure_id("扣除非经常性损益后归属于母公司股东的净利润", "CNY") == "net_profit_excl_nonrecurring"
    assert measure_id("扣除非经常性损益净利润同比下降", "percent") == "net_profit_excl_nonrecurring.decline"
    assert measure_id("归属于上市公司股东的净利润", "CNY") == "net_profit"


def test_electricity_sold_and_a_deals_consideration():
    assert measure_id("售电量", "Wh") == "sales_volume"
    assert measure_id("售电较2012年增长", "percent") == "sales_volume.growth"
    assert measure_id("交易对价", "CNY") == "transaction_value"


def test_a_joining_baseline_word_leaves_the_measure_whole():
    # 与 joins 炼油 and 化工 here: the measure is the segment's operating profit
    assert measure_id("炼油与化工板块经营利润同比下降", "percent") == "total_profit.decline"
    assert measure_id("合资与豪华品牌出口同比下降", "percent") == "exports.decline"
    # a real baseline still cuts: the measure before it is read
    assert measure_id("商品住宅成交面积较2010年同期下降", "percent") == "commodity_housing_sales_area.decline"


def test_a_segments_change_in_a_sentence():
    got = _ids("炼油与化工板块经营利润158.37亿元，同比下降42.4%。")
    assert got["42.4%"] == "total_profit.decline"


def test_a_figure_restated_after_a_comma_keeps_the_measure():
    got = _ids("公司中标委内瑞拉铁路项目，中标价5.5亿美元，约折合人民币347,600万元，工期48个月。")
    assert got["5.5亿美元"] == "contract_amount"
    assert got["347,600万元"] == "contract_amount"
    got = _ids("第四财季，星巴克的收入为8.145亿美元（约合人民币54.44亿元），同比增长7%。")
    assert got["54.44亿元"] == got["8.145亿美元"] == "operating_revenue"


def test_a_bare_approximation_after_a_comma_is_no_restatement():
    got = _ids("项目总投资50亿元，约300亩。")
    assert got.get("300亩") != "total_investment"


def test_an_adverb_or_verb_after_the_measure_is_shed():
    # 破 (breaks through), 稳定 (stays at), 尚 (still), 处于稳定 (holds steady), 控制 (kept within)
    assert _ids("2016年，公司出口总额破1300万美元。")["1300万美元"] == "exports"
    assert _ids("全省粮食总产量稳定在1100万吨以上。")["1100万吨以上"] == "grain_output"
    assert _ids("该公司原保费收入尚不足20亿元。")["不足20亿元"] == "operating_revenue"
    assert _ids("全年居民消费价格涨幅控制在2.6%。")["2.6%"] == "cpi.growth"


def test_an_estimate_a_second_cut_and_a_steep_fall():
    assert _ids("项目总投资估算约为人民币9.18亿元。")["9.18亿元"] == "total_investment"
    assert _ids("一般工商业电价再降10%。")["10%"] == "price.decline"
    assert measure_id("利润大降", "percent") == "total_profit.decline"


def test_a_flow_named_after_a_money_figures_de_is_its_measure():
    assert _ids("2015年共有两笔约1060亿美元的并购交易价值被公布。")["约1060亿美元"] == "transaction_value"
    assert _ids("公司称可能出现最多6亿港元的重大亏损。")["最多6亿港元"] == "loss"
    assert _ids("对获得专项资金的项目给予最高50万元的一次性资助。")["最高50万元"] == "subsidy"


def test_a_stock_or_a_spend_after_de_is_no_measure():
    # a thing worth the amount, and a spend named by a purpose no row has
    assert _ids("银行处置了2200亿元的不良贷款。")["2200亿元"] is None
    assert _ids("集团今年将新增300亿日元的营销投入。")["300亿日元"] is None


def test_a_count_of_things_an_amount_row_names_is_no_amount():
    # a count of funds set up is no fund size; a count of shares is still the issue
    assert measure_id("新设立基金数量增长", "percent") is None
    assert measure_id("新设立基金数环比增长", "percent") is None
    assert measure_id("非公开发行股票数量", "count") == "share_issuance"
    assert measure_id("专利数量", "count") == "patent_count"
    assert measure_id("投资总额", "CNY") == "investment"


def test_published_forms_of_firms_funds_tariffs_and_ships():
    assert measure_id("新增拟上市公司", "count") == "enterprise_count"
    assert measure_id("有效申购金额", "CNY") == "financing_amount"
    assert measure_id("净申购", "CNY") == "financing_amount"
    assert measure_id("出口企业享受关税优惠", "CNY") == "tax_cut"
    assert measure_id("造船完工量", "t") == "output_volume"
    assert measure_id("上市公司", "count") == "listed_company_count"
