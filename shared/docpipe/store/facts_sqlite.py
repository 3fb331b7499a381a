"""The ``facts`` table of the embedded store (see ``facts.py``).

One row per metric, written by ``SqliteStore.index_results`` in its
transaction. A page is an index walk in ``(fact_key, doc_id, seq)`` order:
through ``facts_subject`` / ``facts_measure`` when the query names a
subject or a measure (equality, then already in page order), else through
``facts_order``, the other filters checked on the index entries walked; a
region or period range that few rows are in is read from its own index
and sorted instead (``SqliteFacts._index``); a broad region, as one walk per
subject in it, merged (``SqliteFacts._fact_rows``).
"""

from __future__ import annotations

import heapq
import itertools
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..document import Document
from .common import from_json
from .facts import ROW_COLUMNS, FactQueries, FactQuery, adcode_range, fact_key_range, fact_rows

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

# The filter columns ride along in the walked indexes, so a row that fails a
# filter is skipped without reading it from the table; only a page's rows are.
_FILTERED = "subject_adcode, subject_type, unit, period_start, period_end, published_date"
FACTS_INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS facts_by_doc ON facts (doc_id, seq)",
    # Indexes of the first versions (2026-12-03), which files made then still hold.
    *(f"DROP INDEX IF EXISTS facts_by_{name}" for name in ("key", "subject", "measure", "period", "adcode", "group")),
    "DROP INDEX IF EXISTS facts_region",
    f"CREATE INDEX IF NOT EXISTS facts_order ON facts (fact_key, doc_id, seq, measure_key, {_FILTERED})",
    f"CREATE INDEX IF NOT EXISTS facts_subject ON facts (subject_key, fact_key, doc_id, seq, measure_key, {_FILTERED})",
    f"CREATE INDEX IF NOT EXISTS facts_measure ON facts (measure_key, fact_key, doc_id, seq, {_FILTERED})",
    "CREATE INDEX IF NOT EXISTS facts_period ON facts (period_start, period_end, fact_key, doc_id, seq)",
    "CREATE INDEX IF NOT EXISTS facts_in_region ON facts (subject_adcode, subject_key, fact_key, doc_id, seq)",
    "CREATE INDEX IF NOT EXISTS facts_group ON facts (group_key, value, value_max) WHERE group_key IS NOT NULL",
)
# Below this many rows in a region's or a period range's own index, a page
# reads them all from it and sorts; above, it walks the page order.
NARROW_ROWS = 3000
# A broad region with at most this many subjects is read as one ordered walk
# per subject, merged: the page order leads with the subject, so a region's
# rows lie in runs that one walk of the page order would have to pass by.
REGION_SUBJECTS = 500

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


def _where(query: FactQuery) -> tuple[list[str], list[Any]]:
    """Conditions and parameters of a query's filters."""
    where: list[str] = []
    params: list[Any] = []
    if query.subject_keys:
        where.append(f"subject_key IN ({', '.join('?' * len(query.subject_keys))})")
        params += list(query.subject_keys)
    if query.measure_key:
        where.append("measure_key = ?")
        params.append(query.measure_key)
    pair = fact_key_range(query)
    if pair is not None:  # the walk starts at the pair's first fact, not the subject's
        where.append("fact_key >= ? AND fact_key < ?")
        params += list(pair)
    where_ranges, range_params = _ranges(query)
    where += where_ranges
    params += range_params
    if query.entity_type:
        where.append("subject_type = ?")
        params.append(query.entity_type)
    if query.unit:
        where.append("unit = ?")
        params.append(query.unit)
    if query.published_from:
        where.append("published_date >= ?")
        params.append(query.published_from)
    if query.published_to:
        where.append("published_date <= ?")
        params.append(query.published_to)
    return where, params


