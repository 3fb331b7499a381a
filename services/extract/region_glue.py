"""Regions: whether a form found in the text is a place there or part of
something else: glued into a dictionary word with a neighbour (``三明治``),
read across two words (``新增|城市``), an ordinary word (``城区``, ``白银``)
or inside a short quoted nickname (“中国光谷”)."""

from __future__ import annotations

from functools import lru_cache

from docpipe.textclasses import is_han
from docpipe.wordlists import load_words

from .quotes import enclosing_quote
from .resources import dictionary_words, park_cores, region_tables, word_tags

# A two-character word crossing a form's edge with at least this frequency in
# jieba's dictionary glues the form into a longer word.
GLUE_FREQ = 40
# Characters that never glue a place to a word around it (prepositions, particles).
# 等 closes a list (青海等西北省区): it never glues, nor names a place before a direction.
_FREE = load_words("regions/free_chars.txt")
_QUOTES = {"“": "”", '"': '"', "「": "」", "‘": "’"}
# Longest quoted phrase that is treated as a nickname rather than a quotation.
NICKNAME_MAX = 6
QUOTED_NAME_MAX = 12
# Parts of speech that mark a dictionary word as an ordinary word, and the
# frequency from which such a word is read as the word rather than the place.
_COMMON_TAGS = {
    "a",
    "ad",
    "an",
    "b",
    "c",
    "d",
    "f",
    "i",
    "l",
    "m",
    "nrt",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "vd",
    "vn",
    "z",
}
COMMON_FREQ = 300


def glued(text: str, start: int, end: int, right: bool = True) -> bool:
    """True when the span's first or last character forms a dictionary word
    with the character outside it (the last only when ``right``)."""
    words = dictionary_words()
    tags = word_tags()
    forms = region_tables().forms

    def word(w: str) -> bool:
        # A crossing word that is itself a place form (``浙江宁波``: 江宁) glues nothing.
        return words.get(w, 0) >= GLUE_FREQ and w not in forms

    if start > 0:
        prev = text[start - 1]
        # ``跃居中部``: 居中 crosses the edge, but the word ending right before
        # the place (跃居) claims its character, as segmentation reads it; so does
        # the place's own province or city (山西|晋城, 广东|江门, 江苏|南京: not 西晋, 东江, 苏南).
        if (
            is_han(prev)
            and prev not in _FREE
            and word(prev + text[start])
            and not (start > 1 and word(text[start - 2 : start]))
            and not _longer_word_ends(text, start)
            and not after_its_own_place(text, start, end)
        ):
            return True
    if right and end < len(text):
        nxt = text[end]
        # ``中国企业``: 国企 crosses the edge, but 企业 after the place is the
        # likelier word (segmentation picks the more frequent reading).
        if (
            is_han(nxt)
            and nxt not in _FREE
            and word(text[end - 1] + nxt)
            and words.get(text[end : end + 2], 0) <= words.get(text[end - 1] + nxt, 0)
            and not _name_follows(text, end)
        ):
            return True
    # Inside an idiom or set phrase of the dictionary (``科教兴国``).
    for lo in range(max(0, start - 2), start + 1):
        for hi in range(end, min(len(text), end + 2) + 1):
            if (lo, hi) != (start, end) and 3 <= hi - lo <= 4 and tags.get(text[lo:hi], (0, ""))[1] in ("i", "l"):
                return True
    return False


def _longer_word_ends(text: str, start: int) -> bool:
    """A dictionary word of three or four characters ends right before the
    place (``新华社|长春``: not 社长): it claims its last character, as
    segmentation reads it."""
    tags = word_tags()
    return any(tags.get(text[start - k : start], (0, ""))[0] >= GLUE_FREQ for k in (3, 4) if start >= k)


def _across_words(text: str, start: int, end: int) -> bool:
    """A division name read across two words (``新增|城市``: 增城市): its first
    character makes a word with the one before, and its last two are a word of
    their own (城市, 城区 …), so the name is two words' halves, not a place."""
    if start == 0 or end - start < 3 or after_its_own_place(text, start, end):
        return False
    prev = text[start - 1]
    if not is_han(prev) or prev in _FREE:
        return False
    words = dictionary_words()
    forms = region_tables().forms
    left, right = prev + text[start], text[end - 2 : end]
    return (
        words.get(left, 0) >= GLUE_FREQ
        and left not in forms
        and words.get(right, 0) >= GLUE_FREQ
        and right not in forms
    )


