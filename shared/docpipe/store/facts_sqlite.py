"""The ``facts`` table of the embedded store (see ``facts.py``).

One row per metric, written by ``SqliteStore.index_results`` in its own
transaction. A page is an index walk in ``(fact_key, doc_id, seq)`` order:
through ``facts_by_subject`` / ``facts_by_measure`` when the query names a
subject or a measure (equality, then already in page order), else through
``facts_by_key``, the other filters checked on the rows walked.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..document import Document
from .common import from_json
from .facts import ROW_COLUMNS, FactQueries, FactQuery, adcode_range, fact_rows

FACTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS facts (
    doc_id         TEXT NOT NULL,
    seq            INTEGER NOT NULL,   -- the metric's position in the document
    fact_key       TEXT NOT NULL,      -- subject, measure, period, unit, value, value_max, qualifier
    group_key      TEXT,               -- subject, measure, period, unit (null unless all known)
    value          REAL,
    value_max      REAL,
    unit           TEXT,
    qualifier      TEXT,
    period         TEXT,
    period_start   TEXT,               -- YYYY-MM-DD, the period's first day
    period_end     TEXT,               -- its last day
    measure        TEXT,
    measure_id     TEXT,
    measure_key    TEXT,               -- measure_id, else the measure as written
    subject        TEXT,
    subject_type   TEXT,
    subject_name   TEXT,
    subject_adcode TEXT,
    subject_key    TEXT,               -- the subject entity's name, else the subject as written
    text           TEXT,
    start          INTEGER,
    "end"          INTEGER,
    sentence       TEXT,
    published_date TEXT,               -- copied from the document, for date filters
    duplicate_of   TEXT
)
"""

FACTS_INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS facts_by_doc ON facts (doc_id, seq)",
    "CREATE INDEX IF NOT EXISTS facts_by_key ON facts (fact_key, doc_id, seq)",
    "CREATE INDEX IF NOT EXISTS facts_by_subject ON facts (subject_key, fact_key, doc_id, seq)",
    "CREATE INDEX IF NOT EXISTS facts_by_measure ON facts (measure_key, fact_key, doc_id, seq)",
    "CREATE INDEX IF NOT EXISTS facts_by_period ON facts (period_start, period_end)",
    "CREATE INDEX IF NOT EXISTS facts_by_adcode ON facts (subject_adcode, fact_key)",
    "CREATE INDEX IF NOT EXISTS facts_by_group ON facts (group_key, value, value_max) WHERE group_key IS NOT NULL",
)

_COLUMNS_SQL = ", ".join(f'"{c}"' for c in ROW_COLUMNS)
_INSERT = f"INSERT INTO facts ({_COLUMNS_SQL}) VALUES ({', '.join('?' * len(ROW_COLUMNS))})"


def create_facts_schema(conn: sqlite3.Connection) -> None:
    conn.execute(FACTS_SCHEMA)
    # The delete in index_results needs this from the first write on.
    conn.execute(FACTS_INDEXES[0])


def write_facts(conn: sqlite3.Connection, doc: Document) -> None:
    """Replace the document's fact rows (inside the caller's transaction)."""
    conn.execute("DELETE FROM facts WHERE doc_id = ?", (doc.id,))
    conn.executemany(_INSERT, [tuple(row[c] for c in ROW_COLUMNS) for row in fact_rows(doc)])


def _where(query: FactQuery) -> tuple[list[str], list[Any], str]:
    """Conditions, parameters and the index that drives the walk."""
    where: list[str] = []
    params: list[Any] = []
    index = "facts_by_key"
    if query.subject_keys:
        where.append(f"subject_key IN ({', '.join('?' * len(query.subject_keys))})")
        params += list(query.subject_keys)
        index = "facts_by_subject"
    if query.measure_key:
        where.append("measure_key = ?")
        params.append(query.measure_key)
        if not query.subject_keys:
            index = "facts_by_measure"
    if query.adcode:
        low, high = adcode_range(query.adcode)
        where.append("subject_adcode >= ? AND subject_adcode < ?")
        params += [low, high]
    if query.entity_type:
        where.append("subject_type = ?")
        params.append(query.entity_type)
    if query.unit:
        where.append("unit = ?")
        params.append(query.unit)
    if query.period_from:
        where.append("period_start >= ?")
        params.append(query.period_from)
    if query.period_to:
        where.append("period_end <= ?")
        params.append(query.period_to)
    if query.published_from:
        where.append("published_date >= ?")
        params.append(query.published_from)
    if query.published_to:
        where.append("published_date <= ?")
        params.append(query.published_to)
    return where, params, index


class SqliteFacts(FactQueries):
    """Mixed into ``SqliteStore``: the fact primitives on its connection."""

    if TYPE_CHECKING:
        def _read(self) -> AbstractContextManager[sqlite3.Connection]: ...  # SqliteStore's

    def fact_rows_sql(
        self, query: FactQuery, *, key_after: str | None, after: tuple[str, str, int] | None, limit: int
    ) -> tuple[str, list[Any]]:
        """The SQL of one ordered read (tests read its plan)."""
        where, params, index = _where(query)
        if key_after is not None:
            where.append("fact_key > ?")
            params.append(key_after)
        if after is not None:
            where.append("(fact_key, doc_id, seq) > (?, ?, ?)")
            params += list(after)
        sql = f"SELECT {_COLUMNS_SQL} FROM facts INDEXED BY {index}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY fact_key, doc_id, seq LIMIT ?"
        return sql, [*params, limit]

    def _fact_rows(
        self, query: FactQuery, *, key_after: str | None, after: tuple[str, str, int] | None, limit: int
    ) -> list[dict[str, Any]]:
        sql, params = self.fact_rows_sql(query, key_after=key_after, after=after, limit=limit)
        with self._read() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [dict(zip(ROW_COLUMNS, r, strict=True)) for r in rows]

    def _group_values(self, group_keys: Sequence[str]) -> dict[str, set[tuple[float, float | None]]]:
        out: dict[str, set[tuple[float, float | None]]] = {}
        with self._read() as conn:
            for chunk in _chunks(group_keys, 500):
                for key, value, value_max in conn.execute(
                    f"SELECT DISTINCT group_key, value, value_max FROM facts INDEXED BY facts_by_group"
                    f" WHERE group_key IN ({', '.join('?' * len(chunk))})",
                    list(chunk),
                ):
                    out.setdefault(key, set()).add((value, value_max))
        return out

    def _document_infos(self, doc_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        with self._read() as conn:
            for chunk in _chunks(doc_ids, 500):
                marks = ", ".join("?" * len(chunk))
                for doc_id, title, published_at in conn.execute(
                    f"SELECT id, title, published_at FROM documents WHERE id IN ({marks})", list(chunk)
                ):
                    out[doc_id] = {"title": title, "published_at": published_at, "duplicate_of": None}
                # duplicate_of, where near-duplicate detection stored it as an output field.
                for doc_id, value in conn.execute(
                    f"SELECT doc_id, value FROM document_fields WHERE name = 'duplicate_of' AND doc_id IN ({marks})",
                    list(chunk),
                ):
                    if doc_id in out:
                        out[doc_id]["duplicate_of"] = from_json(value)
        return out


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
