"""Regions abroad below a country: a state, province or city that LAC reads as
a place right after its country (``乌克兰基辅市``, ``美国加利福尼亚州``,
``意大利诺瓦拉``) and the places of the same kind listed after it
(``乌克兰波尔塔瓦州及哈尔科夫州``); and a city of CLDR's exemplar cities that
LAC reads exactly as a place without its country (在洛杉矶建立…), or one of GeoNames' larger
cities that LAC reads so in a text that names its country. No published table gives foreign
subdivisions in Chinese, so the country vouches for the name, as it does for
CLDR's exemplar cities (``regions._foreign_cities``); the name is as written.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from docpipe.document import Entity
from docpipe.textclasses import is_han
from docpipe.wordlists import alternation, load_list

from .resources import cities_read_alone, city_countries, division_countries, region_tables, word_tags

# Words that join listed places (及, 和, 与, 、): regions/place_joiners.txt.
_JOINERS = tuple(load_list("regions/place_joiners.txt"))
# How a foreign division's name ends (州, 省, 市, 县, 城): a listed place continues the
# run only with the same ending (波尔塔瓦州及哈尔科夫州).
_DIVISION_ENDS = frozenset(load_list("regions/foreign_division_ends.txt"))
# Levels by a name's last character; anything else is a city (诺瓦拉, 冲绳).
_STATE_ENDS = frozenset("州省县")
# A facility or event named after the place (悉尼机场, 汉诺威博览会): no region.
_NAME_HEAD = re.compile("(?:" + alternation("regions/name_heads.txt") + ")$")
_CHINA = "中国"
# jieba's tags of proper names: a name the dictionary knows under another tag is a common word.
_PLACE_TAG = "ns"
_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz"})
# A word of another tag this frequent, or of a tag of direction, verb, adjective,
# adverb, pronoun or count, is a common word; a rare noun may be a name (冲绳).
_COMMON_FREQ = 500
_WORD_TAGS = frozenset({"f", "v", "vn", "a", "ad", "d", "r", "m", "q"})
# A country's own full name ends so (南苏丹|共和国): the rest of the country's name, no place.
_STATE_WORD = "国"
# Marks of a list of places around a name without a division's ending (、, 等).
_LISTING = frozenset(load_list("regions/place_list_marks.txt"))
_MIN, _MAX = 2, 8
# What makes a city the opening of a longer name: a name's head (regions/name_heads.txt)
# or a bay area's, a university's or an exchange's word (regions/city_name_next.txt).
_NEXT_NAME = re.compile(
    "(?:" + alternation("regions/name_heads.txt") + "|" + alternation("regions/city_name_next.txt") + ")"
)


def foreign_places(text: str, regions: list[Entity], lac_places: Collection[tuple[int, int]]) -> list[Entity]:
    """The places abroad that LAC reads right after (or glued to) a country
    other than China, and those listed after them with the same ending.
    ``regions``: the regions found so far; ``lac_places``: LAC's LOC spans."""
    by_start: dict[int, int] = {}
    for s, e in lac_places:
        by_start[s] = max(by_start.get(s, 0), e)
    taken = {(r.start, r.end) for r in regions}
    covered = bytearray(len(text))
    for r in regions:
        covered[r.start : r.end] = b"\x01" * (r.end - r.start)
    out: list[Entity] = []
    for c in regions:
        if c.attributes.get("level") != "country" or c.name == _CHINA:
            continue
        # LAC's place word holds the country and the place (乌克兰基辅市) or starts right after it.
        end = by_start.get(c.start, 0)
        start = c.end
        if end <= c.end:
            end = by_start.get(c.end, 0)
        place = _place(text, start, end, covered, taken)
        while place is not None:
            place.attributes["country"] = c.name
            out.append(place)
            covered[place.start : place.end] = b"\x01" * (place.end - place.start)
            last = place.name[-1]
            if last not in _DIVISION_ENDS:
                break
            nxt = next((place.end + len(j) for j in _JOINERS if text.startswith(j, place.end)), None)
            if nxt is None:
                break
            end = by_start.get(nxt, 0)
            place = _place(text, nxt, end, covered, taken)
            if place is not None and place.name[-1] != last:
                place = None
    # A city of CLDR's list that LAC reads exactly as a place, with no country before it
    # (在洛杉矶建立…): the list vouches for the name, LAC for the reading.
    cities = city_countries()
    alone = cities_read_alone()
    named = {r.name for r in regions if r.attributes.get("level") == "country"}
    for s, e in sorted(lac_places):
        name = text[s:e]
        if name not in cities or (s, e) in taken or any(covered[s:e]) or name in region_tables().forms:
            continue
        # A city beyond CLDR's capitals and zone cities counts only in a text that names
        # its country (堪萨斯城 in a text on the United States; 滑铁卢 as a defeat names none).
        countries = cities[name] if name in alone else [c for c in cities[name] if c in named]
        if not countries:
            continue
        if _NEXT_NAME.match(text, e):
            continue  # 纽约湾区, 悉尼科技大学: a name the city opens
        covered[s:e] = b"\x01" * (e - s)
        out.append(
            Entity(
                type="region",
                text=name,
                name=name,
                start=s,
                end=e,
                attributes={"level": "city", "country": countries[-1]},
            )
        )
    out.extend(_divisions_read(text, regions, out, lac_places, named))
    return out


