"""The Store on MongoDB (pymongo), used when ``MONGODB_URI`` is set.

Same semantics as the SQLite store, made atomic the MongoDB way:

- every write to a document is a single-document operation (atomic in MongoDB) with write
  concern majority + journal;
- ``insert_document`` is an upsert that only ``$setOnInsert``s, so two
  concurrent calls create one document (the server retries an upsert that
  races on ``_id``; a DuplicateKeyError that still escapes means "exists");
- ``save_stage`` is one update with an aggregation pipeline: it sets only
  that stage's fields, merges ``stages``/``timings_ms`` with
  ``$mergeObjects`` and moves the status forward only (``$switch`` on the
  current status), all inside the one document update, which applies only
  while the document still points at the spilled generations read just
  before (so the ones it replaced are known exactly);
- a stage output too large to sit in the document (MongoDB refuses
  documents over 16 MiB; a 2 MB article's tokens alone are ~20 MiB of BSON)
  goes to ``document_parts`` as zlib-compressed chunks under a fresh
  generation id, written *before* the one document update that points
  ``parts.<field>`` at it, and the generation it replaced is deleted after;
  a reader that finds a generation's chunks incomplete (replaced under it)
  reads again. Smaller outputs stay inline, so most documents are one;
- the ``GET /documents`` filters read a multikey ``facets`` array on the
  document itself (``"name\\x1f苏州工业园区"``, ``"type\\x1fpark"`` …) with an
  index ``(facets, created_at, _id)``, so a filtered page is one indexed
  query; the ``entities`` and ``metrics`` collections hold one record per
  mention for other cross-document queries.

No mongod can be installed where this was written: every test run holds it
to the store contract on SecantusDB's wire-protocol server (``secantusd-py``,
started by the tests, through the real pymongo driver), or on the MongoDB
that MONGODB_URI names. Where that server differs from MongoDB 7 and how this
code stays correct on both: the README, "MongoDB and the test server".
"""

from __future__ import annotations

import os
import threading
import uuid
import zlib
from collections.abc import Callable, Iterator
from collections.abc import Collection as AbcCollection
from contextlib import contextmanager
from typing import Any, TypeVar

import bson
import orjson
from bson.binary import Binary
from bson.errors import InvalidDocument
from pymongo import ASCENDING, DESCENDING, MongoClient, ReplaceOne
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import BulkWriteError, ConnectionFailure, DuplicateKeyError, PyMongoError
from pymongo.write_concern import WriteConcern

from ..document import Document, StageError, Status
from ..errors import DocumentNotFound, InvalidBody, StoreUnavailable
from .base import DocumentQuery, MetadataUpdate, Page, Store
from .common import (
    FINAL_STATUSES,
    NON_FINAL_STATUSES,
    RESUBMIT_FIELDS,
    STATUS_RANK,
    check_limit,
    check_name,
    decode_cursor,
    document_parts,
    encode_cursor,
    entity_rows,
    facet_filters,
    facets,
    given_fields,
    iso_before,
    metadata_changes,
    metric_rows,
    missing_index_fields,
    new_rank,
    now_iso,
    published_date,
    rerun_stages,
    split_stage_fields,
    stale_stages,
    to_plain,
    unread_fields,
    with_fields,
)
from .entities_mongo import COLLECTION as ENTITY_DOCS
from .entities_mongo import SUMMARY as ENTITY_SUMMARY
from .entities_mongo import ensure_entity_doc_indexes, write_entity_docs
from .facts import fact_rows
from .facts_mongo import MongoFacts, ensure_fact_indexes

T = TypeVar("T")

FACET_SEP = "\x1f"
# Keys on a stored document that are the store's own, not Document fields.
_INTERNAL = ("_id", "facets", "published_date", "entity_count", "metric_count", "parts", "revision", "submitted")
# How often update_metadata (save_stage) tries again when another
# re-submission (another write of the same outputs) of the same document
# wrote between its read and its write.
UPDATE_ATTEMPTS = 20
# A stage output whose BSON is larger than this is stored out of the document
# (see the module docstring). With the ~7 stage outputs each at most this,
# plus raw_text (at most 2 MB by the API's limit), a document stays well
# under MongoDB's 16 MiB; measured on the sample articles, a stored document
# is ~14x its raw text (its tokens ~11x), so articles under ~90 KB spill nothing.
SPILL_BYTES = 1 << 20
# Compressed bytes per document_parts chunk: far under 16 MiB with its keys.
CHUNK_BYTES = 4 << 20
# How often a reader re-reads a document whose spilled parts were replaced
# while it read them (each re-read sees a newer, complete generation).
READ_ATTEMPTS = 5
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

