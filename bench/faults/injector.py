"""The fault thread: each fault injected once the stack has recovered from the previous one."""

from __future__ import annotations

import base64
import itertools
import json
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from . import logscan
from .plan import WORKER_KILLS, Fault, Plan
from .stack import Stack, pool_children, started_at
from .traffic import Submitter


class Faults:
    """The fault thread: one fault at a time, each after recovery from the last."""

    def __init__(self, stack: Stack, plan: Plan, t0: float, submitter: Submitter | None = None) -> None:
        import redis

        self.stack, self.plan, self.t0 = stack, plan, t0
        self.submitter = submitter  # released fault by fault; its held texts go while Redis is down
        self.down_posts: list[dict[str, Any]] = []  # the POSTs sent right after a Redis kill
        self._redis_kills = 0
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
            [Fault("worker-burst", STAGE_NAMES[(i + 1) % len(STAGE_NAMES)]) for i in range(p.bursts)],
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
            planned = self.schedule()
            todo = list(planned)
            extras = self.plan.extra_worker_kills
            done_planned = 0
            while todo:
                fault = todo.pop(0)
                if self.stop.is_set():
                    return
                if not fault.extra:
                    self._release(done_planned, len(planned))
                    done_planned += 1
                elif self.submitter is not None:
                    # An added kill brings work of its own (taken from the later steps).
                    self.submitter.release_more(self._step(len(planned)))
                try:
                    self._inject(fault)
                except Exception as exc:  # noqa: BLE001 - a fault that could not be injected is reported, not fatal
                    fault.note = f"not injected: {exc!r}"
                self.done.append(fault)
                if fault.kind in WORKER_KILLS and not fault.mid_task and extras > 0:
                    # It met no running task: one more kill of the same kind and stage.
                    extras -= 1
                    todo.insert(0, Fault(fault.kind, fault.target, extra=True))
                time.sleep(0.5)
        finally:
            if self.submitter is not None:
                self.submitter.release_all()
            self.finished.set()
        # A wire server restarted here was started with PR_SET_PDEATHSIG,
        # which Linux sends when the *thread* that forked it ends: this
        # thread stays until the run stops (a first run lost its restarted
        # server 0 s after the last fault and every store write after it).
        self.stop.wait()

    def _release(self, k: int, n: int) -> None:
        if self.submitter is not None:
            self.submitter.release_to(self.plan.released_before(k, n, len(self.submitter.own)))

    def _step(self, n: int) -> int:
        """The articles one planned fault releases."""
        assert self.submitter is not None
        total = len(self.submitter.own)
        return self.plan.released_before(0, n, total) - self.plan.released_before(-1, n, total)

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

        if fault.kind == "worker-burst":
            t, ok = self._burst(fault)
        elif fault.kind.startswith("worker"):
            name = f"worker-{fault.target}"
            queue = queue_of(fault.target)
            held: list[tuple[bytes, dict[str, Any]]] = []

            def holds() -> bool:
                """The worker (this process, not an earlier one of its
                name) has taken a message of its stage and not acked it."""
                found = self._held(queue, started_at(int(self.stack.children()[name]["pid"])))
                held[:] = [found] if found is not None else []
                return found is not None

            fault.in_flight = self._wait(holds, self.plan.mid_task_wait_s)
            child = self.stack.children()[name]
            main_pid = int(child["pid"])
            if held:
                message = held[0][1]
                fault.task_id = str((message.get("headers") or {}).get("id", ""))
                fault.doc_id = _doc_of(message)
            log_path = self.stack.var_dir / "log" / f"{name}.log"
            offset = log_path.stat().st_size if log_path.exists() else 0
            fault.at_s = round(time.monotonic() - self.t0, 2)
            t = time.monotonic()
            if fault.kind == "worker-pool":
                pool = pool_children(main_pid)
                if not pool:
                    raise RuntimeError(f"{name} has no pool process")
                fault.at_unix = time.time()
                os.kill(pool[0], signal.SIGKILL)
                # Recovered: the worker has a new pool process.
                ok = self._wait(lambda: bool(set(pool_children(main_pid)) - set(pool)), 120)
                recovered = time.monotonic()
                # Mid-task: the worker found a job running in the dead process.
                fault.mid_task = self._wait(lambda: self._lost_logged(log_path, offset, fault.at_unix), 15)
                t += time.monotonic() - recovered  # the recovery time leaves this wait out
            else:
                fault.at_unix = time.time()
                os.killpg(main_pid, signal.SIGKILL)  # the worker and its pool processes
                # Mid-task: the message it had taken is still unacknowledged, now that it is dead.
                fault.mid_task = bool(held) and self._still_unacked(held[0][0])

                def back() -> bool:
                    c = self.stack.children()[name]
                    return bool(c["ready"]) and c["pid"] != main_pid

                ok = self._wait(back, 300)
        elif fault.kind == "redis":
            pid = int(self.stack.children()["redis"]["pid"])
            fault.mid_task = True  # documents are in flight whenever it dies
            batch = self._down_batch()
            fault.at_s = round(time.monotonic() - self.t0, 2)
            t = time.monotonic()
            os.kill(pid, signal.SIGKILL)
            posters = [threading.Thread(target=self._post_while_down, args=(text, t), daemon=True) for text in batch]
            for p in posters:
                p.start()
            ok = self._wait(lambda: self.stack.children()["redis"]["pid"] != pid and self._ready(), 300)
            for p in posters:
                p.join(300)
            if batch:
                down = [x for x in self.down_posts[-len(batch) :] if x["redis_down"]]
                fault.note = f"{len(batch)} POSTs at the kill, {len(down)} sent while Redis was down"
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

    def _held(self, queue: str, since: float) -> tuple[bytes, dict[str, Any]] | None:
        """The message of ``queue`` delivered last at or after ``since`` (the
        worker's start: not a leftover of a killed worker group) and not yet
        acknowledged, with its delivery tag."""
        for tag in self.redis.zrevrangebyscore("unacked_index", "+inf", since):
            raw = self.redis.hget("unacked", tag)
            if raw is None:
                continue
            message, _exchange, routing_key = json.loads(raw)
            if routing_key == queue:
                return tag, dict(message)
        return None

    def _still_unacked(self, tag: bytes) -> bool:
        try:
            return bool(self.redis.hexists("unacked", tag))
        except Exception:  # noqa: BLE001 - Redis restarting: not confirmed
            return False

    @staticmethod
    def _lost_logged(path: Any, offset: int, since: float) -> bool:
        """A WorkerLostError in the worker's log written after ``offset``, at
        or after ``since``."""
        with open(path, "rb") as fh:
            fh.seek(offset)
            fresh = fh.read().decode("utf-8", "replace").splitlines()
        return logscan.worker_lost(logscan.parse(fresh), since - 0.5, float("inf"))

    def _down_batch(self) -> list[str]:
        """The held texts of this Redis kill (``redis_down_posts`` each)."""
        if self.submitter is None or self.plan.redis_down_posts <= 0:
            return []
        n = self.plan.redis_down_posts
        k, self._redis_kills = self._redis_kills, self._redis_kills + 1
        return self.submitter.held[k * n : (k + 1) * n]

    def _redis_down(self) -> bool:
        import redis

        probe = redis.Redis.from_url(self.stack.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
        try:
            probe.ping()
            return False
        except Exception:  # noqa: BLE001 - any failure to answer is down
            return True
        finally:
            probe.close()

    def _post_while_down(self, text: str, t_kill: float) -> None:
        """POST ``text`` right after a Redis kill: record its first answer
        (status, problem code, Retry-After, whether Redis answered a PING
        just before it was sent), then POST it until accepted."""
        assert self.submitter is not None
        record: dict[str, Any] = {"redis_down": self._redis_down(), "sent_s": round(time.monotonic() - t_kill, 2)}

        def first(r: httpx.Response | None, error: str) -> None:
            record["answered_s"] = round(time.monotonic() - t_kill, 2)
            if r is None:
                record.update(status=error, code="", retry_after=None)
                return
            code = ""
            if r.status_code != 202:
                try:
                    code = str(r.json().get("code", ""))
                except ValueError:
                    code = ""
            record.update(status=r.status_code, code=code, retry_after=r.headers.get("retry-after"))

        with httpx.Client(base_url=self.stack.api, timeout=30) as c:
            self.submitter.post(c, text, first)
        ids = [i for i, t in self.submitter.accepted.items() if t == text]
        record["accepted"] = bool(ids)
        record["id"] = ids[0] if ids else ""
        record["kill_unix"] = time.time() - (time.monotonic() - t_kill)
        self.down_posts.append(record)

    def _burst(self, fault: Fault) -> tuple[float, bool]:
        """SIGKILL a stage worker's group, then each process the supervisor
        starts for it as soon as it appears (while it starts, in its restart
        backoff's run), ``burst_kills`` times; recovered once it is ready
        again and ``/readyz`` answers 200. Meanwhile a thread asks
        ``/readyz`` every ``readyz_every_s`` (0.5 s) from the first kill
        until then: the answers while the stage was down (the supervisor's
        state of it not ``running``) and after. The note says how many
        kills, in how long, those answers, the time from the last kill until
        the stage was ready and until ``/readyz`` said 200, and the restart
        count; ``fault.burst`` holds the same figures."""
        from collections import Counter

        name = f"worker-{fault.target}"
        pid = int(self.stack.children()[name]["pid"])
        readyz: dict[str, Counter[str]] = {"down": Counter(), "up": Counter(), "changing": Counter()}
        looking = threading.Event()

        def down() -> bool:
            return not self.stack.children().get(name, {}).get("ready")

        def look() -> None:
            # Down: not ready in the supervisor's state both before and after
            # the answer (a worker ready in between is neither: "changing").
            while not looking.is_set():
                before = down()
                try:
                    answer = str(httpx.get(self.stack.api + "/readyz", timeout=5).status_code)
                except httpx.HTTPError as exc:
                    answer = type(exc).__name__
                after = down()
                readyz["down" if before and after else "up" if not before and not after else "changing"][answer] += 1
                looking.wait(0.5)

        fault.at_s = round(time.monotonic() - self.t0, 2)
        fault.at_unix = time.time()
        t = time.monotonic()
        os.killpg(pid, signal.SIGKILL)
        looker = threading.Thread(target=look, daemon=True)
        looker.start()
        kills, while_starting = 1, 0
        last = time.monotonic()
        for _ in range(self.plan.burst_kills - 1):

            def respawned(old: int = pid) -> bool:
                c = self.stack.children()[name]
                return c.get("pid") not in (None, old) and c.get("state") in ("starting", "running")

            if not self._wait(respawned, 120):
                break
            c = self.stack.children()[name]
            pid = int(c["pid"])
            while_starting += c.get("state") == "starting"
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                break
            last = time.monotonic()
            kills += 1
        span = last - t

        def stage_ready() -> bool:
            c = self.stack.children()[name]
            return bool(c["ready"]) and c["pid"] != pid

        ok = self._wait(stage_ready, 300)
        ready_s = round(time.monotonic() - last, 2) if ok else None
        ok = ok and self._wait(self._ready, 300)
        readyz_s = round(time.monotonic() - last, 2) if ok else None
        looking.set()
        looker.join(10)
        c = self.stack.children()[name]
        fault.mid_task = True
        fault.burst = {
            "kills": kills,
            "span_s": round(span, 2),
            "while_starting": while_starting,
            "readyz_while_down": dict(readyz["down"]),
            "readyz_while_up": dict(readyz["up"]),
            "readyz_while_changing": dict(readyz["changing"]),
            "ready_after_last_kill_s": ready_s,
            "readyz_200_after_last_kill_s": readyz_s,
            "restarts": c.get("restarts"),
        }
        fault.note = (
            f"{kills} kills of {name} in {span:.1f} s ({while_starting} while it started); /readyz while it was down "
            + (", ".join(f"{k} x{n}" for k, n in sorted(readyz["down"].items())) or "not asked")
            + (
                f"; ready {ready_s} s after the last kill, /readyz 200 after {readyz_s} s"
                if ok
                else "; NOT back within 300 s"
            )
            + f" (restarts {c.get('restarts')})"
        )
        return last, ok

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
            # Taken by the stage's current worker process (not a leftover of a killed group).
            held = self._held(queue, started_at(int(self.stack.children()[f"worker-{fault.target}"]["pid"])))
            if held is not None:
                found.append(held[1])
            return held is not None

        fault.mid_task = self._wait(in_flight, self.plan.mid_task_wait_s)
        if not found:
            raise RuntimeError(f"no {fault.target} message in flight within {self.plan.mid_task_wait_s:g} s")
        message = found[-1]
        headers = message.get("headers") or {}
        fault.doc_id = _doc_of(message)
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


def _doc_of(message: dict[str, Any]) -> str:
    """The document a stage message is for (protocol 2 body: [args, kwargs, embed], base64)."""
    try:
        return str(json.loads(base64.b64decode(message["body"]))[0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return ""
