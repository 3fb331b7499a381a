"""`make bench`: what docpipe costs, as ratios and distributions from one run.

    python -m bench [--docs 60] [--inflight 4] [--singles 10] [--floor-chains 40]
                            [--no-profile] [--store-docs 100000] [--soak 10000]
                            [--skip e2e,store,soak,hostile] [--hostile-size 100000]
                            [--durability-docs 300]

Phases (each printed as a table and written to var/bench/bench-<time>.json):

1. in-process: every stage on one core (``run_stages``), documents/s and
   characters/s overall and per stage; this is the text work itself.
2. end to end: ``docpipe run`` started as a user would (embedded Redis unless
   REDIS_URL, embedded store unless MONGODB_URI, no Flower), documents POSTed
   with N in flight until each one's ``processed`` event arrives on the
   stream; throughput and POST→event latency p50/p95/p99, with the stage
   workers at concurrency 1 and at 2. First, single documents on the idle
   stack: latency minus the in-process time of the same document is the
   pipeline's overhead per document. Then the Celery floor under that path
   (``bench.floor``: three trivial tasks, same settings and pool, same
   Redis) and, unless --no-profile, a py-spy pass over more single documents
   that splits the stack's CPU per document by part (``bench.profiling``).
   Without Flower the workers send no task events; a last pass of single
   documents turns them on (as Flower does) for the cost of being watched
   and the hop-by-hop split from the task events.
3. store: the embedded store's insert rate and query latency with 100,000
   documents (``bench.store``).
4. soak: short documents through the stack at concurrency 1, sampling each
   worker process's memory, to show whether it grows.
5. hostile: every stage on the hostile corpus of the tests (unclosed tags,
   runs of one character, digits, separators, …) next to the articles, as
   characters per second and times slower (``bench.hostile``).
6. near-duplicates: what the check at ingest costs a document, in ms and
   Redis commands, for originals and reposts, beside the segment stage's
   own time (``bench.neardup``).
7. facts: ``GET /facts`` first-page latency by filter and export rows/s
   (CSV, JSON Lines, Parquet) on the embedded store with 100,000 documents
   (``bench.facts``).
8. scaling: the phase-1 documents through ``docpipe run`` on the MongoDB
   wire server at 1, 2 and 4 worker processes per stage, as ratios to
   phase 1 (``bench.scaling``).
9. durability: three writers on the SQLite store and on the wire server,
   one SIGKILL each run: lost, duplicated, corrupted, inserts/s
   (``bench.durability``).

Nothing here asserts a time; the figures are for reading and comparing.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from .corpus import BenchDoc, corpus, load_seeds
from .store import percentile

ROOT = Path(__file__).resolve().parents[1]


def dist(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "p99": round(percentile(values, 99), 2),
        "mean": round(statistics.fmean(values), 2) if values else float("nan"),
    }


# --- 1. in-process ------------------------------------------------------------


def in_process(docs: list[BenchDoc]) -> dict[str, Any]:
    from docpipe.ingest import new_document
    from docpipe.pipeline import default_stages, run_stages

    stages = default_stages()
    t0 = time.perf_counter()
    for stage in stages:
        if stage.warm_up is not None:
            stage.warm_up()
    warm_s = time.perf_counter() - t0
    run_stages(new_document(docs[0].text), stages)  # first-call costs (lazy imports, caches)

    per_doc_ms: dict[str, float] = {}
    stage_ms: dict[str, float] = {s.name: 0.0 for s in stages}
    chars = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for d in docs:
        doc = new_document(d.text)
        t = time.perf_counter()
        for s in stages:
            # Each stage's whole run (segment's includes its cleaning, which
            # its own timings_ms reports apart as "clean").
            ts = time.perf_counter()
            doc = s.run(doc)
            stage_ms[s.name] += (time.perf_counter() - ts) * 1000
        per_doc_ms[doc.id] = (time.perf_counter() - t) * 1000
        chars += len(d.text)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    return {
        "documents": len(docs),
        "characters": chars,
        "warm_up_s": round(warm_s, 2),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "docs_per_s": round(len(docs) / wall, 2),
        "chars_per_s": round(chars / wall),
        "per_doc_ms": dist(list(per_doc_ms.values())),
        "per_stage_chars_per_s": {k: round(chars / (v / 1000)) if v else None for k, v in stage_ms.items()},
        "per_stage_share": {k: round(v / sum(stage_ms.values()), 3) for k, v in stage_ms.items()},
        "_per_doc_ms_by_id": per_doc_ms,
    }


# --- 2. end to end ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    """``docpipe run`` in a child process, on free ports and a temporary var dir."""

    def __init__(self, var_dir: Path, concurrency: int, env: dict[str, str] | None = None) -> None:
        self.var_dir = var_dir
        self.env = env or {}  # over the environment, e.g. MONGODB_URI (bench.scaling)
        self.api_port = free_port()
        self.redis_port = free_port()
        self.concurrency = concurrency
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = f"http://127.0.0.1:{self.api_port}"

    @property
    def redis_url(self) -> str:
        return os.environ.get("REDIS_URL") or f"redis://127.0.0.1:{self.redis_port}/0"

    def start(self, timeout_s: float = 120.0) -> None:
        env = dict(os.environ)
        env.update(
            DOCPIPE_VAR_DIR=str(self.var_dir),
            DOCPIPE_API_PORT=str(self.api_port),
            DOCPIPE_REDIS_PORT=str(self.redis_port),
            DOCPIPE_WORKER_CONCURRENCY=str(self.concurrency),
            PYTHONUNBUFFERED="1",
        )
        env.update(self.env)
        self.log = open(self.var_dir / "run.log", "wb")  # noqa: SIM115 - open for the stack's life; stop() closes it
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "docpipe.cli", "run", "--no-flower", "--concurrency", str(self.concurrency)],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"docpipe run exited; see {self.var_dir / 'run.log'}")
            text = (self.var_dir / "run.log").read_text(errors="replace")
            if text.count("(queue ") >= 3 and "/docs" in text:
                return
            time.sleep(0.3)
        raise TimeoutError(f"the stack did not come up in {timeout_s} s; see {self.var_dir / 'run.log'}")

    def worker_pids(self) -> list[int]:
        """Every worker process (main and pool) of the stack."""
        from .profiling import roles

        if self.proc is None:
            return []
        return [pid for pid, role in roles(self.proc.pid).items() if role != "api"]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class EventWatch:
    """Records when each document's processed/failed event arrives."""

    def __init__(self, redis_url: str) -> None:
        import redis

        from docpipe import settings

        self.client = redis.Redis.from_url(redis_url)
        self.stream = settings.events().stream
        last = self.client.xrevrange(self.stream, count=1)
        self.after = last[0][0].decode() if last else "0-0"
        self.arrived: dict[str, float] = {}
        self.failed: set[str] = set()
        self.cond = threading.Condition()
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping:
            rows = self.client.xread({self.stream: self.after}, block=200, count=500)
            now = time.perf_counter()
            for _, entries in rows or []:
                for sid, fields in entries:
                    self.after = sid.decode()
                    event = json.loads(fields[b"event"])
                    with self.cond:
                        self.arrived.setdefault(event["subject"], now)
                        if event["type"].endswith("failed"):
                            self.failed.add(event["subject"])
                        self.cond.notify_all()

    def wait_for(self, ids: set[str], timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with self.cond:
            while not ids <= self.arrived.keys():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
        return True

    def close(self) -> None:
        self.stopping = True
        self.thread.join(timeout=2)


class TaskTimeline:
    """Celery's own task events (the ones Flower shows), timestamped by the
    workers: when each stage task was received by a worker's main process,
    started in a pool process and finished. With the POST time and the
    CloudEvent's arrival this splits one document's latency into hops."""

    def __init__(self, redis_url: str) -> None:
        from celery import Celery

        self.app = Celery("docpipe-bench-timeline", broker=redis_url, set_as_current=False)
        self.tasks: dict[str, dict[str, Any]] = {}
        self.workers: set[str] = set()  # hostnames whose events have been seen
        self.seen_worker = threading.Condition()
        self.ready = threading.Event()
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.ready.wait(10)

    def _on(self, event: dict[str, Any]) -> None:
        task = self.tasks.setdefault(event["uuid"], {})
        kind = event["type"].removeprefix("task-")
        task[kind] = event["timestamp"]
        if kind == "received":
            task["name"] = event.get("name")
            task["doc"] = str(event.get("args", "")).strip("[]()'\", ")
        if kind == "succeeded":
            task["runtime"] = event.get("runtime")

    def _run(self) -> None:
        with self.app.connection() as conn:
            recv = self.app.events.Receiver(conn, handlers={"*": self._on_any})
            self.ready.set()
            while not self.stopping:
                try:
                    recv.capture(limit=None, timeout=0.5, wakeup=False)
                except Exception:  # noqa: BLE001 - socket timeout: look at stopping, go on
                    continue

    def _on_any(self, event: dict[str, Any]) -> None:
        if event.get("type", "").startswith("task-") and "uuid" in event:
            self._on(event)
        elif event.get("type", "").startswith("worker-") and event.get("hostname"):
            with self.seen_worker:
                self.workers.add(str(event["hostname"]).split("@", 1)[0])
                self.seen_worker.notify_all()

    def wait_workers(self, names: set[str], timeout_s: float) -> bool:
        """Until every named worker's events arrive here (their heartbeats
        come every two seconds once events are on): then no task event of
        theirs can be missed."""
        deadline = time.monotonic() + timeout_s
        with self.seen_worker:
            while not names <= self.workers:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.seen_worker.wait(left)
        return True

    def hops(self, doc_id: str, posted_at: float, event_at: float) -> dict[str, float] | None:
        """Milliseconds spent in each part of one document's path (wall clock
        of the workers; posted_at and event_at are time.time() values)."""
        by_stage = {
            t["name"].split(".", 1)[1]: t
            for t in self.tasks.values()
            if t.get("doc") == doc_id and t.get("name") and "succeeded" in t
        }
        if set(by_stage) != {"segment", "extract", "normalize"}:
            return None
        seg, ext, nor = by_stage["segment"], by_stage["extract"], by_stage["normalize"]
        ms = lambda a, b: round((b - a) * 1000, 2)  # noqa: E731
        return {
            "api_to_segment_worker": ms(posted_at, seg["received"]),
            "handoff_to_pool_process": sum(ms(t["received"], t["started"]) for t in (seg, ext, nor)),
            # The next stage is sent from inside the task, before the task's
            # own "succeeded": these are usually small or negative (overlap).
            "segment_to_extract_worker": ms(seg["succeeded"], ext["received"]),
            "extract_to_normalize_worker": ms(ext["succeeded"], nor["received"]),
            "task_runtime_total": sum(round(t["runtime"] * 1000, 2) for t in (seg, ext, nor)),
            "normalize_done_to_event_seen": ms(nor["succeeded"], event_at),
        }

    def close(self) -> None:
        self.stopping = True
        self.thread.join(timeout=2)


class MemorySampler:
    def __init__(self, stack: Stack, every_s: float = 0.5) -> None:
        self.stack = stack
        self.every_s = every_s
        self.samples: dict[int, list[tuple[float, int]]] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import psutil

        while not self.stopping.wait(self.every_s):
            for pid in self.stack.worker_pids():
                try:
                    rss = psutil.Process(pid).memory_info().rss
                except psutil.Error:
                    continue
                self.samples.setdefault(pid, []).append((time.perf_counter(), rss))

    def stop(self) -> dict[str, Any]:
        self.stopping.set()
        self.thread.join(timeout=2)
        peaks = {pid: max(r for _, r in s) for pid, s in self.samples.items() if s}
        return {"peak_rss_mb_per_worker_process": sorted(round(v / 2**20, 1) for v in peaks.values())}


def post(client: httpx.Client, base: str, text: str) -> str:
    r = client.post(f"{base}/documents", json={"text": text})
    r.raise_for_status()
    return r.json()["id"]


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


# --- 4. soak ------------------------------------------------------------------


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


# --- report -------------------------------------------------------------------


def print_report(r: dict[str, Any]) -> None:
    ip = r["in_process"]
    print()
    print(f"docpipe bench — {r['time']} — {r['machine']}")
    print()
    print(f"in-process, one core: {ip['documents']} documents, {ip['characters']:,} characters")
    print(
        f"  {ip['docs_per_s']:.2f} docs/s   {ip['chars_per_s']:,} chars/s   per doc p50 {ip['per_doc_ms']['p50']:.1f} ms"
        f"   (warm-up {ip['warm_up_s']} s, once per process)"
    )
    for stage, cps in ip["per_stage_chars_per_s"].items():
        print(f"  {stage:<10} {cps:>12,} chars/s   {ip['per_stage_share'][stage] * 100:5.1f} % of the time")
    for e in r.get("end_to_end", []):
        print()
        print(
            f"end to end, {e['concurrency_per_stage']} process(es) per stage, {e['inflight']} in flight, {e['documents']} documents:"
        )
        print(
            f"  throughput {e['docs_per_s']:.2f} docs/s ({e['chars_per_s']:,} chars/s) = "
            f"{e['ratio_to_in_process']:.2f} × in-process single core"
        )
        lat = e["latency_ms"]
        print(f"  POST → processed event: p50 {lat['p50']:.0f} ms  p95 {lat['p95']:.0f} ms  p99 {lat['p99']:.0f} ms")
        cpu = e.get("throughput_cpu_ms_per_doc")
        if cpu:
            in_proc_ms = 1000 / ip["docs_per_s"]
            parts = ", ".join(f"{k} {v:.1f}" for k, v in cpu.items() if k != "total")
            print(
                f"  CPU per document meanwhile (ms): {cpu['total']:.1f} in all ({parts}); in-process "
                f"{in_proc_ms:.1f} ms, so two cores allow at most {2 * in_proc_ms / cpu['total']:.2f} × in-process"
            )
        s, o = e["single_doc_latency_ms"], e["overhead_ms_per_doc"]
        mp = e["message_path_ms_per_doc"]
        print(
            f"  idle stack, one document: p50 {s['p50']:.0f} ms; overhead over in-process p50 {o['p50']:.1f} ms, p95 {o['p95']:.1f} ms"
        )
        print(
            f"  message path (latency minus the workers' own stage time): p50 {mp['p50']:.1f} ms, p95 {mp['p95']:.1f} ms"
        )
        fl = e.get("celery_floor_ms")
        if fl:
            print(
                f"  Celery floor, three trivial tasks with the same settings and pool: p50 {fl['p50']:.1f} ms, "
                f"p95 {fl['p95']:.1f} ms; message path above the floor: p50 {mp['p50'] - fl['p50']:.1f} ms"
            )
        w = e.get("watched_by_flower")
        if w:
            wl, wm = w["single_doc_latency_ms"], w["message_path_ms_per_doc"]
            wf = w.get("celery_floor_ms")
            print(
                f"  with Flower watching (task events on): one document p50 {wl['p50']:.0f} ms; "
                f"message path p50 {wm['p50']:.1f} ms, p95 {wm['p95']:.1f} ms"
                + (f"; Celery floor with events p50 {wf['p50']:.1f} ms" if wf else "")
                + "; by hop:"
            )
            for hop, d in w["message_path_hops_ms"].items():
                print(f"    {hop:<30} p50 {d['p50']:8.2f} ms   p95 {d['p95']:8.2f} ms")
        prof = e.get("cpu_profile")
        if prof:
            print(
                f"  where the stack is active (py-spy, {prof['documents']} single documents, every process; "
                "share of samples running or waiting for a core):"
            )
            for cat, share in prof["share_of_active_samples"].items():
                print(f"    {cat:<34} {share * 100:6.1f} %")
        print(f"  peak RSS per worker process (MB): {e['peak_rss_mb_per_worker_process']}")
        if e["failed"]:
            print(f"  FAILED documents: {e['failed']}")
    if "scaling" in r:
        from .scaling import print_table as print_scaling

        print_scaling(r["scaling"])
    if "durability" in r:
        from .durability import print_table as print_durability

        print_durability(r["durability"])
    if "sse" in r:
        from .sse import print_table as print_sse

        print_sse(r["sse"])
    if "store" in r:
        from .store import print_table

        print_table(r["store"])
    if "hostile" in r:
        from .hostile import print_table as print_hostile

        print_hostile(r["hostile"])
    if "neardup" in r:
        from .neardup import print_table as print_neardup

        print_neardup(r["neardup"])
    if "facts" in r:
        from .facts import print_table as print_facts

        print_facts(r["facts"])
    if "soak" in r:
        s = r["soak"]
        print()
        print(
            f"soak: {s['documents']:,} short documents at {s['docs_per_s']} docs/s; worker RSS growth "
            f"from the first tenth to the end: {s['rss_growth_percent_first_tenth_to_end']} % (max {s['max_growth_percent']} %)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60, help="documents in the in-process and throughput phases")
    ap.add_argument("--inflight", type=int, default=4, help="documents in flight in the throughput phase")
    ap.add_argument("--singles", type=int, default=10, help="single documents on the idle stack")
    ap.add_argument(
        "--floor-chains",
        type=int,
        default=40,
        help="chains of three trivial Celery tasks timed on the idle stack's Redis (0: skip)",
    )
    ap.add_argument(
        "--no-profile",
        dest="profile",
        action="store_false",
        help="skip the py-spy pass over single documents (CPU per document by part of the stack)",
    )
    ap.add_argument("--store-docs", type=int, default=100_000)
    ap.add_argument("--soak", type=int, default=10_000, help="short documents in the memory soak")
    ap.add_argument("--sse-clients", type=int, default=1000, help="concurrent SSE subscribers in the fan-out phase")
    ap.add_argument(
        "--skip",
        default="",
        help="comma-separated phases to skip: e2e, scaling, durability, sse, store, soak, hostile, neardup, facts",
    )
    ap.add_argument("--durability-docs", type=int, default=300, help="inserts per writer in the durability phase")
    ap.add_argument("--facts-docs", type=int, default=100_000, help="documents in the facts phase")
    ap.add_argument(
        "--hostile-size",
        type=int,
        default=None,
        help="characters per hostile case for segment and normalize (default 100,000; a miniature run "
        "with fewer than 60 --docs: 1,000 per doc); extract at most 20,000",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    docs = corpus(args.docs)
    report: dict[str, Any] = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "redis": os.environ.get("REDIS_URL") or "embedded",
        "store_engine": "mongodb" if os.environ.get("MONGODB_URI") else "embedded sqlite",
    }
    print(f"in-process: {len(docs)} documents …", flush=True)
    ip = in_process(docs)
    per_doc = ip.pop("_per_doc_ms_by_id")
    report["in_process"] = ip

    if "e2e" not in skip:
        report["end_to_end"] = []
        singles = docs[: args.singles]
        # Documents already sent in the single phase would be deduplicated by
        # content hash; the throughput phase uses fresh variants.
        n, k = args.docs, args.singles
        fresh = corpus(n + k + n + 2 * k)[n + k :]
        profiled, watched, fresh = fresh[n : n + k], fresh[n + k :], fresh[:n]
        stamp = report["time"].replace(":", "")
        for conc in (1, 2):
            print(f"end to end, concurrency {conc} …", flush=True)
            first = conc == 1
            e = end_to_end(
                fresh,
                singles,
                conc,
                args.inflight,
                per_doc,
                floor_chains=args.floor_chains if first else 0,
                profile=profiled if first and args.profile else None,
                profile_dir=args.out / f"profile-{stamp}",
                watched=watched if first else None,
            )
            e["ratio_to_in_process"] = round(e["docs_per_s"] / ip["docs_per_s"], 2)
            report["end_to_end"].append(e)
    if "scaling" not in skip:
        from . import scaling as bench_scaling

        print("scaling on the MongoDB wire server: 1, 2, 4 workers per stage …", flush=True)
        report["scaling"] = bench_scaling.run(docs, ip["docs_per_s"])
    if "durability" not in skip:
        from . import durability as bench_durability

        per_writer = args.durability_docs if args.docs >= 60 else 20  # a miniature run: a few
        print(f"durability: 3 writers × {per_writer} inserts, one SIGKILL …", flush=True)
        report["durability"] = bench_durability.run(per_writer)
    if "sse" not in skip and args.sse_clients > 0:
        from . import sse as bench_sse

        print(f"SSE fan-out: {args.sse_clients:,} subscribers …", flush=True)
        report["sse"] = bench_sse.run(args.sse_clients)
    if "store" not in skip:
        from . import store as store_bench

        print(f"store: {args.store_docs:,} documents …", flush=True)
        with tempfile.TemporaryDirectory(prefix="docpipe-store-bench-") as tmp:
            report["store"] = store_bench.run(args.store_docs, Path(tmp) / "bench.sqlite3", 60, 2000, progress=False)
    if "soak" not in skip and args.soak > 0:
        print(f"soak: {args.soak:,} short documents …", flush=True)
        report["soak"] = soak(args.soak)

    if "hostile" not in skip:
        from . import hostile as bench_hostile

        size = (
            args.hostile_size if args.hostile_size is not None else (100_000 if args.docs >= 60 else 1_000 * args.docs)
        )
        print(f"hostile input: {size:,} characters per case …", flush=True)
        report["hostile"] = bench_hostile.run(size, min(size, 20_000), normal_docs=min(20, args.docs), progress=False)
    if "neardup" not in skip:
        from . import neardup as bench_neardup

        copies = 156 if args.docs >= 60 else 2 * args.docs  # a miniature run: a few
        print(f"near-duplicates: 78 originals, {copies} reposts …", flush=True)
        report["neardup"] = bench_neardup.run(copies)
    if "facts" not in skip:
        from . import facts as bench_facts

        n = args.facts_docs if args.docs >= 60 else 200 * args.docs  # a miniature run: a few hundred
        print(f"facts: {n:,} documents …", flush=True)
        with tempfile.TemporaryDirectory(prefix="docpipe-facts-bench-") as tmp:
            report["facts"] = bench_facts.run(
                n, Path(tmp) / "facts.sqlite3", 40 if args.docs >= 60 else 5, progress=False
            )

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bench-{report['time'].replace(':', '')}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print_report(report)
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
