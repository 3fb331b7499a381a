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


def was_injected(f: Fault) -> bool:
    return not f.note.startswith("not injected")
