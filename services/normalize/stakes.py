"""A stake's holder (issue #12): ``文化长城持有联汛教育20%股权`` is a stake of
文化长城's, though 联汛教育 is written right before the figure.

A percentage right before the shares, equity or votes it is a stake in
(``20%股权``, ``46.95%的股份``), in a clause with a holding verb before it
(持有, 控制; ``measures/stake_words.tsv``), belongs to the holder: the body
after 由 when the clause names its holder after the stake (``其余40%股权由
新通国际持有``), else the first body written before the verb in the clause,
not one the holder holds through (通过A和B间接持有); none when no body is
written there (a person: ``仇建平和仇菲合计控制中策橡胶46.95%的股份``).
A stake bought (收购乙公司100%股权) names no holder: the rules before stand.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from docpipe.document import Entity
from docpipe.wordlists import group_alternation

from .attribution import SUBJECT_TYPES

_WORDS = "measures/stake_words.tsv"
_HOLDING = re.compile(group_alternation(_WORDS, "holding_verbs"))
_PASSIVE = re.compile(group_alternation(_WORDS, "passive_marks"))
_MEANS = re.compile(group_alternation(_WORDS, "means_marks"))
_STAKE_AFTER = re.compile(rf"的?(?:{group_alternation(_WORDS, 'stake_nouns')})")
_CLAUSE_MARK = re.compile(r"[，,。；;：:！!？?\n]")
# How far a clause reaches on either side of the figure.
_REACH = 60


def _start(e: Entity) -> int:
    return e.start


def holder(text: str, start: int, end: int, entities: list[Entity]) -> tuple[bool, str | None]:
    """(whether the figure at ``start:end`` is a held stake, its holder's name
    or None); (False, None) when the rule does not apply. ``entities`` are in
    the order of their starts."""
    if not _STAKE_AFTER.match(text, end):
        return False, None
    lo = max((m.end() for m in _CLAUSE_MARK.finditer(text, max(0, start - _REACH), start)), default=0)
    lo = max(lo, start - _REACH)
    stop = _CLAUSE_MARK.search(text, end, end + _REACH)
    hi = stop.start() if stop else min(len(text), end + _REACH)
    # (the entities in the clause by a binary search: a pass over all of them
    # for every stake made a text of stakes quadratic, issue #15)
    bodies: list[Entity] = []
    for k in range(bisect_left(entities, lo, key=_start), len(entities)):
        e = entities[k]
        if e.start > hi:
            break
        if e.type in SUBJECT_TYPES and e.end <= hi:
            bodies.append(e)
    after = _HOLDING.search(text, end, hi)
    passive = _PASSIVE.search(text, end, after.start()) if after else None
    if after is not None and passive is not None:
        # 其余40%股权由新通国际持有: the holder is written after 由
        named = [e for e in bodies if e.start >= passive.end() and e.end <= after.start()]
        return True, named[0].name if named else None
    verbs = list(_HOLDING.finditer(text, lo, start))
    if not verbs:
        return False, None
    verb = verbs[0].start()
    means = _MEANS.search(text, lo, verb)
    cut = means.start() if means else verb
    named = [e for e in bodies if e.end <= cut]
    return True, named[0].name if named else None
