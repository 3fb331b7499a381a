"""No input can stall the extract stage (issue #15).

Every case of the hostile corpus (cases.json) goes through segment, then the
whole extract stage (LAC, the FoolNLTK model, every recogniser, the
resolver), at N, 2N and 4N characters, and the tests assert

- that the work grows with the text and no faster, counted in Python steps
  (opcount.py, the same on every machine): what one more character costs
  between 2N and 4N is at most 5 % more than between N and 2N (plus 1 % of an
  article's cost per character, for chunk-boundary effects on the cheapest
  cases). Comparing those marginal costs cancels the stage's fixed cost
  (about 58,000 steps for one character), so a small N still shows a term
  quadratic in the text: q*n*n adds 3qN per character to the first and 6qN
  to the second. At 2013e44 three cases failed: entity_run 1,996 -> 2,469,
  org_figures 1,234 -> 1,336 (both fixed by e1e3656), han_runs 299 -> 360
  (201090d); every linear case is within 0.95-1.06;
- that a character costs at most 5 times what a character of the seed
  articles costs in the same measure, plus the fixed cost of one call;
- that the two models, the only work outside Python, get linear input: each
  model call's rows are at most the model's chunk limit (ner.MAX_CHUNK,
  foolnltk.MAX_CHUNK) and all rows together at most 10 elements per character
  of the text (a batch's rows are padded to its longest, at most 1.15x or
  1.25x its shortest, or 8 characters: lac_batch, foolnltk). The encoders and
  CRFs cost a fixed amount per element of their input, so their work is
  linear in the text; their Viterbi and marginals decoding steps through the
  positions in Python (counted above), each numpy step over at most a batch
  of rows of a fixed number of tags;
- that the entities point into the text.

What the count cannot see is the work inside one C call (a regular
expression scanning a whole line once per candidate): regex_audit.py checks
the patterns for backtracking, unit tests count the calls of the known ones
(tests/unit/test_org_filters_linear.py), and ``make bench`` (bench/hostile.py)
gives each case's extract chars/s next to the articles'.

No test here reads a clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import growth
import hostile_corpus
import numpy as np
import onnxruntime as ort
import opcount
import pytest

from docpipe.ingest import new_document
from docpipe.pipeline import Stage, load_stage
from services.extract import foolnltk, ner

CASES = hostile_corpus.cases()
IDS = [c.name for c in CASES]
# The sizes compared: N, 2N and 4N characters (growth.py; the marginal costs
# cancel the fixed cost, so N can stay small enough for `make test`).
N = 800
RATIO = 5.0
# Each model's input rows, by feed name: the longest row allowed.
ROW_LIMITS = {"token_ids": ner.MAX_CHUNK, "char_inputs": foolnltk.MAX_CHUNK}
ELEMENTS_PER_CHAR = 10


@pytest.fixture(scope="module")
def extract_stage() -> Stage:
    stage = load_stage("extract")
    assert stage.warm_up is not None
    stage.warm_up()
    return stage


@pytest.fixture(scope="module")
def fixed_cost(segment_stage: Stage, extract_stage: Stage) -> int:
    """What one call costs whatever its text: the stage on one character
    (both models called, every recogniser run)."""
    doc = segment_stage.run(new_document("中"))
    extract_stage.run(doc.model_copy(deep=True))
    return opcount.count(lambda: extract_stage.run(doc))


@pytest.fixture(scope="module")
def articles_per_char(segment_stage: Stage, extract_stage: Stage) -> float:
    """The seed articles' extract steps per character of clean text (each
    article run once first, as each hostile case is: first-call costs, such
    as a pattern compiled on first use, stay out of both)."""
    from bench.corpus import load_seeds

    steps = chars = 0
    for seed in load_seeds():
        doc = segment_stage.run(new_document(seed.text))
        extract_stage.run(doc.model_copy(deep=True))
        steps += opcount.count(lambda d=doc: extract_stage.run(d))
        chars += len(doc.clean_text or "")
    return steps / chars


class _ModelInputs:
    """Records the shape of every model call's input rows (both models run
    through onnxruntime's InferenceSession.run)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []  # feed, rows, width

    def wrap(self, run: Any) -> Any:
        def recording(session: Any, output_names: Any, feeds: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            for name, value in feeds.items():
                if name in ROW_LIMITS:
                    rows, width = np.shape(value)
                    self.calls.append((name, rows, width))
            return run(session, output_names, feeds, *args, **kwargs)

        return recording


@pytest.fixture
def model_inputs(monkeypatch: pytest.MonkeyPatch) -> Iterator[_ModelInputs]:
    rec = _ModelInputs()
    monkeypatch.setattr(ort.InferenceSession, "run", rec.wrap(ort.InferenceSession.run))
    yield rec


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_extract_work_grows_linearly(
    case: hostile_corpus.Case,
    segment_stage: Stage,
    extract_stage: Stage,
    fixed_cost: int,
    articles_per_char: float,
) -> None:
    docs = growth.at_scales(case, N, segment_stage.run)
    if docs is None:
        return
    warm = growth.prepared(case.make(N), segment_stage.run)
    assert warm is not None
    extract_stage.run(warm)  # first-call costs stay out of the counts
    chars = growth.sizes(docs)
    costs = [opcount.count(lambda d=d: extract_stage.run(d)) for d in docs]
    growth.assert_linear(case.name, "steps", chars, costs, articles_per_char)
    n4, c4 = chars[2], costs[2]
    assert c4 <= fixed_cost + RATIO * articles_per_char * n4, (
        f"{case.name}: {(c4 - fixed_cost) / max(n4, 1):,.0f} steps per character, articles {articles_per_char:,.0f}"
    )
    big = docs[2]
    text = big.clean_text or ""
    for e in big.entities:
        assert 0 <= e.start < e.end <= len(text) and text[e.start : e.end] == e.text, e


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_extract_models_read_bounded_rows(
    case: hostile_corpus.Case, segment_stage: Stage, extract_stage: Stage, model_inputs: _ModelInputs
) -> None:
    doc = growth.prepared(case.make(4 * N), segment_stage.run)
    if doc is None:
        return
    n = len(doc.clean_text or "")
    extract_stage.run(doc)
    for feed, limit in ROW_LIMITS.items():
        calls = [(rows, width) for name, rows, width in model_inputs.calls if name == feed]
        assert not n or calls, f"{case.name}: no {feed} call for {n} characters"
        assert all(width <= limit for _, width in calls), f"{case.name}: a {feed} row longer than {limit}"
        elements = sum(rows * width for rows, width in calls)
        assert elements <= ELEMENTS_PER_CHAR * n, f"{case.name}: {elements:,} {feed} elements for {n} characters"
