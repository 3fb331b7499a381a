"""Regions: administrative divisions (with GB/T 2260 adcodes), economic regions
and countries, found with one Aho–Corasick scan over every written form.

Rules, all general (the tables carry the data):

- Full official names, old names, country names and economic regions count
  wherever they stand (overlap resolution in the stage drops those inside a
  longer organization or park name), except a full or old name read across
  two words: its first character makes a word with the one before and its
  last two are a word (``新增|城市``: not 增城市).
- Short forms (``烟台``, ``山东``) count unless glued to a neighbouring
  character as a dictionary word (``三明治``, ``增加纳税``); a word crossing
  a city's or province's right edge glues nothing where LAC reads exactly
  the short form as a place (``上海陆家嘴``: not 海陆).
- Short forms of districts and counties (``吴江``, ``黄埔``) are common words
  and repeat across the country: they count only when the text also names
  their city or province, or the division's full name (``永康市``, even inside
  an organization's name), which also tells which division is meant; or
  where three or more stand in a 、-list that can only be one city's
  divisions (``庄浪、华亭、崇信、灵台县``: ``region_lists._sibling_lists``).
- Directional macro-regions (``东北``, ``西部``) count only where they stand
  as a place: after a boundary, not inside a phrase (``高新区西部投资``), not
  after a place, a run of abbreviations or an unknown name (``成渝中部``,
  ``川渝中部``, ``遂潼中部``), not opening a park's name (a name of two to
  six characters and a park suffix after it, no place between: 华北奕丰生态园,
  西南交大产业园); once a text uses the word for such a part, its
  other bare mentions (``中部崛起``) are that part too.
- A place before a likelier word wins over a word crossing its edge
  (``中国企业``: 企业, not 国企); a country LAC reads as a place with a verb
  after it (``中国|有``) crosses nothing. 我国 is no entity.
- A region inside a longer word LAC reads as a place that no region opens,
  two or more characters in (明尼苏达州: not 达州), is part of that name.
- A place inside a short name the text defines (以下简称“中建江苏”) is part of
  that name wherever it is written, and one inside or opening a website's
  name (信用中国网站, 广西招标网（http://…）) is part of the site's
  (``region_names``).
- A state, province or city abroad that LAC reads right after its country
  (``乌克兰基辅市``, ``美国|加利福尼亚州``) is a region (``region_foreign``).
- A place inside a short quoted nickname (“中国光谷”, “华北药都”), or opening
  a longer quoted phrase (“中国最富裕县城”), is part of a name, not a place.
- A place opening an honour's or event's name is no place of its own: right
  after a verb naming one (获评中国年度最佳引才城市, 举办中国…博览会), an
  edition (（第三届）中国…评价推介), 暨 or a year written without 年
  (2021湖北…推介会), or before a bracketed place (中国（宜昌）…大会).
- A short form before a compass point and a road's head (北京东路, 南京西路,
  成都西大街: regions/road_after_direction.txt) names a road, not the place;
  the district an address writes before it (上海市黄浦区北京东路) stands.
- A place right before a landform's head (鄂尔多斯盆地, 江汉平原:
  regions/landform_heads.txt) names the landform, unless a division's name
  starts there (德州平原县).
- A county's or district's full name read across a province's or city's
  name and a word (上海|城市, 珠海|城市: not 海城市) is no place; the province
  or city stands (``region_glue.across_a_place``).
- The ends of a route are places (西安至合肥段: the 段 after the last end
  names the section, no landmark; 徽县（大石碑）至天水: a bracketed town before
  至 opens no event's name).
- One-character province forms count only in runs (``沪苏浙皖``, ``苏、浙、皖``,
  or two before a collective head: ``川渝两地``), not where the run's last
  character forms a word with the next (``港澳台商``: 台商, ``沪市``).
- Parts of a province (``粤东``, ``苏南``, ``皖北``) are economic regions read
  like the directional ones; a longer direction (``闽东北``) is not one.
- A place opening a longer organization's or company's name the second model
  reads (``四川省科技厅``, ``桂林市林科所``), or standing inside it
  (``人行成都分行``; not between a company and its unit: ``佩蒂温州工厂``), is part of that name, even where no
  organization is kept over it, a country glued to a company's Chinese name
  too (``荷兰皇家壳牌公司``, ``中国电信``); not a country written apart from
  the name (a space or a Latin name after it: ``澳大利亚 BioGill 环保集团``)
  or before a company's generic unit abroad (``新西兰主粮工厂``), nor a place
  before its own government (``南昌市政府``), which the contract's gold counts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from itertools import accumulate, pairwise

from docpipe.document import Entity
from docpipe.textclasses import HAN, is_han
from docpipe.wordlists import alternation, load_group, load_list, load_table, load_words

from . import region_glue, region_history
from .analysis import Analysis
from .candidates import Candidate, Found, candidates
from .region_directions import _PART_OF, _directions_as_parts, _macro_stands, division_ends
from .region_foreign import foreign_places
from .region_glue import (
    _FREE,
    GLUE_FREQ,
    PHRASE_NAMES,
    _across_words,
    _common_noun,
    _generic_name,
    _in_nickname,
    across_a_place,
    common_word,
    glued,
)
from .region_history import with_former_divisions
from .region_lists import _abbreviation_runs, _entity, _listed_with_places, _sibling_lists
from .region_names import not_in_defined_short_names, not_in_site_names
from .region_script import as_written
from .resources import (
    LEVEL_RANK,
    Place,
    ambiguous_short_forms,
    cities_read_alone,
    city_countries,
    dictionary_words,
    division_countries,
    foreign_cities,
    foreign_divisions,
    park_cores,
    region_form_hits,
    region_tables,
    word_tags,
)

# A short form followed by one of these names a street, river or landmark
# (``长安街``, ``中山路``, ``黄浦江``), not the division.
_LANDMARK_NEXT = load_words("regions/landmark_chars.txt")
# A short form followed by a compass point and one of these heads names a road called after the
# place (北京东路, 南京西路: Shanghai's streets), not the division.
_ROAD_AFTER = tuple(load_words("regions/road_after_direction.txt"))
# A place right before one of these names a landform (鄂尔多斯盆地, 江汉平原), not the division.
_LANDFORM_HEADS = tuple(load_words("regions/landform_heads.txt"))
# A short form followed by one of these is a fixed expression (``北京时间``).
_FIXED_NEXT = tuple(load_words("regions/fixed_next_words.txt"))
# A short form that opens an event's or facility's name (``浦江创新论坛``,
# ``湛江钢铁基地``) is part of that name, not a place of its own.
# A hub named after its city (``成都国际铁路港``, ``重庆国际陆港``) is a facility
# too: the label convention counts no region inside it.
# The characters between place and head are the name's own, never the particle 的: a place
# written before 的 modifies the phrase (广州的虎门大桥: 广州 counts), it opens no name.
_NAME_HEAD = re.compile(rf"(?:(?!的)[{HAN}]){{0,4}}?(" + alternation("regions/name_heads.txt") + ")")
# A count before the head (合肥、双流、眉山、金堂四大基地) makes it a class of the places
# listed, no name a place opens.
_COUNT = re.compile(r"[一二三四五六七八九十两百\d]+[大个座家处]")
# A name of two to six characters and a park's suffix after a macro-region
# (华北奕丰生态园, 西南交大产业园): the direction opens the park's name.
_PARK_AFTER = re.compile(rf"[{HAN}]{{2,6}}?(?:" + alternation("parks/suffixes.txt") + ")")
_HEAD_NEXT = re.compile("(?:" + alternation("regions/name_heads.txt") + ")")
# The heads of an event's or a standard's name a country opens (中国西藏旅游推广周, 中国会计准则).
_COUNTRY_NAME_HEAD = re.compile(rf"(?:(?!的)[{HAN}]){{0,4}}?(?:" + alternation("regions/country_name_heads.txt") + ")")
# Short forms of districts and counties that are also ordinary words (平原,
# 资源): generated from the division table and jieba's dictionary.
_COMMON_WORD_FORMS = frozenset(r["form"] for r in load_table("regions/common_word_short_forms.tsv"))
# A place beside one of these is an end of a route or line (锡盟～北京东～济南).
_ROUTE_JOINERS = load_words("regions/route_joiners.txt")

# Words between the two ends of a route or line (西安至合肥段, 徽县（大石碑）至天水): the place
# after one, before its section's 段, is an end of the line, a place of the article.
_ROUTE_WORDS = tuple(load_list("regions/route_words.txt"))
# A line's section after a route's last end (…至合肥段).
_SECTION = "段"

# A place right after one of these opens an honour's or event's name (获评中国年度最佳引才城市,
# （第三届）中国塑料管道…评价推介).
_HONOUR_VERBS = tuple(load_words("regions/honour_verbs.txt"))
_NAME_OPENERS = tuple(load_words("regions/name_openers.txt"))
# A year written without 年 right before a place opens an event's name (2021湖北…推介会).
_YEAR_BEFORE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}$")
# Brackets around a place inside a name (中国（宜昌）绿色能源发展大会).
_BRACKETED_PLACE = re.compile(rf"[（(][{HAN}]{{2,6}}[）)][{HAN}]")

# Forms that are no region but keep shorter forms inside them from counting (中东部: not 东部).
_MASKING = load_words("regions/masking_forms.txt")
# A country right before a title in book-title marks names the medium's country
# (英国《金融时报》): part of the medium's name, no mention of the country.
_TITLE_OPEN = "《"
# Heads of a media organization's name (四川日报, 澳门法治报): a place right
# before one opens that name.
_MEDIA_HEADS = tuple(r["suffix"] for r in load_table("organizations/suffixes.tsv") if r["kind"] == "media") + tuple(
    sorted(load_words("regions/media_heads.txt"))
)
# A Latin name glued to a company's head after a country (匈牙利BC公司, 韩国KTB基金)
# is that company's name: the country is part of it.
_COMPANY_HEADS = tuple(
    sorted(
        {r["suffix"] for r in load_table("organizations/suffixes.tsv") if r["kind"] == "company"}
        | set(load_group("organizations/company_words.tsv", "financial_heads")),
        key=len,
        reverse=True,
    )
)
_LATIN_THEN_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*(?=" + "|".join(map(re.escape, _COMPANY_HEADS)) + ")")
# A country followed by these is an adjective or an ethnic group
# (``中国特色``, ``德国式``, ``朝鲜族``).
_ADJECTIVE_NEXT = load_list("regions/adjective_next.txt")


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """Every (start, end, form) the automaton finds."""
    return [(end + 1 - len(form), end + 1, form) for end, form in region_form_hits(text)]


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
        known = d.parent in context
        # A province is what its form means first (``海南`` is 海南省 even in a
        # text on Inner Mongolia, whose 乌海 has a 海南区); below that the
        # text's own cities and provinces decide (``北京朝阳`` is 朝阳区).
        return (0 if p.level == "province" else 1, 0 if known else 1, LEVEL_RANK.get(p.level, 9))

    ranked = sorted(places, key=score)
    if score(ranked[0]) == score(ranked[1]):
        return None
    return ranked[0]


def load_resources() -> None:
    """The tables this recogniser reads (the stage's warm-up calls this)."""
    region_tables()
    dictionary_words()
    word_tags()
    ambiguous_short_forms()
    foreign_cities()
    cities_read_alone()
    foreign_divisions()
    city_countries()
    division_countries()
    park_cores()
    region_glue.load_resources()
    region_history.load_resources()


# LAC's tags of ordinary words: a district's short form LAC reads as one of
# these (新建 高标准农田: a verb) is that word, no place.
_LAC_WORD_TAGS = frozenset({"v", "vd", "vn", "d", "a", "ad", "p", "c"})


# The second model's labels of a name that a place opening it belongs to.
_NAME_LABELS = frozenset({"organization", "company"})
# A name ending so is its place's own government (南昌市政府): the place counts (the contract's gold).
_OWN_GOVERNMENT = tuple(load_words("regions/own_government_ends.txt"))
# A company's generic unit abroad (工厂, 研发中心): a country before it is the mention.
_ABROAD_UNITS = tuple(load_group("organizations/company_words.tsv", "abroad_units"))
# China's own companies' units are no units abroad (中国电信…数据中心 is the company's).
_CHINA = "中国"


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    # Traditional script is read on its simplified view (same offsets); a simplified text is its own view.
    text = a.simplified
    lac_places = {(w.start, w.end) for w in a.lac if w.tag == "LOC"}
    regions = find_regions(text, lac_places, {(w.start, w.end) for w in a.lac if w.tag in _LAC_WORD_TAGS})
    regions = sorted(regions + foreign_places(text, regions, lac_places), key=lambda e: e.start)
    regions = not_in_proper_nouns(regions, [(w.start, w.end) for w in a.lac if w.tag == "nz"])
    regions = not_inside_other_places(regions, sorted(lac_places))
    regions = not_in_defined_short_names(text, regions)
    regions = not_in_site_names(text, regions)
    names = [(s.start, s.end) for s in a.model_spans if s.label in _NAME_LABELS]
    regions = not_ending_listed_names(regions, [(h.start, h.end) for h in a.gazetteer_hits if h.source == "listed"])
    regions = not_opening_names(text, regions, names)
    if text != a.text:
        regions = as_written(a.text, regions)
    return candidates(regions, "regions")


def not_ending_listed_names(regions: list[Entity], listed: Collection[tuple[int, int]]) -> list[Entity]:
    """The regions that end no listed company's short name longer than them
    (视觉|中国, the photo agency credited under news pictures): a place closing
    a company's name is part of it. A place opening one (中国|电影, 西藏|旅游)
    is left to the name's readers: those names are also plain phrases."""
    ends = {e: s for s, e in listed}
    return [r for r in regions if not (r.end in ends and ends[r.end] < r.start)]


# Characters a place word holds before a region inside it for that region to be part
# of another place's name (明尼|苏达州: not 达州), not a prefix of the region's own (大武汉).
_FOREIGN_HEAD = 2


def not_inside_other_places(regions: list[Entity], places: list[tuple[int, int]]) -> list[Entity]:
    """The regions not inside a longer word LAC reads as a place that no region
    opens, two or more characters after its start (明尼苏达州: 达州 is no
    place; 浙江宁波 and 大武汉 keep theirs). ``places``: LAC's LOC words in
    text order."""
    if not places:
        return regions
    opened = {r.start for r in regions}
    starts = [s for s, _ in places]
    out = []
    for r in regions:
        i = bisect_left(starts, r.start + 1) - 1
        if i >= 0:
            s, e = places[i]
            if s + _FOREIGN_HEAD <= r.start and r.end <= e and s not in opened:
                continue
        out.append(r)
    return out


def not_in_proper_nouns(regions: list[Entity], proper: list[tuple[int, int]]) -> list[Entity]:
    """The regions not inside a longer word LAC reads as a proper noun (nz): a
    product's, brand's, breed's or event's name made on a place (蒙古马, 赣南脐橙,
    上海电影节, 美国在线) mentions no region (the contract). A place LAC reads
    exactly as such a word (中牟) stays. ``proper``: LAC's words, disjoint, in
    text order; one binary search per region."""
    if not proper:
        return regions
    starts = [s for s, _ in proper]
    out = []
    for r in regions:
        i = bisect_left(starts, r.start + 1) - 1  # the last word starting at or before the region
        if i >= 0 and proper[i][0] <= r.start and r.end <= proper[i][1] and proper[i] != (r.start, r.end):
            continue
        out.append(r)
    return out


def not_opening_names(text: str, regions: list[Entity], names: Collection[tuple[int, int]]) -> list[Entity]:
    """The regions that open no longer organization's or company's name the
    second model reads (四川省|科技厅, 桂林市|林科所, 常州|赛伯乐…基金, 荷兰|皇家壳牌公司)
    and stand inside none (人行|成都|分行): a region only as part of a longer
    name mentions none (the contract); a place between a company and its
    unit (佩蒂|温州|工厂: organizations/company_words.tsv abroad_units) is
    where that unit stands, and counts. A
    country written apart from a company's name (澳大利亚 BioGill 环保集团) or
    before its unit abroad (新西兰主粮工厂) and a place before its own
    government (南昌市政府) still count, as the contract's gold has them."""
    reach: dict[int, int] = {}
    for s, e in names:
        reach[s] = max(reach.get(s, 0), e)
    spans = sorted(names)
    starts = [s for s, _ in spans]
    # The furthest end of the names up to each one: the walk back over the names
    # that start before a region stops where none reaches past it (linear for a
    # tagger's non-overlapping spans, not regions x names).
    furthest = list(accumulate((e for _, e in spans), max))
    address = _address_heads(text, regions)
    out = []
    for r in regions:
        if id(r) in address:
            out.append(r)
            continue
        e = reach.get(r.start, 0)
        if e > r.end and not _stands_apart(text, r, e) and not text[r.start : e].endswith(_OWN_GOVERNMENT):
            continue
        if _inside_a_name(text, r, spans, furthest, bisect_left(starts, r.start) - 1):
            continue
        out.append(r)
    return out


def _address_heads(text: str, regions: list[Entity]) -> set[int]:
    """The places written right before one of their own divisions (江苏省|苏州市|昆山…,
    四川|甘孜州|雅江县): an address, each place above the last standing as a place
    even where the second model reads the run as one name; the last one opens
    the name (昆山开发区环监科). A division's suffix may stand between (甘孜|州|雅江县).
    ``regions`` in text order."""
    out: set[int] = set()
    for r, nxt in pairwise(regions):
        gap = text[r.end : nxt.start]
        if (gap == "" or gap in _PART_OF) and nxt.attributes.get("parent") == r.name:
            out.add(id(r))
    return out


def _inside_a_name(text: str, r: Entity, spans: list[tuple[int, int]], furthest: list[int], j: int) -> bool:
    """Inside a name (人行|成都|分行) the place is part of it too; not where the
    rest is only the company's unit there (佩蒂|温州|工厂: the unit's place) or
    the place's own government (江西省|南昌市|政府). ``spans[:j + 1]`` start
    before the region."""
    while j >= 0 and furthest[j] > r.end:
        e = spans[j][1]
        if e > r.end and text[r.end : e] not in _ABROAD_UNITS and not text[r.start : e].endswith(_OWN_GOVERNMENT):
            return True
        j -= 1
    return False


def _stands_apart(text: str, r: Entity, end: int) -> bool:
    """A country before a company's name still counts where it is written
    apart from the name (澳大利亚 BioGill 环保集团: a space between; 新加坡KSL
    Global Logistics: a Latin name) or where the name is only the company's
    unit abroad (新西兰主粮工厂: organizations/company_words.tsv abroad_units),
    as the contract's gold has it; glued to a name in Chinese (荷兰瑞克斯旺公司,
    中国北车) it is part of that name."""
    if r.attributes.get("level") != "country" or r.end >= len(text):
        return False
    abroad = r.name != _CHINA and text[r.end : end].endswith(_ABROAD_UNITS)
    return text[r.end].isspace() or text[r.end].isascii() or abroad


def find_regions(
    text: str, lac_places: Collection[tuple[int, int]] = (), lac_words: Collection[tuple[int, int]] = ()
) -> list[Entity]:
    """The regions of ``text``; ``lac_places`` are the spans LAC tags as
    places: a city's or province's short form the dictionary knows as an
    ordinary word (``大连``, tagged an adverb) is a place where LAC reads
    exactly it as one; ``lac_words`` are the spans LAC tags as verbs,
    adverbs, adjectives, prepositions or conjunctions: a district's or
    county's short form read exactly so (``新建``高标准农田) is that word."""
    tables = region_tables()
    spans = _longest(across_a_place(text, _candidates(text)))
    context = _context(spans)
    out: list[Entity] = []
    taken: list[tuple[int, int]] = []
    deferred: list[tuple[int, int, Place]] = []
    # District and county short forms dropped for want of their city (read again as a list of one city's).
    orphans: list[tuple[int, int, str]] = []
    parts = _directions_as_parts(text, spans)
    word_starts = {s for s, _ in lac_words}
    starts = sorted(s for s, _, _ in spans)
    start_set = set(starts)
    form_at = {s: f for s, _, f in spans}
    # Starts of places that open a facility's or policy's name (潍坊特高压变电站):
    # the places listed before them with 、 open the same kind of name.
    heads: set[int] = set()
    for start, end, form in spans:
        if _in_route(text, start, end) or form in _MASKING:
            continue
        places = tables.forms[form]
        place = None
        if len(places) > 1 and out and out[-1].end == start:
            # Right after its city or province (``南京市鼓楼区``, ``福州鼓楼区``,
            # ``广西东兴``) a shared name is that city's or province's.
            own = [
                p for p in places if p.division is not None and out[-1].name in (p.division.parent, p.division.province)
            ]
            if len(own) == 1:
                place = own[0]
        if place is None:
            place = _choose(places, context)
        if place is None and all(p.form == "short" and p.level in ("district", "county") for p in places):
            # A county's short form several cities share (兴宁, 五华): a list of one city's
            # divisions may tell which.
            if not glued(text, start, end):
                orphans.append((start, end, form))
            continue
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
        if _in_nickname(text, start, end) or _opens_name(text, start, end):
            continue
        if text.startswith(_LANDFORM_HEADS, end) and form_at.get(end, _LANDFORM_HEADS[0]) in _LANDFORM_HEADS:
            # 鄂尔多斯盆地, 江汉平原: a landform's name (not 德州平原县, where a county's name starts;
            # the bare head may be a county's short form, 平原)
            continue
        if place.form not in ("short", "macro", "country") and _HEAD_NEXT.match(text, end):
            # A full name or an economic region right before a name's head opens
            # that name (界面新闻大湾区频道); short forms and macro-regions are read below.
            heads.add(start)
            continue
        if place.form == "full" and place.level in ("district", "county") and _generic_name(form):
            # ``城区``, ``郊区``, ``矿区``: division names that are ordinary words
            # count only when the text names their city or province; a frequent
            # common noun only right after its city or province (阳泉市城区), as
            # any city has a 中心城区.
            d = place.division
            assert d is not None
            if _county_of_its_own(form) and text.count(form) >= 2:
                # ``滑县``, ``沛县``: no ordinary word; a county where it stands apart
                # (not 湖南县域, 新县城: 南县 and 新县 read across words) and the text
                # names it more than once (富民兴县, once: a verb and its object).
                if glued(text, start, end) or dictionary_words().get(text[end - 1 : end + 1], 0) >= GLUE_FREQ:
                    continue
            elif not (d.parent in context or d.province in context):
                continue
            if (common_word(form) or _common_noun(form) or form in PHRASE_NAMES) and not (
                out and out[-1].end == start and out[-1].name in (d.parent, d.province)
            ):
                continue
        if text.startswith(_CLUSTER_SUFFIX, end) and place.level != "country":
            pass  # ``南京都市圈``: the suffix tells it is a place (京都 glues nothing here)
        elif place.form == "macro":
            if not _macro_stands(text, start, end, division_ends(spans)) or form in parts:
                continue
            if (m := _PARK_AFTER.match(text, end)) and not any(end <= s < m.end() for s in starts):
                # 华北|奕丰生态园, 西南|交大产业园: the direction opens a park's name (not
                # where another place stands between: 东北地区的长春汽车经济技术开发区)
                heads.add(start)
                continue
            # Right before the head only (中联重科华东基地, 西部大开发): a head
            # further on (…华中生产基地) leaves the region standing.
            if _HEAD_NEXT.match(text, end):
                heads.add(start)
                continue
        elif place.form in ("full", "old") and (
            _across_words(text, start, end) or _stem_read_as_word(text, start, end)
        ):
            continue
        elif place.form == "short":
            # LAC reading exactly the span as a place tells a city's or province's
            # short form from a word crossing its right edge (上海|陆家嘴: not 海陆).
            told = (start, end) in lac_places and place.level in ("province", "city")
            county_level = place.level in ("district", "county")
            # A district's or county's short form that is an ordinary word (安定)
            # counts only in a list of places of its level (榆中、临洮、安定).
            ordinary = common_word(form) and not told
            if glued(text, start, end, right=not told) or (ordinary and not county_level):
                continue
            if (start, end) in lac_words and place.level in ("district", "county"):
                # LAC's word reading (崇信: a noun verb) yields to a list of one city's counties
                orphans.append((start, end, form))
                continue
            if (
                end < len(text)
                and text[end] in _LANDMARK_NEXT
                and end not in start_set
                and not _route_end(text, start, end)
            ):
                # the city right before opens the same landmark's name (宁波北仑港);
                # a province locates it (新疆伊犁河). Not where another place
                # follows (河南|河口村: 河 opens 河口).
                heads.add(start)
                if out and out[-1].end == start and out[-1].attributes.get("level") != "province":
                    out.pop()
                continue
            if text.startswith(_FIXED_NEXT, end):
                continue
            if text.startswith(_ROAD_AFTER, end):
                # 北京东路, 南京西路: a road named after the place; the district written before it
                # (上海市黄浦区北京东路) still stands, unlike a landmark's opening place (宁波北仑港)
                continue
            if (m := _NAME_HEAD.match(text, end)) and not _COUNT.search(text, end, m.start(1)):
                heads.add(start)
                continue
            d = place.division
            assert d is not None
            named = context - {p.name for p in places}
            # ``永康`` counts where the text names 永康市 in full (even inside an
            # organization's name, 永康市经济和信息化局): the full name tells which.
            if d.level in ("district", "county") and not (
                d.parent in named or d.province in named or _full_name_elsewhere(text, start, d.name)
            ):
                orphans.append((start, end, form))
                continue
            # ``港口`` (港口区), ``河口``, ``平原``: a short form that is a frequent
            # common word counts only where the text gives the division's full name.
            # Right after its province or city (湖北仙桃) the place is told.
            if (
                d.level in ("district", "county")
                and (_common_noun(form) or form in _COMMON_WORD_FORMS or form in PHRASE_NAMES)
                and not _full_name_elsewhere(text, start, d.name)
                and not (out and out[-1].end == start)
            ):
                ordinary = True
            # ``白银``, ``日照``: also ordinary words; a place only where the text
            # names the province or the division's full name.
            if ordinary or (form in ambiguous_short_forms() and not (d.province in named or d.name in text)):
                deferred.append((start, end, place))
                continue
        elif place.form == "country":
            # LAC reading exactly the country as a place and a verb, adverb or
            # preposition right after it tells it from a word across its right edge
            # (华为在中国|有…: 国有 is no word here; 中国人居… stays glued).
            told = (start, end) in lac_places and end in word_starts
            if len(form) <= 2 and glued(text, start, end, right=not told):
                continue
            if text.startswith(_ADJECTIVE_NEXT, end) or text.startswith(_TITLE_OPEN, end):
                continue
            if _LATIN_THEN_HEAD.match(text, end):
                continue
            if _COUNTRY_NAME_HEAD.match(text, end):
                continue  # 中国西藏旅游推广周, 中国企业会计准则: the name's opening
        if place.level != "economic_region" and text.startswith(_MEDIA_HEADS, end):
            continue  # 四川日报, 澳门法治报: the medium's name
        taken.append((start, end))
        out.append(_entity(text, start, end, place))
    for start, end, place in _listed_with_places(text, deferred, out):
        taken.append((start, end))
        out.append(_entity(text, start, end, place))
    for start, end, place in _sibling_lists(text, orphans, out):
        taken.append((start, end))
        out.append(_entity(text, start, end, place))
    out.sort(key=lambda e: e.start)
    out = _drop_listed_before_heads(text, out, heads)
    out += _foreign_cities(text, out)
    out.sort(key=lambda e: e.start)
    out = [_cluster(text, e) for e in out]
    out.extend(_abbreviation_runs(text, taken))
    return with_former_divisions(text, sorted(out, key=lambda e: e.start))


def _county_of_its_own(form: str) -> bool:
    """A two-character county name (``滑县``, ``沛县``) is no ordinary word, unlike
    ``城区``, ``郊区``, ``矿区``; not one opening with a conjunction or a
    preposition (``和县``: 市和县级)."""
    return len(form) == 2 and form.endswith("县") and form[0] not in _FREE


def _opens_name(text: str, start: int, end: int) -> bool:
    """The place opens an honour's or event's name: right after a verb that
    names one (获评, 荣获, 举办) or an edition (第三届), the name going on
    after it; or a bracketed place follows it (中国（宜昌）绿色能源发展大会)."""
    if (m := _BRACKETED_PLACE.match(text, end)) and not text.startswith(_ROUTE_WORDS, m.end() - 1):
        return True
    if end >= len(text) or not (is_han(text[end]) or (text[end].isascii() and text[end].isalpha())):
        return False
    before = text[max(0, start - 4) : start]
    return before.endswith(_HONOUR_VERBS) or before.endswith(_NAME_OPENERS) or bool(_YEAR_BEFORE.search(before))


def _stem_read_as_word(text: str, start: int, end: int) -> bool:
    """A full name whose stem is an ordinary word and whose last character
    makes a word with the next (``最富裕县城``: 富裕 + 县城), read across words."""
    stem = text[start : end - 1]
    nxt = text[end : end + 1]
    return (
        len(stem) >= 2
        and (common_word(stem) or stem in _COMMON_WORD_FORMS)
        and nxt != ""
        and dictionary_words().get(text[end - 1] + nxt, 0) >= GLUE_FREQ
    )


def _route_end(text: str, start: int, end: int) -> bool:
    """The place closes a route written with a route word before it and its
    section after it (宁西铁路西安至|合肥|段): an end of the line, not a
    landmark's name (川藏铁路林芝段 names the section only)."""
    return text[end] == _SECTION and text[:start].endswith(_ROUTE_WORDS)


def _in_route(text: str, start: int, end: int) -> bool:
    """A place beside a route joiner (``锡盟～北京东～济南``, ``呼伦贝尔～山东``):
    an end of a line, part of a facility's name."""
    return (start > 0 and text[start - 1] in _ROUTE_JOINERS) or (end < len(text) and text[end] in _ROUTE_JOINERS)


def _drop_listed_before_heads(text: str, found: list[Entity], heads: set[int]) -> list[Entity]:
    """Places listed with 、 right before one that opens a facility's or
    policy's name (``济南、潍坊特高压变电站``) open such names too."""
    drop: set[int] = set()
    for i in range(len(found) - 1, -1, -1):
        e = found[i]
        nxt = e.end + 1
        if text[e.end : nxt] == "、" and nxt in heads:
            drop.add(id(e))
            heads.add(e.start)
    return [e for e in found if id(e) not in drop]


# A foreign city's name as written may end so (乌克兰基辅市): the mention is the whole name.
_CITY_END = "市"


def _foreign_cities(text: str, found: list[Entity]) -> list[Entity]:
    """A foreign city right after its country (``泰国曼谷``, ``德国柏林``): the
    country vouches for the city name (CLDR's exemplar cities)."""
    cities = foreign_cities()
    out = []
    for e in found:
        if e.attributes.get("level") != "country":
            continue
        for city in sorted(cities.get(e.name, ()), key=len, reverse=True):
            start, end = e.end, e.end + len(city)
            if not text.startswith(city, start):
                continue
            if text.startswith(city, end):
                # An address writes the region, then its city of the same name (基辅|基辅市):
                # the city, the last and fullest form, is the place.
                start, end = end, end + len(city)
            if text.startswith(_CITY_END, end) and dictionary_words().get(text[end : end + 2], 0) < GLUE_FREQ:
                end += len(_CITY_END)  # 基辅市: the name as written (not 东京|市场)
            # Not a state or province of the same name (州, 省), nor a facility named
            # after the city (澳洲悉尼机场: the airport, 悉尼 no mention of its own).
            if not (end < len(text) and text[end] in "州省") and not _HEAD_NEXT.match(text, end):
                out.append(
                    Entity(
                        type="region",
                        text=text[start:end],
                        name=text[start:end],
                        start=start,
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