_RANK_EXPR: dict[str, Any] = {
    "$switch": {
        "branches": [{"case": {"$eq": ["$status", s]}, "then": r} for s, r in STATUS_RANK.items()],
        "default": -1,
    }
}


def facet_key(facet: str, value: str) -> str:
    return f"{facet}{FACET_SEP}{value}"


def at_revision(revision: int) -> dict[str, Any]:
    """A filter for a document still at ``revision`` (documents stored before
    revisions were kept have none: that is revision 0)."""
    return {"revision": revision} if revision else {"revision": {"$in": [0, None]}}


class MongoStore(MongoFacts, Store):
    """``db=None`` takes the database named in the URI path, else ``docpipe``."""

    def __init__(self, uri: str, db: str | None = "docpipe", *, timeout_ms: int = 5000) -> None:
        self.uri = uri
        self.db_name = db
        self.timeout_ms = timeout_ms
        self._lock = threading.Lock()
        self._client: MongoClient[dict[str, Any]] | None = None
        self._pid: int | None = None

    # -- connection -----------------------------------------------------------------
    def _db(self) -> Database[dict[str, Any]]:
        pid = os.getpid()
        with self._lock:
            if self._client is None or self._pid != pid:
                # A MongoClient is not fork-safe: a child makes its own.
                self._client = MongoClient(self.uri, serverSelectionTimeoutMS=self.timeout_ms)
                self._pid = pid
            client = self._client
        wc = WriteConcern(w="majority", j=True)
        if self.db_name:
            return client.get_database(self.db_name, write_concern=wc)
        default = client.get_default_database(default="docpipe")
        return client.get_database(default.name, write_concern=wc)

    def _col(self, name: str) -> Collection[dict[str, Any]]:
        return self._db()[name]

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except ConnectionFailure as exc:
            raise StoreUnavailable(f"MongoDB is unreachable: {exc}") from exc

    def _call(self, fn: Callable[[], T]) -> T:
        with self._errors():
            return fn()

    # -- Store ------------------------------------------------------------------------
    def ensure_indexes(self) -> None:
        with self._errors():
            docs = self._col("documents")
            docs.create_index([("created_at", DESCENDING), ("_id", DESCENDING)], name="created")
            docs.create_index(
                [("status", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)], name="status_created"
            )
            docs.create_index(
                [("facets", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)], name="facets_created"
            )
            docs.create_index(
                [("published_date", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)],
                name="published_created",
            )
            docs.create_index([("status", ASCENDING), ("updated_at", ASCENDING)], name="status_updated")
            ensure_entity_doc_indexes(self._db())
            entities = self._col("entities")
            entities.create_index([("doc_id", ASCENDING), ("seq", ASCENDING)], name="doc_seq", unique=True)
            entities.create_index([("name", ASCENDING), ("type", ASCENDING)], name="name_type")
            entities.create_index([("adcode", ASCENDING)], name="adcode", sparse=True)
            entities.create_index([("industry", ASCENDING)], name="industry", sparse=True)
            metrics = self._col("metrics")
            metrics.create_index([("doc_id", ASCENDING), ("seq", ASCENDING)], name="doc_seq", unique=True)
            metrics.create_index([("measure", ASCENDING), ("unit", ASCENDING)], name="measure_unit")
            metrics.create_index([("subject", ASCENDING), ("period", ASCENDING)], name="subject_period")
            ensure_fact_indexes(self._col("facts"))
            self._col("document_parts").create_index(
                [("doc_id", ASCENDING), ("name", ASCENDING), ("gen", ASCENDING), ("seq", ASCENDING)],
                name="doc_name_gen_seq",
            )

    def insert_document(self, doc: Document) -> tuple[Document, bool]:
        columns, outputs = document_parts(doc)
        now = now_iso()
        record: dict[str, Any] = {
            **outputs,
            **columns,
            "metadata": columns["metadata"] or {},
            "raw_text": columns["raw_text"] or "",
            "status": Status(doc.status).value,
            "pipeline_version": doc.pipeline_version,
            "published_date": published_date(columns["published_at"]),
            "stages": dict(doc.stages),
            "timings_ms": dict(doc.timings_ms),
            "error": to_plain(doc.error) if doc.error else None,
            "facets": [],
            "created_at": doc.created_at or now,
            "updated_at": now,
            "revision": 0,
            "submitted": given_fields(doc),
        }
        docs = self._col("documents")
        with self._errors():
            _, refs = self._spill(doc.id, outputs)
            for name in refs:
                del record[name]
            record["parts"] = refs
            try:
                result = docs.update_one({"_id": doc.id}, {"$setOnInsert": record}, upsert=True)
                created = result.upserted_id is not None
            except DuplicateKeyError:
                created = False
            except InvalidDocument as exc:
                # BSON has no way to store a NUL in a key (a client's metadata
                # key can hold one): the client's to fix, not a server error.
                raise InvalidBody(f"the document cannot be stored in MongoDB: {exc}", id=doc.id) from exc
            if not created:
                self._drop_parts(doc.id, refs)  # written for a document that already existed
            stored = self._read(doc.id, None)
        assert stored is not None
        return _to_document(stored), created

    def get_document(self, doc_id: str, *, fields: AbcCollection[str] | None = None) -> Document | None:
        stored = self._call(lambda: self._read(doc_id, fields))
        return _to_document(stored) if stored is not None else None

    def update_metadata(
        self, doc_id: str, given: dict[str, Any], *, rerun_from: dict[str, str] | None = None
    ) -> MetadataUpdate | None:
        docs = self._col("documents")
        projection = {name: 1 for name in (*RESUBMIT_FIELDS, "submitted", "revision")}
        with self._errors():
            for _ in range(UPDATE_ATTEMPTS):
                stored = docs.find_one({"_id": doc_id}, projection)
                if stored is None:
                    return None
                changes = metadata_changes(given, stored, stored.get("submitted"))
                rerun = rerun_stages(changes, rerun_from)
                if not changes:
                    break
                revision = int(stored.get("revision") or 0)
                # The whole `submitted` object is written from what was read:
                # safe, because the write applies only at the revision read
                # and every change of `submitted` moves the revision.
                values: dict[str, Any] = {
                    **changes,
                    "submitted": {**(stored.get("submitted") or {}), **changes},
                    "revision": revision + 1,
                    "updated_at": now_iso(),
                }
                if "published_at" in changes:
                    values["published_date"] = published_date(changes["published_at"])
                update: dict[str, Any] = {"$set": values}
                if rerun:
                    values.update(status=Status.queued.value, error=None)
                    update["$unset"] = {f"stages.{check_name(n, 'stage')}": "" for n in rerun}
                if docs.update_one({"_id": doc_id, **at_revision(revision)}, update).matched_count:
                    break
            else:
                raise StoreUnavailable(f"{doc_id!r} kept changing under its re-submission; try again")
            current = self._read(doc_id, ())
        if current is None:
            return None
        updated = tuple(name for name in RESUBMIT_FIELDS if name in changes)
        return MetadataUpdate(updated=updated, rerun=rerun, document=_to_document(current))

    def requeue(self, doc_id: str, versions: dict[str, str], *, first: str | None = None) -> tuple[str, ...]:
        docs = self._col("documents")
        with self._errors():
            for _ in range(UPDATE_ATTEMPTS):
                stored = docs.find_one({"_id": doc_id}, {"stages": 1, "status": 1, "revision": 1})
                if stored is None or stored.get("status") not in FINAL_STATUSES:
                    return ()
                rerun = stale_stages(stored.get("stages") or {}, versions, first)
                if not rerun:
                    return ()
                revision = int(stored.get("revision") or 0)
                # Applied only at the revision and status read: nothing came between.
                update = {
                    "$set": {
                        "status": Status.queued.value,
                        "error": None,
                        "revision": revision + 1,
                        "updated_at": now_iso(),
                    },
                    "$unset": {f"stages.{check_name(n, 'stage')}": "" for n in rerun},
                }
                selector = {"_id": doc_id, "status": stored["status"], **at_revision(revision)}
                if docs.update_one(selector, update).matched_count:
                    return rerun
        raise StoreUnavailable(f"{doc_id!r} kept changing while being queued again; try again")

    def _read(self, doc_id: str, fields: AbcCollection[str] | None) -> dict[str, Any] | None:
        """The stored document with its spilled outputs put back (only those
        ``fields`` asks for)."""
        skip = unread_fields(fields)
        projection = {name: 0 for name in sorted(skip)} or None
        docs = self._col("documents")
        for _ in range(READ_ATTEMPTS):
            stored = docs.find_one({"_id": doc_id}, projection)
            if stored is None:
                return None
            refs = {n: r for n, r in (stored.get("parts") or {}).items() if r and n not in skip}
            loaded = self._load_parts(doc_id, refs)
            if loaded is not None:
                stored.update(loaded)
                return stored
        raise StoreUnavailable(f"the stored outputs of {doc_id!r} kept changing while being read; try again")

    # -- outputs stored out of the document --------------------------------------------
    def _spill(self, doc_id: str, outputs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the outputs small enough to stay in the document, {name: part
        reference} of those written to ``document_parts`` instead)."""
        inline: dict[str, Any] = {}
        refs: dict[str, Any] = {}
        chunks: list[dict[str, Any]] = []
        for name, value in outputs.items():
            if len(bson.encode({"v": value})) <= SPILL_BYTES:
                inline[name] = value
                continue
            data = zlib.compress(orjson.dumps(value), 1)
            gen = uuid.uuid4().hex
            pieces = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)]
            refs[name] = {"gen": gen, "chunks": len(pieces), "bytes": len(data)}
            chunks.extend(
                {
                    "_id": f"{doc_id}{FACET_SEP}{name}{FACET_SEP}{gen}{FACET_SEP}{seq}",
                    "doc_id": doc_id,
                    "name": name,
                    "gen": gen,
                    "seq": seq,
                    "data": Binary(piece),
                }
                for seq, piece in enumerate(pieces)
            )
        # One chunk per insert: a batch of them could pass the 48 MB message limit.
        col = self._col("document_parts")
        for chunk in chunks:
            col.insert_one(chunk)
        return inline, refs

    def _load_parts(self, doc_id: str, refs: dict[str, Any]) -> dict[str, Any] | None:
        """The values of spilled outputs; None when a generation is no longer
        complete (a newer one replaced it after the document was read)."""
        values: dict[str, Any] = {}
        col = self._col("document_parts")
        for name, ref in refs.items():
            rows = list(col.find({"doc_id": doc_id, "name": name, "gen": ref["gen"]}).sort("seq", ASCENDING))
            if len(rows) != ref["chunks"]:
                return None
            values[name] = orjson.loads(zlib.decompress(b"".join(bytes(r["data"]) for r in rows)))
        return values

    def _drop_parts(self, doc_id: str, refs: dict[str, Any]) -> None:
        for name, ref in refs.items():
            if ref:
                self._col("document_parts").delete_many({"doc_id": doc_id, "name": name, "gen": ref["gen"]})

    def set_status(
        self,
        doc_id: str,
        status: Status,
        *,
        error: StageError | None = None,
        only_from: frozenset[Status] | None = None,
        revision: int | None = None,
    ) -> bool:
        selector: dict[str, Any] = {"_id": doc_id}
        if only_from is not None:
            if not only_from:
                return False
            selector["status"] = {"$in": sorted(Status(s).value for s in only_from)}
        if revision is not None:
            selector.update(at_revision(revision))
        update = {
            "$set": {
                "status": Status(status).value,
                "error": to_plain(error) if error else None,
                "updated_at": now_iso(),
            }
        }
        result = self._call(lambda: self._col("documents").update_one(selector, update))
        return result.matched_count == 1

    def save_stage(
        self,
        doc_id: str,
        stage: str,
        version: str,
        fields: dict[str, Any],
        status: Status,
        timings_ms: dict[str, float] | None = None,
        *,
        revision: int | None = None,
        pipeline_version: str | None = None,
    ) -> bool:
        check_name(stage, "stage")
        columns, outputs = split_stage_fields(fields)
        status_value = Status(status).value
        plain_outputs = {name: to_plain(v) for name, v in outputs.items()}
        with self._errors():
            inline, refs = self._spill(doc_id, plain_outputs)
        # $literal: a value is data, never an expression or a "$field" path.
        values: dict[str, Any] = {name: {"$literal": v} for name, v in inline.items()}
        values.update({name: {"$literal": to_plain(v)} for name, v in columns.items()})
        if outputs:
            # An output written inline now replaces any spilled one (null ref).
            values["parts"] = {"$mergeObjects": ["$parts", {"$literal": {name: refs.get(name) for name in outputs}}]}
        if "published_at" in columns:
            values["published_date"] = {"$literal": published_date(columns["published_at"])}
        values.update(
            {
                "stages": {"$mergeObjects": ["$stages", {"$literal": {stage: version}}]},
                "timings_ms": {"$mergeObjects": ["$timings_ms", {"$literal": to_plain(timings_ms or {})}]},
                "pipeline_version": {"$literal": pipeline_version or version},
                # Never backwards in pipeline order (see common.STATUS_RANK).
                "status": {"$cond": [{"$gt": [_RANK_EXPR, new_rank(status_value)]}, "$status", status_value]},
                "updated_at": {"$literal": now_iso()},
            }
        )
        if status_value != Status.failed.value:
            values["error"] = {"$literal": None}
        pipeline: list[dict[str, Any]] = [{"$set": values}]
        if refs:
            pipeline.append({"$unset": sorted(refs)})
        docs = self._col("documents")
        selector = {"_id": doc_id, **(at_revision(revision) if revision is not None else {})}
        with self._errors():
            for _ in range(UPDATE_ATTEMPTS):
                # Which spilled generations this write replaces: read them,
                # then write only if the document still points at them.
                # (findAndModify's pre-image would say it in one call on
                # MongoDB, but a wire server that reads that image apart from
                # its write returns a stale one under concurrent writers, and
                # the generation really replaced is never deleted: see the
                # README, "MongoDB and the test server".)
                before = docs.find_one(selector, {"parts": 1})
                if before is None:
                    self._drop_parts(doc_id, refs)
                    if revision is not None and docs.find_one({"_id": doc_id}, {"_id": 1}):
                        return False  # changed by a re-submission since the stage read it
                    raise DocumentNotFound(f"no document {doc_id!r} to save stage {stage!r} into", id=doc_id)
                old = {n: r for n, r in (before.get("parts") or {}).items() if n in outputs and r}
                # {"parts.x.gen": None} matches a document with no spilled x.
                unchanged = {f"parts.{n}.gen": (old.get(n) or {}).get("gen") for n in outputs}
                if docs.update_one({**selector, **unchanged}, pipeline).matched_count:
                    break
            else:
                self._drop_parts(doc_id, refs)
                raise StoreUnavailable(f"{doc_id!r} kept changing while stage {stage!r} was saved; try again")
            self._drop_parts(doc_id, {n: r for n, r in old.items() if r["gen"] != (refs.get(n) or {}).get("gen")})
        return True

    def index_results(self, doc: Document, *, revision: int | None = None) -> bool:
        # Rows have deterministic ids (doc:seq): replacing them and deleting
        # the surplus converges to the document's rows however often it runs,
        # without a multi-document transaction (which needs a replica set).
        # The revision is checked before the rows are written and again by
        # the document's own update; a re-submission landing in between
        # leaves rows that the re-run's own index_results replaces before the
        # document is processed again.
        missing = missing_index_fields(doc)
        with self._errors():
            stored = self._col("documents").find_one(
                {"_id": doc.id}, {"created_at": 1, "revision": 1, **{name: 1 for name in missing}}
            )
        if stored is not None and missing:
            doc = with_fields(doc, {name: stored.get(name) for name in missing})
        entities = entity_rows(doc)
        metrics = metric_rows(doc)
        with self._errors():
            if stored is None:
                raise DocumentNotFound(f"no document {doc.id!r} to index", id=doc.id)
            if revision is not None and int(stored.get("revision") or 0) != revision:
                return False
            for name, rows in (("entities", entities), ("metrics", metrics), ("facts", fact_rows(doc))):
                col = self._col(name)
                if rows:
                    ops = [
                        ReplaceOne(
                            {"_id": f"{doc.id}:{i}"},
                            {**row, "doc_id": doc.id, "seq": i, "created_at": stored["created_at"]},
                            upsert=True,
                        )
                        for i, row in enumerate(rows)
                    ]
                    try:
                        col.bulk_write(ops, ordered=False)
                    except BulkWriteError as exc:
                        # A concurrent index_results of the same document
                        # inserted some rows first (the server retries such an
                        # upsert on _id itself, not when the unique
                        # (doc_id, seq) index is the one that reports it): the
                        # rows exist now, so once more replaces them.
                        if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                            raise
                        col.bulk_write(ops, ordered=False)
                col.delete_many({"doc_id": doc.id, "seq": {"$gte": len(rows)}})
            write_entity_docs(self._db(), doc, stored["created_at"])
            result = self._col("documents").update_one(
                {"_id": doc.id, **(at_revision(revision) if revision is not None else {})},
                {
                    "$set": {
                        "facets": sorted(facet_key(f, v) for f, v in facets(doc)),
                        "entity_count": len(entities),
                        "metric_count": len(metrics),
                    }
                },
            )
        return result.matched_count == 1 or revision is None

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

    def remember_idempotency_key(self, key: str, doc_id: str) -> str:
        col = self._col("idempotency_keys")
        with self._errors():
            try:
                col.update_one({"_id": key}, {"$setOnInsert": {"doc_id": doc_id, "created_at": now_iso()}}, upsert=True)
            except DuplicateKeyError:
                pass
            stored = col.find_one({"_id": key})
        assert stored is not None
        return str(stored["doc_id"])

    def idempotency_key_document(self, key: str) -> str | None:
        with self._errors():
            stored = self._col("idempotency_keys").find_one({"_id": key})
        return None if stored is None else str(stored["doc_id"])

    def ping(self) -> bool:
        try:
            self._db().client.admin.command("ping")
            return True
        except PyMongoError:
            return False

    def close(self) -> None:
        with self._lock:
            if self._client is not None and self._pid == os.getpid():
                self._client.close()
            self._client = None
            self._pid = None

    # -- additions beyond the base interface ------------------------------------------
    def count_documents(self, query: DocumentQuery | None = None) -> int:
        selector = self._filter(query or DocumentQuery())
        return int(self._call(lambda: self._col("documents").count_documents(selector)))

    def delete_all(self) -> None:
        with self._errors():
            for name in (
                "documents",
                "entities",
                "metrics",
                "facts",
                ENTITY_DOCS,
                ENTITY_SUMMARY,
                "idempotency_keys",
                "document_parts",
            ):
                self._col(name).delete_many({})

    def entities_of(self, doc_id: str) -> list[dict[str, Any]]:
        keys = ("type", "name", "text", "start", "end", "adcode", "industry", "sector", "attributes")
        rows = self._call(lambda: list(self._col("entities").find({"doc_id": doc_id}).sort("seq", ASCENDING)))
        return [{k: r.get(k) for k in keys} for r in rows]

    def metrics_of(self, doc_id: str) -> list[dict[str, Any]]:
        keys = ("text", "start", "end", "value", "value_max", "unit", "qualifier", "measure", "subject", "period")
        rows = self._call(lambda: list(self._col("metrics").find({"doc_id": doc_id}).sort("seq", ASCENDING)))
        return [{k: r.get(k) for k in keys} for r in rows]


def _to_document(stored: dict[str, Any]) -> Document:
    data = {k: v for k, v in stored.items() if k not in _INTERNAL}
    data["id"] = stored["_id"]
    if stored.get("revision"):
        data["revision"] = stored["revision"]  # see common.revision_of
    return Document.model_validate(data)
