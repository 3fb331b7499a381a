"""What a stage task does with a document id, kept apart from Celery so it can
be read (and tested) as plain code.

Per delivery: one store read (the document), one store write (the stage's
output, timings and the status that hands it on), one message to the next
queue. The first stage also marks the document ``segmenting`` (one small
write), and the last indexes the results and publishes the CloudEvent.

Idempotent because a broker may deliver twice: a stage already done at this
pipeline version is skipped and the document handed to the first stage that
is not done yet; a redelivered final stage republishes the same event (the
event id is stable, consumers dedupe), so a lost publish is never final.

Re-submission (the same text with new input fields, ``Store.update_metadata``)
moves the document to a new revision. Every write a task makes is guarded by
the revision it read, so a run that started before the change writes nothing
after it (``superseded``) and the run the re-submission enqueued is the one
that counts; its event id carries the revision, so it is a new event.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from celery import Celery, Task, signals
from celery.exceptions import SoftTimeLimitExceeded

from . import corrections, logs, settings, task_retry
from .declaration import DECLARED
from .document import Document, StageError, Status
from .errors import BrokerUnavailable, StoreUnavailable
from .pipeline import STAGE_NAMES, Stage, load_stage, next_stage, queue_of, status_of
from .store.common import RESUBMIT_FIELDS, revision_of
from .versions import build_version, first_stale, stage_versions

log = logging.getLogger("docpipe.tasks")

# The status a document shows while it waits for, or runs in, each stage.
STAGE_STATUS: dict[str, Status] = {name: status_of(name) for name in STAGE_NAMES}


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Errors that mean "the store or the broker is unreachable right now":
    retried with backoff, never turned into a failed document."""
    import kombu.exceptions
    import redis.exceptions

    errors: list[type[BaseException]] = [
        StoreUnavailable,
        BrokerUnavailable,
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
        kombu.exceptions.OperationalError,
        sqlite3.OperationalError,  # "database is locked" under heavy concurrent writes
        ConnectionError,
        TimeoutError,
    ]
    try:
        import pymongo.errors

        errors += [pymongo.errors.ConnectionFailure, pymongo.errors.ServerSelectionTimeoutError]
    except ImportError:  # pragma: no cover - pymongo is a dependency
        pass
    return tuple(errors)


TRANSIENT_ERRORS = _transient_errors()


# The input fields a re-submission may change and the stages that read each,
# in pipeline order, from the declaration (the API decides what to re-run
# without importing the stage modules: jieba and the NER models would load).
INPUT_READERS: dict[str, tuple[str, ...]] = {
    field: tuple(s.name for s in DECLARED.stages if field in s.reads) for field in RESUBMIT_FIELDS
}
# The fields whose change re-runs the stages reading them. Not ``title``:
# segment reads it only to keep a title the request gave over the one it
# would detect, and the re-submission stores the new title itself.
RERUN_ON: tuple[str, ...] = ("published_at",)


def rerun_from() -> dict[str, str]:
    """Field -> the first stage to run again when a re-submission changes it
    (``Store.update_metadata``'s ``rerun_from``)."""
    return {field: INPUT_READERS[field][0] for field in RERUN_ON if INPUT_READERS[field]}


def event_id_for(doc: Document, event_id: str) -> str:
    """The event id of a document's revision: the first run's id unchanged,
    ``…:r<revision>`` after a re-submission changed the document (the stream
    deduplicates by id, so a re-run must not reuse the first one)."""
    revision = revision_of(doc)
    return f"{event_id}:r{revision}" if revision else event_id


def first_pending(doc: Document, after: str | None = None) -> str | None:
    """The first stage not yet done at its current version (declared version
    and hash of its code and data: ``docpipe.versions``); with ``after``, the
    first such stage after that one."""
    if after is None:
        return first_stale(doc.stages)
    current = stage_versions()
    later = STAGE_NAMES[STAGE_NAMES.index(after) + 1 :]
    return next((n for n in later if doc.stages.get(n) != current[n]), None)


def stage_error(exc: BaseException, stage: str) -> StageError:
    if isinstance(exc, SoftTimeLimitExceeded):
        return StageError(code="stage_timeout", message="the stage ran past its time limit", stage=stage)
    code = getattr(exc, "code", None) or "stage_failed"
    return StageError(code=str(code), message=f"{type(exc).__name__}: {exc}"[:2000], stage=stage)


