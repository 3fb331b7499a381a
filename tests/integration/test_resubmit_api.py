"""Re-submission through the API and the real workers: the same text with a
new published_at updates the document, re-runs the stages that read the
date (periods follow it) and publishes a second event with a new id; the
same text with the same metadata changes and re-runs nothing."""

from __future__ import annotations

import time
import uuid

import pytest
from conftest import Stack

pytestmark = pytest.mark.integration

TEXT = "今年前三季度，全市地区生产总值增长5.2%，规模以上工业增加值增长6.1%。"


def _text() -> str:
    return f"{TEXT}（编号{uuid.uuid4().hex[:8]}）"


def _periods(stack: Stack, doc_id: str) -> set[str]:
    with stack.client() as c:
        body = c.get(f"/documents/{doc_id}", params={"fields": "metrics"}).json()
    return {m["period"] for m in body["document"]["metrics"]}


def _wait_processed_at(stack: Stack, doc_id: str, published_at: str, timeout_s: float = 60.0) -> dict:
    """The document once processed with ``published_at`` (the re-run's
    status passes through queued, so wait for the new date as well)."""
    deadline = time.monotonic() + timeout_s
    body: dict = {}
    with stack.client() as c:
        while time.monotonic() < deadline:
            body = c.get(f"/documents/{doc_id}").json()
            if body["status"] == "processed" and body["published_at"] == published_at:
                return body
            time.sleep(0.1)
    raise AssertionError(
        f"{doc_id} not processed with {published_at}; last: {body.get('status')}, {body.get('published_at')}"
    )


def test_a_new_published_at_re_runs_the_stages_and_publishes_a_second_event(stack: Stack) -> None:
    text = _text()
    first = stack.post(text, published_at="2024-11-24", title="第一次")
    assert first["created"] is True and first["updated"] == [] and first["reprocessing"] is False
    doc_id = first["id"]
    _wait_processed_at(stack, doc_id, "2024-11-24")
    assert _periods(stack, doc_id) == {"2024-01/2024-09"}
    [(_, event1)] = stack.events_for(doc_id, at_least=1)

    again = stack.post(text, published_at="2021-05-01", title="第一次")
    assert again["created"] is False and again["id"] == doc_id
    assert again["updated"] == ["published_at"] and again["reprocessing"] is True
    assert again["status"] == "queued"
    body = _wait_processed_at(stack, doc_id, "2021-05-01")
    assert _periods(stack, doc_id) == {"2021-01/2021-09"}
    assert body["title"] == "第一次"
    events = stack.events_for(doc_id, at_least=2)
    assert len(events) == 2
    event2 = events[1][1]
    assert event2["type"] == event1["type"] == "docpipe.document.processed"
    assert event2["id"] != event1["id"]
    # The listing's date filter follows the new date.
    with stack.client() as c:
        listed = c.get("/documents", params={"published_from": "2021-05-01", "published_to": "2021-05-01"}).json()
    assert doc_id in {item["id"] for item in listed["items"]}


def test_the_same_metadata_again_changes_and_re_runs_nothing(stack: Stack) -> None:
    text = _text()
    given = {
        "published_at": "2024-11-24T09:36:50",
        "title": "标题",
        "source_url": "http://example.com/a",
        "metadata": {"feed": "x"},
    }
    first = stack.post(text, **given)
    doc_id = first["id"]
    before = _wait_processed_at(stack, doc_id, "2024-11-24")  # segment stored the date part
    stack.events_for(doc_id, at_least=1)
    for fields in (given, {"published_at": "2024-11-24"}, {}):
        again = stack.post(text, **fields)
        assert again["created"] is False and again["updated"] == [] and again["reprocessing"] is False
        assert again["status"] == "processed"
    with stack.client() as c:
        after = c.get(f"/documents/{doc_id}").json()
    assert after["updated_at"] == before["updated_at"] and after["timings_ms"] == before["timings_ms"]
    assert len(stack.events_for(doc_id, at_least=2, timeout_s=1.0)) == 1


def test_a_new_title_alone_is_stored_without_a_re_run(stack: Stack) -> None:
    text = _text()
    doc_id = stack.post(text, published_at="2024-11-24")["id"]
    before = _wait_processed_at(stack, doc_id, "2024-11-24")
    stack.events_for(doc_id, at_least=1)
    again = stack.post(text, title="新标题", metadata={"k": "v"})
    assert again["updated"] == ["title", "metadata"] and again["reprocessing"] is False
    assert again["status"] == "processed"
    with stack.client() as c:
        after = c.get(f"/documents/{doc_id}").json()
    assert after["title"] == "新标题" and after["document"]["metadata"] == {"k": "v"}
    assert after["timings_ms"] == before["timings_ms"]
    assert len(stack.events_for(doc_id, at_least=2, timeout_s=1.0)) == 1
