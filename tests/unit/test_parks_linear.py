"""listed_with_parks (services/extract/parks.py) is linear in the text
(issue #15: no input can stall a stage): it read every word of the text for
every 、-clause and every park for every item, so 20,000 characters of the
hostile case ``respectively`` spent 7 s there (0.87 -> 3.54 s of extract CPU
from 10,000 to 20,000 characters). Same result as that reading, kept below
as the reference, on generated clauses of every shape."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from docpipe.document import Entity
from services.extract import parks
from services.extract.ner import LacWord
from services.extract.parks import _CLAUSE, _ITEM, _LIST_SEP, _LISTED_MIN, _entity, region_tables


def _reference(text: str, words: Sequence[LacWord], parks: list[Entity]) -> list[Entity]:
    """The reading before the change, verbatim."""
    forms = region_tables().forms
    out: list[Entity] = []
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
        verbs = [w.end for w in words if w.tag == "v" and a <= w.start and w.end < first_end]
        items[0] = (max(verbs) if verbs else a, first_end)
        # the last item ends at 等 (…、坝光国际生物谷等), else before the verb
        # after it (…、太湖湾科创带|建设)
        last_a, last_b = items[-1]
        close = text.find("等", last_a, last_b)
        if close < 0:
            close = next(
                (w.start for w in words if last_a < w.start < last_b and w.tag in ("v", "vn") and len(w.text) > 1),
                last_b,
            )
        items[-1] = (last_a, close)
        covered = [any(p.start < ib and ia < p.end for p in parks) for ia, ib in items]
        if sum(covered) < _LISTED_MIN or 3 * sum(covered) < 2 * len(items):
            continue
        for (ia, ib), cov in zip(items, covered, strict=True):
            name = text[ia:ib]
            if not _ITEM.fullmatch(name) or name in forms:
                continue
            inner = [p for p in parks if ia < p.start and p.end == ib]
            if cov and not (inner and text[inner[0].start - 1] in "-－—"):
                continue
            if not cov or inner:
                out.append(_entity(text, ia, ib, ""))
    return out


NAMES = [
    "深圳湾超级总部基地",
    "北站国际商务区",
    "笋岗-清水河片区",
    "光明科学城",
    "空港新城",
    "苏州工业园区",
    "太湖湾科创带",
]
TAGS = ["v", "vn", "n", "ns", "v", "nz"]


class _Counted(list[Any]):
    passes = 0

    def __iter__(self) -> Any:
        type(self).passes += 1
        return super().__iter__()


def _case(rng: random.Random) -> tuple[str, list[LacWord], list[Entity]]:
    text, words, found = "", [], []
    for _ in range(rng.randint(1, 4)):
        lead = rng.choice(["", "推进", "加快建设", "重点推进"])
        if lead:
            words.append(LacWord(lead, rng.choice(TAGS), len(text), len(text) + len(lead)))
            text += lead
        for i in range(rng.randint(2, 7)):
            if i:
                text += "、"
            name = rng.choice(NAMES)
            s = len(text)
            text += name
            cut = rng.choice([0, 0, 2, 3])
            words.append(LacWord(name[:cut] or name, rng.choice(TAGS), s, s + (cut or len(name))))
            if cut:
                words.append(LacWord(name[cut:], rng.choice(TAGS), s + cut, s + len(name)))
            if rng.random() < 0.7:
                ps = s + rng.choice([0, 0, 3])
                found.append(Entity(type="park", start=ps, end=s + len(name), text=text[ps:], name=text[ps:]))
        tail = rng.choice(["等。", "建设。", "。", "，"])
        if tail == "建设。":
            words.append(LacWord("建设", "v", len(text), len(text) + 2))
        text += tail
    return text, words, found


def test_the_same_result_as_the_reading_clause_by_clause() -> None:
    rng = random.Random(20261204)
    named = 0
    for _ in range(400):
        text, words, found = _case(rng)
        got = parks.listed_with_parks(text, words, list(found))
        assert got == _reference(text, words, list(found)), text
        named += bool(got)
    assert named > 50  # the cases exercise lists that name their other items


def test_words_and_parks_are_read_a_fixed_number_of_times_whatever_the_clauses() -> None:
    passes = []
    for n in (50, 500):
        text = "推进苏州、无锡、常州。" * n
        words: Sequence[LacWord] = _Counted(
            LacWord(w, "v" if w == "推进" else "ns", i * 11 + s, i * 11 + s + len(w))
            for i in range(n)
            for w, s in (("推进", 0), ("苏州", 2), ("无锡", 5), ("常州", 8))
        )
        found = _Counted(
            Entity(type="park", start=i * 11 + 2, end=i * 11 + 4, text="苏州", name="苏州") for i in range(n)
        )
        _Counted.passes = 0
        parks.listed_with_parks(text, words, found)
        passes.append(_Counted.passes)
    assert passes[0] == passes[1], passes


def test_a_count_of_parks_is_read_from_its_numerals_start_only() -> None:
    # _COUNT_OF_PARKS was tried at every digit of a run, each try running to
    # the run's end and back: 20,000 digits spent 5 s there (extract 7.4x
    # slower than articles on the hostile case fullwidth_digits). Read only
    # from a numeral's first character, the pattern tries each run once.
    from services.extract.parks import _COUNT_OF_PARKS

    text = "宝安燕罗、龙岗宝龙、光明凤凰等20个先进制造业园区"
    m = _COUNT_OF_PARKS.search(text)
    assert m is not None and m.group(0).startswith("等20个")
    assert _COUNT_OF_PARKS.match("120个园区", 1) is None  # never from inside a numeral
    assert _COUNT_OF_PARKS.match("120个园区", 0) is not None
    digits = "1234567890" * 2000
    # no match anywhere, and the only position the count may start from is 0
    assert _COUNT_OF_PARKS.search(digits) is None
    assert all(_COUNT_OF_PARKS.match(digits, k) is None for k in range(1, 50))
