"""Join the figures read by figure_reading: ranges written as two figures
(``3万元至5万元``), a rate written once for both ends (``每平方米60元到80元``)
or before the figure with words between (``每公斤能多卖1元到2元``), and the
unit of figures written without one, from the next figure of an enumeration
(``2万、3万亿元``) or a money word earlier in the clause (``GDP为1.14万亿``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from operator import attrgetter

from docpipe.textclasses import is_han
from docpipe.wordlists import alternation, group_alternation

from . import units
from .cues import Cues
from .figure_reading import CLAUSE_SEP, Figure, clause_prefix
from .numbers import scale_factor

_LIST_GAP = re.compile(rf"^[ ]?(?:{group_alternation('normalize/figure_words.tsv', 'figure_list_joiners')})[ ]?$")
_MONEY_WORDS = re.compile(rf"(?:{alternation('normalize/money_words.txt')})")
# ... unless the clause counts people or things (人口规模1000万, 用户规模3亿).
_NOT_MONEY_WORDS = re.compile(alternation("normalize/not_money_words.txt"))
_CLAUSE_BREAK = re.compile(r"[。；;！!？?\n]")
_RANGE_GAP = re.compile(r"^[ ]?(?:-|~|至|到)[ ]?$")
_RANGE_WORDS = ("-", "~", "至", "到")  # (the words _RANGE_GAP holds)
# What the figures are sorted by (a C getter, not a lambda: each join sorts
# every figure of the text, tens of thousands in a text of figures; issue #15).
_START = attrgetter("start")


def _share_rate(prev: Figure, f: Figure) -> tuple[Figure, Figure]:
    """A rate written once for both ends of a range: 每平方米60元到80元 (the
    rate before the first end) or 60元到80元/平方米 (after the last): the
    bare end takes the other end's rate."""

    def rated(bare: Figure, like: Figure) -> Figure | None:
        if (
            bare.extras.get("rated") is False
            and like.extras.get("rated")
            and bare.unit == like.extras.get("base")
            and bare.classifier == like.classifier
        ):
            k = like.extras["factor"] / like.extras["base_factor"]
            return replace(bare, unit=like.unit, value=bare.value * k, extras=dict(like.extras))
        return None

    return rated(prev, f) or prev, rated(f, prev) or f


def merge_ranges(figs: list[Figure], folded: str) -> list[Figure]:
    """5%-10%, 3万元至5万元: two figures of one unit joined by a range word."""
    if not any(word in folded for word in _RANGE_WORDS):
        # (no range word in the text, no gap between two figures is one: a
        # text of figures skips a slice and a match per figure; issue #15)
        return sorted(figs, key=_START)
    out: list[Figure] = []
    for f in sorted(figs, key=_START):
        prev = out[-1] if out else None
        if prev is None or not _RANGE_GAP.match(folded[prev.end : f.start]):
            out.append(f)
            continue
        a, b = (prev, f) if prev.unit == f.unit else _share_rate(prev, f)
        if (
            a.unit is not None
            and a.unit == b.unit
            and a.classifier == b.classifier
            and a.value_max is None
            and b.value_max is None
            and a.qualifier == "exact"
            and b.qualifier == "exact"
            and a.value < b.value
        ):
            out[-1] = replace(a, end=b.end, value_max=b.value, qualifier="range")
            continue
        out.append(f)
    return out


# A rate written before its figure with words between (每公斤能多卖1元到2元,
# 每天发出快递包裹约3万件, 每亩最高赔付2000元): 每 + a denominator governs the
# next figure of its clause. Bounded so ordinary sentences get no rate: the
# same clause, a short gap holding no digit and no other figure. 每年/每月
# with a verb phrase between (每年组织实施重点项目10个以上, 每年补贴最多不超过
# 200万元) tell how often a programme recurs, and our labelled sets read their
# figures as plain amounts: for those two only qualifier words and modals may
# stand between (每年约3000万元, 每月可达5万件).
_PER_GAP = 10
_PER_KINDS = ("money", "count", "physical", "other")
_LOOSE_GAP_EXEMPT = {"年", "月"}
_QUALIFIER_GAP = re.compile(rf"(?:{alternation('normalize/rate_gap_words.txt')})*")
# What a rate written before a figure opens with (_per_before; normalize/rule_cues.tsv per_rate).
_PER_CUES = Cues("per_rate")