def _ranges(query: FactQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if query.adcode:
        low, high = adcode_range(query.adcode)
        where.append("subject_adcode >= ? AND subject_adcode < ?")
        params += [low, high]
    if query.period_from:
        where.append("period_start >= ?")
        params.append(query.period_from)
    if query.period_to:
        where.append("period_end <= ?")
        params.append(query.period_to)
    return where, params


def _walk_index(query: FactQuery) -> str:
    if query.subject_keys:
        return "facts_subject"
    if query.measure_key:
        return "facts_measure"
    return "facts_order"


class SqliteFacts(FactQueries):
    """Mixed into ``SqliteStore``: the fact primitives on its connection."""

    if TYPE_CHECKING:

        def _read(self) -> AbstractContextManager[sqlite3.Connection]: ...  # SqliteStore's

    def fact_rows_sql(
        self,
        query: FactQuery,
        *,
        key_after: str | None,
        after: tuple[str, str, int] | None,
        limit: int,
        index: str | None = None,
        columns: str = _COLUMNS_SQL,
    ) -> tuple[str, list[Any]]:
        """The SQL of one ordered read through ``index`` (default: the one
        ``_index`` picks without counting; tests read its plan)."""
        where, params = _where(query)
        if key_after is not None:
            where.append("fact_key > ?")
            params.append(key_after)
        if after is not None:
            where.append("(fact_key, doc_id, seq) > (?, ?, ?)")
            params += list(after)
        sql = f"SELECT {columns} FROM facts INDEXED BY {index or _walk_index(query)}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY fact_key, doc_id, seq LIMIT ?"
        return sql, [*params, limit]

    def _fact_rows(
        self, query: FactQuery, *, key_after: str | None, after: tuple[str, str, int] | None, limit: int
    ) -> list[dict[str, Any]]:
        if len(query.subject_keys) > 1:
            return self._merged_rows(query, key_after=key_after, after=after, limit=limit)
        with self._read() as conn:
            index = self._index(conn, query)
            subjects = None
            if index != "facts_in_region" and query.adcode and not query.subject_keys:
                subjects = self._region_subjects(conn, query.adcode)
            if subjects is None:
                sql, params = self.fact_rows_sql(query, key_after=key_after, after=after, limit=limit, index=index)
                rows = conn.execute(sql, params).fetchall()
                return [dict(zip(ROW_COLUMNS, r, strict=True)) for r in rows]
        if not subjects:
            return []
        return self._fact_rows(replace(query, subject_keys=subjects), key_after=key_after, after=after, limit=limit)

    def _merged_rows(
        self, query: FactQuery, *, key_after: str | None, after: tuple[str, str, int] | None, limit: int
    ) -> list[dict[str, Any]]:
        """One ordered walk per subject key, merged (an IN list over the
        index would read every row of every key to sort them). The walks
        read keys only, from the index; only the page's rows are then read
        from the table."""
        with self._read() as conn:
            walks = []
            for key in query.subject_keys:
                sql, params = self.fact_rows_sql(
                    replace(query, subject_keys=(key,)),
                    key_after=key_after,
                    after=after,
                    limit=limit,
                    index="facts_subject",
                    columns="fact_key, doc_id, seq",
                )
                walks.append(conn.execute(sql, params).fetchall())
            chosen = list(itertools.islice(heapq.merge(*walks), limit))
            # One seek per row (a row-value IN list would scan the table).
            one = f"SELECT {_COLUMNS_SQL} FROM facts INDEXED BY facts_by_doc WHERE doc_id = ? AND seq = ?"
            rows = [conn.execute(one, (doc_id, seq)).fetchone() for _, doc_id, seq in chosen]
        return [dict(zip(ROW_COLUMNS, r, strict=True)) for r in rows if r is not None]

    @staticmethod
    def _region_subjects(conn: sqlite3.Connection, adcode: str) -> tuple[str, ...] | None:
        """The subject keys of the facts in a region, one index seek each
        (a skip scan of ``facts_in_region``); None when there are more than
        ``REGION_SUBJECTS``."""
        low, high = adcode_range(adcode)
        found: list[str] = []
        code: str | None = None
        key = ""
        while len(found) <= REGION_SUBJECTS:
            row = None
            if code is not None:  # the next subject under this code
                row = conn.execute(
                    "SELECT subject_adcode, subject_key FROM facts INDEXED BY facts_in_region"
                    " WHERE subject_adcode = ? AND subject_key > ? ORDER BY subject_key LIMIT 1",
                    (code, key),
                ).fetchone()
            if row is None:  # else the first subject under the next code
                after_code = "subject_adcode > ?" if code is not None else "subject_adcode >= ?"
                row = conn.execute(
                    "SELECT subject_adcode, subject_key FROM facts INDEXED BY facts_in_region"
                    f" WHERE {after_code} AND subject_adcode < ? AND subject_key IS NOT NULL"
                    " ORDER BY subject_adcode, subject_key LIMIT 1",
                    (code if code is not None else low, high),
                ).fetchone()
            if row is None:
                return tuple(sorted(set(found)))
            code, key = row
            found.append(key)
        return None

    def _index(self, conn: sqlite3.Connection, query: FactQuery) -> str:
        """The index a read walks. A subject: its own index, in page order.
        Else a region or a period range few rows are in (a count bounded at
        ``NARROW_ROWS``, as ``SqliteStore._documents_index`` does for
        documents): read them all from its index and sort. Else a measure:
        its index in page order; else the page order itself. (A broad region
        is read per subject in it instead: ``_fact_rows``.)"""
        if query.subject_keys:
            return "facts_subject"
        narrow: list[tuple[int, str]] = []
        if query.adcode:
            low, high = adcode_range(query.adcode)
            narrow.append(
                (
                    self._bounded(conn, "facts_in_region", "subject_adcode >= ? AND subject_adcode < ?", [low, high]),
                    "facts_in_region",
                )
            )
        if query.period_from or query.period_to:
            where, params = _ranges(replace(query, adcode=None))
            narrow.append((self._bounded(conn, "facts_period", " AND ".join(where), params), "facts_period"))
        narrow = [n for n in narrow if n[0] < NARROW_ROWS]
        if narrow:
            return min(narrow)[1]
        return _walk_index(query)

    @staticmethod
    def _bounded(conn: sqlite3.Connection, index: str, where: str, params: list[Any]) -> int:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM facts INDEXED BY {index} WHERE {where} LIMIT {NARROW_ROWS})"
        return int(conn.execute(sql, params).fetchone()[0])

    def _group_values(self, group_keys: Sequence[str]) -> dict[str, set[tuple[float, float | None]]]:
        out: dict[str, set[tuple[float, float | None]]] = {}
        with self._read() as conn:
            for chunk in _chunks(group_keys, 500):
                for key, value, value_max in conn.execute(
                    f"SELECT DISTINCT group_key, value, value_max FROM facts INDEXED BY facts_group"
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
