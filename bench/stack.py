"""The stack ``make bench`` measures: ``docpipe run`` started as a user would,
its event stream watched for each document's ``processed`` event, the
workers' task events read as hops, the workers' memory sampled, documents
POSTed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx


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


class EventStream:
    """Follows the event stream from its end in a thread: each event is
    given to ``_record`` (under ``cond``, which is then notified) with when
    it was read."""

    def __init__(self, redis_url: str) -> None:
        import redis

        from docpipe import settings

        self.client = redis.Redis.from_url(redis_url)
        self.stream = settings.events().stream
        last = self.client.xrevrange(self.stream, count=1)
        self.after = last[0][0].decode() if last else "0-0"
        self.cond = threading.Condition()
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _record(self, now: float, event: dict[str, Any]) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self.stopping:
            rows = self.client.xread({self.stream: self.after}, block=200, count=500)
            now = time.perf_counter()
            for _, entries in rows or []:
                for sid, fields in entries:
                    self.after = sid.decode()
                    event = json.loads(fields[b"event"])
                    with self.cond:
                        self._record(now, event)
                        self.cond.notify_all()

    def close(self) -> None:
        self.stopping = True
        self.thread.join(timeout=2)


class EventWatch(EventStream):
    """Records when each document's processed/failed event arrives."""

    def __init__(self, redis_url: str) -> None:
        super().__init__(redis_url)
        self.arrived: dict[str, float] = {}
        self.failed: set[str] = set()
        self.thread.start()

    def _record(self, now: float, event: dict[str, Any]) -> None:
        self.arrived.setdefault(event["subject"], now)
        if event["type"].endswith("failed"):
            self.failed.add(event["subject"])

    def wait_for(self, ids: set[str], timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with self.cond:
            while not ids <= self.arrived.keys():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
        return True


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
