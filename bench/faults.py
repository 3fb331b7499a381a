"""`make faults`: a fault-injection run of the whole stack that anyone can repeat.

    python -m bench.faults [--docs 300] [--worker-kills 24] [--redis-kills 2] [--api-kills 1]
                           [--group-every 4] [--store-lock 30] [--redeliveries 6] [--trims 1]
                           [--sweep-every 5] [--stuck-after 200] [--out var/faults]
                           [--mongo [--mongo-kills 1] [--mongo-down 10]]

``docpipe run --no-flower`` starts as a user starts it (embedded Redis, the
embedded store unless MONGODB_URI, free ports, a temporary var dir). Distinct
articles (``bench.corpus``) are POSTed while a fault thread injects, one after
the other, each once the stack has recovered from the previous one:

- ``worker-pool``: SIGKILL the pool process of a stage worker while a message
  of that stage is delivered and unacknowledged (mid-task); Celery's
  ``task_reject_on_worker_lost`` puts it back at once;
- ``worker-group``: SIGKILL a stage worker's whole process group (its main
  process too) mid-task; the supervisor restarts it and the message comes
  back through the sweep (``--stuck-after``) — every ``--group-every``-th
  worker kill is of this kind;
- ``redis``: SIGKILL the embedded Redis (AOF everysec: the last second of
  writes can go; the sweep re-enqueues what it held);
- ``api``: SIGKILL the API process;
- ``store-lock``: the embedded store locked for ``--store-lock`` seconds: a
  connection of this process holds SQLite's write lock (``BEGIN EXCLUSIVE``;
  in WAL mode readers go on), as another process's long write transaction
  (a backup, a migration, a ``sqlite3`` shell left open) does; every write
  of the stack waits on its busy timeout meanwhile (not injected on MongoDB);
- ``mongo`` (``--mongo``: the store on a wire server this run starts with
  ``bench.wire_server``, in place of the store lock): SIGKILL the server,
  leave it down ``--mongo-down`` seconds, start it again on the same port and
  data directory; the workers' store writes fail and are retried meanwhile;
- ``redeliver``: a message of a stage delivered a second time while its
  first delivery runs (a copy of the unacknowledged message, same task id,
  pushed back where the workers take next: what a visibility timeout passed
  under a slow task, or a broker failover, does);
- ``xtrim``: the event stream trimmed to nothing (``XTRIM MAXLEN 0``, in one
  transaction with an ``XRANGE`` of what it removes, so the count of events
  stays exact) under two live consumers: an SSE client of ``GET /events``
  (from the start, resuming with ``Last-Event-ID``) and a webhook receiver
  subscribed before the first POST; what each of them got is counted.

Stages are killed (and messages redelivered) in turn (segment, extract, normalize). Then it waits for
quiescence (every accepted document processed or failed, every queue empty),
reads every document back and the whole event stream, runs each accepted text
in-process (``run_stages``) and compares the stage outputs. It writes
``<out>/faults-<time>.json`` and prints a table: accepted, processed, failed
(by code), lost (accepted, neither processed nor failed), outputs differing
from the in-process run, events per document (missing, duplicates with equal
or different ids), recovery time per fault kind.

Exit status 0 when nothing was lost, no output differs, no event is missing
and every duplicate event repeats an id; 1 otherwise.
Events missed by the SSE client or the webhook receiver are reported, not
failed on: an event trimmed before a consumer read it is gone for it.
"""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from .corpus import corpus

ROOT = Path(__file__).resolve().parents[1]
# The stage outputs compared with the in-process run (timings, dates and the
# near-duplicate mark depend on the run, not on the text).
COMPARED = ("raw_text", "clean_text", "raw_spans", "sentences", "tokens", "keywords", "entities", "metrics")
FINAL = ("processed", "failed")


@dataclass
class Plan:
    docs: int = 300
    worker_kills: int = 24
    redis_kills: int = 2
    api_kills: int = 1
    group_every: int = 4  # every n-th worker kill takes the whole process group
    sweep_every_s: float = 5.0
    stuck_after_s: float = 200.0  # above the task time limit (180 s), as the sweep requires
    quiesce_timeout_s: float = 1200.0
    mid_task_wait_s: float = 20.0  # how long a kill waits for its stage to be mid-task
    max_chars: int = 0  # cut each article at a paragraph end before this many characters (0: whole)
    store_lock_s: float = 30.0  # how long the store is locked (0: not injected)
    redeliveries: int = 6  # messages delivered a second time
    trims: int = 1  # XTRIMs of the event stream under live consumers
    consumers: bool = True  # an SSE client and a webhook receiver count what they get
    mongo: bool = False  # the store on SecantusDB's wire server (bench.wire_server), not the embedded one
    mongo_kills: int = 1  # with mongo: SIGKILLs of the wire server, each restarted on its port and data
    mongo_down_s: float = 10.0  # how long the wire server stays down each time

    @classmethod
    def miniature(cls, **faults: Any) -> Plan:
        """The suite's small runs (tests/e2e/test_faults_*): 30 articles of at
        most 1,000 characters, no fault of any kind, no live consumers, a
        sweep every 2 s for documents stuck 20 s; a test names the faults it
        injects (and any other field it changes)."""
        base: dict[str, Any] = {
            "docs": 30,
            "worker_kills": 0,
            "group_every": 0,  # a pool process: its message comes back at once (no sweep wait)
            "redis_kills": 0,
            "api_kills": 0,
            "store_lock_s": 0,
            "redeliveries": 0,
            "trims": 0,
            "consumers": False,
            "sweep_every_s": 2.0,
            "stuck_after_s": 20.0,
            "quiesce_timeout_s": 400.0,
            "max_chars": 1000,
        }
        return cls(**{**base, **faults})


