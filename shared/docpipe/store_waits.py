"""Store waits and retries made visible (issue #15: a 75 s SQLite lock
logged nothing).

Three kinds, each a log line naming the document and the stage (from the
log context a worker binds per task, ``docpipe.logs``; ``-`` outside one)
and one count in Redis, which every API process reports at ``/metrics`` as
``docpipe_store_waits_total{stage, kind}`` (the workers are other
processes, as for the final counts in ``taskflow``):

- ``waited``: a write has waited ``DOCPIPE_STORE_WAIT_WARN_S`` for the
  embedded store's write lock (another connection holds it: a backup, a
  migration, an open ``sqlite3`` shell); a WARNING each time the wait
  passes another step, one count per write;
- ``retried``: a stage task met a store or broker error and is scheduled
  again (WARNING);
- ``gave_up``: a stage task has retried for ``DOCPIPE_WORKER_RETRY_FOR_S``
  and stops; its document keeps its status and the sweep re-enqueues it
  once the store answers (ERROR).

The count is best effort: when Redis is down too, the log line still says it.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any, Literal

from . import logs, settings

log = logging.getLogger("docpipe.store")

Kind = Literal["waited", "retried", "gave_up"]
KINDS: tuple[Kind, ...] = ("waited", "retried", "gave_up")
KEY = "docpipe:metrics:store_waits"  # hash: "<kind>:<stage>" -> count
NO_STAGE = "none"  # the label of a write outside a stage task (the API's inserts, the CLI)

_client: Any = None
_client_pid: int | None = None
_client_lock = threading.Lock()


def where() -> tuple[str, str]:
    """(document id, stage) of the running task or request, ``-`` when unknown."""
    return logs.document_id.get() or "-", logs.stage.get() or "-"


def _redis() -> Any:
    """A client of this process's own (re-made after a fork), with short
    timeouts: a count must not hold up a write that has already waited."""
    global _client, _client_pid
    with _client_lock:
        if _client is None or _client_pid != os.getpid():
            import redis

            _client = redis.Redis.from_url(settings.redis().url, socket_timeout=1, socket_connect_timeout=1)
            _client_pid = os.getpid()
        return _client


def count(kind: Kind) -> None:
    """Add one to ``kind`` for the current stage (best effort)."""
    field = f"{kind}:{logs.stage.get() or NO_STAGE}"
    try:
        _redis().hincrby(KEY, field, 1)
    except Exception as exc:  # noqa: BLE001 - Redis down: the log line still says it
        log.debug("store wait not counted (%s): %s", field, exc)


def counts(client: Any) -> dict[tuple[str, str], int]:
    """(kind, stage) -> count, as the processes counted them."""
    out: dict[tuple[str, str], int] = {}
    for field, value in client.hgetall(KEY).items():
        name = field.decode() if isinstance(field, bytes) else str(field)
        kind, _, stage = name.partition(":")
        out[(kind, stage)] = int(value)
    return out


def waiting(waited_s: float, limit_s: float, *, first: bool) -> None:
    """A write has waited ``waited_s`` for the write lock and waits on (up to
    ``limit_s`` in all); counted once per write, at its first step."""
    doc_id, stage = where()
    log.warning(
        "store write of document %s (stage %s) has waited %.1f s for the database lock; waiting up to %.0f s",
        doc_id,
        stage,
        waited_s,
        limit_s,
    )
    if first:
        count("waited")


def waited(waited_s: float) -> None:
    """The write that waited got the lock after ``waited_s``."""
    doc_id, stage = where()
    log.warning("store write of document %s (stage %s) got the database lock after %.1f s", doc_id, stage, waited_s)


def timed_out(waited_s: float) -> None:
    """The write gave up after ``waited_s``: its ``database is locked`` goes
    up (a task retries it; the API answers 503, which a client that has
    already hung up never sees, and uvicorn then logs no access line)."""
    doc_id, stage = where()
    log.warning(
        "store write of document %s (stage %s) gave up waiting for the database lock after %.1f s",
        doc_id,
        stage,
        waited_s,
    )
