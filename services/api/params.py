"""Query and header parameters several routes share, declared once with the
constraints the routes enforce, so the OpenAPI document says what a request
must be (a contract fuzzer generating from it sends nothing the route then
refuses, and a client sees the choices).

The routes keep their own checks (and so their stable codes: ``unknown_format``,
``invalid_query``, ``invalid_event_id``); these declarations only describe them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Query

from docpipe.document import ENTITY_TYPES

from .export import FORMATS

FORMAT_VALUES = ["json", *FORMATS]
# Where a stream read starts (routes/events.resolve_start): a stream id
# (milliseconds, or milliseconds-sequence: two unsigned 64-bit integers, so up
# to 20 digits each, 18446744073709551615; a larger value is refused where it
# is parsed), 0 for the start, or $ / now / empty for new events only.
STREAM_ID = r"^(\$|now|[0-9]{0,20}|[0-9]{1,20}-[0-9]{1,20})$"
# A period bound (facts): a year, a year and month, or a date.
PERIOD_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": "^[0-9]{4}$"},
        {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"},
        {"type": "string", "format": "date"},
    ]
}
# One SSE message as a client's parser sees it (the text/event-stream schema).
SSE_MESSAGE = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "description": "the stream id; send it back as Last-Event-ID"},
        "event": {"type": "string"},
        "data": {"type": "string", "description": "one CloudEvent as JSON"},
        "retry": {"type": "integer"},
    },
}

Format = Annotated[
    str | None,
    Query(
        description="json (default) or an export of every page: " + ", ".join(FORMATS),
        json_schema_extra={"enum": FORMAT_VALUES},
    ),
]
EntityType = Annotated[
    str | None, Query(description="|".join(ENTITY_TYPES), json_schema_extra={"enum": list(ENTITY_TYPES)})
]
PublishedFrom = Annotated[str | None, Query(description="YYYY-MM-DD, inclusive", json_schema_extra={"format": "date"})]
PublishedTo = PublishedFrom
PeriodFrom = Annotated[
    str | None,
    Query(description="YYYY, YYYY-MM or YYYY-MM-DD; the period starts on or after", json_schema_extra=PERIOD_SCHEMA),
]
PeriodTo = Annotated[
    str | None,
    Query(description="YYYY, YYYY-MM or YYYY-MM-DD; the period ends on or before", json_schema_extra=PERIOD_SCHEMA),
]
LastEventId = Annotated[
    str | None,
    Header(
        alias="Last-Event-ID",
        description="the `id` of the last message seen",
        json_schema_extra={"type": "string", "pattern": STREAM_ID},
    ),
]
StreamStart = Annotated[
    str | None,
    Query(
        alias="from",
        description="stream id to read after; 0 = from the start",
        json_schema_extra={"type": "string", "pattern": STREAM_ID},
    ),
]
