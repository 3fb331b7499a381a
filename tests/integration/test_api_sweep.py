"""The sweep on its own: a real Redis (database 2) and the SQLite store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import redis
from celery import Celery

from docpipe.celery_app import task_name
from docpipe.document import Status
from docpipe.ingest import new_document
from docpipe.settings import ApiSettings
from docpipe.versions import stage_version
from services.api.deps import Backbone
from services.api.sweep import LOCK, sweep_once

pytestmark = pytest.mark.integration


@pytest.fixture
def backbone(redis_server: Any, tmp_path: Path) -> Any:
    from docpipe.store.sqlite import SqliteStore

    url = redis_server.url.rsplit("/", 1)[0] + "/2"
    r = redis.Redis.from_url(url)
    r.flushdb()
    store = SqliteStore(tmp_path / "docpipe.sqlite3")
    store.ensure_indexes()
    sent: list[tuple[str, str]] = []
    b = Backbone(
        store=store,
        redis=r,
        enqueue=lambda doc_id, stage: sent.append((doc_id, stage)),
        api=ApiSettings(stuck_after_s=0.05, sweep_every_s=1),
    )
    b.sent = sent  # type: ignore[attr-defined]
    b.url = url  # type: ignore[attr-defined]
    yield b
    store.close()
    r.close()


def _stuck(backbone: Any, text: str, stages: tuple[str, ...] = ()) -> str:
    doc = new_document(text)
    backbone.store.insert_document(doc)
    for stage in stages:
        backbone.store.save_stage(doc.id, stage, stage_version(stage), {}, Status.extracting)
    time.sleep(0.1)
    return doc.id


def test_a_stuck_document_goes_back_on_its_first_unfinished_stage(backbone: Any) -> None:
    queued = _stuck(backbone, "排队中的文件。")
    halfway = _stuck(backbone, "做了一半的文件。", ("segment",))
    assert sorted(sweep_once(backbone)) == sorted([queued, halfway])
    assert sorted(backbone.sent) == sorted([(queued, "segment"), (halfway, "extract")])
    # Touched: not swept again before stuck_after_s has passed once more.
    assert sweep_once(backbone) == []


def test_documents_behind_a_backlog_are_waiting_not_lost(backbone: Any) -> None:
    doc_id = _stuck(backbone, "后面还有队列的文件。")
    app = Celery("test", broker=backbone.url)
    app.send_task(task_name("segment"), args=["someone-else"], queue="segment", routing_key="segment")
    app.close()
    assert backbone.redis.llen("segment") == 1  # the queue is the Redis list named after the stage
    assert sweep_once(backbone) == []
    backbone.redis.delete("segment")
    assert sweep_once(backbone) == [doc_id]


def test_one_sweeper_at_a_time(backbone: Any) -> None:
    _stuck(backbone, "另一个副本正在清扫。")
    backbone.redis.set(LOCK, "another replica", ex=30)
    assert sweep_once(backbone) == []
    backbone.redis.delete(LOCK)
    assert len(sweep_once(backbone)) == 1


def test_final_documents_are_never_swept(backbone: Any) -> None:
    doc_id = _stuck(backbone, "已经失败的文件。")
    backbone.store.set_status(doc_id, Status.failed)
    time.sleep(0.1)
    assert sweep_once(backbone) == []


def test_a_document_the_broker_refused_is_sent_once_it_answers(tmp_path: Path) -> None:
    """Accepted while Redis was down (stored, not enqueued): sent again by the
    sweep's next round once Redis answers, not after the stuck-after age
    (14 documents waited about 200 s for it in the fault run of 17:41)."""
    from conftest import free_port  # tests/integration/conftest.py

    from docpipe.embedded import RedisServer
    from docpipe.store.sqlite import SqliteStore
    from services.api.accept import _enqueue
    from services.api.sweep import send_unsent

    port = free_port()
    server = RedisServer(port=port, data_dir=tmp_path / "redis")
    server.start()
    app = Celery("unsent-under-test", broker=server.url)
    app.conf.broker_connection_retry = False
    app.conf.broker_transport_options = {"max_retries": 0}
    store = SqliteStore(tmp_path / "docpipe.sqlite3")
    backbone = Backbone(
        store=store,
        redis=redis.Redis.from_url(server.url),
        enqueue=lambda doc_id, stage: app.send_task(task_name(stage), args=[doc_id], queue=stage),
        api=ApiSettings(stuck_after_s=3600, sweep_every_s=1),  # the stuck sweep would not touch them
    )
    try:
        server.stop()
        ids = [f"unsent-{i}" for i in range(3)]
        for doc_id in ids:
            _enqueue(backbone, doc_id, "segment")
        assert len(backbone.unsent) == 3
        assert send_unsent(backbone) == []  # still down: kept, in order
        assert len(backbone.unsent) == 3
        server = RedisServer(port=port, data_dir=tmp_path / "redis")
        server.start()
        assert send_unsent(backbone) == ids
        assert len(backbone.unsent) == 0
        assert redis.Redis.from_url(server.url).llen("segment") == 3
        assert send_unsent(backbone) == []  # each once
    finally:
        app.close()
        store.close()
        server.stop()
