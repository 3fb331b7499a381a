"""Edits on text that keep a map back to the raw offsets.

Every cleaning step is expressed as a list of :class:`Edit` (replace
``text[start:end]`` by ``replacement``) found on its input. Applied to a plain
string they give the step's ``str -> str`` result; applied to an
:class:`Aligned` text they also carry, for every character of the result, the
raw span it came from. Composing the steps this way keeps the raw offsets exact
without diffing texts afterwards.

Hand-written (about 100 lines) because the libraries that track offsets through
normalisation (e.g. ``textacy`` does not; ``spacy``'s alignment diffs token
strings) either do not keep them or would need a diff that is neither exact nor
cheap.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``.

    A replacement of the same length maps character for character; a deletion
    (empty replacement) leaves a gap in the raw map; any other replacement maps
    its characters to the whole replaced span.
    """

    start: int
    end: int
    replacement: str = ""


def _checked(edits: Iterable[Edit], length: int) -> list[Edit]:
    out = sorted(edits, key=lambda e: (e.start, e.end))
    last = 0
    for e in out:
        if e.start < last or e.end < e.start or e.end > length:
            raise ValueError(f"overlapping or out-of-range edit {e} (text length {length})")
        last = e.end
    return out


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """The text with the (non-overlapping) edits applied."""
    parts: list[str] = []
    pos = 0
    for e in _checked(edits, len(text)):
        parts.append(text[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


class Aligned:
    """A text with, per character, the raw span ``[starts[i], ends[i])`` it came from."""

    __slots__ = ("ends", "raw_length", "starts", "text")

    def __init__(self, text: str, starts: list[int], ends: list[int], raw_length: int) -> None:
        self.text = text
        self.starts = starts
        self.ends = ends
        self.raw_length = raw_length

    @classmethod
    def from_raw(cls, raw: str) -> Aligned:
        n = len(raw)
        return cls(raw, list(range(n)), list(range(1, n + 1)), n)

    def _point(self, i: int) -> int:
        """The raw position just before character ``i`` (or the end)."""
        if i < len(self.text):
            return self.starts[i]
        return self.ends[-1] if self.text else 0

    def apply(self, edits: Sequence[Edit]) -> Aligned:
        if not edits:
            return self
        text, starts, ends = self.text, self.starts, self.ends
        parts: list[str] = []
        new_s: list[int] = []
        new_e: list[int] = []
        pos = 0
        for e in _checked(edits, len(text)):
            parts.append(text[pos : e.start])
            new_s.extend(starts[pos : e.start])
            new_e.extend(ends[pos : e.start])
            n = len(e.replacement)
            if n:
                parts.append(e.replacement)
                if n == e.end - e.start:
                    new_s.extend(starts[e.start : e.end])
                    new_e.extend(ends[e.start : e.end])
                elif e.end > e.start:
                    new_s.extend([starts[e.start]] * n)
                    new_e.extend([ends[e.end - 1]] * n)
                else:  # insertion: an empty raw span at the insertion point
                    p = self._point(e.start)
                    new_s.extend([p] * n)
                    new_e.extend([p] * n)
            pos = e.end
        parts.append(text[pos:])
        new_s.extend(starts[pos:])
        new_e.extend(ends[pos:])
        return Aligned("".join(parts), new_s, new_e, self.raw_length)

    def raw_spans(self) -> list[tuple[int, int, int, int]]:
        """Runs ``(clean_start, clean_end, raw_start, raw_end)`` covering the text in order.

        Consecutive characters that each map to one raw character, raw
        positions contiguous, form one run (equal lengths: character for
        character). Characters sharing one wider or empty raw span form a run
        that maps as a whole.
        """
        s, e, n = self.starts, self.ends, len(self.text)
        runs: list[tuple[int, int, int, int]] = []
        if not n:
            return runs
        begin = 0
        for i in range(1, n + 1):
            if i < n:
                one_prev = e[i - 1] - s[i - 1] == 1
                one_here = e[i] - s[i] == 1
                if one_prev and one_here and s[i] == e[i - 1]:
                    continue
                if not one_prev and not one_here and s[i] == s[i - 1] and e[i] == e[i - 1]:
                    continue
            runs.append((begin, i, s[begin], e[i - 1]))
            begin = i
        return runs

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """The raw span covering clean ``[start, end)``."""
        if end <= start:
            p = self._point(start)
            return p, p
        return self.starts[start], self.ends[end - 1]


def raw_span(runs: Sequence[Sequence[int]], start: int, end: int) -> tuple[int, int]:
    """Where clean ``[start, end)`` lies in the raw text, from a document's ``raw_spans``.

    For a consumer that highlights an entity or token in what the user
    uploaded: the raw span runs from the raw position of the first character
    to that of the last, so it includes anything cleaning deleted in between
    (``2017 年`` for ``2017年``).
    """
    if not runs:
        return 0, 0
    clean_starts = [r[0] for r in runs]

    def locate(i: int) -> tuple[int, int]:
        k = max(bisect_right(clean_starts, i) - 1, 0)
        cs, ce, rs, re_ = runs[k][:4]
        if ce - cs == re_ - rs:
            return rs + (i - cs), rs + (i - cs) + 1
        return rs, re_

    if end <= start:
        p = locate(min(start, runs[-1][1] - 1))[0] if start < runs[-1][1] else runs[-1][3]
        return p, p
    return locate(start)[0], locate(end - 1)[1]
