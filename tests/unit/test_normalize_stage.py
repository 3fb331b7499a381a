"""The stage object, the offset invariant on real articles and on random text."""
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from docpipe.document import Document, Status
from services.normalize import figures
from services.normalize.stage import STAGE, normalize

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def test_stage_declares_contract():
    assert STAGE.name == "normalize"
    assert STAGE.adds == frozenset({"metrics"})
    assert STAGE.status is Status.normalizing
    assert STAGE.warm_up is not None
    STAGE.warm_up()


def test_stage_sets_metrics_and_uses_published_at():
    doc = Document(id="x", raw_text="", clean_text="今年新增企业500家。", published_at="2022-05-01")
    out = normalize(doc)
    assert [(m.text, m.value, m.period) for m in out.metrics] == [("500家", 500, "2022")]


def test_empty_text():
    assert normalize(Document(id="x", raw_text="", clean_text=None)).metrics == []


def test_offsets_hold_on_seed_articles():
    assert SEEDS, "seed articles missing"
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        found = figures.extract(text)
        assert found
        for m in found:
            assert text[m.start:m.end] == m.text
            assert m.value >= 0


_ALPHABET = "0123456789０１２３４５.,/-~ %％一二两三十百千万亿零几数多余超近约以上下左右家个元亿万吨年月日第成倍分之半每小时公里GM“”《》，。\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_never_raises_and_offsets_hold(text):
    for m in figures.extract(text, "2024-01-01"):
        assert text[m.start:m.end] == m.text
        assert m.value_max is None or m.value_max > m.value
