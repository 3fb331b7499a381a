"""The import contracts of pyproject.toml ([tool.importlinter]) hold: tooling
over the API over the stages over the shared library, the runtime free of
bench/ and tools/, no import cycle between sibling modules. Run here so the
tests (and .ci/run) enforce them; `lint-imports` prints the same report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout and "Contracts: 6 kept" in run.stdout
