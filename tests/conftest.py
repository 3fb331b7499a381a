"""Shared fixtures: a real Redis server and real stores, no mocks.

- ``redis_server`` (session): the bundled redis-server on a free port in a
  temporary directory; ``.url`` for clients and Celery.
- ``redis_client``: a ``redis.Redis`` on it (``decode_responses=True``), the
  database flushed before each test.
- ``sqlite_store``: a fresh SqliteStore in ``tmp_path``.
- ``store``: parametrised over the embedded SQLite store and, when
  ``MONGODB_URI`` is set, MongoDB (a throwaway database per test).
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import redis

    from docpipe.embedded import RedisServer
    from docpipe.store.base import Store


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator["RedisServer"]:
    from docpipe.embedded import RedisServer

    server = RedisServer(port=None, data_dir=tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_client(redis_server: "RedisServer") -> Iterator["redis.Redis"]:
    import redis

    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    client.flushdb()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator["Store"]:
    from docpipe.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "docpipe.sqlite3")
    store.ensure_indexes()
    try:
        yield store
    finally:
        store.close()


def _store_params() -> list:
    mongo = pytest.param(
        "mongo",
        marks=pytest.mark.skipif(not os.environ.get("MONGODB_URI"), reason="MONGODB_URI is not set"),
    )
    return ["sqlite", mongo]


@pytest.fixture(params=_store_params())
def store_backend(request: pytest.FixtureRequest) -> str:
    """Which engine the ``store`` fixture uses; also lets a test build more
    handles on the same data (see ``store_location``)."""
    return request.param


@pytest.fixture
def store_location(store_backend: str, tmp_path: Path) -> Iterator[str]:
    """What ``open_store`` takes to reach the test's store: a SQLite path or a
    MongoDB URI with a throwaway database name as its path."""
    if store_backend == "sqlite":
        yield str(tmp_path / "docpipe.sqlite3")
        return
    from pymongo import MongoClient

    uri = os.environ["MONGODB_URI"]
    db = f"docpipe_test_{uuid.uuid4().hex[:12]}"
    yield _with_database(uri, db)
    client: MongoClient = MongoClient(uri)
    try:
        client.drop_database(db)
    finally:
        client.close()


def _with_database(uri: str, db: str) -> str:
    """Put ``db`` in the URI's path, keeping host list and options."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(uri)
    return urlunsplit((parts.scheme, parts.netloc, "/" + db, parts.query, parts.fragment))


@pytest.fixture
def store(store_location: str) -> Iterator["Store"]:
    from docpipe.store import open_store

    s = open_store(store_location)
    s.ensure_indexes()
    try:
        yield s
    finally:
        s.close()
