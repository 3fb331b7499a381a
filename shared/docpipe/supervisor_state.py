"""The supervisor's state file, ``<var>/run/supervisor.json``: the children's
pid, state, readiness, restarts and last death, replaced atomically on every
change (mode 0600) and removed on exit; the API's ``/readyz`` reads it while
its supervisor is alive."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import settings
from .supervisor_policy import Child

# Under the var dir: what the API's /readyz reads.
STATE_FILE = Path("run") / "supervisor.json"


def state_path(var_dir: Path) -> Path:
    return var_dir / STATE_FILE


def read_state(var_dir: Path | None = None) -> dict[str, Any] | None:
    """The supervisor's state file, or None when there is none or its
    supervisor is gone (a file left by a killed supervisor says nothing)."""
    path = state_path(var_dir or settings.paths().var_dir)
    try:
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        os.kill(int(state["supervisor_pid"]), 0)
    except PermissionError:
        return state  # alive, someone else's
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return state


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_state(path: Path, children: list[Child]) -> None:
    """Replace the state file atomically (a reader never sees half of it), mode 0600."""
    body = {
        "supervisor_pid": os.getpid(),
        "updated_at": utc_now(),
        "children": {c.name: c.snapshot() for c in children},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, json.dumps(body, indent=1).encode("utf-8"))
    finally:
        os.close(fd)
    os.replace(tmp, path)
