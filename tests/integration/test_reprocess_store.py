"""Reprocessing's store operation and job, without workers: ``Store.requeue``
on both engines (the ``store`` fixture: SQLite and the MongoDB wire server),
and a ``reprocess.Job`` over a real store and a real Redis list standing in
for a stage's queue, where the job's every wait lets one message go (what a
worker does): the queue never holds more than the bound."""

from __future__ import annotations

from typing import Any

import pytest

from docpipe import settings
from docpipe.document import Document, Status
from docpipe.pipeline import queue_of
from docpipe.reprocess import Job, Selection, Throttle, alive_key, progress
from docpipe.store.base import DocumentQuery, Store
from docpipe.store.common import revision_of

pytestmark = pytest.mark.integration

OLD = {"segment": "1+a", "extract": "1+b", "normalize": "1+c"}


def _processed(store: Store, doc_id: str, stages: dict[str, str] = OLD) -> None:
    store.insert_document(Document(id=doc_id, raw_text=f"正文 {doc_id}", title=doc_id))
    for name, version in stages.items():
        store.save_stage(doc_id, name, version, {}, Status.processed)


def test_requeue_forgets_the_stages_from_the_first_stale_one(store: Store) -> None:
    _processed(store, "rq-1")
    now = {**OLD, "extract": "2+b"}
    assert store.requeue("rq-1", now) == ("extract", "normalize")
    doc = store.get_document("rq-1", fields=())
    assert doc is not None
    assert doc.stages == {"segment": "1+a"} and doc.status == Status.queued and revision_of(doc) == 1
    # Queued now (being processed): left alone until it is final again.
    assert store.requeue("rq-1", now) == ()


def test_requeue_leaves_current_documents_and_forces_a_stage_when_asked(store: Store) -> None:
    _processed(store, "rq-2")
    assert store.requeue("rq-2", OLD) == ()
    assert store.get_document("rq-2", fields=()).status == Status.processed  # type: ignore[union-attr]
    assert store.requeue("rq-2", OLD, first="normalize") == ("normalize",)
    doc = store.get_document("rq-2", fields=())
    assert doc is not None and doc.stages == {"segment": "1+a", "extract": "1+b"}
    assert store.requeue("no-such-document", OLD) == ()


def test_throttle_waits_while_the_queue_is_full(redis_client: Any) -> None:
    queue = "rq-test-queue"
    redis_client.rpush(queue, "upload-1", "upload-2", "upload-3")
    lengths: list[int] = []

    def worker_takes_one(_: float) -> None:
        redis_client.lpop(queue)

    throttle = Throttle(lambda q: int(redis_client.llen(q)), bound=3, poll_s=0.01, sleep=worker_takes_one)
    for i in range(5):
        assert throttle.take(queue)
        redis_client.rpush(queue, f"reprocess-{i}")
        lengths.append(int(redis_client.llen(queue)))
    assert max(lengths) <= 3
    assert throttle.waits == 5  # the queue was full before each send: one message let go each time


def test_a_job_queues_the_stale_documents_within_the_bound(store: Store, redis_client: Any) -> None:
    from docpipe.versions import stage_versions

    current = stage_versions()
    for i in range(7):
        _processed(store, f"job-{i}", {**current, "normalize": "0+old"})
    _processed(store, "job-current", current)
    queue = queue_of("normalize")
    redis_client.delete(queue)
    sent: list[str] = []
    lengths: list[int] = []

    def enqueue(doc_id: str, stage: str) -> None:
        redis_client.rpush(queue_of(stage), doc_id)
        sent.append(stage)
        lengths.append(int(redis_client.llen(queue)))

    config = settings.ReprocessSettings(max_queue=2, batch=3, poll_s=0.01)
    job = Job(
        "rp_0000000000000001",
        Selection(query=DocumentQuery()),
        store,
        redis_client,
        enqueue,
        config,
        sleep=lambda _: redis_client.lpop(queue),
    )
    job.start()
    done = job.run()
    assert done["state"] == "done"
    assert (done["scanned"], done["queued"], done["current"]) == (8, 7, 1)
    assert done["by_stage"] == {"normalize": 7} and sent == ["normalize"] * 7
    assert max(lengths) <= 2 and done["throttle_waits"] == 5  # 7 sends, 2 before the queue was full
    assert progress(redis_client, job.id) == done
    for i in range(7):
        doc = store.get_document(f"job-{i}", fields=())
        assert doc is not None and doc.status == Status.queued and "normalize" not in doc.stages


def test_a_job_whose_process_stopped_reads_as_lost(store: Store, redis_client: Any) -> None:
    job = Job("rp_0000000000000002", Selection(ids=("a",)), store, redis_client, lambda *_: None)
    job.start()
    assert progress(redis_client, job.id)["state"] == "running"  # type: ignore[index]
    redis_client.delete(alive_key(job.id))  # what its expiry does once the process stops refreshing it
    assert progress(redis_client, job.id)["state"] == "lost"  # type: ignore[index]
    assert job.run()["state"] == "done" and redis_client.exists(alive_key(job.id)) == 0
