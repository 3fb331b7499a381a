"""`make faults` in miniature (bench/faults/): `docpipe run` as a user starts
it, 30 distinct articles (cut to about 1,000 characters so the run stays
short) POSTed while, in the middle of the flow, one stage message is
delivered a second time while its first delivery runs, a stage worker's
pool process is SIGKILLed mid-task and the embedded Redis is SIGKILLed,
three of the articles POSTed right after the Redis kill (80ba032: each
answered 202, or 503 with Retry-After, never 500). Nothing accepted is
lost, every processed document has its final event
(none missing: the final publish is retried while Redis is down), a
duplicate event only ever repeats an id, and every processed document's
stored output equals an in-process run of its text. Counts, not seconds.

The full run (300 articles, 24 worker kills, whole process groups, the API,
the store locked, the stream trimmed under live consumers) is `make faults`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.faults import Plan, run, table

pytestmark = pytest.mark.e2e


@pytest.mark.timeout(600)
def test_faults_in_miniature_lose_nothing(tmp_path: Path) -> None:
    plan = Plan.miniature(worker_kills=1, redis_kills=1, redeliveries=1, redis_down_posts=3)
    r = run(plan, tmp_path / "var", log=lambda _s: None)
    report = table(r) + "\n" + json.dumps(r["faults"]["injected"], ensure_ascii=False)
    d, e = r["documents"], r["events"]

    faults = r["faults"]["recovery"]
    assert faults["worker-pool"]["injected"] == 1 and faults["redis"]["injected"] == 1, report
    assert faults["redeliver"]["injected"] == 1, report
    assert sum(f["not_recovered"] for f in faults.values()) == 0, report

    assert d["accepted"] == 30 and d["lost"] == 0, report
    assert d["processed"] + d["failed"] == 30, report
    assert d["differing_outputs"] == 0 and d["compared_with_in_process"] > 0, report
    # Every final document has its event; a repeat carries the same id.
    assert e["missing"] == 0 and e["duplicates_different_ids"] == 0, report
    assert e["documents_with_one"] + e["duplicated_documents"] == 30, report
    posts = r["consequences"]["redis_down_posts"]
    assert posts["sent"] == 3 and posts["accepted_in_the_end"] == 3, report
    assert posts["server_errors"] == 0 and posts["unavailable_without_retry_after"] == 0, report
    redelivered = r["consequences"]["redeliver"]
    assert redelivered["documents"] == 1 and redelivered["more_than_one_event_id"] == 0, report
    assert redelivered["not_final"] == 0 and redelivered["differing_outputs"] == 0, report


@pytest.mark.timeout(600)
def test_a_burst_of_eight_kills_leaves_the_stage_running_and_readyz_failed_meanwhile(tmp_path: Path) -> None:
    # Issue #15: "killing a stage worker 8 times in 20 s leaves that stage
    # running again within a minute; while it is down /readyz fails". Each
    # process the supervisor starts is killed as it appears; counts here,
    # the seconds are in the report (make faults quotes them).
    plan = Plan.miniature(docs=10, bursts=1, burst_kills=8)
    r = run(plan, tmp_path / "var", log=lambda _s: None)
    report = table(r) + "\n" + json.dumps(r["faults"]["injected"], ensure_ascii=False)
    (burst,) = r["bursts"]
    assert burst["kills"] == 8, report
    assert burst["ready_after_last_kill_s"] is not None and burst["readyz_200_after_last_kill_s"] is not None, report
    assert burst["readyz_while_down"] and "200" not in burst["readyz_while_down"], report
    assert burst["restarts"] >= 8, report
    assert r["faults"]["recovery"]["worker-burst"]["not_recovered"] == 0, report
    assert r["documents"]["lost"] == 0 and r["documents"]["differing_outputs"] == 0, report
