"""Where the stack's CPU goes per document, from py-spy samples of every
process of ``docpipe run`` (API, worker main processes, pool processes).

``make bench`` records while it sends single documents to the idle stack and
sorts each on-CPU sample by the innermost code it can name: the stage's text
work, or one of the parts of the message path (HTTP, the store, the broker
client, events, (de)serialisation). Samples spent waiting (epoll, socket
reads, pipes) are left out by py-spy: this is CPU, not latency, so it shows
what docpipe's own code costs on the path and what the libraries cost.

The raw collapsed stacks are kept next to the bench's JSON, one file per
process (``py-spy record --format raw``), for a flame graph
(e.g. ``flamegraph.pl`` or speedscope.app).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

# A sample under the stages' own code is text work, whatever it calls. Any
# other sample goes to the innermost frame that names a part: a redis-py
# write under kombu under Celery is the redis client's time.
STAGE_CODE: tuple[str, ...] = ("services/segment/", "services/extract/", "services/normalize/")
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("store: background WAL checkpoint", ("_checkpoint_loop (docpipe/store",)),
    ("redis client", ("(redis/",)),
    ("pydantic / JSON", ("(pydantic", "(orjson", "(json/")),
    ("store (SQLite / MongoDB)", ("docpipe/store/", "sqlite3", "pymongo/")),
    ("events (CloudEvents, stream)", ("docpipe/events.py",)),
    ("HTTP + API", ("services/api/", "uvicorn/", "starlette/", "fastapi/", "h11/", "anyio/")),
    ("docpipe task bookkeeping", ("docpipe/taskflow.py",)),
    ("Celery + kombu + billiard", ("celery/", "kombu/", "billiard/")),
)
# Frames that mean "this thread is waiting", whatever py-spy thought.
WAITING = (
    "_epoll.poll",
    "select (selectors",
    "Condition.wait",
    "_recv (billiard",
    "_read_from_socket",
    "EpollSelector.select",
    "poll (kombu",
    "wait (threading",
    "sleep",
    # uvloop waits in C under the loop's Python entry points
    "Runner.run (asyncio",
    "run_until_complete (asyncio",
    "run_forever (asyncio",
)


def py_spy() -> str | None:
    """The py-spy executable: beside this Python (a venv's bin/) or on PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def available() -> bool:
    return py_spy() is not None


class Recorder:
    """``py-spy record`` on a set of processes until ``stop()``."""

    def __init__(self, out_dir: Path, rate_hz: int = 500) -> None:
        self.out_dir = out_dir
        self.rate_hz = rate_hz
        self.procs: dict[int, tuple[subprocess.Popen[bytes], Path, str]] = {}

    def start(self, pids_and_roles: dict[int, str]) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        exe = py_spy()
        if exe is None:
            raise RuntimeError("py-spy is not installed (pip install py-spy)")
        for pid, role in pids_and_roles.items():
            out = self.out_dir / f"{role}-{pid}.txt"
            proc = subprocess.Popen(
                [
                    exe,
                    "record",
                    "--pid",
                    str(pid),
                    "--rate",
                    str(self.rate_hz),
                    "--format",
                    "raw",
                    "--output",
                    str(out),
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.procs[pid] = (proc, out, role)

    def stop(self) -> dict[str, Path]:
        for proc, _, _ in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        files = {}
        for pid, (proc, out, role) in self.procs.items():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if out.exists():
                files[f"{role}-{pid}"] = out
        return files


def categorise(stack_line: str) -> str | None:
    """The category of one collapsed stack, or None for a waiting sample."""
    frames = stack_line.split(";")
    if any(w in frames[-1] for w in WAITING):
        return None
    if any(n in f for f in frames for n in STAGE_CODE):
        return "stage text work"
    for frame in reversed(frames):
        for name, needles in CATEGORIES:
            if any(n in frame for n in needles):
                return name
    return "other"


def summarise(files: dict[str, Path], rate_hz: int, documents: int) -> dict[str, Any]:
    """CPU milliseconds per document, by process role and category."""
    by_role: dict[str, Counter[str]] = {}
    for key, path in files.items():
        role = key.rsplit("-", 1)[0]
        counts = by_role.setdefault(role, Counter())
        for line in path.read_text(errors="replace").splitlines():
            if not line.strip():
                continue
            stack, _, n = line.rpartition(" ")
            cat = categorise(stack)
            if cat is not None and n.isdigit():
                counts[cat] += int(n)
    scale = 1000 / rate_hz / max(documents, 1)
    table = {role: {cat: round(n * scale, 2) for cat, n in c.most_common()} for role, c in sorted(by_role.items())}
    totals: Counter[str] = Counter()
    for c in by_role.values():
        totals.update(c)
    everything = sum(totals.values()) or 1
    return {
        "documents": documents,
        "rate_hz": rate_hz,
        "cpu_ms_per_doc_by_role": table,
        "cpu_ms_per_doc": {cat: round(n * scale, 2) for cat, n in totals.most_common()},
        # Shares hold whatever the sampler's real rate was (py-spy falls
        # behind its nominal rate on a busy machine, and samples every active
        # thread): the figure to read.
        "share_of_active_samples": {cat: round(n / everything, 4) for cat, n in totals.most_common()},
        "raw_files": {k: str(v) for k, v in files.items()},
    }


def roles(stack_pid: int) -> dict[int, str]:
    """Every Python process of a ``docpipe run``, named by what it is."""
    import psutil

    out: dict[int, str] = {}
    for p in psutil.Process(stack_pid).children(recursive=True):
        try:
            cmd = p.cmdline()
            parent = p.parent()
            parent_cmd = parent.cmdline() if parent is not None else []
        except psutil.Error:
            continue
        line = " ".join(cmd)
        if "redis-server" in line or "python" not in (cmd[0] if cmd else ""):
            continue
        if " api" in line:
            out[p.pid] = "api"
        elif " worker " in line:
            stage = cmd[cmd.index("worker") + 1] if "worker" in cmd else "worker"
            # A pool process has the same command line as its worker's main process.
            is_child = " worker " in " ".join(parent_cmd)
            out[p.pid] = f"{stage}-pool" if is_child else f"{stage}-main"
    return out


class CpuMeter:
    """CPU seconds (user + system) each process of a ``docpipe run`` uses
    between ``start()`` and ``stop()``, from the kernel's accounting: every
    cycle the stack spends, the text work and everything around it."""

    def __init__(self, stack_pid: int) -> None:
        import psutil

        self.procs: dict[int, tuple[str, Any]] = {}
        for pid, role in roles(stack_pid).items():
            self.procs[pid] = (role, psutil.Process(pid))
        for p in psutil.Process(stack_pid).children(recursive=True):
            try:
                if "redis-server" in " ".join(p.cmdline()):
                    self.procs[p.pid] = ("redis", p)
            except psutil.Error:
                continue
        self.before: dict[int, float] = {}

    def _now(self) -> dict[int, float]:
        out = {}
        for pid, (_, p) in self.procs.items():
            try:
                t = p.cpu_times()
                out[pid] = t.user + t.system
            except Exception:  # noqa: BLE001 - a process gone: its share is lost, not fatal
                continue
        return out

    def start(self) -> None:
        self.before = self._now()

    def stop(self, documents: int) -> dict[str, float]:
        """CPU milliseconds per document by role (pool processes of a stage
        summed), and their total."""
        after = self._now()
        by_role: dict[str, float] = {}
        for pid, t in after.items():
            if pid in self.before:
                role = self.procs[pid][0]
                by_role[role] = by_role.get(role, 0.0) + (t - self.before[pid])
        out = {
            role: round(s * 1000 / max(documents, 1), 1) for role, s in sorted(by_role.items(), key=lambda kv: -kv[1])
        }
        out["total"] = round(sum(by_role.values()) * 1000 / max(documents, 1), 1)
        return out
