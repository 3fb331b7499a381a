"""Parks found from a park suffix back to their place, core or own name
(``无锡高新区``, ``东湖高新区``, ``川渝高竹新区``, ``成都高新西区``): the suffix
words, the name window left of a suffix and the rules that make a phrase
rather than a name (a verb, a count, a generic or collective head)."""

from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import alternation, by_length, load_list, load_words

from .park_anchors import (
    _NAME_CHAR,
    _STOP,
    DASHED_CHINA,
    MAX_HEAD,
    MAX_QUALIFIER,
    _abbr_pair,
    _anchor_start,
    _vouched_region,
)
from .resources import park_suffixes, region_tables, word_tags

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
# A head that begins with a verb, adverb or conjunction is a phrase, not a name.
_PHRASE_TAGS = {"v", "vn", "vd", "d", "c", "p", "ad", "r", "m", "q"}


@lru_cache(maxsize=1)
def _suffix_automaton() -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for s in SUFFIXES:
        a.add_word(s, s)
    a.make_automaton()
    return a


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


# Prepositions that stop the name window only right after a division's full name.
_AFTER_DIVISION_STOPS = load_words("parks/after_division_stops.txt")


def _full_division_ends(text: str, j: int) -> bool:
    """A division's full name (``酒泉市``, not the short ``酒泉``) ends at ``j``."""
    forms = region_tables().forms
    return any(any(p.form == "full" for p in forms.get(text[j - k : j], ())) for k in range(2, min(8, j) + 1))


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
        if ch in "—-–－" and text[max(0, i - 3) : i - 1] == "中国":
            i -= 3  # ``中国—东盟…``: China and its partner open the name
            continue
        if not _NAME_CHAR.match(ch) or (ch in _STOP and not _place_opens(text, i - 1, pos)):
            break
        if ch in _AFTER_DIVISION_STOPS and _full_division_ends(text, i - 1):
            break  # 酒泉市以|玉门经济开发区: the city is the clause's subject
        i -= 1
    return i


# A place form opening with a stop character (和林格尔, 于都) is that place where it is this long.
_LONG_PLACE = 3


def _place_opens(text: str, i: int, pos: int) -> bool:
    """A place form of three or more characters starts at ``i`` and ends before
    ``pos`` (位于|和林格尔盛乐经济园区: 和 is no conjunction there)."""
    forms = region_tables().forms
    return any(text[i : i + k] in forms for k in range(_LONG_PLACE, min(8, pos - i) + 1))


# A count right before the suffix (``三大``, ``12个``) makes the phrase a count of parks.
_COUNTED = re.compile(r"[两二三四五六七八九十百千\d]+[大个家类批座](?:国家级|省级)?$")


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
# The text's own country alone before a class word (中国科技园区): the class of China's parks.
_OWN_COUNTRY = load_words("parks/own_country.txt")
_OWN_COUNTRY_CLASSES = load_words("parks/own_country_classes.txt")


def own_country_class(head: str, suffix: str) -> bool:
    """``中国|科技园区``, ``中国|开发区``: the country alone and a class word name
    the class of China's parks, no park (中国医药城 and 中国（上海）自由贸易试验区
    are names: a city-like suffix, a bracketed place)."""
    return head in _OWN_COUNTRY and suffix in _OWN_COUNTRY_CLASSES


_COLLECTIVE_END = load_list("parks/collective_ends.txt")
_COLLECTIVE_IN = load_list("parks/collective_words.txt")


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


# Classifiers that close a determiner or an ordinal (这个, 首个) right before a name window.
_COUNTED_BEFORE = load_words("parks/counted_before.txt")


def _determined(text: str, lo: int) -> bool:
    """A determiner or an ordinal with its classifier right before the name
    window (``这个|风电装备制造产业园``, ``首个|云计算产业园``): the window stops at
    the classifier, but the phrase names a kind of park."""
    return lo >= 2 and text[lo - 1] in _COUNTED_BEFORE and _generic_head(text[lo - 2 : lo])


def _entity(text: str, start: int, end: int, region: str) -> Entity:
    attrs = {"region": region} if region else {}
    return Entity(type="park", text=text[start:end], name=text[start:end], start=start, end=end, attributes=attrs)


# Verbs of a clause that never stand inside a park's name: between a place and
# a suffix they make a sentence (``X区分别提出打造…产业园``), not a name.
_VERB_IN_QUALIFIER = re.compile(alternation("parks/clause_verbs.txt"))
# A designation's scope (全省首批…示范区): the head names a class of zones.
_SCOPE_WORDS = load_list("parks/scope_words.txt")
# A demonstrative or preposition in the head (该…, 以…): the name starts after it.
_HEAD_OPENERS = load_words("parks/head_openers.txt")
# Second characters of a two-country opening (中以, 中德): no opener there.
_PARTNERS = load_words("parks/bilateral_partners.txt")


