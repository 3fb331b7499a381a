"""A stage task's retry outlives a Redis restart (docpipe.task_retry).

Celery publishes a retry to the broker and, when it cannot (Redis, the
broker, is down), rejects the message without requeueing it: the document
then waited for the sweep (200-204 s in the fault run of 2026-12-04 15:14).
The task now keeps the message in flight and publishes the retry once Redis
is back. A real Celery app on a real Redis, stopped and started again."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
import redis
from celery import Celery
from celery.exceptions import Reject, Retry
from conftest import free_port  # tests/integration/conftest.py

from docpipe import task_retry
from docpipe.embedded import RedisServer

pytestmark = pytest.mark.integration

QUEUE = "retry-under-test"


def _app(url: str) -> tuple[Celery, Any]:
    app = Celery("retry-under-test", broker=url)
    app.conf.broker_connection_retry = False
    app.conf.broker_transport_options = {"max_retries": 0}
    app.conf.task_default_queue = QUEUE

    @app.task(bind=True, name="retry_under_test", max_retries=None)  # type: ignore[untyped-decorator]
    def stage(self: Any, doc_id: str, retrying_since: float | None = None) -> str:
        return doc_id

    return app, stage


def _retry_in_thread(stage: Any) -> tuple[threading.Thread, list[BaseException]]:
    raised: list[BaseException] = []

    def run() -> None:
        # What the worker runs: the task's request is on its stack.
        stage.push_request(id="task-1", args=["doc-1"], kwargs={}, retries=0, delivery_info={}, called_directly=False)
        try:
            task_retry.retry_or_leave(stage, "doc-1", "extract", ConnectionError("store down"), None)
        except BaseException as exc:  # noqa: BLE001 - what it raised is the result
            raised.append(exc)
        finally:
            stage.pop_request()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, raised


def test_a_retry_waits_for_the_broker_and_is_published_once_it_is_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(task_retry, "BROKER_WAITS_S", (0.2, 0.5, 1, 1, 2, 2, 4, 4, 8))
    port = free_port()
    server = RedisServer(port=port, data_dir=tmp_path / "redis")
    server.start()
    app, stage = _app(server.url)
    try:
        server.stop()  # the broker goes away while the stage runs
        thread, raised = _retry_in_thread(stage)
        time.sleep(1.5)
        assert thread.is_alive(), f"the retry gave up while Redis was down: {raised}"
        server = RedisServer(port=port, data_dir=tmp_path / "redis")
        server.start()
        thread.join(60)
        assert not thread.is_alive()
        assert len(raised) == 1 and isinstance(raised[0], Retry), raised  # scheduled, not rejected
        client = redis.Redis.from_url(server.url)
        assert client.llen(QUEUE) == 1  # the retry's message, once
    finally:
        app.close()
        server.stop()


def test_past_its_waits_the_message_is_left_for_the_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(task_retry, "BROKER_WAITS_S", (0.1, 0.1))
    port = free_port()
    server = RedisServer(port=port, data_dir=tmp_path / "redis")
    server.start()
    app, stage = _app(server.url)
    try:
        server.stop()
        thread, raised = _retry_in_thread(stage)
        thread.join(60)
        assert len(raised) == 1 and isinstance(raised[0], Reject), raised
    finally:
        app.close()
        server.stop()
