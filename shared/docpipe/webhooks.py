"""Webhook subscriptions and their deliveries, kept in Redis.

Redis, not the document store: the API replicas and the ``webhooks``
workers already share it, the due list is a sorted set the workers claim
from atomically, and nothing here is a document.

Keys (prefix ``docpipe:webhooks:``):

- ``subs`` — hash, subscription id -> JSON (url, event types, filter,
  secret, ``since``: the stream id that was last when it was created; only
  later events are delivered to it);
- ``delivery:<id>`` — JSON of one delivery (one event for one
  subscription): the exact body, state ``pending`` | ``delivered`` |
  ``dead``, attempts, last status or error;
- ``due`` — sorted set, delivery id -> when to try next (epoch seconds); a
  worker that claims one pushes its score out by a lease, so a worker that
  dies mid-attempt leaves it to be tried again;
- ``by-sub:<sub id>`` / ``dead:<sub id>`` — sorted sets of the
  subscription's deliveries / dead deliveries by time, for listing.

The delivery id is derived from (subscription, event id): reading an event
twice (a group consumer re-reading after a crash) makes no second delivery,
and it is the ``webhook-id`` of every attempt, so a receiver dedupes on it.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import random
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

from . import settings
from .document import ENTITY_TYPES
from .errors import DocpipeError
from .events import EVENT_TYPES

PREFIX = "docpipe:webhooks:"
SUBS = PREFIX + "subs"
DUE = PREFIX + "due"
STATES = ("pending", "delivered", "dead")
# What a subscription can ask for: every event type docpipe publishes.
KNOWN_EVENT_TYPES: tuple[str, ...] = tuple(EVENT_TYPES.values())
FILTER_KEYS = ("entity_type", "adcode")


class InvalidWebhookUrl(DocpipeError):
    code, status, title = "invalid_webhook_url", 422, "The webhook URL is not an http(s) URL elsewhere than this API"


class UnknownEventType(DocpipeError):
    code, status, title = "unknown_event_type", 422, "No such event type"


class WebhookNotFound(DocpipeError):
    code, status, title = "webhook_not_found", 404, "No such webhook subscription"


class DeliveryNotFound(DocpipeError):
    code, status, title = "delivery_not_found", 404, "No such webhook delivery"


ERRORS = (InvalidWebhookUrl, UnknownEventType, WebhookNotFound, DeliveryNotFound)


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` + base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def delivery_id(sub_id: str, event_id: str) -> str:
    digest = hashlib.sha256(f"{sub_id}\n{event_id}".encode()).hexdigest()[:32]
    return f"msg_{digest}"


# ------------------------------------------------------------------ checks

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def _is_local(host: str) -> bool:
    """Whether ``host`` names this machine (a loopback or the any-address)."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def _origin(url: str) -> tuple[str, int] | None:
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    return parts.hostname.lower(), port


def check_url(url: Any, own_urls: list[str]) -> str:
    """``url`` if it is an absolute http(s) URL that is not this API (one of
    ``own_urls``: its public URL, its bind address, the URL the request came
    in on). Names are compared, not resolved: a local name or address with
    the API's port counts as the API."""
    if not isinstance(url, str) or not url.strip():
        raise InvalidWebhookUrl("url must be an absolute http(s) URL")
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InvalidWebhookUrl(f"url must be http or https, not {parts.scheme or 'a relative URL'!r}", url=url)
    origin = _origin(url)
    if origin is None:
        raise InvalidWebhookUrl("url has no host or an invalid port", url=url)
    host, port = origin
    for own in own_urls:
        mine = _origin(own)
        if mine is None:
            continue
        same_host = host == mine[0] or (_is_local(host) and _is_local(mine[0]))
        if same_host and port == mine[1]:
            raise InvalidWebhookUrl(f"url {url!r} points at this API itself", url=url)
    return str(url)


