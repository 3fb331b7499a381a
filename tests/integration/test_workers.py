"""Documents through the real workers: three queues in sequence, idempotent
redelivery, the event on the stream."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from celery import Celery

from docpipe.celery_app import task_name
from docpipe.versions import build_version, stage_versions

STAGES = ("segment", "extract", "normalize")
Stack = Any

pytestmark = pytest.mark.integration


def _unique(text: str) -> str:
    return f"{text}（编号{uuid.uuid4().hex[:8]}）"


def test_document_flows_through_all_three_queues_to_processed(stack: Stack) -> None:
    text = _unique("苏州工业园区2023年实现地区生产总值3686亿元，同比增长5.6%。")
    accepted = stack.post(text, title="园区经济", published_at="2024-01-20")
    body = stack.wait_status(accepted["id"])

    assert body["status"] == "processed"
    assert body["stages"] == stage_versions() and body["pipeline_version"] == build_version()
    assert set(STAGES) <= set(body["timings_ms"])
    doc = body["document"]
    assert doc["clean_text"] and doc["sentences"] and doc["title"] == "园区经济"
    # Each stage ran in its own worker process and logged the document id.
    for stage in STAGES:
        stack.wait_log(f"worker-{stage}", f"{stage} {accepted['id']}: done")

    events = stack.events_for(accepted["id"])
    assert [e["type"] for _, e in events] == ["docpipe.document.processed"]
    assert events[0][1]["dataref"].endswith(f"/documents/{accepted['id']}")


def test_a_document_delivered_twice_is_processed_once(stack: Stack) -> None:
    doc_id = stack.post(_unique("烟台市生物医药产业规模达到1352亿元。"))["id"]
    first = stack.wait_status(doc_id)
    assert first["status"] == "processed"

    sender = Celery("test-sender", broker=stack.redis_url)
    try:
        for stage in STAGES:  # every stage's message delivered again
            sender.send_task(task_name(stage), args=[doc_id], queue=stage, routing_key=stage)
    finally:
        sender.close()

    for stage in STAGES:
        log = stack.wait_log(f"worker-{stage}", f"{stage} {doc_id}: already done")
        assert log.count(f"{stage} {doc_id}: done in") == 1
    # The redelivered final stage publishes again (a lost publish is never
    # final), with the same event id, which the stream keeps once.
    events = stack.events_for(doc_id)
    assert len(events) == 1 and events[0][1]["type"] == "docpipe.document.processed"

    again = stack.wait_status(doc_id)
    assert again["timings_ms"] == first["timings_ms"]
    assert again["updated_at"] == first["updated_at"]


def test_the_same_text_posted_concurrently_is_accepted_once(stack: Stack) -> None:
    from concurrent.futures import ThreadPoolExecutor

    text = _unique("江苏省南京市江北新区集成电路产业规模突破500亿元。")

    def post(_: int) -> dict:
        with stack.client() as c:
            r = c.post("/documents", json={"text": text})
        assert r.status_code == 202
        return r.json()

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(post, range(6)))
    assert len({r["id"] for r in results}) == 1
    assert sum(r["created"] for r in results) == 1
    doc_id = results[0]["id"]
    stack.wait_status(doc_id)
    assert stack.log("worker-segment").count(f"segment {doc_id}: done in") == 1


def test_events_cli_replays_and_consumes_as_a_group(stack: Stack) -> None:
    import os
    import subprocess
    import sys

    import orjson

    doc_id = stack.post(_unique("长沙市工程机械产业集群产值突破2000亿元。"))["id"]
    stack.wait_status(doc_id)
    env = {**os.environ, "REDIS_URL": stack.redis_url}

    def events(*args: str) -> list[dict]:
        out = subprocess.run(
            [sys.executable, "-m", "docpipe.cli", "events", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        return [orjson.loads(line) for line in out.splitlines()]

    replay = events("--from", "0")
    assert doc_id in {row["event"]["subject"] for row in replay}
    assert all(row["stream_id"] and row["event"]["specversion"] == "1.0" for row in replay)

    group = f"g{uuid.uuid4().hex[:6]}"
    first = events("--group", group, "--consumer", "c1")
    assert {row["stream_id"] for row in replay} <= {row["stream_id"] for row in first}
    assert events("--group", group, "--consumer", "c1") == []  # acknowledged: nothing again
