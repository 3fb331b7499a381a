"""Shared fixtures: a real Redis server and real stores, no mocks.

- ``redis_server`` (session): the bundled redis-server on a free port in a
  temporary directory; ``.url`` for clients and Celery.
- ``redis_client``: a ``redis.Redis`` on it (``decode_responses=True``), the
  database flushed before each test.
- ``sqlite_store``: a fresh SqliteStore in ``tmp_path``.
- ``mongodb_uri`` (session): ``MONGODB_URI`` when set, else SecantusDB's
  MongoDB wire-protocol server (``secantusd-py``, the dev extra) started on a
  free 127.0.0.1 port with its data in a temporary directory (started by
  ``bench.wire_server``, which the benchmarks use too). Not installed
  means the tests that need it fail, saying so: MongoDB is never skipped.
- ``store``: parametrised over the embedded SQLite store and MongoDB (that
  server; a throwaway database per test).
"""

from __future__ import annotations

import os
import subprocess
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
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    from docpipe.embedded import RedisServer

    server = RedisServer(port=None, data_dir=tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    import redis

    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    client.flushdb()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    from docpipe.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "docpipe.sqlite3")
    store.ensure_indexes()
    try:
        yield store
    finally:
        store.close()


def _start_secantus(base: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The wire server (``bench.wire_server``, shared with the benchmarks);
    not installed or not starting fails the test, saying why."""
    from bench import wire_server

    try:
        return wire_server.start(base)
    except wire_server.WireServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def mongodb_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A MongoDB for the whole session: ``MONGODB_URI`` if set, else one
    SecantusDB server (see the module docstring)."""
    if os.environ.get("MONGODB_URI"):
        yield os.environ["MONGODB_URI"]
        return
    from bench import wire_server

    proc, uri = _start_secantus(tmp_path_factory.mktemp("secantus"))
    try:
        yield uri
    finally:
        wire_server.stop(proc)


@pytest.fixture(params=["sqlite", "mongo"])
def store_backend(request: pytest.FixtureRequest) -> str:
    """Which engine the ``store`` fixture uses; also lets a test build more
    handles on the same data (see ``store_location``)."""
    return request.param


@pytest.fixture
def store_location(store_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """What ``open_store`` takes to reach the test's store: a SQLite path or a
    MongoDB URI with a throwaway database name as its path."""
    if store_backend == "sqlite":
        yield str(tmp_path / "docpipe.sqlite3")
        return
    from pymongo import MongoClient

    uri = request.getfixturevalue("mongodb_uri")  # started only when a MongoDB test runs
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
def store(store_location: str) -> Iterator[Store]:
    from docpipe.store import open_store

    s = open_store(store_location)
    s.ensure_indexes()
    try:
        yield s
    finally:
        s.close()
