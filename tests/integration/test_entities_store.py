"""Entities across documents on both store engines: one canonical entity
per real thing (its written forms as aliases), the list and its cursor, one
entity's documents, facts and co-occurring entities, the region roll-up and
``canonical_only`` in the document filters."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import plan_stages  # tests/integration/conftest.py

from docpipe.document import Document, Entity, Metric, Status
from docpipe.errors import InvalidCursor
from docpipe.store.base import DocumentQuery, Store
from docpipe.store.entities import EntityQuery
from docpipe.store.entity_index import entity_index

pytestmark = pytest.mark.integration


def ent(type_: str, name: str, **attrs: Any) -> Entity:
    return Entity(type=type_, text=name, name=name, start=0, end=len(name), attributes=attrs)


def fig(value: float, measure: str, subject: str) -> Metric:
    return Metric(text=f"{value}亿元", start=0, end=4, value=value, unit="CNY", measure=measure, subject=subject)


def put(store: Store, i: int, entities: list[Entity], metrics: list[Metric] = (), **extra: Any) -> None:
    doc = Document(id=f"doc-{i}", raw_text=f"正文 {i}", title=f"标题 {i}", published_at=f"2024-0{i}-01", **extra)
    store.insert_document(doc)
    store.save_stage(doc.id, "extract", "1", {"entities": entities}, Status.normalizing)
    fields: dict[str, Any] = {"metrics": list(metrics)}
    if extra.get("duplicate_of"):
        fields["duplicate_of"] = extra["duplicate_of"]
    store.save_stage(doc.id, "normalize", "1", fields, Status.processed)
    stored = store.get_document(doc.id)
    assert stored is not None
    store.index_results(stored)


@pytest.fixture
def corpus(store: Store) -> Store:
    put(
        store,
        1,
        [ent("organization", "宁德时代"), ent("region", "宁德市", adcode="350900"), ent("organization", "宁德时代")],
        [fig(300, "营业收入", "宁德时代")],
    )
    put(
        store,
        2,
        [
            ent("organization", "宁德时代新能源科技股份有限公司"),
            ent("park", "苏州工业园"),
            ent("region", "宁德市", adcode="350900"),
        ],
        [fig(400, "营业收入", "宁德时代新能源科技股份有限公司"), fig(5, "税收", "苏州工业园")],
    )
    put(store, 3, [ent("park", "苏州工业园区"), ent("region", "昆山市", adcode="320583")])
    put(store, 4, [ent("region", "江苏省", adcode="320000"), ent("organization", "宁德时代")], duplicate_of="doc-1")
    return store


def ids(store: Store, **filters: Any) -> list[str]:
    return [d["id"] for d in store.list_documents(DocumentQuery(**filters), limit=100).items]


def test_short_and_full_names_are_one_entity_and_either_finds_every_document(corpus: Store) -> None:
    for written in ("宁德时代", "宁德时代新能源科技股份有限公司"):
        assert ids(corpus, entity_name=written) == ["doc-4", "doc-2", "doc-1"], written
        assert ids(corpus, entity_name=written, entity_type="organization") == ["doc-4", "doc-2", "doc-1"]
    for written in ("苏州工业园", "苏州工业园区"):
        assert ids(corpus, entity_name=written) == ["doc-3", "doc-2"], written


def test_region_roll_up_finds_parks_and_counties_inside(corpus: Store) -> None:
    # 江苏省 itself (doc-4), a county in it (昆山市, doc-3), a park in 苏州市 (doc-2, doc-3)
    assert ids(corpus, adcode="320000") == ["doc-4", "doc-3", "doc-2"]
    assert ids(corpus, adcode="320500") == ["doc-3", "doc-2"]
    assert ids(corpus, adcode="320583") == ["doc-3"]
    assert ids(corpus, adcode="350000") == ["doc-2", "doc-1"]


def test_canonical_only_leaves_out_near_duplicates(corpus: Store) -> None:
    assert ids(corpus, canonical_only=True) == ["doc-3", "doc-2", "doc-1"]
    assert ids(corpus, entity_name="宁德时代", canonical_only=True) == ["doc-2", "doc-1"]
    assert ids(corpus, adcode="320000", canonical_only=True) == ["doc-3", "doc-2"]


def test_list_entities_gives_one_plain_row_per_canonical_entity(corpus: Store) -> None:
    index = entity_index(corpus)
    page = index.list_entities(EntityQuery(type="organization"))
    assert page.next_cursor is None
    (catl,) = page.items
    assert catl == {
        "type": "organization",
        "name": "宁德时代",
        "aliases": ["宁德时代新能源科技股份有限公司"],
        "adcode": None,
        "documents": 3,
        "mentions": 4,
        "first_seen": "2024-01-01",
        "last_seen": "2024-04-01",
    }
    parks = index.list_entities(EntityQuery(type="park")).items
    assert [(p["name"], p["aliases"], p["adcode"], p["documents"]) for p in parks] == [
        ("苏州工业园区", ["苏州工业园"], "320500", 2)
    ]


def test_list_entities_pages_in_name_order_and_searches(corpus: Store) -> None:
    index = entity_index(corpus)
    everything = index.list_entities(EntityQuery(), limit=100).items
    keys = [(e["type"], e["name"]) for e in everything]
    assert keys == sorted(keys) and len(keys) == 5
    got, cursor = [], None
    while True:
        page = index.list_entities(EntityQuery(), limit=2, cursor=cursor)
        got += [(e["type"], e["name"]) for e in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert got == keys
    # q: a written form (its canonical entity), or a part of a name or alias
    assert [e["name"] for e in index.list_entities(EntityQuery(q="宁德时代新能源科技股份有限公司")).items] == [
        "宁德时代"
    ]
    assert [e["name"] for e in index.list_entities(EntityQuery(q="新能源科技")).items] == ["宁德时代"]
    assert [e["name"] for e in index.list_entities(EntityQuery(q="宁德")).items] == ["宁德时代", "宁德市"]
    assert [e["name"] for e in index.list_entities(EntityQuery(type="region", q="宁德")).items] == ["宁德市"]
    assert index.list_entities(EntityQuery(q="100%_")).items == []
    with pytest.raises(InvalidCursor):
        index.list_entities(EntityQuery(), cursor="bm9wZQ")


def test_entity_detail_facts_and_related(corpus: Store) -> None:
    index = entity_index(corpus)
    item = index.entity("organization", "宁德时代新能源科技股份有限公司")
    assert item is not None and item["name"] == "宁德时代" and item["documents"] == 3
    facts = index.entity_facts(item)
    assert sorted((s["document_id"], f["value"], f["subject"]) for f in facts for s in f["sources"]) == [
        ("doc-1", 300, "宁德时代"),
        ("doc-2", 400, "宁德时代新能源科技股份有限公司"),
    ]
    assert all(s["title"] and f["measure"] == "营业收入" for f in facts for s in f["sources"])
    related = index.related(item)
    assert related[0] == {"type": "region", "name": "宁德市", "documents": 2}
    assert {(r["type"], r["name"]) for r in related} == {
        ("region", "宁德市"),
        ("park", "苏州工业园区"),
        ("region", "江苏省"),
    }
    park = index.entity("park", "苏州工业园")
    assert park is not None and park["name"] == "苏州工业园区"
    assert [f["value"] for f in index.entity_facts(park)] == [5]
    assert index.entity("organization", "不存在") is None
    assert index.entity("park", "宁德时代") is None


def test_reindexing_replaces_a_documents_entity_rows(corpus: Store) -> None:
    doc = corpus.get_document("doc-2")
    assert doc is not None
    doc.entities = [ent("park", "苏州工业园区")]
    corpus.index_results(doc)
    corpus.index_results(doc)
    index = entity_index(corpus)
    catl = index.entity("organization", "宁德时代")
    assert catl is not None and catl["documents"] == 2 and catl["aliases"] == []
    park = index.entity("park", "苏州工业园区")
    assert park is not None and park["documents"] == 2 and park["aliases"] == []


def test_one_entitys_rows_are_an_index_range_on_both_engines(corpus: Store, store_backend: str) -> None:
    """An entity's counts and its newest documents read the (type, canonical, …) index, never a scan."""
    if store_backend == "sqlite":
        with corpus._read() as conn:  # type: ignore[attr-defined]
            plan = " | ".join(
                r[-1]
                for r in conn.execute(
                    "EXPLAIN QUERY PLAN SELECT count(*), sum(mentions) FROM entity_docs WHERE type = ? AND canonical = ?",
                    ("organization", "宁德时代"),
                )
            )
        # counted from the index alone (it carries mentions, seen, adcode)
        assert "COVERING INDEX entity_docs_entity" in plan and not plan.startswith("SCAN"), plan
        return
    cursor = corpus._col("entity_docs").find({"type": "organization", "canonical": "宁德时代"})  # type: ignore[attr-defined]
    assert len(list(cursor.clone())) == 3
    stages = plan_stages(cursor)
    assert "IXSCAN" in stages and "COLLSCAN" not in stages, stages


