"""The document's own place: the city its places lie in.

A city's work report (2023年工作回顾…全市地区生产总值增长6%) names its own
city once or never outside park names, and then gives figure after figure
with no owner in the sentence; the places it does name (its districts and
counties, its parks) lie in that city. Those figures are the city's.

The home place is the prefecture (a municipality's province for its
districts) that the document's region and park mentions lie in: each mention
of a region or park with an adcode (a park's from ``docpipe.canonical``)
votes for the city holding it; the city with at least ``MIN_VOTES`` votes and
``MIN_SHARE`` of all votes is the home place. Provinces, countries and
economic regions do not vote (a city's report names its province and the
regions it trades with). A document whose entities name no home but that
speaks of its city collectively (全市, 我市) takes the city it writes most.
A report whose header (the lines before its first sentence) names the
whole government or people's congress of one division (——在建宁县第十八届人民代表大会
第二次会议上, 建宁县人民政府县长) is that division's, whatever its places vote.
A document that names no place inside the country, writes the country as
its own (我国, 中华人民共和国) and speaks as a place (a national work report, a
national statistics bulletin) has the country as its home.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from docpipe.canonical import adcode_ancestors, canonical_entity, division, level_forms
from docpipe.document import Entity
from docpipe.wordlists import load_group, load_list

MIN_VOTES = 2
MIN_SHARE = 0.75


@dataclass(frozen=True)
class HomePlace:
    name: str  # the city's name in regions.tsv (宜昌市), or the country's (中国)
    adcode: str | None  # (None for the country: regions.tsv has no code for it)


def _city_of(adcode: str) -> str | None:
    """The city (prefecture) adcode ``adcode`` lies in or is; for a
    municipality's district, the municipality (a province-level code)."""
    for code in adcode_ancestors(adcode):
        row = division(code)
        if row is None:
            continue
        if row[1] == "city":
            return code
        if row[1] == "province":
            return code if code != adcode else None
    return None


def home_place(entities: list[Entity], text: str = "") -> HomePlace | None:
    """The city the document's places lie in (see the module), else the
    city it speaks of as its own (written_home), or None."""
    return (
        _header_home(entities, text)
        or _entity_home(entities)
        or _written_home(text, _part_votes(entities))
        or _parts_home(text)
        or _country_home(entities, text)
    )


def home_kinds(home: HomePlace | None) -> frozenset[str]:
    """The kinds of collective word (attribution's groups: city for 全市 and
    本市, county for 全县) that stand for ``home``: its level's, and a city's for
    a municipality (北京市's 全市). None for the country or no home."""
    if home is None or home.adcode is None:
        return frozenset()
    row = division(home.adcode)
    if row is None:
        return frozenset()
    if row[1] == "province" and row[0].endswith("市"):
        return frozenset({"province", "city"})
    return frozenset({row[1]})


def speaks_for_home(text: str) -> bool:
    """Whether the document speaks as or of its own place: a collective
    word (``measures/home_collectives.txt``: 全市, 我市) or a word of
    ``measures/home_voice.txt`` (我们, 工作回顾). Only then do the figures no
    rule gives an owner go to the home place (a feature story on a city's
    cluster, a tender notice: its unowned figures are a product's or a
    project's, none of the city's)."""
    return any(w in text for w in load_list("measures/home_collectives.txt")) or any(
        w in text for w in load_list("measures/home_voice.txt")
    )


# How many opening lines a document's header holds at most (a title, a report's
# occasion, its speaker, a salutation: 政府工作报告 / ——在沅陵县第十七届人民代表大会
# 第三次会议上 / 县人民政府县长 周重颜 / 各位代表：).
_HEADER_LINES = 5
# The levels of division a government body of a header can speak for.
_BODY_LEVELS = ("county", "district", "city", "province")