KINDS = ("worker-pool", "worker-group", "redis", "api", "store-lock", "mongo", "redeliver", "xtrim")
BY_STAGE = ("worker-pool", "worker-group", "redeliver")  # kinds aimed at one stage
NOTED = ("store-lock", "mongo", "xtrim")  # kinds whose notes say what each did


@dataclass
class Fault:
    kind: str  # worker-pool | worker-group | redis | api | store-lock | redeliver | xtrim
    target: str
    doc_id: str = ""  # redeliver: the document whose message went twice
    at_s: float = 0.0
    mid_task: bool = False
    recovery_s: float | None = None
    note: str = ""


LABELS = {
    "worker-pool": "SIGKILL worker-pool",
    "worker-group": "SIGKILL worker-group",
    "redis": "SIGKILL redis",
    "api": "SIGKILL api",
    "store-lock": "store locked",
    "mongo": "SIGKILL wire server",
    "redeliver": "redelivered",
    "xtrim": "stream trimmed",
}


def _injected(f: Fault) -> bool:
    return not f.note.startswith("not injected")


@dataclass
class Stack:
    """``docpipe run --no-flower`` in a child process."""

    var_dir: Path
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None
    lines: list[str] = field(default_factory=list)
    mongo: WireServer | None = None

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.env['DOCPIPE_API_PORT']}"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.env['DOCPIPE_REDIS_PORT']}/0"

    def start(self, timeout_s: float = 300.0) -> None:
        from docpipe.embedded import die_with_parent_process

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "docpipe.cli", "run", "--no-flower"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent_process,  # a dead fault run takes its stack with it
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout_s
        while not any("docpipe is running" in line for line in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("docpipe run did not come up:\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.2)

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in self.proc.stdout:
            self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def children(self) -> dict[str, dict[str, Any]]:
        try:
            state = json.loads((self.var_dir / "run" / "supervisor.json").read_bytes())
        except (OSError, ValueError):
            return {}
        children: dict[str, dict[str, Any]] = state.get("children", {})
        return children

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class WireServer:
    """The MongoDB wire server (``bench.wire_server``) the stack's store is on:
    killed and started again on the same port and data directory."""

    base: Path
    proc: subprocess.Popen[bytes] | None = None
    uri: str = ""

    @property
    def data(self) -> Path:
        return self.base / "data"

    def start(self) -> None:
        from . import wire_server

        port = int(self.uri.rsplit(":", 1)[1].split("/")[0]) if self.uri else None
        self.base.mkdir(parents=True, exist_ok=True)
        self.proc, uri = wire_server.start(self.base, port=port, data=self.data)
        self.uri = self.uri or uri + "docpipe_faults"  # the URI's database is the store's

    def kill(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: the server and anything it started
        self.proc.wait()

    def stop(self) -> None:
        from . import wire_server

        if self.proc is not None:
            wire_server.stop(self.proc)


def _stack_env(var_dir: Path, plan: Plan) -> dict[str, str]:
    from docpipe.embedded import free_port

    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DOCPIPE_STORE_PATH")}
    env.update(
        DOCPIPE_VAR_DIR=str(var_dir),
        DOCPIPE_REDIS_PORT=str(free_port()),
        DOCPIPE_API_PORT=str(free_port()),
        DOCPIPE_API_SWEEP_EVERY_S=str(plan.sweep_every_s),
        DOCPIPE_API_STUCK_AFTER_S=str(plan.stuck_after_s),
        PYTHONUNBUFFERED="1",
    )
    return env


def _pool_children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


class Faults:
    """The fault thread: one fault at a time, each after recovery from the last."""

    def __init__(self, stack: Stack, plan: Plan, t0: float) -> None:
        import redis

        self.stack, self.plan, self.t0 = stack, plan, t0
        self.redis = redis.Redis.from_url(stack.redis_url, socket_timeout=2, socket_connect_timeout=2)
        self.done: list[Fault] = []
        self.trimmed: list[tuple[bytes, dict[bytes, bytes]]] = []  # the stream entries XTRIM removed
        self.stop = threading.Event()
        self.finished = threading.Event()  # every fault injected (the thread lives on until stop)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def schedule(self) -> list[Fault]:
        from docpipe.pipeline import STAGE_NAMES

        p = self.plan
        workers = [
            Fault(
                "worker-group" if p.group_every and (i + 1) % p.group_every == 0 else "worker-pool",
                STAGE_NAMES[i % len(STAGE_NAMES)],
            )
            for i in range(p.worker_kills)
        ]
        kinds = [
            [Fault("redeliver", STAGE_NAMES[i % len(STAGE_NAMES)]) for i in range(p.redeliveries)],
            [Fault("redis", "redis") for _ in range(p.redis_kills)],
            [Fault("store-lock", "store") for _ in range(1 if p.store_lock_s > 0 and not p.mongo else 0)],
            [Fault("mongo", "wire-server") for _ in range(p.mongo_kills if p.mongo else 0)],
            [Fault("xtrim", "events") for _ in range(p.trims)],
            [Fault("api", "api") for _ in range(p.api_kills)],
        ]
        # The other kinds taken in turn, then spread evenly among the worker kills.
        others = [f for row in itertools.zip_longest(*kinds) for f in row if f is not None]
        plan: list[Fault] = list(workers)
        for k, fault in enumerate(others, start=1):
            plan.insert(round(k * len(workers) / (len(others) + 1)) + k - 1, fault)
        return plan

    def _run(self) -> None:
        try:
            for fault in self.schedule():
                if self.stop.is_set():
                    return
                try:
                    self._inject(fault)
                except Exception as exc:  # noqa: BLE001 - a fault that could not be injected is reported, not fatal
                    fault.note = f"not injected: {exc!r}"
                self.done.append(fault)
                time.sleep(0.5)
        finally:
            self.finished.set()
        # A wire server restarted here was started with PR_SET_PDEATHSIG,
        # which Linux sends when the *thread* that forked it ends: this
        # thread stays until the run stops (a first run lost its restarted
        # server 0 s after the last fault and every store write after it).
        self.stop.wait()

    def _mid_task(self, queue: str) -> bool:
        """A message of ``queue`` delivered lately and not yet acknowledged
        (acks_late: its task runs; not a leftover of a killed worker group)."""
        try:
            return self._unacked(queue) is not None
        except Exception:  # noqa: BLE001 - Redis restarting: not mid-task as far as we know
            return False

    def _wait(self, check: Callable[[], bool], timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not self.stop.is_set():
            try:
                if check():
                    return True
            except Exception:  # noqa: BLE001 - probes fail while things restart
                pass
            time.sleep(0.05)
        return False

    def _ready(self) -> bool:
        return httpx.get(self.stack.api + "/readyz", timeout=5).status_code == 200

    def _inject(self, fault: Fault) -> None:
        from docpipe.pipeline import queue_of

        if fault.kind.startswith("worker"):
            name = f"worker-{fault.target}"
            fault.mid_task = self._wait(lambda: self._mid_task(queue_of(fault.target)), self.plan.mid_task_wait_s)
            child = self.stack.children()[name]
            main_pid = int(child["pid"])
            fault.at_s = round(time.monotonic() - self.t0, 2)
            t = time.monotonic()
            if fault.kind == "worker-pool":
                pool = _pool_children(main_pid)
                if not pool:
                    raise RuntimeError(f"{name} has no pool process")
                os.kill(pool[0], signal.SIGKILL)
                # Recovered: the worker has a new pool process.
                ok = self._wait(lambda: bool(set(_pool_children(main_pid)) - set(pool)), 120)
            else:
                os.killpg(main_pid, signal.SIGKILL)  # the worker and its pool processes

                def back() -> bool:
                    c = self.stack.children()[name]
                    return bool(c["ready"]) and c["pid"] != main_pid

                ok = self._wait(back, 300)
        elif fault.kind == "redis":
            pid = int(self.stack.children()["redis"]["pid"])
            fault.mid_task = True  # documents are in flight whenever it dies
            fault.at_s = round(time.monotonic() - self.t0, 2)
            t = time.monotonic()
            os.kill(pid, signal.SIGKILL)
            ok = self._wait(lambda: self.stack.children()["redis"]["pid"] != pid and self._ready(), 300)
        elif fault.kind == "api":
            pid = int(self.stack.children()["api"]["pid"])
            fault.mid_task = True
            fault.at_s = round(time.monotonic() - self.t0, 2)
            t = time.monotonic()
            os.kill(pid, signal.SIGKILL)
            ok = self._wait(lambda: self.stack.children()["api"]["pid"] != pid and self._ready(), 300)
        elif fault.kind == "store-lock":
            t, ok = self._lock_store(fault)
        elif fault.kind == "mongo":
            t, ok = self._kill_mongo(fault)
        elif fault.kind == "redeliver":
            t, ok = self._redeliver(fault)
        else:
            t, ok = self._trim(fault)
        fault.recovery_s = round(time.monotonic() - t, 2) if ok else None

    def _finished(self) -> int:
        """Documents the workers counted final (processed or failed) so far."""
        from docpipe import taskflow

        processed, failed = taskflow.final_counts(self.redis)
        return processed + sum(failed.values())

    def _lock_store(self, fault: Fault) -> tuple[float, bool]:
        """Hold the embedded store's write lock for ``store_lock_s``; recovered
        once a document finishes after it is released."""
        if self.stack.env.get("MONGODB_URI"):
            raise RuntimeError("the store is MongoDB: not stopped by this run")
        conn = sqlite3.connect(self.stack.var_dir / "docpipe.sqlite3", timeout=60, isolation_level=None)
        try:
            conn.execute("BEGIN EXCLUSIVE")  # waits for a writer of the stack to commit first
            fault.mid_task = True
            fault.at_s = round(time.monotonic() - self.t0, 2)
            before = self._finished()
            self.stop.wait(self.plan.store_lock_s)
            during = self._finished() - before
        finally:
            conn.execute("ROLLBACK") if conn.in_transaction else None
            conn.close()
        t = time.monotonic()
        fault.note = f"held {self.plan.store_lock_s:g} s; {during} documents finished meanwhile"
        after = self._finished()
        return t, self._wait(lambda: self._finished() > after, 300)

    def _kill_mongo(self, fault: Fault) -> tuple[float, bool]:
        """SIGKILL the wire server the store is on, leave it down for
        ``mongo_down_s``, start it again on the same port and data directory
        (WiredTiger recovers from its journal); recovered once a document
        finishes after the restart."""
        from docpipe.pipeline import STAGE_NAMES, queue_of

        server = self.stack.mongo
        if server is None:
            raise RuntimeError("the store is not on the wire server")
        # Killed only once a stage task runs: a kill before the first document
        # is accepted (a busy machine, the first fault of a plan) meets only
        # the API, whose clients retry, and no worker ever sees the outage.
        queues = [queue_of(stage) for stage in STAGE_NAMES]
        fault.mid_task = self._wait(lambda: any(self._mid_task(q) for q in queues), self.plan.mid_task_wait_s)
        fault.at_s = round(time.monotonic() - self.t0, 2)
        before = self._finished()
        server.kill()
        self.stop.wait(self.plan.mongo_down_s)
        during = self._finished() - before
        server.start()
        t = time.monotonic()
        fault.note = f"down {self.plan.mongo_down_s:g} s; {during} documents finished meanwhile"
        after = self._finished()
        return t, self._wait(lambda: self._finished() > after, 300)

    def _unacked(self, queue: str, within_s: float = 60.0) -> dict[str, Any] | None:
        """The message of ``queue`` delivered last, within ``within_s``, and
        not yet acknowledged (kombu's ``unacked_index`` scores each by its
        delivery time): one a task is running on, not one a killed worker
        group left behind (a run of make faults redelivered such a leftover
        twice, as if in flight, before this age bound)."""
        since = time.time() - within_s
        for tag in self.redis.zrevrangebyscore("unacked_index", "+inf", since):
            raw = self.redis.hget("unacked", tag)
            if raw is None:
                continue
            message, _exchange, routing_key = json.loads(raw)
            if routing_key == queue:
                return dict(message)
        return None

    def _redeliver(self, fault: Fault) -> tuple[float, bool]:
        """A message of the stage ``fault.target`` delivered a second time
        while its first delivery runs: a copy of one in flight (same task id,
        a delivery tag of its own so that acknowledging one copy leaves the
        other's record alone) put where the workers take next (the queue's
        tail: kombu LPUSHes and BRPOPs). Recovered once a worker took it."""
        import uuid

        from docpipe.pipeline import queue_of

        queue = queue_of(fault.target)
        found: list[dict[str, Any]] = []

        def in_flight() -> bool:
            message = self._unacked(queue)
            if message is not None:
                found.append(message)
            return message is not None

        fault.mid_task = self._wait(in_flight, self.plan.mid_task_wait_s)
        if not found:
            raise RuntimeError(f"no {fault.target} message in flight within {self.plan.mid_task_wait_s:g} s")
        message = found[-1]
        headers = message.get("headers") or {}
        try:  # the body (protocol 2): [args, kwargs, embed], base64
            fault.doc_id = str(json.loads(base64.b64decode(message["body"]))[0][0])
        except (KeyError, IndexError, TypeError, ValueError):
            fault.doc_id = ""
        message["properties"] = {**message["properties"], "delivery_tag": str(uuid.uuid4())}
        copy = json.dumps(message)
        fault.at_s = round(time.monotonic() - self.t0, 2)
        t = time.monotonic()
        self.redis.rpush(queue, copy)
        fault.note = f"task {headers.get('id', '?')} delivered twice"
        return t, self._wait(lambda: copy.encode() not in self.redis.lrange(queue, -5, -1), 300)

    def _trim(self, fault: Fault) -> tuple[float, bool]:
        """XTRIM the event stream to nothing, keeping what it removed (read in
        the same transaction) for the count of events."""
        from docpipe import settings

        stream = settings.events().stream
        fault.mid_task = True
        fault.at_s = round(time.monotonic() - self.t0, 2)
        t = time.monotonic()
        with self.redis.pipeline(transaction=True) as pipe:
            pipe.xrange(stream)
            pipe.xtrim(stream, maxlen=0, approximate=False)
            entries, removed = pipe.execute()
        self.trimmed.extend(entries)
        fault.note = f"{removed} entries trimmed"
        # Recovered: a new event reaches the stream after the trim.
        return t, self._wait(lambda: int(self.redis.xlen(stream)) > 0, 300)


class Consumers:
    """Two live consumers of the final events: an SSE client of ``GET /events``
    (from the start of the stream; after a dropped connection, e.g. the API
    killed, it resumes with ``Last-Event-ID``) and a webhook receiver on a
    free port, subscribed before the first POST. Each records the event ids
    it got, by document."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.sse: dict[str, set[str]] = defaultdict(set)
        self.hooks: dict[str, set[str]] = defaultdict(set)
        self.hook_posts = 0  # deliveries received, repeats included
        self.sse_reconnects = 0
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        consumers = self

        class Receiver(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                try:
                    event = json.loads(body)
                    with consumers._lock:
                        consumers.hook_posts += 1
                        consumers.hooks[str(event["subject"])].add(str(event["id"]))
                except (ValueError, KeyError):
                    pass
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        r = httpx.post(
            self.api + "/webhooks",
            json={"url": url, "event_types": ["docpipe.document.processed", "docpipe.document.failed"]},
            timeout=30,
        )
        r.raise_for_status()
        threading.Thread(target=self._follow, daemon=True).start()

    def _follow(self) -> None:
        from httpx_sse import connect_sse

        last_id = "0"
        with httpx.Client(base_url=self.api, timeout=httpx.Timeout(10.0, read=60.0)) as client:
            while not self.stop.is_set():
                try:
                    with connect_sse(client, "GET", "/events", headers={"Last-Event-ID": last_id}) as source:
                        for message in source.iter_sse():
                            last_id = message.id or last_id
                            if self.stop.is_set():
                                return
                            if not message.data:
                                continue  # the starting position, keep-alives
                            event = json.loads(message.data)
                            if event.get("type") in ("docpipe.document.processed", "docpipe.document.failed"):
                                self.sse[str(event["subject"])].add(str(event["id"]))
                except (httpx.HTTPError, ValueError):
                    self.sse_reconnects += 1
                    time.sleep(0.5)

    def close(self) -> None:
        self.stop.set()
        if self._server is not None:
            self._server.shutdown()


class Submitter:
    """POSTs every text once; retries while the API or Redis is down (a retry of
    an accepted text is idempotent: the id is the content's hash)."""

    def __init__(self, api: str, texts: list[str]) -> None:
        self.api, self.texts = api, texts
        self.accepted: dict[str, str] = {}  # id -> text
        self.refused: Counter[str] = Counter()  # problem code of a text given up on
        self.retries: Counter[str] = Counter()  # why a POST was retried
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.api, timeout=30) as c:
            for text in self.texts:
                for _attempt in range(600):
                    try:
                        r = c.post("/documents", json={"text": text})
                    except httpx.HTTPError as exc:
                        self.retries[type(exc).__name__] += 1
                        time.sleep(0.2)
                        continue
                    if r.status_code == 202:
                        self.accepted[r.json()["id"]] = text
                        break
                    if r.status_code in (429, 500, 502, 503):
                        self.retries[str(r.status_code)] += 1
                        time.sleep(min(float(r.headers.get("retry-after", "0.2")), 2.0))
                        continue
                    self.refused[_code(r)] += 1
                    break
                else:
                    self.refused["gave_up"] += 1


def _code(r: httpx.Response) -> str:
    try:
        return str(r.json().get("code", r.status_code))
    except ValueError:
        return str(r.status_code)


def _quiesce(stack: Stack, ids: set[str], timeout_s: float) -> tuple[dict[str, dict[str, Any]], float, int]:
    """Every document once none is pending and no stage queue holds a message."""
    import redis

    from docpipe.pipeline import STAGE_NAMES, queue_of

    r = redis.Redis.from_url(stack.redis_url, socket_timeout=5)
    bodies: dict[str, dict[str, Any]] = {}
    t = time.monotonic()
    deadline = t + timeout_s
    with httpx.Client(base_url=stack.api, timeout=30) as c:
        while time.monotonic() < deadline:
            pending = [i for i in ids if bodies.get(i, {}).get("status") not in FINAL]
            for doc_id in pending:
                try:
                    got = c.get(f"/documents/{doc_id}")
                except httpx.HTTPError:
                    break
                if got.status_code == 200:
                    bodies[doc_id] = got.json()
            # Queued messages count; unacknowledged ones do not: a message
            # whose worker's whole process group died stays in "unacked" until
            # the visibility timeout, while the sweep has re-run its document.
            try:
                busy = any(r.llen(queue_of(s)) for s in STAGE_NAMES)
            except Exception:  # noqa: BLE001 - Redis restarting
                busy = True
            if not busy and all(bodies.get(i, {}).get("status") in FINAL for i in ids):
                break
            time.sleep(1.0)
        waited = time.monotonic() - t
        time.sleep(3.0)  # a late duplicate event would still be counted
        try:
            orphans = int(r.hlen("unacked"))
        except Exception:  # noqa: BLE001 - reported as unknown
            orphans = -1
        for doc_id in ids:  # the final read of every document
            got = c.get(f"/documents/{doc_id}")
            if got.status_code == 200:
                bodies[doc_id] = got.json()
    r.close()
    return bodies, waited, orphans


def _events(stack: Stack, trimmed: Sequence[tuple[bytes, dict[bytes, bytes]]] = ()) -> dict[str, list[str]]:
    """Event ids per document, from the whole stream and the entries an
    XTRIM removed (each entry once, by its stream id)."""
    import redis

    from docpipe import settings

    r = redis.Redis.from_url(stack.redis_url)
    out: dict[str, list[str]] = defaultdict(list)
    try:
        entries = dict(trimmed)
        entries.update(r.xrange(settings.events().stream))
        for _sid, fields in sorted(entries.items()):
            event = json.loads(fields[b"event"])
            if event.get("type") in ("docpipe.document.processed", "docpipe.document.failed"):
                out[event["subject"]].append(event["id"])
    finally:
        r.close()
    return out


def _differing(accepted: dict[str, str], bodies: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
    """Processed documents whose stored stage outputs differ from an in-process
    run of the same text: (differing, compared, not comparable). A document
    whose stage versions (hashes of each stage's code and tables) differ from
    this process's was made by other code (the tree changed during the run):
    counted apart, not compared."""
    from docpipe.ingest import new_document
    from docpipe.pipeline import default_stages, run_stages

    stages = default_stages()
    versions = {s.name: s.version for s in stages}
    out, compared, other_code = [], 0, 0
    for doc_id, text in accepted.items():
        body = bodies.get(doc_id)
        if body is None or body.get("status") != "processed":
            continue
        stored = body["document"]
        if stored.get("stages") != versions:
            other_code += 1
            continue
        compared += 1
        mine = json.loads(run_stages(new_document(text), stages).model_dump_json())
        fields = [f for f in COMPARED if stored.get(f) != mine.get(f)]
        if fields:
            out.append({"id": doc_id, "fields": fields})
    return out, compared, other_code


def articles(n: int, max_chars: int = 0) -> list[str]:
    """``n`` distinct articles from ``bench.corpus``, each cut after its last
    whole paragraph within ``max_chars`` (shorter documents for a quick run)."""
    if not max_chars:
        return [d.text for d in corpus(n)]
    out: list[str] = []
    seen: set[str] = set()
    size = n
    while len(out) < n:
        size *= 2
        for d in corpus(size):
            cut = d.text[:max_chars]
            text = cut[: cut.rfind("\n") + 1] if "\n" in cut else cut
            if text.strip() and text not in seen:
                seen.add(text)
                out.append(text)
                if len(out) == n:
                    break
    return out


def _wait_for_consumers(
    consumers: Consumers, events: dict[str, list[str]], timeout_s: float, quiet_s: float = 20.0
) -> None:
    """Until both consumers hold every document that has an event, or nothing
    new reached them for ``quiet_s`` (a webhook delivery that failed waits
    for its retry), or ``timeout_s`` passed."""
    deadline = time.monotonic() + timeout_s
    last, changed = (-1, -1), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - changed < quiet_s:
        now = (sum(map(len, consumers.sse.values())), consumers.hook_posts)
        if all(consumers.sse.get(i) and consumers.hooks.get(i) for i in events):
            return
        if now != last:
            last, changed = now, time.monotonic()
        time.sleep(0.5)


def run(plan: Plan, var_dir: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    """The run, on a stack whose var dir (store, logs) is ``var_dir``."""
    texts = articles(plan.docs, plan.max_chars)
    stack = Stack(var_dir, _stack_env(var_dir, plan))
    faults: Faults | None = None
    consumers: Consumers | None = None
    if plan.mongo:
        stack.mongo = WireServer(var_dir / "wire-server")
        stack.mongo.start()
        stack.env["MONGODB_URI"] = stack.mongo.uri
        stack.env.pop("MONGODB_DB", None)
        log(f"wire server at {stack.mongo.uri}")
    elif "MONGODB_URI" in stack.env:
        log(f"store: MONGODB_URI {stack.env['MONGODB_URI']} (not stopped by this run)")
    log(f"starting docpipe run in {var_dir}")
    try:
        stack.start()
        submitter = Submitter(stack.api, texts)
        if plan.consumers:
            consumers = Consumers(stack.api)
            consumers.start()
        t0 = time.monotonic()
        faults = Faults(stack, plan, t0)
        submitter.thread.start()
        faults.thread.start()
        log(f"submitting {len(texts)} articles; injecting {len(faults.schedule())} faults")
        submitter.thread.join()
        submitted_s = time.monotonic() - t0
        faults.finished.wait()
        faults_s = time.monotonic() - t0
        log(f"submitted in {submitted_s:.0f} s; faults done at {faults_s:.0f} s; waiting for quiescence")
        ids = set(submitter.accepted)
        bodies, quiesce_s, orphans = _quiesce(stack, ids, plan.quiesce_timeout_s)
        events = _events(stack, faults.trimmed)
        if consumers is not None:
            _wait_for_consumers(consumers, events, 180.0)
        sup = stack.children()
        run_lines = (var_dir / "log" / "api.log").read_text(encoding="utf-8", errors="replace").splitlines()
        worker_lines = [
            line
            for f in sorted((var_dir / "log").glob("worker-*.log"))
            for line in f.read_text(encoding="utf-8", errors="replace").splitlines()
        ]
    finally:
        if faults is not None:
            faults.stop.set()
        if consumers is not None:
            consumers.close()
        stack.stop()
        if stack.mongo is not None:
            stack.mongo.stop()
    log("comparing with an in-process run")
    differing = _differing(submitter.accepted, bodies)
    return _report(
        plan,
        submitter,
        faults.done,
        bodies,
        events,
        differing,
        sup,
        run_lines,
        orphans,
        {"submitted_s": submitted_s, "faults_done_s": faults_s, "quiescence_wait_s": quiesce_s},
        consumers,
        worker_lines,
        len(faults.trimmed),
    )


def _store_waits_logged(worker_lines: Sequence[str], api_lines: Sequence[str]) -> dict[str, int]:
    """The lines ``docpipe.store_waits`` and ``docpipe.task_retry`` write: a
    write waiting for the SQLite lock (each step; the workers' and the
    API's), a task retried, a task that stopped retrying (its document left
    for the sweep)."""
    return {
        "worker_wait_warnings": sum(1 for line in worker_lines if "for the database lock; waiting" in line),
        "api_wait_warnings": sum(1 for line in api_lines if "for the database lock; waiting" in line),
        "lock_wait_timeouts": sum(
            1 for line in (*worker_lines, *api_lines) if "gave up waiting for the database lock" in line
        ),
        "retry_warnings": sum(1 for line in worker_lines if '"docpipe.tasks"' in line and "; retry " in line),
        "gave_up": sum(1 for line in worker_lines if "left in its status for the sweep" in line),
    }


def _report(
    plan: Plan,
    sub: Submitter,
    faults: list[Fault],
    bodies: dict[str, dict[str, Any]],
    events: dict[str, list[str]],
    compare: tuple[list[dict[str, Any]], int, int],
    sup: dict[str, dict[str, Any]],
    lines: list[str],
    orphans: int,
    times: dict[str, float],
    consumers: Consumers | None = None,
    worker_lines: Sequence[str] = (),
    trimmed: int = 0,
) -> dict[str, Any]:
    differing, compared, other_code = compare
    ids = set(sub.accepted)
    status = {i: bodies.get(i, {}).get("status") for i in ids}
    processed = sorted(i for i in ids if status[i] == "processed")
    failed = [i for i in ids if status[i] == "failed"]
    lost = sorted(i for i in ids if status[i] not in FINAL)
    by_code = Counter((bodies[i].get("error") or {}).get("code", "?") for i in failed)
    counts = {i: len(events.get(i, [])) for i in ids}
    dups = {i: events[i] for i in ids if counts[i] > 1}
    recovery: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        mine = [f for f in faults if f.kind == kind]
        if not mine:
            continue
        secs = [f.recovery_s for f in mine if f.recovery_s is not None]
        recovery[kind] = {
            "injected": sum(1 for f in mine if _injected(f)),
            "mid_task": sum(1 for f in mine if f.mid_task and _injected(f)),
            "by_stage": dict(Counter(f.target for f in mine if not f.note.startswith("not injected")))
            if kind in BY_STAGE
            else None,
            "not_recovered": sum(1 for f in mine if f.recovery_s is None and _injected(f)),
            "notes": [f.note for f in mine if f.note] if kind in NOTED else None,
            "recovery_s": {"median": round(statistics.median(secs), 2), "max": max(secs)} if secs else None,
        }
    # Documents whose message was delivered twice: one event id each, output as in-process.
    redelivered = sorted({f.doc_id for f in faults if f.kind == "redeliver" and f.doc_id and _injected(f)})
    differing_ids = {d["id"] for d in differing}
    injected: dict[str, dict[str, Any]] = {
        "redeliver": {
            "messages": sum(1 for f in faults if f.kind == "redeliver" and _injected(f)),
            "documents": len(redelivered),
            "not_final": sum(1 for i in redelivered if status.get(i) not in FINAL),
            "more_than_one_event_id": sum(1 for i in redelivered if len(set(events.get(i, []))) > 1),
            "differing_outputs": sum(1 for i in redelivered if i in differing_ids),
        },
        "store_lock": {
            # What a worker logged while it waited: a store error retried
            # (docpipe.task_retry) rather than a failed document.
            "store_errors_logged": sum(1 for line in worker_lines if "database is locked" in line),
            "task_retries_logged": sum(1 for line in worker_lines if "Retry in" in line),
            **_store_waits_logged(worker_lines, lines),
        },
        "xtrim": {"entries_trimmed": trimmed},
    }
    if plan.mongo:
        injected["mongo"] = {
            # What a worker logged while the server was down: a store error
            # retried (Celery's autoretry) rather than a failed document.
            "store_errors_logged": sum(
                1 for line in worker_lines if "StoreUnavailable" in line or "ServerSelectionTimeout" in line
            ),
            "task_retries_logged": sum(1 for line in worker_lines if "Retry in" in line),
            **_store_waits_logged(worker_lines, lines),
        }
    with_event = {i for i in ids if counts[i]}
    if consumers is not None:
        for name, got in (("sse", consumers.sse), ("webhooks", consumers.hooks)):
            missed = sorted(i for i in with_event if not got.get(i))
            injected[name] = {
                "documents_received": sum(1 for i in with_event if got.get(i)),
                "missed": len(missed),
                "missed_ids": missed[:50],
                "more_than_one_event_id": sum(1 for i in ids if len(got.get(i, ())) > 1),
            }
        injected["sse"]["reconnects"] = consumers.sse_reconnects
        injected["webhooks"]["deliveries_received"] = consumers.hook_posts
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "plan": asdict(plan),
        "documents": {
            "submitted": len(sub.texts),
            "accepted": len(ids),
            "refused": dict(sub.refused),
            "post_retries": dict(sub.retries),
            "processed": len(processed),
            "failed": len(failed),
            "failed_by_code": dict(by_code),
            "lost": len(lost),
            "lost_ids": lost[:50],
            "compared_with_in_process": compared,
            "not_compared_other_code": other_code,
            "differing_outputs": len(differing),
            "differing": differing[:50],
        },
        "events": {
            "documents_with_one": sum(1 for c in counts.values() if c == 1),
            "missing": sum(1 for c in counts.values() if c == 0),
            "missing_ids": sorted(i for i, c in counts.items() if c == 0)[:50],
            "duplicated_documents": len(dups),
            "duplicates_same_id": sum(1 for v in dups.values() if len(set(v)) == 1),
            "duplicates_different_ids": sum(1 for v in dups.values() if len(set(v)) > 1),
        },
        "faults": {"recovery": recovery, "injected": [asdict(f) for f in faults]},
        "consequences": injected,
        "supervisor": {k: {"restarts": v.get("restarts"), "state": v.get("state")} for k, v in sup.items()},
        "sweep_requeues": sum(1 for line in lines if "re-enqueued to" in line),  # from the API's log
        # Messages of dead worker groups still unacknowledged at the end: Redis
        # would deliver them again after the visibility timeout (a re-run of a
        # processed document, which writes the same output and event id).
        "unacked_left": orphans,
        "times_s": {k: round(v, 1) for k, v in times.items()},
    }


def ok(r: dict[str, Any]) -> bool:
    d, e = r["documents"], r["events"]
    return (
        d["lost"] == 0
        and d["differing_outputs"] == 0
        and e["missing"] == 0
        and d["compared_with_in_process"] > 0
        and e["duplicates_different_ids"] == 0
    )


def table(r: dict[str, Any]) -> str:
    d, e = r["documents"], r["events"]
    rows = [
        ("accepted", f"{d['accepted']} of {d['submitted']} submitted (POST retries: {d['post_retries'] or 0})"),
        ("processed", str(d["processed"])),
        ("failed", f"{d['failed']} {d['failed_by_code'] or ''}".rstrip()),
        ("lost", str(d["lost"])),
        (
            "outputs differing",
            f"{d['differing_outputs']} of {d['compared_with_in_process']} compared with in-process"
            + (
                f" ({d['not_compared_other_code']} made by other code: not compared)"
                if d["not_compared_other_code"]
                else ""
            ),
        ),
        (
            "events",
            f"{e['documents_with_one']} documents with one, {e['missing']} missing, "
            f"{e['duplicates_same_id']} duplicated with the same id, "
            f"{e['duplicates_different_ids']} with different ids",
        ),
        ("sweep re-enqueues", str(r["sweep_requeues"])),
        ("unacked left", f"{r['unacked_left']} (messages of killed worker groups, back after the visibility timeout)"),
    ]
    for kind, v in r["faults"]["recovery"].items():
        rec = v["recovery_s"]
        what = f"{v['injected']} injected ({v['mid_task']} mid-task)"
        if v["by_stage"]:
            what += " " + ", ".join(f"{k} {n}" for k, n in sorted(v["by_stage"].items()))
        what += f"; recovered in median {rec['median']} s, max {rec['max']} s" if rec else "; no recovery measured"
        if v["not_recovered"]:
            what += f"; {v['not_recovered']} not recovered"
        if v.get("notes"):
            what += " (" + "; ".join(v["notes"]) + ")"
        rows.append((LABELS[kind], what))
    c = r.get("consequences", {})
    if c.get("redeliver", {}).get("messages"):
        x = c["redeliver"]
        rows.append(
            (
                "redelivered documents",
                f"{x['documents']}: {x['not_final']} not final, {x['more_than_one_event_id']} with more than one "
                f"event id, {x['differing_outputs']} differing from in-process",
            )
        )
    if "store_lock" in c and r["faults"]["recovery"].get("store-lock"):
        x = c["store_lock"]
        rows.append(
            (
                "store lock seen",
                f"{x['store_errors_logged']} 'database is locked' and {x['task_retries_logged']} task retries "
                f"in the worker logs; lock-wait warnings: {x.get('worker_wait_warnings', 0)} by workers, "
                f"{x.get('api_wait_warnings', 0)} by the API; {x.get('lock_wait_timeouts', 0)} writes gave up "
                "waiting (DOCPIPE_STORE_TIMEOUT_S)",
            )
        )
    if "mongo" in c and r["faults"]["recovery"].get("mongo"):
        x = c["mongo"]
        rows.append(
            (
                "wire server down seen",
                f"{x['store_errors_logged']} store errors and {x['task_retries_logged']} task retries "
                f"in the worker logs; {x.get('gave_up', 0)} tasks stopped retrying (left for the sweep)",
            )
        )
    for name in ("sse", "webhooks"):
        if name in c:
            x = c[name]
            extra = (
                f", {x['reconnects']} failed connection attempts (API down)"
                if name == "sse"
                else f", {x['deliveries_received']} deliveries received"
            )
            rows.append(
                (
                    f"{name} consumer",
                    f"{x['documents_received']} documents' events received, {x['missed']} missed, "
                    f"{x['more_than_one_event_id']} with more than one event id{extra}",
                )
            )
    t = r["times_s"]
    rows.append(
        (
            "times",
            f"submitted in {t['submitted_s']} s, faults done at {t['faults_done_s']} s, "
            f"quiescent {t['quiescence_wait_s']} s later",
        )
    )
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in rows)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n\n")[0])
    defaults = Plan()
    p.add_argument("--docs", type=int, default=defaults.docs, help="distinct articles to submit")
    p.add_argument("--worker-kills", type=int, default=defaults.worker_kills)
    p.add_argument("--redis-kills", type=int, default=defaults.redis_kills)
    p.add_argument("--api-kills", type=int, default=defaults.api_kills)
    p.add_argument(
        "--group-every",
        type=int,
        default=defaults.group_every,
        help="every n-th worker kill takes the worker's whole process group (0: never)",
    )
    p.add_argument(
        "--store-lock", type=float, default=defaults.store_lock_s, help="seconds the store is locked (0: never)"
    )
    p.add_argument("--redeliveries", type=int, default=defaults.redeliveries, help="messages delivered twice")
    p.add_argument("--trims", type=int, default=defaults.trims, help="XTRIMs of the event stream")
    p.add_argument(
        "--mongo",
        action="store_true",
        help="the store on a wire server started for the run (bench/wire_server.py), SIGKILLed and restarted",
    )
    p.add_argument("--mongo-kills", type=int, default=defaults.mongo_kills, help="with --mongo: wire server kills")
    p.add_argument(
        "--mongo-down", type=float, default=defaults.mongo_down_s, help="with --mongo: seconds it stays down"
    )
    p.add_argument("--sweep-every", type=float, default=defaults.sweep_every_s, help="DOCPIPE_API_SWEEP_EVERY_S")
    p.add_argument("--stuck-after", type=float, default=defaults.stuck_after_s, help="DOCPIPE_API_STUCK_AFTER_S")
    p.add_argument("--timeout", type=float, default=defaults.quiesce_timeout_s, help="longest wait for quiescence, s")
    p.add_argument("--max-chars", type=int, default=0, help="cut articles to about this many characters (0: whole)")
    p.add_argument("--out", type=Path, default=ROOT / "var" / "faults")
    a = p.parse_args(argv)
    plan = Plan(
        docs=a.docs,
        worker_kills=a.worker_kills,
        redis_kills=a.redis_kills,
        api_kills=a.api_kills,
        group_every=a.group_every,
        sweep_every_s=a.sweep_every,
        stuck_after_s=a.stuck_after,
        quiesce_timeout_s=a.timeout,
        max_chars=a.max_chars,
        store_lock_s=a.store_lock,
        redeliveries=a.redeliveries,
        trims=a.trims,
        mongo=a.mongo,
        mongo_kills=a.mongo_kills,
        mongo_down_s=a.mongo_down,
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    var_dir = a.out / f"run-{stamp}"  # the stack's store and logs, kept for reading
    var_dir.mkdir(parents=True, exist_ok=True)
    result = run(plan, var_dir, log=lambda s: print(s, flush=True))
    path = a.out / f"faults-{stamp}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"written: {path}")
    return 0 if ok(result) else 1


if __name__ == "__main__":
    sys.exit(main())
