"""The stack under test: `docpipe run` as a user starts it, and the MongoDB wire server of --mongo runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .plan import ROOT, Plan


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
        from .. import wire_server

        port = int(self.uri.rsplit(":", 1)[1].split("/")[0]) if self.uri else None
        self.base.mkdir(parents=True, exist_ok=True)
        self.proc, uri = wire_server.start(self.base, port=port, data=self.data)
        self.uri = self.uri or uri + "docpipe_faults"  # the URI's database is the store's

    def kill(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: the server and anything it started
        self.proc.wait()

    def stop(self) -> None:
        from .. import wire_server

        if self.proc is not None:
            wire_server.stop(self.proc)


def stack_env(var_dir: Path, plan: Plan) -> dict[str, str]:
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


def pool_children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def started_at(pid: int) -> float:
    """When process ``pid`` started (Unix time, to the clock tick): field 22
    of /proc/<pid>/stat, in ticks since boot, plus the boot time."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    with open("/proc/stat", encoding="ascii") as fh:
        btime = next(int(line.split()[1]) for line in fh if line.startswith("btime "))
    return btime + int(fields[19]) / os.sysconf("SC_CLK_TCK")
