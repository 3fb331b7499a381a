"""The final event survives Redis going away between the final save and the
publish: the worker retries the publish itself (Celery cannot schedule a task
retry while its broker, the same Redis, is down, and would drop the message)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from conftest import free_port  # tests/integration/conftest.py

from docpipe import settings, taskflow
from docpipe.document import Document, Status
from docpipe.embedded import RedisServer

pytestmark = pytest.mark.integration


def test_the_final_event_is_published_once_redis_is_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    server = RedisServer(port=port, data_dir=tmp_path / "redis")
    server.start()
    monkeypatch.setenv("REDIS_URL", server.url)
    settings.redis.cache_clear()
    monkeypatch.setattr(taskflow, "_redis", None)
    monkeypatch.setattr(taskflow.task_retry, "BROKER_WAITS_S", (0.2, 0.5, 1, 1, 2, 2, 4, 4, 8))
    try:
        client = taskflow.redis_client()
        stream = settings.events().stream
        assert client.xlen(stream) == 0
        server.stop()  # Redis dies right after the final save
        doc = Document(id="final-event-1", status=Status.processed, clean_text="", stages={})
        errors: list[BaseException] = []

        def publish() -> None:
            try:
                taskflow.publish_event(doc, "processed")
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        worker = threading.Thread(target=publish, daemon=True)
        worker.start()
        time.sleep(1.5)
        assert worker.is_alive(), "the publish gave up while Redis was down"
        server = RedisServer(port=port, data_dir=tmp_path / "redis")
        server.start()
        worker.join(60)
        assert not worker.is_alive() and not errors
        entries = taskflow.redis_client().xrange(stream)
        assert len(entries) == 1  # published once, and counted once
        processed, _ = taskflow.final_counts(taskflow.redis_client())
        assert processed == 1
    finally:
        server.stop()
        settings.redis.cache_clear()
