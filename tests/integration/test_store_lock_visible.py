"""A write that waits for the embedded store's lock is seen (issue #15: in a
`make faults` run a 75 s lock logged nothing).

A real SQLite connection of the test holds the write lock (``BEGIN
EXCLUSIVE``, as a backup, a migration or an open ``sqlite3`` shell does)
while a real segment worker takes a document. With a 1 s warning step and a
3 s lock timeout, the worker's write logs a WARNING naming the document and
the stage, gives up after 3 s (a WARNING; ``database is locked``) and its
task is retried (a WARNING again); ``/metrics`` counts both; once the lock is released the
document is processed, with one event. Counts and log lines, not seconds.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import STAGES, make_stack, with_db  # tests/integration/conftest.py
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.integration


def _store_waits(stack: Any) -> dict[tuple[str, str], float]:
    with stack.client() as c:
        text = c.get("/metrics").text
    return {
        (s.labels["kind"], s.labels["stage"]): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "docpipe_store_waits_total"
    }


def test_a_worker_write_waiting_for_the_lock_is_logged_counted_and_completes(redis_server: Any, tmp_path: Path) -> None:
    stack = make_stack(
        with_db(redis_server.url, 13),
        tmp_path / "stack",
        DOCPIPE_STORE_WAIT_WARN_S="1",
        DOCPIPE_STORE_TIMEOUT_S="3",
        DOCPIPE_WORKER_RETRY_BACKOFF_MAX_S="1",
    )
    stack.redis().flushdb()
    lock: sqlite3.Connection | None = None
    try:
        stack.start_api()
        for stage in STAGES[1:]:
            stack.start_worker(stage)
        # The document waits in the segment queue; the lock is taken before a
        # segment worker exists, so its first write (the status) is the one that waits.
        doc_id = stack.post("锁等待测试。国家统计局发布数据，工业增加值同比增长5.6%。")["id"]
        lock = sqlite3.connect(stack.store_path, timeout=30, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
        stack.start_worker("segment")
        waiting = f"store write of document {doc_id} (stage segment) has waited"
        # The worker's first write (its schema check, or the status) fails after 3 s; the task is retried.
        retried = re.compile(rf"document {doc_id} \(stage segment\): \w+: [^;]*database is locked; retry 1 in")
        deadline = time.monotonic() + 60
        while not retried.search(stack.log("worker-segment")) and time.monotonic() < deadline:
            time.sleep(0.2)
        log = stack.log("worker-segment")
        assert retried.search(log), log[-3000:]
        assert waiting in log
        assert f"store write of document {doc_id} (stage segment) gave up waiting for the database lock after" in log
        with stack.client() as c:
            assert c.get(f"/documents/{doc_id}").json()["status"] == "queued"  # nothing written meanwhile
        lock.execute("ROLLBACK")
        lock.close()
        lock = None

        body = stack.wait_status(doc_id, timeout_s=120)
        assert body["status"] == "processed"
        assert len(stack.events_for(doc_id)) == 1
        log = stack.log("worker-segment")
        assert "WARNING" in next(line for line in log.splitlines() if waiting in line)
        waits = _store_waits(stack)
        assert waits.get(("waited", "segment"), 0) >= 1, waits
        assert waits.get(("retried", "segment"), 0) >= 1, waits
        assert waits.get(("gave_up", "segment"), 0) == 0, waits
    finally:
        if lock is not None:
            lock.close()
        stack.stop_all()


def test_a_short_wait_is_logged_once_the_lock_comes(
    redis_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process: a write held up for less than the lock timeout waits it
    out (no error) and says so, step by step, then that it got the lock;
    the write is counted once."""
    import logging

    import redis

    from docpipe import logs, settings, store_waits
    from docpipe.ingest import new_document
    from docpipe.store.sqlite import SqliteStore

    url = with_db(redis_server.url, 14)
    client = redis.Redis.from_url(url)
    client.delete(store_waits.KEY)
    monkeypatch.setenv("REDIS_URL", url)
    settings.redis.cache_clear()
    monkeypatch.setattr(store_waits, "_client", None)

    store = SqliteStore(tmp_path / "s.sqlite3", timeout_s=30, wait_warn_s=0.2)
    store.ensure_indexes()
    holder = sqlite3.connect(tmp_path / "s.sqlite3", timeout=30, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)
            if "has waited" in record.getMessage() and sum("has waited" in r.getMessage() for r in records) == 3:
                holder.execute("ROLLBACK")  # released from within the third step's report

    handler = Keep(logging.WARNING)
    logging.getLogger("docpipe.store").addHandler(handler)
    try:
        with logs.bound(document_id="d-short", stage="extract"):
            store.insert_document(new_document("短暂等待。"))
    finally:
        logging.getLogger("docpipe.store").removeHandler(handler)
        holder.close()
        store.close()
        settings.redis.cache_clear()
    messages = [r.getMessage() for r in records]
    assert sum("store write of document d-short (stage extract) has waited" in m for m in messages) == 3
    assert any("d-short (stage extract) got the database lock after" in m for m in messages)
    assert store_waits.counts(client) == {("waited", "extract"): 1}
