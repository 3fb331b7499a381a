"""Choosing and opening the store.

``get_store()`` is what the API, the workers and the CLI call: MongoDB when
``MONGODB_URI`` is set (database: MONGODB_DB if set, else the URI's path, else
``docpipe``), else the embedded SQLite store at
``DOCPIPE_STORE_PATH`` (default ``<var_dir>/docpipe.sqlite3``). One store per
process; after a fork the child gets its own (a SQLite connection or a
MongoClient must not cross a fork).

``open_store(location)`` opens a new, uncached store: a ``mongodb://`` or
``mongodb+srv://`` URI (database from the URI path, else MONGODB_DB), or a
file path for SQLite.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .. import settings as _settings
from .base import DocumentQuery, Page, Store

__all__ = ["DocumentQuery", "Page", "Store", "get_store", "open_store", "reset_store"]

_lock = threading.Lock()
_cached: tuple[int, Store] | None = None


def open_store(location: str | os.PathLike[str]) -> Store:
    text = str(location)
    if text.startswith(("mongodb://", "mongodb+srv://")):
        from .mongo import MongoStore

        return MongoStore(text, None)
    from .sqlite import SqliteStore

    return SqliteStore(Path(text))


def _default_store() -> Store:
    mongo = _settings.mongo()
    if mongo.mongodb_uri:
        from .mongo import MongoStore

        # MONGODB_DB when it is set; else the database in the URI's path, else docpipe
        # (its default must not hide a database the URI names).
        db = mongo.mongodb_db if "mongodb_db" in mongo.model_fields_set else None
        return MongoStore(mongo.mongodb_uri, db, timeout_ms=mongo.mongodb_timeout_ms)
    from .sqlite import SqliteStore

    st = _settings.store()
    path = st.path or (_settings.paths().var_dir / "docpipe.sqlite3")
    return SqliteStore(path, timeout_s=st.timeout_s, wait_warn_s=st.wait_warn_s)


def get_store(settings: object | None = None) -> Store:
    """The process's store, created on first use with indexes ensured.

    ``settings`` is accepted for call-site symmetry and ignored: the store is
    chosen from the environment settings (``docpipe.settings``).
    """
    global _cached
    pid = os.getpid()
    with _lock:
        if _cached is not None and _cached[0] == pid:
            return _cached[1]
        store = _default_store()
        store.ensure_indexes()
        _cached = (pid, store)
        return store


def reset_store() -> None:
    """Forget the cached store (closing it in the process that opened it);
    for tests that change the environment."""
    global _cached
    with _lock:
        if _cached is not None and _cached[0] == os.getpid():
            _cached[1].close()
        _cached = None
