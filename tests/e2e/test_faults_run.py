"""`make faults` in miniature (bench/faults.py): `docpipe run` as a user starts
it, 60 distinct articles (cut to about 1,500 characters so the run stays
short) POSTed while five stage worker processes are killed with SIGKILL
mid-task (four pool processes, then one worker's whole process group) and
the embedded Redis once. Nothing accepted is lost, every processed document's
stored output equals an in-process run of its text, and a duplicate event
only ever repeats an id. Counts, not seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.faults import Plan, run, table

pytestmark = pytest.mark.e2e


@pytest.mark.timeout(900)
def test_faults_in_miniature_lose_nothing(tmp_path: Path) -> None:
    plan = Plan(
        docs=60,
        worker_kills=5,
        redis_kills=1,
        api_kills=0,
        group_every=5,
        # The group kill's message comes back through the sweep: short
        # intervals here (the product's are 60 s / 300 s).
        sweep_every_s=2.0,
        stuck_after_s=20.0,
        quiesce_timeout_s=600.0,
        max_chars=1500,
    )
    r = run(plan, tmp_path / "var", log=lambda _s: None)
    report = table(r) + "\n" + json.dumps(r["faults"]["injected"], ensure_ascii=False)
    d, e = r["documents"], r["events"]

    faults = r["faults"]["recovery"]
    assert faults["worker-pool"]["injected"] == 4 and faults["worker-group"]["injected"] == 1, report
    assert faults["redis"]["injected"] == 1, report
    assert sum(f["not_recovered"] for f in faults.values()) == 0, report
    # Most kills found their stage mid-task (a message delivered, not acknowledged).
    assert faults["worker-pool"]["mid_task"] + faults["worker-group"]["mid_task"] >= 3, report

    assert d["accepted"] == 60 and d["lost"] == 0, report
    assert d["processed"] + d["failed"] == 60, report
    assert d["differing_outputs"] == 0 and d["compared_with_in_process"] > 0, report
    # Not asserted: missing events. A Redis kill right after the final stage
    # saved a document can drop its event (README "Faults"); asserted here
    # once that is fixed.
    assert e["duplicates_different_ids"] == 0 and e["documents_with_one"] + e["missing"] == 60, report
