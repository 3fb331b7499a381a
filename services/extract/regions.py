"""Regions: administrative divisions (with GB/T 2260 adcodes), economic regions
and countries, found with one Aho–Corasick scan over every written form.

Rules, all general (the tables carry the data):

- Full official names, old names, country names and economic regions count
  wherever they stand (overlap resolution in the stage drops those inside a
  longer organization or park name), except a full or old name read across
  two words: its first character makes a word with the one before and its
  last two are a word (``新增|城市``: not 增城市).
- Short forms (``烟台``, ``山东``) count unless glued to a neighbouring
  character as a dictionary word (``三明治``, ``增加纳税``).
- Short forms of districts and counties (``吴江``, ``黄埔``) are common words
  and repeat across the country: they count only when the text also names
  their city or province, or the division's full name (``永康市``, even inside
  an organization's name), which also tells which division is meant.
- Directional macro-regions (``东北``, ``西部``) count only where they stand
  as a place: after a boundary, not inside a phrase (``高新区西部投资``), not
  after a place, a run of abbreviations or an unknown name (``成渝中部``,
  ``川渝中部``, ``遂潼中部``); once a text uses the word for such a part, its
  other bare mentions (``中部崛起``) are that part too.
- A place before a likelier word wins over a word crossing its edge
  (``中国企业``: 企业, not 国企). 我国 is no entity.
- A place inside a short quoted nickname (“中国光谷”, “华北药都”) is part of
  a name, not a place.
- One-character province forms count only in runs (``沪苏浙皖``, ``苏、浙、皖``,
  or two before a collective head: ``川渝两地``), not where the run's last
  character forms a word with the next (``港澳台商``: 台商, ``沪市``).
- Parts of a province (``粤东``, ``苏南``, ``皖北``) are economic regions read
  like the directional ones; a longer direction (``闽东北``) is not one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docpipe.document import Entity

from .analysis import Analysis
from .candidates import Candidate, Found, candidates
from .quotes import enclosing_quote
from .resources import (
    LEVEL_RANK,
    Place,
    ambiguous_short_forms,
    dictionary_words,
    foreign_cities,
    park_cores,
    region_tables,
    word_tags,
)
from .textclasses import HAN, is_han
from .wordlists import alternation, load_list, load_words

# A two-character word crossing a form's edge with at least this frequency in
# jieba's dictionary glues the form into a longer word.
GLUE_FREQ = 40
# Characters that never glue a place to a word around it (prepositions, particles).
# 等 closes a list (青海等西北省区): it never glues, nor names a place before a direction.
_FREE = load_words("regions/free_chars.txt")
_QUOTES = {"“": "”", '"': '"', "「": "」", "‘": "’"}
# Longest quoted phrase that is treated as a nickname rather than a quotation.
NICKNAME_MAX = 6
_ABBR_SEP = set("、,，")
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
# A short form followed by one of these names a street, river or landmark
# (``长安街``, ``中山路``, ``黄浦江``), not the division.
_LANDMARK_NEXT = load_words("regions/landmark_chars.txt")
# A short form that opens an event's or facility's name (``浦江创新论坛``,
# ``湛江钢铁基地``) is part of that name, not a place of its own.
# A hub named after its city (``成都国际铁路港``, ``重庆国际陆港``) is a facility
# too: the label convention counts no region inside it.
_NAME_HEAD = re.compile(rf"[{HAN}]{{0,4}}?(" + alternation("regions/name_heads.txt") + ")")

# A country followed by these is an adjective or an ethnic group
# (``中国特色``, ``德国式``, ``朝鲜族``).
_ADJECTIVE_NEXT = load_list("regions/adjective_next.txt")
# A directional word right after one of these names part of that place.
_PART_OF = load_words("regions/part_of_chars.txt")


def glued(text: str, start: int, end: int) -> bool:
    """True when the span's first or last character forms a dictionary word
    with the character outside it."""
    words = dictionary_words()
    tags = word_tags()
    forms = region_tables().forms

    def word(w: str) -> bool:
        # A crossing word that is itself a place form (``浙江宁波``: 江宁) glues nothing.
        return words.get(w, 0) >= GLUE_FREQ and w not in forms

    if start > 0:
        prev = text[start - 1]
        if is_han(prev) and prev not in _FREE and word(prev + text[start]):
            return True
    if end < len(text):
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


def _across_words(text: str, start: int, end: int) -> bool:
    """A division name read across two words (``新增|城市``: 增城市): its first
    character makes a word with the one before, and its last two are a word of
    their own (城市, 城区 …), so the name is two words' halves, not a place."""
    if start == 0 or end - start < 3:
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
    """Inside a short quoted phrase that is more than the place itself."""
    quote = enclosing_quote(text, start, end, NICKNAME_MAX, _QUOTES)
    return quote is not None and quote != (start - 1, end)


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
    prev = text[max(0, start - 2) : start]
    if len(prev) < 2 or not all(is_han(c) for c in prev) or text[start - 1] in _FREE:
        return False
    abbr = region_tables().abbr
    if all(c in abbr for c in prev):
        return True
    if text.startswith("华", start):
        return False  # 华中, 华北 …: China's regions, never a part of an unknown name (X公司华中基地)
    return dictionary_words().get(prev, 0) == 0 and dictionary_words().get(text[start - 1], 0) < GLUE_FREQ