Enqueue = Callable[[str, str], None]
Publish = Callable[[Document, str], None]


def process(
    stage: Stage,
    doc_id: str,
    *,
    store: Any,
    enqueue: Enqueue,
    publish: Publish,
) -> str:
    """Run ``stage`` on the stored document ``doc_id``; returns what happened
    (``ran``, ``skipped``, ``handed_on``, ``missing``, ``final``, ``failed``,
    ``superseded``: a re-submission changed the document while this ran, so
    nothing was written and the run it enqueued takes over).

    Store and broker errors propagate (the task retries them); an error from
    the stage itself fails the document with a code and a message.
    """
    name = stage.name
    t_start = time.perf_counter()
    # Only what the stage reads: extract and normalize never parse the
    # tokens segment stored (the largest field by far).
    doc = store.get_document(doc_id, fields=stage.reads)
    if doc is None:
        log.warning("%s %s: no such document; message dropped", name, doc_id)
        return "missing"
    revision = revision_of(doc)
    if doc.status == Status.failed:
        # A retry after the failed event could not be published lands here:
        # publish again (same event id; the stream keeps it once).
        publish(doc, "failed")
        log.info("%s %s: document failed earlier; skipped", name, doc_id)
        return "final"
    nxt = next_stage(name)

    if doc.stages.get(name) == stage.version:
        # Handed on only to a later stage: whether an earlier one is current is
        # its own worker's call, as this one runs its stage without asking.
        # Workers that disagree on versions (one started before a deploy or a
        # change of the tree, one after: each hashes the code when it starts)
        # handed a document back and forth between two stages thousands of
        # times a minute, its status no longer processed (make faults, issue #15).
        pending = first_pending(doc, after=name)
        if pending is not None:
            log.info("%s %s: already done; handed to %s", name, doc_id, pending)
            enqueue(doc_id, pending)
            return "handed_on"
        if nxt is None:
            # The final stage redelivered: its publish may have been lost.
            # The event counts every entity and metric: read them all.
            doc = store.get_document(doc_id) or doc
            if revision_of(doc) != revision:
                return _superseded(name, doc_id)
            if doc.status != Status.processed:
                if not store.set_status(doc_id, Status.processed, revision=revision):
                    return _superseded(name, doc_id)
                doc.status = Status.processed
            publish(doc, "processed")
        log.info("%s %s: already done; skipped", name, doc_id)
        return "skipped"

    status = STAGE_STATUS[name]
    if doc.status != status and not store.set_status(doc_id, status, revision=revision):
        return _superseded(name, doc_id)
    known_timings = set(doc.timings_ms)
    t0 = time.perf_counter()
    load_ms = (t0 - t_start) * 1000
    try:
        doc = stage.run(doc)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001 - any stage error fails the document, with its code
        err = stage_error(exc, name)
        log.exception("%s %s: failed [%s]", name, doc_id, err.code)
        if not store.set_status(doc_id, Status.failed, error=err, revision=revision):
            return _superseded(name, doc_id)
        doc.status, doc.error = Status.failed, err
        publish(doc, "failed")
        return "failed"
    elapsed = round((time.perf_counter() - t0) * 1000, 3)
    # The stage's own finer timings (e.g. segment's clean/segment) plus its total.
    timings = {k: v for k, v in doc.timings_ms.items() if k not in known_timings}
    timings.setdefault(name, elapsed)
    doc.stages[name] = stage.version
    fields = doc.model_dump(mode="json", include=set(stage.adds))

    t1 = time.perf_counter()
    if nxt is not None:
        if not store.save_stage(doc_id, name, stage.version, fields, STAGE_STATUS[nxt], timings, revision=revision):
            return _superseded(name, doc_id)
        t2 = time.perf_counter()
        enqueue(doc_id, nxt)
        t3 = time.perf_counter()
        # The overhead around the stage, per part, for tuning the message path.
        log.info(
            "%s %s: done in %.1f ms; handed to %s (load %.1f, dump %.1f, save %.1f, enqueue %.1f ms)",
            name,
            doc_id,
            elapsed,
            nxt,
            load_ms,
            (t1 - t0) * 1000 - elapsed,
            (t2 - t1) * 1000,
            (t3 - t2) * 1000,
        )
        return "ran"

    doc.status = Status.processed
    doc.pipeline_version = build_version()
    doc.timings_ms.update(timings)
    # Index before the status says processed, so a processed document is
    # always findable by its entities; indexed with its corrections, so a
    # reprocess keeps them in the entity and fact views too.
    if not store.index_results(corrections.for_index(store, doc), revision=revision) or not store.save_stage(
        doc_id,
        name,
        stage.version,
        fields,
        Status.processed,
        timings,
        revision=revision,
        pipeline_version=doc.pipeline_version,
    ):
        return _superseded(name, doc_id)
    t2 = time.perf_counter()
    publish(doc, "processed")
    t3 = time.perf_counter()
    log.info(
        "%s %s: done in %.1f ms; processed (load %.1f, dump %.1f, index+save %.1f, publish %.1f ms)",
        name,
        doc_id,
        elapsed,
        load_ms,
        (t1 - t0) * 1000 - elapsed,
        (t2 - t1) * 1000,
        (t3 - t2) * 1000,
    )
    return "ran"


