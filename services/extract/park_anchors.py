"""Parks: what opens a park's name on its left (the anchor index of places,
park cores, towns and bilateral pairs) and the choice of a name's anchor,
for the suffix rules (``park_suffix_rules``) and the list rules (``parks``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from docpipe.textclasses import HAN
from docpipe.wordlists import load_list, load_words

from .resources import LEVEL_RANK, Place, park_cores, region_form_hits, region_tables, town_anchors, word_tags

# Characters that end a name on its left (particles, prepositions, verbs of placing).
_STOP = load_words("parks/stop_chars.txt")
MAX_QUALIFIER = 10
MAX_HEAD = 12
_NAME_CHAR = re.compile(rf"[{HAN}A-Za-z]")


def _anchors(text: str) -> dict[int, list[tuple[int, str, str]]]:
    """end offset -> [(start, form, region)] of every place or park core form."""
    tables = region_tables()
    out: dict[int, list[tuple[int, str, str]]] = {}
    tags = word_tags()
    for end, form in region_form_hits(text):
        # A short form that is mostly a common verb or adjective (``合作`` of
        # 合作市, ``光明``) opens no park by itself; after another place it still
        # continues one (``深圳光明科学城``: 深圳 anchors it). A prefecture city's
        # short form is the name its parks are written with (大连高新区, 保定高新区,
        # 开封经开区, 大同经开区) whatever word jieba's dictionary also reads in it.
        freq, tag = tags.get(form, (0, ""))
        if (
            freq >= _COMMON_PLACE_WORD
            and tag in _COMMON_WORD_TAGS
            and all(p.form == "short" and p.level not in _NAMED_LEVELS for p in tables.forms[form])
            and not _own_place_named(text, form)
        ):
            continue
        # China's macro-regions (``东部地区``, ``西部``) are a class of places:
        # with a park type after them (``西部经开区``) they name a category. A
        # bracketed place after one opens a real name (``西部（成都）科学城``).
        if all(p.form == "macro" for p in tables.forms[form]) and text[end + 1 : end + 2] not in ("（", "("):
            continue
        # The highest level a form may mean (``中山`` is 中山市 before 中山区).
        place = min(tables.forms[form], key=lambda p: LEVEL_RANK.get(p.level, 5))
        region = place.name if place.level in ("province", "city", "district", "county", "economic_region") else ""
        out.setdefault(end + 1, []).append((end + 1 - len(form), form, region))
    for core, region, pattern in _core_patterns():
        if core not in text:  # most cores are absent: one substring test, not a regex scan
            continue
        for m in pattern.finditer(text):
            out.setdefault(m.end(), []).append((m.start(), core, region))
    # Towns and streets (``浒墅关``, ``燕罗街道``) open the parks named after
    # them; the park lies in the town's county. A town form inside a longer
    # place form (``凤凰`` in ``凤凰县``) is that place's, not the town's.
    towns, town_automaton = town_anchors()
    for end, form in town_automaton.iter(text):
        start = end + 1 - len(form)
        if any(a <= start for a, _, _ in out.get(end + 1, [])) or form in tables.forms:
            continue  # a place's form (``西南``) is the place's, kept or dropped above
        # A town opens a name only at a word's edge: after a place or a park
        # (``苏州高新区浒关``) or where no name character precedes it;
        # ``现代化`` holds a town's short form by chance.
        if start > 0 and start not in out and _NAME_CHAR.match(text[start - 1]) and text[start - 1] not in _STOP:
            continue
        out.setdefault(end + 1, []).append((start, form, towns[form]))
    # Parks of two countries open with both (``中新天津生态城``, ``中德生态园``,
    # ``中以常州创新园``): the pair opens the name.
    for m in _BILATERAL.finditer(text):
        if m.start() == 0 or not _NAME_CHAR.match(text[m.start() - 1]) or text[m.start() - 1] in _STOP:
            out.setdefault(m.end(), []).append((m.start(), m.group(), ""))
            # The partner's character is the pair's, no country's first one
            # (``中德国际合作产业园``: not 德国 + 际合作产业园).
            second = m.start() + 1
            for end in range(second + 2, second + _LONGEST_COUNTRY + 1):
                if end in out:
                    out[end] = [h for h in out[end] if not (h[0] == second and _country(h[1]))]
    # China and a partner written with a dash (``中国—东盟产业合作区``): the pair opens the name.
    for m in DASHED_CHINA.finditer(text):
        for k in (4, 3, 2):
            partner = text[m.end() : m.end() + k]
            if partner in _PARTNER_BLOCS or any(p.level == "country" for p in tables.forms.get(partner, [])):
                out.setdefault(m.end() + k, []).append((m.start(), text[m.start() : m.end() + k], ""))
                break
    return out


DASHED_CHINA = re.compile(r"中国[—\-–－]")


def _country(form: str) -> bool:
    """A form that names only countries (``德国``)."""
    places = region_tables().forms.get(form, [])
    return bool(places) and all(p.level == "country" for p in places)


# A country's form after a pair's partner character is at most this long (德国, 意大利).
_LONGEST_COUNTRY = 4
_PARTNER_BLOCS = load_words("parks/partner_blocs.txt")


@lru_cache(maxsize=1)
def _core_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(core, region, compiled pattern) of every park core, in the table's order, compiled once."""
    return tuple((core, region, re.compile(re.escape(core))) for core, region in park_cores().items())


