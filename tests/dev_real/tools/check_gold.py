"""Sanity checks for the hand-made gold files of tests/dev_real.

Checks, per gold file: it parses; its article exists; every metric `text`
occurs in the article; every entity `name` or one of its `aliases` occurs in
the article; every metric has the contract's fields; and, where the text is a
plain number with a scale word and a unit this script understands, the value
agrees with the contract's units (亿元 x1e8 CNY, 万 x1e4, % as written, 公顷
x1e4 m2 ...).  It is a labeller's self-check, not a scorer: it never runs the
pipeline.

Usage: python3 tests/dev_real/tools/check_gold.py [stem ...]
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("text", "value", "value_max", "unit", "classifier", "qualifier", "measure", "subject", "period", "optional")
ENTITY_TYPES = ("region", "park", "organization", "person", "industry", "document")
QUALIFIERS = {"exact", "approx", "gt", "gte", "lt", "lte", "range", None}

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
# unit word -> (canonical unit, factor); longest first when matching
UNIT_WORDS = [
    ("万亿元", "CNY", 1e12),
    ("亿美元", "USD", 1e8),
    ("万美元", "USD", 1e4),
    ("亿元", "CNY", 1e8),
    ("万元", "CNY", 1e4),
    ("美元", "USD", 1),
    ("美金", "USD", 1),
    ("元", "CNY", 1),
    ("平方米", "m2", 1),
    ("平米", "m2", 1),
    ("公顷", "m2", 1e4),
    ("万吨", "kg", 1e7),
    ("吨", "kg", 1e3),
    ("公里", "m", 1e3),
    ("%", "percent", 1),
    ("％", "percent", 1),
    ("个百分点", "percentage_point", 1),
]


def cn_to_number(s: str) -> float | None:
    """Chinese numerals (incl. financial capitals) to a number; None if not one."""
    if not s or any(ch not in CN_DIGITS and ch not in CN_SMALL and ch not in CN_BIG for ch in s):
        return None
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL:
            section += (1 if digit is None else digit) * CN_SMALL[ch]
            digit = None
        elif ch == "亿":  # everything so far is counted in 亿
            total = (total + section + (digit or 0)) * CN_BIG[ch]
            section, digit = 0, None
        else:  # 万 scales only the section since the last 亿
            total += (section + (digit or 0)) * CN_BIG[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


NUM = re.compile(r"(\d[\d,\s]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)")


def expected_value(text: str) -> tuple[float, str] | None:
    """(value, unit) for texts of the shape [qualifier]number[scale]unit[qualifier]."""
    m = NUM.search(text)
    if not m:
        return None
    raw, rest = m.group(1), text[m.end() :]
    if re.match(r"\d", raw):
        raw = raw.replace(",", "").replace(" ", "")
        num = float(raw)
        scale = 1.0
        while rest[:1] in ("万", "亿", "千", "百") and not any(rest.startswith(w) for w, _, _ in UNIT_WORDS):
            scale *= {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}[rest[0]]
            rest = rest[1:]
    else:
        num = cn_to_number(raw)  # scale words are part of the numeral (叁亿 + 元)
        if num is None:
            return None
        scale = 1.0
    rest = rest.lstrip(" 余多")
    for word, unit, factor in UNIT_WORDS:
        if rest.startswith(word):
            return num * scale * factor, unit
    return None


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def check(gold_path: Path) -> list[str]:
    problems: list[str] = []
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [f"does not parse: {exc}"]
    art = ROOT / "articles" / gold.get("article", "")
    if not art.is_file():
        return [f"article {gold.get('article')!r} not found"]
    text = art.read_text(encoding="utf-8")
    if gold_path.name != art.stem + ".gold.json":
        problems.append("gold file name does not match its article")
    for i, m in enumerate(gold["metrics"]):
        missing = [f for f in FIELDS if f not in m]
        if missing:
            problems.append(f"metric {i} lacks {missing}")
            continue
        if m["text"] not in text:
            problems.append(f"metric text not in article: {m['text']!r}")
        if not isinstance(m["value"], (int, float)) or isinstance(m["value"], bool):
            problems.append(f"metric value not a number: {m['text']!r}")
        if m["qualifier"] not in QUALIFIERS:
            problems.append(f"unknown qualifier {m['qualifier']!r}: {m['text']!r}")
        if (m["qualifier"] == "range") != (m["value_max"] is not None):
            problems.append(f"range/value_max mismatch: {m['text']!r}")
        if m["unit"] == "count" and not m["classifier"] and not m["optional"]:
            problems.append(f"count without classifier: {m['text']!r}")
        exp = expected_value(m["text"]) if m["qualifier"] != "range" else None
        if exp and exp[1] == m["unit"] and not close(exp[0], m["value"]):
            problems.append(f"value {m['value']} but text reads {exp[0]:g} {exp[1]}: {m['text']!r}")
        elif exp and exp[1] != m["unit"] and not m["unit"].startswith(exp[1]):
            problems.append(f"unit {m['unit']} but text reads {exp[1]}: {m['text']!r}")
    seen = set()
    for m in gold["metrics"]:
        if m["text"] in seen:
            problems.append(f"metric text listed twice: {m['text']!r}")
        seen.add(m["text"])
    for etype in ENTITY_TYPES:
        for e in gold["entities"].get(etype, []):
            forms = [e["name"], *e.get("aliases", [])]
            if not any(f.replace(" ", "") in text.replace(" ", "") for f in forms):
                problems.append(f"{etype} {e['name']!r}: neither name nor an alias occurs")
    return problems


def main(argv: list[str]) -> int:
    golds = sorted((ROOT / "gold").glob("*.gold.json"))
    if argv:
        golds = [g for g in golds if any(g.name.startswith(a) for a in argv)]
    bad = 0
    for g in golds:
        probs = check(g)
        data = json.loads(g.read_text(encoding="utf-8")) if not probs or "parse" not in probs[0] else None
        n_m = len(data["metrics"]) if data else 0
        n_e = sum(len(v) for v in data["entities"].values()) if data else 0
        print(f"{g.name}: {n_m} metrics, {n_e} entities, {'OK' if not probs else str(len(probs)) + ' problem(s)'}")
        for p in probs:
            print("   ", p)
        bad += bool(probs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
