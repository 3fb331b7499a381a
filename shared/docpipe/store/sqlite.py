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
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..document import Document, StageError, Status
from ..errors import DocumentNotFound, StoreUnavailable
from .base import DocumentQuery, MetadataUpdate, Page, Store
from .common import (
    FINAL_STATUSES,
    INPUT_COLUMNS,
    NON_FINAL_STATUSES,
    RESUBMIT_FIELDS,
    STATUS_RANK,
    check_limit,
    check_name,
    decode_cursor,
    document_parts,
    encode_cursor,
    entity_rows,
    facet_filters,
    facets,
    from_json,
    given_fields,
    iso_before,
    metadata_changes,
    metric_rows,
    missing_index_fields,
    new_rank,
    now_iso,
    published_date,
    rerun_stages,
    split_stage_fields,
    stale_stages,
    to_json,
    with_fields,
)
from .entities_sqlite import create_entity_docs_schema, write_entity_docs
from .facts_sqlite import FACTS_INDEXES, SqliteFacts, create_facts_schema, write_facts

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id               TEXT PRIMARY KEY,
    status           TEXT NOT NULL,
    pipeline_version TEXT,
    title            TEXT,
    published_at     TEXT,
    published_date   TEXT,            -- YYYY-MM-DD prefix of published_at
    source_url       TEXT,
    metadata         TEXT NOT NULL DEFAULT '{}',
    raw_text         TEXT NOT NULL DEFAULT '',
    stages           TEXT NOT NULL DEFAULT '{}',
    timings_ms       TEXT NOT NULL DEFAULT '{}',
    error            TEXT,
    entity_count     INTEGER,
    metric_count     INTEGER,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    revision         INTEGER NOT NULL DEFAULT 0,  -- re-submissions that changed input fields
    submitted        TEXT                         -- JSON: input fields as the client last gave them
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS document_fields (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    value  TEXT NOT NULL,              -- JSON
    PRIMARY KEY (doc_id, name)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS entities (
    doc_id     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    text       TEXT,
    start      INTEGER,
    "end"      INTEGER,
    adcode     TEXT,
    industry   TEXT,
    sector     TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS metrics (
    doc_id    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    text      TEXT,
    start     INTEGER,
    "end"     INTEGER,
    value     REAL,
    value_max REAL,
    unit      TEXT,
    qualifier TEXT,
    measure   TEXT,
    subject   TEXT,
    period    TEXT,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS facets (
    facet      TEXT NOT NULL,          -- name | type | adcode | industry
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,          -- copied from documents, for ordering
    doc_id     TEXT NOT NULL,
    published_date TEXT,               -- copied too: date filters need no lookup
    PRIMARY KEY (facet, value, created_at, doc_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS idempotency_keys (
    key        TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""

_INDEXES = """
DROP INDEX IF EXISTS documents_created;
DROP INDEX IF EXISTS documents_status_created;
DROP INDEX IF EXISTS documents_published;
CREATE INDEX IF NOT EXISTS documents_by_created ON documents (created_at, id, status, published_date);
CREATE INDEX IF NOT EXISTS documents_by_status ON documents (status, created_at, id, published_date);
CREATE INDEX IF NOT EXISTS documents_by_published ON documents (published_date, created_at, id, status);
CREATE INDEX IF NOT EXISTS documents_stuck ON documents (updated_at)
    WHERE status NOT IN ('processed', 'failed');
CREATE INDEX IF NOT EXISTS facets_doc ON facets (doc_id);
CREATE INDEX IF NOT EXISTS metrics_measure ON metrics (measure, unit);
"""
# Entity lookups by name/type/adcode/industry go through `facets`; separate
# indexes on `entities` only cost writes (every index is more pages per commit).
# The documents indexes carry every filter column, so the key query of a page
# is answered from the index alone; only the page's rows are then read.

# Summary columns returned by list_documents.
_SUMMARY = (
    "id, status, pipeline_version, title, published_at, source_url, entity_count, metric_count, created_at, updated_at"
)

_RANK_SQL = "CASE status " + " ".join(f"WHEN '{s}' THEN {r}" for s, r in STATUS_RANK.items()) + " ELSE -1 END"


class SqliteStore(SqliteFacts, Store):
    """The Store on one SQLite file. One connection per process (reopened
    after a fork) shared by the process's threads under a lock."""

    # A writing process checkpoints the WAL from a thread of its own, every
    # this many seconds, so no commit on the document path pays for it (see
    # _connect); the connection's own autocheckpoint is only a backstop.
    CHECKPOINT_EVERY_S = 1.0
    AUTOCHECKPOINT_BACKSTOP_PAGES = 50_000  # ~200 MB of WAL

    def __init__(self, path: str | os.PathLike[str], *, synchronous: str = "NORMAL", timeout_s: float = 60.0) -> None:
        # synchronous=NORMAL in WAL mode: a commit survives any process crash
        # (the WAL is written before commit returns); only an OS crash or power
        # loss can drop the last commits. FULL adds an fsync per commit.
        if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"invalid synchronous mode {synchronous!r}")
        self.path = Path(path)
        self.synchronous = synchronous.upper()
        self.timeout_s = timeout_s
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._schema_ready = False
        self._checkpointer: threading.Thread | None = None
        self._checkpointer_pid: int | None = None
        self._stop_checkpointer = threading.Event()
        self.checkpoints = 0  # background checkpoints run by this process

    # -- connection ---------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self.timeout_s,
                isolation_level=None,  # autocommit; transactions are explicit
                check_same_thread=False,  # shared by threads under self._lock
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreUnavailable(f"the store could not enter WAL mode (got {mode})")
            conn.execute(f"PRAGMA synchronous = {self.synchronous}")
            # Checkpoints (WAL -> database, with fsyncs) run in the commit that
            # crosses the autocheckpoint size: with the default 1000 pages every
            # ~1000 documents one writer stalled, and at 10000 pages a stage
            # save still took 80 ms once per ~300 documents (the p99 of the
            # message path). A background thread checkpoints instead
            # (_checkpoint_loop); this is the backstop if it falls behind. The
            # WAL is cut back to 64 MB after a checkpoint.
            conn.execute(f"PRAGMA wal_autocheckpoint = {self.AUTOCHECKPOINT_BACKSTOP_PAGES}")
            conn.execute(f"PRAGMA journal_size_limit = {64 * 1024 * 1024}")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the store at {self.path}: {exc}") from exc
        return conn

    def _connection(self) -> sqlite3.Connection:
        pid = os.getpid()
        if self._conn is None or self._pid != pid:
            # A connection inherited through fork must never be used in the
            # child (SQLite's locks are per process): drop it without closing.
            self._conn = self._connect()
            self._pid = pid
            if not self._schema_ready:
                self._create_schema(self._conn)
        return self._conn

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        with self._write(conn):
            for statement in _split(_SCHEMA):
                conn.execute(statement)
            create_facts_schema(conn)
            create_entity_docs_schema(conn)
            # Schema 1 -> 2: facets gained published_date (filled by index_results).
            columns = {row[1] for row in conn.execute("PRAGMA table_info(facets)")}
            if "published_date" not in columns:
                conn.execute("ALTER TABLE facets ADD COLUMN published_date TEXT")
            # Schema 2 -> 3: re-submission (update_metadata) keeps a revision
            # and the input fields as given.
            columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
            if "revision" not in columns:
                conn.execute("ALTER TABLE documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")
            if "submitted" not in columns:
                conn.execute("ALTER TABLE documents ADD COLUMN submitted TEXT")
            conn.execute(
                "INSERT INTO store_meta (key, value) VALUES ('schema_version', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )
        self._schema_ready = True

    @contextmanager
    def _write(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """A short write transaction holding the write lock from its start."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _start_checkpointer(self) -> None:
        """One checkpoint thread per writing process (started on its first
        write; a forked child starts its own)."""
        pid = os.getpid()
        if self._checkpointer_pid == pid and self._checkpointer is not None and self._checkpointer.is_alive():
            return
        self._stop_checkpointer = threading.Event()
        self._checkpointer = threading.Thread(
            target=self._checkpoint_loop, args=(self._stop_checkpointer,), name="sqlite-checkpoint", daemon=True
        )
        self._checkpointer_pid = pid
        self._checkpointer.start()

    def _checkpoint_loop(self, stop: threading.Event) -> None:
        conn: sqlite3.Connection | None = None
        while not stop.wait(self.CHECKPOINT_EVERY_S):
            try:
                if conn is None:
                    # Opened after the first wait: by then the writer that
                    # started this thread has created the file in WAL mode.
                    conn = sqlite3.connect(
                        self.path, timeout=self.timeout_s, isolation_level=None, check_same_thread=False
                    )
                # PASSIVE: copies what it can without waiting for readers or
                # writers (other processes' checkpoints included) and never
                # blocks a commit. sqlite3 releases the GIL while it works.
                busy, wal_pages, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if not busy and wal_pages > 0:
                    self.checkpoints += 1
            except sqlite3.Error as exc:
                # Try again next time on a fresh connection; meanwhile the
                # commits' autocheckpoint backstop still bounds the WAL.
                log.debug("checkpoint of %s failed: %s", self.path, exc)
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        if self._checkpointer_pid != os.getpid():
            self._start_checkpointer()
        with self._lock:
            conn = self._connection()
            try:
                with self._write(conn):
                    yield conn
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"store write failed: {exc}") from exc

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._connection()
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"store read failed: {exc}") from exc

    # -- Store ---------------------------------------------------------------------
    def ensure_indexes(self) -> None:
        with self._tx() as conn:
            for statement in (*_split(_INDEXES), *FACTS_INDEXES):
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

    def index_results(self, doc: Document, *, revision: int | None = None) -> bool:
        if missing := missing_index_fields(doc):
            with self._read() as conn:
                marks = ",".join("?" * len(missing))
                stored = dict(
                    conn.execute(
                        f"SELECT name, value FROM document_fields WHERE doc_id = ? AND name IN ({marks})",
                        (doc.id, *missing),
                    ).fetchall()
                )
            doc = with_fields(doc, {name: from_json(stored.get(name)) for name in missing})
        entities = entity_rows(doc)
        metrics = metric_rows(doc)
        doc_facets = sorted(facets(doc))
        with self._tx() as conn:
            row = conn.execute(
                "SELECT created_at, published_date, revision FROM documents WHERE id = ?", (doc.id,)
            ).fetchone()
            if row is None:
                raise DocumentNotFound(f"no document {doc.id!r} to index", id=doc.id)
            created_at, published, stored_revision = row
            if revision is not None and stored_revision != revision:
                return False
            for table in ("entities", "metrics", "facets"):
                conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc.id,))
            conn.executemany(
                'INSERT INTO entities (doc_id, seq, type, name, text, start, "end", adcode, industry, sector,'
                " attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc.id,
                        i,
                        e["type"],
                        e["name"],
                        e["text"],
                        e["start"],
                        e["end"],
                        e["adcode"],
                        e["industry"],
                        e["sector"],
                        to_json(e["attributes"]),
                    )
                    for i, e in enumerate(entities)
                ],
            )
            conn.executemany(
                'INSERT INTO metrics (doc_id, seq, text, start, "end", value, value_max, unit, qualifier,'
                " measure, subject, period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc.id,
                        i,
                        m["text"],
                        m["start"],
                        m["end"],
                        m["value"],
                        m["value_max"],
                        m["unit"],
                        m["qualifier"],
                        m["measure"],
                        m["subject"],
                        m["period"],
                    )
                    for i, m in enumerate(metrics)
                ],
            )
            conn.executemany(
                "INSERT INTO facets (facet, value, created_at, doc_id, published_date) VALUES (?, ?, ?, ?, ?)",
                [(facet, value, created_at, doc.id, published) for facet, value in doc_facets],
            )
            write_facts(conn, doc)
            write_entity_docs(conn, doc, created_at)
            conn.execute(
                "UPDATE documents SET entity_count = ?, metric_count = ? WHERE id = ?",
                (len(entities), len(metrics), doc.id),
            )
        return True

    def list_documents(self, query: DocumentQuery, *, limit: int = 50, cursor: str | None = None) -> Page:
        limit = check_limit(limit)
        after = decode_cursor(cursor) if cursor else None
        with self._read() as conn:
            keys, params = _page_keys_sql(query, limit + 1, after, self._documents_index(conn, query))
            sql = (
                f"SELECT {_prefixed(_SUMMARY, 'd')} FROM documents d WHERE d.id IN ({keys})"
                " ORDER BY d.created_at DESC, d.id DESC"
            )
            rows = conn.execute(sql, params).fetchall()
        names = [c.strip() for c in _SUMMARY.split(",")]
        items = [dict(zip(names, row, strict=True)) for row in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            next_cursor = encode_cursor(last["created_at"], last["id"])
        return Page(items=items, next_cursor=next_cursor)

    def _documents_index(self, conn: sqlite3.Connection, query: DocumentQuery) -> str | None:
        """Which documents index drives the page's key query; None: the
        first entity filter drives, through `facets`.

        SQLite cannot tell a selective condition from a broad one here, and
        the best plan differs: a condition few documents meet (a narrow date
        range, a rare status) is best read from its own index and sorted, the
        other filters checked per row; a broad one by walking newest first
        (the facet index of an entity filter, else the created-at index) until
        the page is full. Sorting a wide date range took 50+ ms at 100,000
        documents; walking a common entity to find rare failed documents,
        30 ms. A count bounded at ``_NARROW_ROWS`` on each candidate index
        decides.
        """
        has_facets = bool(facet_filters(query))
        narrow: list[tuple[int, str]] = []
        # With an entity filter the facet rows carry published_date, so the
        # facet walk checks a date range without reading documents: only a
        # rare status (which it cannot check from the index) may drive instead.
        if (query.published_from or query.published_to) and not has_facets:
            where, params = [], []
            if query.published_from:
                where.append("published_date >= ?")
                params.append(query.published_from[:10])
            if query.published_to:
                where.append("published_date <= ?")
                params.append(query.published_to[:10])
            n = self._bounded_count(conn, "documents_by_published", " AND ".join(where), params)
            if n < _NARROW_ROWS:
                narrow.append((n, "documents_by_published"))
        if query.status is not None and (has_facets or narrow):
            # (With only a date range narrow, a rare status may be rarer.)
            n = self._bounded_count(conn, "documents_by_status", "status = ?", [Status(query.status).value])
            if n < _NARROW_ROWS:
                narrow.append((n, "documents_by_status"))
        if narrow:
            return min(narrow)[1]
        if has_facets:
            return None
        return "documents_by_status" if query.status is not None else "documents_by_created"

    @staticmethod
    def _bounded_count(conn: sqlite3.Connection, index: str, where: str, params: list[Any]) -> int:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM documents INDEXED BY {index} WHERE {where} LIMIT {_NARROW_ROWS})"
        return int(conn.execute(sql, params).fetchone()[0])

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

    def close(self) -> None:
        self._stop_checkpointer.set()
        if self._checkpointer is not None and self._checkpointer_pid == os.getpid():
            self._checkpointer.join(timeout=5)
        self._checkpointer = None
        self._checkpointer_pid = None
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None
            self._pid = None

    # -- additions beyond the base interface ---------------------------------------
    def count_documents(self, query: DocumentQuery | None = None) -> int:
        query = query or DocumentQuery()
        with self._read() as conn:
            keys, params = _page_keys_sql(query, None, None, self._documents_index(conn, query))
            return int(conn.execute(f"SELECT count(*) FROM ({keys})", params).fetchone()[0])

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

    def entities_of(self, doc_id: str) -> list[dict[str, Any]]:
        """The indexed entity rows of a document, in order."""
        with self._read() as conn:
            cur = conn.execute(
                'SELECT type, name, text, start, "end", adcode, industry, sector, attributes'
                " FROM entities WHERE doc_id = ? ORDER BY seq",
                (doc_id,),
            )
            names = [d[0] for d in cur.description]
            return [{**dict(zip(names, r, strict=True)), "attributes": from_json(r[-1], {})} for r in cur]

    def metrics_of(self, doc_id: str) -> list[dict[str, Any]]:
        with self._read() as conn:
            cur = conn.execute(
                'SELECT text, start, "end", value, value_max, unit, qualifier, measure, subject, period'
                " FROM metrics WHERE doc_id = ? ORDER BY seq",
                (doc_id,),
            )
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur]


def _split(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


# Below this many matching documents, read a condition's own index and sort.
_NARROW_ROWS = 3000


def _page_keys_sql(
    query: DocumentQuery,
    limit: int | None,
    after: tuple[str, str] | None,
    index: str | None,
) -> tuple[str, list[Any]]:
    """The ids of one page, newest first, read from indexes alone.

    ``index`` None: the first entity filter drives; its facet rows
    ``(facet, value, created_at, doc_id, published_date)`` come already in
    page order, so SQLite reads about ``limit`` of them; further entity
    filters are seeks on the facet primary key, and only a status filter
    needs the document row. Otherwise ``index`` (a documents index holding
    every filter column) drives, entity filters checked by seeks.
    """
    wanted = facet_filters(query)
    params: list[Any] = []
    where: list[str] = []
    if index is None:
        facet, value = wanted[0]
        alias, id_col = "f", "f.doc_id"
        head = "SELECT f.doc_id FROM facets f"
        where.append("f.facet = ? AND f.value = ?")
        params += [facet, value]
        if query.status is not None:
            head += " CROSS JOIN documents d ON d.id = f.doc_id"
            where.append("d.status = ?")
            params.append(Status(query.status).value)
        rest = wanted[1:]
    else:
        alias, id_col = "d", "d.id"
        head = f"SELECT d.id FROM documents d INDEXED BY {index}"
        if query.status is not None:
            where.append("d.status = ?")
            params.append(Status(query.status).value)
        rest = wanted
    for facet, value in rest:
        # A seek on the facet primary key (facet, value, created_at, doc_id).
        where.append(
            "EXISTS (SELECT 1 FROM facets g WHERE g.facet = ? AND g.value = ?"
            f" AND g.created_at = {alias}.created_at AND g.doc_id = {id_col})"
        )
        params += [facet, value]
    if query.published_from:
        where.append(f"{alias}.published_date >= ?")
        params.append(query.published_from[:10])
    if query.published_to:
        where.append(f"{alias}.published_date <= ?")
        params.append(query.published_to[:10])
    if after is not None:
        where.append(f"({alias}.created_at, {id_col}) < (?, ?)")
        params += list(after)
    sql = head + (" WHERE " + " AND ".join(where) if where else "")
    if limit is not None:
        sql += f" ORDER BY {alias}.created_at DESC, {id_col} DESC LIMIT ?"
        params.append(limit)
    return sql, params


def _prefixed(select: str, alias: str) -> str:
    if "(" in select:
        return select
    return ", ".join(f"{alias}.{c.strip()}" for c in select.split(","))