def _superseded(name: str, doc_id: str) -> str:
    log.info("%s %s: changed by a re-submission while it ran; nothing written (the new run takes over)", name, doc_id)
    return "superseded"


# --- per-process resources of a worker ------------------------------------

_redis: Any = None
_redis_pid: int | None = None


def redis_client() -> Any:
    """One Redis client per process (re-made in a forked child)."""
    global _redis, _redis_pid
    if _redis is None or _redis_pid != os.getpid():
        import redis

        _redis = redis.Redis.from_url(settings.redis().url, socket_timeout=10, health_check_interval=30)
        _redis_pid = os.getpid()
    return _redis


def publish_event(doc: Document, kind: str) -> None:
    """Publish the final event, then count it (see ``count_final``)."""
    from . import events

    event = events.make_event(doc, kind, settings.api().base_url)  # type: ignore[arg-type]
    event["id"] = event_id_for(doc, event["id"])
    client = redis_client()
    for delay in (*task_retry.BROKER_WAITS_S, None):
        try:
            events.publish(client, event)
            count_final(client, event["id"], kind, doc.error.code if doc.error else None)
            return
        except TRANSIENT_ERRORS as exc:
            # Redis is the broker too: while it is down Celery cannot schedule
            # the task's retry and drops the message (reject, requeue=False),
            # and the document, already final, is never swept again. So the
            # final event is retried here, with the message still in flight
            # (a worker killed meanwhile leaves it unacked: redelivered, the
            # final stage publishes again). The event id is stable: the stream
            # keeps it once.
            if delay is None:
                raise
            log.warning("%s: publishing the %s event failed (%s); again in %.1f s", doc.id, kind, exc, delay)
            time.sleep(delay)


# --- counts of final documents, kept in Redis ---------------------------------
#
# The workers are separate processes (and prefork pools), so the counts of
# processed and failed documents are kept in Redis, where every worker adds
# and every API process reads them for /metrics: totals that survive API
# restarts, are the same from every API replica, and need no stream reader
# to be running when the documents finish. The count rides on the final
# event: added at most once per event id (as the event itself), so a
# redelivered final stage that publishes again counts nothing twice, and a
# publish that succeeded before a crash is counted when the task is retried.

COUNTS_KEY = "docpipe:metrics:documents"  # hash: processed | failed:<code> -> count
_COUNTED_PREFIX = "docpipe:metrics:counted:"
COUNT_TTL_S = 86_400  # as long as the stream's own dedupe of an event id
_COUNT_ONCE = """
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then
  return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
end
return false
"""


def count_field(kind: str, code: str | None = None) -> str:
    return "processed" if kind == "processed" else f"failed:{code or 'stage_failed'}"


def count_final(client: Any, event_id: str, kind: str, code: str | None = None) -> bool:
    """Add one to the processed count, or to the failed count of ``code``,
    unless this event id was counted already; returns whether it counted."""
    added = client.eval(_COUNT_ONCE, 2, COUNTS_KEY, _COUNTED_PREFIX + event_id, count_field(kind, code), COUNT_TTL_S)
    return added is not None


