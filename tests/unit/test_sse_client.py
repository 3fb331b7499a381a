"""The SSE stream as docpipe's clients read it, with httpx-sse: the
documented example of GET /events (the OpenAPI document's), parsed by
httpx-sse's own decoder from a real httpx response."""

from __future__ import annotations

import httpx
from httpx_sse import EventSource

from docpipe.events import from_json
from services.api.openapi_examples import EVENT_STREAM


def _messages(body: str) -> list[tuple[str, str]]:
    response = httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body.encode())
    return [(m.id, m.data) for m in EventSource(response).iter_sse()]


def test_the_documented_stream_parses_into_position_event_and_keep_alive() -> None:
    (start, _), (event_id, data), (kept_id, kept_data) = _messages(EVENT_STREAM)
    assert start == "1705739500000-0"  # the subscription's starting position: an id, no data
    assert event_id != start and data
    event = from_json(data)  # and the data is a CloudEvent the SDK accepts
    assert event.get_type() == "docpipe.document.processed"
    # A keep-alive comment: a message with no data, the last id kept (what a
    # reconnecting client sends as Last-Event-ID).
    assert (kept_id, kept_data) == (event_id, "")


def test_multi_line_data_and_comments() -> None:
    stream = ': ping\n\nid: 1-0\ndata: {"a": 1}\n\nid: 2-0\ndata: x\ndata: y\n\n'
    assert [m for m in _messages(stream) if m[1]] == [("1-0", '{"a": 1}'), ("2-0", "x\ny")]
