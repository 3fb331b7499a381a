"""Flower as `docpipe run` starts it keeps its task history across a
restart: the argv the supervisor builds (--persistent, --db under var/,
--state_save_interval), run for real against a real Redis, shown a task's
events, stopped and started again."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from docpipe import settings

pytestmark = pytest.mark.integration


@pytest.fixture
def flower_plan(redis_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from docpipe.embedded import free_port
    from docpipe.supervisor import Supervisor

    monkeypatch.setenv("REDIS_URL", redis_server.url.rsplit("/", 1)[0] + "/3")
    monkeypatch.setenv("DOCPIPE_FLOWER_PORT", str(free_port()))
    monkeypatch.setenv("DOCPIPE_FLOWER_STATE_SAVE_INTERVAL_S", "1")
    for accessor in (settings.redis, settings.flower):
        accessor.cache_clear()
    sup = Supervisor(var_dir=tmp_path, with_flower=True, out=open(os.devnull, "w"))  # noqa: SIM115
    [child] = [c for c in sup._plan() if c.kind == "flower"]
    yield sup, child
    for accessor in (settings.redis, settings.flower):
        accessor.cache_clear()


def test_flower_argv_names_a_state_file_under_var(flower_plan: Any, tmp_path: Path) -> None:
    _, child = flower_plan
    assert "--persistent=True" in child.argv
    assert f"--db={tmp_path / 'flower' / 'flower.db'}" in child.argv
    assert "--state_save_interval=1000" in child.argv  # milliseconds


def _start(sup: Any, child: Any, log: Path) -> subprocess.Popen[bytes]:
    # The broker by environment, as the supervisor passes it (not in argv).
    env = {
        **os.environ,
        "REDIS_URL": settings.redis().url,
        "BROKER_URL": settings.redis().url,
        "FLOWER_UNAUTHENTICATED_API": "true",
    }
    (sup.var_dir / "flower").mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        proc = subprocess.Popen(child.argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            if httpx.get(child.url + "/healthcheck", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("Flower did not answer /healthcheck")


def _tasks(child: Any) -> dict[str, Any]:
    r = httpx.get(child.url + "/api/tasks", timeout=5)
    r.raise_for_status()
    return r.json()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)  # Flower saves its state on the way out
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise


def test_flower_keeps_its_task_history_across_a_restart(flower_plan: Any, tmp_path: Path) -> None:
    from celery import Celery

    sup, child = flower_plan
    log = tmp_path / "flower.log"
    proc = _start(sup, child, log)
    task_id = str(uuid.uuid4())
    app = Celery("flower-test", broker=settings.redis().url)
    try:
        # What a worker with task events on sends for one task.
        with (
            app.connection_for_write() as conn,
            app.events.Dispatcher(connection=conn, hostname="w1@test", enabled=True) as pub,
        ):
            # Until Flower lists the task, or stops running (pytest-timeout bounds the wait).
            while task_id not in _tasks(child):
                assert proc.poll() is None, f"Flower exited before it saw the task's events: {log.read_text()}"
                pub.send(
                    "task-received",
                    uuid=task_id,
                    name="docpipe.segment",
                    args="['abc']",
                    kwargs="{}",
                    retries=0,
                    eta=None,
                )
                pub.send("task-succeeded", uuid=task_id, result="'ran'", runtime=0.01)
                time.sleep(0.5)
    finally:
        _stop(proc)
    assert any(p.name.startswith("flower.db") for p in (tmp_path / "flower").iterdir())

    proc = _start(sup, child, log)  # no events this time: only the saved state
    try:
        tasks = _tasks(child)
        assert task_id in tasks
        assert tasks[task_id]["name"] == "docpipe.segment" and tasks[task_id]["state"] == "SUCCESS"
    finally:
        _stop(proc)
