"""Find every figure in a text and normalise it to the contract.

Works on ``fold(text)``, a same-length half-width shadow, so offsets are
those of ``clean_text`` whether or not the segment stage has already folded
full-width digits or removed spaces inside figures (``2017 年``, ``3.83 亿元``).

Order of work:
1. time expressions (periods.find_times) and blocked spans (titles, URLs,
   phone numbers, ratios, slogans) are found first; no figure may overlap them;
2. fractions and shares (``1/9``, ``三分之一``, ``百分之五``, ``一半``) and
   doublings (``翻一番``);
3. the main grammar: [每Y] [qualifier] number [range] [多/余] [unit][/Y] [qualifier],
   where a number may carry thousands separators (``3 376.8``, ``1,352``) or
   be a pair of neighbouring digits (``三四十`` -> a range);
4. figures written without a unit take it from the next figure of an
   enumeration (``2万、3万亿元``) or, for 万/亿 amounts, from a money word
   earlier in the clause (``GDP为1.14万亿``); the rest are dropped;
5. two figures joined by 到/至/- become a range, sharing a rate written
   once (``每平方米60元到80元``); a rate written before the figure with words
   between (``每公斤能多卖1元到2元``) governs it within a short gap;
6. qualifier (also one set apart: ``最高给予1亿元``), period (falling back to
   the later of a heading's period and an established report period, see
   periods.established_periods), measure and subject are attached. All attribution
   is local to the figure (binary searches, bounded reach): linear time.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import cn2an

from docpipe.document import Entity, Metric

from . import exclusions, qualifiers, units
from .attribution import CHANGE_KINDS, CHANGE_WORDS, SubjectIndex, measure_for
from .numbers import (
    ARABIC,
    CHINESE,
    CN_DIGITS,
    CN_SCALES,
    NotANumber,
    Number,
    adjacent_pair,
    fold,
    parse_number,
    parse_part,
    scale_factor,
)
from .periods import carried_period, established_periods, find_times, period_for, report_period, usable_before
from .respective import assign_respective_periods


@dataclass
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
_CHENG_BLOCK = set("为立功本员果绩长交熟型品都就效分份不")
_POST_BLOCK = {"上下": set("游级班文车楼"), "多": set("元样种项个家年"), "余": set("额量粮")}

_MAX_NUMERAL = 24
# Between two figures of one measure: 增加到, 、, 和, 至 (no clause break).
_SAME_MEASURE_GAP = re.compile(r"[^，,。；;！!？?\n：:\d]{0,8}")
_BARE_CHANGE = re.compile(rf"(?:同比|环比)?{CHANGE_WORDS}")
_CHANGE_END = re.compile(rf"{CHANGE_WORDS}$")
_BASELINE_ONLY = re.compile(r"(?:是|为|相当于|等于)(?:(?:19|20)\d{2}[ ]?年|上年|去年|前年)(?:同期)?(?:水平)?的?")
_LIST_GAP = re.compile(r"^[ ]?(?:、|和|与|及|或|以及)[ ]?$")
_MONEY_WORDS = re.compile(
    r"(?:GDP|生产总值|产值|收入|营收|营业额|规模|投资|投入|金额|总额|成交额|销售额|交易额|资产|利润|"
    r"税收|融资|资金|估值|市值|预算|支出|贷款|出口额|进口额|进出口|增加值|经济总量|产出|消费)"
)
# ... unless the clause counts people or things (人口规模1000万, 用户规模3亿).
_NOT_MONEY_WORDS = re.compile(r"人口|人数|用户|人次|户数|粉丝|游客|客流|面积|产量|销量|吨|辆|台")
_CLAUSE_BREAK = re.compile(r"[。；;！!？?\n]")
_CLAUSE_SEP = re.compile(r"[，,。；;！!？?\n：:]")
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发表时间|时间|日期)[:：]?\s*((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})"
)


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
    fraction = re.compile(
        rf"(?:(?P<pre>{before})[ ]?)?"
        # Lookbehinds make each run of digits start one attempt only (no
        # quadratic backtracking on long digit runs).
        rf"(?:(?<![\d.])(?P<a>\d{{1,4}})/(?P<b>\d{{1,4}})(?![\d/.])"
        rf"|(?<![{CN_DIGITS}{CN_SCALES}\d])(?P<den>[{CN_DIGITS}{CN_SCALES}]{{1,6}}|\d{{1,6}})分之(?P<num>[{CN_DIGITS}{CN_SCALES}点]+|\d+(?:\.\d+)?)"
        rf"|(?P<half>一半|半数|过半))"
        rf"(?P<post>{after})?"
    )
    return main, fraction


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


def _clause_prefix(folded: str, start: int) -> str:
    lo = max(0, start - 30)
    cut = lo
    for m in _CLAUSE_SEP.finditer(folded, lo, start):
        cut = m.end()
    return folded[cut:start]


def _fractions(folded: str, blocked: Mask) -> list[Figure]:
    _, fraction = _patterns()
    out: list[Figure] = []
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
        if not pre and not post:
            q = qualifiers.detached_before(_clause_prefix(folded, start)) or q
        out.append(Figure(start, end, value, unit, "percent", qualifier=q))
    return out


# 翻一番 doubles, 翻两番 quadruples: a multiple of 2**n, in 倍 (times).
_DOUBLING = re.compile(r"翻(?:了)?(?P<n>[一两二三四1-4])番")
_DOUBLING_N = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _doublings(folded: str, blocked: Mask) -> list[Figure]:
    out = []
    for m in _DOUBLING.finditer(folded):
        if blocked.hits(m.start(), m.end()):
            continue
        out.append(Figure(m.start(), m.end(), float(2 ** _DOUBLING_N[m.group("n")]), "times", "times"))
    return out


def _split_number(text: str):
    """Parse one numeral as matched; returns (Number, mantissa, scale)."""
    m = _ARABIC_SPLIT.match(text)
    if m:
        return parse_number(m.group(1), m.group(2)), m.group(1), m.group(2)
    n = parse_number(text)
    scale_m = _TRAILING_SCALE.search(text)
    scale = scale_m.group() if scale_m and scale_m.start() > 0 else ""
    return n, text, scale


def _main(folded: str, blocked: Mask) -> list[Figure]:
    main, _ = _patterns()
    table = units.load()
    out: list[Figure] = []
    for m in main.finditer(folded):
        if _overlaps(blocked, m.start("n1"), m.end("n1")):
            continue
        pre, inside, post = m.group("pre"), m.group("inside"), m.group("post")
        unit_w, denom, per = m.group("unit"), m.group("denom"), m.group("per")
        denom2, per2 = m.group("denom2"), m.group("per2")
        start, end = m.start(), m.end()
        n1_text = m.group("n1")
        if len(n1_text) > _MAX_NUMERAL:
            continue  # a digit run this long is a code or debris, not a figure
        pair = adjacent_pair(n1_text)
        try:
            if pair:
                lo, pair_hi, scale1 = pair
                n1, mant1 = Number(lo, chinese=True, scale=scale1), n1_text
            else:
                pair_hi = None
                n1, mant1, scale1 = _split_number(n1_text)
        except NotANumber:
            continue
        if n1.chinese and n1.value == 0:
            continue  # 零部件, 〇
        bare = n1.chinese and not any(c in CN_DIGITS for c in mant1) and mant1[0] in "百千万亿"
        if (
            pre
            and pre in qualifiers.BEFORE_ONLY_BARE
            and (not bare or folded[m.start() - 1 : m.start()] in qualifiers.NOT_QUALIFIER_AFTER.get(pre, ()))
        ):
            pre = None
        if not pre:
            start = m.start("n1")
            if per:
                start = m.start()
        scale2 = m.group("scale2") or ""
        value = n1.value * scale_factor(scale2)
        scale = scale1 + scale2
        # Where the figure ends if the unit turns out not to be one.
        num_end = (
            m.end("scale2") if scale2 else m.end("inside") if inside else m.end("n2") if m.group("n2") else m.end("n1")
        )
        value_max = None
        if m.group("n2"):
            if pair_hi is not None:
                continue  # 三四十到五六十: too vague to read as one range
            try:
                n2, _mant2, scale_b = _split_number(m.group("n2"))
            except NotANumber:
                continue
            v1 = value
            if not scale and scale_b:
                v1 = value * scale_factor(scale_b)
            v2 = n2.value * scale_factor(scale2)
            if not v1 < v2:
                continue
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
            pair_ok = pair_hi is not None and not scale and pair_hi <= 9 and not m.group("n2")
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
            continue
        if not unit_w:
            # Keep as a candidate for a shared or implied unit (resolved later).
            if denom or per:
                continue
            if exclusions.is_glued_to_name(folded, m.start("n1"), num_end):
                continue
            q = "range" if value_max is not None else qualifiers.combine(pre, inside, None, n1.vague)
            out.append(
                Figure(
                    start,
                    num_end,
                    value,
                    None,
                    qualifier=q,
                    value_max=value_max,
                    scale=scale,
                    mantissa=mant1,
                    has_big_scale=any(c in "万亿" for c in scale),
                )
            )
            continue
        if unit_w == "成":
            u = units.Unit("成", "percent", 10.0, "percent")
        else:
            u = table[unit_w]
        unit_name, factor = u.unit, u.factor
        denoms = [d for d in (per, per2, denom, denom2) if d]
        if denoms:
            unit_name, factor = units.rate(u, *denoms)
        # Glue is checked after the unit only for Latin units (120GWh); a Latin
        # letter after a CJK unit (9座GDP万亿城市) glues nothing.
        if exclusions.is_glued_to_name(folded, m.start("n1"), m.end("unit") if unit_w.isascii() else None):
            continue
        if exclusions.is_ordinal(folded, start, u.classifier) or exclusions.is_phase_name(
            folded, start, mant1, u.classifier
        ):
            continue
        qualified = bool(inside or post or value_max is not None)
        if exclusions.is_determiner_one(mant1, n1.value, u.kind, qualified) or exclusions.is_er_adjective(
            mant1, u.kind
        ):
            continue
        if exclusions.is_year(value, u.unit, mant1):
            continue
        if u.kind == "count" and not scale and not float(value).is_integer() and not (denom or per):
            continue  # 0.3个 is no count of things (0.3个千分点 was misread, 1.5万个 is fine)
        q = "range" if value_max is not None else qualifiers.combine(pre, inside, post, n1.vague)
        if q == "exact" and not pre and not post:
            q = qualifiers.detached_before(_clause_prefix(folded, start)) or q
        out.append(
            Figure(
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
                has_big_scale=any(c in "万亿" for c in scale),
                extras={"factor": factor, "base": u.unit, "base_factor": u.factor, "rated": bool(denom or per)},
            )
        )
    return out


_PER_MONEY_OF = re.compile(r"[ ]?(?:[A-Za-z]|产值|增加值|工业增加值|生产总值|营业收入|收入|地区)")
_RANGE_GAP = re.compile(r"^[ ]?(?:-|~|至|到)[ ]?$")


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


def _merge_ranges(figs: list[Figure], folded: str) -> list[Figure]:
    """5%-10%, 3万元至5万元: two figures of one unit joined by a range word."""
    out: list[Figure] = []
    for f in sorted(figs, key=lambda f: f.start):
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
_QUALIFIER_GAP = re.compile(
    r"(?:可|能|将|已|均|约|达|达到|为|共|最高|最多|最少|最低|不少于|不低于|不超过|不高于|至少|超过|近|逾)*"
)


@functools.lru_cache(maxsize=1)
def _per_before() -> re.Pattern:
    denom = units.denominator_regex()
    return re.compile(rf"每(?P<per>{denom})(?:每(?P<per2>{denom}))?")


def _detached_rates(figs: list[Figure], folded: str) -> list[Figure]:
    per_re = _per_before()
    out: list[Figure] = []
    prev_end = 0
    for f in sorted(figs, key=lambda f: f.start):
        lo = max(prev_end, f.start - _PER_GAP - 6)
        prev_end = max(prev_end, f.end)
        if f.kind not in _PER_KINDS or "base" not in f.extras or f.extras.get("rated") or "/" in (f.unit or ""):
            out.append(f)
            continue
        window = folded[lo : f.start]
        cut = max((m.end() for m in _CLAUSE_SEP.finditer(window)), default=0)
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


def _resolve_unitless(figs: list[Figure], folded: str) -> list[Figure]:
    """Give unitless figures the unit of the next figure in an enumeration
    (分别跨越2万、3万亿元) or CNY when a money word precedes (GDP为1.14万亿);
    drop the rest."""
    figs = sorted(figs, key=lambda f: f.start)
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
            if after and ("\u4e00" <= after <= "\u9fff") and after not in "的和与及、":
                continue
            prefix = folded[max(0, f.start - 30) : f.start]
            breaks = list(_CLAUSE_BREAK.finditer(prefix))
            if breaks:
                prefix = prefix[breaks[-1].end() :]
            if _MONEY_WORDS.search(prefix) and not _NOT_MONEY_WORDS.search(_clause_prefix(folded, f.start)):
                figs[i] = replace(f, unit="CNY", kind="money")
    return [f for f in figs if f.unit is not None]


def _bounds(folded: str) -> tuple[list[int], list[int]]:
    """Sentence starts and paragraph starts (sorted offsets)."""
    sentences = [0] + [m.end() for m in re.finditer(r"[。！？!?；;\n]+", folded)]
    paragraphs = [0] + [m.end() for m in re.finditer(r"\n+", folded)]
    return sentences, paragraphs


_TITLE_MAX = 40
# Lines that are page furniture, not headings, though short and dated.
_NOT_HEADING = re.compile(
    r"来源|作者|编辑|发布|时间|日期|责任|浏览|阅读|点击|分享|转载|相关|推荐|上一篇|下一篇|[:：|，,]"
)
# A heading's time that can govern the paragraphs under it: a year or a part
# of one, not a day or a month (a dateline is not a heading).
_HEADING_KINDS = ("report", "yfull", "plan", "ypart", "year", "rel", "part", "span")


def _heading_periods(folded: str, times) -> tuple[list[int], list[str]]:
    """Short lines without a sentence end (the headline, section headings such
    as 2024年上半年经营情况) that state a period: it holds for later figures
    that state none in their sentence or paragraph, as in a statistics
    bulletin or a company report. The first line is taken as the headline
    whatever its time; later lines only for a year or part of a year.
    Returns line starts and their periods, in text order."""
    starts: list[int] = []
    periods: list[str] = []
    j = 0
    pos = 0
    n = len(folded)
    while pos < n and j < len(times):
        nl = folded.find("\n", pos)
        end = n if nl < 0 else nl
        while j < len(times) and times[j].start < pos:
            j += 1
        line = folded[pos:end]
        if (
            0 < len(line.strip()) <= _TITLE_MAX
            and not re.search(r"[。！？!?；;]", line)
            and (pos == 0 or not _NOT_HEADING.search(line))
        ):
            k = j
            while k < len(times) and times[k].start < end:
                t = times[k]
                if t.period and not t.baseline and (pos == 0 or t.kind in _HEADING_KINDS):
                    starts.append(pos)
                    periods.append(t.period)
                    break
                k += 1
        pos = end + 1
    return starts, periods


def _paragraph_has_time(times_starts: list[int], p_start: int, p_end: int) -> bool:
    i = bisect_right(times_starts, p_start - 1)
    return i < len(times_starts) and times_starts[i] < p_end


def published_year(text: str, published_at: str | None) -> int | None:
    if published_at and published_at[:4].isdigit():
        return int(published_at[:4])
    # Fallback while the segment stage cannot tell: a dateline near the top.
    m = _PUBLISHED.search(fold(text[:600]))
    return int(m.group(1)) if m else None


def extract(text: str, published_at: str | None = None, entities: list[Entity] | None = None) -> list[Metric]:
    if not text:
        return []
    folded = fold(text)
    year = published_year(text, published_at)
    month = int(published_at[5:7]) if year and published_at and published_at[5:7].isdigit() else None
    times = find_times(folded, year, month)
    time_spans = [(t.start, t.end) for t in times]
    titles = Mask(len(folded), exclusions.title_spans(folded))
    # Times inside 《》 titles govern no figure, except a year's plan (《2023年
    # 重大项目计划》), whose year the figures after it hold for.
    period_times = [t for t in times if not titles.hits(t.start, t.end) or t.kind == "yplan"]
    blocked = Mask(len(folded), exclusions.blocked_spans(folded) + time_spans)
    fractions = _fractions(folded, blocked)
    fractions += _doublings(folded, blocked)
    for f in fractions:
        blocked.add(f.start, f.end)
    figs = _detached_rates(_merge_ranges(_resolve_unitless(fractions + _main(folded, blocked), folded), folded), folded)
    sent_starts, para_starts = _bounds(folded)
    head_starts, head_periods = _heading_periods(folded, period_times)
    # The period of the report the article is about (发布2024年半年度报告):
    # for figures in paragraphs that name no time at all (分业务看，…).
    article_report = report_period(period_times)
    # The report period established before a figure (2024年年度报告, 2024年全年)
    # holds for later figures that name no time, until another is set.
    est_ends, est_periods = established_periods(period_times, folded)
    time_starts = [t.start for t in period_times]
    usable = usable_before(period_times)
    subjects = SubjectIndex(entities or [], folded)
    # A baseline (比上年同期提高) is part of what is measured; other times are not.
    measure_cuts = [(t.start, t.end) for t in times if not t.baseline]
    baselines = [(t.start, t.end) for t in times if t.baseline]
    cut_ends = [b for _, b in measure_cuts]
    baseline_ends = [b for _, b in baselines]
    metrics: list[Metric] = []
    for f in figs:
        si = bisect_right(sent_starts, f.start) - 1
        s_start = sent_starts[si]
        s_end = sent_starts[si + 1] if si + 1 < len(sent_starts) else len(folded)
        pi = bisect_right(para_starts, f.start) - 1
        p_start = para_starts[pi]
        value = _clean_float(f.value)
        measure = measure_for(
            text,
            f.start,
            f.end,
            f.kind or "",
            _window(measure_cuts, cut_ends, f.start),
            subjects.spans_before(f.start, f.start - 40),
            _window(baselines, baseline_ends, f.start),
        )
        if (
            measure is None
            and metrics
            and _SAME_MEASURE_GAP.fullmatch(folded, metrics[-1].end, f.start)
            and f.unit == metrics[-1].unit
        ):
            # 从3.83亿元增加到141.27亿元, 分别为120、150亿元: the figure before says what is measured.
            measure = metrics[-1].measure
        elif (
            measure
            and _BASELINE_ONLY.fullmatch(measure)
            and metrics
            and metrics[-1].measure
            and metrics[-1].start >= s_start
        ):
            # 产量达到45万辆，是2020年的3倍多: the multiple is of the figure before.
            measure = metrics[-1].measure
        elif (
            measure
            and f.kind in CHANGE_KINDS
            and _BARE_CHANGE.fullmatch(measure)
            and metrics
            and metrics[-1].measure
            and metrics[-1].start >= s_start
            and not _CHANGE_END.search(metrics[-1].measure)
        ):
            # 地区生产总值9302.5亿元，同比增长5.8%: the change is of the figure before.
            measure = metrics[-1].measure + measure
        period = period_for(period_times, f.start, (s_start, s_end), p_start, folded, time_starts, usable)
        if period is None:
            h = bisect_right(head_starts, f.start) - 1
            e = bisect_right(est_ends, f.start) - 1
            if e >= 0 and (h < 0 or head_starts[h] < est_ends[e]):
                # the establishing report comes after the heading: it is the time set last
                period = est_periods[e]
            elif h >= 0:
                period = head_periods[h]
            elif article_report:
                p_end = para_starts[pi + 1] if pi + 1 < len(para_starts) else len(folded)
                if not _paragraph_has_time(time_starts, p_start, p_end):
                    period = article_report
            if period is None:
                period = carried_period(period_times, f.start, s_start, folded, time_starts, usable)
        metrics.append(
            Metric(
                text=text[f.start : f.end],
                start=f.start,
                end=f.end,
                value=value,
                value_max=_clean_float(f.value_max) if f.value_max is not None else None,
                unit=f.unit or "",
                classifier=f.classifier,
                qualifier=f.qualifier,  # type: ignore[arg-type]
                measure=measure,
                subject=subjects.subject(f.start, s_start, p_start),
                period=period,
            )
        )
    return assign_respective_periods(metrics, period_times, folded, sent_starts)


_MEASURE_REACH = 40  # how far back measure_for looks (attribution.measure_for)


def _window(spans: list[tuple[int, int]], ends: list[int], start: int) -> list[tuple[int, int]]:
    """The spans (in text order) that end within the reach before ``start``:
    a binary search, so each figure costs the same however long the text."""
    lo = bisect_right(ends, start - _MEASURE_REACH - 1)
    hi = bisect_right(ends, start)
    return spans[lo:hi]


def _clean_float(v: float) -> float:
    """Drop binary noise from scaling (1.46亿 -> 146000000, not 145999999.99…)."""
    r = float(f"{v:.12g}")
    return int(r) if r.is_integer() and abs(r) < 2**63 else r
