"""Phase 4 of ``make bench``: short documents through the stack at concurrency
1, sampling each worker process's memory, to show whether it grows."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from .corpus import load_seeds
from .stack import EventWatch, Stack, post


def soak(n: int, inflight: int = 16) -> dict[str, Any]:
    """Short unique documents (one paragraph each) through the stack, to see
    whether worker memory grows with the number of documents processed."""
    paragraphs = [p.strip() for d in load_seeds() for p in d.text.split("\n") if len(p.strip()) >= 40]
    texts = [f"{paragraphs[i % len(paragraphs)]}（{i}）" for i in range(n)]
    with tempfile.TemporaryDirectory(prefix="docpipe-soak-") as tmp:
        stack = Stack(Path(tmp), 1)
        stack.start()
        watch = EventWatch(stack.redis_url)
        client = httpx.Client(timeout=60)
        rss: dict[int, list[tuple[int, int]]] = {}
        try:
            import psutil

            done_before = 0
            sent = 0
            checkpoints = {max(1, n // 10) * k for k in range(1, 11)}
            t0 = time.perf_counter()
            while sent < n or len(watch.arrived) < n:
                while sent < n and sent - len(watch.arrived) < inflight:
                    post(client, stack.base, texts[sent])
                    sent += 1
                with watch.cond:
                    watch.cond.wait(0.05)
                done = len(watch.arrived)
                for c in sorted(checkpoints):
                    if done_before < c <= done:
                        for pid in stack.worker_pids():
                            try:
                                rss.setdefault(pid, []).append((c, psutil.Process(pid).memory_info().rss))
                            except psutil.Error:
                                pass
                done_before = done
                if time.perf_counter() - t0 > 3600:
                    raise TimeoutError("soak took over an hour")
            wall = time.perf_counter() - t0
        finally:
            client.close()
            watch.close()
            stack.stop()
    growth = {}
    for pid, series in rss.items():
        if len(series) >= 2:
            # From the first tenth (after warm-up) to the end.
            first, last = series[0][1], series[-1][1]
            growth[pid] = round((last - first) / first * 100, 1)
    return {
        "documents": n,
        "wall_s": round(wall, 1),
        "docs_per_s": round(n / wall, 1),
        "rss_mb_at_checkpoints": {str(pid): [(c, round(r / 2**20, 1)) for c, r in s] for pid, s in rss.items()},
        "rss_growth_percent_first_tenth_to_end": growth,
        "max_growth_percent": max(growth.values()) if growth else None,
    }
