"""Faults on a stack of its own (its own Redis, so restarting it disturbs no
other test): a worker process killed mid-task, a stage that fails, Redis
restarted with documents in flight or submitted while it is down."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docpipe.embedded import RedisServer, free_port

pytestmark = pytest.mark.integration
HERE = Path(__file__).resolve().parent


def _unique(text: str) -> str:
    return f"{text}（编号{uuid.uuid4().hex[:8]}）"


@pytest.fixture(scope="module")
def fault_stack(stack_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, RedisServer]]:
    server = RedisServer(port=free_port(), data_dir=tmp_path_factory.mktemp("fault-redis")).start()
    stack = stack_factory(
        server.url,
        tmp_path_factory.mktemp("fault-stack"),
        workers={"segment": "test_faults_app"},
        PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        DOCPIPE_API_SWEEP_EVERY_S="1",
        DOCPIPE_API_STUCK_AFTER_S="8",
        FAULT_SLEEP_S="2",
    )
    try:
        yield stack, server
    finally:
        stack.stop_all()
        server.stop()


def _pool_children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
        return [int(p) for p in fh.read().split()]


def test_a_worker_process_killed_mid_task_does_not_lose_the_document(fault_stack: Any) -> None:
    stack, _ = fault_stack
    doc_id = stack.post(_unique("【慢】重庆两江新区工业总产值增长8%。"))["id"]
    stack.wait_status(doc_id, ("segmenting",), timeout_s=30)
    children = _pool_children(stack.procs["worker-segment"].pid)
    assert len(children) == 1
    os.kill(children[0], signal.SIGKILL)  # the pool process running the task

    body = stack.wait_status(doc_id, timeout_s=60)
    assert body["status"] == "processed"
    log = stack.log("worker-segment")
    # Put back by task_reject_on_worker_lost (acks_late), not by the sweep.
    assert "SIGKILL" in log or "WorkerLostError" in log
    assert "sweep" not in stack.log("api")
    assert len(stack.events_for(doc_id)) == 1


def test_a_stage_error_fails_the_document_with_its_code_and_an_event(fault_stack: Any) -> None:
    stack, _ = fault_stack
    doc_id = stack.post(_unique("【坏】这篇文章无法处理。"))["id"]
    body = stack.wait_status(doc_id, timeout_s=30)
    assert body["status"] == "failed"
    assert body["error"]["code"] == "injected_failure" and body["error"]["stage"] == "segment"
    assert "the text asked for a failure" in body["error"]["message"]
    events = [e for _, e in stack.events_for(doc_id)]
    assert [e["type"] for e in events] == ["docpipe.document.failed"]


def test_redis_restart_loses_nothing(fault_stack: Any) -> None:
    stack, server = fault_stack
    before = stack.post(_unique("【慢】宁波舟山港货物吞吐量12.6亿吨。"))["id"]
    stack.wait_status(before, ("segmenting",), timeout_s=30)
    server.stop()  # in the middle of the segment task of `before`

    # Accepted means stored: the API takes documents while the broker is down.
    with stack.client() as c:
        r = c.post("/documents", json={"text": _unique("厦门市外贸进出口总额9200亿元。")})
    assert r.status_code == 202
    during = r.json()["id"]

    time.sleep(1)
    server.start()  # same port, same AOF
    after = stack.post(_unique("福州市数字经济规模突破6000亿元。"))["id"]
    for doc_id in (before, during, after):
        assert stack.wait_status(doc_id, timeout_s=120)["status"] == "processed", doc_id
