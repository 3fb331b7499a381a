"""tools/eval_report.py (`make eval`): the error examples it prints never come
from the sets kept unseen for honest estimates (heldout6 and later), whose
misses anyone reading the output would otherwise learn."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # a dataclass looks its module up while it is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def eval_report():
    sys.path.insert(0, str(REPO / "tools"))  # eval_report imports measures_eval by name
    try:
        return _load("eval_report", REPO / "tools" / "eval_report.py")
    finally:
        sys.path.remove(str(REPO / "tools"))


def test_examples_of_unseen_articles_are_not_printed(eval_report, capsys):
    errors = eval_report.Errors()
    errors.add("organization", "missing", "c01_tuning: 宁德时代")
    errors.add("organization", "missing", "t01_unseen: 比亚迪")
    errors.add("park", "spurious", "t02_unseen: 某园区")
    eval_report.print_errors("errors", errors, 5, frozenset({"t01_unseen", "t02_unseen"}))
    out = capsys.readouterr().out
    assert "宁德时代" in out
    assert "比亚迪" not in out and "某园区" not in out
    # the counts still hold every article
    assert [line.split()[1:3] for line in out.splitlines() if line.strip().startswith(("organization", "park"))][
        :2
    ] == [
        ["0", "1"],  # park
        ["2", "0"],  # organization
    ]


def test_the_unseen_sets_are_heldout6_to_8_and_11_on(eval_report):
    # heldout9 and heldout10 became tuning sets once their first scorings were recorded
    unseen = eval_report.measures_eval.UNSEEN
    sets = (
        "tests/heldout5",
        "tests/heldout6",
        "tests/heldout8",
        "tests/heldout9",
        "tests/heldout10",
        "tests/heldout11",
        "tests/heldout20",
        "tests/dev_real",
    )
    assert [s for s in sets if unseen.search(s)] == [
        "tests/heldout6",
        "tests/heldout8",
        "tests/heldout11",
        "tests/heldout20",
    ]
