"""The ``entity_docs`` collection of the MongoDB store (see ``entities.py``).

One record per (document, canonical entity), id ``<doc_id>:<seq>``, written by
``MongoStore.index_results`` like its entity rows (replace by id, delete the
surplus: converges without a transaction). The index
``(type, canonical, created_at, doc_id)`` serves one entity's counts and its
newest documents; the ``entity_summary`` collection (one record per entity,
index ``(type, canonical)``) the list.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING, DESCENDING, ReplaceOne, UpdateOne
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from ..document import Document
from .entities import RELATED_DOCUMENTS, EntityIndex, EntityQuery, entity_doc_rows
from .entity_summary import SUMMARY_COLUMNS, aliases_of, changed_keys

if TYPE_CHECKING:
    from .mongo import MongoStore

COLLECTION = "entity_docs"
SUMMARY = "entity_summary"  # one record per entity, id "<type>\x1f<canonical>" (entity_summary.py)


def ensure_entity_doc_indexes(db: Database[dict[str, Any]]) -> None:
    col = db[COLLECTION]
    had_summary = SUMMARY in db.list_collection_names()
    col.create_index([("doc_id", ASCENDING), ("seq", ASCENDING)], name="doc_seq", unique=True)
    col.create_index(
        [("type", ASCENDING), ("canonical", ASCENDING), ("created_at", DESCENDING), ("doc_id", ASCENDING)],
        name="entity_created",
    )
    col.create_index([("canonical", ASCENDING)], name="canonical")
    col.create_index(
        [("type", ASCENDING), ("canonical", ASCENDING)], name="aliased", partialFilterExpression={"aliased": True}
    )
    db[SUMMARY].create_index([("type", ASCENDING), ("canonical", ASCENDING)], name="type_canonical", unique=True)
    # Databases made before the summary was kept: made from the rows, once.
    if not had_summary and col.find_one({}, {"_id": 1}) is not None:
        rebuild_summary(db)


def _aggregate(col: Collection[dict[str, Any]], match: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The summaries of the entities whose rows ``match`` selects, from their rows."""
    pipeline: list[dict[str, Any]] = [
        {"$match": match},
        {
            "$group": {
                "_id": {"type": "$type", "canonical": "$canonical"},
                "documents": {"$sum": 1},
                "mentions": {"$sum": "$mentions"},
                "first_seen": {"$min": "$seen"},
                "last_seen": {"$max": "$seen"},
                "adcode": {"$max": "$adcode"},
            }
        },
    ]
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for g in col.aggregate(pipeline):
        key = (g["_id"]["type"], g["_id"]["canonical"])
        out[key] = {c: g.get(c) for c in SUMMARY_COLUMNS[:5]}
        out[key]["aliases"] = set()
    for r in col.find({**match, "aliased": True}, {"type": 1, "canonical": 1, "names": 1}):
        if (key := (r["type"], r["canonical"])) in out:
            out[key]["aliases"].update(r.get("names") or [])
    for (_, canonical), summary in out.items():
        summary["aliases"] = aliases_of(canonical, summary["aliases"])
    return out


def _summary_record(key: tuple[str, str], summary: dict[str, Any]) -> dict[str, Any]:
    # Nulls left out (see _added): a later $min/$max then sets the field.
    return {"type": key[0], "canonical": key[1], **{c: summary[c] for c in SUMMARY_COLUMNS if summary[c] is not None}}


def rebuild_summary(db: Database[dict[str, Any]]) -> int:
    """Every entity's summary made again from its rows; the number of entities."""
    summaries = _aggregate(db[COLLECTION], {})
    col = db[SUMMARY]
    col.delete_many({})
    ops = [ReplaceOne({"_id": summary_id(k)}, _summary_record(k, s), upsert=True) for k, s in summaries.items()]
    for i in range(0, len(ops), 1000):
        col.bulk_write(ops[i : i + 1000], ordered=False)
    return len(summaries)


def summary_id(key: tuple[str, str]) -> str:
    return f"{key[0]}\x1f{key[1]}"