def _header_home(entities: list[Entity], text: str) -> HomePlace | None:
    """The division whose whole government or people's congress
    (``measures/place_governments.txt``: 人民政府, 人民代表大会) the document's
    header names: its lines before the first that holds a sentence (。), at
    most ``_HEADER_LINES``; one division only, read from the start of the
    body's name (建宁县第十八届人民代表大会 -> 建宁县). Why: a county's work
    report opens ``政府工作报告 / ——在建宁县第十八届人民代表大会第二次会议上``
    and then says 全县 and 我们; the extract stage finds the county only inside
    the body's name (no region entity), or finds the city of a zone it names
    more often (长沙经开区), so neither the entities' votes nor the written
    city give the report's own place."""
    if not text:
        return None
    end = 0
    for _ in range(_HEADER_LINES):
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if "。" in text[end:line_end]:
            break
        end = line_end + 1
        if end >= len(text):
            break
    # (the report's own opening sentence, 现在，我代表龙岗区人民政府向大会作工作报告，…。,
    # names the government that speaks, when it follows the header: a report whose
    # excerpt starts at 各位代表 has no occasion line)
    sentence_end = text.find("。", end)
    if sentence_end >= 0 and any(w in text[end:sentence_end] for w in load_list("measures/report_speaker.txt")):
        end = sentence_end
    bodies = load_list("measures/place_governments.txt")
    codes: set[str] = set()
    for e in entities:
        if (
            e.type == "organization"
            and e.start < end
            and (e.attributes or {}).get("kind") == "government"
            and e.text.endswith(bodies)
            and (code := _opening_division(e.text)) is not None
        ):
            codes.add(code)
    if len(codes) != 1:
        return None
    code = next(iter(codes))
    row = division(code)
    return HomePlace(row[0], code) if row else None


def _opening_division(name: str) -> str | None:
    """The adcode of the division whose full name ``name`` opens with (the
    longest), or None."""
    best: tuple[int, str] | None = None
    for level in _BODY_LEVELS:
        forms = level_forms(level)
        # (the name's own openings looked up, longest first, rather than every form of the level tried)
        for k in range(len(name), 1, -1):
            code = forms.get(name[:k])
            row = division(code) if code is not None else None
            if code is not None and row is not None and row[0] == name[:k]:
                if best is None or k > best[0]:
                    best = (k, code)
                break
    return best[1] if best else None


_COUNTRY = "measures/home_country.tsv"
# Places inside the country: one named twice makes the document that place's, not the country's.
_INNER_LEVELS = frozenset({"province", "city", "district", "county"})


def _country_home(entities: list[Entity], text: str) -> HomePlace | None:
    """The country, for a document that writes it as its own and in the
    voice of a report (``measures/home_country.tsv``: 我国, 中华人民共和国;
    工作回顾, 统计公报) and names no province, city, county, district or park twice (one named
    once is in passing: 上海自贸试验区新片区 in a list of reforms).
    Why: a national work report or statistics bulletin gives figure after
    figure (国内生产总值达到33.5万亿元) with no owner in the sentence; they are
    the country's, and its earlier sentences' bodies (在中国共产党的坚强领导下)
    are no owners."""
    names = load_group(_COUNTRY, "names")
    if not text or not any(n in text for n in names) or not any(w in text for w in load_group(_COUNTRY, "voice")):
        return None
    if _speaks_as_lower(text):
        # (a district's report: 全区人民, 区委; its 我国首个 is in passing)
        return None
    inner = Counter(
        e.name
        for e in entities
        if e.type == "park" or (e.type == "region" and (e.attributes or {}).get("level") in _INNER_LEVELS)
    )
    if any(n > 1 for n in inner.values()):
        # (a place named again is the document's own: a province's report)
        return None
    return HomePlace(names[0], None)


def _speaks_as_lower(text: str) -> bool:
    """Whether ``text`` speaks as a province's, city's, county's or district's
    own (``measures/home_country.tsv`` lower: 全区, 区委, 我县), a word not run
    into another (lower_not_before: 全市场, 全区域)."""
    stops = load_group(_COUNTRY, "lower_not_before")
    for word in load_group(_COUNTRY, "lower"):
        at = text.find(word)
        while at >= 0:
            after = text[at + len(word) : at + len(word) + 1]
            if after not in stops:
                return True
            at = text.find(word, at + 1)
    return False


