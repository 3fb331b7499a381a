"""The webhooks worker's health check (``python -m docpipe.webhook_health``,
what compose's healthcheck and the Kubernetes probes run): its verdict on
heartbeat files of given ages, and against a real ``docpipe webhooks``
process on real Redis: unhealthy before the worker runs, healthy while it
does, unhealthy once it has stopped."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis
from conftest import ROOT, make_stack, with_db  # tests/integration/conftest.py

from docpipe.webhook_health import LOOPS, Heartbeat, check

pytestmark = pytest.mark.integration


def _until(cond: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout_s} s: {what}")


def test_every_loop_must_have_gone_round_lately(tmp_path: Path) -> None:
    assert "the reader has not started" in str(check(60, tmp_path))
    beats = {loop: Heartbeat(loop, directory=tmp_path) for loop in LOOPS}
    beats["reader"].beat()
    assert "the sender has not started" in str(check(60, tmp_path))
    beats["sender"].beat()
    assert check(60, tmp_path) is None
    # Ages set on the files, not waited for.
    now = time.time()
    os.utime(tmp_path / "sender.alive", (now - 61, now - 61))
    assert "the sender last went round 61 s ago" in str(check(60, tmp_path, now=now))
    assert check(62, tmp_path, now=now) is None
    # A beat within every_s writes nothing (the reader goes round every second).
    beats["sender"].beat()
    assert (tmp_path / "sender.alive").stat().st_mtime == pytest.approx(now - 61)


def _probe(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docpipe.webhook_health", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_probe_follows_a_real_worker(redis_server: Any, tmp_path: Path) -> None:
    url = with_db(redis_server.url, 10)
    redis.Redis.from_url(url).flushdb()
    stack = make_stack(url, tmp_path)
    env = stack.env
    before = _probe(env)
    assert before.returncode == 1 and "has not started" in before.stderr
    log_path = tmp_path / "webhooks.log"  # the stack's var dir: where _spawn logs it
    proc = stack._spawn("webhooks", [sys.executable, "-m", "docpipe.cli", "webhooks"])
    try:
        _until(lambda: _probe(env).returncode == 0, "the probe passes while the worker runs")
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    assert proc.returncode == 0, log_path.read_text(errors="replace")
    # Stopped: its files age. Make them old rather than wait.
    for loop in LOOPS:
        path = tmp_path / "webhooks" / f"{loop}.alive"
        old = path.stat().st_mtime - 120
        os.utime(path, (old, old))
    after = _probe(env)
    assert after.returncode == 1 and "last went round" in after.stderr
