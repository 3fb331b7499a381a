"""`docpipe submit --wait`'s event follower (httpx-sse over GET /events)
survives a dropped connection: it reconnects with Last-Event-ID and gets the
event published while it was cut off.

Real parts: the session stack's API and Redis; between the follower and the
API a small TCP relay of this test, which can cut every connection and
refuse new ones (what an API restart or a proxy's idle cut does).
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from typing import Any

import httpx
import pytest
from conftest import Stack  # tests/integration/conftest.py

from docpipe.cli_service import _EventWaiter
from docpipe.document import Document, Status
from docpipe.events import make_event, publish

pytestmark = pytest.mark.integration


class Relay:
    """Forwards 127.0.0.1:<port> to ``target``; records each connection's
    first bytes from the client (its request head)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.heads: list[bytes] = []
        self.refused = 0
        self.refusing = threading.Event()
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            if self.refusing.is_set():
                self.refused += 1
                conn.close()
                continue
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._open += [conn, upstream]
            threading.Thread(target=self._pipe, args=(conn, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, conn, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, record: bool) -> None:
        try:
            while data := src.recv(65536):
                if record:
                    self.heads.append(data)
                    record = False
                dst.sendall(data)
        except OSError:
            pass
        finally:
            _close(src, dst)

    def cut(self) -> None:
        with self._lock:
            sockets, self._open = self._open, []
        _close(*sockets)

    def close(self) -> None:
        self.cut()
        self.listener.close()


def _close(*sockets: socket.socket) -> None:
    for s in sockets:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def _event(subject: str) -> dict[str, Any]:
    doc = Document(id=subject, status=Status.processed, pipeline_version="test", title="重连测试")
    return make_event(doc, "processed", "http://test")  # type: ignore[arg-type]


def _until(check: Any, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_follower_resumes_with_last_event_id_after_a_cut(stack: Stack) -> None:
    host, port = stack.api_url.removeprefix("http://").split(":")
    relay = Relay((host, int(port)))
    client = httpx.Client(base_url=f"http://127.0.0.1:{relay.port}", timeout=10)
    r = stack.redis()
    try:
        waiter = _EventWaiter(client)
        waiter.start()
        before = f"before-{uuid.uuid4().hex}"
        before_sid = publish(r, _event(before))
        _until(lambda: before in waiter.final, 30, "the event before the cut")

        relay.refusing.set()
        relay.cut()
        during = f"during-{uuid.uuid4().hex}"
        publish(r, _event(during))  # while the follower has no connection
        _until(lambda: relay.refused >= 1, 30, "a reconnection attempt")
        relay.refusing.clear()

        _until(lambda: during in waiter.final, 30, "the event published during the cut")
        assert waiter.error is None, waiter.error
        assert waiter.final[during] == "processed"
        # The connection that got it asked to resume after the last event seen.
        assert len(relay.heads) == 2, relay.heads
        assert f"last-event-id: {before_sid}".encode() in relay.heads[1].lower()
        assert b"last-event-id" not in relay.heads[0].lower()
    finally:
        client.close()
        relay.close()


def test_keep_alives_hold_the_follower_past_its_read_timeout(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """The follower counts a connection silent for four keep-alive intervals
    as lost. Told here that the interval is 5 s (read timeout 20 s) while the
    stack's API sends one every 15 s, it sits idle 25 s on one connection:
    the keep-alives, not events, kept it open."""
    from docpipe import settings

    server_keepalive_s = settings.events().keepalive_s
    monkeypatch.setenv("DOCPIPE_EVENTS_KEEPALIVE_S", "5")
    settings.events.cache_clear()
    host, port = stack.api_url.removeprefix("http://").split(":")
    relay = Relay((host, int(port)))
    client = httpx.Client(base_url=f"http://127.0.0.1:{relay.port}", timeout=10)
    try:
        read_timeout_s = settings.events().keepalive_s * 4
        assert server_keepalive_s < read_timeout_s < 25  # without keep-alives it would have reconnected
        waiter = _EventWaiter(client)
        waiter.start()
        time.sleep(25)
        subject = f"idle-{uuid.uuid4().hex}"
        publish(stack.redis(), _event(subject))
        _until(lambda: subject in waiter.final, 30, "the event after the idle time")
        assert waiter.error is None, waiter.error
        assert len(relay.heads) == 1, relay.heads  # one connection throughout
    finally:
        client.close()
        relay.close()
        monkeypatch.delenv("DOCPIPE_EVENTS_KEEPALIVE_S")
        settings.events.cache_clear()
