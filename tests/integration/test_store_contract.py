"""The store contract: every Store method, held to the same tests on the
embedded SQLite store and on MongoDB (the session's ``mongodb_uri``: the
MongoDB that MONGODB_URI names, else SecantusDB's wire server started for the
run; never skipped).

Includes a multi-process test: several processes insert overlapping ids and
save different stages' outputs on the same documents at once; afterwards
exactly the unique ids exist, each with every stage's output intact.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import time
from typing import Any

import pytest
from conftest import plan_stages  # tests/integration/conftest.py

from docpipe.document import Document, Entity, Metric, StageError, Status
from docpipe.errors import DocumentNotFound, InvalidCursor
from docpipe.store import open_store
from docpipe.store.base import DocumentQuery, Store
from docpipe.store.common import encode_cursor, revision_of

pytestmark = pytest.mark.integration


def make_doc(i: int | str, **kw: Any) -> Document:
    return Document(**{"id": f"doc-{i}", "raw_text": f"正文 {i}", "title": f"标题 {i}", **kw})


def region(name: str, adcode: str | None) -> Entity:
    attrs = {"level": "city", "adcode": adcode} if adcode else {"level": "economic_region"}
    return Entity(type="region", text=name, name=name, start=0, end=len(name), attributes=attrs)


def industry(name: str, sector: str) -> Entity:
    return Entity(type="industry", text=name, name=name, start=0, end=len(name), attributes={"sector": sector})


def park(name: str) -> Entity:
    return Entity(type="park", text=name, name=name, start=0, end=len(name))


def metric(value: float, measure: str) -> Metric:
    return Metric(text=f"{value}家", start=0, end=3, value=value, unit="家", measure=measure)


def processed(store: Store, doc: Document, entities: list[Entity], metrics: list[Metric] = ()) -> Document:
    """Insert, save the extract/normalize output, mark processed, index."""
    store.insert_document(doc)
    store.save_stage(doc.id, "extract", "1", {"entities": entities}, Status.normalizing)
    store.save_stage(doc.id, "normalize", "1", {"metrics": list(metrics)}, Status.processed)
    stored = store.get_document(doc.id)
    assert stored is not None
    store.index_results(stored)
    return stored


# -- insert / get -----------------------------------------------------------------


def test_insert_creates_once_and_returns_the_stored_document(store: Store) -> None:
    doc = make_doc(1, published_at="2024-11-24", source_url="http://x/1", metadata={"k": "v"})
    stored, created = store.insert_document(doc)
    assert created
    assert stored.id == doc.id and stored.raw_text == "正文 1" and stored.title == "标题 1"
    assert stored.published_at == "2024-11-24" and stored.source_url == "http://x/1"
    assert stored.metadata == {"k": "v"}
    assert stored.status == Status.queued
    assert stored.created_at and stored.updated_at

    again, created_again = store.insert_document(make_doc(1, title="another title"))
    assert not created_again
    assert again.title == "标题 1"  # the first one stays
    assert again.created_at == stored.created_at


def test_get_missing_document_is_none(store: Store) -> None:
    assert store.get_document("nope") is None


def test_insert_of_an_already_processed_document_keeps_its_outputs(store: Store) -> None:
    doc = make_doc(2, clean_text="干净", entities=[park("苏州工业园区")], stages={"segment": "1"})
    stored, created = store.insert_document(doc)
    assert created
    assert stored.clean_text == "干净"
    assert [e.name for e in stored.entities] == ["苏州工业园区"]
    assert stored.stages == {"segment": "1"}


# -- set_status -------------------------------------------------------------------


def test_set_status_with_and_without_a_guard(store: Store) -> None:
    store.insert_document(make_doc(1))
    assert store.set_status("doc-1", Status.segmenting)
    assert store.get_document("doc-1").status == Status.segmenting
    # Guarded: only from the given statuses.
    assert not store.set_status("doc-1", Status.queued, only_from=frozenset({Status.processed}))
    assert store.get_document("doc-1").status == Status.segmenting
    assert store.set_status("doc-1", Status.queued, only_from=frozenset({Status.segmenting, Status.extracting}))
    assert store.get_document("doc-1").status == Status.queued
    assert not store.set_status("doc-1", Status.queued, only_from=frozenset())
    assert not store.set_status("missing", Status.queued)


def test_set_status_failed_records_the_error_and_a_later_status_clears_it(store: Store) -> None:
    store.insert_document(make_doc(1))
    err = StageError(code="stage_failed", message="boom", stage="extract")
    assert store.set_status("doc-1", Status.failed, error=err)
    failed = store.get_document("doc-1")
    assert failed.status == Status.failed
    assert failed.error is not None and failed.error.code == "stage_failed" and failed.error.stage == "extract"
    store.set_status("doc-1", Status.queued)
    assert store.get_document("doc-1").error is None


def test_set_status_touches_updated_at(store: Store) -> None:
    stored, _ = store.insert_document(make_doc(1))
    time.sleep(0.002)
    store.set_status("doc-1", Status.segmenting)
    assert store.get_document("doc-1").updated_at > stored.updated_at


# -- save_stage -------------------------------------------------------------------


def test_save_stage_stores_only_its_fields_and_merges_versions_and_timings(store: Store) -> None:
    store.insert_document(make_doc(1))
    store.save_stage(
        "doc-1",
        "segment",
        "0.1.0",
        {"clean_text": "苏州工业园区", "tokens": [{"start": 0, "end": 2, "text": "苏州"}], "sentences": []},
        Status.extracting,
        {"segment": 1.5, "clean": 0.5},
    )
    store.save_stage(
        "doc-1", "extract", "0.1.0", {"entities": [park("苏州工业园区")]}, Status.normalizing, {"extract": 2.0}
    )
    doc = store.get_document("doc-1")
    assert doc.clean_text == "苏州工业园区"
    assert [t.text for t in doc.tokens] == ["苏州"]
    assert [e.name for e in doc.entities] == ["苏州工业园区"]
    assert doc.stages == {"segment": "0.1.0", "extract": "0.1.0"}
    assert doc.timings_ms == {"segment": 1.5, "clean": 0.5, "extract": 2.0}
    assert doc.status == Status.normalizing
    assert doc.pipeline_version == "0.1.0"
    assert doc.raw_text == "正文 1" and doc.title == "标题 1"  # input untouched


def test_save_stage_repeated_is_harmless(store: Store) -> None:
    store.insert_document(make_doc(1))
    for _ in range(2):
        store.save_stage("doc-1", "segment", "1", {"clean_text": "x"}, Status.extracting, {"segment": 1.0})
    doc = store.get_document("doc-1")
    assert doc.clean_text == "x" and doc.stages == {"segment": "1"} and doc.status == Status.extracting


def test_save_stage_never_moves_status_backwards_but_overrides_failed(store: Store) -> None:
    store.insert_document(make_doc(1))
    store.save_stage("doc-1", "normalize", "1", {"metrics": []}, Status.processed)
    # A late duplicate of an earlier stage keeps its output but not its status.
    store.save_stage("doc-1", "segment", "1", {"clean_text": "late"}, Status.extracting)
    doc = store.get_document("doc-1")
    assert doc.status == Status.processed and doc.clean_text == "late"

    store.insert_document(make_doc(2))
    store.set_status("doc-2", Status.failed, error=StageError(code="x", message="y"))
    store.save_stage("doc-2", "segment", "1", {"clean_text": "ok"}, Status.extracting)
    doc2 = store.get_document("doc-2")
    assert doc2.status == Status.extracting and doc2.error is None


def test_save_stage_with_status_failed_is_written(store: Store) -> None:
    store.insert_document(make_doc(1))
    store.save_stage("doc-1", "normalize", "1", {"metrics": []}, Status.processed)
    store.save_stage("doc-1", "normalize", "2", {}, Status.failed)
    assert store.get_document("doc-1").status == Status.failed


def test_save_stage_can_set_input_columns(store: Store) -> None:
    store.insert_document(make_doc(1))
    store.save_stage("doc-1", "segment", "1", {"title": "新标题", "published_at": "2024-05-06"}, Status.extracting)
    doc = store.get_document("doc-1")
    assert doc.title == "新标题" and doc.published_at == "2024-05-06"
    page = store.list_documents(DocumentQuery(published_from="2024-05-06", published_to="2024-05-06"))
    assert [d["id"] for d in page.items] == ["doc-1"]


def test_save_stage_refuses_store_owned_fields_and_missing_documents(store: Store) -> None:
    store.insert_document(make_doc(1))
    for field in ("status", "stages", "id", "timings_ms"):
        with pytest.raises(ValueError):
            store.save_stage("doc-1", "segment", "1", {field: "x"}, Status.extracting)
    with pytest.raises(ValueError):
        store.save_stage("doc-1", "segment", "1", {"bad name": 1}, Status.extracting)
    with pytest.raises(DocumentNotFound) as info:
        store.save_stage("missing", "segment", "1", {"clean_text": "x"}, Status.extracting)
    assert info.value.code == "document_not_found"


def big_tokens(n: int, word: str) -> list[dict[str, Any]]:
    return [{"text": word, "start": i, "end": i + len(word), "pos": "n"} for i in range(n)]


def test_a_stage_output_larger_than_a_mongodb_document_round_trips(
    store: Store, store_backend: str, store_location: str
) -> None:
    """The API accepts 2 MB of text, whose tokens alone are ~20 MiB of BSON:
    more than MongoDB keeps in one document (16 MiB). Here 24 MiB of tokens,
    replaced by a small value and then by a large one again."""
    store.insert_document(make_doc(1))
    word = "高质量发展" * 12  # 60 characters
    store.save_stage(
        "doc-1", "segment", "1", {"clean_text": "正文", "tokens": big_tokens(100_000, word)}, Status.extracting
    )
    store.save_stage("doc-1", "extract", "1", {"entities": [park("苏州工业园区")]}, Status.normalizing)
    doc = store.get_document("doc-1")
    assert doc is not None and len(doc.tokens) == 100_000
    assert doc.tokens[0].text == word and doc.tokens[-1].start == 99_999
    assert doc.clean_text == "正文" and [e.name for e in doc.entities] == ["苏州工业园区"]
    light = store.get_document("doc-1", fields={"entities"})
    assert light is not None and light.tokens == [] and [e.name for e in light.entities] == ["苏州工业园区"]

    store.save_stage("doc-1", "segment", "2", {"tokens": big_tokens(3, "发展")}, Status.extracting)
    small = store.get_document("doc-1")
    assert small is not None and [t.text for t in small.tokens] == ["发展"] * 3
    store.save_stage("doc-1", "segment", "3", {"tokens": big_tokens(100_000, "新" * 60)}, Status.extracting)
    again = store.get_document("doc-1")
    assert again is not None and len(again.tokens) == 100_000 and again.tokens[0].text == "新" * 60
    assert again.stages == {"segment": "3", "extract": "1"} and again.status == Status.normalizing
    assert again.clean_text == "正文"

    if store_backend == "mongo":
        import bson
        from pymongo import MongoClient

        client: MongoClient = MongoClient(store_location)
        try:
            db = client.get_default_database()
            stored = db["documents"].find_one({"_id": "doc-1"})
            assert stored is not None and len(bson.encode(stored)) < 16 * 1024 * 1024
            # Only the newest generation of the spilled tokens is kept.
            assert {p["gen"] for p in db["document_parts"].find({"doc_id": "doc-1"})} == {
                stored["parts"]["tokens"]["gen"]
            }
        finally:
            client.close()


def test_concurrent_rewrites_of_an_output_are_never_read_torn(
    store: Store, store_backend: str, store_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Duplicate deliveries rewrite one stage's output while another process
    reads it: every read sees one whole version. On MongoDB the outputs are
    made to go through document_parts (a low spill threshold), and only the
    version the document points at is kept there."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import docpipe.store.mongo_parts as mongo_parts

    monkeypatch.setattr(mongo_parts, "SPILL_BYTES", 2048)
    store.insert_document(make_doc(1))
    versions = [big_tokens(300, f"词{v}") for v in range(6)]
    handles = [open_store(store_location) for _ in range(3)]
    done = threading.Event()
    seen: list[set[str]] = []

    def write(k: int) -> None:
        for v in (versions[(k + j) % len(versions)] for j in range(len(versions))):
            handles[k].save_stage("doc-1", "segment", "1", {"tokens": v}, Status.extracting)

    def read() -> None:
        reads = 0
        while not done.is_set() or reads < 20:  # some reads even if the writers win every race
            reads += 1
            doc = store.get_document("doc-1")
            assert doc is not None
            if doc.tokens:
                assert len(doc.tokens) == 300
                seen.append({t.text for t in doc.tokens})

    try:
        with ThreadPoolExecutor(4) as pool:
            reader = pool.submit(read)
            for w in [pool.submit(write, k) for k in range(len(handles))]:
                w.result()
            done.set()
            reader.result()
    finally:
        for h in handles:
            h.close()
    assert seen and all(len(texts) == 1 for texts in seen)
    final = store.get_document("doc-1")
    assert final is not None and len({t.text for t in final.tokens}) == 1 and len(final.tokens) == 300

    if store_backend == "mongo":
        from pymongo import MongoClient

        client: MongoClient = MongoClient(store_location)
        try:
            db = client.get_default_database()
            stored = db["documents"].find_one({"_id": "doc-1"})
            assert stored is not None and "tokens" not in stored
            assert {p["gen"] for p in db["document_parts"].find({"doc_id": "doc-1"})} == {
                stored["parts"]["tokens"]["gen"]
            }
        finally:
            client.close()


def test_values_that_look_like_operators_are_stored_as_given(store: Store) -> None:
    """Metadata keys with dots and dollars (the client's own keys) and "$..."
    strings, which an update pipeline would otherwise read as field paths."""
    meta = {"a.b": 1, "$price": "x", "nested": {"c.d": {"$e": [1, "$f"]}}}
    stored, _ = store.insert_document(make_doc(1, metadata=meta))
    assert stored.metadata == meta
    store.save_stage("doc-1", "segment", "1", {"title": "$status", "clean_text": "$raw_text"}, Status.extracting)
    doc = store.get_document("doc-1")
    assert doc is not None and doc.metadata == meta
    assert doc.title == "$status" and doc.clean_text == "$raw_text" and doc.status == Status.extracting


# -- index_results and filters ----------------------------------------------------------


@pytest.fixture
def corpus(store: Store) -> Store:
    """Five documents with known entities, dates and statuses, created in
    order 1..5 (so newest first is 5..1)."""
    processed(
        store,
        make_doc(1, published_at="2024-01-10"),
        [region("烟台市", "370600"), industry("生物医药", "生物产业")],
        [metric(2200, "企业")],
    )
    processed(
        store,
        make_doc(2, published_at="2024-03-05T08:00:00+08:00"),
        [region("苏州市", "320500"), park("苏州工业园区"), industry("集成电路", "新一代信息技术产业")],
    )
    processed(store, make_doc(3, published_at="2024-06-30"), [region("长三角", None), park("苏州工业园区")])
    store.insert_document(make_doc(4, published_at="2024-07-01"))  # still queued, not indexed
    processed(store, make_doc(5), [region("烟台市", "370600"), region("烟台市", "370600")])
    return store


def ids(store: Store, **filters: Any) -> list[str]:
    return [d["id"] for d in store.list_documents(DocumentQuery(**filters), limit=100).items]


FILTER_CASES = [
    ({}, ["doc-5", "doc-4", "doc-3", "doc-2", "doc-1"]),
    ({"status": Status.queued}, ["doc-4"]),
    ({"status": Status.processed}, ["doc-5", "doc-3", "doc-2", "doc-1"]),
    ({"entity_name": "苏州工业园区"}, ["doc-3", "doc-2"]),
    ({"entity_name": "烟台市"}, ["doc-5", "doc-1"]),  # two mentions, listed once
    ({"entity_type": "park"}, ["doc-3", "doc-2"]),
    ({"entity_type": "industry"}, ["doc-2", "doc-1"]),
    ({"adcode": "370600"}, ["doc-5", "doc-1"]),
    ({"adcode": "320500"}, ["doc-3", "doc-2"]),  # doc-3's 苏州工业园区 lies in 苏州市
    ({"adcode": "320000"}, ["doc-3", "doc-2"]),  # and in 江苏省: the roll-up
    ({"adcode": "370000"}, ["doc-5", "doc-1"]),
    ({"industry": "生物医药"}, ["doc-1"]),
    ({"industry": "新一代信息技术产业"}, ["doc-2"]),  # by sector too
    ({"published_from": "2024-03-01"}, ["doc-4", "doc-3", "doc-2"]),
    ({"published_to": "2024-03-05"}, ["doc-2", "doc-1"]),  # inclusive, datetime values too
    ({"published_from": "2024-03-06", "published_to": "2024-06-30"}, ["doc-3"]),
    ({"entity_type": "park", "published_to": "2024-04-01"}, ["doc-2"]),
    ({"entity_name": "苏州工业园区", "adcode": "320500"}, ["doc-3", "doc-2"]),
    ({"entity_name": "苏州工业园"}, ["doc-3", "doc-2"]),  # the park without its last character
    (
        {"entity_type": "region", "status": Status.processed, "published_from": "2024-01-01"},
        ["doc-3", "doc-2", "doc-1"],
    ),
    ({"entity_name": "不存在"}, []),
    ({"adcode": "370600", "status": Status.queued}, []),
    ({"entity_type": "region", "status": Status.processed}, ["doc-5", "doc-3", "doc-2", "doc-1"]),
]


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES)
def test_filters(corpus: Store, filters: dict[str, Any], expected: list[str]) -> None:
    assert ids(corpus, **filters) == expected


@pytest.mark.parametrize("store_backend", ["sqlite"])  # SQLite's own plan choice: no MongoDB variant
@pytest.mark.parametrize("narrow_rows", [0, 10**9], ids=["broad-plans", "narrow-plans"])
def test_filters_give_the_same_answer_under_every_sqlite_plan(
    corpus: Store, narrow_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SQLite store picks a plan per query from bounded counts; force
    each kind so both give the same pages as the other."""
    import docpipe.store.sqlite_documents as sqlite_documents

    monkeypatch.setattr(sqlite_documents, "_NARROW_ROWS", narrow_rows)
    for filters, expected in FILTER_CASES:
        assert ids(corpus, **filters) == expected, filters
        first = corpus.list_documents(DocumentQuery(**filters), limit=1)
        got = [d["id"] for d in first.items]
        while first.next_cursor:
            first = corpus.list_documents(DocumentQuery(**filters), limit=1, cursor=first.next_cursor)
            got += [d["id"] for d in first.items]
        assert got == expected, filters


@pytest.mark.parametrize("store_backend", ["mongo"])  # MongoDB's query plans: no SQLite variant
@pytest.mark.parametrize(
    "filters", [{}, {"status": Status.processed}, {"entity_name": "苏州工业园区"}, {"adcode": "370600"}]
)
def test_a_first_page_with_one_filter_is_an_index_scan_on_mongodb(corpus: Store, filters: dict[str, Any]) -> None:
    """The list query as the store builds it is answered from an index, never
    a collection scan. Only what holds on MongoDB 7 and on the test server
    alike (which index, and whether it also gives the order, differ: README,
    "MongoDB and the test server")."""
    from pymongo import DESCENDING

    query = DocumentQuery(**filters)
    expected = ids(corpus, **filters)
    cursor = (
        corpus._col("documents")  # type: ignore[attr-defined]
        .find(corpus._filter(query), {"_id": 1})  # type: ignore[attr-defined]
        .sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        .limit(51)
    )
    assert [d["_id"] for d in cursor.clone()] == expected
    stages = plan_stages(cursor)
    assert "IXSCAN" in stages and "COLLSCAN" not in stages, stages


def test_summaries_carry_counts_and_no_heavy_fields(corpus: Store) -> None:
    item = corpus.list_documents(DocumentQuery(entity_name="生物医药"), limit=1).items[0]
    assert item["id"] == "doc-1" and item["status"] == "processed" and item["title"] == "标题 1"
    assert item["entity_count"] == 2 and item["metric_count"] == 1
    assert "raw_text" not in item and "tokens" not in item


def test_index_results_replaces_the_rows(corpus: Store) -> None:
    doc = corpus.get_document("doc-1")
    doc.entities = [park("无锡高新区")]
    doc.metrics = []
    corpus.index_results(doc)
    corpus.index_results(doc)  # repeating it is harmless
    assert ids(corpus, entity_name="烟台市") == ["doc-5"]
    assert ids(corpus, entity_name="无锡高新区") == ["doc-1"]
    assert ids(corpus, industry="生物医药") == []
    assert [e["name"] for e in corpus.entities_of("doc-1")] == ["无锡高新区"]
    assert corpus.metrics_of("doc-1") == []
    assert corpus.list_documents(DocumentQuery(entity_name="无锡高新区")).items[0]["entity_count"] == 1


def test_entity_and_metric_rows(corpus: Store) -> None:
    rows = corpus.entities_of("doc-1")
    assert [(r["type"], r["name"], r["adcode"]) for r in rows] == [
        ("region", "烟台市", "370600"),
        ("industry", "生物医药", None),
    ]
    assert rows[1]["industry"] == "生物医药" and rows[1]["sector"] == "生物产业"
    (m,) = corpus.metrics_of("doc-1")
    assert m["value"] == 2200 and m["unit"] == "家" and m["measure"] == "企业"


def test_concurrent_index_results_of_one_document_converge(store: Store, store_location: str) -> None:
    """Two deliveries of the last stage index the same document at once."""
    from concurrent.futures import ThreadPoolExecutor

    handles = [open_store(store_location) for _ in range(4)]
    try:
        for i in range(5):
            doc = make_doc(i)
            store.insert_document(doc)
            store.save_stage(
                doc.id, "extract", "1", {"entities": [park(f"园区{i}-{k}") for k in range(30)]}, Status.processed
            )
            stored = store.get_document(doc.id)
            assert stored is not None
            with ThreadPoolExecutor(len(handles)) as pool:
                list(pool.map(lambda h, stored=stored: h.index_results(stored), handles))
            assert [e["name"] for e in store.entities_of(doc.id)] == [f"园区{i}-{k}" for k in range(30)]
            assert ids(store, entity_name=f"园区{i}-29") == [doc.id]
    finally:
        for h in handles:
            h.close()


def test_index_results_of_a_missing_document_raises(store: Store) -> None:
    with pytest.raises(DocumentNotFound):
        store.index_results(make_doc("ghost"))


def test_count_documents(corpus: Store) -> None:
    assert corpus.count_documents() == 5
    assert corpus.count_documents(DocumentQuery(entity_type="park")) == 2


# -- pagination ---------------------------------------------------------------------


def test_pagination_covers_every_document_once_newest_first(store: Store) -> None:
    for i in range(23):
        store.insert_document(make_doc(f"{i:02d}"))
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = store.list_documents(DocumentQuery(), limit=5, cursor=cursor)
        seen += [d["id"] for d in page.items]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 5
    assert len(seen) == len(set(seen)) == 23
    assert seen == [f"doc-{i:02d}" for i in reversed(range(23))]


def test_pagination_breaks_created_at_ties_by_id(store: Store) -> None:
    stamp = "2024-01-01T00:00:00.000000Z"
    for i in range(7):
        store.insert_document(make_doc(i, created_at=stamp))
    first = store.list_documents(DocumentQuery(), limit=4)
    second = store.list_documents(DocumentQuery(), limit=4, cursor=first.next_cursor)
    got = [d["id"] for d in first.items + second.items]
    assert got == [f"doc-{i}" for i in reversed(range(7))]
    assert second.next_cursor is None


def test_pagination_with_a_filter(corpus: Store) -> None:
    first = corpus.list_documents(DocumentQuery(entity_type="region"), limit=2)
    second = corpus.list_documents(DocumentQuery(entity_type="region"), limit=2, cursor=first.next_cursor)
    assert [d["id"] for d in first.items] == ["doc-5", "doc-3"]
    assert [d["id"] for d in second.items] == ["doc-2", "doc-1"]
    assert second.next_cursor is None


@pytest.mark.parametrize("cursor", ["not a cursor!", "AAAA", encode_cursor("x", "y")[:-3] + "@@@", "W10", "WzEsMl0"])
def test_invalid_cursor_raises_a_stable_error(store: Store, cursor: str) -> None:
    with pytest.raises(InvalidCursor) as info:
        store.list_documents(DocumentQuery(), cursor=cursor)
    assert info.value.code == "invalid_cursor"


# -- stuck documents, idempotency keys, ping ------------------------------------------------


def test_stuck_documents(store: Store) -> None:
    for i in range(4):
        store.insert_document(make_doc(i))
    store.set_status("doc-1", Status.extracting)
    store.set_status("doc-2", Status.processed)
    store.set_status("doc-3", Status.failed, error=StageError(code="x", message="y"))
    # An age well above what a busy machine spends between two statements
    # (0.02 s here was flaky under load: the touched document aged past it).
    age = 0.5
    time.sleep(age + 0.1)
    assert sorted(store.stuck_documents(age)) == ["doc-0", "doc-1"]
    assert store.stuck_documents(3600) == []
    assert len(store.stuck_documents(age, limit=1)) == 1
    store.set_status("doc-0", Status.segmenting)  # touched: no longer stuck
    assert store.stuck_documents(age) == ["doc-1"]


def test_idempotency_key_binds_once(store: Store) -> None:
    assert store.remember_idempotency_key("k1", "doc-a") == "doc-a"
    assert store.remember_idempotency_key("k1", "doc-b") == "doc-a"
    assert store.remember_idempotency_key("k2", "doc-b") == "doc-b"


def test_ping_and_reopen_after_close(store: Store) -> None:
    assert store.ping()
    store.insert_document(make_doc(1))
    store.close()
    assert store.get_document("doc-1") is not None  # reconnects on use


# -- many processes at once ------------------------------------------------------------

STAGE_OUTPUT = {
    "segment": lambda i: {"clean_text": f"clean {i}", "tokens": [{"start": 0, "end": 5, "text": "clean"}]},
    "extract": lambda i: {"entities": [{"type": "park", "text": f"园区{i}", "name": f"园区{i}", "start": 0, "end": 3}]},
    "normalize": lambda i: {"metrics": [{"text": f"{i}家", "start": 0, "end": 2, "value": float(i), "unit": "家"}]},
}
STAGE_STATUS = {"segment": Status.extracting, "extract": Status.normalizing, "normalize": Status.processed}


def _concurrent_worker(location: str, worker: int, stage: str, n_ids: int, barrier: Any, out: Any) -> None:
    store = open_store(location)
    store.ensure_indexes()
    rng = random.Random(worker)
    order = list(range(n_ids))
    rng.shuffle(order)
    created = 0
    key_bindings = {}
    barrier.wait()
    for i in order:
        _, was_created = store.insert_document(Document(id=f"c-{i}", raw_text=f"text {i}"))
        created += was_created
        store.save_stage(f"c-{i}", stage, "1", STAGE_OUTPUT[stage](i), STAGE_STATUS[stage], {stage: float(worker)})
        key_bindings[i] = store.remember_idempotency_key(f"key-{i}", f"c-{i}-by-{worker}")
    store.close()
    out.put((worker, created, key_bindings))


def test_concurrent_processes_lose_nothing_and_duplicate_nothing(store: Store, store_location: str) -> None:
    n_ids = 120
    # Four writers; segment twice so two processes also race on the same fields.
    stages = ["segment", "extract", "normalize", "segment"]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(stages))
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_concurrent_worker, args=(store_location, w, s, n_ids, barrier, out))
        for w, s in enumerate(stages)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0

    assert sum(created for _, created, _ in results) == n_ids  # each id created exactly once
    assert store.count_documents() == n_ids
    page = store.list_documents(DocumentQuery(), limit=1000)
    assert sorted(d["id"] for d in page.items) == sorted(f"c-{i}" for i in range(n_ids))
    for i in range(n_ids):
        doc = store.get_document(f"c-{i}")
        assert doc is not None
        assert doc.raw_text == f"text {i}"
        assert doc.clean_text == f"clean {i}" and len(doc.tokens) == 1
        assert [e.name for e in doc.entities] == [f"园区{i}"]
        assert [m.value for m in doc.metrics] == [float(i)]
        assert doc.stages == {"segment": "1", "extract": "1", "normalize": "1"}
        assert set(doc.timings_ms) == {"segment", "extract", "normalize"}
        assert doc.status == Status.processed
    # Every process saw the same binding for each idempotency key.
    for i in range(n_ids):
        bound = {bindings[i] for _, _, bindings in results}
        assert len(bound) == 1 and bound.pop().startswith(f"c-{i}-by-")


