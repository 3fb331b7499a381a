"""Measure rules of the fresh-text audit (issue #12, docs/audits/subjects.md):
Hong Kong financial news' year-on-year (按年) and quarter-on-quarter (按季),
baselines as 同比 and 环比 are."""

from __future__ import annotations

from services.normalize.measures import measure_id
from tests.normalize_probe import measure_ids


def test_hong_kong_year_on_year_is_a_baseline():
    # 瑞信发表报告指，中石油发盈喜，预期去年盈利按年增长374%至395%
    assert measure_id("盈利按年增长", "percent") == "total_profit.growth"
    assert measure_id("营业额按季下跌", "percent") == "operating_revenue.decline"


def test_a_bare_hong_kong_change_is_the_figure_befores():
    ids = measure_ids("公司去年实现营业额120亿元，按年增长12%；第四季营业额30亿元，按年及按季分别下跌5%及8%。")
    assert ids["12%"] == "operating_revenue.growth"
    assert ids["5%"] == "operating_revenue.decline"


def test_published_forms_the_table_lacked():
    # local statistics' total tax revenue (it read as 收入, operating revenue)
    assert measure_id("税收总收入", "CNY") == "tax_revenue"
    assert measure_id("税收总收入同比增长", "percent") == "tax_revenue.growth"
    # a results forecast's loss (业绩预告: 正邦科技最高预亏197亿元)
    assert measure_id("最高预亏", "CNY") == "loss"
    assert measure_id("预亏金额", "CNY") == "loss"
    # money signed agreements commit, as 协议投资
    assert measure_id("协议资金", "CNY") == "signed_investment"
    # a count of things sold (去年共售出92.1642万辆)
    ids = measure_ids("特斯拉去年共售出92.1642万辆。", published_at="2022-02-08")
    assert ids["92.1642万辆"] == "sales_volume"


def test_a_change_against_last_years_value_with_yu_xiangbi():
    # 与…相比: the baseline value is the same measure's, the change after it its change
    ids = measure_ids(
        "PayPal第四季度净营收为69.18亿美元，与上年同期的61.16亿美元相比增长13%。", published_at="2022-02-02"
    )
    assert ids["61.16亿美元"] == "operating_revenue"
    assert ids["13%"] == "operating_revenue.growth"
    ids = measure_ids(
        "泰晶科技预计2021年归属于上市公司股东的净利润为2.15亿元到2.65亿元，与上年同期相比增加456.81%到586.3%。",
        published_at="2022-01-28",
    )
    assert ids["456.81%到586.3%"] == "net_profit.growth"


def test_a_forecasts_range_or_reach_is_no_part_of_the_measure():
    # Hong Kong and results news: 料介乎 (expected between), 或达 (may reach)
    ids = measure_ids(
        "中煤能源发布2021年业绩预告，净利润料介乎118至144亿元人民币，按年增长99%至144%。",
        published_at="2022-01-20",
    )
    assert ids["118至144亿元人民币"] == "net_profit"
    assert ids["99%至144%"] == "net_profit.growth"
    ids = measure_ids("该行预期中石油今年盈利或达1000亿元人民币。", published_at="2022-01-20")
    assert ids["1000亿元人民币"] == "total_profit"
