"""Subscriptions that stay up: an SSE client and a ``docpipe events --follow
--group`` consumer left idle for ``IDLE_S`` (30 s by default) both receive
the next event, once; many SSE clients share one stream reader; a follower
survives a Redis restart; an out-of-range Last-Event-ID is a 400 problem.

Real processes throughout: the API of the session stack, the CLI as a
subprocess, an embedded Redis of its own for the restart test.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from conftest import Stack, free_port  # tests/integration/conftest.py
from httpx_sse import aconnect_sse, connect_sse

from docpipe.document import Document, Status
from docpipe.events import make_event, publish

pytestmark = pytest.mark.integration

IDLE_S = float(os.environ.get("DOCPIPE_TEST_IDLE_S", "30"))


def _event(subject: str) -> dict[str, Any]:
    doc = Document(id=subject, status=Status.processed, pipeline_version="test", title="订阅测试")
    return make_event(doc, "processed", "http://test")  # type: ignore[arg-type]


class SseListener(threading.Thread):
    """Reads GET /events with httpx-sse: the first message's id (the starting
    position), the messages without data that keep-alive comments make
    (httpx-sse hands on one per blank line once an id was seen), and every
    data event (id, subject)."""

    def __init__(self, api_url: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(daemon=True)
        self.api_url, self.headers = api_url, headers or {}
        self.subscribed = threading.Event()
        self.start_id: str | None = None
        self.heartbeats = 0
        self.events: list[tuple[str, str]] = []
        self.error: BaseException | None = None
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            timeout = httpx.Timeout(10, read=IDLE_S + 60)
            with (
                httpx.Client(base_url=self.api_url, timeout=timeout) as c,
                connect_sse(c, "GET", "/events", headers=self.headers) as source,
            ):
                assert source.response.status_code == 200, source.response.read()
                for message in source.iter_sse():
                    if self.stop.is_set():
                        return
                    if message.data:
                        self.events.append((message.id, orjson.loads(message.data)["subject"]))
                    elif self.start_id is None:
                        self.start_id = message.id
                        self.subscribed.set()
                    else:
                        self.heartbeats += 1
        except BaseException as exc:  # noqa: BLE001 - asserted by the test
            self.error = exc
            self.subscribed.set()


def _wait(check: Any, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_idle_sse_and_group_consumer_receive_the_next_event_once(stack: Stack, tmp_path: Path) -> None:
    sse = SseListener(stack.api_url)
    sse.start()
    assert sse.subscribed.wait(20) and sse.error is None, sse.error
    assert sse.start_id and sse.start_id.count("-") == 1  # the position to resume from, before any event

    group = f"idle-{uuid.uuid4().hex[:8]}"
    out = (tmp_path / "follow.out").open("wb")
    err_path = tmp_path / "follow.err"
    follower = subprocess.Popen(
        [sys.executable, "-m", "docpipe.cli", "events", "--follow", "--group", group, "--from", "$"],
        stdout=out,
        stderr=err_path.open("wb"),
        env={**os.environ, "REDIS_URL": stack.redis_url},
    )
    try:
        r = stack.redis()
        _wait(lambda: any(g["name"] == group for g in _groups(r)), 20, "the consumer group")

        time.sleep(IDLE_S)  # nothing is published: both subscriptions sit idle
        assert follower.poll() is None, err_path.read_text()
        assert sse.is_alive() and sse.error is None, sse.error
        assert sse.heartbeats >= 1, "no keep-alive while idle"

        subject = f"idle-{uuid.uuid4().hex}"
        stream_id = publish(r, _event(subject))

        def follower_lines() -> list[dict[str, Any]]:
            out.flush()
            text = (tmp_path / "follow.out").read_text()
            return [orjson.loads(line) for line in text.splitlines() if line.strip()]

        _wait(lambda: any(s == subject for _, s in sse.events), 30, "the SSE event")
        _wait(lambda: any(x["event"].get("subject") == subject for x in follower_lines()), 30, "the group event")
        time.sleep(2)  # a duplicate would arrive by now
        assert [s for _, s in sse.events].count(subject) == 1
        assert [i for i, s in sse.events if s == subject] == [stream_id]
        got = [x for x in follower_lines() if x["event"].get("subject") == subject]
        assert len(got) == 1 and got[0]["stream_id"] == stream_id
        # Acknowledged: nothing pending for the group.
        assert r.xpending(_stream(), group)["pending"] == 0
        assert "Traceback" not in err_path.read_text()
    finally:
        sse.stop.set()
        follower.terminate()
        follower.wait(15)


def _stream() -> str:
    from docpipe import settings

    return settings.events().stream


def _groups(r: Any) -> list[dict[str, Any]]:
    try:
        return r.xinfo_groups(_stream())
    except Exception:  # noqa: BLE001 - no stream yet
        return []


def test_many_sse_clients_share_one_stream_reader(stack: Stack) -> None:
    """150 subscribers (redis-py's async pool holds 100 connections: a
    connection per subscriber failed at the 101st) all get the next event,
    once, while the API's Redis connections do not grow with them."""
    n = 150
    r = stack.redis()
    before = len(r.client_list())
    subject = f"many-{uuid.uuid4().hex}"

    async def one(client: httpx.AsyncClient, ready: asyncio.Event, counter: list[int], got: list[int]) -> None:
        async with aconnect_sse(client, "GET", "/events") as source:
            assert source.response.status_code == 200
            count = 0
            first = True
            async for message in source.aiter_sse():
                if first:  # the position the subscription starts at: subscribed
                    first = False
                    counter[0] += 1
                    if counter[0] == n:
                        ready.set()
                if subject in message.data:
                    count += 1
                    got.append(count)
                    return

    async def main() -> tuple[int, list[int]]:
        ready = asyncio.Event()
        counter = [0]
        got: list[int] = []
        limits = httpx.Limits(max_connections=n + 10)
        async with httpx.AsyncClient(base_url=stack.api_url, limits=limits, timeout=httpx.Timeout(30, read=60)) as c:
            tasks = [asyncio.create_task(one(c, ready, counter, got)) for _ in range(n)]
            await asyncio.wait_for(ready.wait(), 60)
            during = len(r.client_list())
            await asyncio.to_thread(publish, r, _event(subject))
            await asyncio.wait_for(asyncio.gather(*tasks), 60)
        return during, got

    during, got = asyncio.run(main())
    assert len(got) == n and set(got) == {1}
    # One reader plus the bounded pool of short reads (20), whatever the number of subscribers.
    assert during - before <= 25, f"{during - before} new Redis connections for {n} subscribers"


