"""Qualifier words around a figure -> the contract's qualifier.

The tables follow ../shared/spec/EXTRACTION.md; words are matched longest
first. Words that only say "exactly" (达, 为, 共, 累计, 实现) are not part of
the figure's text and leave the qualifier ``exact``.
"""

from __future__ import annotations

import re

from docpipe.document import Qualifier
from docpipe.wordlists import group_alternation

_WORDS = "normalize/qualifier_words.tsv"


def _words(group: str) -> str:
    return group_alternation(_WORDS, group)


# Immediately before the number; these become part of the metric's text.
BEFORE: dict[str, Qualifier] = {
    "超过": "gt",
    "超出": "gt",
    "超": "gt",
    "逾": "gt",
    "突破": "gt",
    "高于": "gt",
    "多于": "gt",
    "大于": "gt",
    "过": "gt",
    "近": "approx",
    "将近": "approx",
    "接近": "approx",
    "约": "approx",
    "大约": "approx",
    "约为": "approx",
    "大概": "approx",
    "近乎": "approx",
    "约合": "approx",
    "差不多": "approx",
    "大致": "approx",
    "约莫": "approx",
    "估计": "approx",
    "不少于": "gte",
    "至少": "gte",
    "不低于": "gte",
    "最少": "gte",
    "不下于": "gte",
    "不到": "lt",
    "不足": "lt",
    "低于": "lt",
    "未满": "lt",
    "少于": "lt",
    "小于": "lt",
    "未达": "lt",
    "不超过": "lte",
    "最多": "lte",
    "最高": "lte",
    "至多": "lte",
    "不高于": "lte",
    "最高可达": "lte",
    "上": "approx",
}
# 过 alone is a verb far more often than "more than", and 上 a preposition or
# direction: both qualify only a bare scale word (过万, 上百家, 上千亿元).
BEFORE_ONLY_BARE = {"过", "上"}
# ... and 上 after a verb of reaching is that verb's complement: 迈上千亿元台阶
# is a (plain) 千亿元, not "some thousand".
# Nor is 上 the end of a word before the figure: 线上千人大会, 网上千余家, 马上, 世上.
NOT_QUALIFIER_AFTER = {"上": set("迈登跃走攀站冲踏升爬赶追跟线网马晚早楼路会台世史向往以之其地天身面海镇乡街岸")}

# After the figure (after its unit); part of the metric's text.
AFTER: dict[str, Qualifier] = {
    "以上": "gte",
    "及以上": "gte",
    "以下": "lte",
    "及以下": "lte",
    "以内": "lte",
    "之内": "lte",
    "左右": "approx",
    "上下": "approx",
    "不到": "lt",
    "有余": "gt",
    "多": "gt",
    "余": "gt",
    "开外": "gt",
}

# Between the mantissa and the unit: 30余家, 4万多套, 200多公里.
INSIDE: dict[str, Qualifier] = {"多": "gt", "余": "gt", "几": "gt"}


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

# Bound words that keep their meaning across a short verb or noun phrase:
# 最高可获得50%, 最高给予1亿元, 不低于装机容量10%, 至少需要3家. Only words
# that cannot be a comparison of two figures: 高于/超过 + phrase + figure is
# usually a difference (高于全国平均1.2个百分点), and single characters
# (超, 近, 约) start too many other words (超算, 近年) to reach that far.
BOUND_WORDS: dict[str, Qualifier] = {
    "最高": "lte",
    "最多": "lte",
    "至多": "lte",
    "不超过": "lte",
    "不高于": "lte",
    "最少": "gte",
    "至少": "gte",
    "不低于": "gte",
    "不少于": "gte",
    "不下于": "gte",
}
_BOUND_GAP = 8
_BOUND = re.compile(
    rf"(?:{alternation(BOUND_WORDS)})(?P<gap>[^，,。；;：:、！!？?\n\d%]{{1,{_BOUND_GAP}}}"
    # a longer noun phrase when it ends in 的 before a share: 不低于…最低价标准的70%
    rf"|[^，,。；;：:、！!？?\n\d%]{{1,{2 * _BOUND_GAP}}}的)$"
)
# Where 最高 etc. begin a noun, not a bound: 最高峰, 最高人民法院, 最高水平.
# ... and 最多的/最高的 is a superlative (企业最多的城市有500家), not a bound.
_NOT_BOUND_GAP = re.compile(rf"^(?:{_words('not_bound_starts')}|奖(?!励|补)|{_words('not_bound_starts_more')})")


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
