"""The sweep: re-enqueue documents stuck in a non-final status.

A message can be lost (broker down when the API enqueued, a worker dying
outside the redelivery path); the document is in the store all the same, so
this loop finds documents not updated for ``stuck_after_s`` and puts each on
the queue of its first unfinished stage, when that queue is empty. A Redis lock keeps API replicas from
sweeping at the same time.

Before that, each round sends again what this API process stored but could
not enqueue (``Backbone.unsent``: the broker was down when it was accepted),
so such a document waits for the broker, not for the stuck-after age.
"""

from __future__ import annotations

import asyncio
import logging

from docpipe.pipeline import STAGE_NAMES, queue_of
from docpipe.taskflow import first_pending

from . import metrics
from .deps import Backbone

log = logging.getLogger("docpipe.sweep")
LOCK = "docpipe:sweep:lock"


def _waiting(backbone: Backbone, queue: str) -> int:
    """Messages on ``queue``, every priority's list (a reprocessed document
    waiting behind uploads is waiting, not lost)."""
    from docpipe.celery_app import queue_lists

    return sum(int(backbone.redis.llen(name)) for name in queue_lists(queue))


def send_unsent(backbone: Backbone) -> list[str]:
    """Enqueue what the broker refused at submission; what it refuses again
    stays for the next round. Returns the ids sent."""
    sent = []
    pending = backbone.unsent.take()
    for i, (doc_id, stage) in enumerate(pending):
        try:
            backbone.enqueue(doc_id, stage)
        except Exception as exc:  # noqa: BLE001 - still down: keep the rest, in order
            for item in pending[i:]:
                backbone.unsent.add(*item)
            log.warning("sweep: %d stored documents still not enqueued (%s)", len(pending) - i, type(exc).__name__)
            break
        sent.append(doc_id)
        log.info("sweep: %s enqueued to %s now that the broker answers", doc_id, stage)
    return sent


def sweep_once(backbone: Backbone) -> list[str]:
    """One pass; returns the ids re-enqueued (none when another replica holds the lock)."""
    api = backbone.api
    lock = backbone.redis.lock(LOCK, timeout=max(api.sweep_every_s * 2, 30), blocking=False)
    if not lock.acquire(blocking=False):
        return []
    requeued = []
    try:
        stuck = backbone.store.stuck_documents(api.stuck_after_s)
        # A document idle behind a backlog is waiting, not lost: re-enqueue
        # only where its stage's queue is empty (running tasks are not in the
        # queue, and none runs longer than the time limit < stuck_after_s).
        # Without this rule a long backlog would get a duplicate of every
        # message each round.
        backlog = {stage: _waiting(backbone, queue_of(stage)) for stage in STAGE_NAMES} if stuck else {}
        for doc_id in stuck:
            doc = backbone.store.get_document(doc_id, fields=())  # status and stages only
            if doc is None or doc.status.final:
                continue
            stage = first_pending(doc) or "normalize"
            if backlog.get(stage):
                continue
            # Touch the document so the next pass gives this message time to run.
            backbone.store.set_status(doc_id, doc.status, only_from=frozenset({doc.status}))
            backbone.enqueue(doc_id, stage)
            requeued.append(doc_id)
            log.warning("sweep: %s stuck in %s; re-enqueued to %s", doc_id, doc.status, stage)
    finally:
        try:
            lock.release()
        except Exception:  # noqa: BLE001 - expired lock: another replica may sweep, harmless
            pass
    metrics.SWEEP_REQUEUED.inc(len(requeued))
    return requeued


async def sweep_forever(backbone: Backbone) -> None:
    while True:
        await asyncio.sleep(backbone.api.sweep_every_s)
        try:
            if backbone.unsent:
                await asyncio.to_thread(send_unsent, backbone)
            await asyncio.to_thread(sweep_once, backbone)
        except Exception as exc:  # noqa: BLE001 - Redis or store down: try again next round
            log.warning("sweep failed: %s", exc)
