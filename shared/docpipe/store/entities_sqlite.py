"""The ``entity_docs`` table of the embedded store (see ``entities.py``).

One row per (document, canonical entity), written by
``SqliteStore.index_results`` in its transaction. Rows go with their
document (``ON DELETE CASCADE``). ``entity_docs_entity`` (type, canonical,
created_at, doc_id, and the counted columns) serves the list (a walk in
(type, canonical) order), one entity's counts (a covering range of it) and
its newest documents; ``entity_docs_aliased`` the few rows whose document
wrote the entity by another name (its aliases).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..document import Document
from .common import to_json
from .entities import RELATED_DOCUMENTS, EntityIndex, EntityQuery, entity_doc_rows, like_pattern

if TYPE_CHECKING:
    from .sqlite import SqliteStore

ENTITY_DOCS_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS entity_docs (
        doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        type       TEXT NOT NULL,
        canonical  TEXT NOT NULL,
        names      TEXT NOT NULL,      -- JSON list: the names the document wrote it with
        mentions   INTEGER NOT NULL,
        adcode     TEXT,
        seen       TEXT,               -- the document's published date, else its creation date
        created_at TEXT NOT NULL,      -- the document's, for its newest documents
        aliased    INTEGER NOT NULL DEFAULT 0,  -- names is not just [canonical]
        PRIMARY KEY (doc_id, seq)
    ) WITHOUT ROWID
    """,
)
ENTITY_DOCS_INDEXES = (
    # Covering the counts (mentions, seen, adcode): an entity in 30,000
    # documents is counted from the index alone.
    "DROP INDEX IF EXISTS entity_docs_by_entity",
    "CREATE INDEX IF NOT EXISTS entity_docs_entity ON entity_docs"
    " (type, canonical, created_at, doc_id, mentions, seen, adcode)",
    "CREATE INDEX IF NOT EXISTS entity_docs_aliased ON entity_docs (type, canonical) WHERE aliased = 1",
    "CREATE INDEX IF NOT EXISTS entity_docs_by_canonical ON entity_docs (canonical)",
)


def create_entity_docs_schema(conn: sqlite3.Connection) -> None:
    for statement in ENTITY_DOCS_SCHEMA:
        conn.execute(statement)
    # Tables made before ``aliased`` was kept: add it, from the names.
    if "aliased" not in {row[1] for row in conn.execute("PRAGMA table_info(entity_docs)")}:
        conn.execute("ALTER TABLE entity_docs ADD COLUMN aliased INTEGER NOT NULL DEFAULT 0")
        conn.execute("UPDATE entity_docs SET aliased = (names != json_array(canonical))")
    for statement in ENTITY_DOCS_INDEXES:
        conn.execute(statement)


def write_entity_docs(conn: sqlite3.Connection, doc: Document, created_at: str) -> None:
    """Replace the document's rows (inside the caller's write transaction)."""
    conn.execute("DELETE FROM entity_docs WHERE doc_id = ?", (doc.id,))
    conn.executemany(
        "INSERT INTO entity_docs (doc_id, seq, type, canonical, names, mentions, adcode, seen, created_at, aliased)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                doc.id,
                i,
                r["type"],
                r["canonical"],
                to_json(r["names"]),
                r["mentions"],
                r["adcode"],
                r["seen"],
                created_at,
                int(r["aliased"]),
            )
            for i, r in enumerate(entity_doc_rows(doc, created_at))
        ],
    )


class SqliteEntityIndex(EntityIndex):
    def __init__(self, store: SqliteStore) -> None:
        self.store = store

    def _keys(
        self, query: EntityQuery, canonical_q: str | None, limit: int, after: tuple[str, str] | None
    ) -> list[tuple[str, str]]:
        where: list[str] = []
        params: list[Any] = []
        if query.type:
            where.append("type = ?")
            params.append(query.type)
        if after is not None:
            where.append("(type, canonical) > (?, ?)")
            params += list(after)
        if not query.q:
            sql = (
                "SELECT DISTINCT type, canonical FROM entity_docs INDEXED BY entity_docs_entity"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY type, canonical LIMIT ?"
            )
            params.append(limit)
        else:
            # The canonical name from the index alone; an alias from the few
            # rows that wrote the entity by another name (a row's names are
            # otherwise just its canonical name).
            pattern = like_pattern(query.q)
            head = " AND ".join(where) + " AND " if where else ""
            sql = (
                "SELECT type, canonical FROM ("
                " SELECT type, canonical FROM entity_docs INDEXED BY entity_docs_entity"
                f" WHERE {head}(canonical = ? OR canonical LIKE ? ESCAPE '\\')"
                " UNION"
                " SELECT type, canonical FROM entity_docs INDEXED BY entity_docs_aliased"
                f" WHERE {head}aliased = 1 AND names LIKE ? ESCAPE '\\'"
                ") ORDER BY type, canonical LIMIT ?"
            )
            params = [*params, canonical_q, pattern, *params, pattern, limit]
        with self.store._read() as conn:
            return [(t, c) for t, c in conn.execute(sql, params)]

    def _stats(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], tuple[list[str], dict[str, Any]]]:
        out: dict[tuple[str, str], tuple[list[str], dict[str, Any]]] = {}
        with self.store._read() as conn:
            for type_, canonical in keys:
                row = conn.execute(
                    "SELECT count(*), sum(mentions), min(seen), max(seen), max(adcode) FROM entity_docs"
                    " WHERE type = ? AND canonical = ?",
                    (type_, canonical),
                ).fetchone()
                names = [
                    n
                    for (n,) in conn.execute(
                        "SELECT DISTINCT j.value FROM entity_docs e INDEXED BY entity_docs_aliased, json_each(e.names) j"
                        " WHERE e.type = ? AND e.canonical = ? AND e.aliased = 1",
                        (type_, canonical),
                    )
                ]
                out[(type_, canonical)] = (
                    names,
                    {
                        "documents": row[0],
                        "mentions": row[1],
                        "first_seen": row[2],
                        "last_seen": row[3],
                        "adcode": row[4],
                    },
                )
        return out

    def _related(self, type_: str, name: str, limit: int) -> list[dict[str, Any]]:
        with self.store._read() as conn:
            rows = conn.execute(
                "WITH mine AS (SELECT doc_id FROM entity_docs WHERE type = ? AND canonical = ?"
                "  ORDER BY created_at DESC LIMIT ?)"
                " SELECT e.type, e.canonical, count(*) AS n FROM mine JOIN entity_docs e ON e.doc_id = mine.doc_id"
                " WHERE NOT (e.type = ? AND e.canonical = ?)"
                " GROUP BY e.type, e.canonical ORDER BY n DESC, e.type, e.canonical LIMIT ?",
                (type_, name, RELATED_DOCUMENTS, type_, name, limit),
            ).fetchall()
        return [{"type": t, "name": c, "documents": n} for t, c, n in rows]
