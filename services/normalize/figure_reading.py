"""Read the figures written in a text: the main grammar, fractions and shares,
doublings (see figures.py for the order of work).

[每Y] [qualifier] number [range] [多/余] [unit][/Y] [qualifier], where a
number may carry thousands separators (``3 376.8``, ``1,352``) or be a pair
of neighbouring digits (``三四十`` -> a range); fractions and shares (``1/9``,
``三分之一``, ``百分之五``, ``一半``); doublings (``翻一番``). A figure whose
unit is not written keeps ``unit=None`` for figure_joining to resolve.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import cn2an

from docpipe.wordlists import alternation, group_alternation, load_group, load_groups, load_list, load_words

from . import exclusions, qualifiers, units
from .memo import Memo
from .numbers import (
    ARABIC,
    CHINESE,
    CN_DIGITS,
    CN_SCALES,
    PAIR_FIRST,
    NotANumber,
    Number,
    adjacent_pair,
    parse_number,
    parse_part,
    scale_factor,
)


@dataclass(slots=True)
class Figure:
    start: int
    end: int
    value: float
    unit: str | None  # None while the unit is still unknown
    kind: str | None = None
    classifier: str | None = None
    qualifier: str = "exact"
    value_max: float | None = None
    scale: str = ""  # scale words after the mantissa (万, 万亿)
    mantissa: str = ""
    has_big_scale: bool = False
    extras: dict = field(default_factory=dict)


# Scale words after an Arabic mantissa; 千/百/十 alone not when they start a
# unit (300万千瓦 is 300万 + 千瓦, 5千米 is 5 + 千米).
_SCALE = r"(?:[十百千]?[万亿]+|[十百千](?![瓦米克伏]))"
_NUM = rf"(?:{ARABIC})(?:[ ]?{_SCALE})?|{CHINESE}"
_ARABIC_SPLIT = re.compile(rf"^({ARABIC})[ ]?([{CN_SCALES}]*)$")
_TRAILING_SCALE = re.compile(rf"[{CN_SCALES}]+$")

# 成 (四成 = 40%) only after a single digit, and not when it starts a word (成为, 成果).
_CHENG_BLOCK = load_words("normalize/cheng_blocked.txt")
# 上下/多/余 after a figure, not when they start a word (上下游, 多元, 余额).
_POST_BLOCK = {word: frozenset(chars) for word, chars in load_groups("normalize/post_blocked.tsv").items()}

_WORDS = "normalize/figure_words.tsv"
_MAX_NUMERAL = 24
CLAUSE_SEP = re.compile(r"[，,。；;！!？?\n：:]")
# The last separator in a window, in one match (the greedy run backs off to
# it), not a walk over every separator (a text of figures: issue #15).
_LAST_CLAUSE_SEP = re.compile(rf"(?s:.*){CLAUSE_SEP.pattern}")


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    before = qualifiers.alternation(qualifiers.BEFORE)
    after = qualifiers.alternation(qualifiers.AFTER)
    unit_alt = units.unit_regex() + "|成"
    denom = units.denominator_regex()
    # A cheap first-character gate: every figure starts with 每, a qualifier
    # word or a numeral, so the engine skips other positions quickly.
    first = "".join(sorted({w[0] for w in qualifiers.BEFORE} | set("每数几") | set(CN_DIGITS + CN_SCALES)))
    main = re.compile(
        rf"(?=[\d{re.escape(first)}])"
        # One or two rates written before (每平方米每月12元) ...
        rf"(?:每(?P<per>{denom})(?:[ ]?每(?P<per2>{denom}))?)?"
        rf"(?:(?P<pre>{before})[ ]?)?"
        rf"(?P<n1>{_NUM})"
        rf"(?:[ ]?(?P<sep>-|~|至|到)[ ]?(?P<n2>{_NUM}))?"
        rf"(?:[ ]?(?P<inside>多|余))?(?P<scale2>[万亿]+)?"
        rf"(?:[ ]?(?P<unit>{unit_alt}))?"
        # ... or after (12元/平方米/月, 30元/平方米·月, 0.3元/吨·公里). A Latin
        # denominator ends at a letter boundary (/m, not /mol).
        rf"(?:/(?P<denom>{denom})(?![A-Za-z])(?:[/·・](?P<denom2>{denom})(?![A-Za-z]))?)?"
        rf"(?P<post>{after})?"
    )
    half = load_group(_WORDS, "half_words")
    fraction = re.compile(
        # (the same gate: a fraction starts with a qualifier word, a numeral or
        # a half word; without it every character of the text tried them all)
        rf"(?=[\d{re.escape(''.join(sorted(set(first) | {w[0] for w in half})))}])"
        rf"(?:(?P<pre>{before})[ ]?)?"
        # Lookbehinds make each run of digits start one attempt only (no
        # quadratic backtracking on long digit runs).
        rf"(?:(?<![\d.])(?P<a>\d{{1,4}})/(?P<b>\d{{1,4}})(?![\d/.])"
        rf"|(?<![{CN_DIGITS}{CN_SCALES}\d])(?P<den>[{CN_DIGITS}{CN_SCALES}]{{1,6}}|\d{{1,6}})分之(?P<num>[{CN_DIGITS}{CN_SCALES}点]+|\d+(?:\.\d+)?)"
        rf"|(?P<half>{group_alternation(_WORDS, 'half_words')}))"
        rf"(?P<post>{after})?"
    )
    return main, fraction


@functools.lru_cache(maxsize=1)
def _fraction_marks() -> tuple[str, ...]:
    """What every fraction the pattern reads holds: the slash of 1/9, the 分之
    of 三分之一, or a half word whole (一半)."""
    return ("/", "分之", *load_group(_WORDS, "half_words"))


def warm_up() -> None:
    units.load()
    _patterns()


class Mask:
    """Offsets no figure may touch; O(1)-ish overlap test via bytearray.find."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.bits = bytearray(size)
        for a, b in spans:
            self.add(a, b)

    def add(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * (end - start)

    def hits(self, start: int, end: int) -> bool:
        return self.bits.find(1, start, end) != -1


def _overlaps(mask: Mask, start: int, end: int) -> bool:
    return mask.hits(start, end)


# How far back clause_prefix reads.
_PREFIX_REACH = 30


def clause_prefix(folded: str, start: int) -> str:
    lo = max(0, start - _PREFIX_REACH)
    last = _LAST_CLAUSE_SEP.match(folded, lo, start)
    return folded[last.end() if last else lo : start]


def read_fractions(folded: str, blocked: Mask) -> list[Figure]:
    if not any(mark in folded for mark in _fraction_marks()):
        return []  # (every fraction holds one of them: a text of figures without one is not scanned; issue #15)
    _, fraction = _patterns()
    out: list[Figure] = []
    detachable: Memo[bool] = Memo()  # (qualifiers.may_detach, once per stretch it reads)
    for m in fraction.finditer(folded):
        pre, post = m.group("pre"), m.group("post")
        start = (
            m.start()
            if pre
            else m.start("a")
            if m.group("a")
            else m.start("den")
            if m.group("den")
            else m.start("half")
        )
        if pre and pre in qualifiers.BEFORE_ONLY_BARE:
            pre, start = None, m.start() + len(m.group("pre"))
            if folded[start : start + 1] == " ":
                start += 1
        end = m.end()
        if post and post in _POST_BLOCK and folded[end : end + 1] in _POST_BLOCK[post]:
            end -= len(post)
            post = None
        unit = "percent"
        try:
            if m.group("a"):
                a, b = int(m.group("a")), int(m.group("b"))
                s = m.start("a")
                if s > 0 and (folded[s - 1].isdigit() or folded[s - 1] in "/.-"):
                    continue
                if not (0 < a <= b <= 1000) or exclusions.is_glued_to_name(folded, s, m.end("b")):
                    continue
                value = a / b * 100
            elif m.group("den"):
                den = parse_part(m.group("den"))
                raw = m.group("num")
                num = float(cn2an.cn2an(raw, "strict")) if "点" in raw else parse_part(raw)
                if den <= 0:
                    continue
                if den == 1000:
                    # 千分之七 is the per-mille sign spoken: ‰ as written, not a fraction in percent.
                    value, unit = num, "‰"
                else:
                    value = num / den * 100
            else:
                value = 50.0
                if m.group("half") == "过半" and not pre:
                    post = post or "多"
        except (NotANumber, ValueError, KeyError):
            continue
        if _overlaps(blocked, start, end):
            continue
        q = qualifiers.combine(pre, None, post, False)
        if (
            not pre
            and not post
            and detachable(qualifiers.detach_reach(folded, start), qualifiers.may_detach, folded, start)
        ):
            q = qualifiers.detached_before(clause_prefix(folded, start)) or q
        out.append(Figure(start, end, value, unit, "percent", qualifier=q))
    return out


# 翻一番 doubles, 翻两番 quadruples: a multiple of 2**n, in 倍 (times).
_DOUBLING = re.compile(r"翻(?:了)?(?P<n>[一两二三四1-4])番")
_DOUBLING_N = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def read_doublings(folded: str, blocked: Mask) -> list[Figure]:
    out = []
    for m in _DOUBLING.finditer(folded):
        if blocked.hits(m.start(), m.end()):
            continue
        out.append(Figure(m.start(), m.end(), float(2 ** _DOUBLING_N[m.group("n")]), "times", "times"))
    return out


# (memoised: a numeral written again, 12 or 1万 in a table, is parsed once; Number
# is frozen, and NotANumber is raised again, not cached)
@functools.lru_cache(maxsize=4096)
def _split_number(text: str):
    """Parse one numeral as matched; returns (Number, mantissa, scale)."""
    m = _ARABIC_SPLIT.match(text)
    if m:
        return parse_number(m.group(1), m.group(2)), m.group(1), m.group(2)
    n = parse_number(text)
    scale_m = _TRAILING_SCALE.search(text)
    scale = scale_m.group() if scale_m and scale_m.start() > 0 else ""
    return n, text, scale


def read_main(folded: str, blocked: Mask, fresh: int | None = None) -> list[Figure]:
    """The figures the main pattern reads in ``folded`` outside ``blocked``;
    the first ``fresh`` matches (default _READ_FRESH) each read afresh, the
    rest once per stretch around them (the same figures either way)."""
    main, _ = _patterns()
    table = units.load()
    out: list[Figure] = []
    detachable: Memo[bool] = Memo()  # (qualifiers.may_detach, once per stretch it reads)
    # The extras of figures read in one unit, built once per unit and shared
    # (read only: the joins copy them before a change).
    shared_extras: dict[tuple[str | None, ...], dict] = {}
    groups = _group_numbers(main)
    n1_group = groups[-3]
    after = _after_reach()
    matches = main.finditer(folded)
    # An article's matches, each read afresh (the texts of the tuning and
    # held-out sets hold 39 in the median, 336 at most): the memo below pays
    # only where stretches repeat, which a text of figures does.
    for m in itertools.islice(matches, _READ_FRESH if fresh is None else fresh):
        n1_start, n1_end = m.span(n1_group)
        if blocked.bits.find(1, n1_start, n1_end) == -1:  # (blocked.hits, inline: once per match)
            f = _read_match(m, n1_start, n1_end, folded, groups, table, detachable, shared_extras)
            if f is not None:
                out.append(f)
    # The rest, once per stretch of text around a match (issue #15: a text of
    # figures, 12%12%…, gives tens of thousands of matches the same stretch,
    # and each ran every test of _read_match again): the figure's ends
    # relative to the match's start and its other fields, or None.
    # _read_match reads the match's groups and the text from _BEFORE_REACH
    # before the match to ``after`` past its end, and the pattern read no
    # further to find the match, so equal stretches at equal offsets read as
    # the same figure, moved.
    read: dict[tuple[str, int, int], tuple[int, int, tuple] | None] = {}
    for m in matches:
        n1_start, n1_end = m.span(n1_group)
        if blocked.bits.find(1, n1_start, n1_end) != -1:
            continue
        at, end = m.span()
        lo = at - _BEFORE_REACH if at > _BEFORE_REACH else 0
        key = (folded[lo : end + after], at - lo, end - at)
        found = read.get(key, _UNSEEN)
        if found is _UNSEEN:
            f = _read_match(m, n1_start, n1_end, folded, groups, table, detachable, shared_extras)
            read[key] = None if f is None else (f.start - at, f.end - at, _rest_of(f))
            if f is not None:
                out.append(f)
        elif found is not None:
            # (a new Figure at each place, none shared: the joins replace figures)
            out.append(Figure(at + found[0], at + found[1], *found[2]))
    return out


# How far before a match _read_match reads: clause_prefix's and the detached
# qualifier's reach, and the character before (第, 前, a glued letter).
_BEFORE_REACH = max(_PREFIX_REACH, qualifiers.DETACHED_REACH) + 1
_UNSEEN: Any = object()  # (no answer yet: None is one)
_READ_FRESH = 256


@functools.lru_cache(maxsize=1)
def _after_reach() -> int:
    """How far past a match's end the main pattern or _read_match may read:
    the optional parts that can follow a figure's last one, each tried there
    (spaces, a unit, one or two denominators with their separator and the
    letter test after each, a qualifier after), a word after a money unit
    (_PER_MONEY_OF) and the character after. Summed, so an upper bound
    whatever the word lists hold."""
    denominator = _longest(units.DENOMINATORS) + 2
    return (
        4
        + _longest(units.load())
        + 2 * denominator
        + _longest(qualifiers.AFTER)
        + _longest(load_list("normalize/per_money_of_words.txt"))
        + 4
    )


def _longest(words: Iterable[str]) -> int:
    return max(map(len, words), default=0)


def _rest_of(f: Figure) -> tuple:
    """A Figure's fields after its two ends, in order (Figure(start, end, *rest))."""
    return (
        f.value,
        f.unit,
        f.kind,
        f.classifier,
        f.qualifier,
        f.value_max,
        f.scale,
        f.mantissa,
        f.has_big_scale,
        f.extras,
    )


def _read_match(
    m: re.Match,
    n1_start: int,
    n1_end: int,
    folded: str,
    groups: tuple[int, ...],
    table: dict[str, units.Unit],
    detachable: Memo[bool],
    shared_extras: dict[tuple[str | None, ...], dict],
) -> Figure | None:
    """The figure one match of the main pattern reads as, or None (its n1
    group spans ``n1_start`` to ``n1_end``)."""
    # (every group in one call, by number: a text of figures reads thousands of matches)
    pre, inside, post, unit_w, denom, per, denom2, per2, n1_text, n2_text, scale2 = m.group(*groups)
    start, end = m.start(), m.end()
    if len(n1_text) > _MAX_NUMERAL:
        return None  # a digit run this long is a code or debris, not a figure
    try:
        # (inside: a pair before a scale it cannot take, 三四十百, is no number either)
        pair = adjacent_pair(n1_text) if n1_text[:1] in PAIR_FIRST else None
        if pair:
            lo, pair_hi, scale1 = pair
            n1, mant1 = Number(lo, chinese=True, scale=scale1), n1_text
        else:
            pair_hi = None
            n1, mant1, scale1 = _split_number(n1_text)
    except NotANumber:
        return None
    if n1.chinese and n1.value == 0:
        return None  # 零部件, 〇
    bare = n1.chinese and not any(c in CN_DIGITS for c in mant1) and mant1[0] in "百千万亿"
    if (
        pre
        and pre in qualifiers.BEFORE_ONLY_BARE
        and (not bare or folded[m.start() - 1 : m.start()] in qualifiers.NOT_QUALIFIER_AFTER.get(pre, ()))
    ):
        pre = None
    if not pre:
        start = n1_start
        if per:
            start = m.start()
    scale2 = scale2 or ""
    value = n1.value * scale_factor(scale2)
    scale = scale1 + scale2
    # Where the figure ends if the unit turns out not to be one.
    num_end = m.end("scale2") if scale2 else m.end("inside") if inside else m.end("n2") if n2_text else n1_end
    value_max = None
    if n2_text:
        if pair_hi is not None:
            return None  # 三四十到五六十: too vague to read as one range
        try:
            n2, _mant2, scale_b = _split_number(n2_text)
        except NotANumber:
            return None
        v1 = value
        if not scale and scale_b:
            v1 = value * scale_factor(scale_b)
        v2 = n2.value * scale_factor(scale2)
        if not v1 < v2:
            return None
        value, value_max = v1, v2
        scale = scale or scale_b
    elif pair_hi is not None:
        value_max = pair_hi * scale_factor(scale2)  # 三四十家 -> 30 to 40
    next_char = folded[m.end("unit") : m.end("unit") + 1] if unit_w else ""
    if unit_w and (units.blocked_after(unit_w, next_char) if unit_w != "成" else False):
        unit_w, denom, post = None, None, None
        end = num_end
    if unit_w == "成":
        # 四成; 七八成 (a neighbouring pair, 70 to 80 percent)
        single = len(mant1) == 1 and value_max is None
        pair_ok = pair_hi is not None and not scale and pair_hi <= 9 and not n2_text
        if (
            not (single or pair_ok)
            or scale
            or not (n1.value.is_integer() and 1 <= n1.value <= 9)
            or next_char in _CHENG_BLOCK
        ):
            unit_w, denom, post = None, None, None
            end = num_end
    if unit_w == "两" and not mant1.isascii():
        # 两 is the numeral two after a Chinese numeral (三两家); a unit only after digits (3两).
        unit_w, denom, post = None, None, None
        end = num_end
    if post and post in _POST_BLOCK and folded[end : end + 1] in _POST_BLOCK[post]:
        end -= len(post)
        post = None
    # A bare scale word (千, 万亿) is a figure only when something says it
    # is one: a qualifier (超万亿元), 余/多 (千余项), or a money unit that
    # does not make it a class (迈上千亿元台阶, but not 千亿元级).
    # ... nor when the money unit heads a ratio's denominator (万元GDP能耗,
    # 万元产值能耗: "per 10,000 yuan of GDP").
    if (
        bare
        and not (pre or inside or value_max is not None)
        and not (
            unit_w
            and unit_w in units.CURRENCIES
            and folded[end : end + 1] != "级"
            and not _PER_MONEY_OF.match(folded, end)
        )
    ):
        return None
    if not unit_w:
        # Keep as a candidate for a shared or implied unit (resolved later).
        if denom or per:
            return None
        if exclusions.is_glued_to_name(folded, n1_start, num_end):
            return None
        q = "range" if value_max is not None else qualifiers.combine(pre, inside, None, n1.vague)
        return Figure(
            start,
            num_end,
            value,
            None,
            qualifier=q,
            value_max=value_max,
            scale=scale,
            mantissa=mant1,
            has_big_scale="万" in scale or "亿" in scale,
        )
    if unit_w == "成":
        u = units.Unit("成", "percent", 10.0, "percent")
    else:
        u = table[unit_w]
    unit_name, factor = u.unit, u.factor
    if per or per2 or denom or denom2:
        unit_name, factor = units.rate(u, *[d for d in (per, per2, denom, denom2) if d])
    # Glue is checked after the unit only for Latin units (120GWh); a Latin
    # letter after a CJK unit (9座GDP万亿城市) glues nothing.
    if exclusions.is_glued_to_name(folded, n1_start, m.end("unit") if unit_w.isascii() else None):
        return None
    if exclusions.is_ordinal(folded, start, u.classifier) or exclusions.is_phase_name(
        folded, start, mant1, u.classifier
    ):
        return None
    qualified = bool(inside or post or value_max is not None)
    if exclusions.is_determiner_one(mant1, n1.value, u.kind, qualified) or exclusions.is_er_adjective(mant1, u.kind):
        return None
    if exclusions.is_year(value, u.unit, mant1):
        return None
    if u.kind == "count" and not scale and not float(value).is_integer() and not (denom or per):
        return None  # 0.3个 is no count of things (0.3个千分点 was misread, 1.5万个 is fine)
    q = "range" if value_max is not None else qualifiers.combine(pre, inside, post, n1.vague)
    if (
        q == "exact"
        and not pre
        and not post
        and detachable(qualifiers.detach_reach(folded, start), qualifiers.may_detach, folded, start)
    ):
        q = qualifiers.detached_before(clause_prefix(folded, start)) or q
    extras = shared_extras.get(unit_key := (unit_w, per, per2, denom, denom2))
    if extras is None:
        rated = bool(denom or per)
        extras = shared_extras[unit_key] = {"factor": factor, "base": u.unit, "base_factor": u.factor, "rated": rated}
    return Figure(
        start,
        end,
        value * factor,
        unit_name,
        u.kind,
        classifier=u.classifier if u.kind == "count" else None,
        qualifier=q,
        value_max=value_max * factor if value_max is not None else None,
        scale=scale,
        mantissa=mant1,
        has_big_scale="万" in scale or "亿" in scale,
        extras=extras,
    )


@functools.lru_cache(maxsize=4)
def _group_numbers(main: re.Pattern) -> tuple[int, ...]:
    """The numbers of the groups read_main reads of each match, in the order
    it unpacks them (``Match.group`` by number, not by name: one dict lookup
    less per group and match)."""
    names = ("pre", "inside", "post", "unit", "denom", "per", "denom2", "per2", "n1", "n2", "scale2")
    return tuple(main.groupindex[n] for n in names)


_PER_MONEY_OF = re.compile(rf"[ ]?(?:[A-Za-z]|{alternation('normalize/per_money_of_words.txt')})")
