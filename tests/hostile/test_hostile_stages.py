"""No input can stall the segment or normalize stage (issue #15).

Every case of the hostile corpus (cases.json: unclosed tags, long runs of one
character, of digits, of separators, nested brackets, %, zero-width and
control characters, mixed encodings, runs that made the old patterns
backtrack) goes through each stage, and the tests assert

- what the output must be whatever the input: offsets that point into the
  text, tokens and sentences in order, metrics whose text is theirs;
- that the work grows with the text and no faster: counted in Python steps
  (opcount.py, the same on every machine), a text twice as long costs at
  most 2.2 times as much;
- that a character costs at most 5 times what a character of the seed
  articles costs (for normalize, or 5 times what an article with as many
  numerals costs: its work is per numeral it reads, and a text of figures
  has up to 17 times the seeds' numerals per character).

No test here reads a clock.
"""

from __future__ import annotations

import math

import growth
import hostile_corpus
import opcount
import pytest
from yardstick import NUMERAL, Yardstick

from docpipe.document import Document
from docpipe.pipeline import Stage
from services.normalize import figures
from services.segment import resources
from services.segment.posviterbi import HMM_WORK_FLOOR, HMM_WORK_PER_CHAR, HMMBudget

CASES = hostile_corpus.cases()
IDS = [c.name for c in CASES]
# The sizes compared: big enough that a step quadratic in the text shows
# (a loop of one step per pair of characters doubles the growth), small
# enough that counting every step stays quick.
N = 800
GROWTH = 2.2
RATIO = 5.0
# What one call costs whatever its text (a few steps per pattern and list):
# an empty or tiny text is held to this, not to a multiple of nothing.
FIXED = 5000
# The step the HMM budget is checked after may overspend it (256 x 256 transitions at most).
HMM_OVERSPEND = 256 * 256


def _segment(stage: Stage, text: str) -> Document | None:
    return growth.prepared(text, stage.run)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_segment_output_holds_together(case: hostile_corpus.Case, segment_stage: Stage) -> None:
    raw = case.make(3 * N)
    doc = _segment(segment_stage, raw)
    if doc is None:
        return
    text = doc.clean_text or ""
    assert len(text) <= len(raw) + text.count("\n")
    # clean -> raw runs: in order, covering the clean text, inside the raw text
    pos = 0
    for cs, ce, rs, re_ in doc.raw_spans:
        assert cs == pos and ce > cs and 0 <= rs <= re_ <= len(raw)
        pos = ce
    assert pos == len(text)
    last = 0
    for s in doc.sentences:
        assert last <= s.start < s.end <= len(text) and text[s.start : s.end].strip()
        last = s.end
    last = 0
    for t in doc.tokens:
        assert last <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text
        last = t.end
    assert not any(ch in text for ch in "\r\u200b\u200c\u200d\u2060\ufeff"), "cleaning removes these"
    budget = resources.pos_tokenizer().last_budget
    assert budget is not None
    assert budget.used <= max(HMM_WORK_FLOOR, HMM_WORK_PER_CHAR * len(text)) + HMM_OVERSPEND


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_segment_work_grows_linearly(case: hostile_corpus.Case, segment_stage: Stage, articles: Yardstick) -> None:
    small, large = case.make(N), case.make(2 * N)
    if not small.strip():
        return
    cost_small = opcount.count(lambda: _segment(segment_stage, small))
    cost_large = opcount.count(lambda: _segment(segment_stage, large))
    assert cost_large <= GROWTH * cost_small, f"{case.name}: {cost_small:,} -> {cost_large:,} steps for twice the text"
    per_char = cost_large / len(large)
    assert per_char <= RATIO * articles.segment_per_char, (
        f"{case.name}: {per_char:.0f} steps per character, articles {articles.segment_per_char:.0f}"
    )


def _check_metrics(text: str) -> int:
    metrics = figures.extract(text, "2024-05-01", [])
    last = -1
    for m in metrics:
        assert last <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
        assert math.isfinite(m.value) and (m.value_max is None or math.isfinite(m.value_max))
        last = m.start
    return len(metrics)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_normalize_work_grows_linearly(case: hostile_corpus.Case, segment_stage: Stage, articles: Yardstick) -> None:
    # The hostile text as it reaches normalize after cleaning, and as it is
    # (the stage must not rely on cleaning having removed anything).
    small_doc, large_doc = _segment(segment_stage, case.make(N)), _segment(segment_stage, case.make(2 * N))
    pairs = [(case.make(N), case.make(2 * N))]
    if small_doc is not None and large_doc is not None:
        pairs.append((small_doc.clean_text or "", large_doc.clean_text or ""))
    for small, large in pairs:
        _check_metrics(small)
        n_figures = _check_metrics(large)
        numerals = len(NUMERAL.findall(large))
        cost_small = opcount.count(lambda t=small: figures.extract(t, "2024-05-01", []))
        cost_large = opcount.count(lambda t=large: figures.extract(t, "2024-05-01", []))
        assert cost_large <= GROWTH * cost_small + FIXED, (
            f"{case.name}: {cost_small:,} -> {cost_large:,} steps for twice the text"
        )
        allowed = FIXED + RATIO * max(
            articles.normalize_per_char * len(large), articles.normalize_per_numeral * numerals
        )
        assert cost_large <= allowed, (
            f"{case.name}: {cost_large:,} steps for {len(large)} characters, {numerals} numerals, {n_figures} figures"
        )


def test_hmm_budget_is_what_articles_never_reach() -> None:
    # The seeds use at most 33 transitions per character; the budget is
    # about twice that, so they keep a margin.
    from bench.corpus import load_seeds
    from services.segment.cleaning import clean

    tok = resources.pos_tokenizer()
    for seed in load_seeds():
        text = clean(seed.text)
        list(tok.cut(text))
        budget = tok.last_budget
        assert budget is not None and budget.left > 0
        assert budget.used <= 0.6 * max(HMM_WORK_FLOOR, HMM_WORK_PER_CHAR * len(text))


def test_over_budget_runs_are_tagged_from_the_dictionary() -> None:
    tok = resources.pos_tokenizer()
    text = "丂" * 2000  # a character the HMM tables do not know: 256 states
    pieces = list(tok.cut(text))
    assert "".join(p.word for p in pieces) == text
    assert tok.last_budget is not None and tok.last_budget.left < 0
    assert all(p.word == "丂" and p.flag == tok.word_tag_tab.get("丂", "x") for p in pieces)
    # A new cut gets a new budget.
    assert [(p.word, p.flag) for p in tok.cut("苏州工业园区产值增长")] == [
        (p.word, p.flag) for p in tok.cut("苏州工业园区产值增长")
    ]
    assert HMMBudget.for_text("x").left == HMM_WORK_FLOOR
