"""Layout: indentation, repeated paragraphs, sentences cut by a page break,
blank-line runs, and the YAML front matter at the top.
"""

from __future__ import annotations

import re

from docpipe.wordlists import alternation

from ..offsets import Edit
from .step import HAN, SPACES, TERMINAL, Step, delete_line, text_lines

# --- 7. layout --------------------------------------------------------------------


def _find_line_spaces(text: str) -> list[Edit]:
    edits = []
    for s, e, line in text_lines(text):
        lead = len(line) - len(line.lstrip(SPACES))
        if lead == len(line):
            if line:
                edits.append(Edit(s, e))
            continue
        trail = len(line) - len(line.rstrip(SPACES))
        if lead:
            edits.append(Edit(s, s + lead))
        if trail:
            edits.append(Edit(e - trail, e))
    return edits


strip_line_spaces = Step(
    "strip_line_spaces",
    _find_line_spaces,
    "Indentation and trailing spaces of every line; whitespace-only lines become empty.",
)


def _paragraph_key(line: str) -> str:
    return "".join(line.split())


DEDUP_MIN_CHARS = 8


def _find_repeats(text: str) -> list[Edit]:
    seen: set[str] = set()
    edits = []
    for s, e, line in text_lines(text):
        key = _paragraph_key(line)
        if len(key) < DEDUP_MIN_CHARS:
            continue
        if key in seen:
            edits.append(delete_line(text, s, e))
        else:
            seen.add(key)
    return edits


drop_repeated_paragraphs = Step(
    "drop_repeated_paragraphs",
    _find_repeats,
    "A paragraph repeated verbatim (whitespace aside) is kept at its first place only.",
)

_ENUM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+[，,、])"
)
_CUT_END = re.compile(f"[{HAN}0-9A-Za-z%、，,“《(（]$")
_CONT_START = re.compile(f"^[{HAN}0-9A-Za-z，。、；：,;:)）》”%]")
_BULLETS = "◇◆■□●○▶►▷★☆•·-—※"
# A line opening with a writer's or photographer's short credit label and its mark
# (文｜财新 王婧，…, 图/李四: persons/byline_mark_labels.txt) is a credit line of its own,
# never the continuation of a title above it, whatever commas it holds.
_CREDIT_START = re.compile(
    rf"^(?:{alternation('persons/byline_mark_labels.txt', longest_first=True)})[ \u3000\xa0]*[/／|｜丨]"
)


def _unbalanced(s: str) -> bool:
    return (
        s.count("《") > s.count("》")
        or s.count("“") > s.count("”")
        or s.count("（") > s.count("）")
        or s.count("(") > s.count(")")
    )


def _is_cut(prev: str, nxt: str) -> bool:
    """Does ``prev`` end mid-sentence with ``nxt`` its continuation (a page break between)?"""
    if not _CUT_END.search(prev) or _ENUM_START.match(prev) or prev[0] in _BULLETS:
        return False
    prev_prose = len(prev) >= 10 and (any(c in prev for c in "，；。,") or _unbalanced(prev))
    if prev.endswith(("、", "，", ",")):
        prev_prose = True
    if not prev_prose:
        return False
    return (
        bool(_CONT_START.match(nxt))
        and any(c in nxt for c in "，。；！？,")
        and nxt[0] not in _BULLETS
        and not _CREDIT_START.match(nxt)
    )


def _find_page_breaks(text: str) -> list[Edit]:
    edits = []
    prev: tuple[int, int, str] | None = None
    for s, e, line in text_lines(text):
        if not line:
            continue
        if prev is not None and _is_cut(prev[2], line):
            cut_end = s
            # The page repeated the last character: '…发展水平' + '平。' -> '…发展水平。'
            if line[0] == prev[2][-1] and (len(line) == 1 or line[1] in TERMINAL + "，、,"):
                cut_end = s + 1
            if prev[2][-1].isascii() and prev[2][-1].isalnum() and line[0].isascii() and line[0].isalnum():
                # Latin words wrapped at a page break keep one space between them.
                edits.append(Edit(prev[1], prev[1] + 1, " "))
                edits.append(Edit(prev[1] + 1, cut_end))
            else:
                edits.append(Edit(prev[1], cut_end))
        prev = (s, e, line)
    return edits


join_page_breaks = Step(
    "join_page_breaks",
    _find_page_breaks,
    "A sentence cut by a page break is joined again (…也已成\\n\\n为… → …也已成为…): the first part "
    "is running text ending without punctuation, the second continues it; a character the page "
    "repeated (水平\\n\\n平。) is dropped.",
)

_BLANKS = re.compile(r"\n{3,}")


def _find_blank_runs(text: str) -> list[Edit]:
    edits = [Edit(m.start() + 2, m.end()) for m in _BLANKS.finditer(text)]
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - len(text.rstrip("\n"))
    if lead == len(text):
        return [Edit(0, len(text))] if text else []
    if lead:
        edits = [x for x in edits if x.start >= lead] + [Edit(0, lead)]
    if trail:
        edits = [x for x in edits if x.end <= len(text) - trail] + [Edit(len(text) - trail, len(text))]
    return edits


tidy_blank_lines = Step(
    "tidy_blank_lines", _find_blank_runs, "Runs of blank lines become one blank line; leading and trailing newlines go."
)


def _find_front_matter(text: str) -> list[Edit]:
    from .. import front_matter

    found = front_matter.span(text)
    return [Edit(found[0], found[1], "")] if found else []


drop_front_matter = Step(
    "drop_front_matter",
    _find_front_matter,
    "A YAML front matter block (---, key: value lines, ---) at the very top is metadata "
    "(metadata.py reads its title and date), not text.",
)
