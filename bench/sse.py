"""``make bench``'s SSE phase: many concurrent subscribers on one API process.

Opens ``clients`` SSE connections to ``GET /events`` of a ``docpipe run``
stack, waits until every one is subscribed, publishes ``events`` events on
the stream and measures, per delivery, the time from publish to arrival; it
also counts the Redis connections and the API's memory before and after
the subscribers came (one stream reader is fanned out, so neither should
grow with the number of subscribers), and checks each client got each event
exactly once.

    python -m bench.sse --clients 1000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psutil
import redis
from httpx_sse import aconnect_sse

from docpipe.document import Document, Status
from docpipe.events import make_event, publish

from .stack import Stack
from .stats import dist


def _api_pid(stack: Stack) -> int | None:
    from .profiling import roles

    if stack.proc is None:
        return None
    return next((pid for pid, role in roles(stack.proc.pid).items() if role == "api"), None)


async def _measure(base: str, redis_url: str, clients: int, events: int, api_pid: int | None) -> dict[str, Any]:
    r = redis.Redis.from_url(redis_url)
    api = psutil.Process(api_pid) if api_pid else None
    before = {"redis_clients": len(r.client_list()), "api_rss_mb": api.memory_info().rss / 2**20 if api else None}
    subscribed = 0
    all_in = asyncio.Event()
    published: dict[str, float] = {}
    arrivals: dict[str, list[float]] = {}
    marker = uuid.uuid4().hex

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal subscribed
        async with aconnect_sse(client, "GET", "/events") as source:
            source.response.raise_for_status()
            first = True
            async for message in source.aiter_sse():
                if first:  # the position the subscription starts at: subscribed
                    first = False
                    subscribed += 1
                    if subscribed == clients:
                        all_in.set()
                elif marker in message.data:
                    now = time.perf_counter()
                    subject = json.loads(message.data)["subject"]
                    arrivals.setdefault(subject, []).append(now)
                    if subject.endswith(f"-{events - 1}"):
                        return

    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=0)
    timeout = httpx.Timeout(60, read=120)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        t0 = time.perf_counter()
        tasks = [asyncio.create_task(one(client)) for _ in range(clients)]
        await asyncio.wait_for(all_in.wait(), 300)
        connect_s = time.perf_counter() - t0
        during = {"redis_clients": len(r.client_list()), "api_rss_mb": api.memory_info().rss / 2**20 if api else None}
        for i in range(events):
            subject = f"sse-bench-{marker}-{i}"
            doc = Document(id=subject, status=Status.processed, pipeline_version="bench")
            published[subject] = time.perf_counter()
            await asyncio.to_thread(publish, r, make_event(doc, "processed", "http://bench"))
            await asyncio.sleep(0.1)
        await asyncio.wait_for(asyncio.gather(*tasks), 300)
    latencies = [(t - published[s]) * 1000 for s, ts in arrivals.items() for t in ts]
    per_client_counts = {s: len(ts) for s, ts in arrivals.items()}
    r.close()
    return {
        "clients": clients,
        "events": events,
        "subscribe_all_s": round(connect_s, 2),
        "deliveries": len(latencies),
        "deliveries_expected": clients * events,
        "duplicates_or_missing": sum(abs(c - clients) for c in per_client_counts.values())
        + clients * (events - len(per_client_counts)),
        "delivery_latency_ms": dist(latencies),
        "redis_clients_before": before["redis_clients"],
        "redis_clients_with_subscribers": during["redis_clients"],
        "api_rss_mb_before": round(before["api_rss_mb"], 1) if before["api_rss_mb"] else None,
        "api_rss_mb_with_subscribers": round(during["api_rss_mb"], 1) if during["api_rss_mb"] else None,
    }


def run(clients: int = 1000, events: int = 20) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="docpipe-sse-bench-") as tmp:
        stack = Stack(Path(tmp), 1)
        stack.start()
        try:
            return asyncio.run(_measure(stack.base, stack.redis_url, clients, events, _api_pid(stack)))
        finally:
            stack.stop()


def print_table(s: dict[str, Any]) -> None:
    lat = s["delivery_latency_ms"]
    print()
    print(f"SSE fan-out: {s['clients']:,} concurrent subscribers on one API process, {s['events']} events")
    print(
        f"  all subscribed in {s['subscribe_all_s']} s; {s['deliveries']:,} of {s['deliveries_expected']:,} "
        f"deliveries, {s['duplicates_or_missing']} duplicate or missing"
    )
    print(f"  publish → arrival: p50 {lat['p50']:.0f} ms  p95 {lat['p95']:.0f} ms  p99 {lat['p99']:.0f} ms")
    print(
        f"  Redis connections {s['redis_clients_before']} → {s['redis_clients_with_subscribers']}; "
        f"API RSS {s['api_rss_mb_before']} → {s['api_rss_mb_with_subscribers']} MB"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.sse", description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--events", type=int, default=20)
    args = ap.parse_args(argv)
    result = run(args.clients, args.events)
    print(json.dumps(result, indent=1))
    print_table(result)
    return 0 if result["duplicates_or_missing"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
