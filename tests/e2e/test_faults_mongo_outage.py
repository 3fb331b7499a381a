"""MongoDB down longer than the stage tasks retry (issue #15, "how long may
MongoDB be down?"): nothing is lost, nothing fails, and the documents whose
tasks stopped retrying are said so and come back through the sweep.

`make faults --mongo` in miniature (bench/faults/): 12 articles (about
600 characters each) POSTed while the wire server is SIGKILLed as the flow
begins and left down 25 s, with the workers told to retry a store error for
3 s (``DOCPIPE_WORKER_RETRY_FOR_S``; backoff capped at 2 s) and each store
call to wait 1 s for a server (``MONGODB_TIMEOUT_MS``; 5 s by default, which
with one try at a time per worker would spread the tries of the documents
in flight over more than the outage). A document in flight fails its
second try past 3 s and stops: the outage outlasts the retries. Counts, not seconds: at least one
task retried and at least one stopped retrying (each a log line naming the
document and stage), the sweep re-enqueued at least one document, and every
accepted document ends processed with one event and the in-process output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.faults import Plan, run, table

pytestmark = pytest.mark.e2e

DOCS = 12


@pytest.mark.timeout(600)
def test_an_outage_longer_than_the_retries_loses_nothing_and_fails_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read by the stack `docpipe run` starts (its environment is this one).
    monkeypatch.setenv("DOCPIPE_WORKER_RETRY_FOR_S", "3")
    monkeypatch.setenv("DOCPIPE_WORKER_RETRY_BACKOFF_MAX_S", "2")
    monkeypatch.setenv("MONGODB_TIMEOUT_MS", "1000")
    plan = Plan.miniature(
        docs=DOCS,
        mongo=True,
        mongo_kills=1,
        mongo_down_s=25.0,
        stuck_after_s=15.0,
        quiesce_timeout_s=300.0,
        max_chars=600,
    )
    r = run(plan, tmp_path / "var", log=lambda _s: None)
    report = table(r) + "\n" + json.dumps(r["consequences"].get("mongo"), ensure_ascii=False)
    d, e = r["documents"], r["events"]

    faults = r["faults"]["recovery"]
    assert faults["mongo"]["injected"] == 1 and faults["mongo"]["not_recovered"] == 0, report
    seen = r["consequences"]["mongo"]
    assert seen["retry_warnings"] >= 1, report  # a task retried, with a WARNING naming it
    assert seen["gave_up"] >= 1, report  # and one stopped: the outage outlasted its retries
    assert r["sweep_requeues"] >= 1, report  # which the sweep brought back

    assert d["accepted"] == DOCS and d["lost"] == 0, report
    assert d["processed"] == DOCS and d["failed"] == 0, report
    assert d["differing_outputs"] == 0, report
    assert d["compared_with_in_process"] + d["not_compared_other_code"] == DOCS, report
    assert e["missing"] == 0 and e["duplicates_different_ids"] == 0, report
    assert e["documents_with_one"] + e["duplicated_documents"] == DOCS, report
