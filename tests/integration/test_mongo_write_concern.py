"""The MongoDB store asks for ``w: "majority", j: true`` on every write (issue
#14; README, "MongoDB and the test server": on a replica set the guarantee
that matters, on the wire server the journal). Checked on the wire the
driver sends: a command listener on the store's own client sees each write
command of an insert, a stage's save and a reprocess, and every one of them
carries that write concern. Runs on the session's ``mongodb_uri`` (SecantusDB's
wire server, or the MongoDB that MONGODB_URI names)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import MongoClient, monitoring

from docpipe.document import Document, Entity, Metric, Status
from docpipe.store import mongo_connection
from docpipe.store.mongo import MongoStore

pytestmark = pytest.mark.integration

WRITES = {"insert", "update", "delete", "findAndModify"}
TEXT = "苏州工业园区2023年实现地区生产总值3686亿元。"


class Writes(monitoring.CommandListener):
    def __init__(self) -> None:
        self.commands: list[dict[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name in WRITES:
            self.commands.append(dict(event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture
def watched(mongodb_uri: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[MongoStore, Writes]]:
    writes = Writes()
    # The store's connection makes its client with this listener on it.
    monkeypatch.setattr(mongo_connection, "MongoClient", functools.partial(MongoClient, event_listeners=[writes]))
    db = f"docpipe_wc_{uuid.uuid4().hex[:12]}"
    store = MongoStore(mongodb_uri, db)
    try:
        yield store, writes
    finally:
        store.close()
        client: MongoClient[dict[str, Any]] = MongoClient(mongodb_uri)
        try:
            client.drop_database(db)
        finally:
            client.close()


def test_every_write_asks_for_majority_and_the_journal(watched: tuple[MongoStore, Writes]) -> None:
    store, writes = watched
    store.ensure_indexes()
    doc_id = "0c0ffee0wc000001"
    store.insert_document(Document(id=doc_id, raw_text=TEXT, title="写关注"))
    store.save_stage(doc_id, "segment", "1", {"clean_text": TEXT}, Status.extracting)
    entity = Entity(type="park", text="苏州工业园区", name="苏州工业园区", start=0, end=6)
    store.save_stage(doc_id, "extract", "1", {"entities": [entity]}, Status.normalizing)
    ms = TEXT.index("3686亿元")
    metric = Metric(text="3686亿元", start=ms, end=ms + 6, value=368600000000, unit="CNY", period="2023")
    store.save_stage(doc_id, "normalize", "1", {"metrics": [metric]}, Status.processed)
    store.save_stage(doc_id, "extract", "2", {"entities": [entity]}, Status.normalizing)  # a reprocess
    got = store.get_document(doc_id)
    assert got is not None and got.entities[0].name == "苏州工业园区"
    kinds = {next(iter(c)) for c in writes.commands}
    assert "insert" in kinds or "update" in kinds, kinds  # the document's creation
    assert len(writes.commands) >= 5, kinds  # and each stage's save
    for command in writes.commands:
        assert command.get("writeConcern") == {"w": "majority", "j": True}, command