def _macro_stands(text: str, start: int, end: int, place_ends: set[int]) -> bool:
    """A directional region stands as a place unless it names part of the
    place before it (``四川西部``, ``高新区西部``), heads a longer word
    (``东北部``) or is glued into one."""
    if _part_of_before(text, start, place_ends):
        return False
    if end < len(text) and text[end] == "部":
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
    place_ends = {e for _, e, _ in spans}
    tables = region_tables()
    out: set[str] = set()
    for start, _end, form in spans:
        if all(p.form == "macro" for p in tables.forms[form]) and _part_of_before(text, start, place_ends):
            bare = form[:-2] if form.endswith("地区") else form
            out.add(bare)
    return out


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """Every (start, end, form) the automaton finds."""
    tables = region_tables()
    return [(end + 1 - len(form), end + 1, form) for end, form in tables.automaton.iter(text)]


def _longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    # Occupied characters: linear in the text, whatever the number of spans.
    taken = bytearray(max((e for _, e, _ in spans), default=0))
    for s, e, f in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if any(taken[s:e]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        kept.append((s, e, f))
    return sorted(kept)


def _context(spans: list[tuple[int, int, str]]) -> set[str]:
    """Names of every province and city the text mentions in any form, even
    inside longer names (``苏州工业园区`` tells that 吴江 is 苏州's)."""
    tables = region_tables()
    names: set[str] = set()
    for _, _, form in spans:
        for p in tables.forms[form]:
            if p.division is not None and p.level in ("province", "city") and p.form != "alias":
                names.add(p.name)
    return names


def _generic_name(form: str) -> bool:
    """A division name that reads as an ordinary word: two characters
    (``城区``, ``郊区``, ``矿区``) or a frequent common word of the dictionary."""
    return (
        len(form) <= 2
        or common_word(form)
        or (word_tags().get(form, (0, ""))[1:] == ("n",) and word_tags()[form][0] >= COMMON_FREQ)
    )


def _common_noun(form: str) -> bool:
    freq, tag = word_tags().get(form, (0, ""))
    return tag == "n" and freq >= COMMON_FREQ


def common_word(form: str) -> bool:
    freq, tag = word_tags().get(form, (0, ""))
    return freq >= COMMON_FREQ and tag in _COMMON_TAGS


def _choose(places: list[Place], context: set[str]) -> Place | None:
    """The meaning of a form: among administrative divisions, one whose city
    or province the text names, else the highest level; None when a tie is left."""
    if len(places) == 1:
        return places[0]
    non_admin = [p for p in places if p.division is None]
    if non_admin:
        return non_admin[0]
    # The form's own meanings are no evidence for each other (``安阳`` names
    # 安阳市, which must not make 安阳县 look known).
    context = context - {p.name for p in places}

    def score(p: Place) -> tuple[int, int, int]:
        d = p.division
        assert d is not None
        known = d.parent in context or d.province in context
        # A province is what its form means first (``海南`` is 海南省 even in a
        # text on Inner Mongolia, whose 乌海 has a 海南区); below that the
        # text's own cities and provinces decide (``北京朝阳`` is 朝阳区).
        return (0 if p.level == "province" else 1, 0 if known else 1, LEVEL_RANK.get(p.level, 9))

    ranked = sorted(places, key=score)
    if score(ranked[0]) == score(ranked[1]):
        return None
    return ranked[0]


def _entity(text: str, start: int, end: int, place: Place) -> Entity:
    attrs: dict[str, object] = {"level": place.level}
    d = place.division
    if d is not None:
        attrs["adcode"] = d.adcode
        if d.parent:
            attrs["parent"] = d.parent
    return Entity(type="region", text=text[start:end], name=place.name, start=start, end=end, attributes=attrs)


def _abbreviation_runs(text: str, taken: list[tuple[int, int]]) -> list[Entity]:
    """One-character province forms in runs of two or more (``沪苏浙皖``,
    ``苏、浙、皖``), each standing apart from a longer word."""
    abbr = region_tables().abbr
    out: list[Entity] = []
    i, n = 0, len(text)
    covered = {k for s, e in taken for k in range(s, e)}
    while i < n:
        if text[i] not in abbr or i in covered:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < n and j not in covered:
            if text[j] in abbr:
                run.append(j)
                j += 1
            elif text[j] in _ABBR_SEP and j + 1 < n and text[j + 1] in abbr and j + 1 not in covered:
                j += 1
            else:
                break
        contiguous = run[-1] - run[0] + 1 == len(run)
        first, last = run[0], run[-1] + 1
        free_left = first == 0 or not is_han(text[first - 1]) or text[first - 1] in _FREE
        if not free_left and text.startswith(_COLLECTIVE_HEADS, last):
            # ``来自港澳地区``: a collective head after the run shows a list of
            # places; only a word across the left edge (东京) glues it.
            free_left = dictionary_words().get(text[first - 1 : first + 1], 0) < GLUE_FREQ
        # ``苏、浙、皖合作``: a listed run ends where the list ends.
        free_right = last >= n or not is_han(text[last]) or text[last] in _FREE or contiguous or len(run) >= 3
        # ``港澳台商``, ``沪市``: the run's last character forms a word with the
        # next one (台商, 沪市), so the run modifies a compound, not a place list.
        if last < n and is_han(text[last]) and text[last] not in _FREE and _run_glued(text, last):
            free_right = False
        overlaps = any(k in covered for k in range(first, last))
        # Contiguous runs must be at least three long: two characters are too
        # often an ordinary word (``苏浙`` rarely, but ``云台``, ``新京``).
        # Two back to back do count before a collective head (``川渝两地``, ``港澳地区``).
        long_enough = (
            len(run) >= 3
            or (not contiguous and len(run) >= 2)
            or (len(run) == 2 and text.startswith(_COLLECTIVE_HEADS, last))
        )
        if long_enough and free_left and free_right and not overlaps:
            names = region_tables().by_name
            for k in run:
                d = names[abbr[text[k]]][0]
                out.append(_entity(text, k, k + 1, Place(d.name, d.level, "abbr", d)))
        i = j if j > i + 1 else i + 1
    return out


# Characters after a run that begin a collective head (``港澳地区``, ``苏浙两省``),
# not a compound: ``台地`` is a word but ``港澳台地区`` lists places.
_COLLECTIVE_NEXT = load_words("regions/collective_next_chars.txt")
_COLLECTIVE_HEADS = load_list("regions/collective_heads.txt")


def _run_glued(text: str, last: int) -> bool:
    if text[last] in _COLLECTIVE_NEXT:
        return False
    return dictionary_words().get(text[last - 1 : last + 1], 0) >= GLUE_FREQ


def load_resources() -> None:
    """The tables this recogniser reads (the stage's warm-up calls this)."""
    region_tables()
    dictionary_words()
    word_tags()
    ambiguous_short_forms()
    foreign_cities()
    park_cores()


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    return candidates(find_regions(a.text), "regions")


def find_regions(text: str) -> list[Entity]:
    tables = region_tables()
    spans = _longest(_candidates(text))
    context = _context(spans)
    out: list[Entity] = []
    taken: list[tuple[int, int]] = []
    deferred: list[tuple[int, int, Place]] = []
    parts = _directions_as_parts(text, spans)
    for start, end, form in spans:
        places = tables.forms[form]
        place = _choose(places, context)
        if place is None and out and out[-1].end == start:
            # Right after its city (``南京市鼓楼区``, ``福州鼓楼区``) a shared name is that city's.
            own = [p for p in places if p.division is not None and p.division.parent == out[-1].name]
            if len(own) == 1:
                place = own[0]
        if place is None:
            # One full name shared by divisions the text does not tell apart
            # (``朝阳区``): still a region, without a code we cannot vouch for.
            if (
                all(p.form == "full" for p in places)
                and len({p.name for p in places}) == 1
                and not _generic_name(form)
                and not _in_nickname(text, start, end)
            ):
                taken.append((start, end))
                out.append(
                    Entity(
                        type="region",
                        text=form,
                        name=form,
                        start=start,
                        end=end,
                        attributes={
                            "level": places[0].level,
                            "adcode_candidates": sorted(p.division.adcode for p in places if p.division),
                        },
                    )
                )
            continue
        if _in_nickname(text, start, end):
            continue
        if place.form == "full" and place.level in ("district", "county") and _generic_name(form):
            # ``城区``, ``郊区``, ``矿区``: division names that are ordinary words
            # count only when the text names their city or province.
            d = place.division
            assert d is not None
            if not (d.parent in context or d.province in context):
                continue
        if text.startswith(_CLUSTER_SUFFIX, end) and place.level != "country":
            pass  # ``南京都市圈``: the suffix tells it is a place (京都 glues nothing here)
        elif place.form == "macro":
            if not _macro_stands(text, start, end, {e for _, e, _ in spans}) or form in parts:
                continue
        elif place.form in ("full", "old") and _across_words(text, start, end):
            continue
        elif place.form == "short":
            if glued(text, start, end) or common_word(form):
                continue
            if end < len(text) and text[end] in _LANDMARK_NEXT:
                continue
            if _NAME_HEAD.match(text, end):
                continue
            d = place.division
            assert d is not None
            named = context - {p.name for p in places}
            # ``永康`` counts where the text names 永康市 in full (even inside an
            # organization's name, 永康市经济和信息化局): the full name tells which.
            if d.level in ("district", "county") and not (
                d.parent in named or d.province in named or _full_name_elsewhere(text, start, d.name)
            ):
                continue
            # ``港口`` (港口区), ``河口``: a short form that is a frequent common
            # noun counts only where the text gives the division's full name.
            # Right after its province or city (湖北仙桃) the place is told.
            if (
                d.level in ("district", "county")
                and _common_noun(form)
                and not _full_name_elsewhere(text, start, d.name)
                and not (out and out[-1].end == start)
            ):
                continue
            # ``白银``, ``日照``: also ordinary words; a place only where the text
            # names the province or the division's full name.
            if form in ambiguous_short_forms() and not (d.province in named or d.name in text):
                deferred.append((start, end, place))
                continue
        elif place.form == "country":
            if len(form) <= 2 and glued(text, start, end):
                continue
            if text.startswith(_ADJECTIVE_NEXT, end):
                continue
        taken.append((start, end))
        out.append(_entity(text, start, end, place))
    for start, end, place in _listed_with_places(text, deferred, out):
        taken.append((start, end))
        out.append(_entity(text, start, end, place))
    out.sort(key=lambda e: e.start)
    out += _foreign_cities(text, out)
    out.sort(key=lambda e: e.start)
    out = [_cluster(text, e) for e in out]
    out.extend(_abbreviation_runs(text, taken))
    return sorted(out, key=lambda e: e.start)


def _foreign_cities(text: str, found: list[Entity]) -> list[Entity]:
    """A foreign city right after its country (``泰国曼谷``, ``德国柏林``): the
    country vouches for the city name (CLDR's exemplar cities)."""
    cities = foreign_cities()
    out = []
    for e in found:
        if e.attributes.get("level") != "country":
            continue
        for city in cities.get(e.name, ()):
            end = e.end + len(city)
            if text.startswith(city, e.end) and not (end < len(text) and text[end] in "州省"):
                out.append(
                    Entity(
                        type="region",
                        text=city,
                        name=city,
                        start=e.end,
                        end=end,
                        attributes={"level": "city", "country": e.name},
                    )
                )
                break
    return out


def _full_name_elsewhere(text: str, start: int, name: str) -> bool:
    """The division's full name (``永康市``) occurs in the text, not merely as
    this very mention's continuation."""
    if len(name) <= 2:
        return False
    i = text.find(name)
    while i >= 0:
        if i != start:
            return True
        i = text.find(name, i + 1)
    return False


_LIST_SEP = set("、和与及")


def _listed_with_places(
    text: str, deferred: list[tuple[int, int, Place]], found: list[Entity]
) -> list[tuple[int, int, Place]]:
    """Short forms that are also ordinary words (``金华``, ``白银``) standing in
    a list of places of their level (``杭州、金华、苏州``): the list says they
    are places."""
    levels = {(e.start, e.end): e.attributes.get("level") for e in found}
    kept: list[tuple[int, int, Place]] = []
    changed = True
    pending = list(deferred)
    while changed:
        changed = False
        for item in list(pending):
            start, end, place = item
            left = (
                start >= 2
                and text[start - 1] in _LIST_SEP
                and any(e == start - 1 and lv == place.level for (_, e), lv in levels.items())
            )
            right = (
                end < len(text) - 1
                and text[end] in _LIST_SEP
                and any(b == end + 1 and lv == place.level for (b, _), lv in levels.items())
            )
            if left or right:
                kept.append(item)
                levels[(start, end)] = place.level
                pending.remove(item)
                changed = True
    return kept


# A place followed by one of these names a city cluster or economic zone
# around it (``南京都市圈``, ``关中城市群``): an economic region of its own.
_CLUSTER_SUFFIX = load_list("regions/cluster_suffixes.txt")


def _cluster(text: str, e: Entity) -> Entity:
    if e.attributes.get("level") == "country":
        return e
    suffix = next((x for x in _CLUSTER_SUFFIX if text.startswith(x, e.end)), None)
    if suffix is None:
        return e
    end = e.end + len(suffix)
    name = text[e.start : end]
    return Entity(type="region", text=name, name=name, start=e.start, end=end, attributes={"level": "economic_region"})