def across_a_place(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The candidate spans without a county's or district's full name read
    across a province's or city's name and a word (``上海|城市群``, ``珠海|城市``:
    not 海城市): its first character closes the place before it and its last
    two are a word of their own, so the text holds the place and the word, not
    the county. Dropping it before the longest spans win lets the place stand.
    ``spans``: every (start, end, form) the automaton finds."""
    forms = region_tables().forms
    words = dictionary_words()
    # Ends of the province and city forms (上海, 珠海, 北海市 …).
    place_ends: dict[int, int] = {}
    for s, e, f in spans:
        if any(p.level in ("province", "city") and p.division is not None for p in forms[f]):
            place_ends[e] = min(s, place_ends.get(e, s))
    out = []
    for s, e, f in spans:
        places = forms[f]
        right = text[e - 2 : e]
        if (
            e - s >= 3
            and place_ends.get(s + 1, s) < s
            and places
            and all(p.form in ("full", "old") and p.level in ("county", "district") for p in places)
            and words.get(right, 0) >= GLUE_FREQ
            and right not in forms
        ):
            continue
        out.append((s, e, f))
    return out


# Longest place form read back from a division's start for its province or city (内蒙古自治区).
_OWN_PLACE_MAX = 8


def after_its_own_place(text: str, start: int, end: int) -> bool:
    """The division at ``start:end`` is written right after its own province or
    city (山西|晋城市, 湖北|监利, 江苏|南京|建邺): an address, so a word crossing the
    edge between them (西晋, 北监, 苏南) is no reading of the text. Unlike 上海|城市群,
    where 海城市 is no division of 上海."""
    forms = region_tables().forms
    mine = {
        (d.parent, d.province)
        for p in forms.get(text[start:end], ())
        if p.level in ("city", "district", "county") and (d := p.division) is not None
    }
    if not mine:
        return False
    owners = {n for pair in mine for n in pair}
    for k in range(2, min(_OWN_PLACE_MAX, start) + 1):
        if any(p.name in owners for p in forms.get(text[start - k : start], ())):
            return True
    return False


def _name_follows(text: str, end: int) -> bool:
    """Another place or a park's core right after (``西安|西咸``, ``贵阳|贵安``):
    a name follows, so a word crossing into it glues nothing."""
    forms = region_tables().forms
    cores = _core_names()
    return any(text[end : end + k] in forms or text[end : end + k] in cores for k in (2, 3, 4))


@lru_cache(maxsize=1)
def _core_names() -> frozenset[str]:
    return frozenset(c[:-2] if c.endswith("新区") else c for c in park_cores())


def _in_nickname(text: str, start: int, end: int) -> bool:
    """Inside a short quoted phrase that is more than the place itself, or
    opening a longer one."""
    quote = enclosing_quote(text, start, end, NICKNAME_MAX, _QUOTES)
    if quote is not None:
        return quote != (start - 1, end)
    # A longer quoted phrase that opens with the place (“中国最富裕县城”,
    # “中国创造的智能之手”) is a name or slogan made on it.
    quote = enclosing_quote(text, start, end, QUOTED_NAME_MAX, _QUOTES)
    return quote is not None and quote[0] == start - 1


# Division names and short forms that are phrases of town planning (新城区, 古城, 老城区).
PHRASE_NAMES = load_words("regions/phrase_division_names.txt")


def _generic_name(form: str) -> bool:
    """A division name that reads as an ordinary word: two characters
    (``城区``, ``郊区``, ``矿区``), a phrase of town planning (``新城区``:
    regions/phrase_division_names.txt) or a frequent common word of the
    dictionary."""
    return (
        len(form) <= 2
        or form in PHRASE_NAMES
        or common_word(form)
        or (word_tags().get(form, (0, ""))[1:] == ("n",) and word_tags()[form][0] >= COMMON_FREQ)
    )


def _common_noun(form: str) -> bool:
    freq, tag = word_tags().get(form, (0, ""))
    return tag == "n" and freq >= COMMON_FREQ


def common_word(form: str) -> bool:
    freq, tag = word_tags().get(form, (0, ""))
    return freq >= COMMON_FREQ and tag in _COMMON_TAGS


def load_resources() -> None:
    """The core names this module reads (the regions recogniser's warm-up calls this)."""
    _core_names()