def final_counts(client: Any) -> tuple[int, dict[str, int]]:
    """(processed, {error code: failed}) as the workers counted them."""
    processed, failed = 0, {}
    for field, value in client.hgetall(COUNTS_KEY).items():
        name = field.decode() if isinstance(field, bytes) else str(field)
        if name == "processed":
            processed = int(value)
        elif name.startswith("failed:"):
            failed[name[len("failed:") :]] = int(value)
    return processed, failed


def _store() -> Any:
    from .store import get_store

    return get_store()


def _setup_logging(loglevel: Any = None, **_: Any) -> None:
    logs.configure(service=True, level=loglevel or "INFO")


def _log_like_a_service() -> None:
    """A worker logs as a service (``docpipe.logs``): with a receiver of
    ``setup_logging`` Celery leaves the logging set-up to it. Messages this
    process sends (the next stage) keep the request id."""
    signals.setup_logging.connect(_setup_logging, weak=False, dispatch_uid="docpipe-logging")
    logs.propagate_request_id()


def define_stage_task(app: Celery, name: str, stage_loader: Callable[[], Stage] | None = None) -> Task:
    """Register ``docpipe.<name>`` on ``app``: the thin task around one stage.

    The stage's ``warm_up`` runs once in the worker's parent process before it
    forks its pool (children inherit the loaded resources), and again in each
    child as a fallback (a cached loader makes that free when inherited).
    """
    from .celery_app import task_name

    loader = stage_loader or (lambda: load_stage(name))
    _log_like_a_service()

    def warm(**_: Any) -> None:
        stage = loader()
        if stage.warm_up is not None:
            t0 = time.perf_counter()
            with logs.bound(stage=name):
                stage.warm_up()
                log.info("%s: warmed up in %.0f ms (pid %d)", name, (time.perf_counter() - t0) * 1000, os.getpid())

    def warm_parent(**kwargs: Any) -> None:
        warm(**kwargs)
        # Keep the loaded dictionaries and models out of the garbage
        # collector's reach, so the forked pool processes do not copy the
        # pages holding them just by scanning them (copy-on-write).
        gc.collect()
        gc.freeze()

    signals.worker_init.connect(warm_parent, weak=False)
    signals.worker_process_init.connect(warm, weak=False)

    # Every log line written while a task runs (Celery's own "succeeded" line
    # included) carries the document id, the stage and the request id the
    # API put on the message (a header, not an argument).
    contexts: dict[str, Any] = {}

    def bind_task(task_id: str | None = None, task: Task | None = None, args: Any = None, **_: Any) -> None:
        if task is None or task.name != task_name(name) or task_id is None:
            return
        rid = task.request.get(logs.REQUEST_ID_HEADER)
        contexts[task_id] = logs.bind(request_id=rid, document_id=args[0] if args else None, stage=name)

    def unbind_task(task_id: str | None = None, **_: Any) -> None:
        tokens = contexts.pop(task_id, None) if task_id is not None else None
        if tokens:
            logs.unbind(tokens)

    signals.task_prerun.connect(bind_task, weak=False, dispatch_uid=f"docpipe-log-context-{name}")
    signals.task_postrun.connect(unbind_task, weak=False, dispatch_uid=f"docpipe-log-context-end-{name}")

    def send_next(doc_id: str, stage_name: str, priority: int | None = None) -> None:
        queue = queue_of(stage_name)
        app.send_task(task_name(stage_name), args=[doc_id], queue=queue, routing_key=queue, priority=priority)

    # A store or broker error is retried for a time, not a count
    # (docpipe.task_retry); the first failure's time rides on the retries.
    @app.task(  # type: ignore[untyped-decorator]  # Celery is unannotated
        name=task_name(name),
        bind=True,
        max_retries=None,
        acks_late=True,
        reject_on_worker_lost=True,
    )
    def run_stage(self: Task, doc_id: str, retrying_since: float | None = None) -> str:
        # The next stage gets the document at the priority this one got it
        # (a reprocessed document stays behind uploads at every stage).
        priority = (self.request.delivery_info or {}).get("priority")

        def enqueue(next_id: str, stage_name: str) -> None:
            send_next(next_id, stage_name, priority)

        try:
            return process(loader(), doc_id, store=_store(), enqueue=enqueue, publish=publish_event)
        except TRANSIENT_ERRORS as exc:
            return task_retry.retry_or_leave(self, doc_id, name, exc, retrying_since)

    return run_stage
