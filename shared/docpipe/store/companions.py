"""Companion objects kept beside a store: one per store object and engine.

Corrections and API keys live in their own table (SQLite) or collection
(MongoDB) next to the documents, each with an engine-specific class; this
picks the class for the store's engine and keeps one instance per store
object (weakly, so a closed store is not held). ``SqliteCompanion`` is what
the SQLite classes share: their table made on first use.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ..errors import StoreUnavailable
from .base import Store

T = TypeVar("T")


class SqliteCompanion:
    """A companion on a SQLite store's connection whose table (``SCHEMA``,
    statements run once per object) is created on first use, so the
    store's own schema stays as it is."""

    SCHEMA: tuple[str, ...] = ()

    def __init__(self, store: Any) -> None:
        self.store = store
        self._ready = False
        self._lock = threading.Lock()

    def _schema(self) -> None:
        with self._lock:
            if self._ready:
                return
            with self.store._tx() as conn:
                for statement in self.SCHEMA:
                    conn.execute(statement)
            self._ready = True


class Companions(Generic[T]):
    """``companions(store)``: the ``T`` kept with ``store``."""

    def __init__(self, what: str, sqlite: Callable[[Any], T], mongo: Callable[[Any], T]) -> None:
        self.what = what
        self.sqlite = sqlite
        self.mongo = mongo
        self._cache: weakref.WeakKeyDictionary[Store, T] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def __call__(self, store: Store) -> T:
        with self._lock:
            hit = self._cache.get(store)
            if hit is not None:
                return hit
            # The engines import lazily: they import this package's modules.
            from .sqlite import SqliteStore

            if isinstance(store, SqliteStore):
                impl = self.sqlite(store)
            else:
                from .mongo import MongoStore

                if not isinstance(store, MongoStore):
                    raise StoreUnavailable(f"no {self.what} for a {type(store).__name__}")
                impl = self.mongo(store)
            self._cache[store] = impl
            return impl