def test_index_results_reads_duplicate_of_a_stage_did_not_load(corpus: Store) -> None:
    """The last stage loads only what it reads; the index still knows the copy."""
    stored = corpus.get_document("doc-4")
    assert stored is not None and stored.duplicate_of == "doc-1"
    partial = Document(id="doc-4", entities=stored.entities, published_at=stored.published_at)
    corpus.index_results(partial)
    assert ids(corpus, canonical_only=True) == ["doc-3", "doc-2", "doc-1"]


def test_an_entity_docs_table_from_before_aliased_is_migrated(tmp_path: Any) -> None:
    import sqlite3

    from docpipe.store.sqlite import SqliteStore

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE entity_docs (doc_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL,"
        " canonical TEXT NOT NULL, names TEXT NOT NULL, mentions INTEGER NOT NULL, adcode TEXT, seen TEXT,"
        " created_at TEXT NOT NULL, PRIMARY KEY (doc_id, seq)) WITHOUT ROWID"
    )
    conn.executemany(
        "INSERT INTO entity_docs VALUES (?, ?, 'organization', '宁德时代', ?, 1, NULL, NULL, 'x')",
        [("a", 0, '["宁德时代"]'), ("b", 0, '["宁德时代新能源科技股份有限公司"]')],
    )
    conn.commit()
    conn.close()
    store = SqliteStore(path)
    store.ensure_indexes()
    item = entity_index(store).entity("organization", "宁德时代")
    store.close()
    assert item is not None and item["documents"] == 2 and item["aliases"] == ["宁德时代新能源科技股份有限公司"]


