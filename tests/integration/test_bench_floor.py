"""The benchmark's Celery floor runs for real: three worker processes started
as docpipe starts a stage worker, an id through three queues, the last task
appending to a stream the client reads."""

from __future__ import annotations

import math

import pytest

from bench import floor as bench_floor


@pytest.mark.timeout(180)
def test_floor_chains_come_back_through_three_real_workers(redis_server) -> None:  # type: ignore[no-untyped-def]
    url = redis_server.url.rsplit("/", 1)[0] + "/3"  # a database no other test flushes
    ms = bench_floor.measure(url, chains=5, pool="prefork", pause_s=0.0)
    assert len(ms) == 5
    assert all(math.isfinite(m) and 0 < m < 30_000 for m in ms)
    import redis

    client = redis.Redis.from_url(url)
    try:
        # 1 warm-up + 3 settling + 5 measured chains, each one stream entry.
        assert client.xlen(bench_floor.STREAM) == 9
        # The workers were stopped: nothing is left waiting on the queues.
        assert all(client.llen(q) == 0 for q in bench_floor.QUEUES)
    finally:
        client.close()
