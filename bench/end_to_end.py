"""Phase 2 of ``make bench``: documents through ``docpipe run`` with N in
flight until each one's ``processed`` event arrives; single documents on the
idle stack for the pipeline's overhead, the Celery floor, the py-spy pass and
the cost of being watched (see ``bench.run``)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from .corpus import BenchDoc
from .stack import EventWatch, MemorySampler, Stack, TaskTimeline, post
from .stats import dist


def _one_at_a_time(
    docs: list[BenchDoc], stack: Stack, client: httpx.Client, watch: EventWatch, timeline: TaskTimeline | None = None
) -> dict[str, Any]:
    """Single documents on the idle stack, each sent when the one before is
    done: POST → event latency, the message path (latency minus the stages'
    own time as the workers recorded it) and, with task events, the hops."""
    latency: dict[str, float] = {}
    path: list[float] = []
    hop_rows: list[dict[str, float]] = []
    for d in docs:
        t0 = time.perf_counter()
        wall0 = time.time()
        doc_id = post(client, stack.base, d.text)
        if not watch.wait_for({doc_id}, 300):
            raise TimeoutError(f"no event for {doc_id}")
        ms = (watch.arrived[doc_id] - t0) * 1000
        latency[doc_id] = ms
        if timeline is not None:
            time.sleep(0.2)  # let the last task events arrive
            row = timeline.hops(doc_id, wall0, wall0 + ms / 1000)
            if row is not None:
                hop_rows.append(row)
        else:
            time.sleep(0.05)
        # What is left after the stages' own time is the message path (HTTP,
        # store, broker, events).
        timings = client.get(f"{stack.base}/documents/{doc_id}", params={"fields": "timings_ms"}).json()
        stage_ms = sum(
            (timings.get("timings_ms") or {}).get(k, 0.0) for k in ("clean", "segment", "extract", "normalize")
        )
        path.append(ms - stage_ms)
    hops = {k: dist([r[k] for r in hop_rows]) for k in (hop_rows[0] if hop_rows else {})}
    return {"latency_ms": latency, "message_path_ms": path, "hops_ms": hops}


def end_to_end(
    docs: list[BenchDoc],
    singles: list[BenchDoc],
    concurrency: int,
    inflight: int,
    in_proc_ms: dict[str, float],
    floor_chains: int = 0,
    profile: list[BenchDoc] | None = None,
    profile_dir: Path | None = None,
    watched: list[BenchDoc] | None = None,
) -> dict[str, Any]:
    from docpipe import settings
    from docpipe.ingest import document_id

    from . import floor as bench_floor
    from . import profiling as bench_profile

    with tempfile.TemporaryDirectory(prefix="docpipe-bench-") as tmp:
        stack = Stack(Path(tmp), concurrency)
        stack.start()
        watch = EventWatch(stack.redis_url)
        sampler = MemorySampler(stack)
        client = httpx.Client(timeout=60)
        try:
            # Idle stack, one document at a time, nobody watching (no Flower,
            # so no task events): latency and overhead.
            alone = _one_at_a_time(singles, stack, client, watch)
            single_latency = list(alone["latency_ms"].values())
            overhead = [ms - in_proc_ms[i] for i, ms in alone["latency_ms"].items() if i in in_proc_ms]
            path_overhead = alone["message_path_ms"]

            # The same three Celery hops with nothing in them, on this Redis,
            # with the stage workers' pool and settings: what is left of the
            # message path above this is docpipe's own bookkeeping.
            floor = (
                dist(
                    bench_floor.measure(
                        stack.redis_url, floor_chains, settings.worker().pool, task_events=settings.worker().task_events
                    )
                )
                if floor_chains
                else None
            )

            # The same kind of single documents again (not counted above),
            # with py-spy sampling every process of the stack.
            cpu_profile = None
            if profile and profile_dir is not None and bench_profile.available():
                assert stack.proc is not None
                recorder = bench_profile.Recorder(profile_dir)
                recorder.start(bench_profile.roles(stack.proc.pid))
                time.sleep(1.0)  # py-spy attaches
                for d in profile:
                    doc_id = post(client, stack.base, d.text)
                    if not watch.wait_for({doc_id}, 300):
                        raise TimeoutError(f"no event for {doc_id}")
                    time.sleep(0.05)
                cpu_profile = bench_profile.summarise(recorder.stop(), recorder.rate_hz, len(profile))

            # Throughput with N in flight, and the CPU every process of the
            # stack spends meanwhile.
            assert stack.proc is not None
            meter = bench_profile.CpuMeter(stack.proc.pid)
            sent: dict[str, float] = {}
            pending = list(docs)
            wanted = {document_id(d.text) for d in docs}
            meter.start()
            t_start = time.perf_counter()
            while pending or not wanted <= watch.arrived.keys():
                in_flight = sum(1 for i in sent if i not in watch.arrived)
                while pending and in_flight < inflight:
                    d = pending.pop(0)
                    sent[post(client, stack.base, d.text)] = time.perf_counter()
                    in_flight += 1
                with watch.cond:
                    watch.cond.wait(0.05)
                if time.perf_counter() - t_start > 1800:
                    raise TimeoutError("throughput phase took over 30 minutes")
            t_end = max(watch.arrived[i] for i in wanted)
            wall = t_end - t_start
            cpu_per_doc = meter.stop(len(docs))

            # Single documents again with Flower watching: task events on (as
            # Flower turns them on), which also gives the hop-by-hop split.
            seen: dict[str, Any] | None = None
            if watched:
                from celery import Celery

                control = Celery("docpipe-bench-control", broker=stack.redis_url, set_as_current=False)
                timeline = TaskTimeline(stack.redis_url)
                control.control.enable_events()  # what Flower broadcasts
                timeline.wait_workers({"segment", "extract", "normalize"}, 30)
                seen = _one_at_a_time(watched, stack, client, watch, timeline)
                timeline.close()
                control.control.disable_events()
                control.close()
                if floor_chains:
                    seen["floor"] = dist(
                        bench_floor.measure(stack.redis_url, floor_chains, settings.worker().pool, task_events=True)
                    )
            latencies = [(watch.arrived[i] - t) * 1000 for i, t in sent.items()]
            chars = sum(len(d.text) for d in docs)
            memory = sampler.stop()
            return {
                "concurrency_per_stage": concurrency,
                "inflight": inflight,
                "single_doc_latency_ms": dist(single_latency),
                "overhead_ms_per_doc": dist(overhead),
                "message_path_ms_per_doc": dist(path_overhead),
                "watched_by_flower": None
                if seen is None
                else {
                    "single_doc_latency_ms": dist(list(seen["latency_ms"].values())),
                    "message_path_ms_per_doc": dist(seen["message_path_ms"]),
                    "message_path_hops_ms": seen["hops_ms"],
                    "celery_floor_ms": seen.get("floor"),
                },
                "celery_floor_ms": floor,
                "cpu_profile": cpu_profile,
                "throughput_cpu_ms_per_doc": cpu_per_doc,
                "documents": len(docs),
                "failed": len(watch.failed & wanted),
                "wall_s": round(wall, 2),
                "docs_per_s": round(len(docs) / wall, 2),
                "chars_per_s": round(chars / wall),
                "latency_ms": dist(latencies),
                **memory,
            }
        finally:
            client.close()
            sampler.stopping.set()
            watch.close()
            stack.stop()
