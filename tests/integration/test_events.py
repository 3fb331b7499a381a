"""Events on a real Redis Stream: publish and read, replay from any id,
consumer groups with acknowledgement, re-delivery of what a dead consumer
left unacknowledged, and de-duplication by event id."""

from __future__ import annotations

import threading
import time

import pytest
import redis

from docpipe import settings
from docpipe.document import Document, Status
from docpipe.embedded import RedisServer
from docpipe.events import make_event, publish
from docpipe.streams import (
    Deduper,
    RedisDeduper,
    ack,
    claim_stale,
    ensure_group,
    follow,
    pending_count,
    read_events,
    read_group,
)

pytestmark = pytest.mark.integration

STREAM = settings.events().stream


def event_for(i: int, kind: str = "processed") -> dict:
    doc = Document(id=f"doc-{i}", status=Status.processed, pipeline_version="1", title=f"标题{i}")
    return make_event(doc, kind, "http://h")  # type: ignore[arg-type]


def publish_n(client: redis.Redis, n: int) -> list[str]:
    return [publish(client, event_for(i)) for i in range(n)]


def test_publish_then_read_back(redis_client: redis.Redis) -> None:
    stream_id = publish(redis_client, event_for(1))
    entries = read_events(redis_client)
    assert entries == [(stream_id, event_for(1) | {"time": entries[0][1]["time"]})]
    assert entries[0][1]["data"]["title"] == "标题1"
    # One field, `event`, holding the JSON.
    (raw,) = redis_client.xrange(STREAM)
    assert list(raw[1]) == ["event"]


def test_works_with_a_bytes_client_too(redis_server: RedisServer, redis_client: redis.Redis) -> None:
    raw_client = redis.Redis.from_url(redis_server.url)  # decode_responses=False
    stream_id = publish(raw_client, event_for(1))
    assert isinstance(stream_id, str)
    ((got_id, event),) = read_events(raw_client)
    assert got_id == stream_id and event["subject"] == "doc-1"
    raw_client.close()


def test_replay_from_any_id(redis_client: redis.Redis) -> None:
    ids = publish_n(redis_client, 10)
    assert [e[0] for e in read_events(redis_client, "0-0")] == ids
    assert [e[0] for e in read_events(redis_client, ids[6])] == ids[7:]  # exclusive
    assert read_events(redis_client, ids[-1]) == []
    assert [e[0] for e in read_events(redis_client, "0-0", count=3)] == ids[:3]


def test_blocking_read_returns_a_new_event(redis_client: redis.Redis) -> None:
    last = publish(redis_client, event_for(0))

    # Publish only once Redis reports the read blocked: the read must be
    # woken by the event (a read that timed out would return nothing, its
    # block being far longer than the test), not find it already there.
    blocked_before = redis_client.info("clients")["blocked_clients"]
    returned = threading.Event()

    def publish_when_blocked() -> None:
        while redis_client.info("clients")["blocked_clients"] <= blocked_before:
            if returned.is_set():  # the read did not block: nothing to wake
                return
            time.sleep(0.01)
        publish(redis_client, event_for(1))

    publisher = threading.Thread(target=publish_when_blocked)
    publisher.start()
    entries = read_events(redis_client, last, block_ms=120_000)
    returned.set()
    publisher.join()
    assert [e[1]["subject"] for e in entries] == ["doc-1"]
    assert read_events(redis_client, entries[-1][0], block_ms=50) == []


def test_follow_skips_the_past_and_yields_new_entries(redis_client: redis.Redis) -> None:
    publish(redis_client, event_for(0))
    stream = follow(redis_client, "$", block_ms=100)
    timer = threading.Timer(0.1, lambda: publish(redis_client, event_for(1)))
    timer.start()
    first = next(stream)
    # Joined, so the publish cannot land in the next test's stream.
    timer.join()
    assert first[1]["subject"] == "doc-1"


def test_publish_is_deduplicated_by_event_id(redis_client: redis.Redis) -> None:
    first = publish(redis_client, event_for(1))
    again = publish(redis_client, event_for(1))
    assert again == first
    assert redis_client.xlen(STREAM) == 1
    other_kind = publish(redis_client, event_for(1, "failed"))
    assert other_kind != first
    forced = publish(redis_client, event_for(1), dedupe_ttl_s=None)
    assert forced != first and redis_client.xlen(STREAM) == 3


