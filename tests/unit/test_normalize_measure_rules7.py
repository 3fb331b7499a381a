"""Measure rules of the sixteenth tuning (issue #12): published report items the
table lacked, and a baseline word that joins two names (与, 及) instead of
opening a baseline."""

from __future__ import annotations

from docpipe.document import Document
from services.normalize.measures import measure_id
from services.normalize.stage import normalize


def _ids(text: str) -> dict[str, str | None]:
    doc = Document(id="t", raw_text=text, clean_text=text, entities=[], published_at="2020-11-01")
    return {m.text: (m.__pydantic_extra__ or {}).get("measure_id") for m in normalize(doc).metrics}


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