# ``b``: attributive adjectives (新兴, as in 新兴产业园: emerging, not 新兴县).
_COMMON_WORD_TAGS = frozenset({"v", "vn", "a", "ad", "an", "b", "d", "c", "p"})
_BILATERAL = re.compile("中[" + "".join(load_list("parks/bilateral_partners.txt")) + rf"](?=[{HAN}(（])")
_PAIR = re.compile("中[" + "".join(load_list("parks/bilateral_partners.txt")) + "]")


def _own_place_named(text: str, form: str) -> bool:
    """A district's or county's short form that is also a common word (平定) whose
    city or province the text names (阳泉): the text speaks of that place."""
    places = _text_places(text)
    return any(
        p.division is not None
        and p.level in ("district", "county")
        and (p.division.parent in places or p.division.province in places)
        for p in region_tables().forms[form]
    )


def _weak_anchor(form: str) -> bool:
    """A district's or county's short form (``江口``): a weak anchor that an
    outer place of the same name window beats (``温州瓯江口新区``)."""
    places = region_tables().forms.get(form, [])
    return bool(places) and all(p.form == "short" and p.level in ("district", "county") for p in places)


# A district's short form this frequent in jieba's dictionary is mostly
# something else (东湖 the lake, 光明 the word, 江北 the river's north bank).
_COMMON_PLACE_WORD = 500
# Levels whose short forms open park names even when also common words.
_NAMED_LEVELS = frozenset({"province", "city"})


@lru_cache(maxsize=8)
def _text_places(text: str) -> frozenset[str]:
    """Provinces and cities the text names in any form (cached: several parks
    of one text ask)."""
    tables = region_tables()
    out: set[str] = set()
    for _, form in region_form_hits(text):
        for p in tables.forms[form]:
            if p.division is not None and p.level in ("province", "city"):
                out.add(p.name)
    return frozenset(out)


def _vouched_region(text: str, anchors: dict[int, list[tuple[int, str, str]]], start: int, region: str) -> str:
    """A park opened by a district's short form that is mostly a common word
    (``东湖高新区``: 东湖 is a lake, and also 南昌's 东湖区) lies in that
    district only when the text names its city or province; otherwise its
    region is not told."""
    tables = region_tables()
    forms = [
        text[start : start + k]
        for k in range(2, 9)
        if any(p.name == region for p in tables.forms.get(text[start : start + k], []))
    ]
    tags = word_tags()
    if not forms or not all(_weak_anchor(f) and tags.get(f, (0, ""))[0] >= _COMMON_PLACE_WORD for f in forms):
        return region
    places = _text_places(text)
    for f in forms:
        for p in region_tables().forms.get(f, []):
            d = p.division
            if d is not None and p.name == region and (d.parent in places or d.province in places):
                return region
    return ""


