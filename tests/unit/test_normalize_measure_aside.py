"""A bracketed aside between a measure and the verb before its figure (issue
#12, fresh-text audit, docs/audits/subjects.md): 地区生产总值（GDP）达到1000亿元
is GDP; the aside is no clause break."""

from __future__ import annotations

from services.normalize.measures import measure_id
from tests.normalize_probe import measure_ids


def test_an_abbreviation_in_brackets_before_the_verb_keeps_the_measure():
    ids = measure_ids("上半年，全市地区生产总值（GDP）达到1000亿元，同比增长6%。", published_at="2024-07-20")
    assert ids["1000亿元"] == "gdp"
    assert ids["6%"] == "gdp.growth"
    ids = measure_ids("前三季度，国家高新区园区生产总值(GDP)达到12.33万亿元。", published_at="2023-12-12")
    assert ids["12.33万亿元"] == "gdp"
    ids = measure_ids("全社会研发投入(R&D)达到50亿元。", published_at="2024-01-20")
    assert ids["50亿元"] == "rd_spending"


def test_ebitda_and_ebit_are_no_total_profit():
    # company reports' 息税折旧摊销前利润（EBITDA）: no row of the table
    assert measure_id("息税折旧摊销前利润", "CNY") is None
    assert measure_id("息税前利润", "CNY") is None
    assert measure_id("利润总额", "CNY") == "total_profit"
