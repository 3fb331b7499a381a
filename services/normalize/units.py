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
because no library maps them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from docpipe.textclasses import is_han

Kind = Literal["money", "percent", "pp", "times", "count", "physical", "duration", "other"]


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str  # canonical, e.g. "CNY", "m2", "count"
    factor: float  # canonical units per one written unit
    kind: Kind
    classifier: str | None = None


CURRENCIES: dict[str, str] = {
    "元": "CNY",
    "元人民币": "CNY",
    "人民币": "CNY",
    "块钱": "CNY",
    "美元": "USD",
    "美金": "USD",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
    "韩元": "KRW",
    "澳元": "AUD",
    "加元": "CAD",
    "卢布": "RUB",
    "新台币": "TWD",
}

# Classifiers that make a count. Not here on purpose: 大 (三大体系 is a name),
# 省/市/地/方 (三省一市 is a set phrase), 号 (九章三号 is a model), 届 (ordinal-ish).
CLASSIFIERS: tuple[str, ...] = (
    "家",
    "个",
    "项",
    "台",
    "套",
    "件",
    "张",
    "款",
    "名",
    "位",
    "人",
    "座",
    "条",
    "期",
    "场",
    "批",
    "所",
    "只",
    "辆",
    "架",
    "艘",
    "部",
    "篇",
    "本",
    "次",
    "类",
    "种",
    "支",
    "份",
    "户",
    "处",
    "间",
    "栋",
    "幢",
    "株",
    "颗",
    "枚",
    "根",
    "头",
    "匹",
    "块",
    "片",
    "例",
    "首",
    "层",
    "门",
    "轮",
    "起",
    "宗",
    "笔",
    "人次",
    "家次",
    "架次",
    "车次",
    "台套",
    "组",
    "册",
    "棵",
    # shares (1.2亿股), trains (2.5万列), pairs, containers, pages, sections …
    "股",
    "列",
    "双",
    "箱",
    "瓶",
    "袋",
    "页",
    "节",
    "趟",
    "盏",
    "粒",
    "艘次",
    "辆次",
    "户次",
    # Age: 岁 is a classifier in Chinese grammar (35岁以下青年人才 -> count, 岁).
    "岁",
    # orders (60万单), flights and shifts (120班), doses, wells (12口), fish
    # (尾), poultry (羽), and compound "times" classifiers like 人次.
    "单",
    "班",
    "剂",
    "口",
    "尾",
    "羽",
    "班次",
    "航次",
    "剂次",
    "场次",
    "批次",
    "件次",
    "台次",
    "列次",
    "趟次",
    "单次",
)

