"""Shared fixtures: a real Redis server and real stores, no mocks.

- ``redis_server`` (session): the bundled redis-server on a free port in a
  temporary directory; ``.url`` for clients and Celery.
- ``redis_client``: a ``redis.Redis`` on it (``decode_responses=True``), the
  database flushed before each test.
- ``sqlite_store``: a fresh SqliteStore in ``tmp_path``.
- ``mongodb_uri`` (session): ``MONGODB_URI`` when set, else SecantusDB's
  MongoDB wire-protocol server (``secantusd-py``, the dev extra) started on a
  free 127.0.0.1 port with its data in a temporary directory. Not installed
  means the tests that need it fail, saying so: MongoDB is never skipped.
- ``store``: parametrised over the embedded SQLite store and MongoDB (that
  server; a throwaway database per test).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
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


# The test server's settings, written to its own file: --config also stops it
# reading a secantusd.toml from the working directory, ~/.secantus or /etc.
# Its defaults are port 27017 and ./secantus-data, a 1 GB cache and (like
# mongod) no auth: here loopback only, a free port, a temporary data
# directory, a cache sized for a shared 2-core machine. Left at the default:
# it advertises itself as the primary of a one-node replica set "secantus"
# (what pymongo needs for transactions and change streams), and the journal
# is on but fsynced only for writes that ask for j:true, as the store does.
_SECANTUS_TOML = """\
[server]
host = "127.0.0.1"
port = {port}
storage_path = "{data}"
log_level = "WARNING"
auth = false

[storage]
cache_size = "256M"
"""


def _secantusd() -> str:
    """The server's command, beside this interpreter (the venv) or on PATH."""
    here = Path(sys.executable).with_name("secantusd-py")
    found = str(here) if here.exists() else shutil.which("secantusd-py")
    if not found:
        pytest.fail(
            "secantusd-py not found: the MongoDB tests run on SecantusDB's wire server "
            "(secantusdb, in the dev extra: `make install`), or set MONGODB_URI to a MongoDB",
            pytrace=False,
        )
    return found


def _start_secantus(base: Path) -> tuple[subprocess.Popen[bytes], str]:
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    from docpipe.embedded import die_with_parent_process, free_port

    command = _secantusd()
    # Test-mode switches of its own that would change durability under us.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECANTUS_")}
    for attempt in range(3):  # a free port can be taken before the server binds it
        port = free_port()
        run = base / f"run{attempt}"
        run.mkdir()
        config = run / "secantusd.toml"
        config.write_text(_SECANTUS_TOML.format(port=port, data=run / "data"), encoding="utf-8")
        with open(run / "secantusd.log", "wb") as log:
            proc = subprocess.Popen(
                [command, "--config", str(config)],
                cwd=run,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=die_with_parent_process,
            )
        uri = f"mongodb://127.0.0.1:{port}/"
        client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=500, directConnection=True)
        try:
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                try:
                    client.admin.command("ping")
                    return proc, uri
                except PyMongoError:
                    time.sleep(0.1)
        finally:
            client.close()
        _stop(proc)
    log_tail = (run / "secantusd.log").read_text(encoding="utf-8", errors="replace")[-2000:]
    pytest.fail(f"secantusd-py did not start (exit {proc.returncode}); its log ends:\n{log_tail}", pytrace=False)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # it checkpoints and closes WiredTiger
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="session")
def mongodb_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A MongoDB for the whole session: ``MONGODB_URI`` if set, else one
    SecantusDB server (see the module docstring)."""
    if os.environ.get("MONGODB_URI"):
        yield os.environ["MONGODB_URI"]
        return
    proc, uri = _start_secantus(tmp_path_factory.mktemp("secantus"))
    try:
        yield uri
    finally:
        _stop(proc)


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
