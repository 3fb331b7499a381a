"""The supervisor's restart policy: a child's state, the backoff before a
restart, when a run of deaths starts over, and how a death reads. The rules
themselves are in ``supervisor``'s docstring."""

from __future__ import annotations

import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def backoff_s(streak: int, base_s: float, cap_s: float, quick: int = 0) -> float:
    """The wait before a restart, ``streak`` deaths in a row (1 = the first):
    ``base_s`` for the first ``quick`` deaths, then doubling per death (twice
    ``base_s`` after the last quick one), at most ``cap_s``."""
    if streak < 1:
        return 0.0
    return min(cap_s, base_s * 2.0 ** min(max(streak - max(quick, 1), 0), 64))


def next_streak(streak: int, uptime_s: float, reset_after_s: float) -> int:
    """The streak after a death: a child that stayed up ``reset_after_s``
    starts a new run of deaths (its backoff starts over)."""
    return 1 if uptime_s >= reset_after_s else streak + 1


def exit_text(returncode: int | None) -> str:
    if returncode is None:
        return "exited"
    if returncode < 0:
        try:
            return f"was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"was killed by signal {-returncode}"
    return f"exited with {returncode}"


@dataclass
class Child:
    name: str
    kind: str  # redis | api | worker | flower
    argv: list[str] = field(default_factory=list)
    url: str | None = None
    log_path: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
    # starting -> running (ready) -> backoff -> starting ...; fatal; stopped
    state: str = "stopped"
    pid: int | None = None
    started_at: float = 0.0
    restart_at: float = 0.0
    restarts: int = 0
    streak: int = 0
    start_failures: int = 0
    # Ready at least once in this run: then never given up on (a failed
    # start is restarted like a death, with the same backoff).
    ever_ready: bool = False
    last_death: dict[str, Any] | None = None
    node: str | None = None
    log_offset: int = 0
    announced: bool = False

    def snapshot(self) -> dict[str, Any]:
        return {
            "pid": self.pid,
            "state": self.state,
            "ready": self.state == "running",
            "restarts": self.restarts,
            "start_failures": self.start_failures,
            "last_death": self.last_death,
        }
