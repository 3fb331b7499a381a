"""One reader of the event stream per API process, fanned out to every SSE
subscriber.

A connection per subscriber would cap subscribers at the Redis pool's size
(redis-py's asyncio pool holds 100: the 101st client got a 500) and make Redis
answer one blocking XREAD per client. Instead a single task reads the stream
and keeps the newest ``fanout_buffer`` entries in memory; each subscriber
holds only its own position (the last stream id it sent) and waits on one
shared condition. A subscriber that starts, or falls, behind what the buffer
holds reads the gap from Redis itself (short, non-blocking reads), then
continues from the buffer.

The reader survives Redis going away: it reconnects with backoff and resumes
after the last entry it read; subscribers see keep-alive comments meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as aredis

from docpipe import settings, streams

log = logging.getLogger("docpipe.api.events")

Entry = tuple[str, str]  # (stream id, the event's JSON text)

MAX_ID_PART = 2**64 - 1


def parse_id(stream_id: str) -> tuple[int, int]:
    """``"1700000000000-3"`` → ``(1700000000000, 3)``; a bare number is
    ``(ms, 0)``. Raises ``ValueError`` for anything Redis would not accept
    as a stream id (also parts above 2**64 - 1)."""
    ms, sep, seq = stream_id.partition("-")
    if not (ms.isascii() and ms.isdigit()) or (sep and not (seq.isascii() and seq.isdigit())):
        raise ValueError(f"{stream_id!r} is not a stream id like 1700000000000-0")
    parts = (int(ms), int(seq) if sep else 0)
    if max(parts) > MAX_ID_PART:
        raise ValueError(f"{stream_id!r} is beyond the largest stream id ({MAX_ID_PART}-{MAX_ID_PART})")
    return parts


def _format(parts: tuple[int, int]) -> str:
    return f"{parts[0]}-{parts[1]}"


def _event_json(fields: dict[str, Any] | None) -> str:
    from docpipe.events import EVENT_FIELD

    return (fields or {}).get(EVENT_FIELD, "{}")


class StreamFanout:
    """The stream reader and its buffer; ``subscribe(after)`` yields every
    entry after stream id ``after``, in order, without gaps the stream
    itself still holds."""

    def __init__(self, url: str, stream: str, *, block_ms: int, buffer: int) -> None:
        self.stream = stream
        self.block_ms = block_ms
        # The reader's own connection: its socket timeout sits above the block.
        self.reader = aredis.Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=streams.read_timeout_s(block_ms),
            socket_connect_timeout=5,
            socket_keepalive=True,
            health_check_interval=30,
        )
        # Short reads for subscribers (the newest id, a gap behind the buffer;
        # never blocking XREADs): a small pool that makes callers queue for a
        # connection instead of failing when all are busy.
        self.catchup = aredis.Redis(
            connection_pool=aredis.BlockingConnectionPool.from_url(
                url,
                decode_responses=True,
                socket_timeout=10,
                socket_connect_timeout=5,
                max_connections=20,
                timeout=30,
            )
        )
        self.buffer: deque[tuple[tuple[int, int], Entry]] = deque(maxlen=buffer)
        # Every entry after ``floor`` is in the buffer or has not arrived yet.
        self.floor: tuple[int, int] | None = None
        self.changed = asyncio.Condition()
        self.subscribers = 0
        self.reconnects = 0
        self._task: asyncio.Task[None] | None = None
        self._started = asyncio.Event()

    @classmethod
    def from_settings(cls) -> StreamFanout:
        cfg = settings.events()
        return cls(settings.redis().url, cfg.stream, block_ms=cfg.block_ms, buffer=cfg.fanout_buffer)

    # -- the one reader ------------------------------------------------------------
    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._read_forever(), name="docpipe-stream-fanout")

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        # types-redis predates redis 5's aclose.
        await self.reader.aclose()  # type: ignore[attr-defined]
        await self.catchup.aclose()  # type: ignore[attr-defined]

    async def newest_id(self) -> str:
        newest = await self.catchup.xrevrange(self.stream, count=1)
        return newest[0][0] if newest else "0-0"

    async def _read_forever(self) -> None:
        delays = streams.backoff_delays()
        after: str | None = None
        while True:
            try:
                if after is None:
                    after = await self.newest_id()
                    self.floor = parse_id(after)
                    self._started.set()
                reply = await self.reader.xread({self.stream: after}, count=500, block=self.block_ms)
            except asyncio.CancelledError:
                raise
            except streams.TRANSIENT as exc:
                delay = next(delays)
                self.reconnects += 1
                log.warning("event stream reader: %s; reconnecting in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                continue
            delays = streams.backoff_delays()
            entries = [(entry_id, _event_json(fields)) for _name, rows in (reply or ()) for entry_id, fields in rows]
            if not entries:
                continue
            after = entries[-1][0]
            async with self.changed:
                for entry in entries:
                    if len(self.buffer) == self.buffer.maxlen:
                        self.floor = self.buffer[0][0]  # the oldest leaves: the floor rises to it
                    self.buffer.append((parse_id(entry[0]), entry))
                self.changed.notify_all()

    # -- subscribers -----------------------------------------------------------------
    def _from_buffer(self, after: tuple[int, int]) -> list[Entry] | None:
        """Entries after ``after`` held in memory; None when ``after`` is
        below the floor (the gap must be read from Redis)."""
        if self.floor is None or after < self.floor:
            return None
        if not self.buffer or self.buffer[-1][0] <= after:
            return []
        # The buffer is ordered: skip from the left (subscribers are mostly at the end).
        start = len(self.buffer)
        while start > 0 and self.buffer[start - 1][0] > after:
            start -= 1
        return [self.buffer[i][1] for i in range(start, len(self.buffer))]

    async def _catch_up(self, after: str) -> list[Entry]:
        reply = await self.catchup.xread({self.stream: after}, count=500)
        return [(entry_id, _event_json(fields)) for _name, rows in (reply or ()) for entry_id, fields in rows]

    async def subscribe(self, after: str, *, wait_s: float) -> AsyncIterator[Entry | None]:
        """Entries after ``after``, forever; ``None`` each time ``wait_s``
        passes with nothing new (the caller sends a keep-alive then)."""
        await self.start()
        await self._started.wait()
        position = parse_id(after)
        self.subscribers += 1
        try:
            while True:
                entries = self._from_buffer(position)
                if entries is None:
                    try:
                        entries = await self._catch_up(_format(position))
                    except streams.TRANSIENT as exc:
                        log.warning("event stream catch-up: %s", exc)
                        yield None
                        await asyncio.sleep(min(wait_s, 1.0))
                        continue
                    if not entries and self.floor is not None and position < self.floor:
                        # Redis holds nothing after us below the floor (trimmed): continue from it.
                        position = self.floor
                if entries:
                    for entry in entries:
                        position = parse_id(entry[0])
                        yield entry
                    continue
                idle = False
                async with self.changed:
                    if self._from_buffer(position) == []:
                        try:
                            await asyncio.wait_for(self.changed.wait(), timeout=wait_s)
                        except TimeoutError:
                            idle = True
                if idle:  # yielded outside the lock: the caller writes to its client meanwhile
                    yield None
        finally:
            self.subscribers -= 1
