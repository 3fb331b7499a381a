"""The unit grammar: written unit -> canonical unit and factor.

Canonical units follow ../shared/spec/EXTRACTION.md (CNY in yuan, m2, m, kg,
W/Wh/m3 with prefix applied, durations unconverted, counts keep their
classifier). Decisions where the contract names no example: ‰ and 千分之X
stay ``‰`` with the value as written (only % and 百分之X are percent); SI
symbols (Wh, kWh/t, km/h) read like their Chinese names; a rate with two
denominators chains them, time last (``CNY/m2/month``).
Traditional market units (斤, 市斤, 两, 担) stay as written, value as
written (``每斤8元`` -> 8 ``CNY/斤``, ``3.6万斤`` -> 36000 ``斤``): the
contract's mass row lists only 克/公斤/吨/万吨 and its last row keeps
"anything else with a unit" as written, the same reading our convention
gives 亩 (not in the area row either); converting 斤 to kg would also turn
the number a reader sees (8 yuan a jin) into another one (16 yuan a kg).
两 is a unit only after Arabic digits (3两), as 两 before a classifier is
the numeral two (两家, 三两家).
Physical factors come from pint (loaded once, in ``load``); the
Chinese spellings and the money/count/percent vocabulary are hand-written
because no library maps them, and live in ``docpipe/data/normalize/units/``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from docpipe.textclasses import is_han
from docpipe.wordlists import load_list, load_table

Kind = Literal["money", "percent", "pp", "times", "count", "physical", "duration", "other"]


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str  # canonical, e.g. "CNY", "m2", "count"
    factor: float  # canonical units per one written unit
    kind: Kind
    classifier: str | None = None


_DIR = "normalize/units/"
CURRENCIES: dict[str, str] = {r["written"]: r["unit"] for r in load_table(_DIR + "currencies.tsv")}
# Classifiers that make a count (the file says which are left out on purpose).
CLASSIFIERS: tuple[str, ...] = load_list(_DIR + "classifiers.txt")

# written -> (pint expression, pint canonical, contract symbol)
PHYSICAL: dict[str, tuple[str, str, str]] = {
    r["written"]: (r["pint"], r["pint_canonical"], r["symbol"]) for r in load_table(_DIR + "physical.tsv")
}
# 方 is too ambiguous on its own (三方 = three parties): only allowed in rates.
_PHYSICAL_ONLY_IN_RATES = frozenset(r["written"] for r in load_table(_DIR + "physical.tsv") if r["only_in_rates"])
# A one-letter symbol glued to a Chinese word names a thing (5g手机, 10t货车):
# it is a unit only before punctuation, a rate's slash, a space, the end, or
# one of these characters.
_ONE_LETTER_OK_BEFORE = "".join(load_list(_DIR + "one_letter_ok_before.txt"))

# Units kept as written (the contract's last row): no canonical conversion.
AS_WRITTEN: tuple[str, ...] = load_list(_DIR + "as_written.txt")
# Traditional mass units, kept as written like 亩 (see the module docstring).
MARKET_UNITS: tuple[str, ...] = load_list(_DIR + "market_units.txt")

DURATIONS: dict[str, str] = {r["written"]: r["unit"] for r in load_table(_DIR + "durations.tsv")}


def _kind(text: str) -> Kind:
    if text not in get_args(Kind):
        raise ValueError(f"docpipe/data/{_DIR}percent.tsv: unknown kind {text!r}")
    return cast(Kind, text)


# Only % (and 百分之X) is percent in the contract; ‰ and per-mille points are
# kept as written (the file's header says why).
PERCENT: dict[str, tuple[str, float, Kind]] = {
    r["written"]: (r["unit"], float(r["factor"]), _kind(r["kind"])) for r in load_table(_DIR + "percent.tsv")
}

# What may follow a one-character unit word without it being a unit at all
# (2.0升级版, 5位于, 3家庭, 名单, 期间 …).
_NOT_UNIT_AFTER: dict[str, str] = {r["unit"]: r["next_chars"] for r in load_table(_DIR + "not_unit_after.tsv")}

DENOMINATORS: dict[str, tuple[str, float]] = {
    r["written"]: (r["unit"], float(r["factor"])) for r in load_table(_DIR + "denominators.tsv")
}


@functools.lru_cache(maxsize=1)
def _pint_factors() -> dict[str, float]:
    """Factors to the canonical SI unit, computed once by pint."""
    import pint

    ureg: Any = pint.UnitRegistry()  # pint's registry is generic over its quantity types
    out = {}
    for written, (expr, canon, _) in PHYSICAL.items():
        f = ureg.Quantity(1, expr).to(canon).magnitude
        out[written] = float(f"{float(f):.12g}")  # drop binary noise (liter -> 0.001)
    return out


@functools.lru_cache(maxsize=1)
def load() -> dict[str, Unit]:
    """All written units -> Unit. Cached: built once per process."""
    factors = _pint_factors()
    table: dict[str, Unit] = {}
    for c in CLASSIFIERS:
        table[c] = Unit(c, "count", 1.0, "count", classifier=c)
    for w, code in CURRENCIES.items():
        table[w] = Unit(w, code, 1.0, "money")
    for w, (_expr, _canon, sym) in PHYSICAL.items():
        if w not in _PHYSICAL_ONLY_IN_RATES:
            table[w] = Unit(w, sym, factors[w], "physical")
    table["亩"] = Unit("亩", "亩", 1.0, "physical")
    for w in MARKET_UNITS:
        table[w] = Unit(w, "斤" if w == "市斤" else w, 1.0, "physical")
    for w, code in DURATIONS.items():
        table[w] = Unit(w, code, 1.0, "duration")
    for w in AS_WRITTEN:
        table[w] = Unit(w, w, 1.0, "other")
    for w, (code, f, kind) in PERCENT.items():
        table[w] = Unit(w, code, f, kind)
    return table


@functools.lru_cache(maxsize=1)
def unit_regex() -> str:
    """Alternation of every written unit, longest first."""
    words = sorted(load(), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def denominator_regex() -> str:
    return "|".join(re.escape(w) for w in sorted(DENOMINATORS, key=len, reverse=True))


def blocked_after(unit_written: str, next_char: str) -> bool:
    """True when the unit word is really the start of another word (升级, 位于)."""
    if not next_char:
        return False
    if len(unit_written) == 1 and unit_written.isascii() and unit_written.isalpha():
        return is_han(next_char) and next_char not in _ONE_LETTER_OK_BEFORE
    last = unit_written[-1]
    return (
        next_char in _NOT_UNIT_AFTER.get(unit_written, _NOT_UNIT_AFTER.get(last, ""))
        if len(unit_written) == 1
        else False
    )


_TIME_DENOMINATORS = {"year", "month", "week", "day", "hour", "minute", "second"}


def rate(unit: Unit, *denoms_written: str) -> tuple[str, float]:
    """Canonical unit and factor of ``unit`` per each of ``denoms_written``:
    万吨/年 -> ('kg/year', …), 元/吨 -> ('CNY/kg', 1/1000), 元/平方米/月 ->
    ('CNY/m2/month', 1). With two denominators the time one goes last, as
    rents and tariffs are written (元/平方米·月), so 每月每平方米 gives the
    same unit; a compound one (吨公里) is per each of its parts (kg/m)."""
    parts = [DENOMINATORS[d] for d in denoms_written]
    parts.sort(key=lambda p: p[0] in _TIME_DENOMINATORS)  # stable: the written order otherwise
    factor = unit.factor
    for _, d_factor in parts:
        factor /= d_factor
    numerator = "count" if unit.kind == "count" else unit.unit
    return "/".join([numerator] + [d_unit for d_unit, _ in parts]), factor
