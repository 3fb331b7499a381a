"""Typed dependencies: what a route needs, resolved per request from the
process-wide ``Backbone`` the app's lifespan opens."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

import redis
from fastapi import Depends, Request

from docpipe import settings
from docpipe.settings import ApiSettings
from docpipe.store.base import Store


class UnsentQueue:
    """Sends the broker refused, in order, each once (thread-safe: routes run
    in a thread pool, the sweep in another thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[tuple[str, str], None] = {}

    def add(self, doc_id: str, stage: str) -> None:
        with self._lock:
            self._items[(doc_id, stage)] = None

    def take(self) -> list[tuple[str, str]]:
        with self._lock:
            items, self._items = list(self._items), {}
        return items

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


@dataclass
class Backbone:
    """What the API talks to: the store, Redis (enqueue, locks, readiness) and
    the enqueue function (the Celery sender). The SSE stream has its own
    reader (``fanout.StreamFanout``)."""

    store: Store
    redis: redis.Redis
    enqueue: Callable[[str, str], None]
    api: ApiSettings = field(default_factory=settings.api)
    # Reprocessing's sends: behind every upload at every stage (a lower
    # message priority, ``celery_app.REPROCESS_PRIORITY``); None: ``enqueue``.
    enqueue_reprocess: Callable[[str, str], None] | None = None
    # (document id, stage) stored but not enqueued because the broker did not
    # answer: sent again by the sweep's next round once it does (seconds, not
    # the stuck-after age); a document of an API process that dies meanwhile
    # is still found by the stuck sweep. Only this process's own submissions.
    unsent: UnsentQueue = field(default_factory=lambda: UnsentQueue())

    @classmethod
    def open(cls) -> Backbone:
        from docpipe.celery_app import REPROCESS_PRIORITY, enqueue
        from docpipe.store import get_store

        url = settings.redis().url
        store = get_store()
        store.ensure_indexes()
        return cls(
            store=store,
            redis=redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2),
            enqueue=lambda doc_id, stage: enqueue(doc_id, stage),
            enqueue_reprocess=lambda doc_id, stage: enqueue(doc_id, stage, priority=REPROCESS_PRIORITY),
        )

    async def aclose(self) -> None:
        self.redis.close()


def get_backbone(request: Request) -> Backbone:
    return request.app.state.backbone


BackboneDep = Annotated[Backbone, Depends(get_backbone)]


def get_store(backbone: BackboneDep) -> Store:
    return backbone.store


def get_api_settings(backbone: BackboneDep) -> ApiSettings:
    return backbone.api


def get_redis(backbone: BackboneDep) -> redis.Redis:
    return backbone.redis


def get_enqueue(backbone: BackboneDep) -> Callable[[str, str], None]:
    return backbone.enqueue


StoreDep = Annotated[Store, Depends(get_store)]
ApiSettingsDep = Annotated[ApiSettings, Depends(get_api_settings)]
RedisDep = Annotated[redis.Redis, Depends(get_redis)]
EnqueueDep = Annotated[Callable[[str, str], None], Depends(get_enqueue)]
Json = dict[str, Any]
