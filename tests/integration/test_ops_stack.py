"""Operations basics against the running stack: X-Request-ID echoed on every
response and carried into the workers' JSON log lines of that document;
/metrics with processed counts, queue depth per stage and the docs' routes
under their own label; no article text in any log."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

import pytest
from conftest import STAGES, Stack
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.integration


def _unique(text: str) -> str:
    return f"{text}（编号{uuid.uuid4().hex[:8]}）"


def _json_lines(stack: Stack, name: str) -> list[dict[str, Any]]:
    out = []
    for line in stack.log(name).splitlines():
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


def _wait_json_line(stack: Stack, name: str, **fields: str) -> dict[str, Any]:
    """The first JSON log line of ``name`` with ``fields``, once it is written.
    No clock: the wait ends with the line or with the process that would
    write it (logs trail the store; pytest-timeout bounds the whole test)."""
    proc = stack.procs[name]
    while True:
        for line in _json_lines(stack, name):
            if all(line.get(k) == v for k, v in fields.items()):
                return line
        assert proc.poll() is None, f"{name} exited ({proc.returncode}) with no log line with {fields}"
        time.sleep(0.1)


def _metrics(stack: Stack) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with stack.client() as c:
        text = c.get("/metrics").text
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_the_request_id_is_echoed_and_reaches_every_stage_s_log_lines(stack: Stack) -> None:
    rid = f"test-{uuid.uuid4().hex}"
    text = _unique("合肥市前三季度新能源汽车产量增长35%。")
    with stack.client() as c:
        r = c.post("/documents", json={"text": text}, headers={"X-Request-ID": rid})
        assert r.status_code == 202 and r.headers["x-request-id"] == rid
        doc_id = r.json()["id"]
        assert stack.wait_status(doc_id)["status"] == "processed"
        for stage in STAGES:
            line = _wait_json_line(stack, f"worker-{stage}", request_id=rid, document_id=doc_id, stage=stage)
            assert {"time", "level", "logger", "message"} <= set(line)
        # The API's own lines about the document carry it too (a re-submission logs one).
        again = c.post("/documents", json={"text": text, "title": "新标题"}, headers={"X-Request-ID": rid + "-2"})
        assert again.headers["x-request-id"] == rid + "-2" and again.json()["updated"] == ["title"]
        line = _wait_json_line(stack, "api", request_id=rid + "-2", document_id=doc_id)
        assert line["logger"] == "docpipe.api" and line["level"] == "INFO"
    # Never the article text, in any log.
    for name in ("api", *(f"worker-{s}" for s in STAGES)):
        assert text not in stack.log(name) and "新能源汽车产量" not in stack.log(name)


def test_every_response_has_a_request_id_problems_included(stack: Stack) -> None:
    with stack.client() as c:
        made = c.get("/healthz")
        assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
        missing = c.get("/documents/" + "0" * 32, headers={"X-Request-ID": "abc-404"})
        assert missing.status_code == 404 and missing.headers["x-request-id"] == "abc-404"
        assert missing.headers["content-type"].startswith("application/problem+json")
        invalid = c.post(
            "/documents", content=b"{", headers={"content-type": "application/json", "X-Request-ID": "abc-422"}
        )
        assert invalid.status_code == 422 and invalid.headers["x-request-id"] == "abc-422"
        # Not an id worth echoing (spaces, too long): a new one instead.
        odd = c.get("/healthz", headers={"X-Request-ID": "not ok " + "x" * 200})
        assert re.fullmatch(r"[0-9a-f]{32}", odd.headers["x-request-id"])


def test_metrics_count_processed_documents_and_show_queue_depth_and_docs_routes(stack: Stack) -> None:
    before = _metrics(stack).get(("docpipe_documents_processed_total", ()), 0.0)
    doc_id = stack.post(_unique("宁波舟山港集装箱吞吐量增长7%。"))["id"]
    assert stack.wait_status(doc_id)["status"] == "processed"
    stack.events_for(doc_id)
    with stack.client() as c:
        for path in ("/openapi.json", "/docs", "/redoc"):
            assert c.get(path).status_code == 200
    samples = _metrics(stack)
    assert samples[("docpipe_documents_processed_total", ())] >= before + 1
    depth = {dict(labels)["stage"] for (name, labels) in samples if name == "docpipe_queue_depth"}
    assert depth == set(STAGES)
    routes = {dict(labels)["route"] for (name, labels) in samples if name == "docpipe_http_requests_total"}
    assert {"/openapi.json", "/docs", "/redoc"} <= routes
