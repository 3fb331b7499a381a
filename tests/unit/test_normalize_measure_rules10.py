"""Measure rules of the fourth fresh-text audit (issue #12, docs/audits/measures4.md):
a change in percentage points of no rate row's (拉动…增长, 增速比…加快) is
no row's change; comparable prices written between a measure and its change; the
commerce departments' foreign-investment and export forms; Hong Kong results'
profit lines."""

from __future__ import annotations

from services.normalize.measures import in_points, measure_id
from tests.normalize_probe import measure_ids


def test_points_of_a_growth_rate_a_share_or_a_contribution_name_no_row():
    ids = measure_ids(
        "上半年，全县地区生产总值86.2亿元，同比增长6.1%，比一季度加快0.8个百分点。"
        "规模以上工业增加值同比增长9.4%，拉动经济增长2.6个百分点。"
        "服务业增加值占地区生产总值的比重为48.5%，比重同比提高1.3个百分点。",
        published_at="2024-07-20",
    )
    assert ids["6.1%"] == "gdp.growth"
    assert ids["0.8个百分点"] is None
    assert ids["9.4%"] == "industrial_value_added_above_scale.growth"
    assert ids["2.6个百分点"] is None
    # (a share's change in points is left as it is: the labelled sets disagree on it)


def test_points_of_a_rate_row_are_its_change():
    assert in_points("gross_margin.growth", "percentage_point") == "gross_margin.growth"
    assert in_points("market_share.decline", "percentage_point") == "market_share.decline"
    assert in_points("debt_ratio.decline", "percentage_point") == "debt_ratio.decline"
    assert in_points("gdp.growth", "percentage_point") is None
    assert in_points("share.growth", "percentage_point") == "share.growth"
    assert in_points("gdp.growth", "percent") == "gdp.growth"
    assert in_points(None, "percentage_point") is None


def test_comparable_prices_between_a_measure_and_its_change_are_no_part_of_it():
    # NBS: 规模以上工业增加值按可比价格计算同比增长 (a real change of the value added)
    assert measure_id("规模以上工业增加值按可比价格计算同比增长", "percent") == (
        "industrial_value_added_above_scale.growth"
    )
    assert measure_id("农林牧渔业总产值按可比价计算增长", "percent") == measure_id("农林牧渔业总产值增长", "percent")


def test_commerce_departments_foreign_investment_and_export_forms():
    assert measure_id("外商投资实际到位", "USD") == "fdi_actual"
    assert measure_id("外商投资实际到位同比增长", "percent") == "fdi_actual.growth"
    assert measure_id("直接利用外资到位额增长", "percent") == "fdi_actual.growth"
    # 直接利用外资合同额 is contracted foreign investment, not a contract's amount
    assert measure_id("直接利用外资合同额", "USD") == "fdi_contracted"
    assert measure_id("直接利用外资合同额增长", "percent") == "fdi_contracted.growth"
    assert measure_id("合同额", "CNY") == "contract_amount"
    assert measure_id("出口创汇", "USD") == "exports"


def test_hong_kong_results_profit_lines():
    assert measure_id("纯利", "CNY") == "net_profit"
    assert measure_id("股东应占溢利", "HKD") == "net_profit"
    assert measure_id("除税前溢利", "HKD") == "total_profit"
    assert measure_id("经营溢利", "HKD") == "total_profit"
    assert measure_id("纯利率", "percent") == "net_margin"
    # results forecasts' and brokers' forms of the non-recurring item
    assert measure_id("扣非后归属于上市公司股东的净利润", "CNY") == "net_profit_excl_nonrecurring"
    assert measure_id("扣非后归母净利润同比增长", "percent") == "net_profit_excl_nonrecurring.growth"
    # 收益 stays no row: mainland news' gains (票房收益, 资产处置收益), not revenue
    assert measure_id("资产处置收益", "CNY") is None


def test_an_nbs_economic_types_rate_of_change_is_its_value_added():
    # 分经济类型看，国有控股企业增加值同比增长…，集体企业增长…: the type's value added
    ids = measure_ids(
        "一季度，全市规模以上工业增加值同比增长7.2%。分经济类型看，国有控股企业增加值同比增长3.5%，"
        "集体企业增长1.2%，股份制企业增长8.1%，外商及港澳台商投资企业增长5.4%，私营企业增长9.0%。",
        published_at="2024-04-18",
    )
    for figure in ("3.5%", "1.2%", "8.1%", "5.4%", "9.0%"):
        assert ids[figure] == "value_added.growth"
    # a count of firms of a type stays a count
    assert measure_id("私营企业", "count") == "enterprise_count"
    assert measure_id("私营企业增加", "count") == "enterprise_count.increase"
    assert measure_id("高新技术企业增长", "percent") == "high_tech_enterprise_count.growth"
