"""How a stage task retries a store or broker that does not answer.

Bounded by time, not by a count: a task is retried while less than
``DOCPIPE_WORKER_RETRY_FOR_S`` has passed since its first failure (carried
from one retry to the next as the task's ``retrying_since`` keyword), with
an exponential backoff capped at ``DOCPIPE_WORKER_RETRY_BACKOFF_MAX_S``.
A count does not say how long an outage it covers: each try against a
stopped MongoDB waits its server-selection timeout (5 s) and a worker runs
one try at a time, so five retries covered from about 25 s (one document in
flight) to minutes (several in turn).

After that the task stops and leaves the document where it is (its status
says which stage it waits for); the sweep re-enqueues it once the store
answers (the document is then idle longer than ``stuck_after_s``). It is not
marked failed: the store that would hold that status is the one that does
not answer, and nothing is wrong with the document. Every retry is a WARNING
and the stop an ERROR naming the document and stage, each counted in
``/metrics`` (``docpipe.store_waits``).
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from celery.exceptions import Reject

from . import settings, store_waits

log = logging.getLogger("docpipe.tasks")

SINCE = "retrying_since"  # the task keyword carrying the first failure's time (epoch seconds)


def backoff_s(retries: int, cap_s: float) -> float:
    """The wait before retry ``retries`` (0 first): 1, 2, 4 … s capped at
    ``cap_s``, each between half and all of it, so that the documents that
    failed together do not all come back at the same instant."""
    full = min(float(cap_s), 2.0 ** min(retries, 32))
    return random.uniform(full / 2, full)


def retry_or_leave(task: Any, doc_id: str, stage: str, exc: BaseException, since: float | None) -> str:
    """Schedule the task again (raises Celery's ``Retry``) or, past the
    time bound, stop and return ``left`` (the message is acknowledged)."""
    w = settings.worker()
    now = time.time()
    first = since if since is not None else now
    retries = int(task.request.retries or 0)
    if now - first >= w.retry_for_s:
        log.error(
            "document %s (stage %s): the store or broker has not answered for %.0f s (%d tries; last: %s: %s); "
            "left in its status for the sweep, which re-enqueues it once the store answers",
            doc_id,
            stage,
            now - first,
            retries + 1,
            type(exc).__name__,
            exc,
        )
        store_waits.count("gave_up")
        return "left"
    delay = backoff_s(retries, w.retry_backoff_max_s)
    log.warning(
        "document %s (stage %s): %s: %s; retry %d in %.1f s (retrying for %.0f of %.0f s)",
        doc_id,
        stage,
        type(exc).__name__,
        exc,
        retries + 1,
        delay,
        now - first,
        w.retry_for_s,
    )
    store_waits.count("retried")
    for wait in (*BROKER_WAITS_S, None):
        try:
            raise task.retry(exc=exc, countdown=delay, max_retries=None, kwargs={SINCE: first})
        except Reject as rejected:
            # Celery publishes the retry to the broker, and when it cannot
            # (Redis, the broker, is down) it rejects the message without
            # requeueing it: the document would wait for the sweep (minutes).
            # The message is still ours, in flight: wait for the broker here
            # and publish the retry again (a worker killed meanwhile leaves it
            # unacked, and it is redelivered).
            if wait is None:
                log.error(
                    "document %s (stage %s): the broker did not take the retry for %.0f s (%s); "
                    "left in its status for the sweep",
                    doc_id,
                    stage,
                    sum(BROKER_WAITS_S),
                    rejected.reason,
                )
                raise
            log.warning(
                "document %s (stage %s): the broker did not take the retry (%s); again in %.1f s",
                doc_id,
                stage,
                rejected.reason,
                wait,
            )
            time.sleep(wait)
    raise AssertionError("unreachable: the last wait re-raises")


# Waits between attempts to hand a message to the broker while Redis is
# unreachable (a task's retry, a final event): about 60 s in all, which covers
# the supervisor restarting an embedded Redis and stays well inside the
# task's soft time limit.
BROKER_WAITS_S: tuple[float, ...] = (0.5, 1, 2, 4, 8, 15, 30)
