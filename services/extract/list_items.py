"""Organizations named in a 、-list take the whole list item.

``珠海冠宇、芯龙技术、中芯绍兴、阿诺医药、北海康成等`` lists companies by their
short names; LAC and the rules often find only the first two characters of a
four-character one (``中芯``, ``阿诺``) or lose its first (``利时`` of
``和利时``). Between two list marks the item is one name, so an organization
found inside an item grows to the item's edges: to the left only when a 、
stands before the item, to the right only when a 、 or 等 follows it, by at
most ``MAX_GROWTH`` characters a side (a find of at most ``MAX_CUT_NAME``), and only over name characters (Han,
Latin letters, digits). Pure function over the text and the entity.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import load_words

MAX_GROWTH = 2
# Only short finds are cut names (中芯 of 中芯绍兴); a longer one is a name of its
# own, and what stands next to it in the item is a person, a role or a conjunction.
MAX_CUT_NAME = 4
_NAME_CHAR = re.compile(rf"[{HAN}A-Za-z0-9]")
_LEFT_MARK = "、"
# A role after a name (中国工程院院士, …医院副院长) is no part of it.
_ROLES = load_words("persons/titles.txt")
# A locative or time word after a name found at an item's start (X新能源|后，): the item is the name.
_ITEM_TAILS = load_words("organizations/list_item_tails.txt")


def _has_role(s: str) -> bool:
    return any(s.endswith(r) or r in s for r in _ROLES)


_RIGHT_MARKS = ("、", "等")


def complete(text: str, e: Entity) -> Entity:
    """``e`` grown to the edges of the 、-list item it lies in (or ``e``)."""
    if e.type != "organization" or text[e.start : e.end] != e.text or len(e.text) > MAX_CUT_NAME:
        return e
    if e.attributes.get("evidence") == "context":
        return e  # its recogniser read the edges off the context (东宁|哈电 of a project list)
    start = e.start
    while start > 0 and e.start - start < MAX_GROWTH and _NAME_CHAR.match(text, start - 1):
        start -= 1
    if start != e.start and (start == 0 or text[start - 1] != _LEFT_MARK or _NAME_CHAR.match(text, start - 1)):
        start = e.start
    end = e.end
    while end < len(text) and end - e.end < MAX_GROWTH and _NAME_CHAR.match(text, end) and text[end] != "等":
        end += 1
    if end != e.end and (not text.startswith(_RIGHT_MARKS, end) or _has_role(text[e.end : end])):
        end = e.end
    if (start, end) == (e.start, e.end):
        return e
    # The item must itself sit in a list: a mark on the side it did not grow to.
    if not (text[start - 1 : start] == _LEFT_MARK or text.startswith(_RIGHT_MARKS, end)):
        return e
    name = text[start:end]
    return e.model_copy(update={"start": start, "end": end, "text": name, "name": name if e.name == e.text else e.name})


# A list of at least this many organizations, most of its items, makes its
# other items organizations too.
MIN_ORGANIZATIONS = 3
MIN_SHARE = 0.6
# 等 closes a list (…、北海康成等多个项目), never part of an item here.
_ITEM_CHARS = rf"(?:(?!等)[{HAN}A-Za-z0-9]){{2,8}}"
_ITEM = re.compile(_ITEM_CHARS)
_LAST_ITEM_ENDS = ("等", "，", ",", "。", "；", ";", "）", ")", "\n")
_LIST = re.compile(rf"{_ITEM_CHARS}(?:、{_ITEM_CHARS})+")


def _lists(text: str) -> list[list[tuple[int, int]]]:
    """Maximal runs of name-like items joined by 、 (each item a span)."""
    out: list[list[tuple[int, int]]] = []
    for m in _LIST.finditer(text):
        items, pos = [], m.start()
        for part in m.group().split("、"):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        out.append(items)
    return out


def organizations_in_lists(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` where a 、-list whose items are mostly organizations
    (``珠海冠宇、芯龙技术、中芯绍兴、阿诺医药、北海康成等``) names its other items as
    organizations too, replacing what was found inside them (北海|康成: a
    place and a person read off a company's name). An item that is exactly
    another entity (a place in a list of places and companies) stays so."""
    if "、" not in text:
        return entities
    exact = {(e.start, e.end): e for e in entities}
    # The latest start of an organization ending at each offset: one look-up
    # per item, not a pass over every entity (a list of thousands of items
    # was quadratic: 40,000 characters of 苏州、无锡、 took 20 s).
    org_start: dict[int, int] = {}
    org_end: dict[int, int] = {}  # the earliest end of an organization starting at each offset
    for e in entities:
        if e.type == "organization" and e.start > org_start.get(e.end, -1):
            org_start[e.end] = e.start
        if e.type == "organization" and e.end < org_end.get(e.start, len(text) + 1):
            org_end[e.start] = e.end
    added: list[Entity] = []
    for items in _lists(text):
        # The first item may carry the words before the list (其中珠海冠宇): only
        # an entity ending at its end counts for it.
        orgs = {(a, b) for a, b in items if org_start.get(b, -1) >= a}
        if len(orgs) < MIN_ORGANIZATIONS or len(orgs) < MIN_SHARE * len(items):
            continue
        # The last item ends at a mark (…、北海康成等, …、北海康成。), or it runs on
        # into the sentence (…、龙泰制药为主要代表) and is no item.
        if not text.startswith(_LAST_ITEM_ENDS, items[-1][1]):
            items = items[:-1]
        for a, b in items[1:]:
            if (a, b) in orgs or (a, b) in exact or not _ITEM.fullmatch(text, a, b) or _has_role(text[a:b]):
                continue
            if a in org_end and text[org_end[a] : b] in _ITEM_TAILS:
                continue  # …、X新能源后，: a name, then the next clause's 后
            name = text[a:b]
            added.append(Entity(type="organization", start=a, end=b, text=name, name=name, attributes={}))
    if not added:
        return entities
    # The new items are disjoint and in text order: only the last one
    # starting at or before an entity can hold it.
    starts = [n.start for n in added]

    def inside_new(e: Entity) -> bool:
        i = bisect_right(starts, e.start) - 1
        return i >= 0 and e.end <= added[i].end

    kept = [e for e in entities if not inside_new(e)]
    return sorted(kept + added, key=lambda e: (e.start, e.end))


# A 、-list of two-character items that each open with a direction (东进、西协、
# 南联、北拓、中优) is a planning slogan, and a find ending in a project phase
# (华星光电T7二期, 协鑫光伏二期) is a project: neither names an organization.
_SLOGAN = re.compile(rf"[东西南北中][{HAN}](?:、[东西南北中][{HAN}])+")
_PHASE = re.compile(r"[一二三四五六七八九十\d]+期$")


def not_organizations(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` without organizations inside a direction slogan or ending in a project phase."""
    slogans = [(m.start(), m.end()) for m in _SLOGAN.finditer(text) if _standalone(text, m.start(), m.end())]

    def drop(e: Entity) -> bool:
        if e.type != "organization":
            return False
        return bool(_PHASE.search(e.name)) or any(a <= e.start and e.end <= b for a, b in slogans)

    return [e for e in entities if not drop(e)]


def _standalone(text: str, start: int, end: int) -> bool:
    """The run is not the tail or head of longer words (a mark or quote on each side)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not _NAME_CHAR.match(before or " ") and not _NAME_CHAR.match(after or " ")
