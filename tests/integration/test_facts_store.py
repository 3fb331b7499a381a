"""The fact queries of the store contract, on the embedded SQLite store and
on MongoDB (the wire server fixture): rows written by ``index_results``,
every filter, one fact with all its sources, conflicts, the cursor, and the
query plans (an index, never a full scan)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import plan_stages  # tests/integration/conftest.py

from docpipe.document import Document, Metric, Sentence, Status
from docpipe.errors import InvalidCursor
from docpipe.store.base import Store
from docpipe.store.facts import FactQuery, adcode_range, period_bounds, query_period

pytestmark = pytest.mark.integration

SIP = {"type": "park", "name": "苏州工业园区", "adcode": "320571"}
WUXI = {"type": "park", "name": "无锡高新区", "adcode": "320214"}
YANTAI = {"type": "region", "name": "烟台市", "adcode": "370600"}


def fig(
    value: float,
    *,
    measure: str | None = "地区生产总值",
    measure_id: str | None = "gdp",
    subject: str | None = "园区",
    entity: dict[str, Any] | None = None,
    period: str | None = "2023",
    unit: str = "CNY",
    start: int = 0,
    qualifier: str = "exact",
    text: str | None = None,
) -> Metric:
    extra: dict[str, Any] = {}
    if measure_id:
        extra["measure_id"] = measure_id
    if entity:
        extra["subject_entity"] = entity
    text = text or f"{value:g}"
    return Metric(
        text=text,
        start=start,
        end=start + len(text),
        value=value,
        unit=unit,
        measure=measure,
        subject=subject,
        period=period,
        qualifier=qualifier,
        **extra,
    )


def put(
    store: Store,
    doc_id: str,
    metrics: list[Metric],
    *,
    published: str = "2024-01-20",
    clean_text: str | None = None,
    sentences: list[Sentence] = (),
    **extra: Any,
) -> None:
    doc = Document(id=doc_id, raw_text=f"正文 {doc_id}", title=f"标题 {doc_id}", published_at=published)
    store.insert_document(doc)
    store.save_stage(
        doc_id, "normalize", "1", {"metrics": metrics, "clean_text": clean_text or "x" * 80}, Status.processed
    )
    stored = store.get_document(doc_id)
    assert stored is not None
    stored.sentences = list(sentences)
    for k, v in extra.items():
        setattr(stored, k, v)
    store.index_results(stored)


@pytest.fixture
def facts(store: Store) -> Store:
    # d1: SIP's 2023 GDP said twice (two sentences), and its growth.
    text1 = "苏州工业园区2023年实现地区生产总值3686亿元。全年地区生产总值3686亿元，增长5.6%。"
    put(
        store,
        "d1",
        [
            fig(368600000000, entity=SIP, start=text1.index("3686"), text="3686亿元"),
            fig(368600000000, entity=SIP, start=text1.rindex("3686"), text="3686亿元"),
            fig(5.6, measure="增长", measure_id="gdp_growth", entity=SIP, unit="percent", start=text1.index("5.6")),
        ],
        clean_text=text1,
        sentences=[Sentence(start=0, end=text1.index("。") + 1)],
    )
    # d2: a repost of d1's figure (another document, same fact), later published.
    put(store, "d2", [fig(368600000000, entity=SIP)], published="2024-02-01", duplicate_of="d1")
    # d3: another value for the same subject, measure and period: a conflict.
    put(store, "d3", [fig(370000000000, entity=SIP)], published="2024-03-01")
    # d4: other subjects, periods and a measure with no canonical id.
    put(
        store,
        "d4",
        [
            fig(100000000000, entity=WUXI, period="2022"),
            fig(9.0e10, entity=YANTAI, period="2021-01/2021-09"),
            fig(2200, measure="生物医药企业", measure_id=None, subject="苏州工业园区", unit="count", period=None),
        ],
        published="2023-06-01",
    )
    return store


def keys(page_items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            f["subject_entity"]["name"] if f["subject_entity"] else f["subject"],
            f["measure_id"] or f["measure"],
            f["period"],
            f["value"],
        )
        for f in page_items
    ]


def test_one_fact_with_all_its_sources(facts: Store) -> None:
    page = facts.query_facts(FactQuery(subject_keys=("苏州工业园区",), measure_key="gdp"))
    assert keys(page.items) == [
        ("苏州工业园区", "gdp", "2023", 368600000000),
        ("苏州工业园区", "gdp", "2023", 370000000000),
    ]
    first, other = page.items
    text1 = facts.get_document("d1").clean_text
    starts = [text1.index("3686"), text1.rindex("3686")]
    assert [(s["document_id"], s["start"]) for s in first["sources"]] == [
        ("d1", starts[0]),
        ("d1", starts[1]),
        ("d2", 0),
    ]
    # d2 reposts d1: one document, counted once
    assert first["documents"] == 1 and other["documents"] == 1
    assert first["sources"][2]["duplicate_of"] == "d1"
    assert first["conflict"] is True and other["conflict"] is True
    src = first["sources"][0]
    assert src["title"] == "标题 d1" and src["published_at"] == "2024-01-20"
    assert src["sentence"] == "苏州工业园区2023年实现地区生产总值3686亿元。"  # from the sentence spans
    # no sentence spans: cut at the enders around the span
    assert first["sources"][1]["sentence"] == "全年地区生产总值3686亿元，增长5.6%。"
    assert first["subject_entity"] == SIP and first["unit"] == "CNY" and first["measure"] == "地区生产总值"


def test_no_conflict_across_units_or_without_a_period(facts: Store) -> None:
    (growth,) = facts.query_facts(FactQuery(measure_key="gdp_growth")).items
    assert growth["conflict"] is False and growth["value"] == 5.6
    (count,) = facts.query_facts(FactQuery(measure_key="生物医药企业")).items
    assert count["conflict"] is False and count["subject_entity"] is None and count["subject"] == "苏州工业园区"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            FactQuery(adcode="320000"),
            {
                ("苏州工业园区", 368600000000),
                ("苏州工业园区", 370000000000),
                ("苏州工业园区", 5.6),
                ("无锡高新区", 100000000000),
            },
        ),
        (
            FactQuery(adcode="320500"),
            {("苏州工业园区", 368600000000), ("苏州工业园区", 370000000000), ("苏州工业园区", 5.6)},
        ),
        (FactQuery(adcode="370600"), {("烟台市", 9.0e10)}),
        (FactQuery(entity_type="region"), {("烟台市", 9.0e10)}),
        (FactQuery(unit="count"), {("苏州工业园区", 2200)}),
        (FactQuery(period_from="2022-01-01", period_to="2022-12-31"), {("无锡高新区", 100000000000)}),
        (FactQuery(period_from="2021-01-01", period_to="2021-12-31"), {("烟台市", 9.0e10)}),
        (FactQuery(period_from="2021-01-01", period_to="2021-06-30"), set()),  # 2021-01/2021-09 is not inside
        (
            FactQuery(published_from="2024-02-01", measure_key="gdp"),
            {("苏州工业园区", 368600000000), ("苏州工业园区", 370000000000)},
        ),
        (FactQuery(published_to="2023-12-31", subject_keys=("苏州工业园区", "园区")), {("苏州工业园区", 2200)}),
        (
            FactQuery(subject_keys=("无锡高新区",), measure_key="gdp", period_from="2022-01-01"),
            {("无锡高新区", 100000000000)},
        ),
    ],
)
def test_filters(facts: Store, query: FactQuery, expected: set[tuple[str, float]]) -> None:
    got = {
        (f["subject_entity"]["name"] if f["subject_entity"] else f["subject"], f["value"])
        for f in facts.iter_facts(query)
    }
    assert got == expected


def test_published_filter_keeps_only_matching_sources(facts: Store) -> None:
    (fact,) = [
        f
        for f in facts.iter_facts(FactQuery(measure_key="gdp", published_from="2024-02-01"))
        if f["value"] == 368600000000
    ]
    assert [s["document_id"] for s in fact["sources"]] == ["d2"]


def test_the_cursor_pages_through_every_fact_once(facts: Store) -> None:
    everything = facts.query_facts(FactQuery(), limit=1000).items
    assert len(everything) == 6 and everything[0]["sources"]
    got: list[str] = []
    page = facts.query_facts(FactQuery(), limit=1)
    while True:
        got += [f["fact_id"] for f in page.items]
        if not page.next_cursor:
            break
        page = facts.query_facts(FactQuery(), limit=1, cursor=page.next_cursor)
    assert got == [f["fact_id"] for f in everything]
    # a page boundary never splits a fact's sources
    (three,) = [f for f in everything if len(f["sources"]) == 3]
    assert three["fact_id"] in got
    with pytest.raises(InvalidCursor):
        facts.query_facts(FactQuery(), cursor="bm90IGEgY3Vyc29y")


def test_many_sources_span_row_batches(store: Store) -> None:
    """A fact said by more documents than one row batch holds stays one fact
    (a page of one reads 16 rows at a time)."""
    n = 40
    for i in range(n):
        put(store, f"r{i:04d}", [fig(1.0, entity=WUXI)])  # 无 sorts before 苏
    put(store, "zz", [fig(2.0, entity=SIP)])
    page = store.query_facts(FactQuery(), limit=1)
    assert len(page.items) == 1 and len(page.items[0]["sources"]) == n and page.next_cursor
    (last,) = store.query_facts(FactQuery(), limit=1, cursor=page.next_cursor).items
    assert last["subject_entity"]["name"] == "苏州工业园区"


def test_index_results_replaces_fact_rows(facts: Store) -> None:
    doc = facts.get_document("d3")
    doc.metrics = []
    facts.index_results(doc)
    facts.index_results(doc)
    got = facts.query_facts(FactQuery(subject_keys=("苏州工业园区",), measure_key="gdp")).items
    assert [f["value"] for f in got] == [368600000000] and got[0]["conflict"] is False
    assert facts.has_measure_key("gdp") and not facts.has_measure_key("no-such-measure")


def test_periods_adcodes() -> None:
    assert period_bounds("2023") == ("2023-01-01", "2023-12-31")
    assert period_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert period_bounds("2021-01/2021-09") == ("2021-01-01", "2021-09-30")
    assert period_bounds("2016/2020") == ("2016-01-01", "2020-12-31")
    assert period_bounds("2018/") == ("2018-01-01", "9999-12-31")
    assert period_bounds("2023-13") == (None, None) and period_bounds("去年") == (None, None)
    assert query_period("2023", end=True) == "2023-12-31" and query_period("2023-1", end=False) is None
    assert adcode_range("320000") == ("32", "32\x7f") and adcode_range("320500") == ("3205", "3205\x7f")
    assert adcode_range("320571") == ("320571", "320571\x00")


# -- query plans -----------------------------------------------------------------------------


PLAN_QUERIES = [
    FactQuery(),
    FactQuery(subject_keys=("苏州工业园区",)),
    FactQuery(subject_keys=("苏州工业园区", "园区"), measure_key="gdp", period_from="2023-01-01"),
    FactQuery(measure_key="gdp", period_from="2020-01-01", period_to="2023-12-31"),
    FactQuery(adcode="320000"),
]


@pytest.mark.parametrize("store_backend", ["mongo"])
@pytest.mark.parametrize("query", PLAN_QUERIES)
def test_fact_reads_are_index_scans_on_mongodb(facts: Store, query: FactQuery) -> None:
    cursor = facts.fact_cursor(query, limit=51)  # type: ignore[attr-defined]
    rows = list(cursor.clone())
    assert rows == sorted(rows, key=lambda r: (r["fact_key"], r["doc_id"], r["seq"]))
    stages = plan_stages(cursor)
    assert "IXSCAN" in stages and "COLLSCAN" not in stages, stages


@pytest.mark.parametrize("store_backend", ["sqlite"])
@pytest.mark.parametrize("query", PLAN_QUERIES)
def test_fact_reads_use_an_index_on_sqlite(facts: Store, query: FactQuery) -> None:
    with facts._read() as conn:  # type: ignore[attr-defined]
        index = facts._index(conn, query)  # type: ignore[attr-defined]
        sql, params = facts.fact_rows_sql(query, key_after=None, after=None, limit=51, index=index)  # type: ignore[attr-defined]
        plan = " / ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    if query.adcode:  # few rows in the region: its own index, then sorted
        assert index == "facts_in_region" and "USE TEMP B-TREE FOR ORDER BY" in plan, plan
    assert "USING INDEX facts_" in plan or "USING COVERING INDEX facts_" in plan, plan
    assert not re.search(r"SCAN facts\b(?! USING)", plan), plan


@pytest.mark.parametrize("store_backend", ["sqlite"])
@pytest.mark.parametrize(
    "query",
    [
        FactQuery(adcode="320000"),
        FactQuery(adcode="320000", measure_key="gdp"),
        FactQuery(adcode="370000", period_from="2021-01-01"),
    ],
)
def test_a_broad_region_read_per_subject_gives_the_same_facts(
    facts: Store, query: FactQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above NARROW_ROWS a region is read as one walk per subject in it
    (found by a skip scan), merged: the same facts, pages and cursors."""
    from docpipe.store import facts_sqlite

    narrow = [f for f in facts.iter_facts(query, page_size=1)]
    assert narrow
    monkeypatch.setattr(facts_sqlite, "NARROW_ROWS", 0)
    assert [f for f in facts.iter_facts(query, page_size=1)] == narrow
    with facts._read() as conn:  # type: ignore[attr-defined]
        assert facts._region_subjects(conn, "320000") == ("无锡高新区", "苏州工业园区")  # type: ignore[attr-defined]
        assert facts._region_subjects(conn, "440000") == ()  # type: ignore[attr-defined]
