"""The stage object, the offset invariant on real articles and on random text."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docpipe.document import Document, Status
from services.normalize import figures
from services.normalize.stage import STAGE, normalize
from tests.hostile import opcount

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
            assert text[m.start : m.end] == m.text
            assert m.value >= 0


_ALPHABET = "0123456789０１２３４５.,/-~ %％一二两三十百千万亿零几数多余超近约以上下左右家个元亿万吨年月日第成倍分之半每小时公里GM“”《》，。\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_never_raises_and_offsets_hold(text):
    for m in figures.extract(text, "2024-01-01"):
        assert text[m.start : m.end] == m.text
        assert m.value_max is None or m.value_max > m.value


@pytest.mark.parametrize(
    "text",
    [
        "1" * 20000,
        "一" * 20000,
        "万" * 20000,
        "1.1" * 7000,
        "1-" * 10000 + "家",
        "1/" * 10000,
        "三分" * 10000,
        "a." * 10000,
        "１" * 20000,
        "超" * 20000,
    ],
)
def test_pathological_input_is_linear(text):
    # Guards against quadratic work and deep recursion on long runs, in Python
    # steps (tests/hostile/opcount.py: no clock): twice the run costs at most
    # 2.2 times as much (2.00 measured), plus what one call costs. Backtracking
    # inside one regular expression is checked by tests/hostile/regex_audit.py.
    half = text[: len(text) // 2]
    figures.extract(half)  # first-call costs stay out of the counts
    small = opcount.count(lambda: figures.extract(half))
    large = opcount.count(lambda: figures.extract(text))
    assert large <= 2.2 * small + 5000, (small, large)


def _runon_entities(text, name):
    from docpipe.document import Entity

    out, i = [], text.find(name)
    while i >= 0:
        out.append(Entity(type="park", text=name, name=name, start=i, end=i + len(name)))
        i = text.find(name, i + len(name))
    return out


@pytest.mark.parametrize(
    "unit",
    [
        # run-on text without a sentence or clause end: attribution must stay local
        "苏州工业园区集聚企业超2200家与新加坡合作共建营收100亿元",
        "与苏州工业园区、新加坡合作营收100亿元",
        "2023年营收100亿元较2022年增长5%",
        "今年1-2月出口增长5%比上年同期提高1个百分点",
    ],
)
def test_many_figures_in_one_sentence_is_linear(unit):
    small, big = unit * 250, unit * 1000
    steps = []
    for text in (small, big):
        ents = _runon_entities(text, "苏州工业园区")
        assert figures.extract(text, "2024-03-01", ents)  # first-call costs stay out of the counts
        steps.append(opcount.count(lambda t=text, e=ents: figures.extract(t, "2024-03-01", e)))
    # four times the text costs 4x the Python steps when linear (4.00-4.24
    # measured), 16x when quadratic; counted, not timed (no clock)
    assert steps[1] <= 4.4 * steps[0] + 5000, steps


def test_bench_runs(capsys):
    from bench import normalize as bench

    assert bench.main(["--repeat", "1", "--rounds", "1", *map(str, SEEDS[:1])]) == 0
    assert "chars/s per core" in capsys.readouterr().out
