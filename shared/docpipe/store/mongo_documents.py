"""The document list of the MongoDB store (``GET /documents``): the filters
read the multikey ``facets`` array on the document through the index
``(facets, created_at, _id)``."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING

from ..document import Status
from .base import DocumentQuery, Page
from .common import (
    NON_FINAL_STATUSES,
    check_limit,
    decode_cursor,
    encode_cursor,
    facet_filters,
    iso_before,
)
from .mongo_connection import MongoConnection

FACET_SEP = "\x1f"
_SUMMARY_FIELDS = (
    "status",
    "pipeline_version",
    "title",
    "published_at",
    "source_url",
    "entity_count",
    "metric_count",
    "created_at",
    "updated_at",
)


def facet_key(facet: str, value: str) -> str:
    return f"{facet}{FACET_SEP}{value}"


class MongoDocumentQueries(MongoConnection):
    def _filter(self, query: DocumentQuery) -> dict[str, Any]:
        selector: dict[str, Any] = {}
        wanted = [facet_key(f, v) for f, v in facet_filters(query)]
        if len(wanted) == 1:
            selector["facets"] = wanted[0]
        elif wanted:
            selector["facets"] = {"$all": wanted}
        if query.status is not None:
            selector["status"] = Status(query.status).value
        dates: dict[str, str] = {}
        if query.published_from:
            dates["$gte"] = query.published_from[:10]
        if query.published_to:
            dates["$lte"] = query.published_to[:10]
        if dates:
            # Documents without a date hold null: MongoDB's type bracketing
            # already keeps null out of a string range; $type says so outright
            # (an emulator that compares across types agrees) and the index
            # bounds stay the same string range.
            selector["published_date"] = {"$type": "string", **dates}
        return selector

    def list_documents(self, query: DocumentQuery, *, limit: int = 50, cursor: str | None = None) -> Page:
        limit = check_limit(limit)
        selector = self._filter(query)
        if cursor:
            created_at, last_id = decode_cursor(cursor)
            # The $lte bound gives the index scan its start at the cursor (the
            # $or alone may be applied as a filter over the skipped entries).
            selector = {
                "$and": [
                    selector,
                    {"created_at": {"$lte": created_at}},
                    {"$or": [{"created_at": {"$lt": created_at}}, {"created_at": created_at, "_id": {"$lt": last_id}}]},
                ]
            }
        projection = {name: 1 for name in _SUMMARY_FIELDS}
        rows = self._call(
            lambda: list(
                self._col("documents")
                .find(selector, projection)
                .sort([("created_at", DESCENDING), ("_id", DESCENDING)])
                .limit(limit + 1)
            )
        )
        items = [{"id": r["_id"], **{name: r.get(name) for name in _SUMMARY_FIELDS}} for r in rows[:limit]]
        next_cursor = encode_cursor(items[-1]["created_at"], items[-1]["id"]) if len(rows) > limit else None
        return Page(items=items, next_cursor=next_cursor)

    def stuck_documents(self, older_than_s: float, *, limit: int = 1000) -> list[str]:
        selector = {"status": {"$in": list(NON_FINAL_STATUSES)}, "updated_at": {"$lt": iso_before(older_than_s)}}
        rows = self._call(
            lambda: list(self._col("documents").find(selector, {"_id": 1}).sort("updated_at", ASCENDING).limit(limit))
        )
        return [r["_id"] for r in rows]

    def count_documents(self, query: DocumentQuery | None = None) -> int:
        selector = self._filter(query or DocumentQuery())
        return int(self._call(lambda: self._col("documents").count_documents(selector)))
