"""The ``facts`` collection of the MongoDB store (see ``facts.py``).

``MongoStore.index_results`` writes the rows with its entity and metric rows
(ids ``<doc>:<seq>``, the same replace-then-trim). A page is one sorted
``find`` on ``(fact_key, doc_id, seq)``, led by ``subject_key`` or
``measure_key`` when the query names one, so it is an index scan
(tests/integration/test_facts_store.py checks the plan).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING

from .facts import ROW_COLUMNS, FactQueries, FactQuery, adcode_range, fact_key_range

if TYPE_CHECKING:
    from pymongo.collection import Collection

FACT_INDEXES: tuple[tuple[str, list[tuple[str, int]], dict[str, Any]], ...] = (
    ("doc_seq", [("doc_id", ASCENDING), ("seq", ASCENDING)], {"unique": True}),
    ("key", [("fact_key", ASCENDING), ("doc_id", ASCENDING), ("seq", ASCENDING)], {}),
    (
        "subject_key",
        [("subject_key", ASCENDING), ("fact_key", ASCENDING), ("doc_id", ASCENDING), ("seq", ASCENDING)],
        {},
    ),
    (
        "measure_key",
        [("measure_key", ASCENDING), ("fact_key", ASCENDING), ("doc_id", ASCENDING), ("seq", ASCENDING)],
        {},
    ),
    ("period", [("period_start", ASCENDING), ("period_end", ASCENDING)], {}),
    ("adcode", [("subject_adcode", ASCENDING), ("fact_key", ASCENDING)], {}),
    ("group", [("group_key", ASCENDING), ("value", ASCENDING), ("value_max", ASCENDING)], {}),
)
_SORT = [("fact_key", ASCENDING), ("doc_id", ASCENDING), ("seq", ASCENDING)]


def ensure_fact_indexes(col: Collection[dict[str, Any]]) -> None:
    for name, keys, options in FACT_INDEXES:
        col.create_index(keys, name=name, **options)


def fact_selector(
    query: FactQuery, *, key_after: str | None = None, after: tuple[str, str, int] | None = None
) -> dict[str, Any]:
    """The find filter of one ordered read."""
    parts: list[dict[str, Any]] = []
    if query.subject_keys:
        keys = list(query.subject_keys)
        parts.append({"subject_key": keys[0] if len(keys) == 1 else {"$in": keys}})
    if query.measure_key:
        parts.append({"measure_key": query.measure_key})
    pair = fact_key_range(query)
    if pair is not None:  # the scan starts at the pair's first fact, not the subject's
        parts.append({"fact_key": {"$gte": pair[0], "$lt": pair[1]}})
    if query.adcode:
        low, high = adcode_range(query.adcode)
        parts.append({"subject_adcode": {"$gte": low, "$lt": high}})
    if query.entity_type:
        parts.append({"subject_type": query.entity_type})
    if query.unit:
        parts.append({"unit": query.unit})
    # $type: rows without a period or date hold null (see MongoStore._filter).
    if query.period_from:
        parts.append({"period_start": {"$type": "string", "$gte": query.period_from}})
    if query.period_to:
        parts.append({"period_end": {"$type": "string", "$lte": query.period_to}})
    dates: dict[str, Any] = {}
    if query.published_from:
        dates["$gte"] = query.published_from
    if query.published_to:
        dates["$lte"] = query.published_to
    if dates:
        parts.append({"published_date": {"$type": "string", **dates}})
    if key_after is not None:
        parts.append({"fact_key": {"$gt": key_after}})
    if after is not None:
        key, doc_id, seq = after
        # The $gte bound starts the index scan at the position; the $or
        # finishes the comparison on the tuple.
        parts.append({"fact_key": {"$gte": key}})
        parts.append(
            {
                "$or": [
                    {"fact_key": {"$gt": key}},
                    {"fact_key": key, "doc_id": {"$gt": doc_id}},
                    {"fact_key": key, "doc_id": doc_id, "seq": {"$gt": seq}},
                ]
            }
        )
    if not parts:
        return {}
    return parts[0] if len(parts) == 1 else {"$and": parts}


def fact_hint(query: FactQuery) -> str:
    """The index a read walks: equality on the subject or the measure first,
    then the page order."""
    if query.subject_keys:
        return "subject_key"
    if query.measure_key:
        return "measure_key"
    return "key"


class MongoFacts(FactQueries):
    """Mixed into ``MongoStore``: the fact primitives on its database."""

    if TYPE_CHECKING:

        def _col(self, name: str) -> Collection[dict[str, Any]]: ...  # MongoStore's
        def _call(self, fn: Any) -> Any: ...

    def fact_cursor(
        self,
        query: FactQuery,
        *,
        key_after: str | None = None,
        after: tuple[str, str, int] | None = None,
        limit: int = 50,
    ) -> Any:
        """The pymongo cursor of one ordered read (tests read its plan)."""
        return (
            self._col("facts")
            .find(fact_selector(query, key_after=key_after, after=after), {"_id": 0, "created_at": 0})
            .sort(_SORT)
            .hint(fact_hint(query))
            .limit(limit)
        )

    def _fact_rows(
        self, query: FactQuery, *, key_after: str | None, after: tuple[str, str, int] | None, limit: int
    ) -> list[dict[str, Any]]:
        rows = self._call(lambda: list(self.fact_cursor(query, key_after=key_after, after=after, limit=limit)))
        return [{c: r.get(c) for c in ROW_COLUMNS} for r in rows]

    def _group_values(self, group_keys: Sequence[str]) -> dict[str, set[tuple[float, float | None]]]:
        out: dict[str, set[tuple[float, float | None]]] = {}
        rows = self._call(
            lambda: list(
                self._col("facts")
                .find({"group_key": {"$in": list(group_keys)}}, {"_id": 0, "group_key": 1, "value": 1, "value_max": 1})
                .hint("group")
            )
        )
        for r in rows:
            out.setdefault(r["group_key"], set()).add((r.get("value"), r.get("value_max")))
        return out

    def _document_infos(self, doc_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        rows = self._call(
            lambda: list(
                self._col("documents").find(
                    {"_id": {"$in": list(doc_ids)}}, {"title": 1, "published_at": 1, "duplicate_of": 1}
                )
            )
        )
        return {
            r["_id"]: {
                "title": r.get("title"),
                "published_at": r.get("published_at"),
                "duplicate_of": r.get("duplicate_of"),
            }
            for r in rows
        }
