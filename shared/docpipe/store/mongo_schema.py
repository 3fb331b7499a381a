"""The MongoDB store's indexes (``MongoStore.ensure_indexes``): what every
query needs, created idempotently from every process."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

from .entities_mongo import ensure_entity_doc_indexes
from .facts_mongo import ensure_fact_indexes


def ensure_mongo_indexes(db: Database[dict[str, Any]]) -> None:
    docs = db["documents"]
    docs.create_index([("created_at", DESCENDING), ("_id", DESCENDING)], name="created")
    docs.create_index([("status", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)], name="status_created")
    docs.create_index([("facets", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)], name="facets_created")
    docs.create_index(
        [("published_date", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)],
        name="published_created",
    )
    docs.create_index([("status", ASCENDING), ("updated_at", ASCENDING)], name="status_updated")
    ensure_entity_doc_indexes(db)
    entities = db["entities"]
    entities.create_index([("doc_id", ASCENDING), ("seq", ASCENDING)], name="doc_seq", unique=True)
    entities.create_index([("name", ASCENDING), ("type", ASCENDING)], name="name_type")
    entities.create_index([("adcode", ASCENDING)], name="adcode", sparse=True)
    entities.create_index([("industry", ASCENDING)], name="industry", sparse=True)
    metrics = db["metrics"]
    metrics.create_index([("doc_id", ASCENDING), ("seq", ASCENDING)], name="doc_seq", unique=True)
    metrics.create_index([("measure", ASCENDING), ("unit", ASCENDING)], name="measure_unit")
    metrics.create_index([("subject", ASCENDING), ("period", ASCENDING)], name="subject_period")
    ensure_fact_indexes(db["facts"])
    db["document_parts"].create_index(
        [("doc_id", ASCENDING), ("name", ASCENDING), ("gen", ASCENDING), ("seq", ASCENDING)],
        name="doc_name_gen_seq",
    )
