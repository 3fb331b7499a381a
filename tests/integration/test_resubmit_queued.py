"""A document stored but never enqueued is enqueued again by its
re-submission (issue #15: with MongoDB killed mid-write, a POST's insert
reached the store while the API answered 503; the client's retry found the
document stored, and it waited `queued` for the sweep, minutes).

Against the running stack: the document is written to the stack's store
directly (the earlier request that stored it and never enqueued it), then
the same text is POSTed. The sweep cannot be what moves it (its
``stuck_after_s`` is 300 s); the document is processed with one event.
"""

from __future__ import annotations

import uuid

import pytest
from conftest import Stack  # tests/integration/conftest.py

from docpipe.ingest import new_document
from docpipe.store.sqlite import SqliteStore

pytestmark = pytest.mark.integration


def test_a_stored_but_never_enqueued_document_moves_when_it_is_posted_again(stack: Stack) -> None:
    text = f"只存未排队的文件 {uuid.uuid4().hex}。国家统计局数据显示，工业增加值同比增长5.6%。"
    store = SqliteStore(stack.store_path)
    try:
        stored, created = store.insert_document(new_document(text))
    finally:
        store.close()
    assert created and str(stored.status) == "queued"

    body = stack.post(text)
    assert body["id"] == stored.id and body["created"] is False
    assert stack.wait_status(stored.id, timeout_s=90)["status"] == "processed"
    assert len(stack.events_for(stored.id)) == 1
    assert "re-submitted while still queued; enqueued again" in stack.wait_log("api", stored.id)
