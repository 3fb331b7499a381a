"""Uploads go before reprocessing at every stage (issue #12), counted in
order, not timed: with every worker stopped, a reprocessing job puts N stored
documents on the first stage's queue, then one new document is uploaded. Each
stage's worker is started in turn once the previous stage has run all N + 1;
each one runs the upload first of the N + 1 (without message priorities it
would run it last: the queues are FIFO), and the upload's processed event is
the first of the N + 1 new ones on the stream."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import Stack, make_stack, start_stack, with_db

from docpipe import settings
from docpipe.celery_app import queue_lists
from docpipe.pipeline import STAGE_NAMES, queue_of

pytestmark = pytest.mark.integration

N = 6
TEXT = "苏州工业园区2023年实现地区生产总值3686亿元，同比增长5.6%。"


def _runs(stack: Stack, stage: str, offset: int) -> list[str]:
    """The ids ``stage``'s worker ran, in order, in its log after ``offset``."""
    log = stack.log(f"worker-{stage}")[offset:]
    return re.findall(rf"{stage} (\S+): done in", log)


def _wait_runs(stack: Stack, stage: str, offset: int, n: int, timeout_s: float = 120.0) -> list[str]:
    deadline = time.monotonic() + timeout_s
    while len(runs := _runs(stack, stage, offset)) < n and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(runs) >= n, f"{stage} ran {len(runs)} of {n}"
    return runs


def _waiting(r: Any, stage: str) -> list[int]:
    """Messages on each of ``stage``'s lists, highest priority first."""
    return [int(r.llen(name)) for name in queue_lists(queue_of(stage))]


def test_an_upload_is_taken_before_waiting_reprocessing_at_every_stage(redis_server: Any, tmp_path: Path) -> None:
    stack = start_stack(make_stack(with_db(redis_server.url, 12), tmp_path / "stack"))
    r = stack.redis()
    try:
        stored = [stack.post(f"{TEXT}（编号{uuid.uuid4().hex[:8]}）")["id"] for _ in range(N)]
        for doc_id in stored:
            assert stack.wait_status(doc_id)["status"] == "processed"
        for stage in STAGE_NAMES:
            stack.stop(f"worker-{stage}")
        offsets = {stage: len(stack.log(f"worker-{stage}")) for stage in STAGE_NAMES}

        with stack.client() as c:
            job = c.post("/admin/reprocess", json={"all": True, "from": STAGE_NAMES[0]}).json()
            deadline = time.monotonic() + 30
            while job["state"] == "running" and time.monotonic() < deadline:
                time.sleep(0.1)
                job = c.get(f"/admin/reprocess/{job['id']}").json()
        assert job["state"] == "done" and job["queued"] == N
        # reprocessing waits on the low-priority list only
        assert _waiting(r, STAGE_NAMES[0]) == [0, N]

        upload = stack.post(f"{TEXT}（新{uuid.uuid4().hex[:8]}）")["id"]
        assert _waiting(r, STAGE_NAMES[0]) == [1, N]
        events_from = (r.xrevrange(settings.events().stream, count=1) or [("0-0", {})])[0][0]

        for stage in STAGE_NAMES:
            if stage != STAGE_NAMES[0]:
                # the previous stage handed on all N + 1, each at the priority it got
                assert _waiting(r, stage) == [1, N]
            stack.start_worker(stage)
            runs = _wait_runs(stack, stage, offsets[stage], N + 1)
            assert runs[0] == upload, f"{stage} ran {runs}"
            assert sorted(runs[1:]) == sorted(stored)

        assert stack.wait_status(upload)["status"] == "processed"
        for doc_id in stored:
            stack.events_for(doc_id, at_least=2, settle_s=0)
        stack.events_for(upload, at_least=1)
        events = [orjson.loads(f["event"]) for _, f in r.xrange(settings.events().stream, f"({events_from}")]
        new = [e["subject"] for e in events if e["type"] == "docpipe.document.processed"]
        assert new[0] == upload and sorted(new[1:]) == sorted(stored)
    finally:
        r.close()
        stack.stop_all()
