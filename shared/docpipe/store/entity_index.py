"""The entity reads (``entities.EntityIndex``) of a store, by engine: apart
from ``entities`` so that module imports no engine (the engines import it)."""

from __future__ import annotations

from .base import Store
from .entities import EntityIndex
from .entities_mongo import MongoEntityIndex
from .entities_sqlite import SqliteEntityIndex
from .sqlite import SqliteStore


def entity_index(store: Store) -> EntityIndex:
    if isinstance(store, SqliteStore):
        return SqliteEntityIndex(store)
    return MongoEntityIndex(store)  # type: ignore[arg-type]
