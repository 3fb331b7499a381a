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


def test_a_part_after_a_breakdown_frame_is_measured_as_the_totals_parts():
    # 按地域分 / 按行业分 / 其中: a place or a trade and a verb (实现, 完成) name no measure; the
    # total before (社会消费品零售总额) says what is broken down, and its parts are sales
    ids = measure_ids(
        "全年实现社会消费品零售总额803.1亿元，同比增长15.6%。按地域分，城镇实现747.1亿元，同比增长16.5%；"
        "乡村实现56亿元，同比增长5.8%。按行业分，批发和零售业实现738.4亿元，住宿和餐饮业实现64.7亿元，"
        "同比分别增长15.8%和14.4%。",
        published_at="2013-03-01",
    )
    assert ids["803.1亿元"] == "retail_sales"
    assert ids["747.1亿元"] == ids["56亿元"] == ids["738.4亿元"] == ids["64.7亿元"] == "sales"
    assert ids["16.5%"] == ids["5.8%"] == ids["15.8%"] == ids["14.4%"] == "sales.growth"
    ids = measure_ids(
        "1-7月，全区完成社会消费品零售总额404893万元，同比增长4.9%，增速回落12.6个百分点。"
        "其中:批发零售贸易业完成371482万元，同比增长5.5%;住宿和餐饮业完成33411万元，同比下降1.3%。",
        published_at="2013-08-01",
    )
    assert ids["371482万元"] == ids["33411万元"] == "sales"
    assert ids["1.3%"] == "sales.decline"


def test_no_part_without_a_breakdown_or_across_a_paragraph():
    ids = measure_ids(
        "全年实现社会消费品零售总额803.1亿元，同比增长15.6%。城镇实现747.1亿元。", published_at="2013-03-01"
    )
    assert ids["747.1亿元"] is None
    ids = measure_ids("全年实现社会消费品零售总额803.1亿元。\n其中城镇实现747.1亿元。", published_at="2013-03-01")
    assert ids["747.1亿元"] is None
