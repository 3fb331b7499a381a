"""What looks like a figure but is not a metric (EXTRACTION.md, "Not metrics").

Pure predicates over the folded text around a candidate. Years and dates are
removed earlier by consuming every time expression (periods.find_times);
what remains here: ordinals, numbers glued to Latin letters (5G, G60, TOP50,
700M), numbers inside titles, debris (phone numbers, URLs, codes), a count
of one said as a determiner (一家…企业, 一批), years written with a unit 年;
file names (….pdf), participation widgets (已有0人参与) and ranking tails
(24小时排行), in case the segment stage's cleaning left them.
"""

from __future__ import annotations

import re

from docpipe.textclasses import HAN_CHAR
from docpipe.wordlists import alternation, group_alternation

_WORDS = "normalize/exclusion_words.tsv"


def _words(group: str) -> str:
    return group_alternation(_WORDS, group)


_TITLE = re.compile(r"《[^《》\n]{0,80}》")
# A short quoted term is a name or slogan: “465”现代产业, “三次创业”, “最后一公里”.
_SHORT_QUOTE = re.compile(r"[“\"'‘「][^“”\"'‘’「」\n，,。]{1,10}[”\"'’」]")
_URL = re.compile(r"(?:https?://|www\.)[!-~]+|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_URL_MARKS = ("://", "www.", "@")  # (what each alternative of _URL holds)
# Long digit runs (phone numbers, IDs), with the separators phone numbers use.
_CODE = re.compile(r"(?<![\d.])(?:0\d{2,3}-\d{7,8}|1[3-9]\d{9}|400-?\d{3}-?\d{4})(?![\d.])")
# Page furniture that survived cleaning: 浏览次数:1234次, 阅读 1.2万, 第2页 共5页.
_DEBRIS_LINE = re.compile(
    rf"^[^\n]{{0,20}}(?:{_words('debris_labels')})(?:{_words('debris_count_words')})?[ ]?[:：][^\n]{{0,80}}$"
    r"|第[ ]?\d+[ ]?页|共[ ]?\d+[ ]?页",
    re.MULTILINE,
)
# A line that only announces other articles: everything after it is another
# article's text (a defence in depth; the segment stage normally cuts it).
# The headings compose as in the segment stage's cleaning (相关稿件, 往期精选).
_TAIL = re.compile(
    rf"^[ \t【\[▶►▸·•>]*(?:{_words('tail_headings')}|(?:{_words('tail_heading_leads')})"
    rf"(?:{_words('tail_heading_nouns')})"
    # ranking widgets: 24小时排行, 热门排行, 点击排行榜, 一周热榜
    rf"|(?:(?:24|48|72)小时|{_words('ranking_scopes')})(?:排行榜?|热榜)|排行榜)"
    r"[ \t:：】\]]*$",
    re.MULTILINE,
)
# What every file name holds: a dot, an extension, no letter after it.
_EXTENSION = r"\.(?:pdf|docx?|xlsx?|wps|pptx?|zip|rar|ofd|txt|csv)(?![A-Za-z])"
_FILE_EXTENSION = re.compile(_EXTENSION, re.I)
# A file name (名词解释（共28条）.pdf, 公报.pdf（1.36MB）): its numbers are debris.
_FILE_NAME = re.compile(r"[^\s，,。；;：:、“”《》]{1,60}" + _EXTENSION + r"(?:[（(][^）)\n]{0,20}[）)])?", re.I)
# A participation widget on a line that is no sentence: 已有0人参与, 共128人投票
# (its words are the segment stage's cleaning lists: the same widget).
_WIDGET_LINE = re.compile(
    rf"^[^\n。！？!?，,]{{0,30}}(?:{alternation('cleaning/widget_leads.txt')})[ ]?\d+[ ]?"
    rf"(?:{alternation('cleaning/widget_counted.txt')})[ ]?"
    rf"(?:{alternation('cleaning/widget_actions.txt')})(?!{HAN_CHAR})[^\n。！？!?，,]{{0,30}}$",
    re.MULTILINE,
)
# A ratio (1:3, 1∶1 配套) or a clock time (09:36): no unit, not a metric.
_RATIO = re.compile(r"(?<![\d.])\d+(?:\.\d+)?[:∶]\d+(?:\.\d+)?(?:[:∶]\d+)*(?![\d.])")
# Unquoted political slogans that count principles, not things: 四个意识,
# 两个确保, 三个一批, 四个面向. The heads are the fixed words of such slogans.
_SLOGAN = re.compile(rf"[一两二三四五六七八九十]个(?:{_words('slogan_heads')})")
_GLUE_SYMBOLS = "#_@/\\+×*"


def title_spans(folded: str) -> list[tuple[int, int]]:
    """Titles in 《》: their years name the document, not a figure's period."""
    return [m.span() for m in _TITLE.finditer(folded)]


def blocked_spans(folded: str) -> list[tuple[int, int]]:
    """Spans whose numbers are never metrics: titles in 《》, URLs, e-mail
    addresses and long digit codes (phone numbers)."""
    spans = [m.span() for m in _TITLE.finditer(folded)]
    spans += [m.span() for m in _SHORT_QUOTE.finditer(folded)]
    # (a URL or address, a ratio, is sought only where the text holds the
    # characters each must: a text of figures scanned every digit for them; issue #15)
    if any(mark in folded for mark in _URL_MARKS):
        spans += [m.span() for m in _URL.finditer(folded)]
    spans += [m.span() for m in _CODE.finditer(folded)]
    if ":" in folded or "∶" in folded:
        spans += [m.span() for m in _RATIO.finditer(folded)]
    spans += [m.span() for m in _SLOGAN.finditer(folded)]
    spans += [m.span() for m in _DEBRIS_LINE.finditer(folded)]
    if _FILE_EXTENSION.search(folded):
        # (every file name ends in one: its run of 60 characters before the
        # dot was tried at every position of a text with no blank, a text of
        # figures, at 5 times an article's cost a character; issue #15)
        spans += [m.span() for m in _FILE_NAME.finditer(folded)]
    spans += [m.span() for m in _WIDGET_LINE.finditer(folded)]
    tail = _TAIL.search(folded)
    if tail:
        spans.append((tail.start(), len(folded)))
    return spans


def is_glued_to_name(folded: str, start: int, end: int | None) -> bool:
    """A number touching a Latin letter or an ASCII code symbol is part of a
    name or model (G60, TOP50, M1, 5G, 700M, 5+2, 7×24). ``end`` is where a
    letter would glue on the right (None: do not look right)."""
    before = folded[start - 1] if start > 0 else ""
    after = folded[end] if end is not None and end < len(folded) else ""
    # (a Latin letter: one ASCII character that is a letter, [A-Za-z], tested
    # without the regex engine: this runs for every figure, issue #15)
    if before and ((before.isascii() and before.isalpha()) or before in _GLUE_SYMBOLS):
        return True
    return bool(after) and after.isascii() and after.isalpha()


def is_ordinal(folded: str, start: int, classifier: str | None) -> bool:
    """第二十四届, 排名前10名 (a rank, not a count)."""
    before = folded[max(0, start - 1) : start]
    if before == "第":
        return True
    return before == "前" and classifier in ("名", "位")


def is_phase_name(folded: str, start: int, mantissa: str, classifier: str | None) -> bool:
    """一期/二期/三期 opening a clause name a project phase, not a count."""
    if classifier != "期" or mantissa[:1].isdigit():
        return False
    before = folded[start - 1] if start > 0 else ""
    return not before or before in "，,。；;：:、\n （(“"


def is_determiner_one(mantissa: str, value: float, kind: str, qualified: bool) -> bool:
    """一家当地龙头企业, 一批新药, 一年: Chinese 一 as an article, not a count."""
    return mantissa in ("一", "壹") and value == 1 and kind in ("count", "duration") and not qualified


def is_er_adjective(mantissa: str, kind: str) -> bool:
    """A count of two is said 两家, 两次; a bare 二 before a classifier is an
    adjective or a name (二次开发, 二类, 二期): not a count."""
    return mantissa == "二" and kind == "count"


def is_year(value: float, unit: str, mantissa: str) -> bool:
    """2017年 is a date however it is written (2017 年, 二〇一七年)."""
    if unit != "year":
        return False
    if mantissa.isdigit() and len(mantissa) == 4 and 1000 <= value <= 2200:
        return True
    return len(mantissa) == 4 and any(c in "〇零" for c in mantissa)
