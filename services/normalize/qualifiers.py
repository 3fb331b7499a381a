"""Qualifier words around a figure -> the contract's qualifier.

The tables follow ../shared/spec/EXTRACTION.md; words are matched longest
first. Words that only say "exactly" (达, 为, 共, 累计, 实现) are not part of
the figure's text and leave the qualifier ``exact``.
"""
from __future__ import annotations

import re

from docpipe.document import Qualifier

# Immediately before the number; these become part of the metric's text.
BEFORE: dict[str, Qualifier] = {
    "超过": "gt", "超出": "gt", "超": "gt", "逾": "gt", "突破": "gt", "高于": "gt",
    "多于": "gt", "大于": "gt", "过": "gt",
    "近": "approx", "将近": "approx", "接近": "approx", "约": "approx", "大约": "approx",
    "约为": "approx", "大概": "approx", "近乎": "approx", "约合": "approx",
    "不少于": "gte", "至少": "gte", "不低于": "gte", "最少": "gte", "不下于": "gte",
    "不到": "lt", "不足": "lt", "低于": "lt", "未满": "lt", "少于": "lt", "小于": "lt",
    "未达": "lt",
    "不超过": "lte", "最多": "lte", "最高": "lte", "至多": "lte", "不高于": "lte",
    "最高可达": "lte",
}
# 过 alone is a verb far more often than "more than": only before 半/万/亿/千/百.
BEFORE_ONLY_BARE = {"过"}

# After the figure (after its unit); part of the metric's text.
AFTER: dict[str, Qualifier] = {
    "以上": "gte", "及以上": "gte", "以下": "lte", "及以下": "lte", "以内": "lte",
    "之内": "lte", "左右": "approx", "上下": "approx", "不到": "lt", "有余": "gt",
    "多": "gt", "余": "gt", "开外": "gt",
}

# Between the mantissa and the unit: 30余家, 4万多套, 200多公里.
INSIDE: dict[str, Qualifier] = {"多": "gt", "余": "gt", "几": "gt"}


def alternation(words: dict[str, Qualifier]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A qualifier separated from the figure by a share verb: 约占全国1/9, 超过全省的一半.
_DETACHED = re.compile(
    rf"(?:{alternation({k: v for k, v in BEFORE.items() if k not in BEFORE_ONLY_BARE})})"
    r"(?:(?:占|是|为|达|了|有)[^，,。；;：:、\d]{0,8}|(?:全国|全省|全市|全球|全区|总数|总量|同期|同类)的?)$"
)


def detached_before(prefix: str) -> Qualifier | None:
    """Qualifier word ending a short stretch before the figure, e.g. 约占全国."""
    m = _DETACHED.search(prefix[-14:])
    if not m:
        return None
    word = re.match(alternation(BEFORE), m.group()).group()  # type: ignore[union-attr]
    return BEFORE[word]


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
