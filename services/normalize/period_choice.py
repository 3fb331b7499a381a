"""Which time expression (periods.find_times) a figure holds for: the
nearest in its sentence, clause or paragraph (``period_for``), and the period
a year-on-year change with no time of its own carries on (``carried_period``).
Each walk is local to the figure (binary searches over the times' starts).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from docpipe.document import Metric
from docpipe.wordlists import alternation, group_alternation

from .periods import CHANGE_START, TimeExpr

# Words before a figure that make it the start or the end of a change over an interval.
_FROM = re.compile(r"从[^，,。；;]{0,12}$")
_TO = re.compile(rf"(?:{alternation('normalize/change_to_verbs.txt')})?(?:到|至)[^，,。；;]{{0,6}}$")


# 由54.9%提高到58.8%: 由 starts a change only when a verb and 到/至 follow the figure in its clause
# (由政府投资12亿元 does not).
_FROM_YOU = re.compile(r"由[^，,。；;]{0,12}$")
_CHANGE_TO_VERBS = (
    f"{alternation('normalize/change_to_verbs.txt')}|{alternation('normalize/change_to_short_verbs.txt')}"
)
_FROM_YOU_BEFORE = re.compile(rf"由[^，,。；;]{{0,24}}(?:{_CHANGE_TO_VERBS})(?:到|至)")
_TO_AFTER = re.compile(rf"[^，,。；;\n]{{0,16}}?(?:{_CHANGE_TO_VERBS})(?:到|至)")

_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")
_CLAUSE_OPENERS = "，,。；;！!？?\n：:"

# How far after a figure its clause is looked for, and how far back a
# 从…增加到 pattern: bounds the work per figure on run-on text.
_REACH = 200
_CHANGE_REACH = 60


# 成立于1998年5月, 2004年上市 (normalize/founding_words.txt): the time of the event that dates a body.
_FOUNDING = alternation("normalize/founding_words.txt")
_FOUNDING_BEFORE = re.compile(rf"(?:{_FOUNDING})[于在]?[ ]?$")
_FOUNDING_AFTER = re.compile(rf"(?:\d{{1,2}}[ ]?[日号])?[ ]?(?:正式)?(?:{_FOUNDING})")


def _deadline(t: TimeExpr, folded: str) -> bool:
    """Whether ``t`` is a day written as a deadline (4月15日前)."""
    return t.kind in ("md", "date") and folded.startswith("前", t.end)


def founding_time(t: TimeExpr, folded: str) -> bool:
    """Whether ``t`` is the time of a body's founding or listing (成立于1998年5月,
    2004年上市), which holds for that event only."""
    return bool(_FOUNDING_BEFORE.search(folded, max(0, t.start - 4), t.start) or _FOUNDING_AFTER.match(folded, t.end))


# 2016年福州第一次土地公开出让, 2020年郑州市第二批重大项目: a year naming an
# event by its rank in that year (a place may stand between).
_EVENT_RANK = re.compile(r"[^\d，,。；;：:！!？?\n《》“”]{0,6}?第[一二三四五六七八九十\d]{1,3}[次批届期轮]")


def ranks_an_event(t: TimeExpr, folded: str) -> bool:
    """Whether the year ``t`` names an event by its rank in the year: it
    dates that event, not the figures a later sentence gives (昨日 or 24日
    before it does)."""
    return bool(_EVENT_RANK.match(folded, t.end))


def usable_before(times: Sequence[TimeExpr]) -> list[int]:
    """For each index j, the last index k <= j whose time can govern a figure
    (not a baseline, with a period), or -1: ``period_for`` walks back over
    these only, so a sentence of baselines (较2020年增长5%，较2020年…) costs
    each figure a step, not one per time before it (issue #15)."""
    out: list[int] = []
    last = -1
    for k, t in enumerate(times):
        if t.period and not t.baseline:
            last = k
        out.append(last)
    return out


# 由去年同期的1.86%提高至2.67%, 低于2021年同期18.07倍: the figure right after
# a year's 同期 is that year's value for the same part of the year.
_SAME_PERIOD = re.compile(r"[ ]?同期的?[ ]?")
_PART_OF_YEAR = re.compile(r"(\d{4})-(\d\d)/\1-(\d\d)")


def same_period_value(times: list[TimeExpr], start: int, s_start: int, folded: str, i: int) -> str | None:
    """The period of a figure written right after ``<year>同期`` (``i`` is the
    number of times starting before the figure): the part of the year the
    sentence spoke of before (上半年 -> 2011-01/2011-06), in that year; None
    when the sentence names no part of a year before it."""
    if i < 1:
        return None
    t = times[i - 1]
    if t.start < s_start or not t.period or len(t.period) != 4 or not _SAME_PERIOD.fullmatch(folded, t.end, start):
        return None
    for j in range(i - 2, -1, -1):
        u = times[j]
        if u.start < s_start:
            break
        m = _PART_OF_YEAR.fullmatch(u.period or "")
        if m and not u.baseline:
            return f"{t.period}-{m.group(2)}/{t.period}-{m.group(3)}"
    return None


# Spans that run to now (2013年以来) or from now (在未来两年内): a duration a
# verb of their own clause holds over, not a later clause's period.
_SPAN_TO_NOW = ("since", "msince", "congress", "ahead")
# A day opening a sentence (4月8日上午，…) dates an event, not the period of figures.
_DAYS = ("date", "md", "day", "dspan", "relday")


def _opening_time_before(times: list[TimeExpr], usable: list[int], j: int, s_start: int, folded: str) -> int | None:
    """The index of the last usable time before ``times[j]`` in its sentence
    that opens a clause (2017年，…), or None."""
    k = usable[j - 1] if j else -1
    while k >= 0 and times[k].start >= s_start:
        t = times[k]
        if (t.start == s_start or folded[t.start - 1] in _CLAUSE_OPENERS) and t.kind not in _DAYS:
            return k
        k = usable[k - 1] if k else -1
    return None


# 以来最大, 以来首次 (normalize/record_words.txt): a span to now measuring a record
_RECORD_AFTER = re.compile(alternation("normalize/record_words.txt"))


def _record_span(t: TimeExpr, folded: str) -> bool:
    """Whether ``t`` is a span to now inside its clause, not opening it, that a
    record word follows (创下2022年5月以来最大单日跌幅, 为该指数自2021年8月以来最大
    单月跌幅): it measures a record against the past, and dates no figure of a
    later sentence."""
    if t.kind not in ("since", "msince") or t.start == 0 or not _RECORD_AFTER.match(folded, t.end):
        return False
    before = t.start - 1 if folded[t.start - 1] in "自从" else t.start
    return before > 0 and folded[before - 1] not in _CLAUSE_OPENERS


def _end_of_change(t: TimeExpr, folded: str, start: int) -> str | None:
    """The period of an interval ``t`` for the figure at ``start``: its start
    for a figure after 从, its end for one after 从…增加到, else the whole."""
    if t.first and t.last:
        between = folded[max(t.end, start - _CHANGE_REACH) : start]
        if _TO.search(between) and ("从" in between or _FROM_YOU_BEFORE.search(between)):
            return t.last
        if _FROM.search(between) or (
            _FROM_YOU.search(between) and _TO_AFTER.match(folded, start, min(len(folded), start + _REACH))
        ):
            return t.first
    return t.period


def period_for(
    times: list[TimeExpr],
    start: int,
    sentence: tuple[int, int],
    paragraph_start: int,
    folded: str,
    starts: list[int] | None = None,
    usable: list[int] | None = None,
    carry_from: int | None = None,
) -> str | None:
    """The period a figure at ``start`` holds for: the nearest time expression
    before it in its sentence, else one after it in its clause, else the
    nearest earlier one in its paragraph. For an interval (1997-2017年), a
    figure after 从 takes the start and one after 增加到 the end.

    ``times`` are in text order (and do not overlap); ``starts`` (their
    start offsets, for a binary search) and ``usable`` (``usable_before``)
    may be given by a caller that asks for many figures. Baselines (较2021年)
    are skipped.

    ``carry_from`` (under a heading that states a year, 一、2022年工作回顾:
    the end of the paragraph's first sentence): a part of a year (1-11月)
    set at or after it is its own sentence's and carries to no later one
    (…推进机制，1-11月，677个项目…。争取专项债券项目32个: the heading's
    year); one in the paragraph's first sentence (1-11月，全市…) still does. The walk is local to the figure, so a text with many
    figures costs linear time."""
    if not times:
        return None  # (every answer below is a time's period: a text with none has none to give)
    s_start, s_end = sentence
    if starts is None:
        starts = [t.start for t in times]
    if usable is None:
        usable = usable_before(times)
    i = bisect_right(starts, start)
    same = same_period_value(times, start, s_start, folded, i)
    if same:
        return same
    j = usable[i - 1] if i else -1
    while j >= 0:  # before, in the sentence
        t = times[j]
        if t.start < s_start:
            break
        if t.end > start:
            j = usable[j - 1] if j else -1
            continue
        # 由2020年的32.7%提高至33.3%: the start's year is not the target's.
        if (
            folded.startswith("的", t.end)
            and CHANGE_START.search(folded, max(0, t.start - 2), t.start)
            and _TO.search(folded, max(t.end, start - _CHANGE_REACH), start)
        ):
            j = usable[j - 1] if j else -1
            continue
        # 摆脱了2023年的波动后恢复增长，…收入处于3.5-4亿元: a year modifying a noun
        # inside an earlier clause (not opening it) is not a later clause's time;
        # so is one naming an event by its rank in the year (举办2025年第一次签约活动，签约34个项目).
        if (
            t.kind == "year"
            and (folded.startswith("的", t.end) or ranks_an_event(t, folded))
            and t.start > s_start
            and folded[t.start - 1] not in _CLAUSE_OPENERS
            and _CLAUSE_END.search(folded, t.end, start)
        ):
            j = usable[j - 1] if j else -1
            continue
        # 2017年，…，自2013年以来持续排名全国末位，仅为上海的75.7%: a span to now
        # (or a horizon, 在未来两年内) inside an earlier clause, not opening it,
        # belongs to that clause's verb; when the sentence opened with a time of
        # its own (a clause-opening adverbial, not a dateline's day), that one
        # governs the later clauses. A horizon still governs the value a change
        # reaches (在未来两年内将员工增加5.3万名，从目前的1.7万人增至7万人).
        opening = (
            _opening_time_before(times, usable, j, s_start, folded)
            if t.kind in _SPAN_TO_NOW
            and t.start > s_start
            and folded[t.start - 1] not in _CLAUSE_OPENERS
            and _CLAUSE_END.search(folded, t.end, start)
            and not (t.kind == "ahead" and _TO.search(folded, max(t.end, start - _CHANGE_REACH), start))
            else None
        )
        if opening is not None:
            j = opening
            continue
        # 该公司成立于1998年5月，注册资金为12.8亿元: a founding's time is its clause's only;
        # so is a deadline (推动188个项目4月15日前全部具备开复工条件，全年完成投资450亿元)
        if (founding_time(t, folded) or _deadline(t, folded)) and _CLAUSE_END.search(folded, t.end, start):
            j = usable[j - 1] if j else -1
            continue
        return _end_of_change(t, folded, start)
    reach = min(s_end, start + _REACH)
    # (the clause's end is sought only when a time starts within the reach: a
    # text of figures with no time paid for it at every figure; issue #15)
    clause_end = _CLAUSE_END.search(folded, start, reach) if i < len(times) and times[i].start < reach else None
    c_end = clause_end.start() if clause_end else reach
    for j in range(i, len(times)):  # after, in the clause
        t = times[j]
        if t.start >= c_end:
            break
        if _deadline(t, folded):
            continue  # 推动188个项目4月15日前全部具备条件: a deadline, not the figure's time
        if start < t.start and t.end <= c_end and t.period and not t.baseline:
            return t.period
    j = usable[i - 1] if i else -1
    while j >= 0:  # earlier in the paragraph
        t = times[j]
        if t.start < paragraph_start:
            break
        if (
            t.end <= s_start
            and not (carry_from is not None and t.start >= carry_from and _PART_OF_YEAR.fullmatch(t.period or ""))
            and not founding_time(t, folded)
            and not (t.kind == "year" and ranks_an_event(t, folded))
            and not _record_span(t, folded)
        ):
            # (五年来，经济实力跃上新台阶。国内生产总值从54万亿元增加到82.7万亿元: the
            # interval's ends, as in its own sentence)
            return _end_of_change(t, folded, start)
        j = usable[j - 1] if j else -1
    return None


# A year-on-year change (同比增长56.3%) always holds for some period.
_YOY = re.compile(alternation("normalize/year_on_year_words.txt"))
_YOY_REACH = 12
# ... and so does a change whose verb stands right before it (增长56.3%: a
# report's breakdown by sector, under the period its first line set).
_CHANGE_BEFORE = re.compile(
    rf"(?:{alternation('normalize/change_words.txt')})(?:{alternation('normalize/change_glue_words.txt')})?$"
)
# Times that speak of a moment or a span to now, not a reporting period.
_NOT_CARRIED = ("date", "since", "congress", "span", "plan", "md", "relday")


def carried_period(
    times: list[TimeExpr], start: int, sentence_start: int, folded: str, starts: list[int], usable: list[int]
) -> str | None:
    """The period a year-on-year change with no time of its own, in its
    paragraph, under a heading or an established report, holds for (or a
    change whose verb is written right before it): the one the text last spoke of (a report on 上半年 lists its breakdowns in later
    paragraphs without repeating it). None for other figures."""
    i = bisect_right(starts, start)
    j = usable[i - 1] if i else -1
    if j < 0:
        return None  # (no time before the figure to carry: the words before it are not read)
    lo = max(sentence_start, start - _YOY_REACH)
    if not _YOY.search(folded, lo, start) and not _CHANGE_BEFORE.search(folded, lo, start):
        return None
    while j >= 0:
        t = times[j]
        if t.end <= start and t.kind not in _NOT_CARRIED:
            return t.period
        j = usable[j - 1] if j else -1
    return None


# 从2020年3000吨降至2024年1589吨，降幅47%: the size of a change after a
# change from one year to another holds for the interval between them.
_LAST_CLAUSE_MARK = re.compile(r"(?s:.*)[，,。；;！!？?\n]")
_CHANGE_SIZE = re.compile(
    rf"(?:{alternation('normalize/change_size_words.txt')})(?:{alternation('normalize/change_glue_words.txt')})?$"
)
_YEAR = re.compile(r"\d{4}")


def change_interval(
    times: list[TimeExpr], start: int, sentence_start: int, folded: str, starts: list[int]
) -> str | None:
    """``first/last`` when the figure at ``start`` is the size of a change
    (降幅47%) written after 从<year>…到/至<year>… in its sentence, with no
    time between the second year and the figure; else None."""
    i = bisect_right(starts, start)
    if i < 2:
        return None  # (two times before the figure or no interval: the words before it are not read)
    if not _CHANGE_SIZE.search(folded, max(sentence_start, start - 8), start):
        return None
    lo = max(sentence_start, start - _REACH)
    # (the last clause mark in one match, not a search of the reach for each
    # mark: 0 when there is none, as the searches gave)
    last_mark = _LAST_CLAUSE_MARK.match(folded, lo, start)
    c_start = last_mark.end() if last_mark else 0
    a, b = times[i - 2], times[i - 1]
    if a.start < sentence_start or b.end > c_start or a.baseline or b.baseline:
        return None
    if not (a.period and b.period and _YEAR.fullmatch(a.period) and _YEAR.fullmatch(b.period) and a.period < b.period):
        return None
    if not CHANGE_START.search(folded, max(0, a.start - 2), a.start):
        return None
    if not _TO.search(folded, max(a.end, b.start - 8), b.start):
        return None
    return f"{a.period}/{b.period}"


# 较上年同期的967.7亿美元: the value a year before (normalize/last_year_same_period.txt).
_YEAR_BEFORE = re.compile(rf"(?:{alternation('normalize/last_year_same_period.txt')})$")
_A_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_YEAR_BEFORE_REACH = 8


def year_before_value(folded: str, start: int, prev_period: str | None) -> str | None:
    """The period of a figure written right after 上年同期(的), the figure
    before it in its sentence having ``prev_period``: that period a year
    earlier (2024 -> 2023, 2024-01/2024-09 -> 2023-01/2023-09); None
    when the words are not there or the figure before has no period."""
    if not prev_period or not _YEAR_BEFORE.search(folded, max(0, start - _YEAR_BEFORE_REACH), start):
        return None
    return _A_YEAR.sub(lambda m: str(int(m.group(1)) - 1), prev_period)


# 目前, 当前, 如今 (normalize/now_words.txt): the text speaks of now.
NOW = re.compile(alternation("normalize/now_words.txt"))


def now_period(
    now_starts: list[int], start: int, paragraph_start: int, published: tuple[int | None, int | None]
) -> str | None:
    """The publication's month (``published``: its year and month) for a
    figure that has no time of its own, when its paragraph says before it
    that it speaks of now (目前南宁铁路局管内已拥有7条高铁线路；每天有近400趟
    列车…: both hold at the publication). ``now_starts`` are where the text's
    now words start (``NOW``, found once). With a year of publication but no
    month (a text that states no date, its year estimated: text_year), the
    year. None without a publication year."""
    year, month = published
    if not year:
        return None
    i = bisect_right(now_starts, start - 1) - 1
    if i < 0 or now_starts[i] < paragraph_start:
        return None
    return f"{year}-{month:02d}" if month else str(year)


# 已, 目前 (normalize/done_words.tsv): the sentence reports the figure as done or holding now.
_DONE_ASPECT = re.compile(group_alternation("normalize/done_words.tsv", "aspect"))
_DONE = re.compile(
    f"{group_alternation('normalize/done_words.tsv', 'aspect')}|{group_alternation('normalize/done_words.tsv', 'now')}"
)
_FIRST_YEAR = re.compile(r"\d{4}")


def done_after_publication(
    period: str | None,
    published_year: int | None,
    times: list[TimeExpr],
    starts: list[int],
    start: int,
    sentence: tuple[int, int],
    folded: str,
) -> bool:
    """Whether ``period`` is wrong for the figure at ``start`` because it lies
    after the publication (its first year later than ``published_year``) while
    its sentence, before it, reports the figure as done or holding now
    (目前公司已进入7家车企的供应链 after 预计2026年投产): a figure reported as done
    cannot be later than its publication, so the period was carried from a
    plan or forecast it does not belong to. A time written in the figure's own
    sentence (已于2026年建成3座) is its own and is never refused, nor is the value
    a change reaches (从目前的1.7万人增至7万人: a target)."""
    if not period or published_year is None:
        return False
    first = _FIRST_YEAR.match(period)
    if first is None or int(first.group()) <= published_year:
        return False
    s_start, s_end = sentence
    lo = max(s_start, start - _REACH)
    # (the value a change reaches is done only when the verb is: 已由…提高到)
    done = _DONE_ASPECT if _TO.search(folded, max(lo, start - _CHANGE_REACH), start) else _DONE
    if not done.search(folded, lo, start):
        return False
    i = bisect_right(starts, s_start - 1)
    while i < len(times) and times[i].start < s_end:
        if times[i].period == period:
            return False  # written in the figure's own sentence
        i += 1
    return True


# 总产值145.25亿元，同比增长10.1%: a value and the change written right after
# it (its clause's next words, no time between) hold for one period.
_VALUE_THEN_CHANGE = re.compile(
    rf"[ ]?[，,][ ]?(?:{alternation('normalize/year_on_year_words.txt')})?"
    rf"(?:{alternation('normalize/change_words.txt')})(?:{alternation('normalize/change_glue_words.txt')})?[ ]?"
)

_LISTED = re.compile(r"[ ]?[、和及与][ ]?")


def value_before_change(metrics: list[Metric], folded: str) -> list[Metric]:
    """A figure with no period followed, after a comma, by the change it
    underwent (全市农林牧渔业总产值145.25亿元，同比增长10.1%; 城镇消费品零售额
    11.35亿元，增长17.0%) takes that change's period: the change, which always
    holds for some period, was given the one the text last spoke of
    (carried_period), and the value is measured over the same one. So does
    each earlier figure listed with it (分别达到18687元、5634元，增长7.8%、9.2%),
    and each change listed after a change's first figure (增长7.8%、9.2%)
    takes that one's period."""
    out = metrics
    for i in range(len(metrics) - 2, -1, -1):
        m, n = out[i], out[i + 1]
        if m.period is not None or n.period is None:
            continue
        if _VALUE_THEN_CHANGE.fullmatch(folded, m.end, n.start) or (
            n is not metrics[i + 1] and _LISTED.fullmatch(folded, m.end, n.start) and m.unit == n.unit
        ):
            if out is metrics:
                out = list(metrics)
            out[i] = m.model_copy(update={"period": n.period})
    # 增长7.8%、9.2%: the changes listed after one verb share the first one's period.
    for i in range(1, len(out)):
        m, n = out[i - 1], out[i]
        if (
            n.period is None
            and m.period is not None
            and m.unit == n.unit
            and _LISTED.fullmatch(folded, m.end, n.start)
            and (m is not metrics[i - 1] or _CHANGE_BEFORE.search(folded, max(0, m.start - _YOY_REACH), m.start))
        ):
            if out is metrics:
                out = list(metrics)
            out[i] = n.model_copy(update={"period": m.period})
    return out
