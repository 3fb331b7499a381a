"""The one Celery factory: every reliability setting for every worker and sender.

Messages carry a document id only (the document itself lives in the store), so
the broker hop costs a few hundred bytes whatever the document's size. The
settings, and why:

- JSON through orjson (``ensure_ascii`` off, and several times faster than the
  stdlib encoder Celery uses by default): ARCHITECTURE.md measured Celery's
  default JSON escaping every Chinese character.
- ``acks_late`` + ``task_reject_on_worker_lost``: a message is acknowledged
  only after its task returns, and a worker process that dies mid-task puts
  its message back on the queue instead of losing it.
- prefetch 1: a worker never sits on messages another worker could run.
- time limits from ``settings.worker()``; transient errors (store or broker
  unreachable) retry with exponential backoff and jitter, capped below the
  Redis visibility timeout so a retried message is never redelivered as
  well.
- the Redis visibility timeout is set from those limits (``visibility_timeout_s``:
  the hard time limit + the retry backoff cap + 30 s, 240 s by default) and
  the workers look for expired messages every 10 s: a worker whose main
  process dies mid-task (SIGKILL, OOM) leaves its message unacknowledged, and
  it is delivered again about that long after it was taken, not after
  kombu's default hour. A live task is acknowledged by then (the hard limit
  ends it); a retry waiting its countdown behind a long task can pass it and
  run twice, which the stages' idempotence makes harmless.
- one queue per declared stage (``pipeline.toml``: ``segment``, ``extract``,
  ``normalize``), routed by task name; no result backend at all (nothing reads task results: the store
  is the result). With a Redis backend configured, every ``send_task`` also
  SUBSCRIBEd to a result channel and later UNSUBSCRIBEd, two extra round
  trips per hop on the message path.
- worker task events (``worker_send_task_events``, what Flower shows per
  task) follow ``DOCPIPE_WORKER_TASK_EVENTS``: on when Flower watches (see
  ``settings.WorkerSettings.task_events``), off otherwise. The client-side
  ``task-sent`` event is always off: it cost a second publish and a new event
  dispatcher on every send (0.55 -> 0.28 ms per ``send_task`` with the
  backend also gone, measured standalone), and Flower needs it only to show
  a ``SENT`` state.
- message priorities (kombu's Redis transport: one list per priority step,
  ``<queue>\\x06\\x16<priority>``, and a worker's BRPOP names the lists
  highest priority first, so it always takes the oldest message of the
  highest priority waiting): uploads are sent at ``UPLOAD_PRIORITY``,
  reprocessed documents at ``REPROCESS_PRIORITY``, and a worker hands a
  document to the next stage at the priority it received it with, so at every
  stage a new upload is taken before any reprocessing waiting there.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from celery import Celery
from kombu.serialization import register

from . import settings
from .declaration import DECLARED
from .pipeline import STAGE_NAMES, queue_of

log = logging.getLogger(__name__)

QUEUES: tuple[str, ...] = tuple(s.queue for s in DECLARED.stages)
SERIALIZER = "orjson"
# The Redis transport redelivers a message unacknowledged for longer than
# the visibility timeout: the task time limit and a retry's longest
# countdown, plus this margin (see the module docstring).
VISIBILITY_MARGIN_S = 30
# How often (s) a worker looks for expired unacknowledged messages: kombu
# scans every unacked_restore_interval x unacked_restore_throttle seconds.
UNACKED_RESTORE_EVERY_S = 10
# On Redis 0 is the highest priority (and a message sent without one gets 0).
UPLOAD_PRIORITY = 0
REPROCESS_PRIORITY = 9
PRIORITY_STEPS: tuple[int, ...] = (UPLOAD_PRIORITY, REPROCESS_PRIORITY)


def task_name(stage: str) -> str:
    return f"docpipe.{stage}"


def _dumps(obj: Any) -> str:
    return orjson.dumps(obj).decode("utf-8")


# Content type stays application/json: what orjson writes is plain JSON, so
# any other Celery client (Flower, `celery inspect`) reads our messages and
# control replies with its stock decoder.
register(
    SERIALIZER,
    _dumps,
    orjson.loads,
    content_type="application/json",
    content_encoding="utf-8",
)


def visibility_timeout_s(w: settings.WorkerSettings) -> int:
    """How long a message may stay unacknowledged before Redis delivers it
    again: longer than any live task holds one (its hard time limit, after
    a retry's longest countdown), and not much longer."""
    return int(w.time_limit_s + w.retry_backoff_max_s + VISIBILITY_MARGIN_S)


def celery_config() -> dict[str, Any]:
    """The settings every docpipe Celery app gets (pure: read by tests)."""
    w = settings.worker()
    url = settings.redis().url
    return {
        "broker_url": url,
        "result_backend": None,
        "task_ignore_result": True,
        "task_serializer": SERIALIZER,
        "result_serializer": SERIALIZER,
        "accept_content": [SERIALIZER, "json"],
        "event_serializer": "json",
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "worker_prefetch_multiplier": 1,
        "worker_concurrency": w.concurrency,
        "task_soft_time_limit": w.soft_time_limit_s,
        "task_time_limit": w.time_limit_s,
        "task_routes": {task_name(s.name): {"queue": s.queue, "routing_key": s.queue} for s in DECLARED.stages},
        "task_default_queue": QUEUES[0],
        "task_create_missing_queues": True,
        "broker_transport_options": {
            "visibility_timeout": visibility_timeout_s(w),
            "unacked_restore_interval": UNACKED_RESTORE_EVERY_S,
            "unacked_restore_throttle": 1,
            "priority_steps": list(PRIORITY_STEPS),
        },
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,
        "broker_heartbeat": 0,
        # A send to an unreachable broker gives up quickly: the API has already
        # stored the document and the sweep re-enqueues it later.
        "task_publish_retry_policy": {
            "max_retries": 2,
            "interval_start": 0.0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
        "worker_send_task_events": w.task_events,
        "task_send_sent_event": False,
        "worker_hijack_root_logger": False,
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "broker_channel_error_retry": True,
        "timezone": "UTC",
        "enable_utc": True,
    }


def make_celery(name: str) -> Celery:
    """A Celery app with docpipe's settings; a stage worker's task is
    registered by ``docpipe.worker``."""
    app = Celery(name, set_as_current=False)
    app.conf.update(celery_config())
    return app


_sender: Celery | None = None


def sender() -> Celery:
    """The app used to enqueue by task name from processes that do not run
    the stage (the API, the sweep, the CLI); built on first use."""
    global _sender
    if _sender is None:
        _sender = make_celery("docpipe-sender")
    return _sender


def queue_lists(queue: str) -> list[str]:
    """The Redis lists holding ``queue``'s messages, highest priority first
    (kombu's naming: the queue itself for priority 0)."""
    from kombu.transport.redis import Channel

    return [queue, *(f"{queue}{Channel.sep}{p}" for p in PRIORITY_STEPS if p)]


def enqueue(doc_id: str, stage: str = "segment", app: Celery | None = None, priority: int = UPLOAD_PRIORITY) -> None:
    """Put a document id on a stage's queue (by task name: no stage import)."""
    if stage not in STAGE_NAMES:
        raise ValueError(f"unknown stage {stage!r}")
    if priority not in PRIORITY_STEPS:
        raise ValueError(f"priority {priority} is not one of {PRIORITY_STEPS}")
    queue = queue_of(stage)
    (app or sender()).send_task(task_name(stage), args=[doc_id], queue=queue, routing_key=queue, priority=priority)
