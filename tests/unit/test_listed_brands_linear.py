"""_listed_brands (services/extract/model_entities.py) finds the brands a
、-list joins to an organization in one search, not pass after pass (issue
#15: no input can stall a stage): a list joined from its right end
(猿辅导、作业帮、…、华为公司) took one pass over every name per name, so the
extract stage's Python steps per character doubled with the list (2,992 /
4,571 / 7,888 / 14,575 at 800 / 1,600 / 3,200 / 6,400 characters). Same
candidates in the same order as the passes, kept below as the reference, on
generated lists of every shape."""

from __future__ import annotations

import random
from typing import Any

from docpipe.document import Entity
from services.extract.candidates import Candidate
from services.extract.gazetteer import GazetteerHit
from services.extract.model_entities import _COMMON_BRAND_FREQ, _LIST_MARKS, _listed_brands, _org, _plausible
from tests.hostile import opcount


def _reference(
    text: str, hits: dict[tuple[int, int], Any], taken: set[tuple[int, int]], ruled: list[Entity], regions: list[Entity]
) -> list[Candidate]:
    """The passes before the change, verbatim but for the busy test."""
    from services.extract.resources import word_tags

    orgs = {(e.start, e.end) for e in ruled if e.type == "organization"} | set(taken)
    busy = [(e.start, e.end) for e in ruled + regions]
    pending = [
        (a, b)
        for (a, b), h in hits.items()
        if h.source == "brand"
        and (a, b) not in taken
        and not any(s < b and a < e for s, e in busy)
        and word_tags().get(h.name, (0, ""))[0] < _COMMON_BRAND_FREQ
        and _plausible(h.name)
    ]
    ends = {e: s for s, e in orgs}
    starts = {s: e for s, e in orgs}
    out: list[Candidate] = []
    grew = True
    while grew:
        grew = False
        for a, b in list(pending):
            joined = any(
                (b + len(j) in starts and text.startswith(j, b)) or (a - len(j) in ends and text.endswith(j, 0, a))
                for j in _LIST_MARKS
            )
            if joined:
                pending.remove((a, b))
                ends[b], starts[a] = a, b
                out.append(Candidate(_org(text, a, b, "company"), "model_entities", 0.9))
                grew = True
    return out


BRANDS = ["猿辅导", "作业帮", "安热沙", "三宅一生", "喜茶", "蜜雪冰城"]
ORGS = ["华为公司", "新东方集团", "腾讯控股"]


def _case(rng: random.Random) -> tuple[str, dict[tuple[int, int], Any], set[tuple[int, int]], list[Entity]]:
    text = ""
    hits: dict[tuple[int, int], Any] = {}
    taken: set[tuple[int, int]] = set()
    ruled: list[Entity] = []
    for _ in range(rng.randint(1, 3)):
        text += rng.choice(["", "品牌有", "其中"])
        for i in range(rng.randint(1, 12)):
            if i:
                text += rng.choice(["、", "、", "、", "和", "，"])
            a = len(text)
            if rng.random() < 0.2:
                name = rng.choice(ORGS)
                text += name
                if rng.random() < 0.5:
                    ruled.append(_org(text, a, len(text), "company"))
                else:
                    taken.add((a, len(text)))
                    hits[a, len(text)] = GazetteerHit(a, len(text), name, "listed")
            else:
                name = rng.choice(BRANDS)
                text += name
                hits[a, len(text)] = GazetteerHit(a, len(text), name, "brand")
        text += rng.choice(["等。", "。"])
    return text, hits, taken, ruled


def test_the_same_candidates_in_the_same_order_as_the_passes() -> None:
    rng = random.Random(20261204)
    joined = 0
    for _ in range(500):
        text, hits, taken, ruled = _case(rng)
        got = _listed_brands(text, hits, set(taken), list(ruled), [])
        assert got == _reference(text, hits, set(taken), list(ruled), []), text
        joined += len(got)
    assert joined > 500  # the cases join brands, from the left and from the right


def test_a_list_joined_from_its_right_end_costs_steps_in_proportion() -> None:
    steps = []
    for n in (50, 500):
        text = "猿辅导、" * n + "华为公司"
        hits = {(4 * i, 4 * i + 3): GazetteerHit(4 * i, 4 * i + 3, "猿辅导", "brand") for i in range(n)}
        org = _org(text, 4 * n, 4 * n + 4, "company")
        got = _listed_brands(text, hits, set(), [org], [])
        assert [c.entity.start for c in got] == [4 * i for i in reversed(range(n))]  # a pass each, right to left
        steps.append(opcount.count(lambda t=text, h=hits, o=org: _listed_brands(t, h, set(), [o], [])))
    # ten times the list, ten times the Python steps (was a hundred: a pass over every name per name)
    assert steps[1] <= 10.5 * steps[0], steps
