"""The API's request metrics, recorded by prometheus-fastapi-instrumentator's
middleware into docpipe's own families (services/api/metrics.py): the names
and labels the README and dashboards use, the route template as the label,
and a streamed response (SSE) counted once, with its status."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from services.api.metrics import LATENCY, REQUESTS, MetricsMiddleware

# The request families alone (the process registry would also scrape Redis).
REGISTRY = CollectorRegistry()
REGISTRY.register(REQUESTS)
REGISTRY.register(LATENCY)


def _app(prefix: str) -> FastAPI:
    app = FastAPI()
    app.add_middleware(MetricsMiddleware)

    @app.get(prefix + "/items/{item_id}")
    def item(item_id: str) -> dict[str, str]:
        return {"id": item_id}

    @app.get(prefix + "/stream")
    def stream() -> StreamingResponse:
        def chunks() -> Iterator[str]:
            for i in range(3):
                yield f"id: {i}\ndata: x\n\n"

        return StreamingResponse(chunks(), media_type="text/event-stream")

    return app


def _count(method: str, route: str, status: str) -> float:
    return (
        REGISTRY.get_sample_value("docpipe_http_requests_total", {"method": method, "route": route, "status": status})
        or 0.0
    )


def test_requests_are_counted_by_route_template_and_exact_status() -> None:
    prefix = f"/t{uuid.uuid4().hex[:8]}"  # the registry is the process's: labels of this test's own
    client = TestClient(_app(prefix))
    for item_id in ("a", "b", "c"):
        assert client.get(f"{prefix}/items/{item_id}").status_code == 200
    assert client.post(f"{prefix}/items/a").status_code == 405
    assert client.get(f"{prefix}/stream").text.count("data: x") == 3

    template = prefix + "/items/{item_id}"
    assert _count("GET", template, "200") == 3  # one label for every id, not one per path
    assert _count("POST", template, "405") == 1  # status codes are not grouped (405, not 4xx)
    assert _count("GET", prefix + "/stream", "200") == 1  # the stream once, when it ends
    latency = REGISTRY.get_sample_value("docpipe_http_request_seconds_count", {"method": "GET", "route": template})
    assert latency == 3


def test_a_path_no_route_matches_gets_one_label() -> None:
    client = TestClient(_app(f"/t{uuid.uuid4().hex[:8]}"))
    before = _count("GET", "none", "404")
    for _ in range(2):
        assert client.get(f"/nothing-{uuid.uuid4().hex}").status_code == 404
    assert _count("GET", "none", "404") == before + 2


def test_the_families_keep_their_names_and_labels() -> None:
    assert REQUESTS._name == "docpipe_http_requests"  # exposed with _total
    assert REQUESTS._labelnames == ("method", "route", "status")
    assert LATENCY._name == "docpipe_http_request_seconds"
    assert LATENCY._labelnames == ("method", "route")