# written -> (pint expression, pint canonical, contract symbol)
PHYSICAL: dict[str, tuple[str, str, str]] = {
    "平方米": ("m**2", "m**2", "m2"),
    "平米": ("m**2", "m**2", "m2"),
    "㎡": ("m**2", "m**2", "m2"),
    "m2": ("m**2", "m**2", "m2"),
    "m²": ("m**2", "m**2", "m2"),
    "平方公里": ("km**2", "m**2", "m2"),
    "平方千米": ("km**2", "m**2", "m2"),
    "km2": ("km**2", "m**2", "m2"),
    "km²": ("km**2", "m**2", "m2"),
    "公顷": ("hectare", "m**2", "m2"),
    "米": ("m", "m", "m"),
    "公里": ("km", "m", "m"),
    "千米": ("km", "m", "m"),
    "厘米": ("cm", "m", "m"),
    "毫米": ("mm", "m", "m"),
    "km": ("km", "m", "m"),
    "克": ("g", "kg", "kg"),
    "千克": ("kg", "kg", "kg"),
    "公斤": ("kg", "kg", "kg"),
    "吨": ("metric_ton", "kg", "kg"),
    "kg": ("kg", "kg", "kg"),
    "瓦": ("W", "W", "W"),
    "千瓦": ("kW", "W", "W"),
    "兆瓦": ("MW", "W", "W"),
    "吉瓦": ("GW", "W", "W"),
    "kW": ("kW", "W", "W"),
    "MW": ("MW", "W", "W"),
    "GW": ("GW", "W", "W"),
    "千瓦时": ("kWh", "Wh", "Wh"),
    "兆瓦时": ("MWh", "Wh", "Wh"),
    "吉瓦时": ("GWh", "Wh", "Wh"),
    "kWh": ("kWh", "Wh", "Wh"),
    "MWh": ("MWh", "Wh", "Wh"),
    "GWh": ("GWh", "Wh", "Wh"),
    "TWh": ("TWh", "Wh", "Wh"),
    "立方米": ("m**3", "m**3", "m3"),
    "方": ("m**3", "m**3", "m3"),
    "升": ("liter", "m**3", "m3"),
    # SI symbols as written in technical news (400Wh/kg, 10万t, 5万m3, 280Ah):
    # the symbol's prefix applied, the contract's symbol for the base.
    "W": ("W", "W", "W"),
    "TW": ("TW", "W", "W"),
    "Wh": ("Wh", "Wh", "Wh"),
    "m": ("m", "m", "m"),
    "cm": ("cm", "m", "m"),
    "mm": ("mm", "m", "m"),
    "g": ("g", "kg", "kg"),
    "t": ("metric_ton", "kg", "kg"),
    "mg": ("mg", "kg", "kg"),
    "μg": ("microgram", "kg", "kg"),
    "µg": ("microgram", "kg", "kg"),
    "毫克": ("mg", "kg", "kg"),
    "微克": ("microgram", "kg", "kg"),
    "L": ("liter", "m**3", "m3"),
    "m3": ("m**3", "m**3", "m3"),
    "m³": ("m**3", "m**3", "m3"),
    "㎥": ("m**3", "m**3", "m3"),
    "J": ("J", "J", "J"),
    "kJ": ("kJ", "J", "J"),
    "MJ": ("MJ", "J", "J"),
    "GJ": ("GJ", "J", "J"),
    "Ah": ("A*h", "A*h", "Ah"),
    "mAh": ("mA*h", "A*h", "Ah"),
}
# 方 is too ambiguous on its own (三方 = three parties): only allowed in rates.
_PHYSICAL_ONLY_IN_RATES = {"方"}
# A one-letter symbol glued to a Chinese word names a thing (5g手机, 10t货车):
# it is a unit only before punctuation, a rate's slash, a space, the end, or
# one of these (以上, 左右, 上下, 不到, 之内, 的, 及, 和, 至, 到, 或).
_ONE_LETTER_OK_BEFORE = "以左上不之的及和至到或与"

# Units kept as written (the contract's last row): no canonical conversion.
AS_WRITTEN: tuple[str, ...] = ("标箱", "标准箱", "TEU", "℃", "摄氏度", "桶")
# Traditional mass units, kept as written like 亩 (see the module docstring).
MARKET_UNITS: tuple[str, ...] = ("斤", "市斤", "担", "两")

DURATIONS: dict[str, str] = {
    "小时": "hour",
    "个小时": "hour",
    "天": "day",
    "个工作日": "day",
    "个月": "month",
    "年": "year",
    "分钟": "minute",
    "秒": "second",
    "周": "week",
    "个星期": "week",
}

PERCENT: dict[str, tuple[str, float, Kind]] = {
    # Only % (and 百分之X) is percent in the contract; ‰ (and 千分之X) falls
    # under "anything else with a unit": kept as written, value as written.
    "%": ("percent", 1.0, "percent"),
    "‰": ("‰", 1.0, "percent"),
    "个百分点": ("percentage_point", 1.0, "pp"),
    "百分点": ("percentage_point", 1.0, "pp"),
    "倍": ("times", 1.0, "times"),
    # per-mille points: the contract names no unit, so kept as written
    "个千分点": ("千分点", 1.0, "pp"),
    "千分点": ("千分点", 1.0, "pp"),
}