@functools.lru_cache(maxsize=1)
def _per_before() -> re.Pattern:
    denom = units.denominator_regex()
    return re.compile(rf"每(?P<per>{denom})(?:每(?P<per2>{denom}))?")


def detached_rates(figs: list[Figure], folded: str) -> list[Figure]:
    if not _PER_CUES.written(folded, 0, len(folded)):
        # (no word of a rate anywhere in the text: none is written before any
        # figure, the test below for each; issue #15)
        return sorted(figs, key=_START)
    per_re = _per_before()
    out: list[Figure] = []
    prev_end = 0
    for f in sorted(figs, key=_START):
        lo = max(prev_end, f.start - _PER_GAP - 6)
        prev_end = max(prev_end, f.end)
        if f.kind not in _PER_KINDS or "base" not in f.extras or f.extras.get("rated") or "/" in (f.unit or ""):
            out.append(f)
            continue
        if not _PER_CUES.written(folded, lo, f.start):
            out.append(f)  # (no word of a rate written before it: none governs it; issue #15)
            continue
        window = folded[lo : f.start]
        cut = max((m.end() for m in CLAUSE_SEP.finditer(window)), default=0)
        best = None
        for m in per_re.finditer(window, cut):
            best = m
        if best is None:
            out.append(f)
            continue
        gap = window[best.end() :]
        if len(gap) > _PER_GAP or any(c.isdigit() for c in gap):
            out.append(f)
            continue
        denoms = [d for d in (best.group("per"), best.group("per2")) if d]
        if any(d in _LOOSE_GAP_EXEMPT for d in denoms) and not _QUALIFIER_GAP.fullmatch(gap):
            out.append(f)
            continue
        base = units.Unit(
            "",
            f.extras["base"],
            f.extras["base_factor"],
            f.kind,  # type: ignore[arg-type]
            f.classifier,
        )
        unit_name, factor = units.rate(base, *denoms)
        k = factor / f.extras["factor"]
        out.append(
            replace(
                f,
                unit=unit_name,
                value=f.value * k,
                value_max=f.value_max * k if f.value_max is not None else None,
                extras={**f.extras, "factor": factor, "rated": True},
            )
        )
    return out


def resolve_unitless(figs: list[Figure], folded: str) -> list[Figure]:
    """Give unitless figures the unit of the next figure in an enumeration
    (分别跨越2万、3万亿元) or CNY when a money word precedes (GDP为1.14万亿);
    drop the rest."""
    figs = sorted(figs, key=_START)
    for i in range(len(figs) - 1, -1, -1):
        f = figs[i]
        if f.unit is not None:
            continue
        nxt = figs[i + 1] if i + 1 < len(figs) else None
        if nxt is not None and nxt.unit is not None and _LIST_GAP.match(folded[f.end : nxt.start]):
            factor = nxt.extras.get("factor", 1.0)
            if nxt.scale.startswith(f.scale) and nxt.scale != f.scale:
                factor *= scale_factor(nxt.scale[len(f.scale) :])
            figs[i] = replace(
                f,
                value=f.value * factor,
                unit=nxt.unit,
                kind=nxt.kind,
                classifier=nxt.classifier,
                value_max=f.value_max * factor if f.value_max is not None else None,
                scale=nxt.scale,
                extras=dict(nxt.extras),
            )
            continue
        if f.has_big_scale:
            after = folded[f.end : f.end + 1]
            if after and is_han(after) and after not in "的和与及、":
                continue
            prefix = folded[max(0, f.start - 30) : f.start]
            breaks = list(_CLAUSE_BREAK.finditer(prefix))
            if breaks:
                prefix = prefix[breaks[-1].end() :]
            if _MONEY_WORDS.search(prefix) and not _NOT_MONEY_WORDS.search(clause_prefix(folded, f.start)):
                figs[i] = replace(f, unit="CNY", kind="money")
    return [f for f in figs if f.unit is not None]
