"""tools/measures_eval.py: the measure_id and subject accuracy `make eval`
prints, on the seeds' real labels with predictions made from them."""

from __future__ import annotations

import copy
import importlib.util
import json
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


def _one_article_set(tmp_path: Path, monkeypatch) -> tuple[Path, dict]:
    """A set of one article with three required figures and their labels."""
    monkeypatch.setattr(measures_eval, "LABELS", tmp_path / "labels")
    (tmp_path / "labels" / "toy").mkdir(parents=True)
    figures = [
        {
            "text": "100亿元",
            "value": 1e10,
            "value_max": None,
            "unit": "CNY",
            "classifier": None,
            "measure": "地区生产总值",
            "subject": "苏州市",
            "period": "2022",
        },
        {
            "text": "5.8%",
            "value": 5.8,
            "value_max": None,
            "unit": "percent",
            "classifier": None,
            "measure": "增长",
            "subject": "苏州市",
            "period": "2022",
        },
        {
            "text": "12家",
            "value": 12,
            "value_max": None,
            "unit": "count",
            "classifier": "家",
            "measure": "企业",
            "subject": None,
            "period": None,
        },
    ]
    gold = {
        "article": "a01.txt",
        "entities": {"region": [{"name": "苏州市", "aliases": ["苏州"]}]},
        "metrics": figures,
    }
    labels = [
        dict(figures[0], measure_id="gdp", subject_entity={"type": "region", "name": "苏州市", "adcode": "320500"}),
        dict(
            figures[1], measure_id="gdp.growth", subject_entity={"type": "region", "name": "苏州市", "adcode": "320500"}
        ),
        dict(figures[2], measure_id="enterprise_count", subject_entity=None),
    ]
    (tmp_path / "labels" / "toy" / "a01.json").write_text(json.dumps({"figures": labels}), encoding="utf-8")
    path = tmp_path / "a01.gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    text = "2022年苏州地区生产总值100亿元，增长5.8%。全市新增企业12家。"
    doc = {"clean_text": text, "metrics": []}
    for f in figures:
        start = text.index(f["text"])
        doc["metrics"].append(dict(f, start=start, end=start + len(f["text"])))
    return path, doc


def test_misses_list_each_wrong_field_with_found_gold_and_sentence(score, tmp_path, monkeypatch):
    path, doc = _one_article_set(tmp_path, monkeypatch)
    m = doc["metrics"]
    m[0].update(measure_id="gdp", subject_entity={"type": "region", "name": "苏州", "adcode": "320500"})  # alias: right
    m[1].update(measure_id="growth", subject_entity=None, period="2021")  # all three wrong
    m[2].update(measure_id="enterprise_count", subject_entity={"type": "region", "name": "苏州市"})  # subject wrong
    found = measures_eval.misses(score, "toy", [path], {"a01": doc})
    assert [(x.text, x.field) for x in found] == [
        ("5.8%", "measure_id"),
        ("5.8%", "subject"),
        ("12家", "subject"),
        ("5.8%", "period"),
    ]
    first = found[0]
    assert first.want.startswith("gdp.growth") and first.got.startswith("growth")
    assert first.sentence == "2022年苏州地区生产总值100亿元，增长5.8%。"
    assert found[2].sentence == "全市新增企业12家。"
    assert found[3].want == "2022" and found[3].got == "2021"
    assert "want None" in found[2].line()
    only = measures_eval.misses(score, "toy", [path], {"a01": doc}, fields=("period",))
    assert [x.field for x in only] == ["period"]


def test_misses_skip_figures_not_found_and_agree_with_the_accuracy(score, tmp_path, monkeypatch):
    path, doc = _one_article_set(tmp_path, monkeypatch)
    for m, (mid, ent) in zip(
        doc["metrics"],
        [
            ("gdp", {"type": "region", "name": "苏州市"}),
            ("gdp.growth", {"type": "region", "name": "苏州市"}),
            ("x", None),
        ],
        strict=True,
    ):
        m.update(measure_id=mid, subject_entity=ent)
    del doc["metrics"][0]  # not found: neither a miss nor counted
    found = measures_eval.misses(score, "toy", [path], {"a01": doc})
    assert [(x.text, x.field) for x in found] == [("12家", "measure_id")]
    r = measures_eval.score_set(score, "toy", [path], {"a01": doc})
    assert r["measure_id"]["of"] == 2 and r["measure_id"]["right"] == 1 and r["subject"]["right"] == 2


def test_sentence_at_cuts_at_sentence_ends():
    text = "第一句。第二句有100亿元；第三句"
    start = text.index("100")
    assert measures_eval.sentence_at(text, start, start + 5) == "第二句有100亿元；"
    assert measures_eval.sentence_at(text, None, None) == ""


def test_unseen_sets_are_refused(capsys):
    assert measures_eval.main(["--misses", "tests/heldout7"]) == 2
    assert "unseen" in capsys.readouterr().err


def test_a_subject_named_by_the_canonical_name_of_a_gold_form_is_right(score, tmp_path, monkeypatch):
    """The pipeline names an entity by docpipe.canonical's one name across
    documents (苏州工业园区 for a park the gold writes 苏州工业园); that is the
    gold entity. Another park of another name is not."""
    monkeypatch.setattr(measures_eval, "LABELS", tmp_path / "labels")
    (tmp_path / "labels" / "toy").mkdir(parents=True)
    figure = {"text": "12家", "value": 12, "value_max": None, "unit": "count", "classifier": "家"}
    gold = {"article": "a01.txt", "entities": {"park": [{"name": "苏州工业园", "aliases": []}]}, "metrics": [figure]}
    want = {"type": "park", "name": "苏州工业园", "adcode": None}
    labels = [dict(figure, measure_id="enterprise_count", subject_entity=want)]
    (tmp_path / "labels" / "toy" / "a01.json").write_text(json.dumps({"figures": labels}), encoding="utf-8")
    path = tmp_path / "a01.gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")

    def scored(name: str) -> int:
        got = dict(figure, measure_id="enterprise_count", subject_entity={"type": "park", "name": name, "adcode": None})
        r = measures_eval.score_set(score, "toy", [path], {"a01": {"metrics": [got]}})
        return r["subject"]["right"]

    assert scored("苏州工业园区") == 1
    assert scored("苏州工业园") == 1
    assert scored("无锡工业园区") == 0
