"""What `make faults` counts as a worker kill mid-task, how it keeps work
flowing while faults are injected, and what fails a run (bench/faults/):
read from log lines and Redis entries written here, no stack."""

from __future__ import annotations

import itertools
import json
from typing import Any

from bench.faults import Faults, Plan, ok
from bench.faults.logscan import parse, received_again, rejected_retries, worker_lost
from bench.faults.plan import Fault
from bench.faults.report import mid_task_kills, redis_down_posts
from bench.faults.traffic import Submitter


def _line(at: str, logger: str, message: str, **extra: Any) -> str:
    return json.dumps({"time": f"2026-12-04T15:{at}Z", "level": "INFO", "logger": logger, "message": message, **extra})


def _received(at: str, doc: str, task: str = "t1") -> str:
    return _line(
        at,
        "celery.worker.strategy",
        f"Task docpipe.segment[{task}] received",
        data={"id": task, "name": "docpipe.segment", "args": f"['{doc}']", "kwargs": "{}"},
    )


LOST = "Task handler raised error: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: 3.')"


def test_a_pool_kill_is_mid_task_only_by_a_worker_lost_error_after_it() -> None:
    lines = parse([_line("15:10.000", "celery.worker.request", LOST), "not json"])
    at = lines[0].at
    assert worker_lost(lines, at - 0.5, at + 30)
    # One logged before the kill (an earlier kill's) does not count for this one.
    assert not worker_lost(lines, at + 0.1, at + 30)


def test_a_document_received_again_is_found_by_its_args() -> None:
    lines = parse([_received("15:00.000", "d1"), _received("15:20.500", "d1", "t2"), _received("15:21.000", "d2")])
    t0 = lines[0].at
    assert received_again(lines, "d1", t0) == 20.5
    assert received_again(lines, "d2", lines[2].at) is None
    assert received_again(lines, "d3", t0) is None


def test_a_retry_rejected_while_redis_was_down_and_how_it_came_back() -> None:
    reject = _line(
        "15:17.636",
        "celery.app.trace",
        "Task docpipe.extract[58] reject requeue=False: Error 111 connecting to 127.0.0.1:1. Connection refused.",
        data={"id": "58", "args": "['d1']"},
        document_id="d1",
    )
    worker = parse([reject, _received("18:39.100", "d1", "59")])
    api = parse([_line("18:39.052", "docpipe.sweep", "sweep: d1 stuck in extracting; re-enqueued to extract")])
    [r] = rejected_retries(worker, api)
    assert r["document_id"] == "d1" and r["task_id"] == "58"
    assert r["back_after_s"] == 201.5 and r["by_sweep"]
    [never] = rejected_retries(worker[:1], [])
    assert never["back_after_s"] is None and not never["by_sweep"]


class _Unacked:
    """Kombu's two Redis keys of unacknowledged messages: ``unacked`` (tag ->
    [message, exchange, routing key]) and ``unacked_index`` (tag -> delivery time)."""

    def __init__(self, entries: list[tuple[str, float, str, str]]) -> None:
        self.index = {tag.encode(): at for tag, at, _q, _t in entries}
        self.hash = {
            tag.encode(): json.dumps([{"headers": {"id": task}, "body": ""}, "", queue])
            for tag, _at, queue, task in entries
        }

    def zrevrangebyscore(self, _key: str, _max: str, since: float) -> list[bytes]:
        return [t for t, at in sorted(self.index.items(), key=lambda kv: -kv[1]) if at >= since]

    def hget(self, _key: str, tag: bytes) -> str | None:
        return self.hash.get(tag)


def test_a_leftover_of_a_killed_group_is_not_the_running_task_of_its_successor() -> None:
    faults = Faults.__new__(Faults)
    # "old": taken at 100 by a worker killed since; the new worker started at 150.
    faults.redis = _Unacked([("old", 100.0, "segment", "t-old"), ("x", 160.0, "extract", "t-x")])  # type: ignore[assignment]
    assert faults._held("segment", 150.0) is None
    assert faults._held("segment", 90.0) is not None  # the same entry, were the worker older than it
    faults.redis = _Unacked([("old", 100.0, "segment", "t-old"), ("new", 170.0, "segment", "t-new")])  # type: ignore[assignment]
    held = faults._held("segment", 150.0)
    assert held is not None and held[0] == b"new" and held[1]["headers"]["id"] == "t-new"


def _kill(kind: str, mid: bool, in_flight: bool = True, extra: bool = False) -> Fault:
    return Fault(kind, "extract", mid_task=mid, in_flight=in_flight, extra=extra)


