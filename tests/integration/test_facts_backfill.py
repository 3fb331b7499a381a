"""``docpipe facts backfill`` (issue #12): documents stored before the facts
and entity tables existed get their rows, on both store engines: the facts
query and the entity list find them after it, a second run indexes nothing,
and a run stopped half-way is finished by the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from docpipe.document import Document, Entity, Metric, Status
from docpipe.store import open_store
from docpipe.store.backfill import backfill, missing_rows
from docpipe.store.base import Store
from docpipe.store.entities import EntityQuery
from docpipe.store.entity_index import entity_index
from docpipe.store.facts import FactQuery

pytestmark = pytest.mark.integration

SIP = {"type": "park", "name": "苏州工业园区", "adcode": "320571"}
INDEXED = 5  # documents below with metrics or entities


def _put(store: Store, i: int, *, figures: bool = True, status: Status = Status.processed) -> None:
    doc = Document(id=f"old-{i}", raw_text=f"正文 {i}", title=f"标题 {i}", published_at=f"2024-01-{10 + i}")
    store.insert_document(doc)
    metrics = [
        Metric(
            text=f"{100 + i}亿元",
            start=0,
            end=6,
            value=(100 + i) * 1e8,
            unit="CNY",
            measure="地区生产总值",
            subject="园区",
            period=str(2015 + i),
            measure_id="gdp",
            subject_entity=SIP,
        )
    ]
    entities = [Entity(type="park", text="苏州工业园区", name="苏州工业园区", start=0, end=6)]
    fields: dict[str, Any] = {"metrics": metrics if figures else [], "entities": entities if figures else []}
    store.save_stage(doc.id, "normalize", "1", {**fields, "clean_text": "x" * 40}, status)
    stored = store.get_document(doc.id)
    assert stored is not None
    store.index_results(stored)


def _as_before_the_tables(store: Store, store_backend: str, location: str) -> Store:
    """The store as a version before facts and entity rows were kept left it:
    documents, their entity and metric rows and counts, none of the newer
    tables. Reopened, as after an upgrade."""
    if store_backend == "sqlite":
        with store._tx() as conn:  # type: ignore[attr-defined]
            for table in ("facts", "entity_docs", "entity_summary"):
                conn.execute(f"DROP TABLE {table}")
    else:
        db = store._db()  # type: ignore[attr-defined]
        for name in ("facts", "entity_docs", "entity_summary"):
            db.drop_collection(name)
    store.close()
    reopened = open_store(location)
    reopened.ensure_indexes()
    return reopened


@pytest.fixture
def old(store: Store, store_backend: str, store_location: str) -> Store:
    for i in range(1, INDEXED + 1):
        _put(store, i)
    _put(store, 6, figures=False)  # nothing to index: not counted as missing
    _put(store, 7, status=Status.normalizing)  # not processed: left alone
    return _as_before_the_tables(store, store_backend, store_location)


def _gdp(store: Store) -> list[float]:
    page = store.query_facts(FactQuery(subject_keys=("苏州工业园区",), measure_key="gdp"), limit=50)
    return sorted(f["value"] for f in page.items)


def test_backfill_gives_old_documents_their_facts_and_entities(old: Store) -> None:
    assert _gdp(old) == [] and entity_index(old).list_entities(EntityQuery()).items == []
    seen: list[tuple[int, int]] = []
    result = backfill(old, batch=2, progress=lambda scanned, indexed: seen.append((scanned, indexed)))
    assert (result.scanned, result.indexed, result.skipped) == (6, INDEXED, 0)
    assert [s for s, _ in seen] == [2, 2, 2] and sum(i for _, i in seen) == INDEXED
    assert _gdp(old) == [(100 + i) * 1e8 for i in range(1, INDEXED + 1)]
    (park,) = entity_index(old).list_entities(EntityQuery()).items
    assert (park["name"], park["documents"], park["first_seen"]) == ("苏州工业园区", INDEXED, "2024-01-11")
    # idempotent: nothing is missing any more
    again = backfill(old, batch=2)
    assert (again.scanned, again.indexed) == (6, 0)
    assert _gdp(old) == [(100 + i) * 1e8 for i in range(1, INDEXED + 1)]


def test_an_interrupted_backfill_is_finished_by_the_next_run(old: Store) -> None:
    def stop(scanned: int, indexed: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        backfill(old, batch=2, progress=stop)
    lacking, scanned, _ = missing_rows(old, None, 100)
    assert scanned == 6 and len(lacking) == INDEXED - 2  # the first batch was indexed
    rest = backfill(old, batch=2)
    assert rest.indexed == INDEXED - 2
    assert len(_gdp(old)) == INDEXED


def _docpipe(args: list[str], store_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MONGODB_URI"}
    env["DOCPIPE_STORE_PATH"] = str(store_path)
    return subprocess.run(
        [sys.executable, "-m", "docpipe.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("store_backend", ["sqlite"])
def test_the_command_backfills_the_store_and_refuses_a_bad_batch(old: Store, store_location: str) -> None:
    old.close()
    done = _docpipe(["facts", "backfill", "-q"], Path(store_location))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"backfill: 6 processed documents looked at, {INDEXED} indexed"
    store = open_store(store_location)
    try:
        assert len(_gdp(store)) == INDEXED
    finally:
        store.close()
    bad = _docpipe(["facts", "backfill", "--batch", "0"], Path(store_location))
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0 and "--batch" in bad.stderr, bad.stderr