def _every_entity(store: Store) -> list[dict[str, Any]]:
    return entity_index(store).list_entities(EntityQuery(), limit=500).items


def _rebuilt(store: Store, store_backend: str) -> list[dict[str, Any]]:
    """The list after the summary is made again from the entity rows alone."""
    if store_backend == "sqlite":
        from docpipe.store.entities_sqlite import rebuild_summary as rebuild_sqlite

        with store._tx() as conn:  # type: ignore[attr-defined]
            rebuild_sqlite(conn)
    else:
        from docpipe.store.entities_mongo import rebuild_summary as rebuild_mongo

        rebuild_mongo(store._db())  # type: ignore[attr-defined]
    return _every_entity(store)


def test_the_summary_kept_at_indexing_equals_one_made_from_the_rows(corpus: Store, store_backend: str) -> None:
    """Re-indexing that drops an entity, moves a date, drops the only
    adcode or alias, and a new document: the kept summary is what an
    aggregate of the rows gives, on both engines, with the same answers."""
    doc1 = corpus.get_document("doc-1")
    assert doc1 is not None
    doc1.entities = [ent("organization", "宁德时代")]  # 宁德市 (its adcode) gone from doc-1
    doc1.published_at = "2023-12-31"  # 宁德时代's first_seen moves earlier
    corpus.index_results(doc1)
    doc2 = corpus.get_document("doc-2")
    assert doc2 is not None
    doc2.entities = [
        ent("park", "苏州工业园区"),
        ent("region", "宁德市"),
    ]  # the full name (an alias) and 苏州工业园 gone
    corpus.index_results(doc2)
    put(corpus, 5, [ent("park", "苏州工业园"), ent("region", "宁德市", adcode="350900")])
    kept = _every_entity(corpus)
    assert kept == _rebuilt(corpus, store_backend)
    by_key = {(e["type"], e["name"]): e for e in kept}
    assert by_key[("organization", "宁德时代")] == {
        "type": "organization",
        "name": "宁德时代",
        "aliases": [],
        "adcode": None,
        "documents": 2,
        "mentions": 2,
        "first_seen": "2023-12-31",
        "last_seen": "2024-04-01",
    }
    assert by_key[("park", "苏州工业园区")]["aliases"] == ["苏州工业园"]
    assert by_key[("region", "宁德市")]["documents"] == 2 and by_key[("region", "宁德市")]["adcode"] == "350900"
    # an entity no document names any more leaves the list
    for doc_id in ("doc-3",):
        doc = corpus.get_document(doc_id)
        assert doc is not None
        doc.entities = []
        corpus.index_results(doc)
    assert ("region", "昆山市") not in {(e["type"], e["name"]) for e in _every_entity(corpus)}
    assert entity_index(corpus).entity("region", "昆山市") is None
    assert _every_entity(corpus) == _rebuilt(corpus, store_backend)


def test_a_store_without_the_summary_makes_it_from_the_rows(corpus: Store, store_backend: str) -> None:
    before = _every_entity(corpus)
    if store_backend == "sqlite":
        with corpus._tx() as conn:  # type: ignore[attr-defined]
            conn.execute("DROP TABLE entity_summary")
        corpus._schema_ready = False  # type: ignore[attr-defined]
        corpus.close()
    else:
        corpus._db().drop_collection("entity_summary")  # type: ignore[attr-defined]
    corpus.ensure_indexes()
    assert _every_entity(corpus) == before and len(before) == 5


