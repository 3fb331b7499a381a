"""`make faults --mongo` in miniature (bench/faults/): the stack's store on
SecantusDB's MongoDB wire server (bench/wire_server.py), 30 distinct articles
(cut to about 1,000 characters) POSTed while the wire server is SIGKILLed as
the flow begins, left down 5 s and started again on the same port and data
directory, then a stage worker's pool process is SIGKILLed mid-task.

The workers retry their store writes while it is down (StoreUnavailable,
docpipe.task_retry); nothing accepted is lost, every document has one final
event, and every stored output equals an in-process run. Counts, not seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.faults import Plan, run, table

pytestmark = pytest.mark.e2e


@pytest.mark.timeout(600)
def test_wire_server_killed_and_restarted_loses_nothing(tmp_path: Path) -> None:
    plan = Plan.miniature(
        worker_kills=1,
        mongo=True,
        mongo_kills=1,
        # Long enough to overlap the flow wherever the schedule puts the kill: a
        # fresh-clone CI run killed it at 0.0 s and 5 s ended before any store write.
        mongo_down_s=15.0,
    )
    r = run(plan, tmp_path / "var", log=lambda _s: None)
    report = table(r) + "\n" + json.dumps(r["faults"]["injected"], ensure_ascii=False)
    d, e = r["documents"], r["events"]

    faults = r["faults"]["recovery"]
    assert faults["mongo"]["injected"] == 1 and faults["mongo"]["not_recovered"] == 0, report
    assert faults["worker-pool"]["injected"] == 1, report
    # The outage reached the stack: a store write failed and was retried by a worker,
    # or a submission was refused and retried.
    seen = r["consequences"]["mongo"]
    post_retries = sum((d.get("post_retries") or {}).values())
    assert seen["store_errors_logged"] + seen["task_retries_logged"] + post_retries >= 1, report

    assert d["accepted"] == 30 and d["lost"] == 0, report
    assert d["processed"] + d["failed"] == 30 and d["failed"] == 0, report
    # Documents made by other stage code (the shared tree edited during the run) are not compared.
    assert d["differing_outputs"] == 0, report
    assert d["compared_with_in_process"] + d["not_compared_other_code"] == 30, report
    assert e["missing"] == 0 and e["duplicates_different_ids"] == 0, report
    assert e["documents_with_one"] + e["duplicated_documents"] == 30, report
