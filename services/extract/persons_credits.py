"""Credit lines whose names are no persons: an editor's, reviser's,
translator's or correspondent's credit (``发稿 张喜良；审校 乔艳红``,
``编译 许娜/王琛``, ``编辑／ 钱立富孙妍``, ``通讯员蒋林林``). The contract's gold
labels no name on an editor's credit (【编辑:刘阳禾】); a reporter's or
author's byline (记者, 作者) still names people. Read by the persons recogniser
and, at the resolver, by ``pseudonyms.drop``, so that no source (LAC, the
second model after a title word) brings such a name back.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right

from docpipe.textclasses import HAN
from docpipe.wordlists import alternation

_BYLINE_LABELS = alternation("persons/byline_labels.txt")
_EDITOR_LABELS = alternation("persons/editor_labels.txt")
_CREDIT_LABELS = _BYLINE_LABELS + "|" + _EDITOR_LABELS
# The label at a line's start or after a mark or space, then names separated by
# spaces, / or 、 up to the next label (another editor's opens a credit of its own,
# a byline's names people), a clause mark or the line's end.
_EDITOR_CREDIT = re.compile(
    rf"(?:(?<=[\s;；,，、|｜（(【\[])|^)(?:{_EDITOR_LABELS})[ \u3000:：|/｜／]*"
    rf"((?:(?!(?:{_CREDIT_LABELS}))[{HAN}]{{1,4}}[ \u3000/／、]*)+)",
    re.M,
)


def credit_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of the names of every editor's or correspondent's
    credit: disjoint, in text order (one scan of the text)."""
    return [m.span(1) for m in _EDITOR_CREDIT.finditer(text)]


def on_credit(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` lies inside one of ``spans`` (as ``credit_spans``
    gives them): one binary search, not a pass over every credit (issue #15)."""
    i = bisect_right(spans, (start, math.inf)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]
