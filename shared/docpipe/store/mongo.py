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

The parts, by what they do: ``mongo_connection`` (the client, errors),
``mongo_schema`` (indexes), ``mongo_parts`` (outputs stored out of the
document), ``mongo_documents`` (the document list), ``mongo_indexing``
(``index_results``), ``facts_mongo`` and ``entities_mongo`` (the facts and
entity collections); this module the document writes.
"""

from __future__ import annotations

from collections.abc import Collection as AbcCollection
from typing import Any

from bson.errors import InvalidDocument
from pymongo.errors import DuplicateKeyError

from ..document import Document, StageError, Status
from ..errors import DocumentNotFound, InvalidBody, StoreUnavailable
from .base import MetadataUpdate, Store
from .common import (
    FINAL_STATUSES,
    RESUBMIT_FIELDS,
    STATUS_RANK,
    check_name,
    document_parts,
    given_fields,
    metadata_changes,
    new_rank,
    now_iso,
    published_date,
    rerun_stages,
    split_stage_fields,
    stale_stages,
    to_plain,
)
from .entities_mongo import COLLECTION as ENTITY_DOCS
from .entities_mongo import SUMMARY as ENTITY_SUMMARY
from .entities_mongo import TAGS as ENTITY_SUMMARY_TAGS
from .facts_mongo import MongoFacts
from .mongo_connection import at_revision
from .mongo_documents import MongoDocumentQueries
from .mongo_indexing import MongoIndexing
from .mongo_parts import MongoParts
from .mongo_schema import ensure_mongo_indexes

# Keys on a stored document that are the store's own, not Document fields.
_INTERNAL = ("_id", "facets", "published_date", "entity_count", "metric_count", "parts", "revision", "submitted")
# How often update_metadata (save_stage) tries again when another
# re-submission (another write of the same outputs) of the same document
# wrote between its read and its write.
UPDATE_ATTEMPTS = 20

_RANK_EXPR: dict[str, Any] = {
    "$switch": {
        "branches": [{"case": {"$eq": ["$status", s]}, "then": r} for s, r in STATUS_RANK.items()],
        "default": -1,
    }
}


class MongoStore(MongoIndexing, MongoDocumentQueries, MongoParts, MongoFacts, Store):
    """The Store on MongoDB (its client: ``MongoConnection``)."""

    # -- Store ------------------------------------------------------------------------
    def ensure_indexes(self) -> None:
        with self._errors():
            ensure_mongo_indexes(self._db())

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

    # -- additions beyond the base interface ------------------------------------------
    def delete_all(self) -> None:
        with self._errors():
            for name in (
                "documents",
                "entities",
                "metrics",
                "facts",
                ENTITY_DOCS,
                ENTITY_SUMMARY,
                ENTITY_SUMMARY_TAGS,
                "idempotency_keys",
                "document_parts",
            ):
                self._col(name).delete_many({})


def _to_document(stored: dict[str, Any]) -> Document:
    data = {k: v for k, v in stored.items() if k not in _INTERNAL}
    data["id"] = stored["_id"]
    if stored.get("revision"):
        data["revision"] = stored["revision"]  # see common.revision_of
    return Document.model_validate(data)
