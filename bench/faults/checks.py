"""What is read back after a run: quiescence, the event stream, outputs compared with an in-process run."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import httpx

from .plan import COMPARED, FINAL
from .stack import Stack


def quiesce(stack: Stack, ids: set[str], timeout_s: float) -> tuple[dict[str, dict[str, Any]], float, int]:
    """Every document once none is pending and no stage queue holds a message."""
    import redis

    from docpipe.pipeline import STAGE_NAMES, queue_of

    r = redis.Redis.from_url(stack.redis_url, socket_timeout=5)
    bodies: dict[str, dict[str, Any]] = {}
    t = time.monotonic()
    deadline = t + timeout_s
    with httpx.Client(base_url=stack.api, timeout=30) as c:
        while time.monotonic() < deadline:
            pending = [i for i in ids if bodies.get(i, {}).get("status") not in FINAL]
            for doc_id in pending:
                try:
                    got = c.get(f"/documents/{doc_id}")
                except httpx.HTTPError:
                    break
                if got.status_code == 200:
                    bodies[doc_id] = got.json()
            # Queued messages count; unacknowledged ones do not: a message
            # whose worker's whole process group died stays in "unacked" until
            # the visibility timeout, while the sweep has re-run its document.
            try:
                busy = any(r.llen(queue_of(s)) for s in STAGE_NAMES)
            except Exception:  # noqa: BLE001 - Redis restarting
                busy = True
            if not busy and all(bodies.get(i, {}).get("status") in FINAL for i in ids):
                break
            time.sleep(1.0)
        waited = time.monotonic() - t
        time.sleep(3.0)  # a late duplicate event would still be counted
        try:
            orphans = int(r.hlen("unacked"))
        except Exception:  # noqa: BLE001 - reported as unknown
            orphans = -1
        for doc_id in ids:  # the final read of every document
            got = c.get(f"/documents/{doc_id}")
            if got.status_code == 200:
                bodies[doc_id] = got.json()
    r.close()
    return bodies, waited, orphans


def stream_events(stack: Stack, trimmed: Sequence[tuple[bytes, dict[bytes, bytes]]] = ()) -> dict[str, list[str]]:
    """Event ids per document, from the whole stream and the entries an
    XTRIM removed (each entry once, by its stream id)."""
    import redis

    from docpipe import settings

    r = redis.Redis.from_url(stack.redis_url)
    out: dict[str, list[str]] = defaultdict(list)
    try:
        entries = dict(trimmed)
        entries.update(r.xrange(settings.events().stream))
        for _sid, fields in sorted(entries.items()):
            event = json.loads(fields[b"event"])
            if event.get("type") in ("docpipe.document.processed", "docpipe.document.failed"):
                out[event["subject"]].append(event["id"])
    finally:
        r.close()
    return out


def compare_outputs(
    accepted: dict[str, str], bodies: dict[str, dict[str, Any]]
) -> tuple[list[dict[str, Any]], int, int]:
    """Processed documents whose stored stage outputs differ from an in-process
    run of the same text: (differing, compared, not comparable). A document
    whose stage versions (hashes of each stage's code and tables) differ from
    this process's was made by other code (the tree changed during the run):
    counted apart, not compared."""
    from docpipe.ingest import new_document
    from docpipe.pipeline import default_stages, run_stages

    stages = default_stages()
    versions = {s.name: s.version for s in stages}
    out, compared, other_code = [], 0, 0
    for doc_id, text in accepted.items():
        body = bodies.get(doc_id)
        if body is None or body.get("status") != "processed":
            continue
        stored = body["document"]
        if stored.get("stages") != versions:
            other_code += 1
            continue
        compared += 1
        mine = json.loads(run_stages(new_document(text), stages).model_dump_json())
        fields = [f for f in COMPARED if stored.get(f) != mine.get(f)]
        if fields:
            out.append({"id": doc_id, "fields": fields})
    return out, compared, other_code


def store_waits_logged(worker_lines: Sequence[str], api_lines: Sequence[str]) -> dict[str, int]:
    """The lines ``docpipe.store_waits`` and ``docpipe.task_retry`` write: a
    write waiting for the SQLite lock (each step; the workers' and the
    API's), a task retried, a task that stopped retrying (its document left
    for the sweep)."""
    return {
        "worker_wait_warnings": sum(1 for line in worker_lines if "for the database lock; waiting" in line),
        "api_wait_warnings": sum(1 for line in api_lines if "for the database lock; waiting" in line),
        "lock_wait_timeouts": sum(
            1 for line in (*worker_lines, *api_lines) if "gave up waiting for the database lock" in line
        ),
        "retry_warnings": sum(1 for line in worker_lines if '"docpipe.tasks"' in line and "; retry " in line),
        "gave_up": sum(1 for line in worker_lines if "left in its status for the sweep" in line),
    }
