"""The character CRF (services/extract/crf.py) and its trainer's labelling
(tools/train_crf.py): features, label projection, span reading, and the
numpy decode and marginals against python-crfsuite's own tags and
marginals, stored by the trainer beside the model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from docpipe.document import Entity, EntityType
from services.extract import crf
from services.extract.analysis import Analysis
from services.extract.candidates import Candidate, Found
from services.extract.foolnltk import ModelSpan
from services.extract.ner import LacWord
from tools import train_crf

ROOT = Path(__file__).resolve().parents[2]

TEXT = "华为技术有限公司在深圳。"
WORDS = (
    LacWord("华为技术有限公司", "ORG", 0, 8),
    LacWord("在", "p", 8, 9),
    LacWord("深圳", "LOC", 9, 11),
    LacWord("。", "w", 11, 12),
)


def _analysis() -> Analysis:
    return Analysis(
        text=TEXT,
        lac=WORDS,
        model_spans=(ModelSpan(0, 8, "company", 0.9),),
    )


def _rule(s: int, e: int, t: EntityType) -> Candidate:
    return Candidate(Entity(type=t, text=TEXT[s:e], name=TEXT[s:e], start=s, end=e), "organizations")


def test_keys_channels() -> None:
    k = crf.keys(_analysis(), [_rule(0, 8, "organization"), _rule(9, 11, "region")])
    names = [t[0] for t in crf.TEMPLATES]
    assert k.shape == (len(crf.TEMPLATES), len(TEXT))
    assert k[names.index("c0"), 0] == ord("华")
    assert k[names.index("c-1"), 0] == 1  # before the text
    assert k[names.index("b0"), 0] == (ord("华") << 21) | ord("为")
    # LAC: the word's first, inner, last characters, then a one-character word; same tag on the word.
    w0 = k[names.index("w0")]
    assert [int(v) % 8 for v in w0[:9]] == [1, 2, 2, 2, 2, 2, 2, 3, 4]
    assert len({int(v) // 8 for v in w0[:8]}) == 1
    # FoolNLTK's company span, and nothing after it.
    m0 = k[names.index("m0")]
    assert all(m0[:8] > 0) and m0[8] == crf._NO_KEY
    # The rule organization B..E, the region on 深圳 only.
    rorg = k[names.index("rorg0")]
    assert [int(v) % 8 for v in rorg[:9]] == [1, 2, 2, 2, 2, 2, 2, 3, 0]
    rreg = k[names.index("rreg0")]
    assert list(np.nonzero(rreg)[0]) == [9, 10]
    # 公司 is a known name ending: it ends on character 7.
    assert k[names.index("end0"), 7] == 2
    assert k[names.index("end-1"), 8] == 2
    assert all(k[names.index("bias")] == 1)


def test_rows_split_at_sentence_ends_and_length() -> None:
    assert crf.rows("甲乙。丙丁\n戊") == [(0, 3), (3, 6), (6, 7)]
    long = "字" * 400
    assert [e - s for s, e in crf.rows(long)] == [160, 160, 80]


def test_spans_from_tags() -> None:
    tags = ["B-organization", "I-organization", "O", "I-park", "I-park", "B-industry", "B-industry"]
    assert crf.spans(tags) == [(0, 2, "organization"), (3, 5, "park"), (5, 6, "industry"), (6, 7, "industry")]


def test_label_projection_longest_first_every_occurrence() -> None:
    text = "苏州工业园区的企业。苏州工业园区，苏州，半导体产业。"
    gold = {
        "park": [{"name": "苏州工业园区", "aliases": []}],
        "organization": [{"name": "苏州", "aliases": []}, {"name": "不在文中公司", "aliases": []}],
        "industry": [{"name": "半导体", "aliases": ["半导体产业"]}],
    }
    tags, found, missing = train_crf.project(text, gold)
    assert tags[0:6] == ["B-park"] + ["I-park"] * 5
    assert tags[10:16] == ["B-park"] + ["I-park"] * 5
    assert tags[17:19] == ["B-organization", "I-organization"]  # the free 苏州 only
    assert tags[20:25] == ["B-industry"] + ["I-industry"] * 4  # the longer alias wins
    assert (found, missing) == (3, 1)


SAMPLES = crf.MODEL_DIR / "crf_samples.json"


@pytest.mark.skipif(not SAMPLES.exists(), reason="no trained model shipped")
def test_numpy_decode_equals_crfsuite_tags() -> None:
    model = crf.load(crf.MODEL_DIR / "crf.npz")
    samples = json.loads(SAMPLES.read_text(encoding="utf-8"))
    assert samples
    for s in samples:
        k = np.array(s["keys"], dtype=np.int64)
        assert crf.decode(model, k, [(0, k.shape[1])]) == s["tags"], s["text"]
        p = crf.marginals(model, k, [(0, k.shape[1])])
        path = [model.labels.index(t) for t in s["tags"]]
        assert np.allclose(p[np.arange(len(path)), path], s["marginals"], atol=1e-4), s["text"]
    assert any(t != "O" for s in samples for t in s["tags"])


HELDOUT3 = ROOT / "tests" / "heldout3" / "articles"


@pytest.mark.skipif(not SAMPLES.exists(), reason="no trained model shipped")
def test_channel_emissions_equal_the_plain_sum() -> None:
    from services.extract import recognisers

    text = sorted(HELDOUT3.glob("*.txt"))[0].read_text(encoding="utf-8")[:1500]
    analysis, found = recognisers.run(text)
    rules = [c for c in found if c.source != "crf"]
    model = crf.load(crf.MODEL_DIR / "crf.npz")
    plain = model.emissions(crf.keys(analysis, rules))
    fast = model.emissions_of(crf.vectors(analysis, rules))
    assert np.allclose(plain, fast, atol=1e-9)


@pytest.mark.skipif(not SAMPLES.exists(), reason="no trained model shipped")
def test_recogniser_declared_output() -> None:
    """Only organizations, only where no earlier recogniser gave a candidate,
    each with the CRF's probability as its score."""
    from services.extract import recognisers

    declared = {r.name: r for r in recognisers.RECOGNISERS}["crf"]
    assert declared.gives == frozenset(crf.GIVES)
    for path in sorted(HELDOUT3.glob("*.txt")):
        analysis, found = recognisers.run(path.read_text(encoding="utf-8"))
        others = [c for c in found if c.source != "crf"]
        for c in (c for c in found if c.source == "crf"):
            assert c.type == "organization"
            assert c.score >= crf.MIN_PROBABILITY
            assert analysis.text[c.start : c.end] == c.entity.text
            assert not any(o.start < c.end and c.start < o.end for o in others)


def test_recogniser_adds_nothing_where_the_rules_cover_the_text() -> None:

    everything = Candidate(Entity(type="region", text=TEXT, name=TEXT, start=0, end=len(TEXT)), "regions")
    assert crf.recognise(_analysis(), Found({"regions": (everything,)})) == []


def test_off_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(crf.MODEL_ENV, "off")
    assert crf.load_resources() is None
    assert crf.recognise(_analysis(), Found({})) == []


def test_runs_on_tag_ids_equal_spans_on_names() -> None:
    labels = ("O", "B-industry", "B-organization", "B-park", "I-industry", "I-organization", "I-park")
    rng = np.random.default_rng(0)
    for _ in range(200):
        path = rng.integers(0, len(labels), size=int(rng.integers(1, 30)))
        names = [labels[t] for t in path]
        want = [(s, e) for s, e, t in crf.spans(names) if t == "organization"]
        assert crf._runs(path, 2, 5) == want
