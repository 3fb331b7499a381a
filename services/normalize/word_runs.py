"""Runs of words: what ``(?:w1|w2|…)+$`` and ``^(?:w1|w2|…)*$`` match, decided
in time linear in the text (issue #15).

``re`` backtracks: where the pieces can spell one stretch in several ways
(年均复合 is 年均复合 or 年均 + 复合; 2020年均 is 2020年 + 均 or 2020 + 年均;
达到 is 达到 or 达 + 到), a stretch of k such pieces that fails at its last
character is tried in 2^k ways before the pattern gives up: 22 repeats of
年均复合 before a change word took 3 s in one figure's measure, and a few more
characters hours. Here each position of the text is visited once, with the
pieces that can start there (a set lookup per piece length, and a few token
patterns whose match has one length), so the answer is the regex's answer at
a cost of about the text's length times the number of piece lengths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence


class WordRun:
    """The pieces of a run: literal ``words`` and ``tokens`` (patterns that,
    where they match at a position, match one length only: ``(?:19|20)\\d{2}``,
    ``1-\\d+月``). Methods answer as the corresponding regexes over the same
    pieces would (with ``$`` meaning the end of the text: callers fold
    whitespace away, and a trailing newline is kept out of the run)."""

    def __init__(self, words: Iterable[str], tokens: Sequence[re.Pattern[str]] = ()) -> None:
        self.words = frozenset(w for w in words if w)
        self.lengths = sorted({len(w) for w in self.words})
        self.tokens = tuple(tokens)
        # (with words only: a run ends with a word's last character, and no
        # word is longer than this; run_start stops where nothing can reach)
        self.last_chars = frozenset(w[-1] for w in self.words)
        self.longest = max(self.lengths, default=0)

    def _ends(self, text: str, i: int) -> Iterable[int]:
        """The ends of the pieces that start at ``i``."""
        for n in self.lengths:
            if text[i : i + n] in self.words:
                yield i + n
        for token in self.tokens:
            m = token.match(text, i)
            if m and m.end() > i:
                yield m.end()

    def is_run(self, text: str) -> bool:
        """``^(?:pieces)*$``: ``text`` (possibly empty) is pieces written together."""
        body = text[:-1] if text.endswith("\n") else text
        reached = bytearray(len(body) + 1)
        reached[0] = 1
        for i in range(len(body)):
            if reached[i]:
                for e in self._ends(body, i):
                    if e <= len(body):
                        reached[e] = 1
        return bool(reached[len(body)])

    def run_start(self, text: str) -> int | None:
        """Where ``(?:pieces)+$`` found by ``search`` starts: the first position
        from which the rest of the text (before a final newline) is one or more
        pieces; None when there is none."""
        body = text[:-1] if text.endswith("\n") else text
        n = len(body)
        if not self.tokens and (n == 0 or body[-1] not in self.last_chars):
            return None  # no word ends the text (one test, not a walk over it: issue #15)
        good = bytearray(n + 1)
        good[n] = 1
        first: int | None = None
        for i in range(n - 1, -1, -1):
            if not self.tokens and (n if first is None else first) - i > self.longest:
                break  # no word from here reaches a start of the run, nor from further back
            if any(e <= n and good[e] for e in self._ends(body, i)):
                good[i] = 1
                first = i
        return first

    def cut(self, text: str) -> str:
        """``re.sub`` of ``(?:pieces)+$`` with nothing: the text without the run
        of pieces that ends it."""
        start = self.run_start(text)
        if start is None:
            return text
        return text[:start] + ("\n" if text.endswith("\n") else "")
