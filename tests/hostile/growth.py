"""The growth harness of the hostile stage tests (test_hostile_extract.py,
test_hostile_normalize.py): a case's text at N, 2N and 4N characters, made
ready for the stage under test, and the check that what one more character
costs between 2N and 4N is at most 5 % more than between N and 2N (plus 1 %
of what a character of the seed articles costs, for chunk-boundary effects
and cases whose first step costs nothing). Comparing marginal costs cancels
the stage's fixed cost, so a small N still shows a term quadratic in the
text: q*n*n adds 3qN per character to the first and 6qN to the second.

The costs are counted by the caller (opcount.py steps, characters scanned),
so every measure of every stage is held to the same rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import hostile_corpus

from docpipe.document import Document
from docpipe.errors import EmptyText
from docpipe.ingest import new_document

# The sizes compared, in multiples of a test's N.
SCALES = (1, 2, 4)
GROWTH = 1.05
SLACK = 0.01  # times an article's cost per character


def prepared(text: str, stage: Callable[[Document], Document]) -> Document | None:
    """``text`` as a document run through ``stage``, or None for a blank text
    (the only text ingest refuses)."""
    try:
        doc = new_document(text)
    except EmptyText:
        assert not text.strip(), "only a blank text is refused"
        return None
    return stage(doc)


def at_scales(case: hostile_corpus.Case, n: int, stage: Callable[[Document], Document]) -> list[Document] | None:
    """The case at each of SCALES times ``n`` characters, prepared by
    ``stage``; None when it is blank (at every size, asserted)."""
    docs = [prepared(case.make(k * n), stage) for k in SCALES]
    ready = [d for d in docs if d is not None]
    if len(ready) < len(docs):
        assert not ready, f"{case.name}: blank at some sizes only"
        return None
    return ready


def sizes(docs: Sequence[Document]) -> list[int]:
    """Each document's clean text length: what a cost is per character of."""
    return [len(d.clean_text or "") for d in docs]


def assert_linear(
    name: str,
    what: str,
    chars: Sequence[int],
    costs: Sequence[int],
    per_article: float,
    *,
    allowance: float = 0.0,
    same_text_allowance: float = 0.0,
    detail: str = "",
) -> None:
    """The marginal cost per character between 2N and 4N is at most GROWTH
    times the one between N and 2N, plus SLACK times ``per_article`` (an
    article's cost per character in the same measure) and ``allowance``.
    Where cleaning leaves the same text at every size, the cost on it stays
    within GROWTH times the smallest one plus ``same_text_allowance``."""
    (n1, n2, n4), (c1, c2, c4) = chars, costs
    counts = f"{c1:,} / {c2:,} / {c4:,} {what} for {n1} / {n2} / {n4} characters{detail}"
    if n1 < n2 < n4:
        first, second = (c2 - c1) / (n2 - n1), (c4 - c2) / (n4 - n2)
        assert second <= GROWTH * first + SLACK * per_article + allowance, (
            f"{name}: {first:,.1f} -> {second:,.1f} {what} per more character ({counts})"
        )
    else:  # cleaning leaves the same few characters whatever the size
        assert n1 == n2 == n4 and c4 <= GROWTH * c1 + same_text_allowance, (
            f"{name}: {c1:,} -> {c4:,} {what} for the same text ({counts})"
        )
