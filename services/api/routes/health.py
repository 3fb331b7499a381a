"""Liveness, readiness, metrics and the problem table."""
from __future__ import annotations

import asyncio

from fastapi import APIRouter
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.responses import JSONResponse, Response

from ..deps import BackboneDep
from ..problems import PROBLEMS, NotReady, RouteNotFound

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Redis and the store answer")
async def readyz(backbone: BackboneDep) -> Response:
    def check() -> dict[str, bool]:
        result = {}
        try:
            result["redis"] = bool(backbone.redis.ping())
        except Exception:  # noqa: BLE001 - any failure means not ready
            result["redis"] = False
        try:
            result["store"] = bool(backbone.store.ping())
        except Exception:  # noqa: BLE001
            result["store"] = False
        return result

    checks = await asyncio.to_thread(check)
    if all(checks.values()):
        return JSONResponse({"status": "ready", "checks": checks})
    down = ", ".join(k for k, ok in checks.items() if not ok)
    raise NotReady(f"unreachable: {down}", checks=checks)


@router.get("/metrics", summary="Prometheus metrics")
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@router.get("/problems", summary="Every error code the API returns")
async def problems() -> dict[str, dict]:
    return {code: {"status": s, "title": t} for code, (s, t) in PROBLEMS.items()}


@router.get("/problems/{code}", summary="One error code (the `type` of a problem)")
async def problem(code: str) -> dict:
    if code not in PROBLEMS:
        raise RouteNotFound(f"no problem code {code!r}")
    status, title = PROBLEMS[code]
    return {"code": code, "status": status, "title": title}
