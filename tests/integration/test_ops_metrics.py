"""/metrics' families read from Redis, against a real Redis server: the
queue depth of each stage (messages sent through Celery to queues with no
worker) and the processed/failed counts the workers keep (once per event id)."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from docpipe import settings
from docpipe.taskflow import count_final, final_counts
from services.api.metrics import StackCollector, stage_queues

pytestmark = pytest.mark.integration


def _samples(collector: StackCollector) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    registry = CollectorRegistry()
    registry.register(collector)
    text = generate_latest(registry).decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_queue_depth_per_stage_counts_the_messages_celery_sent(
    redis_client: Any, redis_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docpipe.celery_app import enqueue, make_celery

    monkeypatch.setenv("REDIS_URL", redis_server.url)  # database 0, flushed by redis_client
    settings.redis.cache_clear()
    try:
        app = make_celery("depth-test")
        for doc_id in ("a", "b", "c"):
            enqueue(doc_id, "extract", app=app)
        enqueue("d", "normalize", app=app)
        samples = _samples(StackCollector(redis_client))
    finally:
        settings.redis.cache_clear()
    depth = {dict(labels)["stage"]: v for (name, labels), v in samples.items() if name == "docpipe_queue_depth"}
    assert depth == {"segment": 0, "extract": 3, "normalize": 1}
    assert set(stage_queues()) == set(depth)


def test_final_counts_are_counted_once_per_event_id(redis_client: Any) -> None:
    assert count_final(redis_client, "d1:0.1.0:processed", "processed")
    assert not count_final(redis_client, "d1:0.1.0:processed", "processed")  # a redelivered final stage
    assert count_final(redis_client, "d1:0.1.0:processed:r1", "processed")  # a re-run after re-submission
    assert count_final(redis_client, "d2:0.1.0:failed", "failed", "stage_timeout")
    assert count_final(redis_client, "d3:0.1.0:failed", "failed", "stage_failed")
    assert count_final(redis_client, "d4:0.1.0:failed", "failed", "stage_failed")
    assert final_counts(redis_client) == (2, {"stage_timeout": 1, "stage_failed": 2})
    samples = _samples(StackCollector(redis_client))
    assert samples[("docpipe_documents_processed_total", ())] == 2
    assert samples[("docpipe_documents_failed_total", (("code", "stage_failed"),))] == 2
    assert samples[("docpipe_documents_failed_total", (("code", "stage_timeout"),))] == 1


def test_without_redis_the_families_are_left_out_and_the_scrape_still_answers() -> None:
    import redis

    from docpipe.embedded import free_port

    dead = redis.Redis(port=free_port(), socket_connect_timeout=0.5, socket_timeout=0.5)
    assert _samples(StackCollector(dead)) == {}


def test_a_failed_document_is_counted_by_its_code_where_the_worker_writes_the_status(
    redis_client: Any, redis_server: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """taskflow.process with the workers' real publisher: the failed status,
    its event and its count; a redelivery of the failed message counts nothing more."""
    from docpipe import taskflow
    from docpipe.document import Document, Status
    from docpipe.errors import DocpipeError
    from docpipe.ingest import new_document
    from docpipe.pipeline import Stage
    from docpipe.store.sqlite import SqliteStore

    class Injected(DocpipeError):
        code, status, title = "injected_failure", 500, "Injected"

    def segment(doc: Document) -> Document:
        raise Injected("asked to fail")

    monkeypatch.setenv("REDIS_URL", redis_server.url)
    settings.redis.cache_clear()
    monkeypatch.setattr(taskflow, "_redis", None)  # the worker's per-process client, made again for this URL
    store = SqliteStore(tmp_path / "docpipe.sqlite3")
    try:
        doc = new_document("一篇无法处理的文章。")
        store.insert_document(doc)
        stage = Stage("segment", frozenset({"raw_text"}), frozenset({"clean_text"}), segment, Status.segmenting)
        for expected in ("failed", "final"):
            assert (
                taskflow.process(stage, doc.id, store=store, enqueue=lambda *_: None, publish=taskflow.publish_event)
                == expected
            )
        assert store.get_document(doc.id).status == Status.failed
        assert final_counts(redis_client) == (0, {"injected_failure": 1})
    finally:
        store.close()
        settings.redis.cache_clear()