_LEGAL_FORMS = load_list("organizations/legal_forms.txt")
# A head after a verb names a park when its first two characters are no
# frequent dictionary word (中天, 绿赛; not 科技, 新型, 智慧).
_PROPER_HEAD_MIN = 4
_COMMON_OPENING_FREQ = 300


def _proper_head(head: str) -> bool:
    """A name's head, not a company's facility (晋东公司…产业基地)."""
    return (
        len(head) >= _PROPER_HEAD_MIN
        and not any(f in head for f in _LEGAL_FORMS)
        and word_tags().get(head[:2], (0, ""))[0] < _COMMON_OPENING_FREQ
        and not any(v in head for v in _ACTION_VERBS)
    )


# Words that introduce examples (如, 例如) at a name window's start.
_EXAMPLE_MARKERS = by_length(load_words("parks/example_markers.txt"))


def _example_marker(head: str) -> int:
    """Length of the example marker opening ``head`` (``如|玻纤``), 0 when none
    opens it or the marker is the first part of a word (``如意``, ``如皋``) or
    too little follows it to be a name."""
    m = next((x for x in _EXAMPLE_MARKERS if head.startswith(x)), "")
    if not m or len(head) - len(m) < 2 or head[: len(m) + 1] in word_tags():
        return 0
    return len(m)


def _opener_end(head: str) -> int:
    """Where a name starts after the head's last demonstrative or preposition
    (0: none); the partner of a two-country opening (中以常州创新园) is none."""
    cut = 0
    for i, ch in enumerate(head):
        if ch in _HEAD_OPENERS and not (ch in _PARTNERS and i > 0 and head[i - 1] == "中"):
            cut = i + 1
    return cut


# A stop character of building (在建, 新建, 建设) right before a generic suffix.
_BUILDING = load_words("parks/building_chars.txt")
# After 中国— and a partner these name an agreement's area (中国—东盟自由贸易区).
AGREEMENT_SUFFIXES = load_words("parks/agreement_suffixes.txt")
_AGREEMENT_SUFFIXES = AGREEMENT_SUFFIXES
# China and partners' one-character abbreviations alone before an agreement suffix (中日韩).
_COUNTRY_ABBREVIATIONS = re.compile("中[" + "".join(sorted(_PARTNERS)) + "]+")
_LONGEST_PARTNERS = 5


def agreement_area(head: str, suffix: str) -> bool:
    """A free-trade agreement's area named by countries' abbreviations alone
    (``中日韩`` + ``自由贸易区``, ``中韩`` + ``自贸区``), not a zone on the ground."""
    return suffix in _AGREEMENT_SUFFIXES and _COUNTRY_ABBREVIATIONS.fullmatch(head) is not None


# An area's word after a place (长三角地区…, 川渝地区…): what follows is a kind of zone there.
_AREA_WORD = "地区"


def _anchor_end(anchors: dict[int, list[tuple[int, str, str]]], start: int, s: int) -> int:
    """End of the longest place or core that opens the name at ``start`` (``start``: none)."""
    return max((e for e in range(start + 2, s + 1) for a, _, _ in anchors.get(e, []) if a == start), default=start)


# A conjunction right before a suffix (青岛市及高新区): the suffix is a second item.
_JOINERS = tuple(load_list("parks/joiners.txt"))
# Suffixes that are also a park's word for its own areas (园区).
_AREA_WORDS = load_words("parks/area_words.txt")
# A street address in a head (…华府大道四段感知物联网产业园): the name follows it.
_ADDRESS = re.compile("|".join(f"(?:{p})" for p in load_list("parks/address_marks.txt")))


def _after_address(text: str, lo: int, s: int) -> int:
    """Where a name ending at ``s`` starts after the last street address in
    ``text[lo:s]`` (``lo``: none)."""
    end = lo
    for m in _ADDRESS.finditer(text[lo:s]):
        end = lo + m.end()
    return end


def _name_before_bracket(text: str, lo: int, bracket: int) -> int | None:
    """Start of the own name right before a bracketed place (``恒力``, after any
    demonstrative or verb of making), or None when none is there."""
    head = text[lo:bracket]
    cut = _opener_end(head)
    cut = max([cut] + [head.rfind(v) + len(v) for v in _ACTION_VERBS if v in head])
    name = head[cut:]
    if len(name) < 2 or _generic_head(name):
        return None
    return lo + cut


# What stands for a park suffix's characters in a head whose verbs are read.
_MASK = "〇"


