"""GET /events: Server-Sent Events over the Redis Stream of CloudEvents.

The stream entry id is the SSE ``id:``, so a client that reconnects with
``Last-Event-ID`` resumes exactly after the last event it saw. The first
thing sent is a comment carrying the position the subscription starts at as
its ``id:``, so a client that has seen no event yet still resumes from there.
Keep-alive comments follow every ``DOCPIPE_EVENTS_KEEPALIVE_S`` seconds while
nothing happens. One reader per API process serves every subscriber
(``services.api.fanout``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from docpipe import settings

from .. import openapi_examples as ex
from ..fanout import StreamFanout, parse_id
from ..params import SSE_MESSAGE, STREAM_ID, LastEventId, StreamStart
from ..problems import InvalidEventId
from ..schemas import EventStream, ok, problem_responses

router = APIRouter(tags=["events"])


def get_fanout(request: Request) -> StreamFanout:
    return request.app.state.fanout


def sse_schema(responses: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """Each message's fields as the schema of the stream (what an SSE parser, and a
    contract checker, sees), instead of FastAPI's ``{"type": "string"}``."""
    responses[200]["content"][EventStream.media_type]["schema"] = SSE_MESSAGE
    return responses


async def resolve_start(fanout: StreamFanout, start: str | None) -> str:
    """A concrete stream id to read after. ``$``/``now``/none means "after the
    newest entry now" (resolved once, so nothing between reads is missed)."""
    if start in (None, "", "$", "now"):
        return await fanout.newest_id()
    try:
        ms, seq = parse_id(start)
    except ValueError as exc:
        raise InvalidEventId(str(exc)) from None
    return f"{ms}-{seq}"


async def _events(fanout: StreamFanout, after: str, keepalive_s: float) -> AsyncIterator[ServerSentEvent]:
    yield ServerSentEvent(id=after, comment="subscribed")
    async for entry in fanout.subscribe(after, wait_s=keepalive_s):
        if entry is None:
            yield ServerSentEvent(comment="keep-alive")
        else:
            yield ServerSentEvent(data=entry[1], id=entry[0])


@router.get(
    "/events",
    response_class=EventStream,
    operation_id="subscribe_events",
    summary="Server-Sent Events: docpipe.document.processed / failed CloudEvents",
    description="Each SSE message's `data` is one CloudEvent (JSON) and its `id` the stream id. "
    "Resume with the `Last-Event-ID` header; `from=0` replays the whole stream, default is new events only. "
    "The first message is a comment whose `id` is the starting position; keep-alive comments follow "
    "while the stream is idle.",
    responses={
        **sse_schema(
            ok(
                200,
                ex.EVENT_STREAM,
                media_type=EventStream.media_type,
                description=(
                    "A stream that does not end: messages separated by a blank line. The first is the comment "
                    "`: subscribed` with `id: <stream id>` (the position the subscription starts after). Each event is "
                    "`id: <stream id>` and `data: <CloudEvent JSON>` on one line (`type` "
                    "`docpipe.document.processed` or `docpipe.document.failed`, `subject` the document id, `data` "
                    "its counts or error). `: keep-alive` comments come every DOCPIPE_EVENTS_KEEPALIVE_S seconds "
                    "while nothing happens."
                ),
            )
        ),
        **problem_responses(InvalidEventId),
    },
)
async def events(
    request: Request,
    last_event_id: LastEventId = None,
    start: StreamStart = None,
) -> EventSourceResponse:
    fanout = get_fanout(request)
    for given in (last_event_id, start):  # each one given is checked, even when the header wins
        if given is not None and not re.match(STREAM_ID, given):
            raise InvalidEventId(f"{given[:40]!r} is not a stream id like 1700000000000-0 (nor 0, $ or now)")
    after = await resolve_start(fanout, last_event_id or start)
    keepalive_s = settings.events().keepalive_s
    # sse-starlette's own ping is left at a longer interval: ours carry the rhythm.
    return EventSourceResponse(
        _events(fanout, after, keepalive_s),
        ping=int(keepalive_s * 4) + 1,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