def check_event_types(value: Any) -> list[str]:
    if value is None:
        return list(KNOWN_EVENT_TYPES)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise UnknownEventType(f"event_types must be a non-empty list of {', '.join(KNOWN_EVENT_TYPES)}")
    unknown = sorted(set(value) - set(KNOWN_EVENT_TYPES))
    if unknown:
        raise UnknownEventType(
            f"unknown event types {', '.join(unknown)}; known: {', '.join(KNOWN_EVENT_TYPES)}", unknown=unknown
        )
    return sorted(set(value), key=KNOWN_EVENT_TYPES.index)


def check_filter(value: Any) -> dict[str, str]:
    from .errors import InvalidBody

    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidBody('filter must be an object such as {"entity_type": "park", "adcode": "320500"}')
    unknown = sorted(set(value) - set(FILTER_KEYS))
    if unknown:
        raise InvalidBody(f"filter keys are {', '.join(FILTER_KEYS)}; unknown: {', '.join(unknown)}")
    out: dict[str, str] = {}
    if value.get("entity_type") is not None:
        if value["entity_type"] not in ENTITY_TYPES:
            raise InvalidBody(f"filter.entity_type must be one of {', '.join(ENTITY_TYPES)}")
        out["entity_type"] = value["entity_type"]
    if value.get("adcode") is not None:
        code = value["adcode"]
        if not isinstance(code, str) or len(code) != 6 or not (code.isascii() and code.isdigit()):
            raise InvalidBody("filter.adcode must be six digits, e.g. 320500")
        out["adcode"] = code
    return out


def adcode_matches(wanted: str, found: str) -> bool:
    """A province (``32xxxx`` ending ``0000``) or prefecture (ending ``00``)
    code covers the codes under it."""
    if wanted.endswith("0000"):
        return found[:2] == wanted[:2]
    if wanted.endswith("00"):
        return found[:4] == wanted[:4]
    return found == wanted


# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class Subscription:
    id: str
    url: str
    event_types: list[str]
    filter: dict[str, str]
    secret: str
    created_at: str
    since: str  # stream id; only later events are delivered
    description: str | None = None

    def public(self) -> dict[str, Any]:
        """What the API shows after creation: everything but the secret."""
        return {
            "id": self.id,
            "url": self.url,
            "event_types": self.event_types,
            "filter": self.filter,
            "description": self.description,
            "created_at": self.created_at,
            "since": self.since,
        }

    def wants(self, event_type: str) -> bool:
        return event_type in self.event_types


