"""What a fault run injects: the plan, the fault kinds and one injected fault."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


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
    # Work kept flowing while faults are injected: this share of the articles
    # is POSTed at the start, the rest fault by fault (released_before), so
    # that the last faults still meet running tasks (1.0: all at once).
    first_share: float = 0.2
    min_mid_task: int = 20  # worker kills confirmed mid-task below this: the run fails
    extra_worker_kills: int = 12  # kills added, same kind and stage, after one that met no running task
    redis_down_posts: int = 10  # articles POSTed (at once) right after each Redis kill
    bursts: int = 1  # bursts of worker group kills, each new process killed while it starts
    burst_kills: int = 8  # SIGKILLs per burst (issue #15: 8 in 20 s, back within a minute)

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
            "first_share": 1.0,
            "min_mid_task": 0,
            "extra_worker_kills": 0,
            "redis_down_posts": 0,
            "bursts": 0,
        }
        return cls(**{**base, **faults})

    def released_before(self, k: int, n: int, total: int) -> int:
        """How many of ``total`` articles are released before the ``k``-th
        (0-based) of ``n`` planned faults: ``first_share`` at the start, the
        rest in equal steps, the last step before the last fault."""
        first = round(total * min(max(self.first_share, 0.0), 1.0))
        if n <= 0:
            return total
        return min(total, first + -(-(total - first) * (k + 1) // n))


KINDS = ("worker-pool", "worker-group", "worker-burst", "redis", "api", "store-lock", "mongo", "redeliver", "xtrim")


BY_STAGE = ("worker-pool", "worker-group", "worker-burst", "redeliver")  # kinds aimed at one stage


NOTED = ("worker-burst", "store-lock", "mongo", "xtrim")

WORKER_KILLS = (
    "worker-pool",
    "worker-group",
)  # the kills counted mid-task (a burst's are not)  # kinds whose notes say what each did


@dataclass
class Fault:
    kind: str  # worker-pool | worker-group | worker-burst | redis | api | store-lock | redeliver | xtrim
    target: str
    doc_id: str = ""  # redeliver: the document whose message went twice; a worker kill: the one it held
    at_s: float = 0.0
    # A worker kill: True only when a task of its stage was running in the
    # killed process (a pool process: the worker logged a WorkerLostError
    # after the kill; a group: the message it had taken was still
    # unacknowledged once it was dead). Other kinds: the fault met work.
    mid_task: bool = False
    in_flight: bool = False  # a worker kill: the killed worker held a message just before
    task_id: str = ""  # a worker kill: the task of that message
    at_unix: float = 0.0
    extra: bool = False  # a kill added after one that met no running task
    recovery_s: float | None = None
    note: str = ""
    # worker-burst: kills, span_s, readyz answers while the stage was down and
    # after, ready_after_last_kill_s, readyz_200_after_last_kill_s, restarts
    burst: dict[str, Any] | None = None


LABELS = {
    "worker-pool": "SIGKILL worker-pool",
    "worker-group": "SIGKILL worker-group",
    "worker-burst": "SIGKILL burst (restarting)",
    "redis": "SIGKILL redis",
    "api": "SIGKILL api",
    "store-lock": "store locked",
    "mongo": "SIGKILL wire server",
    "redeliver": "redelivered",
    "xtrim": "stream trimmed",
}


def was_injected(f: Fault) -> bool:
    return not f.note.startswith("not injected")
