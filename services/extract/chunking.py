"""Cutting a text into the pieces a sequence model reads, and grouping them
into batches: shared by LAC (``ner.py``, ``lac_batch.py``) and the second
model (``foolnltk.py``), which differ only in their limits.

A text is cut at line ends, then at sentence ends; a sentence longer than
the model's limit is cut at clause marks and packed back into pieces up to
the limit (a single longer clause is cut hard). Blanks at a piece's ends are
left out: they carry no tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

LINE = re.compile(r"[^\n\r]+")
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
CLAUSE_END = re.compile(r"(?<=[，,、：:])")


def pieces(segment: str, pattern: re.Pattern[str]) -> list[str]:
    return [p for p in pattern.split(segment) if p]


def pack(clauses: list[str], max_chunk: int) -> list[str]:
    """Clauses joined back into pieces of at most ``max_chunk`` characters
    (a single longer clause is cut hard)."""
    packed: list[str] = []
    cur = ""
    for clause in clauses:
        while len(clause) > max_chunk:
            if cur:
                packed.append(cur)
                cur = ""
            packed.append(clause[:max_chunk])
            clause = clause[max_chunk:]
        if len(cur) + len(clause) > max_chunk:
            packed.append(cur)
            cur = ""
        cur += clause
    if cur:
        packed.append(cur)
    return packed


def spans(text: str, max_chunk: int) -> list[tuple[int, int]]:
    """(start, end) of every non-blank piece of ``text``, in order."""
    out: list[tuple[int, int]] = []
    for line in LINE.finditer(text):
        pos = line.start()
        for sentence in pieces(line.group(), SENTENCE_END):
            parts = [sentence] if len(sentence) <= max_chunk else pack(pieces(sentence, CLAUSE_END), max_chunk)
            for part in parts:
                lead = len(part) - len(part.lstrip())
                core = part.strip()
                if core:
                    out.append((pos + lead, pos + lead + len(core)))
                pos += len(part)
    return out


def batches(order: list[int], lengths: list[int], size: int, max_pad_ratio: float) -> list[list[int]]:
    """Indices (``order`` sorted by length) grouped by similar length: at
    most ``size`` a batch, the longest at most ``max_pad_ratio`` times the
    shortest (or 8 characters)."""
    out: list[list[int]] = []
    cur: list[int] = []
    for i in order:
        if cur and (len(cur) >= size or lengths[i] > max_pad_ratio * max(lengths[cur[0]], 8)):
            out.append(cur)
            cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    return out


# Characters whose ids ``CharIds`` keeps in a table (the Basic Multilingual Plane).
TABLE_SIZE = 0x10000


class CharIds:
    """A model's vocabulary id of every character of a text, as one numpy
    array: ``lookup`` (the model's own per-character rule) is called once
    per code point of the Basic Multilingual Plane when the table is built,
    and at run time only for characters beyond it, so ``ids(text)`` is
    ``[lookup(c) for c in text]`` without a Python call per character."""

    def __init__(self, lookup: Callable[[str], int], dtype: type[np.integer]) -> None:
        self.lookup = lookup
        self.dtype = dtype
        self.table = np.fromiter((lookup(chr(c)) for c in range(TABLE_SIZE)), dtype=dtype, count=TABLE_SIZE)

    def ids(self, text: str) -> np.ndarray:
        # One code point per character (a lone surrogate included), as len(text) counts them.
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if not points.size or points.max() < TABLE_SIZE:
            return self.table[points]
        out = np.empty(points.size, dtype=self.dtype)
        small = points < TABLE_SIZE
        out[small] = self.table[points[small]]
        out[~small] = [self.lookup(chr(c)) for c in points[~small].tolist()]
        return out