def _divisions_read(
    text: str,
    regions: list[Entity],
    found: list[Entity],
    lac_places: Collection[tuple[int, int]],
    named: Collection[str],
) -> list[Entity]:
    """A state, province or prefecture of ISO 3166-2's Chinese names that LAC reads exactly
    as a place, in a text that names its country (明尼苏达州 in a text on the United
    States). A Chinese place inside it (明尼苏|达州) is part of the name, and the resolver
    keeps the longer span; a country or a place abroad overlapping it leaves it out."""
    if not named:
        return []
    divisions = division_countries()
    out: list[Entity] = []
    for s, e in sorted(lac_places):
        name = text[s:e]
        # a division counts only under a country the text names
        countries = [c for c in divisions.get(name, ()) if c in named]
        if not countries or name in region_tables().forms or _NEXT_NAME.match(text, e):
            continue
        blocked = any(
            r.start < e
            and s < r.end
            and not (s <= r.start and r.end <= e and r.end - r.start < e - s and r.attributes.get("level") != "country")
            for r in regions
        ) or any(r.start < e and s < r.end for r in (*found, *out))
        if not blocked:
            out.append(
                Entity(
                    type="region",
                    text=name,
                    name=name,
                    start=s,
                    end=e,
                    attributes={"level": "province", "country": countries[-1]},
                )
            )
    return out


def _repeated_head(name: str) -> int:
    """Length of a head the name writes twice over (基辅基辅市 -> 2), 0 when none."""
    return next((k for k in range(_MIN, len(name) // 2 + 1) if name[:k] == name[k : 2 * k]), 0)


def _place(text: str, start: int, end: int, covered: bytearray, taken: Collection[tuple[int, int]]) -> Entity | None:
    """``text[start:end]`` as a place abroad: Han characters only, no Chinese
    division's or country's form, no facility's name, nothing found on it."""
    if not _MIN <= end - start <= _MAX or (start, end) in taken or any(covered[start:end]):
        return None
    name = text[start:end]
    k = _repeated_head(name)
    if k:
        # ``基辅|基辅市``: the region, then its city of the same name, as an address writes
        # them; the city (the last, fullest form) is the place.
        start, name = start + k, name[k:]
    if not all(is_han(ch) for ch in name) or name in region_tables().forms or _NAME_HEAD.search(name):
        return None
    freq, tag = word_tags().get(name, (0, _PLACE_TAG))
    if name.endswith(_STATE_WORD) or (tag not in _NAME_TAGS and (freq >= _COMMON_FREQ or tag in _WORD_TAGS)):
        return None  # a word LAC reads as a place (南苏丹|共和国, 西南部, 地区)
    if name[-1] not in _DIVISION_ENDS and not (text[end : end + 1] in _LISTING or text[start - 1 : start] in _LISTING):
        # A name without a division's ending counts only in a list of places
        # (意大利诺瓦拉、日本冲绳等): alone it may be a company's or an exchange's (南非米勒, 美国纳斯达克).
        return None
    level = "province" if name[-1] in _STATE_ENDS else "city"
    return Entity(type="region", text=name, name=name, start=start, end=end, attributes={"level": level})
