"""The floor under docpipe's message path: the same hops with no work in them.

Three trivial Celery tasks on three queues, run by three worker processes
started as ``docpipe worker`` starts a stage worker (same Celery settings
from ``make_celery``, same pool, concurrency 1, task events as configured),
on the same Redis. The client sends an id to the first queue; each task sends it
on; the last appends an entry to a Redis stream, as docpipe's final stage
publishes its CloudEvent. The client waits on the stream (XREAD), as a
subscriber does.

What docpipe's message path costs above this floor is its own bookkeeping:
the HTTP accept, the store reads and writes, the index, the event. The floor
itself is Celery's: no document can go through three Celery queues faster.

    python -m bench.floor [--chains 40]   (needs REDIS_URL or starts an embedded Redis)
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docpipe.celery_app import make_celery

# The workers import this module as ``bench.floor``: bench/ is not installed,
# so they start in the repository root, whatever the caller's directory.
ROOT = Path(__file__).resolve().parents[1]

QUEUES: tuple[str, ...] = ("floor_a", "floor_b", "floor_c")
STREAM = "docpipe:bench-floor"

app = make_celery("docpipe-floor")
app.conf.task_routes = {f"docpipe.{q}": {"queue": q, "routing_key": q} for q in QUEUES}

_redis: Any = None


def _client() -> Any:
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(app.conf.broker_url)
    return _redis


def _define(queue: str, nxt: str | None) -> None:
    @app.task(name=f"docpipe.{queue}", acks_late=True, reject_on_worker_lost=True)
    def hop(chain_id: str) -> None:
        if nxt is not None:
            app.send_task(f"docpipe.{nxt}", args=[chain_id], queue=nxt, routing_key=nxt)
        else:
            _client().xadd(STREAM, {"id": chain_id}, maxlen=10_000, approximate=True)


for _q, _n in zip(QUEUES, (*QUEUES[1:], None), strict=True):
    _define(_q, _n)


def start_workers(redis_url: str, pool: str, task_events: bool = False) -> list[subprocess.Popen[bytes]]:
    env = dict(os.environ, REDIS_URL=redis_url, DOCPIPE_WORKER_TASK_EVENTS="true" if task_events else "false")
    procs = []
    for q in QUEUES:
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "bench.floor",
                    "worker",
                    "--queues",
                    q,
                    "--hostname",
                    f"{q}@%h",
                    "--concurrency",
                    "1",
                    "--pool",
                    pool,
                    "--loglevel",
                    "WARNING",
                    "--without-mingle",
                    "--without-gossip",
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
            )
        )
    return procs


def stop_workers(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def _one_chain(client: Any, after: str, timeout_s: float) -> tuple[float, str]:
    """Milliseconds from send to the stream entry, and the new stream offset."""
    chain_id = uuid.uuid4().hex
    t0 = time.perf_counter()
    app.send_task(f"docpipe.{QUEUES[0]}", args=[chain_id], queue=QUEUES[0], routing_key=QUEUES[0])
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        rows = client.xread({STREAM: after}, block=int(timeout_s * 1000), count=100)
        for _, entries in rows or []:
            for sid, fields in entries:
                after = sid.decode()
                if fields.get(b"id", b"").decode() == chain_id:
                    return (time.perf_counter() - t0) * 1000, after
    raise TimeoutError(f"no floor chain came back in {timeout_s} s")


def measure(
    redis_url: str, chains: int = 40, pool: str = "prefork", pause_s: float = 0.05, task_events: bool = False
) -> list[float]:
    """Milliseconds per chain, one chain at a time on idle workers."""
    import redis

    app.conf.broker_url = redis_url
    global _redis
    _redis = None
    # Above the longest blocking read (120 s, the first chain): redis-py 8
    # times a read out after 5 s unless told otherwise.
    client = redis.Redis.from_url(redis_url, socket_timeout=150)
    last = client.xrevrange(STREAM, count=1)
    after = last[0][0].decode() if last else "0-0"
    procs = start_workers(redis_url, pool, task_events)
    try:
        # The first chain waits for the workers to come up; it is not counted.
        _, after = _one_chain(client, after, 120.0)
        for _ in range(3):
            _, after = _one_chain(client, after, 30.0)
        out = []
        for _ in range(chains):
            ms, after = _one_chain(client, after, 30.0)
            out.append(ms)
            time.sleep(pause_s)
        return out
    finally:
        stop_workers(procs)
        client.close()


def main(argv: Sequence[str] | None = None) -> int:
    import statistics

    from docpipe import settings

    ap = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__.splitlines()[0])
    ap.add_argument("--chains", type=int, default=40)
    ap.add_argument("--pool", default=settings.worker().pool)
    ap.add_argument("--task-events", action="store_true", help="workers send task events (as when Flower watches)")
    args = ap.parse_args(argv)
    url = os.environ.get("REDIS_URL")
    server = None
    if not url:
        import tempfile

        from docpipe.embedded import RedisServer

        server = RedisServer(data_dir=tempfile.mkdtemp(prefix="docpipe-floor-"), appendonly=False)
        server.start()
        url = server.url
    try:
        ms = measure(url, args.chains, args.pool, task_events=args.task_events)
    finally:
        if server is not None:
            server.stop()
    print(
        f"three trivial Celery hops ({args.pool}, task events {'on' if args.task_events else 'off'}): p50 {statistics.median(ms):.1f} ms, "
        f"min {min(ms):.1f} ms, max {max(ms):.1f} ms over {len(ms)} chains"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
