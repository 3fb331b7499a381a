"""Reprocessing through the real stack (API, three workers, Redis, the
embedded store): documents stored at an old stage version are brought to the
current versions by ``POST /admin/reprocess`` with one new processed event
each, from the first stale stage only; a document whose versions match is not
re-run. Stage runs are counted in the workers' logs, events on the stream."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from typing import Any

import orjson
import pytest
from conftest import ROOT, Stack

from docpipe.document import Status
from docpipe.versions import build_version, stage_versions

pytestmark = pytest.mark.integration

TEXT = "苏州工业园区2023年实现地区生产总值3686亿元，同比增长5.6%。"


def _text() -> str:
    return f"{TEXT}（编号{uuid.uuid4().hex[:8]}）"


def _runs(stack: Stack, stage: str, doc_id: str) -> int:
    """How many times ``stage`` ran on ``doc_id`` (its worker logs one line per run)."""
    needle = f"{stage} {doc_id}: done in"
    count = 0
    for line in stack.log(f"worker-{stage}").splitlines():
        if needle in line:
            count += 1
    return count


def _all_runs(stack: Stack, doc_id: str) -> dict[str, int]:
    return {stage: _runs(stack, stage, doc_id) for stage in stage_versions()}


def _age(stack: Stack, doc_id: str, stage: str) -> None:
    """Record ``stage`` as done at an older version, as after an upgrade."""
    from docpipe.store.sqlite import SqliteStore

    store = SqliteStore(stack.store_path)
    try:
        doc = store.get_document(doc_id, fields=())
        assert doc is not None and doc.status == Status.processed
        assert store.save_stage(doc_id, stage, "0.0.9+0ld0ld0ld0ld", {}, Status.processed)
    finally:
        store.close()


def _wait_job(stack: Stack, job_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    body: dict[str, Any] = {}
    with stack.client() as c:
        while time.monotonic() < deadline:
            r = c.get(f"/admin/reprocess/{job_id}")
            assert r.status_code == 200, r.text
            body = r.json()
            if body["state"] != "running":
                return body
            time.sleep(0.1)
    raise AssertionError(f"job {job_id} still running: {body}")


def _wait_current(stack: Stack, doc_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    """The document once processed with every stage at its current version."""
    current = stage_versions()
    deadline = time.monotonic() + timeout_s
    body: dict[str, Any] = {}
    with stack.client() as c:
        while time.monotonic() < deadline:
            body = c.get(f"/documents/{doc_id}").json()
            if body["status"] == "processed" and body["stages"] == current:
                return body
            time.sleep(0.1)
    raise AssertionError(
        f"{doc_id} not brought to the current versions; last: {body.get('status')} {body.get('stages')}"
    )


def test_stale_documents_are_reprocessed_from_their_first_stale_stage_with_one_event_each(stack: Stack) -> None:
    ids = {name: stack.post(_text())["id"] for name in ("extract_old", "normalize_old", "current")}
    for doc_id in ids.values():
        body = stack.wait_status(doc_id)
        assert body["status"] == "processed" and body["stages"] == stage_versions()
        assert body["pipeline_version"] == build_version()
        assert len(stack.events_for(doc_id, at_least=1)) == 1
    before = {name: _all_runs(stack, doc_id) for name, doc_id in ids.items()}
    assert all(runs == {"segment": 1, "extract": 1, "normalize": 1} for runs in before.values()), before
    _age(stack, ids["extract_old"], "extract")
    _age(stack, ids["normalize_old"], "normalize")

    with stack.client() as c:
        r = c.post("/admin/reprocess", json={"ids": list(ids.values())})
    assert r.status_code == 202, r.text
    job = r.json()
    assert r.headers["location"] == f"/admin/reprocess/{job['id']}"
    assert job["versions"] == stage_versions()
    done = _wait_job(stack, job["id"])
    assert done["state"] == "done"
    assert (done["scanned"], done["queued"], done["current"], done["missing"]) == (3, 2, 1, 0)
    assert done["by_stage"] == {"extract": 1, "normalize": 1}

    for name in ("extract_old", "normalize_old"):
        body = _wait_current(stack, ids[name])
        assert body["pipeline_version"] == build_version()
        events = stack.events_for(ids[name], at_least=2)
        assert len(events) == 2, events
        first, second = events[0][1], events[1][1]
        assert second["type"] == "docpipe.document.processed" and second["id"] != first["id"]
        assert second["data"]["pipeline_version"] == build_version()
    # Only the stale stages and the ones after them ran again.
    assert _all_runs(stack, ids["extract_old"]) == {"segment": 1, "extract": 2, "normalize": 2}
    assert _all_runs(stack, ids["normalize_old"]) == {"segment": 1, "extract": 1, "normalize": 2}
    # The document whose versions match: not queued, not run, no second event.
    assert _all_runs(stack, ids["current"]) == {"segment": 1, "extract": 1, "normalize": 1}
    assert len(stack.events_for(ids["current"], at_least=1)) == 1

    # Again: everything is current now, nothing is queued.
    with stack.client() as c:
        again = c.post("/admin/reprocess", json={"ids": list(ids.values())}).json()
    again = _wait_job(stack, again["id"])
    assert (again["queued"], again["current"]) == (0, 3)


def test_from_forces_a_stage_and_the_cli_waits_for_the_job(stack: Stack) -> None:
    doc_id = stack.post(_text())["id"]
    stack.wait_status(doc_id)
    stack.events_for(doc_id, at_least=1)
    env = {**stack.env, "DOCPIPE_API_URL": stack.api_url}
    out = subprocess.run(
        [sys.executable, "-m", "docpipe.cli", "reprocess", "--id", doc_id, "--from", "normalize", "-q"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    job = orjson.loads(out.stdout.strip().splitlines()[-1])
    assert job["state"] == "done" and job["queued"] == 1 and job["by_stage"] == {"normalize": 1}
    events = stack.events_for(doc_id, at_least=2)
    assert len(events) == 2 and events[0][1]["id"] != events[1][1]["id"]
    assert _all_runs(stack, doc_id) == {"segment": 1, "extract": 1, "normalize": 2}


def test_a_query_selects_and_bad_requests_are_problems(stack: Stack) -> None:
    with stack.client() as c:
        for body in (
            {},
            {"ids": []},
            {"all": True, "ids": ["x"]},
            {"all": True, "from": "nowhere"},
            {"entity_type": "planet"},
            {"published_from": "2024-02-31"},
        ):
            r = c.post("/admin/reprocess", json=body)
            assert r.status_code == 422, (body, r.text)
            assert r.headers["content-type"].startswith("application/problem+json")
            assert r.json()["code"] == "invalid_body"
        r = c.get("/admin/reprocess/rp_0000000000000000")
        assert r.status_code == 404 and r.json()["code"] == "reprocess_job_not_found"
        # A filter no document matches (as GET /documents: an inverted range too): a job that looks at none.
        r = c.post("/admin/reprocess", json={"entity": f"无此实体{uuid.uuid4().hex[:6]}"})
        assert r.status_code == 202, r.text
        assert _wait_job(stack, r.json()["id"])["scanned"] == 0
        r = c.post("/admin/reprocess", json={"published_from": "2024-02-01", "published_to": "2024-01-01"})
        assert r.status_code == 202, r.text
    job = _wait_job(stack, r.json()["id"])
    assert job["state"] == "done" and job["scanned"] == 0
    env = {**stack.env, "DOCPIPE_API_URL": stack.api_url}
    out = subprocess.run(
        [sys.executable, "-m", "docpipe.cli", "reprocess"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "[no_selection]" in out.stderr
