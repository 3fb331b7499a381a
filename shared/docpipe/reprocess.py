"""Reprocessing after a pipeline change: stored documents queued again from
the first stage whose version changed (``docpipe.versions``); a stage whose
version did not change is not re-run, and a document whose stages are all
current is left alone.

A job walks its selection (ids, a ``GET /documents`` query, or every
document), asks the store to forget each document's stale stages
(``Store.requeue``: one atomic write, the revision moves on, so the document's
next ``processed`` event has a new id) and puts it on that stage's queue.
Uploads are not starved: the API sends a reprocessed document at a lower
message priority than uploads (``celery_app.REPROCESS_PRIORITY``) and each
worker hands it on at that priority, so at every stage a worker takes any
waiting upload first; an upload waits only for the tasks already running.
Throttled too: a document is queued only while its first stage's queue (all
its priority lists) holds fewer than ``DOCPIPE_REPROCESS_MAX_QUEUE`` messages,
so the job's ``queued`` count trails the workers by at most that many. Progress is a Redis hash per job
(``docpipe:reprocess:<job>``), read by ``GET /admin/reprocess/{job}`` from
any API replica.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson

from . import settings
from .celery_app import queue_lists
from .errors import DocpipeError
from .pipeline import STAGE_NAMES, queue_of
from .store.base import DocumentQuery, Store
from .store.common import now_iso
from .versions import build_version, first_stale, stage_versions

log = logging.getLogger("docpipe.reprocess")

KEY_PREFIX = "docpipe:reprocess:"
JOB_TTL_S = 7 * 86_400  # a finished job's progress is kept a week
# A running job refreshes its "alive" key at least this often (progress
# written, or while it waits for a full queue); the key outlives a refresh
# by ALIVE_TTL_S, so a job whose API process died reads as "lost".
HEARTBEAT_S = 5.0
ALIVE_TTL_S = 30
# Counters of a job's progress, in the order they are shown.
COUNTERS: tuple[str, ...] = ("scanned", "queued", "current", "busy", "missing")


class ReprocessJobNotFound(DocpipeError):
    code, status, title = "reprocess_job_not_found", 404, "No such reprocessing job"


# The problems of this module (the API's table lists them).
ERRORS = (ReprocessJobNotFound,)


@dataclass(frozen=True)
class Selection:
    """Which stored documents a job looks at: ``ids``, else every document
    matching ``query`` (every document when it has no filter). ``first``
    re-runs from that stage even when its version is current (a change the
    hash cannot see, e.g. an upgraded dependency)."""

    ids: tuple[str, ...] = ()
    query: DocumentQuery = field(default_factory=DocumentQuery)
    first: str | None = None

    def __post_init__(self) -> None:
        if self.first is not None and self.first not in STAGE_NAMES:
            raise ValueError(f"unknown stage {self.first!r}; one of {', '.join(STAGE_NAMES)}")

    def describe(self) -> dict[str, Any]:
        query = {k: (v.value if hasattr(v, "value") else v) for k, v in asdict(self.query).items() if v}
        return {"ids": list(self.ids), "query": query, "from": self.first}


def job_key(job_id: str) -> str:
    return KEY_PREFIX + job_id


def alive_key(job_id: str) -> str:
    return KEY_PREFIX + job_id + ":alive"


def new_job_id() -> str:
    return "rp_" + uuid.uuid4().hex[:16]


def candidates(store: Store, selection: Selection, page_size: int) -> Iterator[str]:
    """The ids of the selection, in pages of the store's list order."""
    if selection.ids:
        yield from selection.ids
        return
    cursor: str | None = None
    while True:
        page = store.list_documents(selection.query, limit=page_size, cursor=cursor)
        yield from (item["id"] for item in page.items)
        if not page.next_cursor:
            return
        cursor = page.next_cursor


