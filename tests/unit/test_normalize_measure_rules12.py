"""Measure rules of the sixth measure_id audit (issue #12, docs/audits/measures6.md)."""

from __future__ import annotations

from tests.normalize_probe import measure_ids


def test_changes_listed_after_a_clause_closed_by_a_degree_word():
    # 均价增幅明显，分别为…: the clause before the comma names the measure and its change, a
    # degree word (明显, 较快) closes it, and the figures after 分别为 are that change for each
    # item listed (goods, not measures); a unit note in brackets is no part of the measure
    ids = measure_ids(
        "与去年同期相比，重油、原油、煤油的均价（元/吨）增幅明显，分别为47.4%、39.6%、38.7%；"
        "重油、天然气的销售量（千吨）增长较快，分别为41.7%和14%。",
        published_at="2017-08-25",
    )
    assert ids["47.4%"] == ids["39.6%"] == ids["38.7%"] == "price.growth"
    assert ids["41.7%"] == ids["14%"] == "sales_volume.growth"


def test_no_degree_word_or_no_change_reads_nothing_new():
    # without a change word before the degree word the clause says nothing of a change
    ids = measure_ids("重油、原油的均价明显，分别为47.4%、39.6%。", published_at="2017-08-25")
    assert ids["47.4%"] is None
