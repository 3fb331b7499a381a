"""Qualifier words around a figure -> the contract's qualifier.

The tables follow ../shared/spec/EXTRACTION.md; words are matched longest
first. Words that only say "exactly" (达, 为, 共, 累计, 实现) are not part of
the figure's text and leave the qualifier ``exact``.
"""

from __future__ import annotations

import re
from typing import cast, get_args

from docpipe.document import Qualifier
from docpipe.wordlists import group_alternation, load_table

from .cues import Cues

_WORDS = "normalize/qualifier_words.tsv"


def _words(group: str) -> str:
    return group_alternation(_WORDS, group)


# The qualifier words, their place around the figure and their qualifier
# (normalize/qualifier_table.tsv): before the number (part of the metric's
# text), after the figure's unit, or between mantissa and unit (30余家).
_TABLE = load_table("normalize/qualifier_table.tsv")


def _position(position: str) -> dict[str, Qualifier]:
    return {r["word"]: _qualifier(r["qualifier"]) for r in _TABLE if r["position"] == position}


def _qualifier(value: str) -> Qualifier:
    if value not in get_args(Qualifier):
        raise ValueError(f"normalize/qualifier_table.tsv: {value!r} is not a contract qualifier")
    return cast(Qualifier, value)


BEFORE: dict[str, Qualifier] = _position("before")
AFTER: dict[str, Qualifier] = _position("after")
INSIDE: dict[str, Qualifier] = _position("inside")
# 过 and 上 qualify only a bare scale word (过万, 上百家): the table's bare_only.
BEFORE_ONLY_BARE = frozenset(r["word"] for r in _TABLE if r["position"] == "before" and r["bare_only"])
# Characters before such a word that make it the end of another word
# (迈上千亿元台阶, 线上千人大会, 马上): normalize/not_qualifier_after.tsv.
NOT_QUALIFIER_AFTER: dict[str, frozenset[str]] = {
    r["word"]: frozenset(r["not_after"]) for r in load_table("normalize/not_qualifier_after.tsv")
}


def alternation(words: dict[str, Qualifier]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A qualifier separated from the figure by a share verb: 约占全国1/9, 超过全省的一半,
# 约占全市医疗器械产业总量的三分之一 (占 takes a longer noun phrase).
# The lookbehind keeps 约/近 inside other words out (节约了, 签约为, 最近有).
_DETACHED = re.compile(
    r"(?<![签节合制预契条公邀履违特最附邻])"
    rf"(?:{alternation({k: v for k, v in BEFORE.items() if k not in BEFORE_ONLY_BARE})})"
    rf"(?:占[^，,。；;：:、\d]{{0,16}}|(?:{_words('detached_verbs')})[^，,。；;：:、\d]{{0,8}}"
    rf"|(?:{_words('detached_scopes')})的?"
    # 约合人民币21.1亿元: the currency named before the amount
    rf"|(?:{_words('detached_currencies')}))$"
)

# Bound words keep their meaning across a short verb or noun phrase:
# 最高可获得50%, 最高给予1亿元, 不低于装机容量10%, 至少需要3家 (the table's
# bound column). Only words that cannot be a comparison of two figures:
# 高于/超过 + phrase + figure is usually a difference (高于全国平均1.2个百分点),
# and single characters (超, 近, 约) start too many other words (超算, 近年) to
# reach that far.
BOUND_WORDS: dict[str, Qualifier] = {w: BEFORE[w] for w in (r["word"] for r in _TABLE if r["bound"])}
_BOUND_GAP = 8
_BOUND = re.compile(
    rf"(?:{alternation(BOUND_WORDS)})(?P<gap>[^，,。；;：:、！!？?\n\d%]{{1,{_BOUND_GAP}}}"
    # a longer noun phrase when it ends in 的 before a share: 不低于…最低价标准的70%
    rf"|[^，,。；;：:、！!？?\n\d%]{{1,{2 * _BOUND_GAP}}}的)$"
)
# Where 最高 etc. begin a noun, not a bound: 最高峰, 最高人民法院, 最高水平.
# ... and 最多的/最高的 is a superlative (企业最多的城市有500家), not a bound.
_NOT_BOUND_GAP = re.compile(rf"^(?:{_words('not_bound_starts')}|奖(?!励|补)|{_words('not_bound_starts_more')})")


# What detached_before reads of the stretch before a figure (its last
# characters), and the words it looks for there (normalize/rule_cues.tsv
# detached_qualifiers): with none written there it finds nothing, and is not
# tried (issue #15: a text of figures).
DETACHED_REACH = max(20, 2 * _BOUND_GAP + 4)
_DETACHED_CUES = Cues("detached_qualifiers")


def may_detach(folded: str, start: int) -> bool:
    """Whether ``detached_before`` of a stretch ending at ``start`` can find a
    qualifier: one of its words is written in what it reads."""
    return _DETACHED_CUES.written(folded, start - DETACHED_REACH, start)


def detach_reach(folded: str, start: int) -> str:
    """What ``may_detach`` reads: the stretch before ``start`` (its words are
    literal, searched inside it), the key a text's figures ask it by
    (memo.Memo: a text of figures gives every figure the same stretch)."""
    return folded[max(0, start - DETACHED_REACH) : start]


def detached_before(prefix: str) -> Qualifier | None:
    """Qualifier word ending a short stretch before the figure, e.g. 约占全国,
    最高可获得, 不低于装机容量."""
    m = _DETACHED.search(prefix[-20:])
    if m:
        word = re.match(alternation(BEFORE), m.group()).group()  # type: ignore[union-attr]
        return BEFORE[word]
    m = _BOUND.search(prefix[-(2 * _BOUND_GAP + 4) :])
    if m and not _NOT_BOUND_GAP.match(m.group("gap")):
        word = m.group()[: m.start("gap") - m.start()]
        return BOUND_WORDS[word]
    return None


def combine(before: str | None, inside: str | None, after: str | None, vague: bool) -> Qualifier:
    """One qualifier from the words around a figure; the word before wins
    (超过20%以上 says gt), then the word after, then 多/余, then vagueness."""
    if before:
        return BEFORE[before]
    if after:
        return AFTER[after]
    if inside:
        return INSIDE[inside]
    if vague:
        return "gt"
    return "exact"