def _anchor_start(
    anchors: dict[int, list[tuple[int, str, str]]], lo: int, s: int, text: str = ""
) -> tuple[int, str] | None:
    """Nearest anchor before the suffix within the window, extended left over
    places that directly precede it (``上海`` + ``张江``)."""
    best: tuple[int, str] | None = None
    nearest = (s, "")
    for end in range(s, lo, -1):
        if s - end > MAX_QUALIFIER:
            break
        cands = [(a, f, r) for a, f, r in anchors.get(end, []) if a >= lo]
        if cands:
            best = min((a, r) for a, _, r in cands)
            nearest = best
            if all(_weak_anchor(f) for _, f, _ in cands):
                # Prefer a stronger place further left in the window, or one the
                # weak form overlaps (``浙江|华祥福…``: 江华 is a county by chance).
                first = min(a for a, _, _ in cands)
                stronger = [
                    (a, r)
                    for e2 in range(end - 1, lo, -1)
                    for a, f, r in anchors.get(e2, [])
                    if lo <= a < first and not _weak_anchor(f)
                ]
                if stronger:
                    best = min(stronger)
            break
    if best is None:
        return None
    start, region = best
    towns = town_anchors()[0]
    forms = region_tables().forms
    cores = park_cores()
    while True:
        # A town never opens a name before another place (``西连上海自贸区``:
        # 西连 is a town's name, here "borders on the west"): names run from
        # the larger place to the smaller. A park's core that is also a town's
        # name (漕河泾) opens one (``上海漕河泾|柳东创新创业园``).
        prev = [
            (a, r)
            for a, f, r in anchors.get(start, [])
            if a >= lo and (f not in towns or f in forms or f in cores or _PAIR.fullmatch(f))
        ]
        bracketed = False
        if not prev and start > lo and text[start - 1 : start] in ("(", "（"):
            # The place named before its bracketed province (``中国(四川)``);
            # the bracketed one is where the park lies.
            prev = [(a, r) for a, _, r in anchors.get(start - 1, []) if a >= lo]
            bracketed = True
        if not prev:
            if start < nearest[0] and _address_chain(text, start, nearest[0]):
                # ``江苏省苏州市|昆山开发区``: divisions in full before a division's short
                # form are its address; the park is named from the short form.
                return nearest
            return start, region
        start, outer = min(prev)
        # The outer place is the one the text leads with (``深圳`` + ``光明``: 深圳市).
        region = region if bracketed else (outer or region)


# Levels of a division whose short form names a park after its address (昆山开发区).
_NAMING_LEVELS = frozenset({"city", "district", "county"})
# An address names at least a province and a city in full; a full form is at most this long.
_ADDRESS_MIN = 2
_LONGEST_FULL = 8


def _address_chain(text: str, start: int, inner: int) -> bool:
    """The places in ``text[start:inner]``, before a park's innermost place, are
    all divisions written in full, with the ones right before them two or more
    (``江苏省苏州市``), and the innermost is a division's short form (``昆山``): an
    address, the park named after the short form. One division in full is an
    address too where the short form is its own or one of its divisions'
    (沈阳市|浑南新区, 贵阳市|贵阳国家高新技术产业开发区, 苏州市|昆山开发区: the
    park's own name opens with its place, the city before it is where it lies);
    before a place of no division of its own (武汉市东湖高新区: 东湖 is Nanchang's)
    or a generic name (宁波市高新区) the city stays the park's name."""
    forms = region_tables().forms

    def full(form: str) -> bool:
        return form in forms and all(p.form == "full" for p in forms[form])

    i, count, last = start, 0, ""
    while i < inner:
        k = next((k for k in range(inner - i, 1, -1) if text[i : i + k] in forms), 0)
        if not k or not full(text[i : i + k]):
            return False
        i, count, last = i + k, count + 1, text[i : i + k]
    k = next((k for k in range(8, 1, -1) if text[inner : inner + k] in forms), 0)
    places = forms.get(text[inner : inner + k], [])
    if not places or not all(p.form == "short" and p.level in _NAMING_LEVELS for p in places):
        return False
    if count == 1 and _own_division(places, {p.name for p in forms[last]}):
        # ``沈阳市|浑南新区``, ``贵阳市|贵阳国家高新…``: a city in full, then its own
        # division's (or its own) short form opening the park's name: an address.
        return True
    j = start
    while count < _ADDRESS_MIN and (
        k := next((k for k in range(_LONGEST_FULL, 1, -1) if full(text[max(0, j - k) : j])), 0)
    ):
        j, count = j - k, count + 1
    return count >= _ADDRESS_MIN


def _own_division(places: list[Place], outer: set[str]) -> bool:
    """Every meaning of the short form is one of ``outer``'s divisions or ``outer`` itself."""
    return all(p.division is not None and (p.division.parent in outer or p.name in outer) for p in places)


def _abbr_pair(text: str, a: int, b: int) -> int | None:
    """Offset of the first two back-to-back province abbreviations in
    ``text[a:b]`` (``川渝``, ``苏皖``), or None."""
    abbr = region_tables().abbr
    for i in range(a, b - 1):
        if text[i] in abbr and text[i + 1] in abbr and text[i] != text[i + 1]:
            return i
    return None
