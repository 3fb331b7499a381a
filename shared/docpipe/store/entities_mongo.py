"""The ``entity_docs`` collection of the MongoDB store (see ``entities.py``).

One record per (document, canonical entity), id ``<doc_id>:<seq>``, written by
``MongoStore.index_results`` like its entity rows (replace by id, delete the
surplus: converges without a transaction). The index
``(type, canonical, created_at, doc_id)`` serves one entity's counts and its
newest documents; the ``entity_summary`` collection (one record per entity,
index ``(type, canonical)``) the list.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any

import orjson
from pymongo import ASCENDING, DESCENDING, ReplaceOne
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..document import Document
from ..errors import StoreUnavailable
from .entities import RELATED_DOCUMENTS, EntityIndex, EntityQuery, entity_doc_rows
from .entity_summary import SUMMARY_COLUMNS, Recompute, aliases_of, changed_keys, summary_after
from .mongo_connection import replace_doc_rows

if TYPE_CHECKING:
    from .mongo import MongoStore

COLLECTION = "entity_docs"
TAGS = "entity_summary_tags"  # per document: the tag of the rows its summary counts
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
    if not had_summary:
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
    """Every entity's summary made again from its rows, with the record of
    what each document's rows count (``write_entity_docs``); the number of
    entities."""
    summaries = _aggregate(db[COLLECTION], {})
    col = db[SUMMARY]
    col.delete_many({})
    ops = [ReplaceOne({"_id": summary_id(k)}, _summary_record(k, s), upsert=True) for k, s in summaries.items()]
    for i in range(0, len(ops), 1000):
        col.bulk_write(ops[i : i + 1000], ordered=False)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in db[COLLECTION].find({}, {"_id": 0, "doc_id": 1, **dict.fromkeys(_ROW_KEYS, 1)}).sort("_id", ASCENDING):
        by_doc.setdefault(r["doc_id"], []).append(r)
    tags = db[TAGS]
    tags.delete_many({})
    records = [ReplaceOne({"_id": d}, _counted(rows), upsert=True) for d, rows in by_doc.items()]
    for i in range(0, len(records), 1000):
        tags.bulk_write(records[i : i + 1000], ordered=False)
    return len(summaries)


def summary_id(key: tuple[str, str]) -> str:
    return f"{key[0]}\x1f{key[1]}"


_ROW_KEYS = ("type", "canonical", "names", "mentions", "adcode", "seen")
CLAIM_ATTEMPTS = 20


def _rows_tag(rows: list[dict[str, Any]]) -> str:
    """What a document's rows say, as one short string (compared, never read)."""
    keys = sorted(
        (r["type"], r["canonical"], int(r["mentions"]), r["seen"], r["adcode"], sorted(r["names"])) for r in rows
    )
    return hashlib.sha1(orjson.dumps(keys)).hexdigest()


def _counted(rows: list[dict[str, Any]]) -> dict[str, Any]:
    plain = [{k: r[k] for k in _ROW_KEYS} for r in rows]
    return {"tag": _rows_tag(plain), "rows": plain}


def write_entity_docs(db: Database[dict[str, Any]], doc: Document, created_at: str) -> None:
    """Replace the document's rows and bring the summaries of its entities up
    to date. Without a transaction, ``entity_summary_tags`` holds per document
    the rows its entities' summaries count; a run moves that record from
    what it read to the new rows with a conditional single-document update
    (else reads it again), and only the run that moved it applies the
    difference: counts with ``$inc``, dates, adcode and aliases with
    ``$min``/``$max``/``$addToSet``. When a row that went held its entity's
    first or last date, its adcode or an alias, those fields (never the
    counts) are aggregated again from the rows."""
    col = db[COLLECTION]
    rows = entity_doc_rows(doc, created_at)
    replace_doc_rows(col, doc.id, rows, created_at)
    tags = db[TAGS]
    now = _counted(rows)
    for _ in range(CLAIM_ATTEMPTS):
        record = tags.find_one({"_id": doc.id})
        counted = list(record["rows"]) if record else []
        changes = changed_keys(counted, now["rows"])
        if not changes:
            return
        try:
            if record is None:
                tags.insert_one({"_id": doc.id, **now})
            elif not tags.update_one({"_id": doc.id, "tag": record["tag"]}, {"$set": now}).modified_count:
                continue  # another run moved it first: read it again
        except DuplicateKeyError:
            continue
        _apply(db, changes)
        return
    raise StoreUnavailable(f"the entity summaries of {doc.id!r} kept changing while being updated; try again")


def _apply(
    db: Database[dict[str, Any]],
    changes: list[tuple[tuple[str, str], dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    summaries = db[SUMMARY]
    for key, old, new in changes:
        current = summaries.find_one({"_id": summary_id(key)}, {"_id": 0})
        after = summary_after(key[1], _with_defaults(current), old, new)
        summaries.update_one({"_id": summary_id(key)}, _delta(key, old, new), upsert=True)
        if isinstance(after, Recompute) and old is not None:
            found = _aggregate(db[COLLECTION], {"type": key[0], "canonical": key[1]}).get(key)
            if found is not None:
                kept = {c: found[c] for c in ("first_seen", "last_seen", "adcode", "aliases") if found[c] is not None}
                gone = {c: "" for c in ("first_seen", "last_seen", "adcode") if found[c] is None}
                summaries.update_one({"_id": summary_id(key)}, {"$set": kept, **({"$unset": gone} if gone else {})})
        summaries.delete_one({"_id": summary_id(key), "documents": {"$lte": 0}})


def _with_defaults(current: dict[str, Any] | None) -> dict[str, Any] | None:
    if current is None:
        return None
    return {c: current.get(c) for c in SUMMARY_COLUMNS}


def _delta(key: tuple[str, str], old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    """The update that takes ``old`` out of the entity's counts and adds ``new``."""
    update: dict[str, Any] = _added(key, new) if new is not None else {"$inc": {"documents": 0, "mentions": 0}}
    if old is not None:
        update["$inc"]["documents"] -= 1
        update["$inc"]["mentions"] -= int(old["mentions"])
    update.setdefault("$setOnInsert", {"type": key[0], "canonical": key[1]})
    return update


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
