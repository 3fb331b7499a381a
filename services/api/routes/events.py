"""GET /events: Server-Sent Events over the Redis Stream of CloudEvents.

The stream entry id is the SSE ``id:``, so a client that reconnects with
``Last-Event-ID`` resumes exactly after the last event it saw.
"""
from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query
from sse_starlette import EventSourceResponse, ServerSentEvent

from docpipe import settings

from ..deps import AsyncRedisDep
from ..problems import InvalidEventId

router = APIRouter(tags=["events"])

STREAM_ID = re.compile(r"^\d+(-\d+)?$")
BLOCK_MS = 5000


async def resolve_start(r: AsyncRedisDep, stream: str, start: str | None) -> str:
    """A concrete stream id to read after. ``$``/``now``/none means "after the
    newest entry now" (resolved once, so nothing between reads is missed)."""
    if start in (None, "", "$", "now"):
        newest = await r.xrevrange(stream, count=1)
        return newest[0][0] if newest else "0-0"
    if not STREAM_ID.match(start):
        raise InvalidEventId(f"{start!r} is not a stream id like 1700000000000-0")
    return start


async def _events(r: AsyncRedisDep, stream: str, after: str) -> AsyncIterator[ServerSentEvent]:
    while True:
        reply = await r.xread({stream: after}, count=100, block=BLOCK_MS)
        for _name, entries in reply or ():
            for entry_id, fields in entries:
                after = entry_id
                yield ServerSentEvent(data=fields.get("event", "{}"), id=entry_id)


@router.get(
    "/events",
    summary="Server-Sent Events: docpipe.document.processed / failed CloudEvents",
    description="Each SSE message's `data` is one CloudEvent (JSON) and its `id` the stream id. "
    "Resume with the `Last-Event-ID` header; `from=0` replays the whole stream, default is new events only.",
)
async def events(
    r: AsyncRedisDep,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    start: Annotated[str | None, Query(alias="from", description="stream id to read after; 0 = from the start")] = None,
) -> EventSourceResponse:
    stream = settings.events().stream
    after = await resolve_start(r, stream, last_event_id or start)
    return EventSourceResponse(_events(r, stream, after), ping=15, headers={"Cache-Control": "no-store"})
