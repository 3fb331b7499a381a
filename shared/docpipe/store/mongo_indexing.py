"""The cross-document rows of the MongoDB store: ``index_results`` writes a
document's entity, metric, fact and entity-document rows (deterministic ids,
replaced, the surplus deleted: it converges without a transaction) and its
facets and counts."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING

from ..document import Document
from ..errors import DocumentNotFound
from .common import (
    entity_rows,
    facets,
    metric_rows,
    missing_index_fields,
    with_fields,
)
from .entities_mongo import write_entity_docs
from .facts import fact_rows
from .mongo_connection import MongoConnection, at_revision, replace_doc_rows
from .mongo_documents import facet_key


class MongoIndexing(MongoConnection):
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
                replace_doc_rows(self._col(name), doc.id, rows, stored["created_at"])
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

    def entities_of(self, doc_id: str) -> list[dict[str, Any]]:
        keys = ("type", "name", "text", "start", "end", "adcode", "industry", "sector", "attributes")
        rows = self._call(lambda: list(self._col("entities").find({"doc_id": doc_id}).sort("seq", ASCENDING)))
        return [{k: r.get(k) for k in keys} for r in rows]

    def metrics_of(self, doc_id: str) -> list[dict[str, Any]]:
        keys = ("text", "start", "end", "value", "value_max", "unit", "qualifier", "measure", "subject", "period")
        rows = self._call(lambda: list(self._col("metrics").find({"doc_id": doc_id}).sort("seq", ASCENDING)))
        return [{k: r.get(k) for k in keys} for r in rows]
