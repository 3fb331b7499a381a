"""The document list of the embedded store (``GET /documents``): a page's
ids from the indexes alone, by the plan a bounded count picks, then its rows."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..document import Status
from .base import DocumentQuery, Page
from .common import (
    check_limit,
    decode_cursor,
    encode_cursor,
    facet_filters,
)
from .sqlite_connection import SqliteConnection

# Summary columns returned by list_documents.
_SUMMARY = (
    "id, status, pipeline_version, title, published_at, source_url, entity_count, metric_count, created_at, updated_at"
)


class SqliteDocumentQueries(SqliteConnection):
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

    def count_documents(self, query: DocumentQuery | None = None) -> int:
        query = query or DocumentQuery()
        with self._read() as conn:
            keys, params = _page_keys_sql(query, None, None, self._documents_index(conn, query))
            return int(conn.execute(f"SELECT count(*) FROM ({keys})", params).fetchone()[0])


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
