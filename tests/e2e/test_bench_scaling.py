"""`bench.scaling` (the scaling phase of `make bench`, issue #14) in
miniature: a few documents through `docpipe run` on the MongoDB wire server
at 1 and 2 worker processes per stage (`make bench` runs 1, 2 and 4), the
JSON report and the printed curve. test_bench_smoke skips this phase (it
starts a server and a stack per worker count), so without this nothing ran
it. Shapes and counts, not times."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import scaling

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


def test_make_bench_asks_for_one_two_and_four_workers_per_stage() -> None:
    assert inspect.signature(scaling.run).parameters["workers"].default == (1, 2, 4)
    # bench.run's scaling phase leaves the worker counts at that default.
    source = (ROOT / "bench" / "run.py").read_text(encoding="utf-8")
    assert 'report["scaling"] = bench_scaling.run(docs, ip["docs_per_s"])' in source


@pytest.mark.timeout(600)
def test_the_scaling_curve_runs_on_the_wire_server_and_is_reported(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.scaling",
            "--docs",
            "3",
            "--inflight",
            "2",
            "--workers",
            "1,2",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=580,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    [path] = tmp_path.glob("scaling-*.json")
    r = json.loads(path.read_text(encoding="utf-8"))
    assert r["in_process_docs_per_s"] > 0 and r["inflight"] == 2
    assert [row["workers_per_stage"] for row in r["runs"]] == [1, 2]
    for row in r["runs"]:
        assert row["documents"] == 3 and row["failed"] == 0 and row["docs_per_s"] > 0
        assert row["ratio_to_in_process"] == round(row["docs_per_s"] / r["in_process_docs_per_s"], 2)
        # The documents went to the wire server: its process spent CPU on them.
        assert row["cpu_ms_per_doc"]["wire server"] > 0
        assert 0 < row["cpu_ms_per_doc"]["wire server"] < row["cpu_ms_per_doc"]["total"]
    # The curve as make bench prints it: one line per worker count.
    assert "scaling on the MongoDB wire server: 3 documents, 2 in flight" in run.stdout
    lines = [line.split("|") for line in run.stdout.splitlines() if line.strip()[:1].isdigit() and "|" in line]
    assert [int(cells[0]) for cells in lines] == [1, 2]
