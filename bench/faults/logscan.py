"""What the stack's JSON logs say about the faults: a killed pool process's
running task (billiard's ``WorkerLostError``), a task received again, a retry
Celery could not publish while Redis was down (``reject requeue=False``).

Each line of ``var/log/*.log`` is one JSON object with an ISO ``time``
(UTC); these functions read lines, never the clock, so that they can be
tested on lines written by hand."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Line:
    at: float  # Unix time
    logger: str
    message: str
    document_id: str
    task_id: str


def parse(lines: Iterable[str]) -> list[Line]:
    """The JSON lines among ``lines`` (others skipped), with the document
    and task they name (the fields docpipe and Celery log, else '')."""
    out: list[Line] = []
    for raw in lines:
        try:
            d = json.loads(raw)
            at = datetime.fromisoformat(str(d["time"]).replace("Z", "+00:00")).timestamp()
        except (ValueError, KeyError, TypeError):
            continue
        if not isinstance(d, dict):
            continue
        raw_data = d.get("data")
        data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
        doc = str(d.get("document_id") or _first_arg(data.get("args")) or "")
        out.append(Line(at, str(d.get("logger", "")), str(d.get("message", "")), doc, str(data.get("id") or "")))
    return out


def _first_arg(args: Any) -> str:
    """Celery logs a task's args as their repr (``"['abc']"``)."""
    if not isinstance(args, str):
        return ""
    try:
        value = ast.literal_eval(args)
    except (ValueError, SyntaxError):
        return ""
    return str(value[0]) if isinstance(value, list | tuple) and value else ""


def worker_lost(lines: Sequence[Line], after: float, before: float) -> bool:
    """A ``WorkerLostError`` logged in ``[after, before)``: the main process
    found a job running in the pool process that died (billiard logs none
    for an idle pool process)."""
    return any(after <= x.at < before and "WorkerLostError" in x.message for x in lines)


def received_again(lines: Sequence[Line], doc_id: str, after: float) -> float | None:
    """Seconds from ``after`` to the first time a task of ``doc_id`` was
    received (by any worker whose lines these are) after it; None if never."""
    for x in lines:
        if x.at > after and x.document_id == doc_id and x.message.endswith("] received"):
            return x.at - after
    return None


def rejected_retries(worker: Sequence[Line], api: Sequence[Line]) -> list[dict[str, Any]]:
    """Tasks whose retry Celery could not publish (``reject requeue=False``:
    the broker was down when ``task.retry`` sent the new message): when,
    which document, and how long until a task of that document was
    received again, and whether the sweep re-enqueued it first."""
    out: list[dict[str, Any]] = []
    ordered = sorted(worker, key=lambda x: x.at)
    for x in ordered:
        if "reject requeue=False" not in x.message or not x.document_id:
            continue
        back = received_again(ordered, x.document_id, x.at)
        swept = any(
            y.at > x.at and x.document_id in y.message and "re-enqueued to" in y.message
            for y in api
            if back is None or y.at <= x.at + back
        )
        out.append(
            {
                "at": x.at,
                "document_id": x.document_id,
                "task_id": x.task_id,
                "back_after_s": None if back is None else round(back, 1),
                "by_sweep": swept,
            }
        )
    return out
