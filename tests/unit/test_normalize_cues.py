"""cues.Cues: a per-figure rule is tried only where one of its cue words is
written in the stretch it reads (issue #15). The gate is sound when every
match of the rule's patterns holds a cue; the stage's output is then the
same with the gates as without them, and a text of figures with no cue runs
none of the gated rules."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from docpipe.document import Document
from docpipe.pipeline import load_stage
from services.normalize import attribution, cues, figure_joining, measures, qualifiers, stage

# rule -> the patterns it gates, and how the gate reads (written: whole words
# in the stretch; touched: any of their characters, for a clause joined from
# two stretches)
GATED: dict[str, tuple[list[re.Pattern[str]], str]] = {
    "measure_cuts": (
        [
            attribution._NOT_CHANGE_TAIL,
            attribution._CHANGE,
            attribution._TRAILING,
            attribution._LIGHT_VERB,
            attribution._HAVE_VERB,
            attribution._LEADING,
        ],
        "written",
    ),
    "detached_qualifiers": ([qualifiers._DETACHED, qualifiers._BOUND], "written"),
    "ranked_clause": ([measures._RANKED], "written"),
    "clause_baseline": ([measures._BASELINE], "written"),
    "share_clause": ([stage._SHARE_CLAUSE], "touched"),
    "per_rate": ([figure_joining._per_before()], "written"),
}


def _pieces(pattern: re.Pattern[str]) -> list[str]:
    """The literal words of a pattern, whole and with a character dropped."""
    words = [w for w in re.split(r"[|()?:+*$^\\<!=\[\]{},.]", pattern.pattern) if w and not w.isdigit()]
    broken = [w[:k] + w[k + 1 :] for w in words if len(w) > 1 for k in range(len(w))]
    return words + broken


@pytest.mark.parametrize("rule", sorted(GATED))
def test_every_match_of_a_gated_pattern_holds_a_cue(rule: str) -> None:
    patterns, how = GATED[rule]
    gate = cues.Cues(rule)
    rnd = random.Random(15)
    other = list("12%年月占比的，、\n 亿元万三分之每A")
    matched = 0
    for pattern in patterns:
        pieces = _pieces(pattern)
        for _ in range(4000):
            s = "".join(
                rnd.choice(pieces) if rnd.random() < 0.5 else rnd.choice(other) for _ in range(rnd.randint(1, 10))
            )
            if pattern.search(s):
                matched += 1
                assert getattr(gate, how)(s, 0, len(s)), (rule, pattern.pattern[:40], s)
    assert matched > 100, "the strings reach the patterns"


def test_every_rule_declares_its_cues() -> None:
    for rule in [*GATED, "respectively"]:
        assert cues.cue_words(rule), rule
    assert "分别" in cues.cue_words("respectively")


def test_a_cue_must_lie_whole_inside_the_stretch() -> None:
    gate = cues.Cues("ranked_clause")
    text = "增速位居全国第一"
    assert gate.written(text, 0, len(text))
    assert gate.written(text, 3, len(text))  # (居 alone is a cue too: 居全国)
    assert not gate.written(text, 4, len(text))
    assert not gate.written(text, 1, 3)  # (位居 cut in two)
    assert gate.written(text, -10, 4)
    assert not gate.written(text, 0, 2)


TEXTS = [
    "2023年，全市实现地区生产总值9302.5亿元，同比增长5.8%，增速位居全省第一，达到38.7%。"
    "规上工业增加值、固定资产投资、社会消费品零售总额分别增长7.8%、10%、8.8%。",
    "公司的毛利率从2012年的31.25%提升至2016年的35.92%，最高可获得50万元资助，每公斤能多卖1元到2元。",
    "文化长城持有联汛教育20%股权，收入30%来自票房，占比超过50%。城乡居民人均可支配收入分别为76435元和49379元。",
    "12%" * 300,
    "1万元" * 300,
    "三分之" * 300,
    "同比增长5%，" * 100,
]


def _metrics(text: str) -> list[dict[str, Any]]:
    doc = Document(id="cues", text=text, clean_text=text, entities=[], published_at="2024-03-01")
    return [m.model_dump() for m in load_stage("normalize").run(doc).metrics]


def test_the_stage_gives_the_same_metrics_with_and_without_the_gates(monkeypatch: pytest.MonkeyPatch) -> None:
    gated = [_metrics(t) for t in TEXTS]
    monkeypatch.setattr(cues.Cues, "written", lambda self, text, lo, hi: True)
    monkeypatch.setattr(cues.Cues, "touched", lambda self, text, lo, hi: True)
    monkeypatch.setattr(measures.MeasureTable, "names_a_form", lambda self, text: True)
    assert [_metrics(t) for t in TEXTS] == gated
    assert any(gated[:3]) and all(gated[3:6])


class _Counted:
    """A callable or pattern whose calls are counted."""

    def __init__(self, inner: Any, calls: list[int]) -> None:
        self._inner, self._calls = inner, calls

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._calls[0] += 1
        return self._inner(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if callable(attr):
            return _Counted(attr, self._calls)
        return attr


@contextmanager
def _counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], int]]:
    calls = [0]
    for module, name in (
        (attribution, "_cut_words"),
        (qualifiers, "detached_before"),
        (measures, "_RANKED"),
        (measures, "_BASELINE"),
        (stage, "_SHARE_CLAUSE"),
    ):
        monkeypatch.setattr(module, name, _Counted(getattr(module, name), calls))
    per_before = figure_joining._per_before()  # (built once: its searches are counted)
    monkeypatch.setattr(figure_joining, "_per_before", lambda: _Counted(per_before, calls))
    yield lambda: calls[0]


@pytest.mark.parametrize("unit", ["12%", "1万元", "三分之"])
def test_a_text_of_figures_with_no_cue_runs_no_gated_rule(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with _counting(monkeypatch) as count:
        found = _metrics(unit * 300)
        assert found and count() == 0


def test_a_text_with_cues_runs_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    with _counting(monkeypatch) as count:
        _metrics(TEXTS[0] + TEXTS[1] + TEXTS[2])
        assert count() > 10


def test_a_cue_the_fold_makes_is_found_where_the_clause_is_folded() -> None:
    """ranked_clause_before and from_clause read their clause folded (NFKC, no
    blanks): their gates search the stretch folded too, so a word split by a
    blank (排 名) or written as a radical (⽐, U+2F50) still opens them."""
    for ranked in ("同期工业增加值增速排名全国第一，达到38.7%", "同期工业增加值增速排 名全国第一，达到38.7%"):
        assert measures.ranked_clause_before(ranked, len(ranked) - 5, "percent") == "industrial_value_added.growth"
    for compared in ("公司的毛利率比2012年的31.25%", "公司的毛利率\u2f502012年的31.25%"):
        assert measures.from_clause(compared, compared.index("31.25"), "percent") == "gross_margin"
