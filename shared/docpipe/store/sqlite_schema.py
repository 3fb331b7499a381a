"""The embedded store's tables and their migrations (``SqliteStore`` opens a
file through ``create_schema``; ``ensure_indexes`` runs ``INDEXES``)."""

from __future__ import annotations

import sqlite3

from .entities_sqlite import create_entity_docs_schema
from .facts_sqlite import create_facts_schema

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

INDEXES = """
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


def split(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def create_schema(conn: sqlite3.Connection) -> None:
    """Every table, and the changes files made by earlier versions need
    (inside the caller's write transaction)."""
    for statement in split(_SCHEMA):
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
