"""One character for another (or none): control characters and line ends,
full-width forms, spun characters, the comma beside Chinese text, spaces
inside figures. Each replacement is 1:1 or a deletion, so offsets map exactly.
"""

from __future__ import annotations

import re

from ..offsets import Edit
from .step import CJK_PUNCT, HAN, SPACES, Step, sub_finder

# --- 1. control characters and line ends -------------------------------------

# Deleted outright: zero-width characters and soft hyphens; NUL and the other
# C0/C1 controls (not tab or the line ends above); bidi embeddings, overrides,
# isolates and marks (U+202E shows a text in reverse on a page: "spoofing").
_INVISIBLE = (
    r"\u200b\u200c\u200d\u2060\ufeff\u00ad"
    r"\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f"
    r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
)
_CONTROL = re.compile(f"\\r\\n?|[\\u2028\\u2029\\x0b\\x0c\\x85]|[{_INVISIBLE}]+|\\u00a0")


def _control_repl(m: re.Match[str]) -> str:
    c = m.group()
    if c in "\r\u2028\u2029\x0b\x0c\x85":
        return "\n"
    if c == "\u00a0":
        return " "
    return ""


def _find_control(text: str) -> list[Edit]:
    out = []
    for m in _CONTROL.finditer(text):
        if m.group() == "\r\n":
            out.append(Edit(m.start(), m.start() + 1))  # delete '\r', keep '\n'
        else:
            out.append(Edit(m.start(), m.end(), _control_repl(m)))
    return out


normalize_line_ends = Step(
    "normalize_line_ends",
    _find_control,
    "CR/CRLF and Unicode line separators to \\n; zero-width characters, soft hyphens, NUL and other control "
    "characters and bidi controls (U+202A-U+202E, U+2066-U+2069, LRM/RLM/ALM) removed; NBSP to space.",
)

# --- 2. full-width characters ------------------------------------------------

_FULLWIDTH_ALWAYS = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05]")
# Only full-width forms. Em and en dashes between digits (1—10月, 2024—2026年)
# are ordinary Chinese range typography, not width variants: they stay, so a
# title quoted in 《》 keeps its own characters; normalize reads them as ranges.
_FULLWIDTH_IN_FIGURES = re.compile("(?<=[0-9\uff10-\uff19])[\uff0f\uff0d\uff0e\uff0b\uff1a](?=[0-9\uff10-\uff19])")
_FIGURE_SYMBOL = {"\uff0f": "/", "\uff0d": "-", "\uff0e": ".", "\uff0b": "+", "\uff1a": ":"}


def _find_fullwidth(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), chr(ord(m.group()) - 0xFEE0)) for m in _FULLWIDTH_ALWAYS.finditer(text)]
    edits += [Edit(m.start(), m.end(), _FIGURE_SYMBOL[m.group()]) for m in _FULLWIDTH_IN_FIGURES.finditer(text)]
    return edits


unify_fullwidth = Step(
    "unify_fullwidth",
    _find_fullwidth,
    "Full-width digits, Latin letters and ％ to ASCII; ／－．＋：to ASCII between digits "
    "(3－5座 → 3-5座, 1／10 → 1/10). Chinese punctuation (，：（）) stays.",
)

# --- 3. spun characters ------------------------------------------------------

# Characters that content spinners substitute for common ones, each with the
# context in which the substitute is a real word and must stay. Kept small on
# purpose: only substitutes that are (nearly) never right in news prose.
SPUN: dict[str, tuple[str, str | None]] = {
    "蕞": ("最", "尔"),  # 蕞尔 (tiny) is a real word
}
_SPUN_RE = re.compile(
    "|".join(re.escape(k) + (f"(?!{re.escape(keep)})" if keep else "") for k, (_, keep) in SPUN.items())
)

fix_spun_chars = Step(
    "fix_spun_chars",
    sub_finder(_SPUN_RE, lambda m: SPUN[m.group()][0]),
    "Spun characters back to the usual ones (蕞 → 最, but 蕞尔 stays).",
)


# --- 6. punctuation and figures --------------------------------------------------

_CJK_CHAR = re.compile(f"[{HAN}{CJK_PUNCT}]")


def _find_commas(text: str) -> list[Edit]:
    edits: list[Edit] = []
    n = len(text)
    for i in (m.start() for m in re.finditer(",", text)):
        # Spaces around the comma, scanned by hand: a regex with a leading
        # [spaces]* would be quadratic on long runs of spaces.
        lo = i
        while lo > 0 and text[lo - 1] in SPACES:
            lo -= 1
        hi = i + 1
        while hi < n and text[hi] in SPACES:
            hi += 1
        if edits and lo < edits[-1].end:  # ",,": spaces already claimed by the previous comma
            lo = max(i, edits[-1].end)
        before = text[lo - 1] if lo > 0 else ""
        after = text[hi] if hi < n else ""
        digits = text[i + 1 : i + 4]
        grouping = (
            lo == i
            and hi == i + 1
            and before.isdigit()
            and len(digits) == 3
            and digits.isdigit()
            and not text[i + 4 : i + 5].isdigit()
        )
        if grouping or not (_CJK_CHAR.match(before or " ") or _CJK_CHAR.match(after or " ")):
            continue
        if lo < i:
            edits.append(Edit(lo, i))
        edits.append(Edit(i, i + 1, "，"))
        if i + 1 < hi:
            edits.append(Edit(i + 1, hi))
    return edits


chinese_commas = Step(
    "chinese_commas",
    _find_commas,
    "An ASCII comma next to Chinese text becomes '，' (spaces around it go); a comma grouping "
    "digits (1,352) and commas in Latin text stay.",
)

_FIGURE_SPACE = re.compile(f"(?<=[0-9%‰])[{SPACES}]+(?=[{HAN}])|(?<=[{HAN}])[{SPACES}]+(?=[0-9])")


def _find_figure_spaces(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end()) for m in _FIGURE_SPACE.finditer(text)]


tighten_figures = Step(
    "tighten_figures",
    _find_figure_spaces,
    "Spaces between a figure and Chinese text go: 2017 年 → 2017年, 3.83 亿元, 30 余家, 共有 152 家.",
)
