"""The task flow without Celery: ``taskflow.process`` over the real SQLite
store, with small counting stages, so each rule of a thin task is checked
directly (skip, hand on, fail, republish after a lost publish)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import redis

from docpipe.document import Document, Status
from docpipe.ingest import new_document
from docpipe.pipeline import Stage
from docpipe.taskflow import process
from docpipe.versions import stage_version

pytestmark = pytest.mark.integration


class Recorder:
    def __init__(self) -> None:
        self.runs: Counter[str] = Counter()
        self.enqueued: list[tuple[str, str]] = []
        self.published: list[tuple[str, str]] = []
        self.fail_publish = 0

    def enqueue(self, doc_id: str, stage: str) -> None:
        self.enqueued.append((doc_id, stage))

    def publish(self, doc: Document, kind: str) -> None:
        if self.fail_publish:
            self.fail_publish -= 1
            raise redis.exceptions.ConnectionError("broker unreachable")
        self.published.append((doc.id, kind))


def _stages(rec: Recorder, fail_in: str | None = None) -> dict[str, Stage]:
    def segment(doc: Document) -> Document:
        rec.runs["segment"] += 1
        if fail_in == "segment":
            raise ValueError("cannot segment this")
        doc.clean_text = doc.raw_text.strip()
        return doc

    def extract(doc: Document) -> Document:
        rec.runs["extract"] += 1
        doc.entities = []
        return doc

    def normalize(doc: Document) -> Document:
        rec.runs["normalize"] += 1
        doc.metrics = []
        return doc

    return {
        "segment": Stage(
            "segment",
            frozenset({"raw_text"}),
            frozenset({"clean_text"}),
            segment,
            Status.segmenting,
            version=stage_version("segment"),
        ),
        "extract": Stage(
            "extract",
            frozenset({"clean_text"}),
            frozenset({"entities"}),
            extract,
            Status.extracting,
            version=stage_version("extract"),
        ),
        "normalize": Stage(
            "normalize",
            frozenset({"clean_text"}),
            frozenset({"metrics"}),
            normalize,
            Status.normalizing,
            version=stage_version("normalize"),
        ),
    }


@pytest.fixture
def store(tmp_path: Path) -> Any:
    from docpipe.store.sqlite import SqliteStore

    s = SqliteStore(tmp_path / "docpipe.sqlite3")
    s.ensure_indexes()
    yield s
    s.close()


def _run(stages: dict[str, Stage], name: str, doc_id: str, store: Any, rec: Recorder) -> str:
    return process(stages[name], doc_id, store=store, enqueue=rec.enqueue, publish=rec.publish)


def test_three_stages_hand_on_and_finish_processed(store: Any) -> None:
    rec, doc = Recorder(), new_document("  苏州工业园区。 ")
    store.insert_document(doc)
    stages = _stages(rec)
    assert _run(stages, "segment", doc.id, store, rec) == "ran"
    assert store.get_document(doc.id).status == Status.extracting  # handed on in the same write
    assert _run(stages, "extract", doc.id, store, rec) == "ran"
    assert _run(stages, "normalize", doc.id, store, rec) == "ran"
    stored = store.get_document(doc.id)
    assert stored.status == Status.processed and stored.clean_text == "苏州工业园区。"
    assert stored.stages == {s: stage_version(s) for s in stages}
    assert set(stages) <= set(stored.timings_ms)
    assert rec.enqueued == [(doc.id, "extract"), (doc.id, "normalize")]
    assert rec.published == [(doc.id, "processed")]


def test_redelivery_runs_nothing_again(store: Any) -> None:
    rec, doc = Recorder(), new_document("烟台市。")
    store.insert_document(doc)
    stages = _stages(rec)
    for name in stages:
        _run(stages, name, doc.id, store, rec)
    before = store.get_document(doc.id)
    for name in stages:
        assert _run(stages, name, doc.id, store, rec) == "skipped"
    assert rec.runs == Counter({"segment": 1, "extract": 1, "normalize": 1})
    assert store.get_document(doc.id).updated_at == before.updated_at
    # Only the final stage publishes again (same event; the stream keeps it once).
    assert rec.published == [(doc.id, "processed"), (doc.id, "processed")]


def test_a_lost_message_is_picked_up_where_the_document_stands(store: Any) -> None:
    rec, doc = Recorder(), new_document("青岛港。")
    store.insert_document(doc)
    stages = _stages(rec)
    _run(stages, "segment", doc.id, store, rec)  # its hand-on to extract is "lost"
    rec.enqueued.clear()
    assert _run(stages, "segment", doc.id, store, rec) == "handed_on"  # e.g. the sweep's re-enqueue
    assert rec.enqueued == [(doc.id, "extract")] and rec.runs["segment"] == 1


def test_workers_that_disagree_on_versions_hand_a_document_only_forward(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that started after a change of the tree sees another stage's
    recorded version as stale, a worker started before it sees its own as
    current: each hands a document only to a later stage, so they cannot pass
    it back and forth (make faults: two documents, 45,000 hand-ons in ten
    minutes, moved from processed back to extracting)."""
    rec, doc = Recorder(), new_document("苏州。")
    store.insert_document(doc)
    stages = _stages(rec)
    for name in stages:
        _run(stages, name, doc.id, store, rec)
    rec.enqueued.clear()
    newer = {s: stage_version(s) for s in stages} | {"segment": "0.0.0+another-segment"}
    monkeypatch.setattr("docpipe.taskflow.stage_versions", lambda: newer)
    # the extract worker's view: segment is stale; a redelivered extract message
    assert _run(stages, "extract", doc.id, store, rec) == "skipped"
    older = {s: stage_version(s) for s in stages} | {"extract": "0.0.0+another-extract"}
    monkeypatch.setattr("docpipe.taskflow.stage_versions", lambda: older)
    # the segment worker's view: extract is stale: forward is still right
    assert _run(stages, "segment", doc.id, store, rec) == "handed_on"
    assert rec.enqueued == [(doc.id, "extract")]
    assert rec.runs == Counter({"segment": 1, "extract": 1, "normalize": 1})
    assert store.get_document(doc.id).status == Status.processed


