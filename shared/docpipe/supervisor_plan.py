"""What the supervisor starts: the API, one Celery worker per declared stage,
the webhook deliveries and Flower (its state file, its credentials), each
with its argv, URL, log file and environment."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from . import settings
from .loopback import is_loopback
from .pipeline import STAGE_NAMES
from .supervisor_policy import Child


def flower_db(var_dir: Path) -> Path:
    """Flower's state file (its dbm backend may add suffixes: .db, .dat, .dir)."""
    return var_dir / "flower" / "flower.db"


def flower_auth(var_dir: Path, say: Callable[[str], None]) -> str | None:
    """Flower's user:password: DOCPIPE_FLOWER_BASIC_AUTH, else, when it
    binds beyond loopback, ``admin`` and a password made once and kept
    in <var>/flower/basic_auth (0600); on loopback none."""
    fl = settings.flower()
    if fl.basic_auth or is_loopback(fl.address):
        return fl.basic_auth
    path = var_dir / "flower" / "basic_auth"
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"admin:{secrets.token_urlsafe(18)}\n")
        say(f"flower     binds to {fl.address}: basic auth admin, password in {path}")
    return path.read_text(encoding="utf-8").strip()


def child_env(var_dir: Path, redis_url: str | None, with_flower: bool) -> dict[str, str]:
    """The children's environment: this one's, with the broker and the var dir."""
    env = dict(os.environ)
    env["REDIS_URL"] = redis_url or ""
    env["DOCPIPE_VAR_DIR"] = str(var_dir)
    env.setdefault("PYTHONUNBUFFERED", "1")
    if with_flower:
        # Flower is watching from the start: the workers send task events
        # from their first task (unless the environment says otherwise).
        env.setdefault("DOCPIPE_WORKER_TASK_EVENTS", "true")
    return env


def plan(var_dir: Path, concurrency: int, with_flower: bool, say: Callable[[str], None]) -> list[Child]:
    """The children to start besides Redis, in order: the API, a worker per
    declared stage, the webhook deliveries, Flower; each with its log file."""
    api = settings.api()
    py = [sys.executable, "-m", "docpipe.cli"]
    children = [Child("api", "api", [*py, "api"], url=f"http://{api.host}:{api.port}")]
    for stage in STAGE_NAMES:
        argv = [*py, "worker", stage, "--concurrency", str(concurrency), "--loglevel", "INFO"]
        children.append(Child(f"worker-{stage}", "worker", argv))
    # Webhook deliveries (not Celery; it logs the same "<node> ready." line).
    children.append(Child("webhooks", "worker", [*py, "webhooks"]))
    if with_flower:
        fl = settings.flower()
        # Persistent: Flower keeps its task history in a shelve file under
        # var/ (saved every state_save_interval and on shutdown) and
        # loads it when it starts again.
        # The broker URL and the credentials go by environment (_spawn),
        # not argv: a process listing shows argv to every local user.
        argv = [
            sys.executable,
            "-m",
            "celery",
            "flower",
            f"--port={fl.port}",
            f"--address={fl.address}",
            "--persistent=True",
            f"--db={flower_db(var_dir)}",
            f"--state_save_interval={int(fl.state_save_interval_s * 1000)}",
        ]  # milliseconds
        auth = flower_auth(var_dir, say)
        # Shutdown, pool, consumer and revoke actions stay off unless
        # asked for, and only a Flower behind basic auth may offer them.
        if fl.read_only or not auth:
            argv.append("--read_only=True")
        children.append(Child("flower", "flower", argv, url=f"http://{fl.address}:{fl.port}"))
    for child in children:
        child.log_path = var_dir / "log" / f"{child.name}.log"
    return children
