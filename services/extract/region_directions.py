"""Regions: directional macro-regions (``东北``, ``西部``) and parts of a
province (``粤东``, ``苏南``) stand as places only where no place comes
right before them; a text that uses the word for part of another place
(``成渝中部``) means that part by its bare mentions too."""

from __future__ import annotations

import re

from docpipe.textclasses import is_han
from docpipe.wordlists import load_words

from .region_glue import _FREE, GLUE_FREQ, glued
from .resources import dictionary_words, region_tables

# A directional word right after one of these names part of that place.
_PART_OF = load_words("regions/part_of_chars.txt")
# China's own macro-regions follow its name (中国华东地区).
_CHINA = "中国"
# A demonstrative and its classifier (这座, 那片) open a description, no name.
_DEMONSTRATIVES = load_words("regions/demonstratives.txt")
# A compass part of a place (西北部, 南部): listed beside one with 、, a directional
# word is a part of the same place (在东部、西北部、南部分别建设), not China's macro-region.
_COMPASS_PART = re.compile("[东西南北中]{1,2}部")
_LIST_MARK = "、"


def _listed_with_compass_parts(text: str, start: int, end: int) -> bool:
    """The directional word stands in a list with 、 beside a compass part that is no
    region of its own (东部、西北部、南部: the parts of the place the text is about)."""
    forms = region_tables().forms
    m = _COMPASS_PART.match(text, end + 1) if text.startswith(_LIST_MARK, end) else None
    if m and m.group() not in forms and not text.startswith("部分", m.end() - 1):
        return True
    if start > 0 and text[start - 1] == _LIST_MARK:
        for k in (3, 2):
            word = text[max(0, start - 1 - k) : start - 1]
            if len(word) == k and _COMPASS_PART.fullmatch(word) and word not in forms:
                return True
    return False


def division_ends(spans: list[tuple[int, int, str]]) -> set[int]:
    """Ends of the places found, but for China: China's own regions follow
    its name (``中国华东地区``, ``辐射中国东部``) and are no part of a place; after
    another country the direction is that country's part (美国中西部)."""
    forms = region_tables().forms
    return {e for _, e, f in spans if not all(p.level == "country" and p.name == _CHINA for p in forms[f])}


def _part_of_before(text: str, start: int, place_ends: set[int]) -> bool:
    """A directional word right after a place names part of that place: after
    a place form (``四川西部``), a place head character (``高新区西部``), a run
    of province abbreviations (``川渝中部``) or a name the dictionary does not
    know (``遂潼中部``: city abbreviations). After a verb or a known word
    (``推动中部崛起``, ``我国东部``) it stands as China's macro-region."""
    if start in place_ends:
        return True
    if start == 0 or text[start - 1] in _PART_OF:
        return start > 0
    abbr = region_tables().abbr
    if text[start - 1] in abbr and (start == 1 or not is_han(text[start - 2])):
        return True  # ``浙西南地区`` opening a line: the province's part, not China's 西南
    prev = text[max(0, start - 2) : start]
    if len(prev) < 2 or not all(is_han(c) for c in prev) or text[start - 1] in _FREE:
        return False
    if prev[0] in _DEMONSTRATIVES:
        return False  # ``这座中部山区小城``: a demonstrative and a classifier, no name before
    if all(c in abbr for c in prev):
        return True
    if text.startswith("华", start):
        return False  # 华中, 华北 …: China's regions, never a part of an unknown name (X公司华中基地)
    return dictionary_words().get(prev, 0) == 0 and dictionary_words().get(text[start - 1], 0) < GLUE_FREQ


def _macro_stands(text: str, start: int, end: int, place_ends: set[int]) -> bool:
    """A directional region stands as a place unless it names part of the
    place before it (``四川西部``, ``高新区西部``), heads a longer word
    (``东北部``) or is glued into one."""
    if _part_of_before(text, start, place_ends) or _listed_with_compass_parts(text, start, end):
        return False
    # ``东北部`` (not ``华北部分区域``: 部分 is "some")
    if end < len(text) and text[end] == "部" and not text.startswith("部分", end):
        return False
    # ``闽东北``, ``川西南``: a longer direction, not the part named here.
    if end < len(text) and text[end] in "东西南北":
        return False
    return not glued(text, start, end)


def _directions_as_parts(text: str, spans: list[tuple[int, int, str]]) -> set[str]:
    """Directional forms the text uses for part of another place (``成渝中部``,
    ``四川西部``): elsewhere in that text the bare word (``中部崛起``) is
    shorthand for the same part, not China's macro-region. ``中部地区`` after
    a place is such a part too; standing alone it still counts."""
    tables = region_tables()
    place_ends = division_ends(spans)
    out: set[str] = set()
    for start, end, form in spans:
        if all(p.form == "macro" for p in tables.forms[form]) and (
            _part_of_before(text, start, place_ends) or _listed_with_compass_parts(text, start, end)
        ):
            bare = form[:-2] if form.endswith("地区") else form
            out.add(bare)
    return out
