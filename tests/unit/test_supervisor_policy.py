"""The supervisor's restart policy as plain code: the backoff schedule, when
it starts over, when a child that cannot start ends `docpipe run`, and the
state file the API reads."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from docpipe.settings import SupervisorSettings
from docpipe.supervisor import Supervisor
from docpipe.supervisor_logs import log_tail
from docpipe.supervisor_policy import Child, backoff_s, next_streak
from docpipe.supervisor_state import read_state, state_path


def test_backoff_doubles_from_the_base_up_to_the_cap() -> None:
    schedule = [backoff_s(n, 0.5, 30.0) for n in range(1, 11)]
    assert schedule == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0, 30.0]
    assert [backoff_s(n, 0.5, 30.0, quick=1) for n in range(1, 11)] == schedule


def test_the_first_quick_deaths_wait_the_base_then_the_backoff_doubles() -> None:
    schedule = [backoff_s(n, 0.5, 30.0, quick=4) for n in range(1, 12)]
    assert schedule == [0.5, 0.5, 0.5, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert backoff_s(0, 0.5, 30.0, quick=4) == 0.0


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_eight_kills_of_a_worker_as_it_appears_fit_in_20_s_and_it_is_started_again_soon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue #15: "killing a stage worker 8 times in 20 s leaves that stage
    # running again within a minute". The default schedule, driven through
    # the supervisor: killed once ready, then each new process killed the
    # moment it is started (restart_at); with plain doubling from 0.5 s the
    # 8th kill could come 61.5 s after the first at the earliest.
    import docpipe.supervisor as supervisor_module

    clock = _Clock()
    monkeypatch.setattr(supervisor_module, "time", clock)
    sup, out = _supervisor(tmp_path)
    assert (sup.conf.backoff_s, sup.conf.backoff_quick, sup.conf.backoff_max_s) == (0.5, 4, 30.0)
    child = Child("worker-extract", "worker", state="running", started_at=clock.now - 300)
    sup.children = [child]
    first = clock.now
    sup._on_death(child, "was killed by SIGKILL", -9)
    for _ in range(7):
        clock.now = child.restart_at  # started again, and killed at once
        child.state, child.started_at = "starting", clock.now
        sup._on_death(child, "was killed by SIGKILL", -9)
        assert child.state == "backoff" and sup.fatal is None
    assert clock.now - first == 9.0  # the 8th kill: 0.5 x 4 + 1 + 2 + 4 s after the first
    assert child.restart_at - clock.now == 8.0  # started again 8 s after the 8th kill
    waits = [line.rsplit("backoff ", 1)[1].split(" s")[0] for line in out.getvalue().splitlines()]
    assert waits == ["0.5", "0.5", "0.5", "0.5", "1.0", "2.0", "4.0", "8.0"]
    # A crash loop that goes on still backs off to the cap.
    for _ in range(3):
        clock.now = child.restart_at
        child.state, child.started_at = "starting", clock.now
        sup._on_death(child, "was killed by SIGKILL", -9)
    assert child.restart_at - clock.now == 30.0


def test_backoff_of_no_death_is_zero_and_a_long_streak_stays_at_the_cap() -> None:
    assert backoff_s(0, 0.5, 30.0) == 0.0
    assert backoff_s(10_000, 0.5, 30.0) == 30.0


def test_the_streak_starts_over_after_the_child_stayed_up_long_enough() -> None:
    assert next_streak(6, uptime_s=59.9, reset_after_s=60.0) == 7
    assert next_streak(6, uptime_s=60.0, reset_after_s=60.0) == 1
    assert next_streak(0, uptime_s=1.0, reset_after_s=60.0) == 1


def _supervisor(tmp_path: Path, **conf: Any) -> tuple[Supervisor, io.StringIO]:
    out = io.StringIO()
    sup = Supervisor(var_dir=tmp_path, with_flower=False, out=out)
    sup.conf = SupervisorSettings(**conf)
    return sup, out


def test_a_child_that_was_ready_is_restarted_every_time_with_growing_backoff(tmp_path: Path) -> None:
    sup, out = _supervisor(tmp_path, backoff_s=0.5, backoff_quick=0, backoff_max_s=4.0, start_retries=1)
    child = Child("worker-extract", "worker")
    sup.children = [child]
    for _ in range(8):
        child.state = "running"
        child.started_at = time.monotonic()  # up for a moment, far below the reset
        sup._on_death(child, "was killed by SIGKILL", -9)
        assert child.state == "backoff" and sup.fatal is None
    assert child.restarts == 8 and child.start_failures == 0
    assert child.last_death is not None and child.last_death["returncode"] == -9 and child.last_death["was_ready"]
    lines = out.getvalue().splitlines()
    assert lines[-1] == "worker-extract was killed by SIGKILL; restarting it (restart 8, backoff 4.0 s)"
    assert [line.rsplit("backoff ", 1)[1] for line in lines[:5]] == ["0.5 s)", "1.0 s)", "2.0 s)", "4.0 s)", "4.0 s)"]
    # Up past the reset: the next death waits the base again.
    child.state, child.started_at = "running", time.monotonic() - 61
    sup._on_death(child, "exited with 1", 1)
    assert out.getvalue().splitlines()[-1].endswith("(restart 9, backoff 0.5 s)")


def test_a_child_that_never_becomes_ready_is_retried_then_fatal(tmp_path: Path) -> None:
    sup, out = _supervisor(tmp_path, start_retries=2)
    child = Child("api", "api")
    sup.children = [child]
    for attempt in (1, 2):
        child.state = "starting"
        sup._on_death(child, "exited with 3", 3)
        assert child.state == "backoff" and child.start_failures == attempt
        assert f"failed start {attempt} of 3" in out.getvalue().splitlines()[-1]
    child.state = "starting"
    sup._on_death(child, "exited with 3", 3)
    assert child.state == "fatal"
    assert sup.fatal == "api could not start: exited with 3 (3 tries in a row, never ready)"


def test_a_ready_start_clears_the_failed_starts(tmp_path: Path) -> None:
    sup, _ = _supervisor(tmp_path, start_retries=1)
    child = Child("worker-segment", "worker")
    sup.children = [child]
    child.state = "starting"
    sup._on_death(child, "exited with 1", 1)
    assert child.start_failures == 1
    child.state = "running"
    sup._on_death(child, "exited with 1", 1)
    assert child.start_failures == 0
    child.state = "starting"
    sup._on_death(child, "exited with 1", 1)
    assert child.state == "backoff" and sup.fatal is None


def test_a_child_that_was_ready_once_is_never_given_up_on_whenever_it_is_killed(tmp_path: Path) -> None:
    # Issue #15: "killing a stage worker 8 times in 20 s" hits it while it
    # starts again (a worker takes seconds to be ready): those deaths are
    # failed starts, but only a child that was never ready ends the run.
    sup, out = _supervisor(tmp_path, backoff_s=0.5, backoff_max_s=30.0, start_retries=3)
    child = Child("worker-extract", "worker")
    sup.children = [child]
    child.state, child.started_at = "running", time.monotonic()
    sup._on_death(child, "was killed by SIGKILL", -9)  # killed once ready
    for attempt in range(1, 8):  # then seven times while it starts again
        child.state, child.started_at = "starting", time.monotonic()
        sup._on_death(child, "was killed by SIGKILL", -9)
        assert child.state == "backoff" and sup.fatal is None, out.getvalue()
        assert child.start_failures == attempt
    assert child.restarts == 8
    lines = out.getvalue().splitlines()
    assert lines[-1] == (
        "worker-extract was killed by SIGKILL; restarting it (restart 8, backoff 8.0 s, "
        "failed start 7, ready before: restarted every time)"
    )
    # Ready again: the failed starts start over.
    child.state = "running"
    sup._on_death(child, "was killed by SIGKILL", -9)
    assert child.start_failures == 0 and sup.fatal is None


def test_the_state_file_is_private_and_read_only_while_its_supervisor_lives(tmp_path: Path) -> None:
    sup, _ = _supervisor(tmp_path)
    child = Child("worker-normalize", "worker", state="running", pid=1234, restarts=3)
    sup.children = [child]
    sup.write_state()
    path = state_path(tmp_path)
    assert path == tmp_path / "run" / "supervisor.json"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    state = read_state(tmp_path)
    assert state is not None and state["supervisor_pid"] == os.getpid()
    assert state["children"]["worker-normalize"] == {
        "pid": 1234,
        "state": "running",
        "ready": True,
        "restarts": 3,
        "start_failures": 0,
        "last_death": None,
    }
    # A file left behind by a supervisor that is gone says nothing.
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    body = json.loads(path.read_text())
    body["supervisor_pid"] = int(gone.stdout)
    path.write_text(json.dumps(body))
    assert read_state(tmp_path) is None
    path.unlink()
    assert read_state(tmp_path) is None


@pytest.mark.parametrize("lines", [3, 20])
def test_log_tail_keeps_the_last_non_empty_lines(tmp_path: Path, lines: int) -> None:
    log = tmp_path / "x.log"
    log.write_text("".join(f"line {i}\n\n" for i in range(lines)), encoding="utf-8")
    assert log_tail(log, 5) == [f"line {i}" for i in range(max(0, lines - 5), lines)]
    assert log_tail(tmp_path / "missing.log") == []