def write_entity_docs(db: Database[dict[str, Any]], doc: Document, created_at: str) -> None:
    """Replace the document's rows and bring the summaries of the entities
    whose row changed up to date. Without a transaction: a row the document
    did not have is added by the one run that marks it ``counted``; a row
    that changed or went makes its entity's summary again from its rows.
    Known gap: that aggregate, run while another document's row of the same
    entity is being added, can count that document twice (until the entity's
    next re-aggregation or ``rebuild_summary``); it needs a document indexed
    again (reprocessing) and a new one naming the same entity at the same
    moment. The embedded store applies every change in one transaction."""
    col = db[COLLECTION]
    fields = {"_id": 0, "type": 1, "canonical": 1, "names": 1, "mentions": 1, "adcode": 1, "seen": 1}
    old_rows = list(col.find({"doc_id": doc.id}, fields))
    rows = entity_doc_rows(doc, created_at)
    if rows:
        # $set, not a replacement: a row keeps its ``counted`` mark.
        ops = [
            UpdateOne(
                {"_id": f"{doc.id}:{i}"},
                {"$set": {**r, "doc_id": doc.id, "seq": i, "created_at": created_at}},
                upsert=True,
            )
            for i, r in enumerate(rows)
        ]
        try:
            col.bulk_write(ops, ordered=False)
        except BulkWriteError as exc:
            # A concurrent index of the same document inserted first (as in
            # MongoStore.index_results): once more updates.
            if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise
            col.bulk_write(ops, ordered=False)
    col.delete_many({"doc_id": doc.id, "seq": {"$gte": len(rows)}})
    summaries = db[SUMMARY]
    seq = {(r["type"], r["canonical"]): i for i, r in enumerate(rows)}
    for key, old, new in changed_keys(old_rows, rows):
        if old is None and new is not None:
            # A row the document did not have: added by the one run that marks
            # it counted for this entity (a single-document conditional
            # update); a concurrent run of the same document finds it marked
            # and leaves the summary alone (an aggregate here could land
            # before the other run's addition, and count the document twice).
            mark = summary_id(key)
            claim = col.update_one(
                {"_id": f"{doc.id}:{seq[key]}", "counted": {"$ne": mark}}, {"$set": {"counted": mark}}
            )
            if claim.modified_count == 1:
                summaries.update_one({"_id": mark}, _added(key, new), upsert=True)
            continue
        found = _aggregate(col, {"type": key[0], "canonical": key[1]}).get(key)
        if found is None:
            summaries.delete_one({"_id": summary_id(key)})
        else:
            summaries.replace_one({"_id": summary_id(key)}, _summary_record(key, found), upsert=True)


def _added(key: tuple[str, str], row: dict[str, Any]) -> dict[str, Any]:
    """The update that adds one new document's row to its entity's summary
    (``entity_summary.summary_after`` for a new row, as MongoDB operators).
    A missing date or adcode is left out, never set to null: null sorts
    below every string, so $min would keep it."""
    update: dict[str, Any] = {
        "$inc": {"documents": 1, "mentions": int(row["mentions"])},
        "$setOnInsert": {"type": key[0], "canonical": key[1]},
    }
    if row["seen"] is not None:
        update["$min"] = {"first_seen": row["seen"]}
        update["$max"] = {"last_seen": row["seen"]}
    if row["adcode"] is not None:
        update.setdefault("$max", {})["adcode"] = row["adcode"]
    if aliases := aliases_of(key[1], row["names"]):
        update["$addToSet"] = {"aliases": {"$each": aliases}}
    return update


class MongoEntityIndex(EntityIndex):
    def __init__(self, store: MongoStore) -> None:
        self.store = store

    def _col(self, name: str = COLLECTION) -> Collection[dict[str, Any]]:
        col: Collection[dict[str, Any]] = self.store._col(name)
        return col

    def _summaries(
        self, query: EntityQuery, canonical_q: str | None, limit: int, after: tuple[str, str] | None
    ) -> list[dict[str, Any]]:
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
                        {"aliases": {"$regex": pattern}},
                    ]
                }
            )
        if ands:
            match["$and"] = ands
        rows: list[dict[str, Any]] = self.store._call(
            lambda: list(
                self._col(SUMMARY)
                .find(match, {"_id": 0})
                .sort([("type", ASCENDING), ("canonical", ASCENDING)])
                .limit(limit)
            )
        )
        return rows

    def _summary(self, type_: str, canonical: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.store._call(
            lambda: self._col(SUMMARY).find_one({"_id": summary_id((type_, canonical))}, {"_id": 0})
        )
        return found

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
