"""The embedded store: plain stdlib ``sqlite3`` on disk.

Chosen over the embedded MongoDB look-alikes because it stayed exact with
several processes writing at once (ARCHITECTURE.md). How it stays exact:

- WAL mode (readers never block the writer) and a long ``busy_timeout``, so
  a writer waits for the lock instead of failing;
- every write is one statement or one short ``BEGIN IMMEDIATE`` transaction
  (the write lock is taken up front, so two writers never deadlock upgrading
  a read lock);
- no read-modify-write of a whole document: each stage output field is its
  own row in ``document_fields`` (``INSERT … ON CONFLICT DO UPDATE``), merged
  into the document on read, so two stages saving at once touch disjoint
  rows; stage versions and timings are merged in SQL with ``json_set`` /
  ``json_patch`` in the same UPDATE that sets the status.

Cross-document queries read two small tables kept by ``index_results``:
``entities`` / ``metrics`` (one row per mention) and ``facets`` (one row per
distinct (document, facet, value), with the document's ``created_at`` copied
in) whose index ``(facet, value, created_at, doc_id)`` yields the newest
matching documents in order, so a page stops after ``limit`` rows.

The parts, by what they do: ``sqlite_connection`` (the connection, write
transactions, the checkpoint thread), ``sqlite_schema`` (tables, indexes,
migrations), ``sqlite_documents`` (the document list), ``sqlite_indexing``
(``index_results``), ``facts_sqlite`` and ``entities_sqlite`` (the facts and
entity tables); this module the document writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import Any

from ..document import Document, StageError, Status
from ..errors import DocumentNotFound, StoreUnavailable
from .base import MetadataUpdate, Store
from .common import (
    FINAL_STATUSES,
    INPUT_COLUMNS,
    NON_FINAL_STATUSES,
    RESUBMIT_FIELDS,
    STATUS_RANK,
    check_name,
    document_parts,
    from_json,
    given_fields,
    iso_before,
    metadata_changes,
    new_rank,
    now_iso,
    published_date,
    rerun_stages,
    split_stage_fields,
    stale_stages,
    to_json,
)
from .facts_sqlite import FACTS_INDEXES, SqliteFacts
from .sqlite_documents import SqliteDocumentQueries
from .sqlite_indexing import SqliteIndexing
from .sqlite_schema import INDEXES, split

_RANK_SQL = "CASE status " + " ".join(f"WHEN '{s}' THEN {r}" for s, r in STATUS_RANK.items()) + " ELSE -1 END"


class SqliteStore(SqliteIndexing, SqliteDocumentQueries, SqliteFacts, Store):
    """The Store on one SQLite file (its connection: ``SqliteConnection``)."""

    # -- Store ---------------------------------------------------------------------
    def ensure_indexes(self) -> None:
        with self._tx() as conn:
            for statement in (*split(INDEXES), *FACTS_INDEXES):
                conn.execute(statement)
        with self._read() as conn:
            # Gives the planner row counts for choosing among the indexes;
            # cheap, and a no-op when nothing changed much.
            conn.execute("PRAGMA optimize")

    def insert_document(self, doc: Document) -> tuple[Document, bool]:
        columns, outputs = document_parts(doc)
        now = now_iso()
        created_at = doc.created_at or now
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO documents (id, status, pipeline_version, title, published_at, published_date,"
                " source_url, metadata, raw_text, stages, timings_ms, error, created_at, updated_at, submitted)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (
                    doc.id,
                    Status(doc.status).value,
                    doc.pipeline_version,
                    columns["title"],
                    columns["published_at"],
                    published_date(columns["published_at"]),
                    columns["source_url"],
                    to_json(columns["metadata"] or {}),
                    columns["raw_text"] or "",
                    to_json(doc.stages),
                    to_json(doc.timings_ms),
                    to_json(doc.error) if doc.error else None,
                    created_at,
                    now,
                    to_json(given_fields(doc)),
                ),
            )
            created = cur.rowcount == 1
            if created and outputs:
                conn.executemany(
                    "INSERT INTO document_fields (doc_id, name, value) VALUES (?, ?, ?)",
                    [(doc.id, name, to_json(value)) for name, value in outputs.items()],
                )
            stored = self._load(conn, doc.id)
        assert stored is not None
        return stored, created

    def get_document(self, doc_id: str, *, fields: Collection[str] | None = None) -> Document | None:
        with self._read() as conn:
            # One read transaction so the row and its fields are one snapshot.
            conn.execute("BEGIN")
            try:
                return self._load(conn, doc_id, fields)
            finally:
                conn.execute("COMMIT")

    def _load(self, conn: sqlite3.Connection, doc_id: str, fields: Collection[str] | None = None) -> Document | None:
        raw_text = "raw_text" if fields is None or "raw_text" in fields else "''"
        row = conn.execute(
            "SELECT id, status, pipeline_version, title, published_at, source_url, metadata, "
            f"{raw_text}, stages, timings_ms, error, created_at, updated_at, revision FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        if fields is None:
            cursor = conn.execute("SELECT name, value FROM document_fields WHERE doc_id = ?", (doc_id,))
        else:
            names = sorted({check_name(f) for f in fields} - set(INPUT_COLUMNS))
            cursor = conn.execute(
                f"SELECT name, value FROM document_fields WHERE doc_id = ? AND name IN ({','.join('?' * len(names))})",
                (doc_id, *names),
            )
        data: dict[str, Any] = {name: from_json(value) for name, value in cursor}
        data.update(
            id=row[0],
            status=row[1],
            pipeline_version=row[2],
            title=row[3],
            published_at=row[4],
            source_url=row[5],
            metadata=from_json(row[6], {}),
            raw_text=row[7],
            stages=from_json(row[8], {}),
            timings_ms=from_json(row[9], {}),
            error=from_json(row[10]),
            created_at=row[11],
            updated_at=row[12],
        )
        if row[13]:
            data["revision"] = row[13]  # see common.revision_of
        return Document.model_validate(data)

    def update_metadata(
        self, doc_id: str, given: dict[str, Any], *, rerun_from: dict[str, str] | None = None
    ) -> MetadataUpdate | None:
        with self._tx() as conn:
            row = conn.execute(
                "SELECT title, published_at, source_url, metadata, submitted FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if row is None:
                return None
            stored = {"title": row[0], "published_at": row[1], "source_url": row[2], "metadata": from_json(row[3], {})}
            submitted = from_json(row[4])
            changes = metadata_changes(given, stored, submitted)
            rerun = rerun_stages(changes, rerun_from)
            if changes:
                sets = [f"{name} = ?" for name in changes]
                params: list[Any] = [to_json(v) if name == "metadata" else v for name, v in changes.items()]
                if "published_at" in changes:
                    sets.append("published_date = ?")
                    params.append(published_date(changes["published_at"]))
                # Read and written in this one write transaction: no other
                # re-submission can come between.
                sets += ["submitted = ?", "revision = revision + 1", "updated_at = ?"]
                params += [to_json({**(submitted or {}), **changes}), now_iso()]
                if rerun:
                    sets.append(
                        "stages = json_remove(stages, "
                        + ", ".join(f"'$.\"{check_name(n, 'stage')}\"'" for n in rerun)
                        + ")"
                    )
                    sets += ["status = ?", "error = NULL"]
                    params.append(Status.queued.value)
                conn.execute(f"UPDATE documents SET {', '.join(sets)} WHERE id = ?", [*params, doc_id])
                if "published_at" in changes:
                    conn.execute(
                        "UPDATE facets SET published_date = ? WHERE doc_id = ?",
                        (published_date(changes["published_at"]), doc_id),
                    )
            doc = self._load(conn, doc_id, ())
        assert doc is not None
        updated = tuple(name for name in RESUBMIT_FIELDS if name in changes)
        return MetadataUpdate(updated=updated, rerun=rerun, document=doc)

    def requeue(self, doc_id: str, versions: dict[str, str], *, first: str | None = None) -> tuple[str, ...]:
        with self._tx() as conn:
            row = conn.execute("SELECT stages, status FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None or row[1] not in FINAL_STATUSES:
                return ()
            rerun = stale_stages(from_json(row[0], {}), versions, first)
            if rerun:
                # Read and written in this one write transaction.
                paths = ", ".join(f"'$.\"{check_name(n, 'stage')}\"'" for n in rerun)
                conn.execute(
                    f"UPDATE documents SET stages = json_remove(stages, {paths}), status = ?, error = NULL, "
                    "revision = revision + 1, updated_at = ? WHERE id = ?",
                    (Status.queued.value, now_iso(), doc_id),
                )
        return rerun

    def set_status(
        self,
        doc_id: str,
        status: Status,
        *,
        error: StageError | None = None,
        only_from: frozenset[Status] | None = None,
        revision: int | None = None,
    ) -> bool:
        sql = "UPDATE documents SET status = ?, error = ?, updated_at = ? WHERE id = ?"
        params: list[Any] = [Status(status).value, to_json(error) if error else None, now_iso(), doc_id]
        if only_from is not None:
            if not only_from:
                return False
            sql += f" AND status IN ({','.join('?' * len(only_from))})"
            params.extend(sorted(Status(s).value for s in only_from))
        if revision is not None:
            sql += " AND revision = ?"
            params.append(revision)
        with self._tx() as conn:
            return conn.execute(sql, params).rowcount == 1

    def save_stage(
        self,
        doc_id: str,
        stage: str,
        version: str,
        fields: dict[str, Any],
        status: Status,
        timings_ms: dict[str, float] | None = None,
        *,
        revision: int | None = None,
        pipeline_version: str | None = None,
    ) -> bool:
        check_name(stage, "stage")
        columns, outputs = split_stage_fields(fields)
        status_value = Status(status).value
        sets = [
            f"stages = json_set(stages, '$.\"{stage}\"', ?)",
            "timings_ms = json_patch(timings_ms, ?)",
            "pipeline_version = ?",
            # Never backwards in pipeline order (see common.STATUS_RANK).
            f"status = CASE WHEN ({_RANK_SQL}) > ? THEN status ELSE ? END",
            "error = CASE WHEN ? = 'failed' THEN error ELSE NULL END",
            "updated_at = ?",
        ]
        params: list[Any] = [
            version,
            to_json(timings_ms or {}),
            pipeline_version or version,
            new_rank(status_value),
            status_value,
            status_value,
            now_iso(),
        ]
        for name, value in columns.items():
            if name == "metadata":
                sets.append("metadata = ?")
                params.append(to_json(value or {}))
            else:
                sets.append(f"{name} = ?")
                params.append(value if name != "raw_text" else (value or ""))
                if name == "published_at":
                    sets.append("published_date = ?")
                    params.append(published_date(value))
        where = "id = ?"
        keys: list[Any] = [doc_id]
        if revision is not None:
            where, keys = "id = ? AND revision = ?", [doc_id, revision]
        with self._tx() as conn:
            if conn.execute(f"UPDATE documents SET {', '.join(sets)} WHERE {where}", [*params, *keys]).rowcount != 1:
                if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None:
                    return False  # changed by a re-submission since the stage read it
                raise DocumentNotFound(f"no document {doc_id!r} to save stage {stage!r} into", id=doc_id)
            if "published_at" in columns:
                conn.execute(
                    "UPDATE facets SET published_date = ? WHERE doc_id = ?",
                    (published_date(columns["published_at"]), doc_id),
                )
            if outputs:
                conn.executemany(
                    "INSERT INTO document_fields (doc_id, name, value) VALUES (?, ?, ?)"
                    " ON CONFLICT (doc_id, name) DO UPDATE SET value = excluded.value",
                    [(doc_id, name, to_json(value)) for name, value in outputs.items()],
                )
        return True

    def stuck_documents(self, older_than_s: float, *, limit: int = 1000) -> list[str]:
        marks = ",".join("?" * len(NON_FINAL_STATUSES))
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT id FROM documents WHERE status IN ({marks}) AND updated_at < ? ORDER BY updated_at LIMIT ?",
                (*NON_FINAL_STATUSES, iso_before(older_than_s), limit),
            ).fetchall()
        return [r[0] for r in rows]

    def remember_idempotency_key(self, key: str, doc_id: str) -> str:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO idempotency_keys (key, doc_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (key, doc_id, now_iso()),
            )
            return str(conn.execute("SELECT doc_id FROM idempotency_keys WHERE key = ?", (key,)).fetchone()[0])

    def idempotency_key_document(self, key: str) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT doc_id FROM idempotency_keys WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def ping(self) -> bool:
        try:
            with self._read() as conn:
                return bool(conn.execute("SELECT 1").fetchone() == (1,))
        except (StoreUnavailable, sqlite3.Error):
            return False

    # -- additions beyond the base interface ---------------------------------------
    def delete_all(self) -> None:
        """Empty every table (tests)."""
        with self._tx() as conn:
            for table in (
                "document_fields",
                "entities",
                "metrics",
                "facets",
                "facts",
                "entity_summary",
                "idempotency_keys",
                "documents",
            ):
                conn.execute(f"DELETE FROM {table}")