def _suffixes_masked(head: str) -> str:
    """``head`` with every park suffix in it masked, so that a verb inside one
    (集聚 in 产业集聚区, 发展 in 发展基地) is not read as a verb of the head."""
    for suffix in SUFFIXES:
        if suffix in head:
            head = head.replace(suffix, _MASK * len(suffix))
    return head


def _suffix_parks(text: str, anchors: dict[int, list[tuple[int, str, str]]]) -> list[Entity]:
    """Parks found from a suffix back to their place, core or own name."""
    found: list[Entity] = []
    forms = region_tables().forms
    for s, e, suffix in _suffix_hits(text):
        if text[max(0, s - 2) : s].endswith(_JOINERS):
            continue  # ``青岛市及高新区``: the suffix is a bare second item
        if e < len(text) and text[s : e + 1] in forms:
            continue  # ``西安市新城区``: the suffix and the character after it name a division
        if any(agreement_area(text[k:s], suffix) for k in range(max(0, s - _LONGEST_PARTNERS), s - 1)):
            continue  # ``中日韩自由贸易区``, ``中韩自贸区``: countries' abbreviations alone, an agreement
        lo = _left_window(text, s)
        address_end = _after_address(text, lo, s)
        addressed = address_end > lo
        if addressed:
            lo = address_end  # ``…华府大道四段感知物联网产业园``: the name follows the address
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
            if start > lo and text[start - 1] in _OPEN:
                # ``恒力（泸州）产业园``: a place bracketed after the park's own
                # name, no place before it; the name opens the park.
                opened = _name_before_bracket(text, lo, start - 1)
                if opened is None:
                    continue
                start = opened
            # a pair of province abbreviations right before opens the name (``川渝`` + ``高竹``)
            if start - 2 >= lo and _abbr_pair(text, start - 2, start) == start - 2:
                start -= 2
            region = _vouched_region(text, anchors, start, region)
            # ``浙江三大新区``, ``全省12个开发区``: a count, not a name.
            if _COUNTED.search(text, start, s):
                continue
            if own_country_class(text[start:s], suffix):
                continue  # ``中国科技园区``: the class of China's parks
            # ``中国—东盟自由贸易区``: a free-trade agreement's area, no zone.
            if suffix in _AGREEMENT_SUFFIXES and DASHED_CHINA.match(text, start):
                continue
            # ``长三角地区现代产业集聚区``: a kind of zone in an area (its place, then 地区), no name
            anchor_end = _anchor_end(anchors, start, s)
            if anchor_end < s - 2 and (
                text.startswith(_AREA_WORD, anchor_end) or text[start:anchor_end].endswith(_AREA_WORD)
            ):
                continue
            # ``中国楼宇经济标杆商务区``: a designation's scope, a class of zones.
            if any(w in text[start:s] for w in _SCOPE_WORDS):
                continue
            # ``苏州工业园区配套园区``: an area word after a park is that park's
            # area, named only by a place or a direction (``_named_area``).
            if suffix in _AREA_WORDS and any(x in text[start:s] for x in SUFFIXES):
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
        if _determined(text, lo):
            continue  # ``这个风电装备制造产业园``, ``首个云计算产业园``: a kind of park, none named
        lo += _example_marker(head)
        head = text[lo:s]
        cut = _opener_end(head)
        if cut and len(head) - cut >= 2:
            # ``该希音湾区智慧产业园``, ``以中信重工…数字智造产业园``: the name follows.
            lo += cut
            head = text[lo:s]
        # A verb inside an earlier park's suffix (虎岭产业集聚区|机械加工产业园: 集聚) is that suffix's.
        verbs_read = _suffixes_masked(head)
        verb_end = max((verbs_read.rfind(v) + len(v) for v in _ACTION_VERBS if v in verbs_read), default=0)
        if verb_end and _proper_head(head[verb_end:]):
            # ``重点推进中天智慧节能环保产业园``: a verb of making, then a name
            # opened by a word the dictionary does not know as a common one.
            lo += verb_end
            head = text[lo:s]
        if addressed and suffix in NAMED_WITHOUT_PLACE and len(head) >= 2 and not _generic_head(head):
            # What follows a street address is the park's name, whatever word opens it.
            found.append(_entity(text, lo, e, ""))
            continue
        if (
            suffix in NAMED_WITHOUT_PLACE
            and len(head) >= 2
            and not any(w in head for w in _SCOPE_WORDS)
            and not _generic_head(head)
            and not any(v in _suffixes_masked(head) for v in _ACTION_VERBS)
            and not _suffix_glued(text, s)
            and word_tags().get(head[:2], (0, ""))[1] not in _PHRASE_TAGS
        ):
            found.append(_entity(text, lo, e, ""))
    return found
