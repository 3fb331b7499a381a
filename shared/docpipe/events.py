"""The CloudEvents 1.0 envelope for "a document is done", and publishing it
to the Redis Stream.

Events are thin (CloudEvents guidance): who (``subject`` = document id), what
(``type``), a small ``data`` summary, and a ``dataref`` to fetch the whole
document. The ``id`` is stable per (document, pipeline version, kind), so a
consumer that sees an event twice (at-least-once delivery) can drop the copy.

Wire form on the stream: one entry per event with a single field ``event``
holding the JSON (structured content mode of the CloudEvents JSON format).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Literal

import orjson

from . import settings
from .document import Document
from .errors import DocpipeError
from .pipeline import PIPELINE_VERSION

SPECVERSION = "1.0"
EVENT_TYPES: dict[str, str] = {
    "processed": "docpipe.document.processed",
    "failed": "docpipe.document.failed",
    "corrected": "docpipe.document.corrected",  # corrections.py
}
EVENT_FIELD = "event"
REQUIRED_ATTRIBUTES: tuple[str, ...] = ("specversion", "id", "source", "type")
# Context attribute names: lower-case ASCII letters and digits (spec §3.1.1).
_ATTRIBUTE_NAME = re.compile(r"^[a-z0-9]{1,20}$")
# RFC 3339 date-time, as the spec requires for `time`.
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class InvalidEvent(DocpipeError):
    code, status, title = "invalid_event", 422, "Not a valid CloudEvents 1.0 event"


def event_id(doc_id: str, pipeline_version: str, kind: str) -> str:
    """Stable per (document, pipeline version, kind): the dedupe key."""
    return f"{doc_id}:{pipeline_version}:{kind}"


def rfc3339_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def make_event(doc: Document, kind: Literal["processed", "failed"], base_url: str) -> dict[str, Any]:
    if kind not in EVENT_TYPES:
        raise ValueError(f"unknown event kind {kind!r}")
    version = doc.pipeline_version or PIPELINE_VERSION
    counts: dict[str, int] = {}
    for entity in doc.entities:
        counts[entity.type] = counts.get(entity.type, 0) + 1
    data: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "status": str(doc.status),
        "pipeline_version": version,
        "entity_count": len(doc.entities),
        "metric_count": len(doc.metrics),
        "entity_counts_by_type": counts,
    }
    if doc.error is not None:
        data["error"] = doc.error.model_dump(mode="json", exclude_none=True)
    return {
        "specversion": SPECVERSION,
        "id": event_id(doc.id, version, kind),
        "source": settings.events().source,
        "type": EVENT_TYPES[kind],
        "subject": doc.id,
        "time": rfc3339_now(),
        "datacontenttype": "application/json",
        "dataref": f"{base_url.rstrip('/')}/documents/{doc.id}",
        "data": data,
    }


def validate_event(event: Any) -> dict[str, Any]:
    """Check the CloudEvents 1.0 rules docpipe relies on; return the event.

    Required attributes are non-empty strings; attribute names are lower-case
    alphanumerics; ``time`` is RFC 3339; ``dataref`` and ``source`` are
    URI-references (non-empty, no whitespace).
    """
    if not isinstance(event, dict):
        raise InvalidEvent("an event is a JSON object")
    for name in REQUIRED_ATTRIBUTES:
        value = event.get(name)
        if not isinstance(value, str) or not value:
            raise InvalidEvent(f"required attribute {name!r} is missing or empty", attribute=name)
    if event["specversion"] != SPECVERSION:
        raise InvalidEvent(f"specversion is {event['specversion']!r}, not {SPECVERSION!r}", attribute="specversion")
    for name in event:
        if name not in ("data", "data_base64") and not _ATTRIBUTE_NAME.match(name):
            raise InvalidEvent(f"attribute name {name!r} is not lower-case alphanumeric", attribute=name)
    for name in ("source", "dataref"):
        if name in event and (not isinstance(event[name], str) or not event[name] or re.search(r"\s", event[name])):
            raise InvalidEvent(f"{name!r} is not a URI-reference", attribute=name)
    for name in ("subject", "datacontenttype"):
        if name in event and (not isinstance(event[name], str) or not event[name]):
            raise InvalidEvent(f"{name!r} must be a non-empty string when present", attribute=name)
    if "time" in event and (not isinstance(event["time"], str) or not _RFC3339.match(event["time"])):
        raise InvalidEvent(f"time {event.get('time')!r} is not RFC 3339", attribute="time")
    return event


def dumps(event: dict[str, Any]) -> str:
    # Chinese stays as UTF-8, not \\u escapes: a third of the bytes.
    return orjson.dumps(event).decode("utf-8")


def loads(raw: str | bytes) -> dict[str, Any]:
    event = orjson.loads(raw)
    if not isinstance(event, dict):
        raise InvalidEvent("an event is a JSON object")
    return event


# Atomically: unless this event id was published within the TTL, XADD it and
# remember its stream id. A publisher retried after a crash (the task is
# delivered again) thus adds no second entry, and the check and the add
# cannot be split by a crash. Consumers still dedupe: the TTL bounds memory.
_PUBLISH_ONCE = """
local seen = redis.call('GET', KEYS[2])
if seen then return seen end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', ARGV[2], ARGV[3])
redis.call('SET', KEYS[2], id, 'EX', ARGV[4])
return id
"""


def publish(
    redis_client: Any,
    event: dict[str, Any],
    *,
    stream: str | None = None,
    dedupe_ttl_s: int | None = 86_400,
) -> str:
    """XADD the event to the stream (``MAXLEN ~`` the configured cap) and
    return its stream id. With ``dedupe_ttl_s`` (default a day), an event id
    already published within that time is not added again; its first stream
    id is returned. ``dedupe_ttl_s=None`` always adds."""
    validate_event(event)
    cfg = settings.events()
    stream = stream or cfg.stream
    payload = dumps(event)
    if dedupe_ttl_s is None:
        entry_id = redis_client.xadd(stream, {EVENT_FIELD: payload}, maxlen=cfg.maxlen, approximate=True)
    else:
        entry_id = redis_client.eval(
            _PUBLISH_ONCE,
            2,
            stream,
            f"{stream}:published:{event['id']}",
            cfg.maxlen,
            EVENT_FIELD,
            payload,
            int(dedupe_ttl_s),
        )
    return entry_id.decode("ascii") if isinstance(entry_id, bytes) else str(entry_id)