# -- choosing the store -------------------------------------------------------------------


def _write_from_forked_child(out: Any) -> None:
    from docpipe.store import get_store

    child_store = get_store()
    child_store.insert_document(make_doc("from-child"))
    out.put(id(child_store))


def test_get_store_is_one_per_process_and_safe_after_fork(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from docpipe import settings
    from docpipe.store import get_store, reset_store
    from docpipe.store.sqlite import SqliteStore

    monkeypatch.delenv("MONGODB_URI", raising=False)
    monkeypatch.setenv("DOCPIPE_STORE_PATH", str(tmp_path / "chosen.sqlite3"))
    settings.store.cache_clear()
    settings.mongo.cache_clear()
    reset_store()
    try:
        parent = get_store()
        assert isinstance(parent, SqliteStore) and parent.path == tmp_path / "chosen.sqlite3"
        assert get_store() is parent
        parent.insert_document(make_doc("from-parent"))  # the parent's connection is open
        ctx = mp.get_context("fork")
        out = ctx.Queue()
        child = ctx.Process(target=_write_from_forked_child, args=(out,))
        child.start()
        out.get(timeout=60)
        child.join(timeout=30)
        assert child.exitcode == 0
        assert parent.get_document("doc-from-child") is not None
        assert parent.count_documents() == 2
    finally:
        reset_store()
        settings.store.cache_clear()
        settings.mongo.cache_clear()


def test_a_changed_published_date_reaches_the_entity_filters(corpus: Store) -> None:
    assert ids(corpus, entity_type="park", published_from="2025-01-01") == []
    corpus.save_stage("doc-2", "segment", "2", {"published_at": "2025-02-03"}, Status.extracting)
    assert ids(corpus, entity_type="park", published_from="2025-01-01") == ["doc-2"]
    assert ids(corpus, published_from="2025-01-01") == ["doc-2"]


def test_get_document_reads_only_the_fields_asked_for(store):
    """A task loads only what its stage reads; bookkeeping always comes back."""
    doc = Document(id="proj1", raw_text="原文。", title="标题", published_at="2024-01-02")
    store.insert_document(doc)
    store.save_stage(
        "proj1",
        "segment",
        "v1",
        {"clean_text": "原文。", "tokens": [{"text": "原文", "start": 0, "end": 2, "pos": "n"}]},
        Status.extracting,
        {"segment": 1.0},
    )
    part = store.get_document("proj1", fields={"clean_text"})
    assert part.clean_text == "原文。"
    assert part.tokens == [] and part.raw_text == ""
    assert part.title == "标题" and part.published_at == "2024-01-02"
    assert part.status == Status.extracting and part.stages == {"segment": "v1"}
    whole = store.get_document("proj1")
    assert whole.raw_text == "原文。" and len(whole.tokens) == 1
    assert store.get_document("proj1", fields={"raw_text"}).raw_text == "原文。"
    assert store.get_document("nope", fields={"clean_text"}) is None


# -- re-submission: update_metadata and the revision guard -------------------------------

RERUN = {"published_at": "segment"}


def fully_processed(store: Store, doc: Document) -> Document:
    """Insert and run every stage's save (segment rewrites published_at as
    the segment stage does), then index: a processed document at revision 0."""
    store.insert_document(doc)
    store.save_stage(doc.id, "segment", "1", {"clean_text": "正文", "published_at": "2024-11-24"}, Status.extracting)
    store.save_stage(doc.id, "extract", "1", {"entities": [park("苏州工业园区")]}, Status.normalizing)
    store.save_stage(doc.id, "normalize", "1", {"metrics": [metric(1, "企业")]}, Status.processed)
    stored = store.get_document(doc.id)
    assert stored is not None
    store.index_results(stored)
    return stored


def test_update_metadata_with_the_same_values_changes_nothing(store: Store) -> None:
    # The client gave a date-time; segment stored the date: either form again is no change.
    before = fully_processed(
        store, make_doc(1, published_at="2024-11-24T09:36:50", source_url="http://x/1", metadata={"k": "v"})
    )
    for given in (
        {"title": "标题 1", "published_at": "2024-11-24T09:36:50", "source_url": "http://x/1", "metadata": {"k": "v"}},
        {"published_at": "2024-11-24"},
        {},
    ):
        result = store.update_metadata("doc-1", given, rerun_from=RERUN)
        assert result is not None
        assert result.updated == () and result.rerun == ()
    after = store.get_document("doc-1")
    assert after.updated_at == before.updated_at and revision_of(after) == 0
    assert after.status == Status.processed and after.stages == before.stages


def test_update_metadata_writes_only_the_given_fields_that_changed(store: Store) -> None:
    fully_processed(store, make_doc(1, source_url="http://x/1", metadata={"k": "v", "n": 1}))
    result = store.update_metadata("doc-1", {"title": "新标题", "metadata": {"k": "w"}}, rerun_from=RERUN)
    assert result.updated == ("title", "metadata") and result.rerun == ()
    doc = store.get_document("doc-1")
    assert doc.title == "新标题" and doc.metadata == {"k": "w"}  # metadata is replaced whole
    assert doc.source_url == "http://x/1" and doc.published_at == "2024-11-24"  # not given: kept
    # Nothing to re-run: the outputs and the status stay.
    assert doc.status == Status.processed and set(doc.stages) == {"segment", "extract", "normalize"}
    assert [e.name for e in doc.entities] == ["苏州工业园区"]
    assert revision_of(doc) == 1 and revision_of(result.document) == 1
    # The same again: no change, no new revision.
    again = store.update_metadata("doc-1", {"title": "新标题", "metadata": {"k": "w"}}, rerun_from=RERUN)
    assert again.updated == () and revision_of(store.get_document("doc-1")) == 1


def test_update_metadata_of_published_at_forgets_the_stages_from_the_first_reader(store: Store) -> None:
    fully_processed(store, make_doc(1, published_at="2024-11-24"))
    store.set_status("doc-1", Status.failed, error=StageError(code="x", message="y"))
    result = store.update_metadata("doc-1", {"published_at": "2023-05-06"}, rerun_from={"published_at": "extract"})
    assert result.updated == ("published_at",) and result.rerun == ("extract", "normalize")
    doc = store.get_document("doc-1")
    assert doc.published_at == "2023-05-06" and doc.stages == {"segment": "1"}
    assert doc.status == Status.queued and doc.error is None
    assert result.document.status == Status.queued and result.document.stages == {"segment": "1"}
    # The date filters follow at once (the facets carry the date too).
    assert ids(store, published_from="2023-05-01", published_to="2023-05-31") == ["doc-1"]
    assert ids(store, entity_type="park", published_from="2023-05-01", published_to="2023-05-31") == ["doc-1"]
    # A change of a field nobody re-runs for, together with published_at.
    both = store.update_metadata("doc-1", {"published_at": "2022-01-01", "source_url": "u"}, rerun_from=RERUN)
    assert both.updated == ("published_at", "source_url") and both.rerun == ("segment", "extract", "normalize")
    assert store.get_document("doc-1").stages == {}


def test_update_metadata_of_a_missing_document_is_none(store: Store) -> None:
    assert store.update_metadata("nope", {"title": "t"}) is None


def test_update_metadata_refuses_fields_that_are_not_input_fields(store: Store) -> None:
    store.insert_document(make_doc(1))
    with pytest.raises(ValueError):
        store.update_metadata("doc-1", {"status": "processed"})


def test_stage_writes_of_an_older_revision_are_refused(store: Store) -> None:
    """A stage run that read the document before a re-submission changed it
    writes nothing: no output, no status, no index rows."""
    store.insert_document(make_doc(1, published_at="2024-11-24"))
    stale = store.get_document("doc-1")
    assert revision_of(stale) == 0
    store.update_metadata("doc-1", {"published_at": "2020-01-01"}, rerun_from=RERUN)
    assert not store.save_stage(
        "doc-1", "segment", "1", {"clean_text": "旧", "published_at": "2024-11-24"}, Status.extracting, revision=0
    )
    assert not store.set_status("doc-1", Status.failed, error=StageError(code="x", message="y"), revision=0)
    stale.entities = [park("苏州工业园区")]
    assert not store.index_results(stale, revision=0)
    doc = store.get_document("doc-1")
    assert doc.published_at == "2020-01-01" and doc.clean_text is None and doc.stages == {}
    assert doc.status == Status.queued and store.entities_of("doc-1") == []
    # The current revision writes.
    assert store.set_status("doc-1", Status.segmenting, revision=1)
    assert store.save_stage("doc-1", "segment", "1", {"clean_text": "新"}, Status.extracting, revision=1)
    doc = store.get_document("doc-1")
    assert doc.clean_text == "新" and doc.stages == {"segment": "1"}
    doc.entities = [park("苏州工业园区")]
    assert store.index_results(doc, revision=1)
    assert [e["name"] for e in store.entities_of("doc-1")] == ["苏州工业园区"]
    with pytest.raises(DocumentNotFound):
        store.save_stage("nope", "segment", "1", {}, Status.extracting, revision=0)


def test_concurrent_updates_of_one_document_each_count(store: Store, store_location: str) -> None:
    """Re-submissions racing on one document: every change is one revision,
    none is lost (each writer's compare and write are one step)."""
    store.insert_document(make_doc(1))
    n = 4
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(n)
    procs = [ctx.Process(target=_concurrent_update, args=(store_location, i, barrier)) for i in range(n)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    doc = store.get_document("doc-1")
    # 4 writers x 5 distinct titles each: 20 changes, one revision each.
    assert revision_of(doc) == n * 5
    assert doc.title.startswith("t-")


def _concurrent_update(location: str, worker: int, barrier: Any) -> None:
    s = open_store(location)
    barrier.wait()
    for k in range(5):
        result = s.update_metadata("doc-1", {"title": f"t-{worker}-{k}"})
        assert result is not None and result.updated == ("title",)
    s.close()
