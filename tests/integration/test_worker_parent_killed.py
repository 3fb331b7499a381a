"""A stage worker's main process killed mid-task (issue #15): its message
stays unacknowledged in Redis; it must come back about the task time limit
later (the visibility timeout set from the limits), not after an hour, and
without the sweep (turned off here).

Short limits keep the test short: hard time limit 10 s, retry backoff cap
2 s, so the visibility timeout is 10 + 2 + 30 = 42 s; the test waits up to
240 s for the document, far below kombu's default hour."""

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


@pytest.fixture(scope="module")
def no_sweep_stack(stack_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    server = RedisServer(port=free_port(), data_dir=tmp_path_factory.mktemp("parent-redis")).start()
    stack = stack_factory(
        server.url,
        tmp_path_factory.mktemp("parent-stack"),
        workers={"segment": "test_faults_app"},
        PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        DOCPIPE_API_SWEEP_EVERY_S="0",  # no sweep: only the broker can bring the message back
        DOCPIPE_WORKER_SOFT_TIME_LIMIT_S="8",
        DOCPIPE_WORKER_TIME_LIMIT_S="10",
        DOCPIPE_WORKER_RETRY_BACKOFF_MAX_S="2",
        FAULT_SLEEP_S="5",
    )
    try:
        yield stack
    finally:
        stack.stop_all()
        server.stop()


@pytest.mark.timeout(600)
def test_a_killed_worker_parents_message_comes_back_after_the_visibility_timeout(no_sweep_stack: Any) -> None:
    stack = no_sweep_stack
    doc_id = stack.post(f"【慢】重庆两江新区工业总产值增长8%。（编号{uuid.uuid4().hex[:8]}）")["id"]
    stack.wait_status(doc_id, ("segmenting",), timeout_s=60)
    worker = stack.procs["worker-segment"]
    os.killpg(worker.pid, signal.SIGKILL)  # the main process and its pool: nobody rejects the message
    worker.wait(30)
    r = stack.redis()
    assert r.hlen("unacked") == 1  # the message, still held for the dead worker

    stack.start_worker("segment", "test_faults_app")
    body = stack.wait_status(doc_id, timeout_s=240)
    assert body["status"] == "processed"
    # The late ack follows the stored status: a fresh-clone run saw the entry still
    # there right after "processed" (a busy host). Give the ack up to 30 s to land.
    for _ in range(300):
        if r.hlen("unacked") == 0:
            break
        time.sleep(0.1)
    assert r.hlen("unacked") == 0
    assert len(stack.events_for(doc_id)) == 1
    assert "sweep" not in stack.log("api")