def _now_iso(t: float | None = None) -> str:
    from datetime import UTC, datetime

    return (
        datetime.fromtimestamp(time.time() if t is None else t, UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


# Create a delivery unless it exists: record, due entry, listing entry.
_CREATE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
  return 1
end
return 0
"""

# Claim up to ARGV[2] deliveries due by ARGV[1]: lease each to ARGV[3].
_CLAIM = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], ARGV[3], id)
end
return ids
"""


# The retry schedule: how long after a failed attempt the next one is
# (``base_delay_s``, stretched by up to ``JITTER``) and when a delivery is
# dead (``retries_over``); ``Webhooks`` follows it, ``retry_schedule`` lists it.
JITTER = 0.1


def base_delay_s(conf: settings.WebhookSettings, attempts: int) -> float:
    """The wait after the ``attempts``-th failed attempt, before jitter:
    ``retry_first_s`` doubling per attempt, at most ``retry_max_s``."""
    return float(min(conf.retry_first_s * 2 ** max(attempts - 1, 0), conf.retry_max_s))


def retries_over(conf: settings.WebhookSettings, since_created_s: float) -> bool:
    """Whether a delivery that failed ``since_created_s`` after it was made is dead."""
    return since_created_s >= conf.retry_for_s


def retry_schedule(conf: settings.WebhookSettings) -> list[float]:
    """The waits between the attempts of a delivery that never succeeds,
    jitter left out (it only lengthens them): the first attempt at once, the
    last the first whose failure is past ``retries_over``."""
    waits: list[float] = []
    while not retries_over(conf, sum(waits)):
        waits.append(base_delay_s(conf, len(waits) + 1))
    return waits


class Webhooks:
    """Subscriptions and deliveries on one Redis client (bytes or text)."""

    def __init__(self, redis_client: Any, conf: settings.WebhookSettings | None = None) -> None:
        self.r = redis_client
        self.conf = conf or settings.webhooks()

    # -- subscriptions ------------------------------------------------------------
    def create(
        self, url: str, event_types: list[str], filter_: dict[str, str], description: str | None = None
    ) -> Subscription:
        last = self.r.xrevrange(settings.events().stream, count=1)
        since = _text(last[0][0]) if last else "0-0"
        sub = Subscription(
            id="wh_" + uuid.uuid4().hex[:20],
            url=url,
            event_types=event_types,
            filter=filter_,
            secret=new_secret(),
            created_at=_now_iso(),
            since=since,
            description=description,
        )
        self.r.hset(SUBS, sub.id, orjson.dumps(sub.__dict__))
        return sub

    def get(self, sub_id: str) -> Subscription | None:
        raw = self.r.hget(SUBS, sub_id)
        return Subscription(**orjson.loads(raw)) if raw else None

    def require(self, sub_id: str) -> Subscription:
        sub = self.get(sub_id)
        if sub is None:
            raise WebhookNotFound(f"no webhook {sub_id}")
        return sub

    def all(self) -> list[Subscription]:
        subs = [Subscription(**orjson.loads(raw)) for raw in self.r.hvals(SUBS)]
        return sorted(subs, key=lambda s: (s.created_at, s.id))

    def delete(self, sub_id: str) -> bool:
        """Forget the subscription; its pending deliveries are dropped when
        they come due (the worker finds no subscription)."""
        return bool(self.r.hdel(SUBS, sub_id))

    def counts(self, sub_id: str) -> dict[str, int]:
        return {
            "listed": int(self.r.zcard(f"{PREFIX}by-sub:{sub_id}")),
            "dead": int(self.r.zcard(f"{PREFIX}dead:{sub_id}")),
        }

    # -- deliveries ---------------------------------------------------------------
    def enqueue(self, sub: Subscription, event: dict[str, Any], stream_id: str, body: bytes) -> bool:
        """A pending delivery of ``event`` to ``sub``, due now, unless one
        exists; returns whether it was created."""
        now = time.time()
        did = delivery_id(sub.id, str(event.get("id", stream_id)))
        record = {
            "id": did,
            "subscription": sub.id,
            "event_id": event.get("id"),
            "event_type": event.get("type"),
            "subject": event.get("subject"),
            "stream_id": stream_id,
            "body": body.decode("utf-8"),
            "state": "pending",
            "attempts": 0,
            "created": now,
            "created_at": _now_iso(now),
            "next_attempt_at": _now_iso(now),
            "last_attempt_at": None,
            "last_status": None,
            "last_error": None,
        }
        return bool(
            self.r.eval(
                _CREATE, 3, PREFIX + "delivery:" + did, DUE, f"{PREFIX}by-sub:{sub.id}", orjson.dumps(record), now, did
            )
        )

    def load(self, did: str) -> dict[str, Any] | None:
        raw = self.r.get(PREFIX + "delivery:" + did)
        return orjson.loads(raw) if raw else None

    def claim_due(self, limit: int, lease_s: float) -> list[str]:
        now = time.time()
        ids = self.r.eval(_CLAIM, 1, DUE, now, limit, now + lease_s)
        return [_text(i) for i in ids]

    def delay_s(self, attempts: int) -> float:
        """The wait after the ``attempts``-th failed attempt: exponential, capped, jittered."""
        return base_delay_s(self.conf, attempts) * (1 + random.uniform(0, JITTER))

    def record_attempt(self, record: dict[str, Any], status: int | None, error: str | None) -> dict[str, Any]:
        """Write one attempt's outcome: delivered, pending again (next try
        scheduled) or dead (past ``retry_for_s``)."""
        now = time.time()
        record = {
            **record,
            "attempts": record["attempts"] + 1,
            "last_attempt_at": _now_iso(now),
            "last_status": status,
            "last_error": error,
        }
        key = PREFIX + "delivery:" + record["id"]
        sub = record["subscription"]
        pipe = self.r.pipeline(transaction=True)
        if status is not None and 200 <= status < 300:
            record.update(state="delivered", delivered_at=_now_iso(now), next_attempt_at=None)
            pipe.set(key, orjson.dumps(record), ex=self.conf.keep_delivered_s)
            pipe.zrem(DUE, record["id"])
        else:
            wait = self.delay_s(record["attempts"])
            if retries_over(self.conf, now - record["created"]):
                record.update(state="dead", dead_at=_now_iso(now), next_attempt_at=None)
                pipe.set(key, orjson.dumps(record))
                pipe.zrem(DUE, record["id"])
                pipe.zadd(f"{PREFIX}dead:{sub}", {record["id"]: now})
            else:
                record.update(state="pending", next_attempt_at=_now_iso(now + wait))
                pipe.set(key, orjson.dumps(record))
                pipe.zadd(DUE, {record["id"]: now + wait})
        pipe.execute()
        return record

    def drop(self, did: str) -> None:
        """A due delivery whose subscription is gone."""
        record = self.load(did)
        pipe = self.r.pipeline(transaction=True)
        pipe.zrem(DUE, did)
        pipe.delete(PREFIX + "delivery:" + did)
        if record:
            pipe.zrem(f"{PREFIX}by-sub:{record['subscription']}", did)
            pipe.zrem(f"{PREFIX}dead:{record['subscription']}", did)
        pipe.execute()

    def deliveries(self, sub_id: str, state: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Newest first; ``state="dead"`` reads the dead-letter list itself."""
        index = f"{PREFIX}dead:{sub_id}" if state == "dead" else f"{PREFIX}by-sub:{sub_id}"
        out: list[dict[str, Any]] = []
        start = 0
        while len(out) < limit:
            ids = [_text(i) for i in self.r.zrevrange(index, start, start + 4 * limit - 1)]
            if not ids:
                break
            start += len(ids)
            raws = self.r.mget([PREFIX + "delivery:" + i for i in ids])
            gone = [i for i, raw in zip(ids, raws, strict=True) if raw is None]
            if gone:  # delivered records expire: their listing entries go too
                self.r.zrem(index, *gone)
                start -= len(gone)
            for raw in raws:
                if raw is None:
                    continue
                rec = orjson.loads(raw)
                if state is None or rec["state"] == state:
                    out.append(rec)
        return out[:limit]

    def redeliver(self, sub_id: str, did: str) -> dict[str, Any]:
        """A dead (or pending) delivery due again now, with a fresh retry
        window; the same webhook-id, so a receiver that did get it drops it."""
        record = self.load(did)
        if record is None or record["subscription"] != sub_id:
            raise DeliveryNotFound(f"no delivery {did} of webhook {sub_id}")
        now = time.time()
        record = {
            **record,
            "state": "pending",
            "created": now,
            "next_attempt_at": _now_iso(now),
            "redelivered_at": _now_iso(now),
        }
        pipe = self.r.pipeline(transaction=True)
        pipe.set(PREFIX + "delivery:" + did, orjson.dumps(record))
        pipe.zrem(f"{PREFIX}dead:{sub_id}", did)
        pipe.zadd(DUE, {did: now})
        pipe.execute()
        return record


def public_delivery(record: dict[str, Any]) -> dict[str, Any]:
    """A delivery as the API lists it (the body as JSON, no internals)."""
    out = {k: v for k, v in record.items() if k not in ("body", "created")}
    try:
        out["payload"] = orjson.loads(record["body"])
    except (orjson.JSONDecodeError, KeyError):
        out["payload"] = None
    return out
