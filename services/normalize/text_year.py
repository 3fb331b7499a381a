"""The year a text is written in, estimated from the years it reports, for a
text that states no publication date (a wire item cut from its page: a
dateline with a month and day, 今年前三季度, and 2018年 reported as a past
year). Relative years (今年1至5月, 今年上半年) are resolved against it; with
no estimate they give no period (periods.find_times).

The rule: a text that speaks of 今年 is written no earlier than the year
after the latest year it reports whole (2018年，…; 增长到2018年的237亿元;
截至2021年底; 在2017、2018连续两年…), nor earlier than the latest year it
names in part (2019年上半年, 2017年9月, 2018年以来). Targets and forecasts
(到2025年, 预计2020年投产, 2020年前), the baselines of comparisons (比2019年同期,
接近2018年全年水平), years inside 《》 titles and years on
heading lines (2023年工作回顾: often the year in progress) bound nothing; a
year followed by a name (2019年某某论坛) bounds the text's year by itself. Words: normalize/text_year_words.tsv.

Without a 今年 the bound still dates the text's bare parts of a year with no
year named before them (前三季度，全市… in a text that reports 2018年 whole),
but nothing read against the publication itself (``implied_year``): a
figure's period after it, or 目前.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from docpipe.wordlists import group_alternation

_WORDS = "normalize/text_year_words.tsv"
_THIS_YEAR = re.compile(group_alternation(_WORDS, "this_year"))
# a written year: 2018年, or a year listed before another (2017、2018连续两年) or
# ending such a list (the second of 2017、2018)
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?:[ ]?年|(?=[、和][ ]?(?:19|20)\d{2}(?!\d))|(?<=[、和](?:19|20)\d{2}))")
# (预计在2020年, 将于2025年: 在/于 may stand between the word and the year)
_TARGET_BEFORE = re.compile(rf"(?:{group_alternation(_WORDS, 'target_before')})[在于]?[ ]?$")
_TARGET_AFTER = re.compile(rf"[ ]?(?:{group_alternation(_WORDS, 'target_after')})")
# 比2019年同期, 接近2018年全年水平: a comparison's baseline, picked from any past
_BASELINE_BEFORE = re.compile(rf"(?:{group_alternation(_WORDS, 'baseline_before')})[ ]?$")
_PART_AFTER = re.compile(rf"[ ]?(?:{group_alternation(_WORDS, 'part_after')})")
_WHOLE_AFTER = re.compile(rf"[ ]?(?:{group_alternation(_WORDS, 'whole_after')})")
# 截至2021年底: 至 ending 截至/截止 is no target's 至
_UP_TO = re.compile(r"截[至止][ ]?$")
# 从2008年的10亿元增长到2018年的…: a change from a year, in the clause before 到/至
_CHANGE_FROM = re.compile(
    rf"(?:{group_alternation(_WORDS, 'change_from')})[ ]?(?:19|20)\d{{2}}[ ]?年[^，,。；;！!？?\n]{{0,30}}(?:到|至)[ ]?$"
)
# 2016年至2018年, 2016-2018年: a year right before 到/至 or a dash makes the next one a span's end
_SPAN_START = re.compile(r"(?:19|20)\d{2}[ ]?年?度?[ ]?(?:至|到|-|~|－|—)[ ]?$")
_TITLE = re.compile(r"《[^《》\n]{0,80}》")
_BEFORE = 4  # how many characters before a year are read for a target word


_SENTENCE_MARK = re.compile(r"[。！？!?；;]")


def _heading_lines(text: str) -> tuple[list[int], list[bool]]:
    """The start of every line and whether it is a heading (no sentence mark:
    2023年工作回顾, 2024年工作安排 name the year a section speaks of, the year
    in progress as often as a past one), each line read once."""
    starts, headings = [], []
    pos = 0
    for line in text.split("\n"):
        starts.append(pos)
        headings.append(not _SENTENCE_MARK.search(line))
        pos += len(line) + 1
    return starts, headings


def estimated_year(folded: str) -> int | None:
    """The year ``folded`` (a text, full-width digits folded) is written in,
    as the module's rule bounds it; None when the text speaks of no 今年 or
    names no past year. The publication year of a text that states no date:
    every time read against it (目前, a figure after the publication) takes it."""
    if not _THIS_YEAR.search(folded):
        return None
    return implied_year(folded)


def implied_year(folded: str) -> int | None:
    """The year the past years ``folded`` reports bound it to be written in,
    whether or not it speaks of 今年 (None when it names none): the year a
    bare part of a year with no year named before it (前三季度，全市…) is read
    in, on a page that states no date (2018年，全市… reported whole: 2019)."""
    text = _TITLE.sub(lambda t: "　" * len(t.group(0)), folded)
    line_starts, headings = _heading_lines(text)
    lowest: int | None = None
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        if headings[bisect_right(line_starts, m.start()) - 1]:
            continue
        before = text[max(0, m.start() - _BEFORE - 8) : m.start()]
        span_end = bool(_SPAN_START.search(before))
        reach = text[max(0, m.start() - 40) : m.start()]
        past_end = span_end or bool(_UP_TO.search(before)) or bool(_CHANGE_FROM.search(reach))
        if not past_end and _TARGET_BEFORE.search(before[-_BEFORE:]):
            continue
        if _BASELINE_BEFORE.search(before[-_BEFORE:]):
            continue
        named = m.group(0).endswith("年")
        in_part = named and bool(_PART_AFTER.match(text, m.end()))
        if named and not in_part and _TARGET_AFTER.match(text, m.end()):
            continue
        # (a year in a list, 2017、2018连续两年, or ending a past span is reported whole)
        whole = past_end or not named or bool(_WHOLE_AFTER.match(text, m.end()))
        bound = year + 1 if whole and not in_part else year
        lowest = bound if lowest is None else max(lowest, bound)
    return lowest
