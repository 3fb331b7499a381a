"""A zone's bare short name listed among one city's districts: that city's zone.

Notices and reports list the parts of a city the way its people do, with its
zones beside its districts (``金水区、二七区、中原区、管城回族区、航空港区、郑东新区``).
Such a bare item has no place of its own, so the suffix rules never anchor it;
the list's districts say whose zone it is. It is named by the city's short name
and the word as written (``郑州航空港区``), its region the city. Which words:
``parks/listed_bare_zones.txt`` (bare class words, 高新区 and 经开区, are left out:
the tuning gold labels none listed alone).

A city counts when the list holds two of its districts or counties (a name two
cities share votes for both) and the text writes the city, or one of them and
the sentence writes the city before the list (``郑州以航空港区、经开区、中牟县、高新区为主``).
"""

from __future__ import annotations

from collections import Counter

from docpipe.document import Entity
from docpipe.wordlists import load_list

from .park_suffix_rules import _entity
from .resources import region_tables

_WORDS = tuple(sorted(load_list("parks/listed_bare_zones.txt"), key=len, reverse=True))
_SEP = "、"
# What may close the list's last item (…、高新区等区域, …、高新区为主, …、高新区7个区).
_AFTER = frozenset("等为和及，,。；;）)")
_SENTENCE_END = "。！？!?\n"
_ITEMS_MAX = 30  # items read on each side of the zone: a list, not the whole text
_ITEM_MAX = 8  # characters of one item read for a district's name
_DIVISION_LEVELS = ("district", "county")


def _item_divisions(item: str) -> set[str]:
    """Adcodes of the cities whose district or county the item names (the
    item's tail: the list's first item may carry the clause's head, 分布在雁塔区)."""
    forms = region_tables().forms
    divisions = region_tables().divisions
    cities: set[str] = set()
    for k in range(min(len(item), _ITEM_MAX), 1, -1):
        for place in forms.get(item[-k:], ()):
            d = place.division
            if d is None or place.level not in _DIVISION_LEVELS or place.form not in ("full", "short"):
                continue
            if d.parent_adcode in divisions:
                cities.add(d.parent_adcode)
        if cities:
            break
    return cities


def _items_around(text: str, start: int, end: int) -> list[str]:
    """The 、-items before and after the zone's item, within its clause."""
    items: list[str] = []
    pos = start
    for _ in range(_ITEMS_MAX):
        if pos == 0 or text[pos - 1] != _SEP:
            break
        b = pos - 1
        a = b
        while (
            a > 0 and text[a - 1] not in _SEP and text[a - 1] not in "，,。；;：:！!？?\n（(" and b - a < _ITEM_MAX * 2
        ):
            a -= 1
        items.append(text[a:b])
        pos = a
    pos = end
    for _ in range(_ITEMS_MAX):
        if pos >= len(text) or text[pos] != _SEP:
            break
        a = pos + 1
        b = a
        while b < len(text) and text[b] not in _SEP and text[b] not in "，,。；;：:！!？?\n）)" and b - a < _ITEM_MAX:
            b += 1
        item = text[a:b]
        cut = min((i for i, ch in enumerate(item) if ch in _AFTER), default=len(item))
        items.append(item[:cut])
        pos = b
    return items


def _city_written(text: str, city: str, lo: int, hi: int) -> bool:
    d = region_tables().divisions[city]
    return any(f and text.find(f, lo, hi) >= 0 for f in (d.name, d.short))


def listed_zones(text: str, parks: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    taken = [(p.start, p.end) for p in parks]
    for word in _WORDS:
        pos = text.find(word)
        while pos >= 0:
            end = pos + len(word)
            at = pos
            pos = text.find(word, end)
            before = text[at - 1] if at else ""
            after = text[end] if end < len(text) else ""
            if not (before == _SEP or after == _SEP):
                continue
            # the item is the word alone: a list mark or the clause's opening before it
            if before != _SEP and before not in "以在和及，,：:" and before:
                continue
            if after not in _AFTER and after != _SEP and not after.isdigit() and after:
                continue
            if any(a < end and at < b for a, b in taken):
                continue
            votes: Counter[str] = Counter()
            for item in _items_around(text, at, end):
                votes.update(_item_divisions(item))
            if not votes:
                continue
            ranked = votes.most_common(2)
            city, n = ranked[0]
            if len(ranked) > 1 and ranked[1][1] == n:
                continue  # two cities' districts: whose zone is not told
            sentence = max(text.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1
            if not (n >= 2 and _city_written(text, city, 0, len(text))) and not _city_written(text, city, sentence, at):
                continue
            d = region_tables().divisions[city]
            short = d.short or d.name
            name = next((p.name for p in parks if p.name.startswith(short) and p.name.endswith(word)), short + word)
            e = _entity(text, at, end, d.name)
            out.append(e.model_copy(update={"name": name}))
            taken.append((at, end))
    return out
