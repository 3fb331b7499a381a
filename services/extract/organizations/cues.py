"""Context that says a name the second model tags is a company, where no
second source agrees on the span (issue #11 What fails 1): two weak sources
agreeing, the model's tag and the text around it.

- a word only a company's name takes right after it (its officers, results,
  share price: ``company_words.tsv`` subject_cues): X董事长, X股价;
- a company's act right after it where it opens a clause (subject_acts:
  ，X发布…);
- a share's move right after it in a market wrap (share_moves: X跌超8%,
  X盘后下跌2.1%, X涨停);
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
_ITEM_OPEN = _CLAUSE_OPEN + "、"


@lru_cache(maxsize=1)
def _cue_after() -> re.Pattern[str]:
    return re.compile(group_alternation(_COMPANY_WORDS, "subject_cues"))


@lru_cache(maxsize=1)
def _act_after() -> re.Pattern[str]:
    return re.compile(group_alternation(_COMPANY_WORDS, "subject_acts"))


@lru_cache(maxsize=1)
def _share_move() -> re.Pattern[str]:
    """A share's move right after a name in a market wrap (爱奇艺跌超8%, 特斯拉盘后下跌2.1%, X一度涨停):
    maybe a when or how (company_words.tsv share_move_adverbs), the move (share_moves), maybe
    a qualifier (share_move_qualifiers) and its size in percent, or a limit move (share_limit_moves). Only a quoted share moves so."""
    adverbs = f"(?:{group_alternation(_COMPANY_WORDS, 'share_move_adverbs')}){{0,2}}"
    return re.compile(
        f"{adverbs}(?:(?:{group_alternation(_COMPANY_WORDS, 'share_moves')})"
        f"(?:{group_alternation(_COMPANY_WORDS, 'share_move_qualifiers')})?"
        r"[0-9]{1,3}(?:\.[0-9]{1,2})?[%％]"
        f"|(?:{group_alternation(_COMPANY_WORDS, 'share_limit_moves')}))"
    )


@lru_cache(maxsize=1)
def _generic_ends() -> tuple[str, ...]:
    """A firm's generic head or unit (公司, 集团, 工厂, 研发中心 …): the model's
    span ending in one is a kind of firm or a plant as often as a name."""
    return tuple(load_group(_FIRM_KINDS, "heads")) + tuple(load_group(_COMPANY_WORDS, "abroad_units"))


def load_resources() -> None:
    _cue_after()
    _share_move()
    _act_after()
    _generic_ends()


@lru_cache(maxsize=4096)  # memoised: each suffix of a name is read once, not once per split
def _places_only(name: str) -> bool:
    """A run of place names and nothing else (上海普陀, 广东深圳)."""
    if not name:
        return True
    return any(name[:i] in _region_forms() and _places_only(name[i:]) for i in range(len(name), 1, -1))


def share_move_after(text: str, start: int, end: int) -> bool:
    """A share's move right after the name [start, end) (X跌超8%, X盘后下跌2.1%, X涨停), the
    name opening a clause or a list item: a wrap quotes each share so (，携程涨超7.4%，); one run
    on from a digit or letter is cut out of a longer name or an index (360|数科, 纳斯达克100|股指期货)."""
    return (start == 0 or text[start - 1] in _ITEM_OPEN) and bool(_share_move().match(text, end))


def cue_right_after(text: str, start: int, end: int) -> bool:
    """A company's word right after the span, or a company's act after it
    where it opens a clause."""
    if _cue_after().match(text, end) or share_move_after(text, start, end):
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
