"""Reading the event stream: plain reads from any id (replay, SSE resume),
consumer groups with acknowledgement, reclaiming entries a dead consumer
left pending, and de-duplication for at-least-once consumers.

Every function takes a ``redis.Redis`` client made with or without
``decode_responses``; ids come back as ``str`` and events as dicts.

A consumer loop::

    r = connect()                      # socket timeout above the blocking read
    ensure_group(r, "indexer")
    dedupe = Deduper()
    while True:
        batch = claim_stale(r, "indexer", me, min_idle_ms=60_000) or read_group(r, "indexer", me, block_ms=5000)
        for entry_id, event in batch:
            if not dedupe.seen(event.get("id", entry_id)):
                handle(event)
            ack(r, "indexer", entry_id)   # after handling: at-least-once

``follow`` and ``follow_group`` do that forever and survive Redis going away:
they reconnect with backoff and resume after the last entry they yielded (a
group consumer re-reads its own unacknowledged entries first).

Why ``connect``: a blocking XREAD holds the socket silent for ``block_ms``;
redis-py 6+ gives a client a 5 s socket timeout unless told otherwise, so an
idle stream read with ``block=5000`` times out on the client before Redis
answers. Every reader here sets its socket timeout above its block.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from . import settings
from .events import EVENT_FIELD

log = logging.getLogger(__name__)

Entry = tuple[str, dict[str, Any]]


# What a lost or silent connection raises: the readers reconnect on these.
TRANSIENT = (RedisConnectionError, RedisTimeoutError, OSError)


def read_timeout_s(block_ms: int | None = None) -> float:
    """The socket timeout for a client that blocks ``block_ms`` per read:
    the block plus a margin, never below it."""
    cfg = settings.events()
    return (cfg.block_ms if block_ms is None else block_ms) / 1000 + cfg.read_margin_s


def connect(url: str | None = None, *, block_ms: int | None = None, decode_responses: bool = True) -> redis.Redis[Any]:
    """A client for reading the stream: socket timeout above the blocking
    read, TCP keep-alive, and a PING before reuse after 30 s idle."""
    # redis' stubs pick the client's type by a literal True/False decode_responses.
    client: redis.Redis[Any] = redis.Redis.from_url(  # type: ignore[call-overload]
        url or settings.redis().url,
        decode_responses=decode_responses,
        socket_timeout=read_timeout_s(block_ms),
        socket_connect_timeout=5,
        socket_keepalive=True,
        health_check_interval=30,
    )
    return client


def backoff_delays(first_s: float = 0.5, cap_s: float = 10.0) -> Iterator[float]:
    """0.5, 1, 2, 4 … seconds, capped: the waits between reconnection tries."""
    delay = first_s
    while True:
        yield delay
        delay = min(delay * 2, cap_s)


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _stream(stream: str | None) -> str:
    return stream or settings.events().stream


def decode_entry(entry_id: str | bytes, fields: dict[Any, Any] | None) -> Entry:
    """(stream id, event). An entry that holds no JSON event comes back with
    an empty dict, so a group consumer can still acknowledge it."""
    raw = None
    if fields:
        raw = fields.get(EVENT_FIELD, fields.get(EVENT_FIELD.encode()))
    event: dict[str, Any] = {}
    if raw is not None:
        try:
            parsed = orjson.loads(raw)
            event = parsed if isinstance(parsed, dict) else {}
        except orjson.JSONDecodeError:
            log.warning("stream entry %s holds no JSON event", _text(entry_id))
    return _text(entry_id), event


def _entries(response: Any) -> list[Entry]:
    """Flatten an XREAD/XREADGROUP reply into entries: RESP2 gives
    ``[[stream, [(id, fields), …]], …]``, RESP3 ``{stream: [[(id, fields), …]]}``."""
    if not response:
        return []
    out: list[Entry] = []
    if isinstance(response, dict):
        batches = [value[0] if value and isinstance(value[0], list) else value for value in response.values()]
    else:
        batches = [messages for _, messages in response]
    for messages in batches:
        for entry_id, fields in messages:
            out.append(decode_entry(entry_id, fields))
    return out


def read_events(
    redis_client: Any,
    after: str = "0-0",
    block_ms: int | None = None,
    count: int = 100,
    *,
    stream: str | None = None,
) -> list[Entry]:
    """Entries after stream id ``after`` (exclusive): ``"0-0"`` replays from
    the start, the id of the last entry seen resumes (SSE ``Last-Event-ID``),
    ``"$"`` with ``block_ms`` waits for new ones only."""
    response = redis_client.xread({_stream(stream): after}, count=count, block=block_ms)
    return _entries(response)


def _wait_to_reconnect(
    exc: BaseException,
    delays: Iterator[float],
    on_reconnect: Callable[[BaseException, float], None] | None,
    sleep: Callable[[float], object],
) -> None:
    """The next backoff delay after a lost connection: told, then slept."""
    delay = next(delays)
    if on_reconnect is not None:
        on_reconnect(exc, delay)
    sleep(delay)


def follow(
    redis_client: Any,
    after: str = "$",
    block_ms: int = 5000,
    count: int = 100,
    *,
    stream: str | None = None,
    on_reconnect: Callable[[BaseException, float], None] | None = None,
    sleep: Callable[[float], object] = time.sleep,
) -> Iterator[Entry]:
    """Every entry after ``after``, forever, blocking ``block_ms`` at a time.
    ``"$"`` resolves once to the current end so nothing in between is missed.
    A lost connection is retried with backoff (``on_reconnect(error, delay)``
    is told first) and reading resumes after the last entry yielded."""
    name = _stream(stream)
    delays = backoff_delays()
    while True:
        try:
            if after == "$":
                last = redis_client.xrevrange(name, count=1)
                after = _text(last[0][0]) if last else "0-0"
            entries = read_events(redis_client, after, block_ms=block_ms, count=count, stream=name)
        except TRANSIENT as exc:
            _wait_to_reconnect(exc, delays, on_reconnect, sleep)
            continue
        delays = backoff_delays()
        for entry in entries:
            after = entry[0]
            yield entry


def follow_group(
    redis_client: Any,
    group: str,
    consumer: str,
    block_ms: int = 5000,
    count: int = 100,
    *,
    start: str = "0",
    stream: str | None = None,
    on_reconnect: Callable[[BaseException, float], None] | None = None,
    sleep: Callable[[float], object] = time.sleep,
) -> Iterator[list[Entry]]:
    """Batches for ``consumer`` of ``group`` forever (the group is created
    from ``start`` if absent). The caller acknowledges what it handled. First,
    and again after every reconnection, the consumer's own unacknowledged
    entries come back (a crash between read and ack loses nothing); then new
    ones. An empty batch means the block passed with nothing new."""
    delays = backoff_delays()
    pending = True
    while True:
        try:
            if pending:
                ensure_group(redis_client, group, start=start, stream=stream)
                batch = read_group(redis_client, group, consumer, count=count, pending=True, stream=stream)
                if batch:
                    yield batch
                    continue  # until this consumer has nothing pending
                pending = False
            batch = read_group(redis_client, group, consumer, block_ms=block_ms, count=count, stream=stream)
        except TRANSIENT as exc:
            _wait_to_reconnect(exc, delays, on_reconnect, sleep)
            pending = True
            continue
        delays = backoff_delays()
        yield batch


def ensure_group(redis_client: Any, group: str, start: str = "0", *, stream: str | None = None) -> bool:
    """Create the consumer group (and the stream) unless it exists; returns
    whether it was created. ``start="0"``: the group first receives the whole
    stream; ``"$"``: only what is added from now on."""
    try:
        redis_client.xgroup_create(_stream(stream), group, id=start, mkstream=True)
        return True
    except ResponseError as exc:
        if "BUSYGROUP" in str(exc):
            return False
        raise


def read_group(
    redis_client: Any,
    group: str,
    consumer: str,
    block_ms: int | None = None,
    count: int = 100,
    *,
    pending: bool = False,
    stream: str | None = None,
) -> list[Entry]:
    """New entries for this consumer of the group (they stay pending until
    acknowledged). ``pending=True`` instead re-reads this consumer's own
    unacknowledged entries, e.g. after a restart under the same name."""
    response = redis_client.xreadgroup(
        group, consumer, {_stream(stream): "0" if pending else ">"}, count=count, block=block_ms
    )
    return _entries(response)


def ack(redis_client: Any, group: str, *ids: str, stream: str | None = None) -> int:
    """Acknowledge entries; returns how many were pending."""
    if not ids:
        return 0
    return int(redis_client.xack(_stream(stream), group, *ids))


def claim_stale(
    redis_client: Any,
    group: str,
    consumer: str,
    min_idle_ms: int = 60_000,
    count: int = 100,
    *,
    stream: str | None = None,
) -> list[Entry]:
    """Take over entries another consumer of the group read but did not
    acknowledge for ``min_idle_ms`` (it died or hangs): XAUTOCLAIM, walking
    the pending list until ``count`` entries are claimed or it ends."""
    name = _stream(stream)
    claimed: list[Entry] = []
    start = "0-0"
    while len(claimed) < count:
        reply = redis_client.xautoclaim(
            name, group, consumer, min_idle_time=min_idle_ms, start_id=start, count=count - len(claimed)
        )
        # Redis 6.2: [next, entries]; Redis 7: [next, entries, deleted ids].
        next_start, messages = _text(reply[0]), reply[1]
        for entry_id, fields in messages:
            if fields is None:  # trimmed away after it was read (Redis 6.2)
                ack(redis_client, group, _text(entry_id), stream=name)
                continue
            claimed.append(decode_entry(entry_id, fields))
        if next_start == "0-0":
            break
        start = next_start
    return claimed


def pending_count(redis_client: Any, group: str, *, stream: str | None = None) -> int:
    info = redis_client.xpending(_stream(stream), group)
    return int(info["pending"] if isinstance(info, dict) else info[0])


class Deduper:
    """Remembers the last ``maxlen`` event ids seen, in memory: enough for a
    consumer to drop the duplicates at-least-once delivery makes (they arrive
    close together: a re-delivery, a re-publish)."""

    def __init__(self, maxlen: int = 100_000) -> None:
        if maxlen < 1:
            raise ValueError("maxlen must be positive")
        self.maxlen = maxlen
        self._seen: OrderedDict[str, None] = OrderedDict()

    def seen(self, event_id: str) -> bool:
        """Whether ``event_id`` was seen before; records it either way."""
        if event_id in self._seen:
            self._seen.move_to_end(event_id)
            return True
        self._seen[event_id] = None
        if len(self._seen) > self.maxlen:
            self._seen.popitem(last=False)
        return False

    def __contains__(self, event_id: str) -> bool:
        return event_id in self._seen

    def __len__(self) -> int:
        return len(self._seen)


class RedisDeduper:
    """Like ``Deduper`` but shared by every process of a consumer and kept
    across restarts: ``SET key NX EX ttl`` per event id."""

    def __init__(self, redis_client: Any, namespace: str, ttl_s: int = 7 * 86_400) -> None:
        self.redis = redis_client
        self.prefix = f"{settings.events().stream}:seen:{namespace}:"
        self.ttl_s = ttl_s

    def seen(self, event_id: str) -> bool:
        return not self.redis.set(self.prefix + event_id, 1, nx=True, ex=self.ttl_s)
