"""The embedded store's connection: one per process (reopened after a
fork) shared by the process's threads under a lock, WAL mode, short
``BEGIN IMMEDIATE`` write transactions, and a checkpoint thread per writing
process (see ``sqlite.py`` for why)."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import store_waits
from ..errors import StoreUnavailable
from .sqlite_schema import create_schema

log = logging.getLogger(__name__)


class SqliteConnection:
    """What every part of ``SqliteStore`` reads and writes through."""

    # A writing process checkpoints the WAL from a thread of its own, every
    # this many seconds, so no commit on the document path pays for it (see
    # _connect); the connection's own autocheckpoint is only a backstop.
    CHECKPOINT_EVERY_S = 1.0
    AUTOCHECKPOINT_BACKSTOP_PAGES = 50_000  # ~200 MB of WAL

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        synchronous: str = "NORMAL",
        timeout_s: float = 60.0,
        wait_warn_s: float = 5.0,
    ) -> None:
        # synchronous=NORMAL in WAL mode: a commit survives any process crash
        # (the WAL is written before commit returns); only an OS crash or power
        # loss can drop the last commits. FULL adds an fsync per commit.
        if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"invalid synchronous mode {synchronous!r}")
        self.path = Path(path)
        self.synchronous = synchronous.upper()
        self.timeout_s = timeout_s  # the longest wait for the write lock
        self.wait_warn_s = min(wait_warn_s, timeout_s)  # SQLite's busy timeout: one step of that wait
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._schema_ready = False
        self._checkpointer: threading.Thread | None = None
        self._checkpointer_pid: int | None = None
        self._stop_checkpointer = threading.Event()
        self.checkpoints = 0  # background checkpoints run by this process

    # -- connection ---------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self.wait_warn_s,
                isolation_level=None,  # autocommit; transactions are explicit
                check_same_thread=False,  # shared by threads under self._lock
            )
            # One step of a wait for the lock (_begin waits step by step, up
            # to timeout_s, so that a long wait is seen while it lasts).
            conn.execute(f"PRAGMA busy_timeout = {int(self.wait_warn_s * 1000)}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreUnavailable(f"the store could not enter WAL mode (got {mode})")
            conn.execute(f"PRAGMA synchronous = {self.synchronous}")
            # Checkpoints (WAL -> database, with fsyncs) run in the commit that
            # crosses the autocheckpoint size: with the default 1000 pages every
            # ~1000 documents one writer stalled, and at 10000 pages a stage
            # save still took 80 ms once per ~300 documents (the p99 of the
            # message path). A background thread checkpoints instead
            # (_checkpoint_loop); this is the backstop if it falls behind. The
            # WAL is cut back to 64 MB after a checkpoint.
            conn.execute(f"PRAGMA wal_autocheckpoint = {self.AUTOCHECKPOINT_BACKSTOP_PAGES}")
            conn.execute(f"PRAGMA journal_size_limit = {64 * 1024 * 1024}")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the store at {self.path}: {exc}") from exc
        return conn

    def _connection(self) -> sqlite3.Connection:
        pid = os.getpid()
        if self._conn is None or self._pid != pid:
            # A connection inherited through fork must never be used in the
            # child (SQLite's locks are per process): drop it without closing.
            self._conn = self._connect()
            self._pid = pid
            if not self._schema_ready:
                self._create_schema(self._conn)
        return self._conn

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        with self._write(conn):
            create_schema(conn)
        self._schema_ready = True

    @contextmanager
    def _write(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """A short write transaction holding the write lock from its start."""
        self._begin(conn)
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _begin(self, conn: sqlite3.Connection) -> None:
        """``BEGIN IMMEDIATE``, waiting for the write lock up to ``timeout_s``
        in steps of SQLite's busy timeout (``wait_warn_s``). SQLite's busy
        handler sleeps inside the C call and says nothing: a 75 s lock held
        by another connection went unlogged. Each step that ends without the
        lock is logged and the write counted once (``docpipe.store_waits``);
        past ``timeout_s`` the ``database is locked`` error goes up (the
        caller's ``StoreUnavailable``, retried by the task)."""
        t0 = time.monotonic()
        steps = 0
        while True:
            t_try = time.monotonic()
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                waited = time.monotonic() - t0
                if getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_BUSY:
                    raise
                if waited >= self.timeout_s:
                    store_waits.timed_out(waited)
                    raise
                if waited >= (steps + 1) * self.wait_warn_s:
                    steps += 1
                    store_waits.waiting(waited, self.timeout_s, first=steps == 1)
                if time.monotonic() - t_try < 0.01:
                    # SQLite answered busy without waiting (it may skip its
                    # busy handler): do not spin.
                    time.sleep(0.01)
        if steps:
            store_waits.waited(time.monotonic() - t0)

    def _start_checkpointer(self) -> None:
        """One checkpoint thread per writing process (started on its first
        write; a forked child starts its own)."""
        pid = os.getpid()
        if self._checkpointer_pid == pid and self._checkpointer is not None and self._checkpointer.is_alive():
            return
        self._stop_checkpointer = threading.Event()
        self._checkpointer = threading.Thread(
            target=self._checkpoint_loop, args=(self._stop_checkpointer,), name="sqlite-checkpoint", daemon=True
        )
        self._checkpointer_pid = pid
        self._checkpointer.start()

    def _checkpoint_loop(self, stop: threading.Event) -> None:
        conn: sqlite3.Connection | None = None
        while not stop.wait(self.CHECKPOINT_EVERY_S):
            try:
                if conn is None:
                    # Opened after the first wait: by then the writer that
                    # started this thread has created the file in WAL mode.
                    conn = sqlite3.connect(
                        self.path, timeout=self.timeout_s, isolation_level=None, check_same_thread=False
                    )
                # PASSIVE: copies what it can without waiting for readers or
                # writers (other processes' checkpoints included) and never
                # blocks a commit. sqlite3 releases the GIL while it works.
                busy, wal_pages, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if not busy and wal_pages > 0:
                    self.checkpoints += 1
            except sqlite3.Error as exc:
                # Try again next time on a fresh connection; meanwhile the
                # commits' autocheckpoint backstop still bounds the WAL.
                log.debug("checkpoint of %s failed: %s", self.path, exc)
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        if self._checkpointer_pid != os.getpid():
            self._start_checkpointer()
        with self._lock:
            conn = self._connection()
            try:
                with self._write(conn):
                    yield conn
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"store write failed: {exc}") from exc

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._connection()
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"store read failed: {exc}") from exc

    def close(self) -> None:
        self._stop_checkpointer.set()
        if self._checkpointer is not None and self._checkpointer_pid == os.getpid():
            self._checkpointer.join(timeout=5)
        self._checkpointer = None
        self._checkpointer_pid = None
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None
            self._pid = None
