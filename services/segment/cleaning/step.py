"""What a cleaning step is, the character classes the steps share, and the
line helpers most of them are built from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docpipe.textclasses import HAN_WIDE
from docpipe.wordlists import load_list

from ..offsets import Edit, apply_edits

# --- character classes -----------------------------------------------------

HAN = HAN_WIDE
# CJK punctuation and quotes that mark Chinese context for the comma rule.
CJK_PUNCT = "，。、；：？！“”‘’（）《》【】「」『』…—"
TERMINAL = "。！？!?…；;"
SPACES = " \t\u00a0\u3000\u2002\u2003\u2009\u200a\u202f\u205f"


@dataclass(frozen=True)
class Step:
    """One cleaning step: a name, what it handles, and how it finds its edits."""

    name: str
    find: Callable[[str], list[Edit]]
    doc: str = ""

    def __call__(self, text: str) -> str:
        return apply_edits(text, self.find(text))


def text_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end_without_newline, line) for every line, split at ``\\n`` only."""
    pos, n = 0, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        yield pos, end, text[pos:end]
        if nl < 0:
            break
        pos = nl + 1


def delete_line(text: str, start: int, end: int) -> Edit:
    """Delete a line's content and its newline (the blank-line tidy step merges the rest)."""
    return Edit(start, end + 1 if end < len(text) else end)


def line_dropper(pred: Callable[[str], bool]) -> Callable[[str], list[Edit]]:
    def find(text: str) -> list[Edit]:
        return [
            delete_line(text, s, e)
            for s, e, line in text_lines(text)
            if line.strip(SPACES) and pred(line.strip(SPACES))
        ]

    return find


class Sweep:
    """Sorted, disjoint spans asked about in text order: each question moves a
    pointer forward, so n questions over m spans cost n + m steps, not n × m
    (a text of 10,000 lines each with an inline note asked every line about
    every note)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.k = 0

    def overlaps(self, lo: int, hi: int) -> bool:
        """Does a span overlap [lo, hi)? ``lo`` must not decrease between calls."""
        spans, k = self.spans, self.k
        while k < len(spans) and spans[k][1] <= lo:
            k += 1
        self.k = k
        return k < len(spans) and spans[k][0] < hi


def sub_finder(
    pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str] | str = ""
) -> Callable[[str], list[Edit]]:
    def find(text: str) -> list[Edit]:
        out = []
        for m in pattern.finditer(text):
            r = repl(m) if callable(repl) else repl
            if r != m.group():
                out.append(Edit(m.start(), m.end(), r))
        return out

    return find


def is_prose(s: str) -> bool:
    """A line that reads as running text rather than a label or heading."""
    return "。" in s.rstrip("。") or len(s) > 120


def sentence_like(s: str) -> bool:
    return any(ch in s for ch in "，,；") or s.endswith(("。", "！", "？"))


def marked(s: str, pattern: re.Pattern[str]) -> bool:
    """A line carries the pattern's debris words: one is enough for a label-like
    line, a line that reads as a sentence needs two different ones (so "扫码支付已
    覆盖全市" or "未经授权使用专利" in a story stay)."""
    words = {m.group() for m in pattern.finditer(s)}
    return len(words) >= (2 if sentence_like(s) else 1)


# A bar of page actions and networks (点赞 在看 分享, 打印 | 关闭 | 收藏, 微信 微博 QQ空间):


# Decoration around a heading (brackets, arrows, bullets, rules).
DECOR = "\u3010\u3011\\[\\]<>《》「」『』()（）▌■□●○◆◇▶►▷▸◂◀◄➤➜→★☆>»›·•|｜:：\\-—_=~↓▼▽👇 \t\u3000"

# Lines longer than this are no header, crumb or tag line.
SHORT = 100


def vocabulary(name: str) -> str:
    """The entries of ``docpipe/data/cleaning/<name>`` as one alternation, in
    file order (at one place the first entry that matches wins); each entry
    is a regular expression as written, most of them plain words."""
    return "|".join(load_list(f"cleaning/{name}"))