# What may follow a unit word without it being a unit at all:
# 2.0升级版, 5位于, 3家庭, 名单, 期间, 场景, 条件, 批准, 台湾, 人民, 年代 …
_NOT_UNIT_AFTER: dict[str, str] = {
    "升": "级值高降温",
    "位": "于置列居一",
    "家": "庭长乡属",
    "名": "单称义额录字",
    "期": "间限望待货刊末中初满",
    "场": "景所地馆合面",
    "条": "件例款约",
    "批": "准复示",
    "台": "湾阶",
    "人": "民才工口员士群物",
    "年": "级代度底初末中内前后来间份",
    "次": "要数序",
    "天": "然津下地",
    "米": "饭粒",
    "克": "隆服",
    "所": "属有在以谓得",
    "项": "目",
    "件": "事",
    "部": "门署分长",
    "本": "地土科届部市省",
    "份": "额",
    "处": "理于在",
    "间": "接",
    "支": "持出付撑柱",
    "门": "户类槛",
    "起": "来步",
    "头": "部",
    "类": "似型别",
    "种": "子植类",
    "层": "次面级",
    "块": "钱",
    "组": "建织成合团长件队委",
    "册": "封",
    "首": "都先次位批届个家款台套项部座条例轮",
    "周": "边期年转",
    "笔": "者",
    "轮": "值",
    "片": "区",
    "岁": "月末",
    # 股份, 股东, 股权; 列入, 列为; 节能, 节点; 双创, 双碳; 页面; 粒子
    "股": "份东权票本市民价比息派转送",
    "列": "入为举出表明席示",
    "节": "能约点日省奏水假目",
    "双": "创碳循一向边重语倍方",
    "箱": "包体",
    "瓶": "颈装",
    "袋": "鼠",
    "页": "面岩",
    "粒": "子",
    # 单位, 单元, 单独, 单价, 单体; 班子, 班组, 班列, 班车; 剂量, 剂型; 口岸, 口径; 尾款, 尾气; 羽绒
    "单": "位元独一体品价项车身打店调边据证纯选层季线行方子列曲词",
    "班": "子组级车列长机底线轮主会前后制",
    "剂": "量型",
    "口": "之岸径号罩碑味感气腔红述头音语令服袋粮子",
    "尾": "款气矿声货部数随巴端盘号",
    "羽": "绒毛翼",
    # 两岸, 两会, 两用; 担任, 担保, 担当
    "两": "岸会用手者类项个家种次位",
    "担": "任保当心忧负子纲",
}

DENOMINATORS: dict[str, tuple[str, float]] = {
    "年": ("year", 1.0),
    "月": ("month", 1.0),
    "天": ("day", 1.0),
    "日": ("day", 1.0),
    "小时": ("hour", 1.0),
    "时": ("hour", 1.0),
    "秒": ("second", 1.0),
    "分钟": ("minute", 1.0),
    "公斤": ("kg", 1.0),
    "千克": ("kg", 1.0),
    "克": ("kg", 0.001),
    "吨": ("kg", 1000.0),
    "斤": ("斤", 1.0),
    "市斤": ("斤", 1.0),
    "两": ("两", 1.0),
    "担": ("担", 1.0),
    "平方米": ("m2", 1.0),
    "平米": ("m2", 1.0),
    "㎡": ("m2", 1.0),
    "亩": ("亩", 1.0),
    "公顷": ("m2", 10000.0),
    "平方公里": ("m2", 1e6),
    "米": ("m", 1.0),
    "公里": ("m", 1000.0),
    "千米": ("m", 1000.0),
    "立方米": ("m3", 1.0),
    "方": ("m3", 1.0),
    "升": ("m3", 0.001),
    "千瓦时": ("Wh", 1000.0),
    "度": ("Wh", 1000.0),
    "kWh": ("Wh", 1000.0),
    "人": ("person", 1.0),
    "台": ("台", 1.0),
    "辆": ("辆", 1.0),
    "件": ("件", 1.0),
    "瓦": ("W", 1.0),
    "千瓦": ("W", 1000.0),
    "兆瓦": ("W", 1e6),
    # SI symbols (Wh/kg, kWh/t, W/m2, km/h, m/s, t/a: a = per annum)
    # compound: per tonne-kilometre, per passenger-kilometre
    "吨公里": ("kg/m", 1e6),
    "人公里": ("person/m", 1000.0),
    "t·km": ("kg/m", 1e6),
    "kg": ("kg", 1.0),
    "g": ("kg", 0.001),
    "t": ("kg", 1000.0),
    "h": ("hour", 1.0),
    "s": ("second", 1.0),
    "min": ("minute", 1.0),
    "d": ("day", 1.0),
    "a": ("year", 1.0),
    "m2": ("m2", 1.0),
    "m²": ("m2", 1.0),
    "km2": ("m2", 1e6),
    "km²": ("m2", 1e6),
    "m3": ("m3", 1.0),
    "m³": ("m3", 1.0),
    "L": ("m3", 0.001),
    "m": ("m", 1.0),
    "km": ("m", 1000.0),
    "W": ("W", 1.0),
    "kW": ("W", 1000.0),
    "MW": ("W", 1e6),
    "Wh": ("Wh", 1.0),
    "MWh": ("Wh", 1e6),
    "GWh": ("Wh", 1e9),
    "户": ("户", 1.0),
    "股": ("股", 1.0),
    "桶": ("桶", 1.0),
    "标箱": ("标箱", 1.0),
    "单": ("单", 1.0),
    "笔": ("笔", 1.0),
    "次": ("次", 1.0),
    "人次": ("人次", 1.0),
    "套": ("套", 1.0),
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
