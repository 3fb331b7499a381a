"""Chinese, Arabic and mixed numerals -> numbers.

Pure functions. ``fold`` makes a same-length shadow of the text (full-width
digits and symbols made half-width) so every regex runs on one alphabet while
offsets stay those of ``clean_text``.

cn2an converts standard Chinese numerals (``两千三百``, ``一百零五``); what it
rejects or reads too loosely is hand-written here: bare scale words (``千``,
``万亿``), stacked scales (``一亿亿``), vague forms (``数千万``, ``十几``), and
Arabic mantissas with scale words computed in Decimal so ``1.6万`` is exactly
16000.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

# --- width folding --------------------------------------------------------

# The full-width comma stays as it is: it is a clause separator far more often
# than a thousands separator (2，3 is a list, not 23); ARABIC accepts it as a
# group separator only in a narrow form.
_FOLD = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if c != 0xFF0C}
_FOLD.update(
    {
        0x3000: " ",
        0x00A0: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x2007: " ",
        0x2008: " ",
        0x200A: " ",
        0x202F: " ",
        0x205F: " ",
        # Every dash and hyphen a range may be written with (1‐6月, 1‑6月:
        # U+2010 hyphen and U+2011 non-breaking hyphen, as word processors
        # and web pages set them) is the ASCII hyphen ranges are read on.
        0x2010: "-",
        0x2011: "-",
        0x2012: "-",
        0x2013: "-",
        0x2014: "-",
        0x2212: "-",
        0xFE63: "-",
        0x301C: "~",
    }
)


def fold(text: str) -> str:
    """Same-length copy of ``text`` with full-width ASCII forms made half-width."""
    return text.translate(_FOLD)


# --- character classes used by the regexes in units.py / stage.py ----------

CN_DIGITS = "零〇一二两三四五六七八九"
CN_SMALL = "十百千"
CN_BIG = "万亿"
CN_SCALES = CN_SMALL + CN_BIG
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
_DIGIT_VALUE.update({"〇": 0, "两": 2})
_SMALL_VALUE = {"十": 10, "百": 100, "千": 1000}
_BIG_VALUE = {"万": 10**4, "亿": 10**8}

# An Arabic mantissa: 1352, 3.83, 1,234.5, 3 376.8 (thousands groups only of
# three, after a lead of one to three digits, separated by an ASCII comma or
# one space; ``fold`` has already made full-width/thin/no-break spaces
# half-width). A group must not run on into more digits, so ``2017 2018`` or
# ``12 3456`` are never one number. A full-width comma groups only when a
# decimal part, a scale word or 元 follows at once (1，352亿元), never in a
# list of small numbers (2，3 or 5，120家).
ARABIC = (
    r"\d{1,3}(?:[, ]\d{3}(?!\d))+(?:\.\d+)?"
    r"|\d{1,3}(?:，\d{3}(?!\d))+(?=\.\d|[ ]?[万亿元])(?:\.\d+)?"
    r"|\d+(?:\.\d+)?"
)
# A Chinese numeral, optionally vague: 两千三百, 数千万, 十几, 几十.
CHINESE = (
    rf"(?:[数几](?=[{CN_SCALES}]))?[{CN_DIGITS}{CN_SCALES}]+"
    rf"(?:点[{CN_DIGITS}]+[{CN_BIG}]?|几[{CN_SCALES}]*)?"
)


class NotANumber(ValueError):
    code = "not_a_number"


@dataclass(frozen=True)
class Number:
    value: float
    vague: bool = False  # 数千万, 十几: the value is a lower bound
    has_scale: bool = False  # written with 万/亿…: money-sized when unitless
    chinese: bool = False  # written in Chinese numerals
    scale: str = ""  # the scale words as written after the mantissa


def _small_section(s: str) -> int:
    """A section below 万: 两千三百, 十三, 一百零五, 千."""
    if not s:
        return 0
    total, num, last_unit = 0, None, 10**9
    for ch in s:
        if ch in _DIGIT_VALUE:
            if num is not None and num != 0 and _DIGIT_VALUE[ch] != 0:
                raise NotANumber(s)  # 三五, 十三五: two digits without a unit between
            num = _DIGIT_VALUE[ch]
        elif ch in _SMALL_VALUE:
            unit = _SMALL_VALUE[ch]
            if unit >= last_unit:
                raise NotANumber(s)  # 十百: units must fall
            total += (num if num else 1) * unit
            num, last_unit = None, unit
        else:
            raise NotANumber(s)
    return total + (num or 0)


def _chinese_int(s: str) -> int:
    """Recursive on the largest scale word, so stacked scales multiply:
    一亿亿 = (一亿)·亿, 三万亿 = (三万)·亿, 一亿二千万 = 一·亿 + 二千万."""
    for big in ("亿", "万"):
        i = s.rfind(big)
        if i >= 0:
            left, right = s[:i], s[i + 1 :]
            left_value = _chinese_int(left) if left else 1
            return left_value * _BIG_VALUE[big] + (_chinese_int(right) if right else 0)
    return _small_section(s)


@functools.lru_cache(maxsize=256)
def scale_factor(scale: str) -> int:
    """十, 万, 千万, 万亿 … as a multiplier (empty -> 1). A handful of scale
    words recur in every text: each is parsed once per process (a text of
    figures read one for every figure, issue #15)."""
    return _chinese_int("一" + scale) if scale else 1


@functools.lru_cache(maxsize=4096)
def parse_chinese(s: str) -> Number:
    """A Chinese numeral's value (cn2an, else the section rules). Numerals
    recur (三, 十, 两千): each is parsed once, up to a bound (cn2an checks and
    preprocesses its input at every call: 17 us, issue #15). Number is frozen."""
    vague = False
    core = s
    if core[:1] in "数几":
        core, vague = "一" + core[1:], True
    if "几" in core:
        core, vague = core.replace("几", ""), True
    if not core or len(core) > 24:
        raise NotANumber(s)
    if "点" in core:  # 零点五, 一点二亿: cn2an reads the decimal, the scale multiplies
        big = core[-1] if core[-1] in CN_BIG else ""
        try:
            decimal = float(cn2an.cn2an(core[:-1] if big else core, "smart"))
        except (ValueError, KeyError, TypeError) as exc:
            raise NotANumber(s) from exc
        return Number(decimal * (_BIG_VALUE[big] if big else 1), has_scale=bool(big), chinese=True)
    has_scale = any(c in CN_BIG for c in core)
    digits_only = all(c in _DIGIT_VALUE for c in core)
    if digits_only and len(core) > 1:
        # 二〇二三: digit by digit (years); anything else (三五) is not a number.
        if not any(c in "〇零" for c in core):
            raise NotANumber(s)
        return Number(float("".join(str(_DIGIT_VALUE[c]) for c in core)), chinese=True)
    value: int | None = None
    if not vague and core[0] not in CN_SCALES and core.count("亿") < 2 and "万亿" not in core:
        try:
            converted = cn2an.cn2an(core, "strict")
            value = int(converted)
        except (ValueError, KeyError, TypeError):
            value = None
    if value is None:
        value = _chinese_int(core)
    return Number(float(value), vague=vague, has_scale=has_scale, chinese=True)


def parse_number(mantissa: str, scale: str = "") -> Number:
    """Parse a numeral as matched: an Arabic mantissa plus scale words
    (``1.6`` + ``万``), or a Chinese numeral (``两千三百万``, ``数十``)."""
    m = mantissa.strip().replace(",", "").replace("，", "").replace(" ", "")
    scale = scale.strip()
    if not m and not scale:
        raise NotANumber(mantissa)
    if m and (m[0].isdigit()):
        try:
            d = Decimal(m)
        except InvalidOperation as exc:
            raise NotANumber(mantissa) from exc
        value = d * scale_factor(scale) if scale else d
        v = float(value)
        return Number(v, has_scale=bool(scale), scale=scale)
    n = parse_chinese(m + scale)
    return Number(n.value, vague=n.vague, has_scale=n.has_scale or bool(scale), chinese=True, scale=scale)


_CN_FRACTION_PART = re.compile(rf"^[{CN_DIGITS}{CN_SCALES}]+$|^\d+(?:\.\d+)?$")


def parse_part(s: str) -> float:
    """One side of a fraction: 三, 百, 10, 0.5."""
    if not _CN_FRACTION_PART.match(s):
        raise NotANumber(s)
    if s[0].isdigit():
        return float(s)
    if s in _SMALL_VALUE or s in _BIG_VALUE:
        return float(scale_factor(s))
    return parse_chinese(s).value


# Two neighbouring digits say "about this or the next": 三四十 (30 to 40),
# 七八个 (7 to 8), 两三百万 (2 to 3 million). Not from 一 (一二期 names phases,
# 一两 is itself the usual form) and never two digits that are not neighbours
# (三五 in 三五成群, 十三五 is a plan).
_PAIR = re.compile(rf"^([二两三四五六七八])([三四五六七八九])([{CN_SCALES}]*)$")
# The characters a pair opens with (_PAIR's first class): a numeral opening
# with another is no pair, without a call (most figures open with a digit).
PAIR_FIRST = frozenset("二两三四五六七八")


def adjacent_pair(s: str) -> tuple[float, float, str] | None:
    """``三四十`` -> (30, 40, "十"); None when ``s`` is not such a pair."""
    m = _PAIR.match(s)
    if not m:
        return None
    a, b = _DIGIT_VALUE[m.group(1)], _DIGIT_VALUE[m.group(2)]
    if b != a + 1:
        return None
    k = scale_factor(m.group(3))
    return float(a * k), float(b * k), m.group(3)
