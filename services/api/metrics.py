"""Prometheus metrics of the API process (served at GET /metrics)."""
from __future__ import annotations

import time
from typing import Any

from prometheus_client import Counter, Histogram

REQUESTS = Counter("docpipe_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "docpipe_http_request_seconds",
    "HTTP request latency (to the response start)",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
DOCUMENTS_ACCEPTED = Counter(
    "docpipe_documents_accepted_total", "Documents accepted", ["result"]  # created | duplicate
)
SWEEP_REQUEUED = Counter("docpipe_sweep_requeued_total", "Stuck documents the sweep re-enqueued")

class MetricsMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware: it would buffer the SSE stream)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500}

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                route = scope.get("route")
                path = getattr(route, "path", "unmatched")
                LATENCY.labels(scope["method"], path).observe(time.perf_counter() - start)
                REQUESTS.labels(scope["method"], path, str(status["code"])).inc()
            await send(message)

        await self.app(scope, receive, send_wrapper)
