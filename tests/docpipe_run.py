"""`docpipe run` as a subprocess for the tests that drive the whole
supervisor (integration/test_supervisor, integration/test_access_run,
e2e/test_stack): its output collected line by line, ``ready`` once it says it
is running, stopped as Ctrl-C does, and a wait that fails with that output."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from docpipe.embedded import die_with_parent_process

ROOT = Path(__file__).resolve().parents[1]


class DocpipeRun:
    """`docpipe run [args]` with ``env`` (its var dir and ports)."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.env = env
        self.var_dir = Path(env["DOCPIPE_VAR_DIR"])
        self.api = f"http://127.0.0.1:{env['DOCPIPE_API_PORT']}"
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "docpipe.cli", "run", *args],
            env=env,
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent_process,  # a dead test run takes the stack with it
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if "docpipe is running" in line:
                self.ready.set()
        self.ready.set()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # what Ctrl-C does
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def wait_until(check: Callable[[], Any], timeout_s: float, what: str, run: DocpipeRun, every_s: float = 0.2) -> Any:
    """``check()``'s first true value (an HTTP error counts as false), polled
    every ``every_s`` while ``run`` runs; fails with its output otherwise."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert run.proc.poll() is None, f"docpipe run exited while waiting for {what}:\n{run.output}"
        try:
            got = check()
        except httpx.HTTPError:
            got = None
        if got:
            return got
        time.sleep(every_s)
    raise AssertionError(f"not within {timeout_s} s: {what}\n{run.output}")
