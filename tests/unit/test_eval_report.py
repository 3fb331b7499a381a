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


def test_the_unseen_sets_are_heldout6_to_8_11_and_16_on(eval_report):
    # heldout9, heldout10, heldout12, heldout13, heldout14 and heldout15 became tuning sets
    # once their first scorings were recorded
    unseen = eval_report.measures_eval.UNSEEN
    sets = (
        "tests/heldout5",
        "tests/heldout6",
        "tests/heldout8",
        "tests/heldout9",
        "tests/heldout10",
        "tests/heldout11",
        "tests/heldout12",
        "tests/heldout13",
        "tests/heldout14",
        "tests/heldout15",
        "tests/heldout16",
        "tests/heldout20",
        "tests/dev_real",
    )
    assert [s for s in sets if unseen.search(s)] == [
        "tests/heldout6",
        "tests/heldout8",
        "tests/heldout11",
        "tests/heldout16",
        "tests/heldout20",
    ]


@pytest.mark.parametrize(
    ("gold", "found", "miss"),
    [
        ("2024-11-24", "2024-11-24", None),  # a full date: the same day
        ("2024-11-24", "2024-11-25", "wrong"),
        ("2024-11-24", None, "missing"),
        ("2024-11", "2024-11-24", None),  # a month: any day of it
        ("2024-11", "2024-12-01", "wrong"),
        ("2024-1", "2024-11-02", "wrong"),  # no prefix match across a field
        ("2024", "2024-03-01", None),
        (None, None, None),  # no date in the gold: right only when none is found
        (None, "2024-11-24", "spurious"),
    ],
)
def test_published_at_is_scored_by_what_the_gold_gives(eval_report, gold, found, miss):
    assert eval_report.published_at_miss(gold, found) == miss


def test_published_at_accuracy_per_set_and_its_misses_by_kind(eval_report, capsys, tmp_path):
    import json

    scorer = eval_report.load_scorer(REPO.parent / "shared" / "eval" / "score.py")
    golds = []
    for stem, value in (("a01", "2024-11-24"), ("a02", None), ("a03", "2024-05"), ("a04", "2023-01-02")):
        path = tmp_path / f"{stem}.gold.json"
        path.write_text(json.dumps({"article": f"{stem}.txt", "published_at": value, "metrics": [], "entities": {}}))
        golds.append(path)
    docs = {
        "a01": {"published_at": "2024-11-24"},
        "a02": {"published_at": "2024-01-01"},  # spurious
        "a03": {"published_at": "2024-05-30"},
        "a04": {"published_at": None},  # missing
    }
    errors = eval_report.Errors()
    result = eval_report.score_set(scorer, golds, docs, errors)
    assert result["published_at_accuracy"] == 0.5
    assert result["published_at"] == {"right": 2, "of": 4}
    assert "0.500" in eval_report.row("set", result)
    eval_report.print_errors("errors", errors, 5, frozenset({"a04"}))
    out = capsys.readouterr().out
    assert "published_at: 1 missing (no date found), 0 wrong date, 1 spurious" in out
    assert "a02: gold None found 2024-01-01" in out
    assert "a04" not in out  # an unseen article's miss is counted, never listed


def test_a_found_person_after_a_byline_label_is_counted_apart(eval_report, capsys):
    # the seeds' gold labels a reporter (本报记者 李争粉); the held-out sets' gold does not
    text = "本报记者 李争粉\n王明说，园区产值增长。"
    doc = {
        "clean_text": text,
        "entities": [
            {"type": "person", "name": "李争粉", "text": "李争粉", "start": 5, "end": 8},
            {"type": "person", "name": "王明", "text": "王明", "start": 9, "end": 11},
        ],
    }
    score = eval_report.load_scorer(eval_report.SHARED / "eval" / "score.py")
    errors = eval_report.Errors()
    eval_report.entity_errors(score, {"person": []}, doc, errors, "x01")
    assert errors.counts[("person", "spurious")] == 2
    assert errors.examples[("person", "spurious_byline")] == ["x01: 李争粉"]
    eval_report.print_errors("errors", errors, 0)
    assert "byline label" in capsys.readouterr().out.split("person spurious after")[1].split("\n")[0]
