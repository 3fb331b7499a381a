"""API contract fuzzing (issue #15): schemathesis against the running API's
OpenAPI document, every operation, every check it has, plus
``contract_hooks.problem_details`` (each error an RFC 9457 problem with a
code ``GET /problems`` lists).

Bounded so the suite stays fast: 10 examples per operation in the examples,
coverage and fuzzing phases (about 700 requests), no shrinking, one fixed
seed, so a failure reproduces and a pass is not luck of the draw. Another
seed: ``SCHEMATHESIS_SEED=<n>``. The same run by hand against ``make run``:

    SCHEMATHESIS_HOOKS=contract_hooks PYTHONPATH=tests/integration \\
        .venv/bin/st run http://127.0.0.1:8000/openapi.json -n 10 \\
        --phases examples,coverage,fuzzing --checks all --no-shrink
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import orjson
from conftest import Stack  # tests/integration/conftest.py

HERE = Path(__file__).resolve().parent
MAX_EXAMPLES = 10
SEED = int(os.environ.get("SCHEMATHESIS_SEED", "20261203"))


def test_every_operation_keeps_its_contract(stack: Stack, tmp_path: Path) -> None:
    report = tmp_path / "schemathesis.json"
    st = Path(sys.executable).with_name("st")
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "contract_hooks",
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    run = subprocess.run(
        [
            str(st),
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "run",
            f"{stack.api_url}/openapi.json",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--phases",
            "examples,coverage,fuzzing",
            "--checks",
            "all",
            "--no-shrink",
            "--seed",
            str(SEED),
            "--workers",
            "1",
            "--request-timeout",
            "20",
            "--report",
            "json",
            "--report-json-path",
            str(report),
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert report.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    result: dict[str, Any] = orjson.loads(report.read_bytes())
    failures = "\n".join(f"{f['code']} {f['title']}: {', '.join(f['operations'])}" for f in result["failures"])
    out = run.stdout[run.stdout.find("FAILURES") :][:6000]
    assert not result["failures"], f"{failures}\n\n{out}"
    assert not result["errors"], f"{result['errors']}\n\n{out}"
    assert result["complete"] and result["exit_code"] == 0, out
    ops = result["operations"]
    documented = sum(len(item) for item in httpx.get(f"{stack.api_url}/openapi.json").json()["paths"].values())
    assert ops["tested"] == ops["total"] == documented, ops  # every operation, none skipped or errored
    assert result["test_cases"]["generated"] >= 10 * documented  # bounded, but not trivially small
    print(
        f"schemathesis: {ops['tested']} operations, {result['test_cases']['generated']} cases, "
        f"0 failures, {result['running_time']:.0f} s"
    )
