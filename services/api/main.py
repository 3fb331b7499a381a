"""The upload API: ``create_app()`` (``uvicorn --factory services.api.main:create_app``
or ``docpipe api``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline

from docpipe import logs, settings
from docpipe.pipeline import PIPELINE_VERSION

from . import access, problems, schemas
from .deps import Backbone
from .fanout import StreamFanout
from .limits import BodyLimitMiddleware
from .metrics import MetricsMiddleware
from .request_id import RequestIdMiddleware
from .routes import (
    corrections,
    documents,
    entities,
    events,
    facts,
    health,
    reprocess,
    ui,
    ui_corrections,
    ui_entities,
    ui_facts,
    ui_webhooks,
    webhooks,
)
from .sweep import sweep_forever

log = logging.getLogger("docpipe.api")


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    backbone = await asyncio.to_thread(Backbone.open)
    app.state.backbone = backbone
    await asyncio.to_thread(access.check_start, settings.api().host, backbone.store)
    app.state.fanout = fanout = StreamFanout.from_settings()
    sweeper = asyncio.create_task(sweep_forever(backbone)) if backbone.api.sweep_every_s > 0 else None
    try:
        yield
    finally:
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
        await fanout.aclose()
        await backbone.aclose()


def create_app() -> FastAPI:
    logs.configure(service=True)  # JSON lines unless DOCPIPE_LOG_FORMAT=text (uvicorn's loggers too)
    # fastapi-offline serves Swagger UI and ReDoc from assets in its wheel:
    # /docs and /redoc render with no network (FastAPI's own pages load a CDN).
    app = FastAPIOffline(
        title="docpipe",
        version=PIPELINE_VERSION,
        summary="Event-driven processing of Chinese economic news: submit articles, read entities and metrics.",
        lifespan=lifespan,
        # Keys, scopes, rate limits and admission for every route (access.py).
        dependencies=[Depends(access.guard)],
    )
    problems.install(app)
    access.install(app, settings.api().host)  # Host allow-list, CORS when configured
    app.add_middleware(BodyLimitMiddleware)  # bodies cut off at their limit while they arrive (limits.py)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(RequestIdMiddleware)  # added last: outermost, so every response has the id
    app.include_router(documents.router)
    app.include_router(facts.router)
    app.include_router(entities.router)
    app.include_router(events.router)
    app.include_router(health.router)
    app.include_router(ui.router)  # the HTML pages under /ui (not in the OpenAPI document)
    app.include_router(webhooks.router)
    app.include_router(corrections.router)
    app.include_router(reprocess.router)
    app.include_router(ui_webhooks.router)
    app.include_router(ui_corrections.router)
    app.include_router(ui_entities.router)  # issue #13: entity pages, the facts table and its chart
    app.include_router(ui_facts.router)
    # Problem responses as problem+json (not FastAPI's HTTPValidationError),
    # and the models only the routes' openapi_extra names.
    schemas.install_openapi(app)
    return app
