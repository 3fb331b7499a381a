"""Index rows for documents stored before their tables existed (``docpipe facts backfill``).

The facts rows (``facts``) and the entity rows with their summaries
(``entity_docs``, ``entity_summary``) are written by ``index_results`` when
the last stage saves a document. A document processed before those tables
were added has none: the facts query and the entity list do not see it.
The backfill walks the processed documents in id order and indexes again
those that lack rows they should have (``missing_rows``): a document with
metrics but no facts rows, with entities but no entity rows, or never
indexed at all. Indexing again is ``index_results`` itself, so the rows are
exactly what a new document gets.

Idempotent and resumable: a document once indexed no longer lacks rows, so
a second run, or a run after an interrupted one, indexes only what is left;
a document changed by a re-submission while it is indexed is skipped (its
own stage run indexes it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..document import Status
from .base import DocumentQuery, Store
from .common import revision_of

BATCH = 500


@dataclass
class BackfillResult:
    scanned: int = 0  # processed documents looked at
    indexed: int = 0  # of them, indexed again
    skipped: int = 0  # gone or changed while being indexed


def processed_count(store: Store) -> int:
    """How many documents a full run looks at (the progress bar's total)."""
    count: Callable[[DocumentQuery], int] = getattr(store, "count_documents")  # noqa: B009 - both engines have it
    return count(DocumentQuery(status=Status.processed))


def missing_rows(store: Store, after: str | None, limit: int) -> tuple[list[str], int, str | None]:
    """Of the next ``limit`` processed documents with an id after ``after``:
    the ids of those lacking index rows, how many were looked at, and the
    last id looked at (None: there were no more)."""
    from .sqlite import SqliteStore

    if isinstance(store, SqliteStore):
        return _missing_sqlite(store, after, limit)
    return _missing_mongo(store, after, limit)


def _missing_sqlite(store: Any, after: str | None, limit: int) -> tuple[list[str], int, str | None]:
    conn: sqlite3.Connection
    with store._read() as conn:
        rows = conn.execute(
            "SELECT d.id, d.metric_count IS NULL OR d.entity_count IS NULL"
            " OR (d.metric_count > 0 AND NOT EXISTS (SELECT 1 FROM facts f WHERE f.doc_id = d.id))"
            " OR (d.entity_count > 0 AND NOT EXISTS (SELECT 1 FROM entity_docs e WHERE e.doc_id = d.id))"
            " FROM documents d WHERE d.status = ? AND d.id > ? ORDER BY d.id LIMIT ?",
            (Status.processed.value, after or "", limit),
        ).fetchall()
    return [doc_id for doc_id, lacking in rows if lacking], len(rows), (rows[-1][0] if rows else None)


def _missing_mongo(store: Any, after: str | None, limit: int) -> tuple[list[str], int, str | None]:
    selector: dict[str, Any] = {"status": Status.processed.value}
    if after is not None:
        selector["_id"] = {"$gt": after}

    def read() -> tuple[list[dict[str, Any]], set[str], set[str]]:
        docs = list(
            store._col("documents")
            .find(selector, {"_id": 1, "metric_count": 1, "entity_count": 1})
            .sort("_id", 1)
            .limit(limit)
        )
        ids = [d["_id"] for d in docs]
        # A document's first row (seq 0) says it has rows: the (doc_id, seq) index.
        have = {
            name: {r["doc_id"] for r in store._col(name).find({"doc_id": {"$in": ids}, "seq": 0}, {"doc_id": 1})}
            for name in ("facts", "entity_docs")
        }
        return docs, have["facts"], have["entity_docs"]

    docs, with_facts, with_entities = store._call(read)
    lacking = [
        d["_id"]
        for d in docs
        if d.get("metric_count") is None
        or d.get("entity_count") is None
        or (d["metric_count"] > 0 and d["_id"] not in with_facts)
        or (d["entity_count"] > 0 and d["_id"] not in with_entities)
    ]
    return lacking, len(docs), (docs[-1]["_id"] if docs else None)


def backfill(store: Store, *, batch: int = BATCH, progress: Callable[[int, int], None] | None = None) -> BackfillResult:
    """Index every processed document that lacks its rows. ``progress`` is
    called after each batch with (documents looked at, of them indexed)."""
    result = BackfillResult()
    after: str | None = None
    while True:
        lacking, scanned, last = missing_rows(store, after, batch)
        if last is None:
            return result
        indexed = 0
        for doc_id in lacking:
            doc = store.get_document(doc_id)
            if doc is None or not store.index_results(doc, revision=revision_of(doc)):
                result.skipped += 1
                continue
            indexed += 1
        result.scanned += scanned
        result.indexed += indexed
        if progress is not None:
            progress(scanned, indexed)
        after = last
