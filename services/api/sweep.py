"""The sweep: re-enqueue documents stuck in a non-final status.

A message can be lost (broker down when the API enqueued, a worker dying
outside the redelivery path); the document is in the store all the same, so
this loop finds documents not updated for ``stuck_after_s`` and puts each on
the queue of its first unfinished stage. A Redis lock keeps API replicas from
sweeping at the same time.
"""
from __future__ import annotations

import asyncio
import logging

from docpipe.taskflow import first_pending

from . import metrics
from .deps import Backbone

log = logging.getLogger("docpipe.sweep")
LOCK = "docpipe:sweep:lock"


def sweep_once(backbone: Backbone) -> list[str]:
    """One pass; returns the ids re-enqueued (none when another replica holds the lock)."""
    api = backbone.api
    lock = backbone.redis.lock(LOCK, timeout=max(api.sweep_every_s * 2, 30), blocking=False)
    if not lock.acquire(blocking=False):
        return []
    requeued = []
    try:
        for doc_id in backbone.store.stuck_documents(api.stuck_after_s):
            doc = backbone.store.get_document(doc_id)
            if doc is None or doc.status.final:
                continue
            stage = first_pending(doc) or "normalize"
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
            await asyncio.to_thread(sweep_once, backbone)
        except Exception as exc:  # noqa: BLE001 - Redis or store down: try again next round
            log.warning("sweep failed: %s", exc)