def test_a_stage_error_fails_the_document_once(store: Any) -> None:
    rec, doc = Recorder(), new_document("坏。")
    store.insert_document(doc)
    stages = _stages(rec, fail_in="segment")
    assert _run(stages, "segment", doc.id, store, rec) == "failed"
    stored = store.get_document(doc.id)
    assert stored.status == Status.failed
    assert (stored.error.code, stored.error.stage) == ("stage_failed", "segment")
    assert "cannot segment this" in stored.error.message
    assert rec.enqueued == [] and rec.published == [(doc.id, "failed")]
    assert _run(stages, "segment", doc.id, store, rec) == "final"
    assert rec.runs["segment"] == 1


def test_a_publish_lost_to_an_outage_is_retried_without_rerunning(store: Any) -> None:
    rec, doc = Recorder(), new_document("宁波。")
    store.insert_document(doc)
    stages = _stages(rec)
    _run(stages, "segment", doc.id, store, rec)
    _run(stages, "extract", doc.id, store, rec)
    rec.fail_publish = 1
    with pytest.raises(redis.exceptions.ConnectionError):  # transient: Celery retries the task
        _run(stages, "normalize", doc.id, store, rec)
    assert store.get_document(doc.id).status == Status.processed
    assert _run(stages, "normalize", doc.id, store, rec) == "skipped"  # the retry
    assert rec.runs["normalize"] == 1 and rec.published == [(doc.id, "processed")]


def test_a_missing_document_is_dropped(store: Any) -> None:
    rec = Recorder()
    assert _run(_stages(rec), "segment", "0" * 32, store, rec) == "missing"
    assert rec.runs == Counter() and rec.enqueued == []