def _part_votes(entities: list[Entity]) -> Counter[str]:
    """Per city, its counties, districts and parks the entities name (not the city itself)."""
    votes: Counter[str] = Counter()
    for e in entities:
        if e.type in ("region", "park"):
            adcode = canonical_entity(e.type, e.name, e.attributes).adcode
            city = _city_of(adcode) if adcode else None
            if city is not None and city != adcode:
                votes[city] += 1
    return votes


def _written_home(text: str, parts: Counter[str] | None = None) -> HomePlace | None:
    """A document that speaks of its city collectively (全市, 我市, 全盟:
    ``measures/home_collectives.txt``) and whose entities name no home:
    the city whose name or short form it writes most, at least
    ``MIN_VOTES`` times and twice as often as any other city (林芝 in
    支持林芝高质量发展, 川藏铁路林芝段: written, not found as places)."""
    if not text or not any(w in text for w in load_list("measures/home_collectives.txt")):
        return None
    written: Counter[str] = Counter()
    for form, code in level_forms("city").items():
        if form in text:
            # (the short form counts the full name's mentions too: 林芝 in 林芝市)
            written[code] = max(written[code], text.count(form))
    for code in list(written):
        # a county or park of a city written at least once adds its mentions (达坂城区)
        written[code] += (parts or Counter())[code]
    ranked = written.most_common(2)
    if not ranked:
        return None
    code, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    row = division(code)
    if row is None or n < MIN_VOTES or n < 2 * second:
        return None
    return HomePlace(row[0], code)


# How many different counties or districts of one city a document must write
# (and of no other city more than one) to be that city's.
MIN_PARTS = 3


def _parts_home(text: str) -> HomePlace | None:
    """A document that speaks of its city collectively (全市, 我市) but never
    writes the city: the city whose counties and districts it writes, at
    least ``MIN_PARTS`` different ones, and of no other city more than one
    (a work report's 林口…海林…宁安…东宁: 牡丹江市's; their short forms
    are no entities, so no vote of ``_entity_home`` or ``_written_home``).
    Only forms one division of their level claims (``level_forms``)."""
    if not text or not any(w in text for w in load_list("measures/home_collectives.txt")):
        return None
    parts: dict[str, set[str]] = {}
    # (the text's pairs of characters, read once: a form whose first pair is not
    # among them is not searched for; a long text is searched a few hundred times, not thousands)
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    for level in ("county", "district"):
        for form, code in level_forms(level).items():
            if form[:2] in pairs and form in text and (city := _city_of(code)) is not None and city != code:
                parts.setdefault(city, set()).add(code)
    ranked = sorted((len(v) for v in parts.values()), reverse=True)
    # (a second city with two parts written makes a comparison of cities: 昆山、常熟… and 余姚、慈溪…;
    # one is a word that is also a short form, 合作, 振兴)
    if not ranked or ranked[0] < MIN_PARTS or (len(ranked) > 1 and ranked[1] > 1):
        return None
    city = next(c for c, v in parts.items() if len(v) == ranked[0])
    row = division(city)
    return HomePlace(row[0], city) if row else None


def _entity_home(entities: list[Entity]) -> HomePlace | None:
    votes: Counter[str] = Counter()
    within: dict[str, Counter[str]] = {}
    for e in entities:
        if e.type not in ("region", "park"):
            continue
        adcode = canonical_entity(e.type, e.name, e.attributes).adcode
        city = _city_of(adcode) if adcode else None
        if city is not None and adcode is not None:
            votes[city] += 1
            within.setdefault(city, Counter())[adcode] += 1
    if not votes:
        return None
    (city, n), total = votes.most_common(1)[0], sum(votes.values())
    if n < MIN_VOTES or n < MIN_SHARE * total:
        return None
    part, m = within[city].most_common(1)[0]
    if part != city and m >= MIN_SHARE * n:
        # one county named again and again (柳河县…柳河经济开发区) is that
        # county's story, not its city's
        return None
    row = division(city)
    return HomePlace(row[0], city) if row else None
