"""organizations_in_lists (services/extract/list_items.py) reads the
entities a fixed number of times, whatever the length of a 、-list (issue
#15: no input can stall a stage): it looked through every entity for every
item, so 40,000 characters of 苏州、无锡、 took 20 s of CPU in the extract
stage, four times the 20,000 characters' 5 s. Same result as that
item-by-item reading, on lists of every shape."""

from __future__ import annotations

import random
from typing import Any

from docpipe.document import Entity, EntityType
from services.extract import list_items
from services.extract.list_items import organizations_in_lists


class _Counted(list[Entity]):
    """A list of entities that counts the passes over it."""

    passes = 0

    def __iter__(self) -> Any:
        type(self).passes += 1
        return super().__iter__()


def _reference(text: str, entities: list[Entity]) -> list[Entity]:
    """The item-by-item reading the module did before (quadratic)."""
    if "、" not in text:
        return entities
    exact = {(e.start, e.end): e for e in entities}
    added: list[Entity] = []
    for items in list_items._lists(text):
        orgs = [
            (a, b) for a, b in items if any(e.type == "organization" and e.end == b and e.start >= a for e in entities)
        ]
        if len(orgs) < list_items.MIN_ORGANIZATIONS or len(orgs) < list_items.MIN_SHARE * len(items):
            continue
        if not text.startswith(list_items._LAST_ITEM_ENDS, items[-1][1]):
            items = items[:-1]
        for a, b in items[1:]:
            if (
                (a, b) in orgs
                or (a, b) in exact
                or not list_items._ITEM.fullmatch(text, a, b)
                or list_items._has_role(text[a:b])
            ):
                continue
            name = text[a:b]
            added.append(Entity(type="organization", start=a, end=b, text=name, name=name, attributes={}))
    if not added:
        return entities
    kept = [e for e in entities if not any(n.start <= e.start and e.end <= n.end for n in added)]
    return sorted(kept + added, key=lambda e: (e.start, e.end))


NAMES = ["珠海冠宇", "芯龙技术", "中芯绍兴", "北海康成", "苏州", "无锡", "阿诺医药", "爱科百发"]


def _case(rng: random.Random) -> tuple[str, list[Entity]]:
    """A text of 、-lists and sentences, with organizations, places and
    persons found on some items, whole or in part."""
    parts: list[str] = []
    entities: list[Entity] = []
    pos = 0
    for _ in range(rng.randint(1, 4)):
        lead = rng.choice(["", "其中", "公司投资了"])
        parts.append(lead)
        pos += len(lead)
        for i in range(rng.randint(2, 9)):
            if i:
                parts.append("、")
                pos += 1
            name = rng.choice(NAMES)
            parts.append(name)
            kind: EntityType | None = rng.choice(["organization", "organization", "region", "person", None])
            if kind is not None:
                cut = rng.choice([0, 0, 2])  # the whole item or its last two characters
                s = pos + cut
                entities.append(Entity(type=kind, start=s, end=pos + len(name), text=name[cut:], name=name[cut:]))
            pos += len(name)
        tail = rng.choice(["等多个项目。", "。", "为主要代表。", "，"])
        parts.append(tail)
        pos += len(tail)
    return "".join(parts), sorted(entities, key=lambda e: (e.start, e.end))


def test_the_same_result_as_reading_item_by_item() -> None:
    rng = random.Random(20261204)
    grown = 0
    for _ in range(400):
        text, entities = _case(rng)
        got = organizations_in_lists(text, list(entities))
        assert got == _reference(text, list(entities)), text
        grown += len(got) != len(entities) or got != entities
    assert grown > 50  # the cases exercise the lists that name their other items


def test_the_entities_are_read_a_fixed_number_of_times_whatever_the_list() -> None:
    passes = []
    for n in (100, 1000):
        text = "苏州、无锡、" * n + "等。"
        entities = _Counted(
            Entity(type="region", start=m.start(), end=m.end(), text=m.group(), name=m.group())
            for m in list_items._ITEM.finditer(text)
        )
        _Counted.passes = 0
        organizations_in_lists(text, entities)
        passes.append(_Counted.passes)
    assert passes[0] == passes[1] <= 3, passes
