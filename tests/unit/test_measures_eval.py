"""tools/measures_eval.py: the measure_id and subject accuracy `make eval`
prints, on the seeds' real labels with predictions made from them."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


measures_eval = _load("measures_eval", REPO / "tools" / "measures_eval.py")
SCORER = REPO.parent / "shared" / "eval" / "score.py"
GOLD = REPO.parent / "shared" / "eval" / "gold"


@pytest.fixture(scope="module")
def score():
    if not SCORER.exists():
        pytest.skip(f"no shared scorer at {SCORER}")
    return _load("docpipe_shared_score", SCORER)


def _perfect_docs() -> dict[str, dict]:
    docs = {}
    for path in sorted(measures_eval.labels_dir("seeds").glob("*.json")):
        figures = json.loads(path.read_text(encoding="utf-8"))["figures"]
        docs[path.stem] = {"metrics": [dict(f) for f in figures]}
    return docs


def test_every_seed_has_labels_keyed_like_its_gold():
    for gold in GOLD.glob("*.gold.json"):
        stem = json.loads(gold.read_text(encoding="utf-8"))["article"].removesuffix(".txt")
        labels = json.loads((measures_eval.labels_dir("seeds") / f"{stem}.json").read_text(encoding="utf-8"))
        required = [m for m in json.loads(gold.read_text(encoding="utf-8"))["metrics"] if not m.get("optional")]
        assert [f["text"] for f in labels["figures"]] == [m["text"] for m in required]


def test_predictions_equal_to_the_labels_score_one(score):
    r = measures_eval.score_set(score, "seeds", sorted(GOLD.glob("*.gold.json")), _perfect_docs())
    assert r["measure_id"]["of"] == 173 and r["measure_id"]["accuracy"] == 1.0
    assert r["subject"]["accuracy"] == 1.0


def test_wrong_ids_and_subjects_count_against_and_missing_figures_do_not_count(score):
    docs = _perfect_docs()
    wrong = copy.deepcopy(docs)
    stem = next(iter(wrong))
    metrics = wrong[stem]["metrics"]
    named = next(m for m in metrics if m["measure_id"] is not None)
    named["measure_id"] = "no_such_measure"
    owned = next(m for m in metrics if m["subject_entity"] is not None)
    owned["subject_entity"] = {"type": "region", "name": "不存在市", "adcode": None}
    r = measures_eval.score_set(score, "seeds", sorted(GOLD.glob("*.gold.json")), wrong)
    assert r["measure_id"]["right"] == 172 and r["subject"]["right"] == 172
    del wrong[stem]  # a document with no prediction: its figures were not found, so not scored
    r = measures_eval.score_set(score, "seeds", sorted(GOLD.glob("*.gold.json")), wrong)
    assert r["measure_id"]["of"] == 173 - len(docs[stem]["metrics"])