def test_only_kills_that_hit_a_running_task_count_and_too_few_fail_the_run() -> None:
    kills = [
        _kill("worker-pool", True),
        _kill("worker-pool", False),  # held a message just before, but no WorkerLostError after
        _kill("worker-group", True),
        _kill("worker-pool", True, extra=True),
        Fault("worker-burst", "extract", mid_task=True),  # a burst's kills are not counted
        Fault("worker-pool", "extract", mid_task=True, note="not injected: no pool"),
    ]
    m = mid_task_kills(Plan(min_mid_task=3), kills, {})
    assert m["confirmed"] == 3 and m["kills"] == 4 and m["extra_kills"] == 1 and m["short"] == 0
    assert m["by_kind"] == {"worker-pool": 2, "worker-group": 1}
    short = mid_task_kills(Plan(min_mid_task=20), kills, {})
    assert short["short"] == 17
    passing = _result()
    assert ok(passing)
    assert not ok({**passing, "mid_task": short})


def _result(**consequences: Any) -> dict[str, Any]:
    documents = {"lost": 0, "differing_outputs": 0, "compared_with_in_process": 10}
    return {
        "documents": documents,
        "events": {"missing": 0, "duplicates_different_ids": 0},
        "consequences": consequences,
    }


def test_a_post_while_redis_is_down_must_be_admitted_or_refused_with_retry_after() -> None:
    good = [
        {"status": 202, "code": "", "redis_down": True, "accepted": True},
        {"status": 503, "code": "overloaded", "retry_after": "2", "redis_down": True, "accepted": True},
        {"status": 202, "code": "", "redis_down": False, "accepted": True},
    ]
    x = redis_down_posts(good)
    assert x["sent"] == 3 and x["sent_while_redis_down"] == 2
    assert x["first_answers_while_down"] == {"202": 1, "503 overloaded": 1}
    assert ok(_result(redis_down_posts=x))
    five_hundred = redis_down_posts([*good, {"status": 500, "code": "internal", "redis_down": True, "accepted": True}])
    assert five_hundred["server_errors"] == 1 and not ok(_result(redis_down_posts=five_hundred))
    bare = redis_down_posts([{"status": 503, "code": "x", "retry_after": None, "redis_down": True, "accepted": True}])
    assert not ok(_result(redis_down_posts=bare))
    lost = redis_down_posts([{"status": "ConnectError", "code": "", "redis_down": True, "accepted": False}])
    assert not ok(_result(redis_down_posts=lost))


def test_articles_are_released_fault_by_fault_until_the_last() -> None:
    plan = Plan(first_share=0.2)
    steps = [plan.released_before(k, 36, 280) for k in range(36)]
    assert steps[0] > 56 and steps[-1] == 280
    assert all(a < b for a, b in itertools.pairwise(steps))  # every fault brings fresh work
    assert Plan.miniature().released_before(0, 3, 30) == 30
    assert Plan(first_share=0.2).released_before(0, 0, 30) == 30  # no fault: everything at once


def test_held_texts_are_kept_for_the_redis_kills_and_the_rest_waits_for_release() -> None:
    texts = [f"t{i}" for i in range(10)]
    s = Submitter("http://x", texts, hold=3, paced=True)
    assert s.own == texts[:7] and s.held == texts[7:] and s.texts == texts
    assert s._allowed == 0
    s.release_to(4)
    s.release_to(2)  # never taken back
    assert s._allowed == 4
    s.release_more(2)  # a kill added after one that met no task brings work of its own
    assert s._allowed == 6
    s.release_all()
    s.release_more(5)
    assert s._allowed == 7
    assert Submitter("http://x", texts)._allowed == 10


def test_posts_while_redis_is_down_count_processed_and_how_they_reached_the_first_stage() -> None:
    kill = parse([_line("00:00.000", "x", "kill")])[0].at
    posts = [
        {"status": 202, "redis_down": True, "accepted": True, "id": "a", "kill_unix": kill},
        {"status": 202, "redis_down": True, "accepted": True, "id": "b", "kill_unix": kill},
        {"status": 202, "redis_down": True, "accepted": True, "id": "c", "kill_unix": kill},
    ]
    api = parse(
        [
            _line("00:07.000", "docpipe.api.sweep", "sweep: a enqueued to segment now that the broker answers"),
            _line("03:20.000", "docpipe.api.sweep", "sweep: b stuck in queued; re-enqueued to segment"),
        ]
    )
    segment = parse([_received("00:07.500", "a"), _received("03:21.000", "b", "t2")])
    x = redis_down_posts(posts, {"a": "processed", "b": "processed", "c": "queued"}, api, segment)
    assert x["processed"] == 2
    assert x["sent_when_the_broker_answered"] == 1 and x["reenqueued_as_stuck"] == 1
    assert x["segment_received_after_kill_s"] == {"median": 104.2, "max": 201.0}
    assert x["never_received"] == 1
    assert redis_down_posts(posts)["segment_received_after_kill_s"] is None  # no logs read: nothing measured
