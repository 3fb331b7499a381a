"""Liveness, readiness, metrics and the problem table.

``/readyz`` is ready when Redis and the store answer *and* every pipeline
stage's queue has a live consumer: a document accepted while a stage has none
would wait there. Consumers are what the workers answer to a Celery
``active_queues`` broadcast, asked at most every
``DOCPIPE_API_READY_INSPECT_EVERY_S`` (one ask waits
``DOCPIPE_API_READY_INSPECT_TIMEOUT_S`` for the replies), so ``/readyz`` stays
cheap. A worker that is down, or too busy to answer its control mailbox (a
``solo`` pool in a long task), counts as no consumer. Under ``docpipe run``
the body also shows the supervisor's children (restarts, last death), and a
stage whose worker the supervisor knows is not ready (dead, in its restart
backoff, starting) has no consumer at once, whatever the last answer said.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.responses import JSONResponse, Response

from docpipe import settings
from docpipe.pipeline import STAGE_NAMES
from docpipe.supervisor_state import read_state

from .. import openapi_examples as ex
from ..deps import BackboneDep
from ..problems import PROBLEMS, NotReady, RouteNotFound
from ..schemas import Health, ProblemCode, ProblemTable, PrometheusText, Readiness, ok, problem_responses

router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    response_model=Health,
    operation_id="get_health",
    summary="The process is alive",
    responses={**ok(200, ex.HEALTH), **problem_responses()},
)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


class StageConsumers:
    """How many live consumers each stage's queue has, from the workers'
    answers to ``active_queues``; asked again only when the last answer is
    older than ``every_s`` (concurrent callers share one ask)."""

    def __init__(self, timeout_s: float, every_s: float) -> None:
        from docpipe.celery_app import make_celery, task_name

        self.timeout_s, self.every_s = timeout_s, every_s
        self.app = make_celery("docpipe-readyz")
        # Stage -> queue from the one routing table (celery_app.celery_config).
        routes = self.app.conf.task_routes
        self.queues: dict[str, str] = {stage: routes[task_name(stage)]["queue"] for stage in STAGE_NAMES}
        self._lock = threading.Lock()
        self._asked_at = float("-inf")
        self._counts: dict[str, int] | None = None

    def counts(self) -> dict[str, int] | None:
        """Stage -> consumers; None when the broker could not be asked."""
        with self._lock:
            if time.monotonic() - self._asked_at >= self.every_s:
                self._counts = self._ask()
                self._asked_at = time.monotonic()
            return self._counts

    def _ask(self) -> dict[str, int] | None:
        try:
            replies = self.app.control.inspect(timeout=self.timeout_s).active_queues() or {}
        except Exception:  # noqa: BLE001 - broker unreachable: no consumer is known
            return None
        per_queue: Counter[str] = Counter()
        for queues in replies.values():
            for name in {q.get("name") for q in queues or []}:
                per_queue[name] += 1
        return {stage: per_queue[queue] for stage, queue in self.queues.items()}


_consumers: StageConsumers | None = None
_consumers_lock = threading.Lock()


def stage_consumers() -> StageConsumers:
    global _consumers
    with _consumers_lock:
        if _consumers is None:
            api = settings.api()
            _consumers = StageConsumers(api.ready_inspect_timeout_s, api.ready_inspect_every_s)
        return _consumers


def supervised_down(state: dict[str, Any], stages: Iterable[str]) -> list[str]:
    """The stages whose worker ``docpipe run``'s supervisor knows is not
    ready (dead, in its restart backoff, starting): not ready whatever the
    last ``active_queues`` answer said, which is up to
    ``ready_inspect_every_s`` old (a worker killed a moment ago still
    counted as a consumer there)."""
    children = state.get("children")
    if not isinstance(children, dict):
        return []
    return [
        stage
        for stage in stages
        if isinstance(child := children.get(f"worker-{stage}"), dict) and not child.get("ready")
    ]


@router.get(
    "/readyz",
    response_model=Readiness,
    operation_id="get_readiness",
    summary="Redis and the store answer; every stage has a live consumer",
    responses={**ok(200, ex.READINESS), **problem_responses(NotReady)},
)
async def readyz(backbone: BackboneDep) -> Response:
    def check() -> tuple[dict[str, bool], dict[str, Any]]:
        result = {}
        try:
            result["redis"] = bool(backbone.redis.ping())
        except Exception:  # noqa: BLE001 - any failure means not ready
            result["redis"] = False
        try:
            result["store"] = bool(backbone.store.ping())
        except Exception:  # noqa: BLE001
            result["store"] = False
        watch = stage_consumers()
        counts = watch.counts() if result["redis"] else None
        stages = {}
        for stage, queue in watch.queues.items():
            n = counts.get(stage) if counts is not None else None
            result[stage] = bool(n)
            stages[stage] = {"queue": queue, "consumers": n}
        extra: dict[str, Any] = {"stages": stages}
        state = read_state()
        if state is not None:
            extra["supervisor"] = {"pid": state.get("supervisor_pid"), "children": state.get("children", {})}
            for stage in supervised_down(state, watch.queues):
                result[stage] = False
                stages[stage]["consumers"] = 0  # its worker is dead or not ready yet
        return result, extra

    checks, extra = await asyncio.to_thread(check)
    if all(checks.values()):
        return JSONResponse({"status": "ready", "checks": checks, **extra})
    problems = []
    down = [k for k in ("redis", "store") if not checks[k]]
    if down:
        problems.append(f"unreachable: {', '.join(down)}")
    idle = [stage for stage in extra["stages"] if not checks[stage]]
    if idle:
        problems.append(f"no live consumer for stage {', '.join(idle)}")
    raise NotReady("; ".join(problems), checks=checks, **extra)


@router.get(
    "/metrics",
    response_class=PrometheusText,
    operation_id="get_metrics",
    summary="Prometheus metrics",
    responses={
        **ok(
            200, ex.METRICS_TEXT, media_type=PrometheusText.media_type, description="Prometheus text exposition format"
        ),
        **problem_responses(),
    },
)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/problems",
    response_model=ProblemTable,
    operation_id="list_problems",
    summary="Every error code the API returns",
    responses={
        **ok(200, {code: {"status": s, "title": t} for code, (s, t) in PROBLEMS.items()}),
        **problem_responses(),
    },
)
async def problems() -> dict[str, dict]:
    return {code: {"status": s, "title": t} for code, (s, t) in PROBLEMS.items()}


@router.get(
    "/problems/{code}",
    response_model=ProblemCode,
    operation_id="get_problem",
    summary="One error code (the `type` of a problem)",
    responses={
        **ok(200, {"code": "document_not_found", "status": 404, "title": PROBLEMS["document_not_found"][1]}),
        **problem_responses(RouteNotFound),
    },
)
async def problem(code: str) -> dict:
    if code not in PROBLEMS:
        raise RouteNotFound(f"no problem code {code!r}")
    status, title = PROBLEMS[code]
    return {"code": code, "status": status, "title": title}
