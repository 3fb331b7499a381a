"""What the supervisor reads in its children's logs: Celery's ready line, the
last lines of a log, and which of them tells of an error."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

# Celery's own line once a worker consumes: "[...: INFO/MainProcess] segment@host ready."
WORKER_READY = re.compile(rb"(\S+@\S+) ready\.")
LOG_TAIL_LINES = 8
_ERROR_LINE = re.compile(r"error|exception|traceback|fatal|denied|no such|not found|invalid", re.IGNORECASE)


def looks_like_error(line: str) -> bool:
    """Whether a child's log line tells of an error. A JSON log line (the
    services' default, docpipe.logs) by its level and message only: every
    uvicorn line names the logger ``uvicorn.error``."""
    if line.startswith("{"):
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict):
            level = str(record.get("level", "")).upper()
            return level in ("ERROR", "CRITICAL") or bool(_ERROR_LINE.search(str(record.get("message", ""))))
    return bool(_ERROR_LINE.search(line))


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> list[str]:
    """The last non-empty lines of a log file (read from its end only)."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 16_384))
            text = f.read().decode("utf-8", errors="replace")
    except OSError:
        return []
    return [line for line in text.splitlines() if line.strip()][-lines:]
