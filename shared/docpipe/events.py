"""The CloudEvents 1.0 envelope for "a document is done", and publishing it
to the Redis Stream.

Events are thin (CloudEvents guidance): who (``subject`` = document id), what
(``type``), a small ``data`` summary, and a ``dataref`` to fetch the whole
document. The ``id`` is stable per (document, pipeline version, kind), so a
consumer that sees an event twice (at-least-once delivery) can drop the copy.

Wire form on the stream: one entry per event with a single field ``event``
holding the JSON (structured content mode of the CloudEvents JSON format).
The envelope is made and checked by the CloudEvents SDK (``cloudevents``);
only its JSON text is written here (orjson: UTF-8 Chinese, millisecond times).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Literal

import orjson
from cloudevents.core.exceptions import CloudEventValidationError
from cloudevents.core.spec import SPECVERSION_V1_0
from cloudevents.core.v1.event import CloudEvent

from . import settings
from .document import Document
from .errors import DocpipeError
from .pipeline import PIPELINE_VERSION

SPECVERSION = SPECVERSION_V1_0
EVENT_TYPES: dict[str, str] = {
    "processed": "docpipe.document.processed",
    "failed": "docpipe.document.failed",
    "corrected": "docpipe.document.corrected",  # corrections.py
}
EVENT_FIELD = "event"
# The SDK fills a missing specversion, id and time with defaults (a new
# UUID, now): right when making an event, wrong when reading one.
_PRESENT: tuple[str, ...] = ("specversion", "id")
# RFC 3339 date-time with the "T" (the SDK's parser would take a space too).
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class InvalidEvent(DocpipeError):
    code, status, title = "invalid_event", 422, "Not a valid CloudEvents 1.0 event"


def event_id(doc_id: str, pipeline_version: str, kind: str) -> str:
    """Stable per (document, pipeline version, kind): the dedupe key."""
    return f"{doc_id}:{pipeline_version}:{kind}"


def rfc3339(when: datetime) -> str:
    """Milliseconds and "Z", as docpipe's events always carried (the SDK's
    writer would give microseconds)."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _checked(attributes: dict[str, Any], data: Any) -> CloudEvent:
    """The SDK's CloudEvent (it checks the required attributes, their types,
    the time's zone and the extension names), or InvalidEvent naming the
    first attribute it refused."""
    try:
        return CloudEvent(attributes, data)
    except CloudEventValidationError as exc:
        name, problems = next(iter(exc.errors.items()))
        raise InvalidEvent(f"attribute {name!r}: {problems[0]}", attribute=name) from None


def to_dict(event: CloudEvent) -> dict[str, Any]:
    """The structured-mode JSON object of an SDK event: its attributes in
    the order given, ``time`` as RFC 3339 with milliseconds, then ``data``."""
    out = dict(event.get_attributes())
    when = out.get("time")
    if isinstance(when, datetime):
        out["time"] = rfc3339(when)
    out["data"] = event.get_data()
    return out


def envelope(kind: str, event_id: str, subject: str, dataref: str, data: dict[str, Any]) -> dict[str, Any]:
    """One docpipe event as its JSON object: made and checked by the
    CloudEvents SDK. ``kind`` is a key of EVENT_TYPES."""
    attributes: dict[str, Any] = {
        "specversion": SPECVERSION,
        "id": event_id,
        "source": settings.events().source,
        "type": EVENT_TYPES[kind],
        "subject": subject,
        "time": datetime.now(UTC),
        "datacontenttype": "application/json",
        "dataref": dataref,
    }
    return to_dict(_checked(attributes, data))


def make_event(doc: Document, kind: Literal["processed", "failed"], base_url: str) -> dict[str, Any]:
    if kind not in ("processed", "failed"):
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
    return envelope(kind, event_id(doc.id, version, kind), doc.id, f"{base_url.rstrip('/')}/documents/{doc.id}", data)


def from_dict(event: Any) -> CloudEvent:
    """An event's JSON object read into the SDK's CloudEvent, checked by it
    (InvalidEvent naming the attribute otherwise). Besides the SDK's checks:
    ``specversion`` and ``id`` must be present (it would default them),
    ``time`` is RFC 3339, ``source`` and ``dataref`` hold no whitespace
    (URI-references; the SDK checks only that ``source`` is a string)."""
    if not isinstance(event, dict):
        raise InvalidEvent("an event is a JSON object")
    for name in _PRESENT:
        if name not in event:
            raise InvalidEvent(f"required attribute {name!r} is missing", attribute=name)
    attributes = {name: value for name, value in event.items() if name not in ("data", "data_base64")}
    if "time" in attributes:
        when = attributes["time"]
        if not isinstance(when, str) or not _RFC3339.match(when):
            raise InvalidEvent(f"time {when!r} is not RFC 3339", attribute="time")
        attributes["time"] = datetime.fromisoformat(when)
    for name in ("source", "dataref"):
        value = attributes.get(name)
        if isinstance(value, str) and re.search(r"\s", value):
            raise InvalidEvent(f"{name!r} is not a URI-reference", attribute=name)
    return _checked(attributes, event.get("data"))


def from_json(raw: str | bytes) -> CloudEvent:
    """One event from its JSON text (orjson: the SDK's reader would default
    a missing id), checked as ``from_dict`` does."""
    return from_dict(loads(raw))


def validate_event(event: Any) -> dict[str, Any]:
    """Check an event's JSON object with the SDK (``from_dict``); return it."""
    from_dict(event)
    result: dict[str, Any] = event
    return result


def dumps(event: dict[str, Any]) -> str:
    # Chinese stays as UTF-8, not \\u escapes (the SDK's writer escapes): a third of the bytes.
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
