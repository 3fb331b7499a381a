"""`make bench` in miniature: every end-to-end phase runs for real on a
fresh stack (two documents, one single, two floor chains) and writes the
report. Guards the benchmark against rot; asserts shapes, not times."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(600)
def test_bench_runs_end_to_end_and_writes_its_report(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--docs",
            "2",
            "--singles",
            "1",
            "--inflight",
            "2",
            "--floor-chains",
            "2",
            "--no-profile",
            "--skip",
            # scaling, durability and reprocess start stacks and servers of their own
            # (minutes; reprocess has its own test, tests/e2e/test_bench_reprocess.py)
            "store,soak,scaling,durability,reprocess",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=580,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "× in-process single core" in run.stdout and "Celery floor" in run.stdout
    [report] = out.glob("bench-*.json")
    r = json.loads(report.read_text())
    assert r["in_process"]["documents"] == 2 and r["in_process"]["chars_per_s"] > 0
    first, second = r["end_to_end"]
    assert [first["concurrency_per_stage"], second["concurrency_per_stage"]] == [1, 2]
    for e in (first, second):
        assert e["documents"] == 2 and e["failed"] == 0 and e["docs_per_s"] > 0
        assert e["throughput_cpu_ms_per_doc"]["total"] > 0
    assert first["celery_floor_ms"]["n"] == 2
    watched = first["watched_by_flower"]
    assert watched["single_doc_latency_ms"]["n"] == 1
    # Task events were on for that pass: the hop split comes from them.
    assert "api_to_segment_worker" in watched["message_path_hops_ms"]
