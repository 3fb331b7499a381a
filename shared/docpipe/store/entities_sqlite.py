"""The ``entity_docs`` table of the embedded store (see ``entities.py``).

One row per (document, canonical entity), written by
``SqliteStore.index_results`` in its transaction. Rows go with their
document (``ON DELETE CASCADE``). ``entity_docs_entity`` (type, canonical,
created_at, doc_id, and the counted columns) serves one entity's counts (a
covering range of it) and its newest documents; ``entity_docs_aliased`` the
few rows whose document wrote the entity by another name (its aliases).
``entity_summary`` (one row per entity, ``entity_summary.py``), kept in the
same transaction, serves the list: a page is a walk of its primary key.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..document import Document
from .common import from_json, to_json
from .entities import RELATED_DOCUMENTS, EntityIndex, EntityQuery, entity_doc_rows, like_pattern
from .entity_summary import SUMMARY_COLUMNS, Recompute, aliases_of, changed_keys, summary_after

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


ENTITY_SUMMARY_SCHEMA = """
    CREATE TABLE IF NOT EXISTS entity_summary (
        type       TEXT NOT NULL,
        canonical  TEXT NOT NULL,
        documents  INTEGER NOT NULL,
        mentions   INTEGER NOT NULL,
        first_seen TEXT,
        last_seen  TEXT,
        adcode     TEXT,
        aliases    TEXT NOT NULL DEFAULT '[]',  -- JSON list, sorted: the other names written for it
        PRIMARY KEY (type, canonical)
    ) WITHOUT ROWID
"""
_SUMMARY_SELECT = "type, canonical, " + ", ".join(SUMMARY_COLUMNS)
_ROW_SELECT = "type, canonical, names, mentions, adcode, seen"


def create_entity_docs_schema(conn: sqlite3.Connection) -> None:
    for statement in ENTITY_DOCS_SCHEMA:
        conn.execute(statement)
    # Tables made before ``aliased`` was kept: add it, from the names.
    if "aliased" not in {row[1] for row in conn.execute("PRAGMA table_info(entity_docs)")}:
        conn.execute("ALTER TABLE entity_docs ADD COLUMN aliased INTEGER NOT NULL DEFAULT 0")
        conn.execute("UPDATE entity_docs SET aliased = (names != json_array(canonical))")
    for statement in ENTITY_DOCS_INDEXES:
        conn.execute(statement)
    # Files made before the summary was kept: made from the rows, once.
    had_summary = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entity_summary'"
    ).fetchone()
    conn.execute(ENTITY_SUMMARY_SCHEMA)
    if had_summary is None:
        rebuild_summary(conn)


def _aggregate(conn: sqlite3.Connection, key: tuple[str, str] | None) -> dict[tuple[str, str], dict[str, Any]]:
    """The summaries of one entity (``key``), or of every one, from their rows."""
    params = list(key) if key else []
    one = "e.type = ? AND e.canonical = ?" if key else "1"
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for type_, canonical, *counts in conn.execute(
        "SELECT e.type, e.canonical, count(*), sum(mentions), min(seen), max(seen), max(adcode)"
        f" FROM entity_docs e INDEXED BY entity_docs_entity WHERE {one} GROUP BY e.type, e.canonical",
        params,
    ):
        out[(type_, canonical)] = {**dict(zip(SUMMARY_COLUMNS[:5], counts, strict=True)), "aliases": set()}
    for type_, canonical, name in conn.execute(
        "SELECT DISTINCT e.type, e.canonical, j.value FROM entity_docs e INDEXED BY entity_docs_aliased,"
        f" json_each(e.names) j WHERE {one} AND e.aliased = 1",
        params,
    ):
        if (type_, canonical) in out:
            out[(type_, canonical)]["aliases"].add(name)
    for (_, canonical), summary in out.items():
        summary["aliases"] = aliases_of(canonical, summary["aliases"])
    return out


def rebuild_summary(conn: sqlite3.Connection) -> int:
    """Every entity's summary made again from its rows (inside the caller's
    transaction); the number of entities."""
    conn.execute("DELETE FROM entity_summary")
    summaries = _aggregate(conn, None)
    _put_summaries(conn, summaries.items())
    return len(summaries)


def _put_summaries(conn: sqlite3.Connection, items: Iterable[tuple[tuple[str, str], dict[str, Any]]]) -> None:
    conn.executemany(
        f"INSERT INTO entity_summary ({_SUMMARY_SELECT}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (type, canonical) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in SUMMARY_COLUMNS),
        [(*key, *(s[c] for c in SUMMARY_COLUMNS[:5]), to_json(s["aliases"])) for key, s in items],
    )


def _summary_item(row: Sequence[Any]) -> dict[str, Any]:
    item = dict(zip(("type", "canonical", *SUMMARY_COLUMNS), row, strict=True))
    item["aliases"] = from_json(item["aliases"], [])
    return item


def write_entity_docs(conn: sqlite3.Connection, doc: Document, created_at: str) -> None:
    """Replace the document's rows and bring the summaries of the entities
    whose row changed up to date (inside the caller's write transaction)."""
    old_rows = [
        {"type": t, "canonical": c, "names": from_json(n, []), "mentions": m, "adcode": a, "seen": s}
        for t, c, n, m, a, s in conn.execute(f"SELECT {_ROW_SELECT} FROM entity_docs WHERE doc_id = ?", (doc.id,))
    ]
    new_rows = entity_doc_rows(doc, created_at)
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
            for i, r in enumerate(new_rows)
        ],
    )
    for key, old, new in changed_keys(old_rows, new_rows):
        row = conn.execute(
            f"SELECT {_SUMMARY_SELECT} FROM entity_summary WHERE type = ? AND canonical = ?", key
        ).fetchone()
        after = summary_after(key[1], None if row is None else _summary_item(row), old, new)
        if isinstance(after, Recompute):
            after = _aggregate(conn, key).get(key)
        if after is None:
            conn.execute("DELETE FROM entity_summary WHERE type = ? AND canonical = ?", key)
        else:
            _put_summaries(conn, [(key, after)])


class SqliteEntityIndex(EntityIndex):
    def __init__(self, store: SqliteStore) -> None:
        self.store = store

    def _summaries(
        self, query: EntityQuery, canonical_q: str | None, limit: int, after: tuple[str, str] | None
    ) -> list[dict[str, Any]]:
        where: list[str] = []
        params: list[Any] = []
        if query.type:
            where.append("type = ?")
            params.append(query.type)
        if after is not None:
            where.append("(type, canonical) > (?, ?)")
            params += list(after)
        if query.q:
            # The summary's rows are the entities, not their mentions: a scan
            # of them is what a part of a name or an alias costs.
            pattern = like_pattern(query.q)
            where.append("(canonical = ? OR canonical LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\')")
            params += [canonical_q, pattern, pattern]
        sql = (
            f"SELECT {_SUMMARY_SELECT} FROM entity_summary"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY type, canonical LIMIT ?"
        )
        with self.store._read() as conn:
            return [_summary_item(row) for row in conn.execute(sql, [*params, limit])]

    def _summary(self, type_: str, canonical: str) -> dict[str, Any] | None:
        with self.store._read() as conn:
            row = conn.execute(
                f"SELECT {_SUMMARY_SELECT} FROM entity_summary WHERE type = ? AND canonical = ?", (type_, canonical)
            ).fetchone()
        return None if row is None else _summary_item(row)

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