@pytest.mark.parametrize(
    "bad", ["18446744073709551616-0", "1-18446744073709551616", "99999999999999999999999", "1-2-3"]
)
def test_last_event_id_out_of_range_is_a_400_problem(stack: Stack, bad: str) -> None:
    with stack.client() as c:
        r = c.get("/events", headers={"Last-Event-ID": bad})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "invalid_event_id"


def test_largest_stream_id_is_accepted(stack: Stack) -> None:
    with (
        httpx.Client(base_url=stack.api_url, timeout=httpx.Timeout(10, read=10)) as c,
        connect_sse(c, "GET", "/events", headers={"Last-Event-ID": "18446744073709551615-18446744073709551615"}) as s,
    ):
        assert s.response.status_code == 200
        first = next(s.iter_sse())
        assert (first.id, first.data) == ("18446744073709551615-18446744073709551615", "")


def test_follow_resumes_after_redis_restarts(tmp_path: Path) -> None:
    from docpipe.embedded import RedisServer
    from docpipe.streams import connect, follow

    port = free_port()
    server = RedisServer(port=port, data_dir=tmp_path / "redis")
    server.start()
    try:
        client = connect(server.url, block_ms=200)
        first = publish(client, _event("before"))
        got: list[tuple[str, str]] = []
        reconnects: list[float] = []

        def run() -> None:
            for entry_id, event in follow(
                client, after="0-0", block_ms=200, on_reconnect=lambda _exc, delay: reconnects.append(delay)
            ):
                got.append((entry_id, event["subject"]))
                if event["subject"] == "after":
                    return

        reader = threading.Thread(target=run, daemon=True)
        reader.start()
        _wait(lambda: got == [(first, "before")], 20, "the first event")
        server.stop()
        _wait(lambda: len(reconnects) >= 2, 30, "reconnection attempts")
        server = RedisServer(port=port, data_dir=tmp_path / "redis")
        server.start()
        publish(connect(server.url), _event("after"))
        reader.join(60)
        assert not reader.is_alive()
        assert [s for _, s in got] == ["before", "after"]  # nothing twice, the restart invisible
    finally:
        server.stop()
