"""Organizations and persons from the second NER model (FoolNLTK) and the
company gazetteers, each checked before it becomes a candidate.

The model (``analysis.model_spans``) tags company / organization / person /
location spans with a score; its boundaries are sometimes loose (a name run
into the sector after it: X证券电子行业). So a span counts as an
organization only when

- it ends in a body's name ending (the organizations' ``suffixes.tsv``:
  有限公司, 集团, 大学, 研究院, 委员会, 交易所 …; not 中心 or 联盟 alone,
  ``model_not_alone.txt``: 会展中心 is a building), or
- a gazetteer name (``analysis.gazetteer_hits``) or a LAC ORG word covers
  exactly the same span (two sources agree on the boundary).

A gazetteer hit the model did not tag counts when the text says it is a
company there: a cue word a few characters after it in its clause (公司, 股价,
营收, 董事长 …, ``company_cues_after.txt``) or right before it (龙头, 车企 …),
or a stock code or a listing in brackets right after it (宁德时代（300750）,
拼多多（NASDAQ:PDD）: any gazetteer name, brands too), or, for a brand,
its share's move right after it in a market wrap (，网易跌近6%，: ``cues.share_move_after``,
marked as context evidence for the keep step); a listed
company's name also when the model tags any company overlapping it. Brand
names (companynameparser's table) need the model to tag exactly that span
as a company, since many are also ordinary words (联合, 未来), or, for one
that is no frequent word, a company's word right after it (X创始人, X股价).
A model span ending in a body's head the suffix scanner cannot take alone
(党支部, 分行, 检察院, 总公司 …, ``model_body_heads.txt``) counts too, and so
does one that a park the rules found opens and such a head or a name ending
closes (X开发区发展总公司: the park is named inside the body's name), and
one that is a country and then a rule company ending in a company form of
``suffixes.tsv`` (荷兰|瑞克斯旺公司: the rules split the country off), and
one the rules' organization opens that ends in an institute's ending
(X大学|…协同创新中心: a research unit named after its body).
A model company span with no name ending and no second source counts where
the text says it is a company (``organizations/cues.py``): such a word right
after it, or an organization found, or another model company, beside it in a
、-list.

Never a name: a model span scored below ``ORG_MIN_SCORE``, one whose part
before the ending is a bare level or generic place (市政府, 高新区党工委:
``generic_stems.txt``), or one after a count (多家…公司).

A model person span (scored at least ``PERSON_MIN_SCORE``) counts where it
contains a person the rules found (it fixes a boundary: a three-character
name the rules cut to two), or where a title (``persons/titles.txt``) stands
right before it (总统拉赫蒙: a transliterated name the rules cannot read).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import alternation, by_length, group_alternation, load_table, load_words

from .analysis import Analysis
from .candidates import Candidate, Found
from .ner import LacWord
from .organizations import cues, is_place_name, not_a_mention
from .unit_offices import before_its_own_office

if TYPE_CHECKING:
    from .foolnltk import ModelSpan

PERSON_MIN_SCORE = 0.9
# Below this mean tag probability the model is guessing (上海光源 0.41, 迈瑞AED 0.44).
ORG_MIN_SCORE = 0.6
ORG_LABELS = frozenset({"company", "organization"})
_MAX_LEN = 40
# Characters no name holds: clause punctuation, brackets, spaces.
_BREAKS = re.compile(r"[\s，,。；;：:、！!？?“”\"（）()《》【】]")
_DETERMINER = re.compile(rf"^(?:{alternation('organizations/model_determiners.txt')})")
# A count before a name makes it a category (20家粤港澳联合实验室, 多家深圳智能制造公司).
_COUNTED = re.compile(
    r"(?:\d+|[一二两三四五六七八九十百千万多数几若干]+)"
    rf"(?:{alternation('organizations/model_counters.txt')})$|(?:{alternation('organizations/model_quantifiers.txt')})$"
)
_STOCK_CODE = re.compile(r"[（(]\s*(?:[A-Z]{2}\s*)?\d{4,6}(?:\.[A-Z]{2})?\s*[)）]")
# A listing in brackets right after a name: an exchange or market (company_words.tsv listing_markets) and a
# ticker (拼多多（NASDAQ:PDD）, X（港股：1817.HK）): the name is a listed company's.
_LISTING = re.compile(
    r"[（(]\s*(?:" + group_alternation("organizations/company_words.tsv", "listing_markets") + r")\s*[：:]\s*"
    r"[A-Z0-9][A-Z0-9.]{0,11}\s*[)）]"
)
_CUE_REACH = 6
_LEVELS = frozenset("省市县区州镇乡")
# A registered name with its place in brackets (X科技服务（嘉兴）有限公司, X（桐乡乌镇）信息科技有限公司):
# the brackets are part of the name when they hold a place and a legal form ends it.
_BRACKETED_PLACE = re.compile(rf"[（(]([{HAN}]{{2,8}})[)）]")
_BRACKETED_MIN_SCORE = 0.9
# LAC's tags of verbs and function words: a span starting inside one was cut out of a clause.
_CLAUSE_TAGS = frozenset({"v", "vd", "d", "p", "c", "u", "r", "f", "ad"})


@lru_cache(maxsize=1)
def _suffixes() -> tuple[tuple[str, str], ...]:
    """The organizations' suffixes the suffix scanner may end a name with
    (``suffixes.tsv``, scan: yes), less those that name no body on their own
    for the model (``model_not_alone.txt``: 中心, 联盟 …), longest first."""
    not_alone = load_words("organizations/model_not_alone.txt")
    kinds = {
        row["suffix"]: row["kind"]
        for row in load_table("organizations/suffixes.tsv")
        if row["scan"] == "yes" and row["suffix"] not in not_alone
    }
    return tuple((s, kinds[s]) for s in by_length(tuple(kinds)))


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    """Titles longest first (sorted once per process, not per document)."""
    return by_length(load_words("persons/titles.txt"))


def load_resources() -> None:
    _suffixes()
    load_words("organizations/generic_stems.txt")
    load_words("organizations/company_cues_after.txt")
    load_words("organizations/company_cues_before.txt")
    _titles()
    _body_heads()
    _company_forms()
    _institute_forms()
    load_words("organizations/model_long_body_heads.txt")
    cues.load_resources()


# A one-character head (model_long_body_heads.txt: 局) ends a body's full name only after this many.
_LONG_STEM = 6


@lru_cache(maxsize=1)
def _body_heads() -> tuple[str, ...]:
    """Heads of a body's name the suffix scanner cannot take alone (``model_body_heads.txt``: 分局, 检察院,
    派出所, 分行 …), longest first."""
    return by_length(load_words("organizations/model_body_heads.txt"))


def body_head(name: str) -> bool:
    """The name ends in a body's head (``model_body_heads.txt``) after a stem of two characters or more
    that is no bare level or generic place (市政府's 市, 高新区 of ``generic_stems.txt``), or in a
    one-character head (``model_long_body_heads.txt``: 局) after ``_LONG_STEM`` characters or more."""
    for head in _body_heads():
        if name.endswith(head):
            stem = name[: -len(head)]
            return len(stem) >= 2 and stem not in load_words("organizations/generic_stems.txt")
    return any(
        name.endswith(head) and len(name) - len(head) >= _LONG_STEM
        for head in load_words("organizations/model_long_body_heads.txt")
    )


def suffix_kind(name: str) -> str | None:
    """The kind of body a name's ending says (longest ending first), or None."""
    for suffix, kind in _suffixes():
        if name.endswith(suffix) and len(name) >= len(suffix) + 2:
            return kind
    return None


def _generic(text: str, start: int, end: int) -> bool:
    """A bare level or generic place before the ending (市政府, 高新区党工委), or
    a count before the name (多家…公司): no name."""
    name = text[start:end]
    if len(name) <= 3 and name[0] in _LEVELS:  # 省委, 市政府, 县政协
        return True
    for suffix, _kind in _suffixes():
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if len(stem) < 2 or stem in load_words("organizations/generic_stems.txt"):
                return True
            break
    return bool(_COUNTED.search(text[max(0, start - 4) : start]))


def _plausible(name: str) -> bool:
    return (
        2 <= len(name) <= _MAX_LEN
        and not _BREAKS.search(name)
        and not _DETERMINER.match(name)
        and not name.isdigit()
        and "某" not in name
        and "等" not in name
    )  # anonymised; 南昌等四市政府


def _bracketed_registered_name(name: str) -> bool:
    """A name with one bracketed place (or ``bracket_words.txt``: 中国, 集团) inside, not opening
    it, no other break, ending in a company's legal form (``legal_forms.txt``): X（嘉兴）有限公司
    and X（中国）有限公司 are one registered name each."""
    marks = list(_BRACKETED_PLACE.finditer(name))
    if len(marks) != 1 or marks[0].start() < 2:
        return False
    m = marks[0]
    if _BREAKS.search(name[: m.start()]) or _BREAKS.search(name[m.end() :]):
        return False
    held = m.group(1)
    if held not in load_words("organizations/bracket_words.txt") and not any(
        is_place_name(held[:k]) for k in range(2, len(held) + 1)
    ):
        return False
    return any(name.endswith(f) for f in load_words("organizations/legal_forms.txt"))


def _clause_after(text: str, end: int) -> str:
    tail = text[end : end + _CUE_REACH + 4]
    cut = _BREAKS.search(tail)
    return tail[: cut.start()] if cut else tail


def _clause_before(text: str, start: int) -> str:
    head = text[max(0, start - 4) : start]
    cut = None
    for m in _BREAKS.finditer(head):
        cut = m
    return head[cut.end() :] if cut else head


def _company_cue(text: str, start: int, end: int) -> bool:
    if _STOCK_CODE.match(text, end) or _LISTING.match(text, end):
        return True
    after = _clause_after(text, end)
    if any(c in after[: _CUE_REACH + len(c)] for c in load_words("organizations/company_cues_after.txt")):
        return True
    before = _clause_before(text, start)
    return any(before.endswith(c) for c in load_words("organizations/company_cues_before.txt"))


def _listed_neighbour(text: str, start: int, end: int, starts: set[int], ends: set[int]) -> bool:
    """Listed short names side by side in a list (大华股份、合力泰、大族激光):
    the list is of companies. ``starts``/``ends``: where the 3+-character
    listed names found start and end (looked up, not scanned per name)."""
    return (start > 0 and text[start - 1] in _LIST_MARKS and start - 1 in ends) or (
        end < len(text) and text[end] in _LIST_MARKS and end + 1 in starts
    )


_LIST_MARKS = "、"


# The model's span replaces a rule's name it contains only when it is sure
# and the difference is a character or two the rules cut off a word.
RECUT_MIN_SCORE = 0.9
_RECUT_MAX_EXTRA = 2
_ITEM_OPEN = "、，,：:（(\n"
_ITEM_CLOSE = ("、", "等")


def _cut_short(
    text: str, s: ModelSpan, ruled: list[Entity], regions: list[Entity], lac: Sequence[LacWord]
) -> Entity | None:
    """The rules' organization that the model's span ``s`` shows cut short,
    or None. The model's span (scored at least ``RECUT_MIN_SCORE``) holds
    exactly one rule name, an organization, and adds at most two characters,
    no place among them; and the text says the rule's edge is wrong: it
    falls inside a LAC word that ends (or starts) where the model's span
    does (深圳中|原 of the word 中原, …董事), or the model's span is a whole
    、-list item the rule name only ends (交|银施罗德基金 between two 、)."""
    if s.score < RECUT_MIN_SCORE:
        return None
    inner = [e for e in ruled if e.start < s.end and s.start < e.end]
    if len(inner) != 1:
        return None
    r = inner[0]
    if (
        r.type != "organization"
        or not (s.start <= r.start and r.end <= s.end)
        or (r.start, r.end) == (s.start, s.end)
        or (s.end - s.start) - (r.end - r.start) > _RECUT_MAX_EXTRA
    ):
        return None
    extras = [(s.start, r.start), (r.end, s.end)]
    if any(g.start < b and a < g.end for a, b in extras if a < b for g in regions):
        return None
    if any(is_place_name(text[a:b]) for a, b in extras if a < b):
        return None  # 宁安|华电: a county the regions recogniser left inside LAC's word
    if s.end > r.end and not any(w.start < r.end < w.end == s.end for w in lac):
        return None
    if s.start < r.start:
        inside_word = any(w.start == s.start < r.start < w.end for w in lac)
        whole_item = (s.start == 0 or text[s.start - 1] in _ITEM_OPEN) and text.startswith(_ITEM_CLOSE, s.end)
        if not (inside_word or whole_item):
            return None
    return r


@lru_cache(maxsize=1)
def _company_forms() -> tuple[str, ...]:
    """The company forms of ``suffixes.tsv`` (kind company, scanned alone or not: 公司, 集团, 有限公司 …)."""
    return tuple(row["suffix"] for row in load_table("organizations/suffixes.tsv") if row["kind"] == "company")


def _country_before_company(s: ModelSpan, inner: list[Entity], regions: list[Entity]) -> bool:
    """The model's span is a country and, right after it, one organization
    the rules found that ends in a company form (荷兰|瑞克斯旺公司,
    法国|液化空气集团): the rules split the country off (德国|大众汽车) or the
    regions recogniser took it, but a company form written after it says
    the whole is one registered name, which the model read in one piece."""
    orgs = [e for e in inner if e.type == "organization"]
    if len(orgs) != 1:
        return False
    o = orgs[0]
    if o.end != s.end or o.start <= s.start:
        return False
    if not any(o.name.endswith(f) and len(o.name) >= len(f) + 2 for f in _company_forms()):
        return False
    if any(e.type != "organization" and not (s.start <= e.start and e.end <= o.start) for e in inner):
        return False
    lead = [g for g in [*regions, *inner] if g.type == "region" and (g.start, g.end) == (s.start, o.start)]
    return any(g.attributes.get("level") == "country" for g in lead)


# An institute ending this long (研究中心, 实验室, 研究院; not 院 or 所 alone) names a unit of its own.
_UNIT_MIN_ENDING = 3


@lru_cache(maxsize=1)
def _institute_forms() -> tuple[str, ...]:
    """The institutes' endings of ``suffixes.tsv`` of ``_UNIT_MIN_ENDING`` characters or more."""
    return tuple(
        row["suffix"]
        for row in load_table("organizations/suffixes.tsv")
        if row["kind"] == "institute" and len(row["suffix"]) >= _UNIT_MIN_ENDING
    )


def _unit_of_the_opening_body(s: ModelSpan, name: str, inner: list[Entity], regions: list[Entity]) -> bool:
    """The model's span (scored at least ``RECUT_MIN_SCORE``) ends in an
    institute's ending and holds one name the rules found, an organization
    that opens it and no place: a research unit named after its body
    (X大学…协同创新中心, X集团…研究院), one name the rules cut at the body."""
    if s.score < RECUT_MIN_SCORE or len(inner) != 1:
        return False
    r = inner[0]
    if r.type != "organization" or r.start != s.start or r.end >= s.end:
        return False
    if any(g.start < s.end and s.start < g.end and not (g.start >= s.start and g.end <= r.end) for g in regions):
        return False
    return any(name.endswith(f) and len(name) >= len(f) + 2 for f in _institute_forms())


# A brand name that is also a frequent word (未来, 联合) is no company on a list's word alone.
_COMMON_BRAND_FREQ = 300


def _listed_brands(
    text: str,
    hits: dict[tuple[int, int], Any],
    taken: set[tuple[int, int]],
    ruled: list[Entity],
    regions: list[Entity],
) -> list[Candidate]:
    """Brand names (companynameparser's table) listed with an organization
    (``新东方、猿辅导、作业帮``): joined by 、 to a name the rules or the model
    made an organization, a brand is a company too, and so on along the list.
    Not a brand that is also a frequent word, nor one over a place or a name
    the rules found."""
    from .resources import word_tags

    orgs = {(e.start, e.end) for e in ruled if e.type == "organization"} | set(taken)
    busy = bytearray(len(text))  # the characters of every rule name and place (issue #15: not a scan of them)
    for e in ruled + regions:
        busy[e.start : e.end] = b"\x01" * (e.end - e.start)
    pending = [
        (a, b)
        for (a, b), h in hits.items()
        if h.source == "brand"
        and (a, b) not in taken
        and busy.find(1, a, b) < 0
        and word_tags().get(h.name, (0, ""))[0] < _COMMON_BRAND_FREQ
        and _plausible(h.name)
    ]
    ends = {e: s for s, e in orgs}
    starts = {s: e for s, e in orgs}
    # A name joins once a neighbour across a list mark is an organization, and
    # then its own neighbours may: read as passes over the names in order (a
    # name joins in the pass its neighbour did if read after it, else in the
    # next), found by a 0-1 breadth-first search over the neighbours instead
    # of pass after pass (a list joined from its right end took a pass per
    # name: quadratic, issue #15). The candidates come in pass, then name order.
    after: dict[int, list[int]] = {}  # start -> the names starting there
    before: dict[int, list[int]] = {}  # end -> the names ending there
    for i, (a, b) in enumerate(pending):
        after.setdefault(a, []).append(i)
        before.setdefault(b, []).append(i)
    passes: list[float] = [math.inf] * len(pending)
    queue: deque[int] = deque()
    for i, (a, b) in enumerate(pending):
        if any(
            (b + len(j) in starts and text.startswith(j, b)) or (a - len(j) in ends and text.endswith(j, 0, a))
            for j in _LIST_MARKS  # 、 only: 和/与 join phrases as often (动车组和…实验室)
        ):
            passes[i] = 1
            queue.append(i)
    while queue:
        i = queue.popleft()
        a, b = pending[i]
        near = [k for j in _LIST_MARKS if text.startswith(j, b) for k in after.get(b + len(j), ())]
        near += [k for j in _LIST_MARKS if text.endswith(j, 0, a) for k in before.get(a - len(j), ())]
        for k in near:
            step = 0 if i < k else 1
            if passes[i] + step < passes[k]:
                passes[k] = passes[i] + step
                if step:
                    queue.append(k)
                else:
                    queue.appendleft(k)
    joined = sorted((passes[i], i) for i in range(len(pending)) if passes[i] < math.inf)
    return [Candidate(_org(text, *pending[i], "company"), "model_entities", 0.9) for _, i in joined]


def _org(text: str, start: int, end: int, kind: str) -> Entity:
    name = text[start:end]
    return Entity(type="organization", text=name, name=name, start=start, end=end, attributes={"kind": kind})


def _overlap_index(entities: list[Entity]) -> Callable[[int, int], list[Entity]]:
    """A lookup of the entities overlapping [start, end), in their list order:
    a bisect over their starts instead of a scan of the whole list per query,
    so a text with many of both (a long run of editor lines) stays linear."""
    order = sorted(range(len(entities)), key=lambda i: entities[i].start)
    starts = [entities[i].start for i in order]
    longest = max((e.end - e.start for e in entities), default=0)

    def overlapping(start: int, end: int) -> list[Entity]:
        lo, hi = bisect_left(starts, start - longest), bisect_left(starts, end)
        return [entities[i] for i in sorted(i for i in order[lo:hi] if entities[i].end > start)]

    return overlapping


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    from .resources import word_tags

    text = a.text
    lac = list(a.lac)
    lac_orgs = {(w.start, w.end) for w in a.lac if w.tag == "ORG"}
    hits = {(h.start, h.end): h for h in a.gazetteer_hits}
    model_orgs = [s for s in a.model_spans if s.label in ORG_LABELS]
    out: list[Candidate] = []
    taken: set[tuple[int, int]] = set()
    # The rules' organizations (and parks, which share names with bodies) stand: the model and the
    # gazetteers add names where the rules found none, never re-cut one (a company's lab is not the company).
    ruled = [c.entity for c in found["organizations"]] + [c.entity for c in found["parks"]]
    regions = [c.entity for c in found["regions"]]
    ruled_texts = {e.text for e in ruled}  # a name the rules took elsewhere in the text is one here too

    ruled_over = _overlap_index(ruled)  # a bisect per span, not a scan of every rule name (issue #15)

    def free(start: int, end: int) -> bool:
        return not ruled_over(start, end)

    org_word_ends = {w.end for w in a.lac if w.tag == "ORG"}
    # A list neighbour vouches as an organization the rules found or another span the model tags a
    # company (X好运、X稳行: two of the model's companies side by side in a 、-list).
    sure = [m for m in model_orgs if m.label == "company" and m.score >= ORG_MIN_SCORE]
    org_starts = {e.start for e in ruled if e.type == "organization"} | {m.start for m in sure}
    org_ends = {e.end for e in ruled if e.type == "organization"} | {m.end for m in sure}
    places = [(e.start, e.end) for e in regions]
    # Offsets strictly inside a verb or function word: a set, so each span's check is a lookup (issue #15).
    inside_clause_words = {p for w in lac if w.tag in _CLAUSE_TAGS for p in range(w.start + 1, w.end)}
    for s in model_orgs:
        name = text[s.start : s.end]
        if s.score >= _BRACKETED_MIN_SCORE and _bracketed_registered_name(name):
            # The rules cut such a name at its brackets (X科技|服务（嘉兴）有限公司): the model's whole
            # name stands over the rule names inside it.
            if all(
                e.type == "organization" and s.start <= e.start and e.end <= s.end for e in ruled_over(s.start, s.end)
            ):
                out.append(Candidate(_org(text, s.start, s.end, "company"), "model_entities", round(float(s.score), 4)))
                taken.add((s.start, s.end))
            continue
        if s.score < ORG_MIN_SCORE or not _plausible(name) or _generic(text, s.start, s.end):
            continue
        if s.start in inside_clause_words:
            continue  # 称得|上纯保险集团: the span starts inside a verb or function word, cut from a clause
        if not free(s.start, s.end):
            inner = ruled_over(s.start, s.end)
            if (
                min(e.start for e in inner) == s.start
                and all(e.type == "park" and e.end <= s.end for e in inner)
                and (body_head(name) or suffix_kind(name) is not None)
                and not not_a_mention(text, s.start, s.end, lac)
            ):
                # A park's body (X高新区人事劳动和社会保障局, X开发区发展总公司): the park opens the model's
                # span and a body's head ends it; the park is named inside the body's name.
                body = suffix_kind(name) or ("company" if s.label == "company" else "government")
                out.append(Candidate(_org(text, s.start, s.end, body), "model_entities", round(float(s.score), 4)))
                taken.add((s.start, s.end))
                continue
            if _unit_of_the_opening_body(s, name, inner, regions):
                # 厦门大学|能源经济…协同创新中心: a research unit named after the body that opens its name.
                out.append(
                    Candidate(_org(text, s.start, s.end, "institute"), "model_entities", round(float(s.score), 4))
                )
                taken.add((s.start, s.end))
                continue
            if _country_before_company(s, inner, regions):
                # 荷兰|瑞克斯旺公司: the model's span is the whole registered name the country opens.
                out.append(Candidate(_org(text, s.start, s.end, "company"), "model_entities", round(float(s.score), 4)))
                taken.add((s.start, s.end))
                continue
            cut = _cut_short(text, s, ruled, regions, a.lac)
            if cut is not None:
                kind = suffix_kind(name) or cut.attributes.get("kind") or "company"
                out.append(Candidate(_org(text, s.start, s.end, kind), "model_entities", round(float(s.score), 4)))
                taken.add((s.start, s.end))
            continue
        if s.start in org_word_ends:  # a unit of the body named right before it (旷视科技|上海研究院)
            continue
        if name not in ruled_texts and not_a_mention(text, s.start, s.end, lac):
            continue  # where the rules found nothing, their filters hold: 市财政局, X市政府工作报告, a byline's outlet
        if (
            s.start > 0
            and text[s.start - 1] in "、和与及"
            and any(r.start == s.start and r.end < s.end for r in regions)
        ):
            continue  # 武汉、长沙、合肥、南昌市政府: the last of a list sharing one head
        kind = suffix_kind(name)
        agreed = (s.start, s.end) in hits or (s.start, s.end) in lac_orgs
        # Else the text must say it is a company (organizations/cues.py): X董事长, 公司A、X.
        said = s.label == "company" and cues.said_company(text, s.start, s.end, org_starts, org_ends, places)
        # A model span ending in a body's head (X区人民检察院, X党支部, X分行) is one; the
        # suffix scanner cannot take such heads alone, but the model's span gives the name's start.
        headed = body_head(name)
        if kind is None and not agreed and not said and not headed:
            continue
        kind = kind or (
            "company"
            if s.label == "company" or (s.start, s.end) in hits
            else ("government" if headed else "other")  # a company's 分行 or 总公司 is tagged a company
        )
        out.append(Candidate(_org(text, s.start, s.end, kind), "model_entities", round(float(s.score), 4)))
        taken.add((s.start, s.end))
    listed = [(a, b) for (a, b), h in hits.items() if h.source == "listed" and b - a >= 3]
    model_orgs_at: dict[int, list[Any]] = {}  # by start: a lookup per hit, not a scan (issue #15)
    for m in model_orgs:
        model_orgs_at.setdefault(m.start, []).append(m)
    listed_starts, listed_ends = {a for a, _ in listed}, {b for _, b in listed}
    for (start, end), h in hits.items():
        if (start, end) in taken:
            continue
        if not free(start, end):
            # A listed company's full short name around a name the rules cut
            # short (大族 of 大族激光, 亚信 of 亚信安全): the listed name is the
            # whole of it; a rule name that reaches outside it stands.
            inner = ruled_over(start, end)
            if not (
                h.source == "listed"
                and end - start >= 4
                and inner
                and all(
                    e.type == "organization" and start <= e.start and e.end <= end and (e.start, e.end) != (start, end)
                    for e in inner
                )
            ):
                continue
        # The model tags a company starting where the name does (宁德时代 in 宁德时代股价 …).
        at_start = model_orgs_at.get(start, ())
        overlapped_by_model = any(m.end >= end and m.label == "company" for m in at_start)
        if h.source == "listed" and end - start >= 3:
            ok = (
                _company_cue(text, start, end)
                or overlapped_by_model
                or _listed_neighbour(text, start, end, listed_starts, listed_ends)
            )
        elif h.source == "listed":  # two characters are often a word too: a stock code or the model must say so
            ok = (
                bool(_STOCK_CODE.match(text, end))
                or bool(_LISTING.match(text, end))
                or any(m.end == end for m in at_start)
            )
        else:  # a brand is often an ordinary word too (联合, 未来): the model must tag exactly it as a company
            # or a company's word right after it (X创始人, X股价), unless it is a frequent word
            ok = (
                any(m.end == end and m.label == "company" for m in at_start)
                or bool(_LISTING.match(text, end))  # a listing in brackets: a listed company
                or (word_tags().get(h.name, (0, ""))[0] < _COMMON_BRAND_FREQ and cues.cue_right_after(text, start, end))
            )
        if ok and _plausible(h.name) and (h.name in ruled_texts or not not_a_mention(text, start, end, lac)):
            entity = _org(text, start, end, "company")
            if cues.share_move_after(text, start, end):
                # A market wrap quotes the share (X跌超8%): the context says it is a company, as the
                # rules' context evidence does (the keep step reads the attribute).
                entity = entity.model_copy(update={"attributes": {**entity.attributes, "evidence": "context"}})
            out.append(Candidate(entity, "model_entities", 0.9))
            taken.add((start, end))
    out += _listed_brands(text, hits, taken, ruled, regions)
    rule_persons = [c.entity for c in found["persons"]]
    overlapping = _overlap_index(rule_persons)
    titles = _titles()
    for s in a.model_spans:
        if s.label != "person" or s.score < PERSON_MIN_SCORE:
            continue
        name = text[s.start : s.end]
        if not 2 <= len(name) <= 5 or _BREAKS.search(name) or before_its_own_office(text, s.start, s.end):
            continue
        over = overlapping(s.start, s.end)
        title = None if over else next((t for t in titles if text.endswith(t, max(0, s.start - len(t)), s.start)), None)
        if title is not None:
            # A title right before the model's person vouches for it (总统拉赫蒙): a name the
            # rules' surname list cannot read (a transliteration).
            ent = Entity(type="person", text=name, name=name, start=s.start, end=s.end, attributes={"title": title})
            out.append(Candidate(ent, "model_entities", round(float(s.score), 4)))
            continue
        if (
            over
            and all(s.start <= p.start and p.end <= s.end for p in over)
            and any((p.start, p.end) != (s.start, s.end) for p in over)
        ):
            # The model's span contains the rules' person: the fuller name, the rules' attributes.
            attrs = dict(over[0].attributes)
            ent = Entity(type="person", text=name, name=name, start=s.start, end=s.end, attributes=attrs)
            out.append(Candidate(ent, "model_entities", round(float(s.score), 4)))
    return out