def test_the_entity_list_is_a_walk_of_the_summary_on_both_engines(corpus: Store, store_backend: str) -> None:
    """A page reads at most its own summaries in key order: no sort, no scan
    of the entity-document rows (whatever the entities' sizes)."""
    if store_backend == "sqlite":
        with corpus._read() as conn:  # type: ignore[attr-defined]
            shapes = (("", ()), ("WHERE type = ?", ("park",)), ("WHERE (type, canonical) > (?, ?)", ("a", "b")))
            for where, params in shapes:
                plan = " | ".join(
                    r[-1]
                    for r in conn.execute(
                        f"EXPLAIN QUERY PLAN SELECT * FROM entity_summary {where} ORDER BY type, canonical LIMIT 51",
                        params,
                    )
                )
                assert "entity_summary" in plan and "TEMP B-TREE" not in plan and "entity_docs" not in plan, plan
        return
    col = corpus._col("entity_summary")  # type: ignore[attr-defined]
    for match in ({}, {"type": "park"}):
        cursor = col.find(match).sort([("type", 1), ("canonical", 1)]).limit(51)
        assert len(list(cursor.clone())) == (5 if not match else 1)
        stages = plan_stages(cursor)
        # (The wire server puts a SORT over the index scan where MongoDB reads
        # the order from the index; the facts plans are checked the same way.)
        assert "IXSCAN" in stages and "COLLSCAN" not in stages, stages


def test_one_new_document_indexed_by_two_processes_at_once_is_counted_once(
    corpus: Store, store_backend: str, store_location: str
) -> None:
    """A redelivered task can index a new document twice at the same time:
    the summary counts it once (on MongoDB only the run whose upsert
    inserted a row adds it)."""
    import threading

    from docpipe.store import open_store

    handles = [open_store(store_location) for _ in range(2)]
    try:
        for i in range(5, 11):
            doc = Document(id=f"doc-{i}", raw_text=f"正文 {i}", title=f"标题 {i}", published_at="2024-06-01")
            corpus.insert_document(doc)
            doc.entities = [ent("organization", "宁德时代"), ent("park", "苏州工业园", adcode="320500")]
            gate = threading.Barrier(2)

            def index(handle: Store, doc: Document = doc, gate: threading.Barrier = gate) -> None:
                gate.wait()
                handle.index_results(doc)

            threads = [threading.Thread(target=index, args=(h,)) for h in handles]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        for h in handles:
            h.close()
    kept = {(e["type"], e["name"]): e["documents"] for e in _every_entity(corpus)}
    assert kept[("organization", "宁德时代")] == 3 + 6 and kept[("park", "苏州工业园区")] == 2 + 6
    assert _every_entity(corpus) == _rebuilt(corpus, store_backend)


def test_reindexing_while_new_documents_name_the_same_entity_keeps_exact_counts(
    corpus: Store, store_backend: str, store_location: str
) -> None:
    """Reprocessing runs while new uploads flow: one handle indexes doc-1 again
    with other entities, back and forth, while another indexes new documents
    naming the same entities; the summary stays what the rows say."""
    import threading

    from docpipe.store import open_store

    reindexer, writer = open_store(store_location), open_store(store_location)
    doc1 = corpus.get_document("doc-1")
    assert doc1 is not None
    versions = [
        [ent("organization", "宁德时代"), ent("region", "宁德市", adcode="350900")],
        [ent("organization", "宁德时代新能源科技股份有限公司")],
    ]
    for i in range(20, 26):
        corpus.insert_document(Document(id=f"doc-{i}", raw_text=f"正文 {i}", published_at="2024-07-01"))

    def reindex() -> None:
        for k in range(12):
            doc1.entities = versions[k % 2]
            reindexer.index_results(doc1)

    def add() -> None:
        for i in range(20, 26):
            doc = Document(id=f"doc-{i}", raw_text=f"正文 {i}", published_at="2024-07-01")
            doc.entities = [ent("organization", "宁德时代"), ent("region", "宁德市", adcode="350900")]
            writer.index_results(doc)

    try:
        threads = [threading.Thread(target=reindex), threading.Thread(target=add)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        reindexer.close()
        writer.close()
    kept = _every_entity(corpus)
    by_key = {(e["type"], e["name"]): e for e in kept}
    assert by_key[("organization", "宁德时代")]["documents"] == 3 + 6
    assert by_key[("region", "宁德市")]["documents"] == 1 + 6  # doc-1's last version names no 宁德市
    assert kept == _rebuilt(corpus, store_backend)
