"""The webhooks worker's health check: ``python -m docpipe.webhook_health``
exits 0 when both of the worker's loops (the stream reader and the sender)
went round within the last ``--max-idle-s`` seconds, else 1 with one line
saying which did not. Compose's healthcheck and the Kubernetes probes run it
in the worker's container, as the stage workers' probes ping their own node.

Each loop touches a file under ``$DOCPIPE_VAR_DIR/webhooks/`` as it goes
round (``Heartbeat``; at most every few seconds). The reader goes round at
least once a second (its read blocks 1 s at most) and the sender every
``poll_s`` or after a batch of attempts (each at most ``timeout_s``), so an
old file means a loop is stuck, dead, or waiting on an unreachable Redis.
Why a file and not Redis's idle time of the group's consumer: that idle
time is reset by a read that returns nothing only from Redis 7.2 on.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from . import settings

LOOPS = ("reader", "sender")
DEFAULT_MAX_IDLE_S = 60.0

log = logging.getLogger("docpipe.webhooks")


def heartbeat_dir() -> Path:
    return settings.paths().var_dir / "webhooks"


class Heartbeat:
    """One loop's file, touched at most every ``every_s`` seconds."""

    def __init__(self, loop: str, every_s: float = 5.0, directory: Path | None = None) -> None:
        self.path = (directory or heartbeat_dir()) / f"{loop}.alive"
        self.every_s = every_s
        self._last = float("-inf")
        self._warned = False

    def beat(self) -> None:
        now = time.monotonic()
        if now - self._last < self.every_s:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()
        except OSError as exc:  # a read-only var dir must not stop deliveries
            if not self._warned:
                log.warning("cannot write the heartbeat %s (%s): the health check will fail", self.path, exc)
                self._warned = True
            return
        self._last = now


def check(max_idle_s: float, directory: Path | None = None, now: float | None = None) -> str | None:
    """None when every loop's heartbeat is at most ``max_idle_s`` old, else why not."""
    directory = directory or heartbeat_dir()
    now = time.time() if now is None else now
    for loop in LOOPS:
        path = directory / f"{loop}.alive"
        try:
            age = now - path.stat().st_mtime
        except FileNotFoundError:
            return f"the {loop} has not started ({path} missing)"
        if age > max_idle_s:
            return f"the {loop} last went round {age:.0f} s ago (more than {max_idle_s:g} s)"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Exit 0 when the webhooks worker's loops are going round.")
    parser.add_argument("--max-idle-s", type=float, default=DEFAULT_MAX_IDLE_S)
    args = parser.parse_args(argv)
    problem = check(args.max_idle_s)
    if problem:
        print(f"webhooks unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
