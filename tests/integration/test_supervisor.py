"""`docpipe run` heals and `/readyz` tells the truth, on real processes:

- a stage worker's whole process group killed with SIGKILL eight times in a
  row (each time once it was ready) is restarted and ready again each time;
  while it is down `/readyz` answers 503 naming its stage; the restart count
  reaches 8 in the supervisor's state file and in `/readyz`;
- a child that cannot start (an API told to bind an address this machine does
  not have) ends `docpipe run` with a non-zero exit and one line naming it.

The stack runs on its own embedded Redis, ports and var dir. No wall-clock
assertions: every wait is generous and the asserts are on counts and states.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from docpipe_run import DocpipeRun, wait_until

from docpipe.embedded import free_port

pytestmark = pytest.mark.integration
VICTIM = "normalize"  # the stage worker that starts fastest


def _env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "MONGODB_URI", "DOCPIPE_STORE_PATH")}
    env.update(
        DOCPIPE_VAR_DIR=str(var_dir),
        DOCPIPE_REDIS_PORT=str(free_port()),
        DOCPIPE_API_PORT=str(free_port()),
        PYTHONUNBUFFERED="1",
        # A short cap keeps eight restarts quick; the schedule itself is unit-tested.
        DOCPIPE_SUPERVISOR_BACKOFF_S="0.5",
        DOCPIPE_SUPERVISOR_BACKOFF_MAX_S="2",
        # /readyz asks the workers often, so a dead one shows within the test's polling.
        DOCPIPE_API_READY_INSPECT_EVERY_S="0.5",
        **extra,
    )
    return env


class Run(DocpipeRun):
    """`docpipe run --no-flower` as a subprocess, its output collected."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env, "--no-flower")

    def state(self) -> dict[str, Any]:
        path = self.var_dir / "run" / "supervisor.json"
        try:
            return orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return {}

    def child(self, name: str) -> dict[str, Any]:
        return self.state().get("children", {}).get(name, {})

    def readyz(self) -> tuple[int, dict[str, Any]]:
        r = httpx.get(self.api + "/readyz", timeout=30)
        return r.status_code, r.json()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    run = Run(_env(tmp_path_factory.mktemp("sup-var")))
    try:
        wait_until(lambda: "docpipe is running" in run.output, 240, "the stack up", run)
        yield run
    finally:
        run.stop()


@pytest.mark.timeout(900)
def test_a_killed_stage_worker_is_restarted_every_time_and_readyz_says_so(running: Run) -> None:
    name = f"worker-{VICTIM}"
    _status, body = wait_until(lambda: (r := running.readyz())[0] == 200 and r, 60, "/readyz 200", running)
    assert body["stages"][VICTIM]["consumers"] == 1
    assert body["supervisor"]["children"][name]["restarts"] == 0

    kills = 8
    for n in range(1, kills + 1):
        child = running.child(name)
        assert child["ready"] and child["state"] == "running" and child["restarts"] == n - 1
        os.killpg(child["pid"], signal.SIGKILL)  # the worker and its pool processes

        # While it is down: not ready, and the body names the stage.
        def down() -> dict[str, Any] | None:
            status, body = running.readyz()
            return body if status == 503 and not body["checks"][VICTIM] else None

        body = wait_until(down, 60, f"/readyz 503 after kill {n}", running)
        assert VICTIM in body["detail"] and body["stages"][VICTIM]["consumers"] == 0
        assert body["code"] == "not_ready"

        # Back: a new process, ready, counted.
        wait_until(
            lambda child=child, n=n: (
                (c := running.child(name)).get("ready") and c["pid"] != child["pid"] and c["restarts"] == n
            ),
            120,
            f"{name} ready again after kill {n}",
            running,
        )
        _status, body = wait_until(
            lambda: (r := running.readyz())[0] == 200 and r, 60, f"/readyz 200 after kill {n}", running
        )
        assert body["stages"][VICTIM]["consumers"] == 1

    child = running.child(name)
    assert child["restarts"] == kills and child["ready"] and child["start_failures"] == 0
    assert child["last_death"]["returncode"] == -signal.SIGKILL and child["last_death"]["was_ready"]
    assert body["supervisor"]["children"][name]["restarts"] == kills
    restarts = [line for line in running.lines if line.startswith(f"{name} was killed by SIGKILL; restarting it")]
    assert len(restarts) == kills and f"(restart {kills}, backoff 2.0 s)" in restarts[-1]
    # The other children were left alone.
    others = {k: v["restarts"] for k, v in running.state()["children"].items() if k != name}
    assert set(others.values()) == {0}
    mode = (running.var_dir / "run" / "supervisor.json").stat().st_mode & 0o777
    assert mode == 0o600


