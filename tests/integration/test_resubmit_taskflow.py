"""Re-submission against the task flow (``taskflow.process`` over the real
SQLite store, small stages, no Celery): a stage run that read the document
before a re-submission changed it writes nothing, and the re-run's event id
differs from the first run's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docpipe.document import Document, Status
from docpipe.ingest import new_document
from docpipe.pipeline import Stage
from docpipe.store.common import revision_of
from docpipe.taskflow import event_id_for, process, rerun_from

pytestmark = pytest.mark.integration


@pytest.fixture
def store(tmp_path: Path) -> Any:
    from docpipe.store.sqlite import SqliteStore

    s = SqliteStore(tmp_path / "docpipe.sqlite3")
    s.ensure_indexes()
    yield s
    s.close()


class Flow:
    """Three stages; ``during`` runs inside segment (to change the document
    while a stage works on it)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.enqueued: list[str] = []
        self.published: list[tuple[str, str, int]] = []
        self.during: Any = None

        def segment(doc: Document) -> Document:
            if self.during is not None:
                self.during()
                self.during = None
            doc.clean_text = f"{doc.raw_text}|{doc.published_at}"
            return doc

        def extract(doc: Document) -> Document:
            doc.entities = []
            return doc

        def normalize(doc: Document) -> Document:
            doc.metrics = []
            return doc

        self.stages = {
            "segment": Stage("segment", frozenset({"raw_text", "published_at"}), frozenset({"clean_text"}), segment),
            "extract": Stage("extract", frozenset({"clean_text"}), frozenset({"entities"}), extract),
            "normalize": Stage("normalize", frozenset({"clean_text"}), frozenset({"metrics"}), normalize),
        }

    def run(self, name: str, doc_id: str) -> str:
        return process(
            self.stages[name],
            doc_id,
            store=self.store,
            enqueue=lambda _id, stage: self.enqueued.append(stage),
            publish=lambda doc, kind: self.published.append((doc.id, kind, revision_of(doc))),
        )

    def drain(self, doc_id: str, first: str = "segment") -> list[str]:
        results = [self.run(first, doc_id)]
        while self.enqueued:
            results.append(self.run(self.enqueued.pop(0), doc_id))
        return results


def test_a_run_that_read_the_old_revision_writes_nothing_and_the_re_run_finishes(store: Any) -> None:
    flow = Flow(store)
    doc = new_document("苏州工业园区。", published_at="2024-11-24")
    store.insert_document(doc)
    flow.during = lambda: store.update_metadata(doc.id, {"published_at": "2020-02-02"}, rerun_from=rerun_from())
    assert flow.run("segment", doc.id) == "superseded"
    assert flow.enqueued == []  # handed nowhere: the re-submission enqueues its own run
    stored = store.get_document(doc.id)
    assert stored.clean_text is None and stored.stages == {} and stored.status == Status.queued
    assert flow.drain(doc.id) == ["ran", "ran", "ran"]
    stored = store.get_document(doc.id)
    assert stored.status == Status.processed and stored.clean_text == "苏州工业园区。|2020-02-02"
    assert flow.published == [(doc.id, "processed", 1)]


def test_a_re_run_publishes_an_event_with_a_new_id(store: Any) -> None:
    flow = Flow(store)
    doc = new_document("烟台市。", published_at="2024-11-24")
    store.insert_document(doc)
    flow.drain(doc.id)
    first = store.get_document(doc.id)
    change = store.update_metadata(doc.id, {"published_at": "2021-03-04"}, rerun_from=rerun_from())
    assert change.rerun[0] == "segment"
    assert flow.drain(doc.id, change.rerun[0]) == ["ran", "ran", "ran"]
    second = store.get_document(doc.id)
    assert second.clean_text == "烟台市。|2021-03-04"
    assert [p[2] for p in flow.published] == [0, 1]
    base = f"{doc.id}:0.1.0:processed"
    assert event_id_for(first, base) == base and event_id_for(second, base) == base + ":r1"
