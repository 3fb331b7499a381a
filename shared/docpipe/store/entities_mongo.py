"""The ``entity_docs`` collection of the MongoDB store (see ``entities.py``).

One record per (document, canonical entity), id ``<doc_id>:<seq>``, written by
``MongoStore.index_results`` like its entity rows (replace by id, delete the
surplus: converges without a transaction). The index
``(type, canonical, created_at, doc_id)`` serves the list, one entity's counts
and its newest documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING, DESCENDING, ReplaceOne
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError

from ..document import Document
from .entities import RELATED_DOCUMENTS, EntityIndex, EntityQuery, entity_doc_rows

if TYPE_CHECKING:
    from .mongo import MongoStore

COLLECTION = "entity_docs"


def ensure_entity_doc_indexes(col: Collection[dict[str, Any]]) -> None:
    col.create_index([("doc_id", ASCENDING), ("seq", ASCENDING)], name="doc_seq", unique=True)
    col.create_index(
        [("type", ASCENDING), ("canonical", ASCENDING), ("created_at", DESCENDING), ("doc_id", ASCENDING)],
        name="entity_created",
    )
    col.create_index([("canonical", ASCENDING)], name="canonical")
    col.create_index(
        [("type", ASCENDING), ("canonical", ASCENDING)], name="aliased", partialFilterExpression={"aliased": True}
    )


def write_entity_docs(col: Collection[dict[str, Any]], doc: Document, created_at: str) -> None:
    rows = entity_doc_rows(doc, created_at)
    if rows:
        ops = [
            ReplaceOne(
                {"_id": f"{doc.id}:{i}"}, {**r, "doc_id": doc.id, "seq": i, "created_at": created_at}, upsert=True
            )
            for i, r in enumerate(rows)
        ]
        try:
            col.bulk_write(ops, ordered=False)
        except BulkWriteError as exc:
            # A concurrent index of the same document inserted first (as in
            # MongoStore.index_results): once more replaces.
            if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise
            col.bulk_write(ops, ordered=False)
    col.delete_many({"doc_id": doc.id, "seq": {"$gte": len(rows)}})


class MongoEntityIndex(EntityIndex):
    def __init__(self, store: MongoStore) -> None:
        self.store = store

    def _col(self) -> Collection[dict[str, Any]]:
        col: Collection[dict[str, Any]] = self.store._col(COLLECTION)
        return col

    def _keys(
        self, query: EntityQuery, canonical_q: str | None, limit: int, after: tuple[str, str] | None
    ) -> list[tuple[str, str]]:
        match: dict[str, Any] = {}
        ands: list[dict[str, Any]] = []
        if query.type:
            match["type"] = query.type
        if after is not None:
            ands.append({"$or": [{"type": {"$gt": after[0]}}, {"type": after[0], "canonical": {"$gt": after[1]}}]})
        if query.q:
            pattern = re.escape(query.q)
            ands.append(
                {
                    "$or": [
                        {"canonical": canonical_q},
                        {"canonical": {"$regex": pattern}},
                        {"names": {"$regex": pattern}},
                    ]
                }
            )
        if ands:
            match["$and"] = ands
        pipeline: list[dict[str, Any]] = [
            {"$match": match},
            {"$group": {"_id": {"type": "$type", "canonical": "$canonical"}}},
            {"$sort": {"_id.type": 1, "_id.canonical": 1}},
            {"$limit": limit},
        ]
        rows = self.store._call(lambda: list(self._col().aggregate(pipeline)))
        return [(r["_id"]["type"], r["_id"]["canonical"]) for r in rows]

    def _stats(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], tuple[list[str], dict[str, Any]]]:
        out: dict[tuple[str, str], tuple[list[str], dict[str, Any]]] = {}
        for type_, canonical in keys:
            match = {"type": type_, "canonical": canonical}
            pipeline: list[dict[str, Any]] = [
                {"$match": match},
                {
                    "$group": {
                        "_id": None,
                        "documents": {"$sum": 1},
                        "mentions": {"$sum": "$mentions"},
                        "first_seen": {"$min": "$seen"},
                        "last_seen": {"$max": "$seen"},
                        "adcode": {"$max": "$adcode"},
                    }
                },
            ]
            groups = self.store._call(lambda p=pipeline: list(self._col().aggregate(p)))
            if not groups:
                out[(type_, canonical)] = ([], {})
                continue
            names: list[str] = []
            for r in self.store._call(lambda m=match: list(self._col().find({**m, "aliased": True}, {"names": 1}))):
                names += [n for n in r.get("names") or [] if n not in names]
            out[(type_, canonical)] = (names, {k: v for k, v in groups[0].items() if k != "_id"})
        return out

    def _related(self, type_: str, name: str, limit: int) -> list[dict[str, Any]]:
        mine = [
            r["doc_id"]
            for r in self.store._call(
                lambda: list(
                    self._col()
                    .find({"type": type_, "canonical": name}, {"_id": 0, "doc_id": 1})
                    .sort([("created_at", DESCENDING)])
                    .limit(RELATED_DOCUMENTS)
                )
            )
        ]
        pipeline: list[dict[str, Any]] = [
            {"$match": {"doc_id": {"$in": mine}}},
            {"$group": {"_id": {"type": "$type", "canonical": "$canonical"}, "n": {"$sum": 1}}},
        ]
        rows = self.store._call(lambda: list(self._col().aggregate(pipeline)))
        out = [
            {"type": r["_id"]["type"], "name": r["_id"]["canonical"], "documents": r["n"]}
            for r in rows
            if (r["_id"]["type"], r["_id"]["canonical"]) != (type_, name)
        ]
        out.sort(key=lambda r: (-r["documents"], r["type"], r["name"]))
        return out[:limit]
