"""Context that says a name the second model tags is a company, where no
second source agrees on the span (issue #11 What fails 1): two weak sources
agreeing, the model's tag and the text around it.

- a word only a company's name takes right after it (its officers, results,
  share price: ``company_words.tsv`` subject_cues): X董事长, X股价;
- a company's act right after it where it opens a clause (subject_acts:
  ，X发布…);
- a 、-list neighbour that is an organization already found (紫金国控 in
  英特尔海南公司、紫金国控).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from docpipe.wordlists import group_alternation, load_group

from .tables import _region_forms

_COMPANY_WORDS = "organizations/company_words.tsv"
_FIRM_KINDS = "organizations/firm_kinds.tsv"
_CLAUSE_OPEN = "，,。；;：:！!？?\n"


@lru_cache(maxsize=1)
def _cue_after() -> re.Pattern[str]:
    return re.compile(group_alternation(_COMPANY_WORDS, "subject_cues"))


@lru_cache(maxsize=1)
def _act_after() -> re.Pattern[str]:
    return re.compile(group_alternation(_COMPANY_WORDS, "subject_acts"))


@lru_cache(maxsize=1)
def _generic_ends() -> tuple[str, ...]:
    """A firm's generic head or unit (公司, 集团, 工厂, 研发中心 …): the model's
    span ending in one is a kind of firm or a plant as often as a name."""
    return tuple(load_group(_FIRM_KINDS, "heads")) + tuple(load_group(_COMPANY_WORDS, "abroad_units"))


def load_resources() -> None:
    _cue_after()
    _act_after()
    _generic_ends()


@lru_cache(maxsize=4096)  # memoised: each suffix of a name is read once, not once per split
def _places_only(name: str) -> bool:
    """A run of place names and nothing else (上海普陀, 广东深圳)."""
    if not name:
        return True
    return any(name[:i] in _region_forms() and _places_only(name[i:]) for i in range(len(name), 1, -1))


def cue_right_after(text: str, start: int, end: int) -> bool:
    """A company's word right after the span, or a company's act after it
    where it opens a clause."""
    if _cue_after().match(text, end):
        return True
    return (start == 0 or text[start - 1] in _CLAUSE_OPEN) and bool(_act_after().match(text, end))


def said_company(
    text: str,
    start: int,
    end: int,
    org_starts: Collection[int],
    org_ends: Collection[int],
    places: Collection[tuple[int, int]] = (),
) -> bool:
    """The text says the span [start, end) names a company: a company's word
    right after it, an act after it opening a clause, or an organization
    (starting at ``org_starts``, ending at ``org_ends``) beside it in a 、-list.
    Never a span places found (``places``) cover whole (上海|普陀发布: the
    district acts), nor one ending in a firm's generic head or unit."""
    if text.endswith(_generic_ends(), start, end):
        return False
    covered = {i for s, e in places for i in range(max(s, start), min(e, end))}
    if len(covered) == end - start or _places_only(text[start:end]):
        return False
    if cue_right_after(text, start, end):
        return True
    if start > 0 and text[start - 1] == "、" and start - 1 in org_ends:
        return True
    return end < len(text) and text[end] == "、" and end + 1 in org_starts
