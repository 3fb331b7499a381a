"""Measure rules of the fifth fresh-text audit (issue #12, docs/audits/measures5.md)."""

from __future__ import annotations

from services.normalize.measures import measure_id
from tests.normalize_probe import measure_ids


def test_nbs_retail_release_goods_retail_is_a_retail_breakdown():
    # NBS 按消费类型分: 商品零售 (goods) and 餐饮收入 (catering) are the parts of 社零; a
    # part of retail sales is measured as sales (the labels: 城镇消费品零售额 -> sales), not as
    # a volume sold (零售 alone, a verb before a count of cars, stays sales_volume)
    ids = measure_ids("按消费类型分，一季度商品零售87146亿元，增长8.2%。", published_at="2019-04-17")
    assert ids["87146亿元"] == "sales"
    assert ids["8.2%"] == "sales.growth"
    assert measure_id("零售增长", "percent") == "sales_volume.growth"


def test_the_cpi_as_bulletins_name_it():
    # 居民消费价格总水平 is the NBS bulletins' name of the CPI's level of prices
    assert measure_id("居民消费价格总水平同比上涨", "percent") == "cpi.growth"