def test_stream_is_capped(redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCPIPE_EVENTS_MAXLEN", "10")
    settings.events.cache_clear()
    try:
        for i in range(500):
            publish(redis_client, event_for(i), dedupe_ttl_s=None)
        # MAXLEN ~ trims whole macro-nodes: near the cap, far below 500.
        assert redis_client.xlen(STREAM) < 200
    finally:
        settings.events.cache_clear()


def test_consumer_groups_share_and_acknowledge(redis_client: redis.Redis) -> None:
    ids = publish_n(redis_client, 6)
    assert ensure_group(redis_client, "g")
    assert not ensure_group(redis_client, "g")  # exists: harmless
    a = read_group(redis_client, "g", "a", count=4)
    b = read_group(redis_client, "g", "b", count=4)
    assert [e[0] for e in a] == ids[:4] and [e[0] for e in b] == ids[4:]  # each entry to one consumer
    assert read_group(redis_client, "g", "a") == []
    assert pending_count(redis_client, "g") == 6
    assert ack(redis_client, "g", *[e[0] for e in a]) == 4
    assert ack(redis_client, "g") == 0
    assert pending_count(redis_client, "g") == 2
    # A second group reads the whole stream independently.
    ensure_group(redis_client, "other")
    assert len(read_group(redis_client, "other", "x")) == 6


def test_group_from_now_on_sees_only_new_entries(redis_client: redis.Redis) -> None:
    publish_n(redis_client, 3)
    ensure_group(redis_client, "late", start="$")
    assert read_group(redis_client, "late", "c") == []
    publish(redis_client, event_for(99))
    assert [e[1]["subject"] for e in read_group(redis_client, "late", "c")] == ["doc-99"]


def test_group_on_a_stream_that_does_not_exist_yet(redis_client: redis.Redis) -> None:
    assert ensure_group(redis_client, "early")
    assert read_group(redis_client, "early", "c", block_ms=10) == []
    publish(redis_client, event_for(1))
    assert len(read_group(redis_client, "early", "c")) == 1


def test_unacknowledged_entries_are_redelivered(redis_client: redis.Redis) -> None:
    ids = publish_n(redis_client, 5)
    ensure_group(redis_client, "g")
    got = read_group(redis_client, "g", "dies", count=5)
    ack(redis_client, "g", got[0][0])  # handled one, then "died"
    # The same consumer name after a restart re-reads its own pending entries.
    assert [e[0] for e in read_group(redis_client, "g", "dies", pending=True)] == ids[1:]
    # Another consumer takes them over once they are idle long enough.
    assert claim_stale(redis_client, "g", "rescuer", min_idle_ms=60_000) == []
    time.sleep(0.06)
    claimed = claim_stale(redis_client, "g", "rescuer", min_idle_ms=50)
    assert [e[0] for e in claimed] == ids[1:]
    assert all(e[1]["type"] == "docpipe.document.processed" for e in claimed)
    ack(redis_client, "g", *[e[0] for e in claimed])
    assert pending_count(redis_client, "g") == 0
    assert claim_stale(redis_client, "g", "rescuer", min_idle_ms=0) == []


def test_claim_stale_takes_only_idle_entries_up_to_count(redis_client: redis.Redis) -> None:
    publish_n(redis_client, 25)
    ensure_group(redis_client, "g")
    read_group(redis_client, "g", "dead", count=25)
    time.sleep(1.1)
    first = claim_stale(redis_client, "g", "r", min_idle_ms=1000, count=10)
    assert len(first) == 10
    # Claiming resets idle time: the ten just taken are not stale for r2.
    rest = claim_stale(redis_client, "g", "r2", min_idle_ms=1000, count=100)
    assert len(rest) == 15
    assert not {e[0] for e in first} & {e[0] for e in rest}


def test_a_malformed_entry_comes_back_empty_so_it_can_be_acked(redis_client: redis.Redis) -> None:
    redis_client.xadd(STREAM, {"event": "not json"})
    redis_client.xadd(STREAM, {"other": "x"})
    ensure_group(redis_client, "g")
    got = read_group(redis_client, "g", "c")
    assert [e[1] for e in got] == [{}, {}]
    assert ack(redis_client, "g", *[e[0] for e in got]) == 2


def test_at_least_once_consumer_drops_duplicates() -> None:
    dedupe = Deduper(maxlen=3)
    delivered = ["a", "b", "a", "c", "b", "d"]
    handled = [e for e in delivered if not dedupe.seen(e)]
    assert handled == ["a", "b", "c", "d"]
    assert len(dedupe) == 3 and "a" not in dedupe  # bounded: oldest forgotten
    with pytest.raises(ValueError):
        Deduper(0)


def test_redis_deduper_is_shared_between_consumers(redis_client: redis.Redis) -> None:
    one, two = RedisDeduper(redis_client, "indexer"), RedisDeduper(redis_client, "indexer")
    assert not one.seen("e1")
    assert two.seen("e1")
    assert not RedisDeduper(redis_client, "another").seen("e1")


def test_events_survive_a_server_restart(tmp_path) -> None:  # noqa: ANN001
    with RedisServer(data_dir=tmp_path) as server:
        client = redis.Redis.from_url(server.url, decode_responses=True)
        ids = [publish(client, event_for(i)) for i in range(3)]
        ensure_group(client, "g")
        read_group(client, "g", "c", count=1)
        client.close()
        port = server.port
    with RedisServer(port=port, data_dir=tmp_path) as server:
        client = redis.Redis.from_url(server.url, decode_responses=True)
        assert [e[0] for e in read_events(client)] == ids
        assert pending_count(client, "g") == 1
        assert [e[0] for e in read_group(client, "g", "c")] == ids[1:]
        client.close()