class Throttle:
    """Lets a document onto a stage's queue only while that queue holds
    fewer than ``bound`` messages. One LLEN buys as many sends as there is
    room, so a job costs about one Redis round trip per ``bound`` documents
    when the workers keep up."""

    def __init__(
        self, queue_length: Callable[[str], int], bound: int, poll_s: float, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.queue_length, self.bound, self.poll_s, self.sleep = queue_length, bound, poll_s, sleep
        self.room: dict[str, int] = {}
        self.waits = 0  # how many times the job waited for a full queue

    def take(self, queue: str, stop: threading.Event | None = None) -> bool:
        """Wait until ``queue`` has room (False if ``stop`` is set first)."""
        while self.room.get(queue, 0) <= 0:
            self.room[queue] = self.bound - self.queue_length(queue)
            if self.room[queue] > 0:
                break
            if stop is not None and stop.is_set():
                return False
            self.waits += 1
            self.sleep(self.poll_s)
        self.room[queue] -= 1
        return True


@dataclass
class Job:
    """One reprocessing run; ``run`` walks the selection and records progress."""

    id: str
    selection: Selection
    store: Store
    redis: Any
    enqueue: Callable[[str, str], None]
    config: settings.ReprocessSettings = field(default_factory=settings.reprocess)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    by_stage: dict[str, int] = field(default_factory=dict)  # first stage re-run -> documents
    stop: threading.Event = field(default_factory=threading.Event)
    sleep: Callable[[float], None] = time.sleep  # while a queue is full
    _beat: float = 0.0  # time.monotonic() of the last progress written
    _throttle: Throttle | None = None

    def queue_length(self, queue: str) -> int:
        """Messages waiting on ``queue``, uploads and reprocessing alike."""
        with self.redis.pipeline(transaction=False) as pipe:
            for name in queue_lists(queue):
                pipe.llen(name)
            return sum(int(n) for n in pipe.execute())

    def start(self) -> None:
        """Record the job as running (before its thread starts, so a GET right after finds it)."""
        self.redis.hset(
            job_key(self.id),
            mapping={
                "id": self.id,
                "state": "running",
                "started_at": now_iso(),
                "selection": orjson.dumps(self.selection.describe()),
                "versions": orjson.dumps(stage_versions()),
                "pipeline_version": build_version(),
                **self.counts,
            },
        )
        self.redis.expire(job_key(self.id), JOB_TTL_S)
        self.redis.set(alive_key(self.id), "1", ex=ALIVE_TTL_S)
        self._beat = time.monotonic()

    def run(self) -> dict[str, Any]:
        """Walk the selection; returns the final progress."""
        versions = stage_versions()
        throttle = self._throttle = Throttle(self.queue_length, self.config.max_queue, self.config.poll_s, self._pause)
        state = "done"
        try:
            for n, doc_id in enumerate(candidates(self.store, self.selection, self.config.batch), 1):
                if self.stop.is_set():
                    state = "stopped"
                    break
                self.counts["scanned"] += 1
                self._one(doc_id, versions, throttle)
                if n % self.config.batch == 0 or time.monotonic() - self._beat > HEARTBEAT_S:
                    self._save()
        except Exception as exc:  # noqa: BLE001 - recorded on the job, which a client polls
            log.exception("reprocess %s failed", self.id)
            state = "failed"
            self.redis.hset(job_key(self.id), "error", f"{type(exc).__name__}: {exc}"[:500])
        self._save(state=state, finished_at=now_iso())
        self.redis.delete(alive_key(self.id))
        return progress(self.redis, self.id) or {}

    def _pause(self, seconds: float) -> None:
        """Wait for a full queue, still showing the job alive."""
        self.sleep(seconds)
        if time.monotonic() - self._beat > HEARTBEAT_S:
            self._save()

    def _one(self, doc_id: str, versions: dict[str, str], throttle: Throttle) -> None:
        doc = self.store.get_document(doc_id, fields=())
        if doc is None:
            self.counts["missing"] += 1
            return
        if doc.status.value not in ("processed", "failed"):
            self.counts["busy"] += 1  # being processed now, at the current versions
            return
        first = self.selection.first or first_stale(doc.stages)
        if first is None:
            self.counts["current"] += 1
            return
        # Room on the queue first: a document is never left queued unsent for long.
        if not throttle.take(queue_of(first), self.stop):
            return
        rerun = self.store.requeue(doc_id, versions, first=self.selection.first)
        if not rerun:  # changed since it was read (e.g. a re-submission queued it)
            self.counts["busy"] += 1
            return
        # A send lost here leaves the document queued: the API's sweep re-sends it.
        self.enqueue(doc_id, rerun[0])
        self.counts["queued"] += 1
        self.by_stage[rerun[0]] = self.by_stage.get(rerun[0], 0) + 1

    def _save(self, **extra: Any) -> None:
        waits = self._throttle.waits if self._throttle is not None else 0
        pipe = self.redis.pipeline()
        pipe.hset(
            job_key(self.id),
            mapping={
                **self.counts,
                "by_stage": orjson.dumps(self.by_stage),
                "throttle_waits": waits,
                "updated_at": now_iso(),
                **extra,
            },
        )
        pipe.set(alive_key(self.id), "1", ex=ALIVE_TTL_S)
        pipe.execute()
        self._beat = time.monotonic()


def progress(redis: Any, job_id: str) -> dict[str, Any] | None:
    """A job's progress as recorded (None for an unknown or expired job)."""
    pipe = redis.pipeline()
    pipe.hgetall(job_key(job_id))
    pipe.exists(alive_key(job_id))
    raw, alive = pipe.execute()
    if not raw:
        return None
    data = {
        (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v) for k, v in raw.items()
    }
    state = data["state"]
    if state == "running" and not alive:
        state = "lost"  # the process running it stopped; run the selection again (current documents are skipped)
    out: dict[str, Any] = {"id": data["id"], "state": state}
    for name in (*COUNTERS, "throttle_waits"):
        if name in data:
            out[name] = int(data[name])
    for name in ("selection", "versions", "by_stage"):
        out[name] = orjson.loads(data[name]) if name in data else {}
    for name in ("pipeline_version", "started_at", "updated_at", "finished_at", "error"):
        if name in data:
            out[name] = data[name]
    return out


def start_job(
    selection: Selection,
    *,
    store: Store,
    redis: Any,
    enqueue: Callable[[str, str], None],
    config: settings.ReprocessSettings | None = None,
) -> Job:
    """Record a new job and run it on a thread of this process (the API's)."""
    job = Job(new_job_id(), selection, store, redis, enqueue, config or settings.reprocess())
    job.start()
    threading.Thread(target=job.run, name=f"reprocess-{job.id}", daemon=True).start()
    return job
