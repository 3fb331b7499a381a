"""Regions named by lists: one-character province forms in runs (``沪苏浙皖``,
``苏、浙、皖``, ``川渝两地``) and short forms that are also ordinary words
standing in a list of places of their level (``杭州、金华、苏州``), and
districts' and counties' short forms listed as one city's divisions without
the city (``邹城、曲阜、泗水``)."""

from __future__ import annotations

from docpipe.document import Entity
from docpipe.textclasses import is_han
from docpipe.wordlists import load_list, load_words

from .region_glue import _FREE, GLUE_FREQ
from .resources import Place, dictionary_words, region_tables

_ABBR_SEP = set("、,，")


def _entity(text: str, start: int, end: int, place: Place) -> Entity:
    attrs: dict[str, object] = {"level": place.level}
    d = place.division
    if d is not None:
        attrs["adcode"] = d.adcode
        if d.parent:
            attrs["parent"] = d.parent
    # A former name (万盛区, 靖西县) is named as written: the division it was merged
    # into or renamed to goes in ``now`` (a merged one is no other name of its successor).
    name = place.name
    if place.form == "old" and d is not None:
        name = text[start:end]
        attrs["now"] = d.name
    return Entity(type="region", text=text[start:end], name=name, start=start, end=end, attributes=attrs)


def _abbreviation_runs(text: str, taken: list[tuple[int, int]]) -> list[Entity]:
    """One-character province forms in runs of two or more (``沪苏浙皖``,
    ``苏、浙、皖``), each standing apart from a longer word."""
    abbr = region_tables().abbr
    out: list[Entity] = []
    i, n = 0, len(text)
    covered = {k for s, e in taken for k in range(s, e)}
    while i < n:
        if text[i] not in abbr or i in covered:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < n and j not in covered:
            if text[j] in abbr:
                run.append(j)
                j += 1
            elif text[j] in _ABBR_SEP and j + 1 < n and text[j + 1] in abbr and j + 1 not in covered:
                j += 1
            else:
                break
        contiguous = run[-1] - run[0] + 1 == len(run)
        first, last = run[0], run[-1] + 1
        free_left = first == 0 or not is_han(text[first - 1]) or text[first - 1] in _FREE
        if not free_left and text.startswith(_COLLECTIVE_HEADS, last):
            # ``来自港澳地区``: a collective head after the run shows a list of
            # places; only a word across the left edge (东京) glues it.
            free_left = dictionary_words().get(text[first - 1 : first + 1], 0) < GLUE_FREQ
        # ``苏、浙、皖合作``: a listed run ends where the list ends.
        free_right = last >= n or not is_han(text[last]) or text[last] in _FREE or contiguous or len(run) >= 3
        # ``港澳台商``, ``沪市``: the run's last character forms a word with the
        # next one (台商, 沪市), so the run modifies a compound, not a place list.
        if last < n and is_han(text[last]) and text[last] not in _FREE and _run_glued(text, last):
            free_right = False
        overlaps = any(k in covered for k in range(first, last))
        # Contiguous runs must be at least three long: two characters are too
        # often an ordinary word (``苏浙`` rarely, but ``云台``, ``新京``).
        # Two back to back do count before a collective head (``川渝两地``, ``港澳地区``).
        long_enough = (
            len(run) >= 3
            or (not contiguous and len(run) >= 2)
            or (len(run) == 2 and text.startswith(_COLLECTIVE_HEADS, last))
        )
        if long_enough and free_left and free_right and not overlaps:
            names = region_tables().by_name
            for k in run:
                d = names[abbr[text[k]]][0]
                out.append(_entity(text, k, k + 1, Place(d.name, d.level, "abbr", d)))
        i = j if j > i + 1 else i + 1
    return out


# Characters after a run that begin a collective head (``港澳地区``, ``苏浙两省``),
# not a compound: ``台地`` is a word but ``港澳台地区`` lists places.
_COLLECTIVE_NEXT = load_words("regions/collective_next_chars.txt")
_COLLECTIVE_HEADS = load_list("regions/collective_heads.txt")


def _run_glued(text: str, last: int) -> bool:
    if text[last] in _COLLECTIVE_NEXT:
        return False
    return dictionary_words().get(text[last - 1 : last + 1], 0) >= GLUE_FREQ


_LIST_SEP = set("、和与及")
# Districts and counties are one rank in a list (榆中、渭源、临洮、安定: 安定 is a district).
_LEVEL_CLASS = {"province": "province", "city": "city", "district": "county", "county": "county"}


def _listed_with_places(
    text: str, deferred: list[tuple[int, int, Place]], found: list[Entity]
) -> list[tuple[int, int, Place]]:
    """Short forms that are also ordinary words (``金华``, ``白银``) standing in
    a list of places of their level (``杭州、金华、苏州``): the list says they
    are places."""
    levels = {(e.start, e.end): _LEVEL_CLASS.get(str(e.attributes.get("level")), "") for e in found}
    kept: list[tuple[int, int, Place]] = []
    changed = True
    pending = list(deferred)
    while changed:
        changed = False
        for item in list(pending):
            start, end, place = item
            level = _LEVEL_CLASS.get(place.level, place.level)
            left = (
                start >= 2
                and text[start - 1] in _LIST_SEP
                and any(e == start - 1 and lv == level for (_, e), lv in levels.items())
            )
            right = (
                end < len(text) - 1
                and text[end] in _LIST_SEP
                and any(b == end + 1 and lv == level for (b, _), lv in levels.items())
            )
            if left or right:
                kept.append(item)
                levels[(start, end)] = level
                pending.remove(item)
                changed = True
    return kept


# Fewest places in a list of one city's districts and counties that names them without the city.
MIN_SIBLINGS = 3


def _sibling_lists(text: str, orphans: list[tuple[int, int, str]], found: list[Entity]) -> list[tuple[int, int, Place]]:
    """Short forms of districts and counties the text names without their city
    (``庄浪、华亭、崇信、灵台县``: no 平凉 written) standing in a list of at least
    ``MIN_SIBLINGS`` places of that rank separated by 、/和/与/及, all of which
    can be divisions of one and the same city: the list itself tells which
    divisions are meant (three ordinary words that are all one city's
    counties, side by side, are no chance). ``orphans``: (start, end, form) of
    the short forms dropped for want of their city; ``found``: the regions."""
    forms = region_tables().forms
    items: list[tuple[int, int, set[str], str | None]] = []
    for start, end, form in orphans:
        parents = {
            p.division.parent for p in forms[form] if p.division is not None and p.level in ("district", "county")
        }
        items.append((start, end, parents, form))
    for e in found:
        if e.attributes.get("level") in ("district", "county") and e.attributes.get("parent"):
            items.append((e.start, e.end, {str(e.attributes["parent"])}, None))
    items.sort(key=lambda x: x[0])
    out: list[tuple[int, int, Place]] = []
    run: list[tuple[int, int, set[str], str | None]] = []
    for item in [*items, (-1, -1, set(), None)]:
        if run and item[0] == run[-1][1] + 1 and text[run[-1][1]] in _LIST_SEP:
            run.append(item)
            continue
        if len(run) >= MIN_SIBLINGS and any(f is not None for *_, f in run):
            common = set.intersection(*(parents for _, _, parents, _ in run))
            if len(common) == 1:
                parent = next(iter(common))
                for start, end, _, written in run:
                    if written is None:
                        continue
                    own = [
                        p
                        for p in forms[written]
                        if p.division is not None and p.division.parent == parent and p.level in ("district", "county")
                    ]
                    if len(own) == 1:
                        out.append((start, end, own[0]))
        run = [item]
    return out