@pytest.mark.timeout(900)
def test_kills_in_quick_succession_also_while_it_starts_leave_the_stage_running(running: Run) -> None:
    # Issue #15's "killed 8 times in 20 s": kills that come faster than the
    # worker starts hit it while it is starting again (failed starts). A
    # worker that was ready once is restarted whatever the count; before,
    # the fourth failed start in a row ended `docpipe run`.
    name = f"worker-{VICTIM}"
    wait_until(lambda: running.child(name).get("ready"), 120, f"{name} ready", running)
    restarts_before = running.child(name)["restarts"]
    lines_before = len(running.lines)
    killed: list[int] = []
    while len(killed) < 8:
        child = wait_until(
            lambda: (c := running.child(name)).get("pid") not in (None, *killed) and c, 60, f"a new {name}", running
        )
        time.sleep(1.0)  # a second into its start: not ready yet (or, the first time, ready)
        try:
            os.killpg(child["pid"], signal.SIGKILL)
        except ProcessLookupError:  # already gone (or not yet its own group): the next one
            continue
        killed.append(child["pid"])

    # Down meanwhile: /readyz fails naming the stage.
    def down() -> dict[str, Any] | None:
        status, body = running.readyz()
        return body if status == 503 and not body["checks"][VICTIM] else None

    body = wait_until(down, 60, "/readyz 503 after the kills", running)
    assert VICTIM in body["detail"]
    # Running again (the backoff is capped), counted, and the run went on.
    wait_until(lambda: (c := running.child(name)).get("ready") and c["pid"] not in killed, 240, f"{name} back", running)
    _status, body = wait_until(lambda: (r := running.readyz())[0] == 200 and r, 60, "/readyz 200", running)
    assert body["stages"][VICTIM]["consumers"] == 1
    child = running.child(name)
    assert child["restarts"] == restarts_before + len(killed) and child["start_failures"] == 0
    new_lines = running.lines[lines_before:]
    failed_starts = [line for line in new_lines if "ready before: restarted every time" in line]
    assert failed_starts, "no kill hit the worker while it was starting:\n" + "\n".join(new_lines)
    assert not any(line.startswith("docpipe run: ") for line in new_lines)
    assert running.proc.poll() is None


def test_a_child_that_cannot_start_ends_run_with_its_name(tmp_path: Path) -> None:
    # 192.0.2.1 (TEST-NET-1) is nobody's address here: uvicorn cannot bind and exits at once.
    run = Run(_env(tmp_path / "var", DOCPIPE_API_HOST="192.0.2.1", DOCPIPE_SUPERVISOR_START_RETRIES="1"))
    try:
        code = run.proc.wait(240)
    finally:
        run.stop()
    run.reader.join(10)
    assert code != 0, run.output
    reasons = [line for line in run.lines if line.startswith("docpipe run: ")]
    assert len(reasons) == 1, run.output
    assert reasons[0].startswith("docpipe run: api could not start: exited with"), run.output
    assert "2 tries in a row" in reasons[0] and "192.0.2.1" in reasons[0]
    assert run.lines[-1] == "stopped"
    # Everything else was stopped with it: no state file, nothing on the Redis port.
    assert not (run.var_dir / "run" / "supervisor.json").exists()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", int(run.env["DOCPIPE_REDIS_PORT"])), timeout=2).close()
