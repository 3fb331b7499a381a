"""The ingest load run of ``make bench``: POST rates stepped up until the API
gives way.

    python -m bench.load [--rates 10,20,40,80] [--step-s 10] [--p99-ms 200] [--out var/bench]

``docpipe run --no-flower`` starts as a user starts it (embedded Redis and
store, free ports, a temporary var dir). Each step POSTs distinct articles
(``bench.corpus``) open-loop at a fixed rate for ``--step-s`` seconds: a
request is sent at its scheduled time whether or not the ones before it have
been answered, so a slow API shows as latency, not as a lower rate (no
coordinated omission). Per step: POST latency p50/p99/max, answers by status,
the accepted rate (202s per second) beside the processed rate (documents the
workers finished in the step, from their counts in Redis: the same figures
as ``docpipe_documents_processed_total``) and the backlog left. The steps stop
after the first one whose p99 passes ``--p99-ms`` or that got any answer but
202 (errors, 429/503 from admission control) or no answer. RSS of the API and
of every worker process (main and pool) before the first step and after the
last.

Nothing here asserts a time; the figures are for reading.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from .corpus import corpus
from .faults.plan import ROOT, Plan
from .faults.stack import Stack, pool_children, stack_env
from .store import percentile


@dataclass(frozen=True)
class LoadPlan:
    rates: tuple[int, ...] = (10, 20, 40, 80)
    step_s: float = 10.0
    p99_ms: float = 200.0


def rss_mb(stack: Stack) -> dict[str, float]:
    """RSS in MB of the API and of each worker's main and pool processes."""
    import psutil

    out: dict[str, float] = {}
    for name, child in sorted(stack.children().items()):
        if not (name == "api" or name.startswith("worker-")) or not child.get("pid"):
            continue
        pid = int(child["pid"])
        for i, p in enumerate([pid, *pool_children(pid)]):
            label = name if i == 0 else f"{name}/pool{i}"
            try:
                out[label] = round(psutil.Process(p).memory_info().rss / 2**20, 1)
            except psutil.Error:
                continue
    return out


def processed_count(redis_url: str) -> int:
    """Final documents (processed + failed) as the workers counted them."""
    import redis

    from docpipe import taskflow

    r = redis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        processed, failed = taskflow.final_counts(r)
    finally:
        r.close()
    return processed + sum(failed.values())


def backlog(redis_url: str) -> int:
    """Messages waiting in the stage queues."""
    import redis

    from docpipe.pipeline import STAGE_NAMES, queue_of

    r = redis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        return sum(int(r.llen(queue_of(s))) for s in STAGE_NAMES)
    finally:
        r.close()


async def _step(api: str, texts: list[str], rate: int) -> tuple[list[float], Counter[str]]:
    """POST ``texts`` at ``rate`` per second, open-loop; latencies (ms) and
    answers by status ('error:<kind>' when there was none)."""
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=500, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=api, timeout=30, limits=limits) as client:

        async def one(text: str) -> None:
            t = time.perf_counter()
            try:
                r = await client.post("/documents", json={"text": text})
            except httpx.HTTPError as exc:
                statuses[f"error:{type(exc).__name__}"] += 1
                return
            latencies.append((time.perf_counter() - t) * 1000)
            statuses[str(r.status_code)] += 1

        start = time.perf_counter()
        tasks = []
        for i, text in enumerate(texts):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(text)))
        await asyncio.gather(*tasks)
    return latencies, statuses


def run(plan: LoadPlan, var_dir: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    total = sum(int(rate * plan.step_s) for rate in plan.rates)
    texts = [d.text for d in corpus(total)]
    # The sweep off: it would re-enqueue documents that only wait in a long queue.
    stack = Stack(var_dir, stack_env(var_dir, Plan(sweep_every_s=3600.0, stuck_after_s=3600.0)))
    log(f"starting docpipe run in {var_dir}")
    stack.start()
    steps: list[dict[str, Any]] = []
    try:
        time.sleep(2.0)  # let the workers settle after their warm-up
        before = rss_mb(stack)
        used = 0
        for rate in plan.rates:
            n = int(rate * plan.step_s)
            batch, used = texts[used : used + n], used + n
            done0, t0 = processed_count(stack.redis_url), time.monotonic()
            latencies, statuses = asyncio.run(_step(stack.api, batch, rate))
            elapsed = time.monotonic() - t0
            done = processed_count(stack.redis_url) - done0
            accepted = statuses.get("202", 0)
            p99 = round(percentile(latencies, 99), 1)
            step: dict[str, Any] = {
                "rate_per_s": rate,
                "requests": n,
                "seconds": round(elapsed, 1),
                "statuses": dict(statuses),
                "p50_ms": round(percentile(latencies, 50), 1),
                "p99_ms": p99,
                "max_ms": round(max(latencies), 1) if latencies else None,
                "accepted_per_s": round(accepted / elapsed, 1),
                "processed_per_s": round(done / elapsed, 2),
                "backlog_after": backlog(stack.redis_url),
            }
            steps.append(step)
            log(
                f"{rate}/s: p50 {step['p50_ms']} ms, p99 {step['p99_ms']} ms, {dict(statuses)}, "
                f"accepted {step['accepted_per_s']}/s, processed {step['processed_per_s']}/s"
            )
            if p99 > plan.p99_ms or accepted < n:
                step["stopped_here"] = "p99 over the bound" if accepted == n else "answers other than 202"
                break
        after = rss_mb(stack)
    finally:
        stack.stop()
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "plan": {"rates": list(plan.rates), "step_s": plan.step_s, "p99_ms": plan.p99_ms},
        "steps": steps,
        "rss_mb": {"before": before, "after": after},
    }


def table(r: dict[str, Any]) -> str:
    head = "  rate/s    p50 ms    p99 ms    max ms  answers          accepted/s  processed/s  backlog"
    lines = [head]
    for s in r["steps"]:
        answers = ", ".join(f"{k}×{v}" for k, v in sorted(s["statuses"].items()))
        lines.append(
            f"  {s['rate_per_s']:>6}  {s['p50_ms']:>8}  {s['p99_ms']:>8}  {s['max_ms']!s:>8}  {answers:<16} "
            f"{s['accepted_per_s']:>10}  {s['processed_per_s']:>11}  {s['backlog_after']:>7}"
            + (f"  <- {s['stopped_here']}" if s.get("stopped_here") else "")
        )
    before, after = r["rss_mb"]["before"], r["rss_mb"]["after"]
    lines.append("  RSS MB, before -> after:")
    for name in sorted(set(before) | set(after)):
        lines.append(f"    {name:<24} {before.get(name, '-')!s:>7} -> {after.get(name, '-')!s:>7}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    d = LoadPlan()
    p.add_argument("--rates", default=",".join(map(str, d.rates)), help="POSTs per second, one step each")
    p.add_argument("--step-s", type=float, default=d.step_s, help="seconds per step")
    p.add_argument("--p99-ms", type=float, default=d.p99_ms, help="stop after the step whose p99 passes this")
    p.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    a = p.parse_args(argv)
    plan = LoadPlan(tuple(int(x) for x in a.rates.split(",") if x.strip()), a.step_s, a.p99_ms)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    var_dir = a.out / f"load-run-{stamp}"
    var_dir.mkdir(parents=True, exist_ok=True)
    result = run(plan, var_dir, log=lambda s: print(s, flush=True))
    path = a.out / f"load-{stamp}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
