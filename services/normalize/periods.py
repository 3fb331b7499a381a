"""Time expressions -> contract periods, and which period a figure holds for.

``find_times`` reads every time expression of a text (on the folded shadow,
so offsets are those of ``clean_text``; the pattern is time_grammar.TIME);
``period_choice.period_for`` picks the one that governs a figure. Relative
times (今年, 去年7月) resolve against the publication date; with no
publication date they give no period.
Hand-written: the Chinese period vocabulary (季度, 十三五, 以来) has no
library that keeps offsets; JioNLP's parser was not used (heavy, and it
breaks on ASCII commas before years, see issue 4).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta

from docpipe.line_index import LineIndex
from docpipe.wordlists import alternation, group_alternation

from .time_grammar import (
    CN_MONTH,
    CONGRESSES,
    FIRST_N_QUARTERS,
    HOLIDAY_WORDS,
    HOLIDAYS,
    KINDS,
    MONTH_SINCE,
    PLANS,
    QUARTERS,
    RELATIVE,
    RELATIVE_DAYS,
    TIME,
)

# The outer alternative (kind) a match of TIME took, by the last group it
# closed (Match.lastindex): every group of an alternative is numbered after
# that alternative's own group and before the next one's. A table built once,
# not a walk over KINDS for every time expression (a text of dates: issue #15).
_KIND_STARTS = sorted((TIME.groupindex[k], k) for k in KINDS)
_KIND_OF_GROUP = [""] + [[k for i, k in _KIND_STARTS if i <= g][-1] for g in range(1, TIME.groups + 1)]

# 较2021年增长6.3倍: the year is the baseline of a comparison, not the period
# (较“十三五”末期下降: a plan's name may stand in quotes).
_BASELINE = re.compile(rf"(?:{alternation('normalize/baseline_words.txt')})[ ]?[“\"]?$")
# 比“十三五”末的2020年增长32.4%: a time restating the baseline named right before it
_RESTATES_BEFORE = re.compile(r"[ ]?的[ ]?")
# 是2020年的3倍多, 为上年的85%, 相当于2019年同期的三分之一: the year is what
# the figure is a multiple or share of, not its period.
CHANGE_START = re.compile(r"(?:由|从)[ ]?$")
_BASELINE_AFTER = re.compile(
    r"(?:同期)?(?:水平)?的[ ]?(?:[\d.]+|[一二两三四五六七八九十百千]+)[ ]?(?:多|余)?(?:倍|%|成)"
    # 仅次于2023年1月的41%降幅: a size of change named after it is the year's own
    rf"(?![ ]?的?(?:{alternation('normalize/change_size_words.txt')}))"
    r"|(?:同期)?(?:水平)?的[ ]?(?:[\d]+|[一二两三四五六七八九十百]+)分之"
)


# 《汾河流域生态景观规划（2020—2035年）》: a span of years closing a plan's title
# (normalize/plan_title_words.txt) is the plan's term.
_TITLE_CLOSE = re.compile(r"[ ]?[)）]?[ ]?》")
_PLAN_TITLE = re.compile(rf"《[^《》\n]{{0,60}}?(?:{alternation('normalize/plan_title_words.txt')})[^《》\n]{{0,4}}$")
_PLAN_TITLE_REACH = 70


def _closes_plan_title(folded: str, start: int, end: int) -> bool:
    """Whether the span of years at ``start``-``end`` closes a plan's title."""
    return bool(_TITLE_CLOSE.match(folded, end)) and bool(
        _PLAN_TITLE.search(folded, max(0, start - _PLAN_TITLE_REACH), start)
    )


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    period: str | None  # contract form: 2023, 2023-02, 1997/2017, 2021-01/2021-09
    first: str | None = None  # for intervals, the start (figure after 从)
    last: str | None = None  # for intervals, the end (figure after 到)
    baseline: bool = False  # 较2021年, 相比2018年: what a change is measured against
    kind: str = ""  # which alternative of TIME matched (report, year, …)


def _cn_year(s: str) -> int:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits["零"] = 0
    return int("".join(str(digits[c]) for c in s))


def _month_num(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    return CN_MONTH.get(s)


def _part(year: int | None, g: dict, prefix: str) -> str | None:
    if year is None:
        return None
    firstq, q, half = g.get(prefix + "firstq"), g.get(prefix + "q") or g.get(prefix + "qn"), g.get(prefix + "half")
    firstm = g.get(prefix + "firstm") or g.get(prefix + "upto")
    if firstm:
        a, b = 1, _month_num(firstm.replace("两", "二")) or 0
        if not 1 <= b <= 12:
            return None
    elif firstq:
        a, b = 1, FIRST_N_QUARTERS[firstq[1]]
    elif q:
        a, b = QUARTERS[q]
    elif half:
        a, b = (1, 6) if half[0] == "上" else (7, 12)
    else:
        a, b = int(g[prefix + "m1"]), int(g[prefix + "m2"])
        if not (1 <= a <= b <= 12):
            return None
    return f"{year}-{a:02d}/{year}-{b:02d}"


# A year named more than this many years before the publication, inside a
# clause (迪拜商业交易所在2007年推出的原油期货, 历史同期高点2018年的230万辆),
# is history: a bare month later in a story published in 2018 or 2025 is one
# of the publication's year. A year opening its clause (2009年，全市…) still
# sets the year of the months after it.
_PAST_REACH = 1
_CLAUSE_OPENERS = "。；;！!？?\n，,：:"


def _opens_clause(folded: str, year: int | None, end: int) -> bool:
    """Whether the year expression ending at ``end`` opens its clause (or is
    no written year: 今年, 去年)."""
    i = folded.rfind(str(year), 0, end) if year is not None else -1
    return i <= 0 or folded[i - 1] in _CLAUSE_OPENERS


def _anchor(
    last_year: int | None,
    published_year: int | None,
    opens: bool = True,
    when: tuple[int, int] | None = None,
    published: tuple[int | None, int | None] = (None, None),
    days_ahead: int | None = None,
) -> int | None:
    """The year a bare month or quarter (1-10月, 三季度) belongs to: the last
    year named before it, unless that year is a target after publication
    (到2027年 … 1-10月 reports this year's months). With no such year, the
    publication's year, or the year before when the month and day ``when``
    would fall after the publication date (a story of February that reports
    12月 reports last December), unless it falls at most ``days_ahead`` days
    after it (a day a story announces: 将于8月19日, 从8月28日起)."""
    if last_year is not None and (
        published_year is None
        or published_year - _PAST_REACH <= last_year <= published_year
        or (opens and last_year <= published_year)
    ):
        return last_year
    if published_year is not None and when is not None and published[0] and when > (published[0], published[1] or 31):
        if days_ahead is not None and _days_after(published_year, when, published) <= days_ahead:
            return published_year  # 宇树科技将于8月19日上市, published 8月18日: a day just ahead
        return published_year - 1
    return published_year


def _days_after(year: int, when: tuple[int, int], published: tuple[int | None, int | None]) -> int:
    """How many days the month and day ``when`` of ``year`` fall after the
    publication's (``published``: its month and day, in ``year``)."""
    pub_month, pub_day = published
    try:
        return (date(year, *when) - date(year, pub_month or 1, pub_day or 1)).days
    except ValueError:  # (2月30日: no such day)
        return 1 << 30


# A day with no year written at most this many days after the publication's
# is this year's (an event a story announces), not last year's: past days
# the news reports without their year are of the weeks before it.
_DAYS_AHEAD = 45

# 截至7月底, 截止6月30日: a stock up to a month of its own
_UP_TO = re.compile(r"(?:截至|截止)[ ]?$")


def _up_to_now(folded: str, start: int, last_year_end: int) -> bool:
    """Whether the bare month at ``start`` is written after 截至 with no year
    written before it in its sentence (今年以来…2014年度新开工项目…。截至7月底，已下达
    560亿元, published 2015-08): a stock up to the latest such month, which
    the publication date gives, not a year an earlier sentence named."""
    return bool(_UP_TO.search(folded, max(0, start - 3), start)) and bool(
        _SENTENCE_END.search(folded, last_year_end, start)
    )


_AFTER_COMMA = re.compile(r"[ ]?[，,][ ]?")

# 今天（3月16日）: an opening bracket right after a relative day (folded: ASCII)
_RESTATING_BRACKET = re.compile(r"[ ]?\([ ]?")


def _restating(before: TimeExpr, start: int, folded: str) -> bool:
    """Whether a month and day at ``start`` stand in a bracket right after the
    time ``before``, a relative day (今天, 昨日) that resolved to a day: they restate it."""
    if before.kind != "relday" or not before.period or len(before.period) != 10:
        return False
    return bool(_RESTATING_BRACKET.fullmatch(folded, before.end, start))


def _month_since(
    folded: str, end: int, y: int, mo: int, published_year: int | None, published_month: int | None
) -> str | None:
    """7月以来, 去年10月启动以来 (the month ending at ``end``, of year ``y``): the
    months from it to the publication's, as 2019年7月以来 reads; None when no
    以来 follows or the month is not before the publication."""
    if not published_year or not published_month or not MONTH_SINCE.match(folded, end):
        return None
    if (y, mo) >= (published_year, published_month):
        return None
    return f"{y}-{mo:02d}/{published_year}-{published_month:02d}"


def restates_relative_day(before: TimeExpr, t: TimeExpr, folded: str) -> bool:
    """Whether ``t`` is the month and day in brackets after the relative day
    ``before`` (今天（1月8日）): one day written twice."""
    return t.kind == "md" and _restating(before, t.start, folded)


def _compared_past_year(folded: str, m: re.Match[str], g: dict[str, str | None], offset: int) -> bool:
    """Whether the relative year at ``m`` is a bare past year (去年, 前年: no
    month, part, end or since of its own) inside its clause, not opening it
    (延续去年强势增长特征, 比去年多): a year the clause speaks of, not one the
    text turns to."""
    bare = not any(g.get(k) for k in ("relpart", "relm", "relend", "relsince"))
    return offset < 0 and bare and m.start() > 0 and folded[m.start() - 1] not in _CLAUSE_OPENERS


class _LineMarks(LineIndex):
    """The lines of a text and whether each holds a sentence mark, each line
    read once (a year per line would otherwise scan its whole line again:
    quadratic on a long line of years)."""

    def __init__(self, folded: str) -> None:
        super().__init__(folded)
        self.marks: dict[int, bool] = {}

    def line(self, pos: int) -> tuple[int, int, bool]:
        """(start, end, holds a sentence mark) of the line at ``pos``."""
        start, end = self.bounds(pos)
        mark = self.marks.get(start)
        if mark is None:
            mark = self.marks[start] = bool(_SENTENCE_MARK.search(self.text, start, end))
        return start, end, mark


def _year_scope(lines: _LineMarks, start: int, kind: str) -> int:
    """Where a year written at ``start`` stops setting the year of bare months:
    the end of its paragraph (1月 in a later paragraph is the publication's),
    or never (-1) for a heading (a line with no sentence mark: 2023年工作回顾)
    and for a year's plan or its whole year (2023年重大项目计划, 2024年全年). A
    company report's year (披露2024年年度报告, a title's 2024年度业绩出炉) is the
    year accounted for, not the year its later dates fall in (截至3月26日收盘
    is the publication's): it governs its own paragraph only."""
    if kind in ("yplan", "yfull"):
        return -1
    _, line_end, mark = lines.line(start)
    if kind == "report" or mark:
        return line_end
    return -1


_SENTENCE_MARK = re.compile(r"[。！？!?；;]")

# 2026年广东省政府工作报告: a year, a short place name, a work report's name (normalize/work_report_titles.txt)
_WORK_REPORT = re.compile(rf"[^，,。；;、\n《》“”\d]{{0,12}}?(?:{alternation('normalize/work_report_titles.txt')})")


# 2014年和2015年分别实现…, 2013年、2014年与2015年: a time joined to the time
# right before it by 和/与 is listed with it, not a baseline (与2014年相比 is,
# and so is 2015年与2014年相比: a comparison word after it).
_JOIN = re.compile(r"[ ]?[”\"]?[ ]?[和与及][ ]?[“\"]?$")
_COMPARED_AFTER = re.compile(rf"[^，,。；;\n]{{0,6}}?(?:{alternation('normalize/compared_after_words.txt')})")


def _coordinated(out: list[TimeExpr], folded: str, start: int, end: int) -> bool:
    """Whether the time at ``start`` is joined by 和/与 to the time ending right before it."""
    if not out or start - out[-1].end > 5:  # (“十三五”和“十四五”: quotes on either side)
        return False
    join = _JOIN.search(folded, out[-1].end, start)
    return join is not None and join.start() == out[-1].end and not _COMPARED_AFTER.match(folded, end)


_PART_OF_YEAR = re.compile(r"(\d{4})-(\d\d)/\1-(\d\d)")

# 与今年1月国内航空煤油出厂价下降至4800元左右有关: after 与/和 a time is a
# baseline only when a comparison word follows it in its clause (与2014年相比).
_JOINED_BEFORE = re.compile(r"[与和][ ]?[“\"]?$")
_COMPARED_LATER = re.compile(rf"[^，,。；;\n]{{0,14}}?(?:{alternation('normalize/compared_after_words.txt')}|同期)")


def _joined_not_compared(folded: str, start: int, end: int) -> bool:
    """Whether the time at ``start``-``end`` follows 与/和 with no comparison
    word after it in its clause: a time the clause speaks of, not a baseline."""
    return bool(_JOINED_BEFORE.search(folded, max(0, start - 2), start)) and not _COMPARED_LATER.match(folded, end)


def _same_part(out: list[TimeExpr], y: int) -> str | None:
    """The part of year ``y`` that the last part of a year named (not a
    baseline) covers: 2019年同期 after 2020年第三季度 -> 2019-07/2019-09."""
    for t in reversed(out):
        m = _PART_OF_YEAR.fullmatch(t.period or "")
        if m and not t.baseline:
            return f"{y}-{m.group(2)}/{y}-{m.group(3)}"
    return None


# The kinds of time that name one day (2024年11月24日, 11月5日, 24日, 昨日).
_DAY_KINDS = ("date", "md", "day", "relday", "thatday")
# Times naming one month, for 当月 (thatmonth).
_MONTH_KINDS = ("month", "mo", "relmo", "thatmonth")
_A_MONTH = re.compile(r"\d{4}-\d{2}")
_EVERY_MONTH = re.compile(group_alternation("normalize/time_words.tsv", "every_month"))
# (the last mark before a position: a name of its own, for the module's _SENTENCE_MARK above is read by
# _LineMarks at call time and must stay the line's own test)
_LAST_SENTENCE_MARK = re.compile(r"(?s:.*)[。！!？?；;\n]")
_FOUNDED_BEFORE = re.compile(rf"(?:{alternation('normalize/founding_words.txt')})[于在]?[ ]?$")


def _sentence_start(folded: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after the last sentence mark within 120 characters before it)."""
    lo = max(0, pos - 120)
    last = _LAST_SENTENCE_MARK.match(folded, lo, pos)
    return last.end() if last else lo


def _period_end(out: list[TimeExpr]) -> str | None:
    """期末: the last month of the part of a year last named (not a baseline), or
    that year itself for a whole year (the year-end convention of ``_year_end``);
    None when the time before names neither."""
    for t in reversed(out):
        if t.baseline or not t.period:
            continue
        m = _PART_OF_YEAR.fullmatch(t.period)
        if m:
            return t.period.split("/")[1]
        return t.period if re.fullmatch(r"\d{4}", t.period) else None
    return None


def _ymd(y: int, mo: int, d: int) -> str | None:
    """YYYY-MM-DD, or None for a day that month does not have."""
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def _last_week(published_year: int | None, published_month: int | None, published_day: int | None) -> str | None:
    """上周: Monday to Sunday of the week before the publication's week."""
    if published_year is None or not published_month or not published_day:
        return None
    try:
        pub = date(published_year, published_month, published_day)
    except ValueError:
        return None
    monday = pub - timedelta(days=pub.weekday() + 7)
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


# A day with no year at most this many days before the publication (or
# _DAYS_AHEAD after it), in a later paragraph than the year named last, is
# the publication year's (see _recent_day).
_RECENT_DAYS = 45


def _recent_day(
    folded: str,
    y: int | None,
    when: tuple[int, int],
    published_year: int | None,
    published: tuple[int | None, int | None],
    last_year_end: int,
    start: int,
) -> bool:
    """Whether a month and day (``when``) _anchor gave a year other than the
    publication's is rather the publication's: the year came from an earlier
    paragraph (a report or a story told before), and the day in the
    publication's year falls within _RECENT_DAYS before it or _DAYS_AHEAD
    after it (news reports the days around it)."""
    if y is None or published_year is None or y == published_year or not published[0]:
        return False
    if "\n" not in folded[last_year_end:start]:
        return False
    ahead = _days_after(published_year, when, published)
    return -_RECENT_DAYS <= ahead <= _DAYS_AHEAD


def _holiday(
    holiday: str,
    last_year: int | None,
    published_year: int | None,
    opens: bool,
    published: tuple[int | None, int | None],
) -> tuple[str, str] | None:
    """A holiday's first and last day off (normalize/holidays.tsv) in the year
    _anchor gives; a year the table lacks has none, but the National Day
    holiday, 1-7 October in every year the table does not name."""
    days = HOLIDAYS.get((published_year, holiday)) if published_year is not None else None
    # a New Year holiday may begin in the December before: it falls on 1 January
    when = (1, 1) if days is None or days[0][:4] != str(published_year) else (int(days[0][5:7]), int(days[0][8:10]))
    if days is None and holiday == "national_day":
        when = (10, 1)
    y = _anchor(last_year, published_year, opens, when, published, _DAYS_AHEAD)
    if y is None:
        return None
    got = HOLIDAYS.get((y, holiday))
    if got is None and holiday == "national_day":
        got = (f"{y}-10-01", f"{y}-10-07")
    return got


# A publication in the first half of a year that looks back N years (a work
# report in March: 过去五年) reviews the N whole years before it; one in the
# second half counts its own year among them.
_LOOKS_BACK_UNTIL = 6


def _past_years(n_text: str, published_year: int | None, published_month: int | None) -> tuple[str | None, ...]:
    """五年来, 过去五年 -> (period, first, last): the N years ending the year
    before the publication's (from the first half of a year) or the
    publication's own; ``first`` is the year before them, the level a change
    over them starts from (五年来，国内生产总值从54万亿元增加到82.7万亿元: 54 is of
    the year before the five). None without a publication month."""
    if published_year is None or not published_month:
        return None, None, None
    n = int(n_text) if n_text.isdigit() else CN_MONTH.get(n_text.replace("两", "二"), 0)
    if not 1 <= n <= 10:
        return None, None, None
    end = published_year - 1 if published_month <= _LOOKS_BACK_UNTIL else published_year
    if n == 1:
        return str(end), None, None
    return f"{end - n + 1}/{end}", str(end - n), str(end)


def _relative_day(
    published_year: int | None, published_month: int | None, published_day: int | None, offset: int
) -> str | None:
    """今日, 昨日: the publication's day moved by ``offset`` days; None without a publication day."""
    if published_year is None or not published_month or not published_day:
        return None
    try:
        return (date(published_year, published_month, published_day) + timedelta(days=offset)).isoformat()
    except ValueError:
        return None


def _day_span(y: int | None, g: dict) -> tuple[str, str, str] | None:
    """1月29日至2月4日 -> (period, first, last); a second month before the
    first is of the next year (12月28日至1月3日)."""
    if y is None:
        return None
    m1, d1, d2 = int(g["ds_m1"]), int(g["ds_d1"]), int(g["ds_d2"])
    m2 = int(g["ds_m2"]) if g.get("ds_m2") else m1
    y2 = y + 1 if m2 < m1 else y
    try:
        a, b = date(y, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None
    if b <= a:
        return None
    return f"{a.isoformat()}/{b.isoformat()}", a.isoformat(), b.isoformat()


def find_times(
    folded: str,
    published_year: int | None,
    published_month: int | None = None,
    published_day: int | None = None,
    part_year: int | None = None,
) -> list[TimeExpr]:
    """Every time expression in the (folded) text, in order. A relative year
    (今年, 去年) binds the months or quarter right after it (今年1-2月), and
    sets the year that later bare months (3月) take. ``part_year``: with no
    publication year, the year bare months, days, day spans and parts of a
    year with no year named before them take (text_year.implied_year); spans
    to the publication (2018年以来), relative years, holidays and bare report
    names (半年报, 年底前) still take none."""
    # the year bare months and parts fall back to (the publication's, else part_year)
    bare_year = published_year if published_year is not None else part_year
    out: list[TimeExpr] = []
    last_year: int | None = None
    last_year_end = 0
    y: int | None  # the year of the expression at hand; None where nothing anchors it
    mo: int | None  # its month, where it names one
    # A relative year (去年, 今年) sets the year of bare months only within its
    # paragraph: ``延续了去年以来的态势`` in an opening paragraph says nothing
    # of the ``一季度`` a later paragraph reports (the publication's year does).
    relative_para_end = -1
    # the year, month and end of the last day named (7月20日 … 22日)
    last_ym: tuple[int, int, int] | None = None
    # where the year written last stops governing bare months (_year_scope),
    # and the year of the heading above it, which governs again after that
    year_scope_end = -1
    heading_year: tuple[int | None, int] = (None, 0)
    pub = (published_month, published_day)
    lines = _LineMarks(folded)
    for m in TIME.finditer(folded):
        if relative_para_end >= 0 and m.start() > relative_para_end:
            last_year, relative_para_end = None, -1
        if year_scope_end >= 0 and m.start() > year_scope_end:
            (last_year, last_year_end), year_scope_end = heading_year, -1
        year_before = (last_year, last_year_end, year_scope_end, heading_year)
        g = m.groupdict()
        # The outer alternative that matched (lastgroup would name an inner group).
        kind = _KIND_OF_GROUP[m.lastindex or 0]
        text = m.group()
        period = first = last = None
        if kind == "report":
            y = int(re.match(r"\d{4}", text).group())  # type: ignore[union-attr]
            if g.get("rp_half"):
                period = f"{y}-01/{y}-06"
            elif g.get("rp_q"):  # 三季报 reports the first three quarters
                b = FIRST_N_QUARTERS[g["rp_q"]]
                period = f"{y}-01/{y}-{b:02d}"
            else:
                period = str(y)
            last_year = y
            last_year_end = m.end()
        elif kind == "barereport":
            y = last_year if last_year is not None else published_year
            if y is not None:
                if g.get("brp_half"):
                    period = f"{y}-01/{y}-06"
                else:
                    period = f"{y}-01/{y}-{FIRST_N_QUARTERS[g['brp_q']]:02d}"
        elif kind == "rperiod":
            pass  # filled in below, from the article's report
        elif kind in ("yplan", "yfull"):
            y = int(re.match(r"\d{4}", text).group())  # type: ignore[union-attr]
            period = str(y)
            last_year, last_year_end = y, m.end()
        elif kind == "fullyear":
            # the year named earlier in the same sentence (今年…全年), else
            # the established report year (filled in below)
            if last_year is not None and not _SENTENCE_END.search(folded, last_year_end, m.start()):
                period = str(last_year)
        elif kind == "bareend":
            y = last_year if last_year is not None else published_year
            period = str(y) if y is not None else None  # 年底前: the year (see _year_end)
        elif kind == "span":
            ys = re.findall(r"(?:19|20)\d{2}", text)
            a = int(ys[0])
            # 2015-17年: the second year keeps the first's century
            b = a // 100 * 100 + int(g["sp_yy"]) if g.get("sp_yy") else int(ys[1])
            if a < b:
                period, first, last = f"{a}/{b}", str(a), str(b)
                last_year = b
                last_year_end = m.end()
        elif kind == "since":
            a = int(re.search(r"(?:19|20)\d{2}", text).group())  # type: ignore[union-attr]
            period = f"{a}/{published_year}" if published_year else f"{a}/"
            first, last = str(a), (str(published_year) if published_year else None)
            if a == published_year and published_month:
                # 2021年以来 (年初至今) written in 2021: this year's months, as 今年以来
                period = f"{a}-01/{a}-{published_month:02d}"
                first, last = f"{a}-01", f"{a}-{published_month:02d}"
        elif kind == "congress":
            # 党的十八大以来 written in 2024 -> 2012/2024 (as 2012年以来)
            # (written the congress's own year: that year; no publication year: open-ended, 2012/)
            a = CONGRESSES[g["cg"]]
            period = str(a) if published_year == a else f"{a}/{published_year or ''}"
            first, last = str(a), (str(published_year) if published_year else None)
        elif kind == "dspan":
            y = (
                int(g["ds_y"])
                if g.get("ds_y")
                else _anchor(
                    last_year,
                    bare_year,
                    _opens_clause(folded, last_year, last_year_end),
                    (int(g["ds_m1"]), int(g["ds_d1"])),
                    pub,
                )
            )
            got = _day_span(y, g)
            if got:
                period, first, last = got
            if g.get("ds_y"):
                last_year, last_year_end = y, m.end()
        elif kind == "ahead":
            n = _month_num((g.get("ah_n") or g["ah_m"]).replace("两", "二"))
            if published_year is not None and n:
                b = published_year + n - 1
                period, first, last = f"{published_year}/{b}", str(published_year), str(b)
                if n == 1:
                    period, first, last = str(published_year), None, None
        elif kind == "pastn":
            period, first, last = _past_years(g.get("pn_n") or g["pn_m"], published_year, published_month)
        elif kind == "week":
            period = _last_week(published_year, published_month, published_day)
        elif kind in ("ytd", "halfend"):
            y = (
                published_year
                if kind == "ytd"
                else _anchor(last_year, bare_year, _opens_clause(folded, last_year, last_year_end))
            )
            if y is not None:
                if kind == "halfend":
                    period = f"{y}-06"
                else:
                    period = f"{y}-01/{y}-{published_month:02d}" if published_month else str(y)
        elif kind == "pend":
            period = _period_end(out)
        elif kind == "day":
            d = int(g["day_d"])
            ym = last_ym if last_ym and not _SENTENCE_END.search(folded, last_ym[2], m.start()) else None
            if ym is None and published_year and published_month and published_day and d <= published_day:
                ym = (published_year, published_month, 0)
            if ym and 1 <= d <= 31:
                period = f"{ym[0]}-{ym[1]:02d}-{d:02d}"
        elif kind == "msince":
            a, mo = int(text[:4]), int(g["ms_m"])
            if 1 <= mo <= 12:
                # with no publication month, open-ended as 2018年以来 -> 2018/
                last = f"{published_year}-{published_month:02d}" if published_year and published_month else None
                period, first = f"{a}-{mo:02d}/{last or ''}", f"{a}-{mo:02d}"
        elif kind == "plan":
            a, b = PLANS[g["plan"]]
            since = bool(g.get("plansince") and published_year and published_year >= a)
            if since and published_year:
                # “十四五”以来 -> 2021/publication year: 以来 runs to now, also
                # after the plan has ended (“十二五”以来 written in 2018 -> 2011/2018)
                b = published_year
            # (a change since the plan began starts from the level the plan
            # began with, the year before it: “十四五”以来…由7家增至16家 -> 2020, 2025)
            period, first, last = f"{a}/{b}", str(a - 1 if since else a), str(b)
            if g.get("planend"):  # “十二五”末: the plan's last year
                period, first, last = str(b), None, None
        elif kind == "ypart":
            y = int(re.match(r"\d{4}", text).group())  # type: ignore[union-attr]
            period = _part(y, g, "y_")
            last_year = y
            last_year_end = m.end()
        elif kind == "date":
            y, mo, d = (int(x) for x in re.findall(r"\d+", text)[:3])
            if 1 <= mo <= 12 and 1 <= d <= 31:
                period = f"{y}-{mo:02d}-{d:02d}"
                last_ym = (y, mo, m.end())
            last_year = y
            last_year_end = m.end()
        elif kind == "month":
            y, mo = (int(x) for x in re.findall(r"\d+", text)[:2])
            if 1 <= mo <= 12:
                period = f"{y}-{mo:02d}"
            last_year = y
            last_year_end = m.end()
        elif kind == "year":
            y = int(text[:4]) if text[0].isdigit() else _cn_year(text[:4])
            period = _year_end(y, g.get("yend"))
            last_year = y
            last_year_end = m.end()
            if not g.get("yend") and _WORK_REPORT.match(folded, m.end()) and not lines.line(m.start())[2]:
                # 2026年某省政府工作报告 as a title: delivered early in 2026, it reports
                # on 2025, the period it establishes for the figures that name none
                # (kind wreport: no company report's 报告期, no heading of its own)
                period, kind = str(y - 1), "wreport"
        elif kind == "rel":
            offset = RELATIVE[g["rel"]]
            if published_year is not None and offset is not None:
                y = published_year + offset
                mo = _month_num(g["relm"]) if g.get("relm") else None
                if g.get("relpart"):
                    period = _part(y, g, "r_")
                elif mo and g.get("reld"):  # 去年9月15日
                    period = _ymd(y, mo, int(g["reld"]))
                    if period:
                        last_ym = (y, mo, m.end())
                elif mo:
                    period = f"{y}-{mo:02d}" if 1 <= mo <= 12 else None
                    if period:
                        period = _month_since(folded, m.end(), y, mo, published_year, published_month) or period
                elif g.get("relend"):
                    period = str(y)  # 截至去年底: the year (see _year_end)
                elif g.get("relsince"):
                    if offset < 0:  # 去年以来 -> 2022/2023
                        period, first, last = f"{y}/{published_year}", str(y), str(published_year)
                    elif published_month:  # 今年以来 -> 2023-01/2023-03
                        period = f"{y}-01/{y}-{published_month:02d}"
                    else:
                        period = str(y)
                else:
                    period = str(y)
                # 比上年同期: a baseline names no year for what follows; 去年以来
                # (a span up to now) no year either; 今年以来 names this year.
                if (
                    not _BASELINE.search(folded, max(0, m.start() - 4), m.start())
                    and not folded.startswith("同期", m.end())
                    and not (g.get("relsince") and offset < 0)
                ):
                    last_year = y
                    last_year_end = m.end()
                    para = folded.find("\n", m.end())
                    relative_para_end = para if para >= 0 else len(folded)
                    if _compared_past_year(folded, m, g, offset):
                        # 今年总体汽车出口延续去年强势增长特征。1月…: a past year the
                        # clause compares with, not opens with, sets the year of its
                        # own sentence only (1月 is this year's)
                        sentence = _SENTENCE_END.search(folded, m.end())
                        relative_para_end = min(relative_para_end, sentence.start() if sentence else len(folded))
        elif kind == "nexty":
            if last_year is not None:
                y = last_year + 1
                period, last_year, last_year_end = str(y), y, m.end()
        elif kind == "relday":
            # 9月29日消息，蔚来今天宣布: the day a dateline just named, in its sentence, else the publication's
            day_named = (
                out[-1].period
                if out and out[-1].kind in ("date", "md") and not _SENTENCE_END.search(folded, out[-1].end, m.start())
                else None
            )
            base = (
                (int(day_named[:4]), int(day_named[5:7]), int(day_named[8:10]))
                if day_named and len(day_named) == 10
                else (published_year, published_month, published_day)
            )
            period = _relative_day(*base, RELATIVE_DAYS[g["relday"]])
        elif kind == "natday":
            # 国庆节期间, 春节假期: the holiday's days off in the year named last,
            # else the publication's (the year before when that year's holiday
            # is still more than _DAYS_AHEAD days ahead), “五一”假期首日 its first day
            days_off = _holiday(
                HOLIDAY_WORDS[g["natday"]],
                last_year,
                published_year,
                _opens_clause(folded, last_year, last_year_end),
                pub,
            )
            if days_off:
                period, first, last = f"{days_off[0]}/{days_off[1]}", days_off[0], days_off[1]
                nth = 1 if g.get("hd_first") else _month_num(g["hd_nth"]) if g.get("hd_nth") else None
                if nth:
                    # the holiday's Nth day off (none past its last)
                    day = (date.fromisoformat(days_off[0]) + timedelta(days=nth - 1)).isoformat()
                    period, first, last = (day if day <= days_off[1] else None), None, None
        elif kind == "thatday":
            # 4月8日，阿里集团宣布…，当日股价大涨36%: the day named last, else the publication's
            named = next((t.period for t in reversed(out) if t.kind in _DAY_KINDS and not t.baseline), None)
            if named and len(named) == 10:
                period = named
            else:
                period = _relative_day(published_year, published_month, published_day, 0)
        elif kind == "thatmonth":
            # 8月全市产值…；…当月产值同比增长4.2%: the month named last (not a span of
            # months, not a founding's 成立于2006年10月); none for each month's own
            # (每月20日提交当月…报表，审核后支付至当月合格工程量的80%)
            recurring = _EVERY_MONTH.search(folded, _sentence_start(folded, m.start()), m.start())
            period = (
                None
                if recurring
                else next(
                    (
                        t.period
                        for t in reversed(out)
                        if t.kind in _MONTH_KINDS
                        and not t.baseline
                        and _A_MONTH.fullmatch(t.period or "")
                        and not _FOUNDED_BEFORE.search(folded, max(0, t.start - 8), t.start)
                    ),
                    None,
                )
            )
        elif kind == "relmo":
            if published_year is not None and published_month:
                y, mo = published_year, published_month - (0 if g["relmo"] == "本月" else 1)
                if mo == 0:
                    y, mo = y - 1, 12
                period = f"{y}-{mo:02d}"
                if g.get("relmod"):  # 从本月28日起
                    period = _ymd(y, mo, int(g["relmod"]))
                    if period:
                        last_ym = (y, mo, m.end())
                if g.get("relmosince") and mo != published_month:  # 上月以来
                    period = f"{y}-{mo:02d}/{published_year}-{published_month:02d}"
        elif kind == "part":
            span = _part(2000, g, "p_")
            when = (int(span[5:7]), 1) if span else None
            # 此前最差的2009年，一季度净利润也接近200亿元: a part right after a year
            # and its comma is of that year, however long ago
            opens = _opens_clause(folded, last_year, last_year_end) or bool(
                _AFTER_COMMA.fullmatch(folded, last_year_end, m.start())
            )
            period = _part(_anchor(last_year, bare_year, opens, when, pub), g, "p_")
        elif kind in ("md", "mo"):
            mo = int(g[kind + "_m"])
            when = (mo, int(g["md_d"]) if kind == "md" else 1)
            y = _anchor(
                None if _up_to_now(folded, m.start(), last_year_end) else last_year,
                bare_year,
                _opens_clause(folded, last_year, last_year_end),
                when,
                pub,
                _DAYS_AHEAD if kind == "md" else None,
            )
            if kind == "md" and _recent_day(folded, y, when, published_year, pub, last_year_end, m.start()):
                # 3月17日公告 in a story published 2026-03-20 whose earlier
                # paragraph named 2025年年报: a day near the publication, in a
                # later paragraph than the year, is one of the days the news
                # reports (the publication's year), not of that earlier year
                y = published_year
            if kind == "md" and out and _restating(out[-1], m.start(), folded):
                # 今天（3月16日）, 截至昨天（6月1日）: the bracket restates the day the
                # relative word names, so it takes that day's year (the publication's),
                # not a year an earlier story or heading of the text named
                y = int(out[-1].period[:4])  # type: ignore[index]
            if y is not None and 1 <= mo <= 12:
                if kind == "md" and 1 <= int(g["md_d"]) <= 31:
                    period = f"{y}-{mo:02d}-{int(g['md_d']):02d}"
                    last_ym = (y, mo, m.end())
                elif kind == "mo":
                    period = f"{y}-{mo:02d}"
                    period = _month_since(folded, m.end(), y, mo, published_year, published_month) or period
        # 去年同期, 上年同期: the period compared with, not the figure's own.
        baseline = (
            (
                bool(_BASELINE.search(folded, max(0, m.start() - 4), m.start()))
                and not _coordinated(out, folded, m.start(), m.end())
                and not _joined_not_compared(folded, m.start(), m.end())
            )
            or (kind == "rel" and folded.startswith("同期", m.end()))
            or (bool(out) and out[-1].baseline and bool(_RESTATES_BEFORE.fullmatch(folded, out[-1].end, m.start())))
            or (
                bool(_BASELINE_AFTER.match(folded, m.end(), m.end() + 16))
                # 由2020年的32.7%提高至33.3%: the start of a change, the figure's own year
                and not CHANGE_START.search(folded, max(0, m.start() - 2), m.start())
            )
        )
        if kind == "year" and period and not baseline and folded.startswith("同期", m.end()):
            # 而在2019年同期，其净利润中包含…约22亿元 (a report of 2020年第三季度): the
            # same part of that year as the part of a year named last
            period = _same_part(out, int(period)) or period
        if baseline and kind != "rel":
            # 较2009年同期下降54.1%, 比2016年全年增速高: a baseline sets no
            # year for later bare months (万科前七个月, 一季度末 are the
            # publication's or the report's year's), as 比上年同期 does not
            last_year, last_year_end, year_scope_end, heading_year = year_before
        # 一季度末, 上半年末, 2024年三季度末: a stock at the part's end holds
        # for its last month (as 报告期末 does); so does one up to the part
        # (截至2020年上半年，小米共投资超过300家公司: as 截至6月底).
        if (
            period
            and "/" in period
            and (kind in ("part", "ypart") or g.get("relpart"))
            and (
                folded[m.end() : m.end() + 1] in ("末", "底")
                or bool(_UP_TO.search(folded, max(0, m.start() - 3), m.start()))
            )
        ):
            period = period.split("/")[1]
        if kind != "rel" and (last_year, last_year_end) != year_before[:2]:
            relative_para_end = -1  # a year written out carries on
            year_scope_end = _year_scope(lines, m.start(), kind)
            if year_scope_end < 0:
                heading_year = (last_year, last_year_end)
        if kind == "span" and period and _closes_plan_title(folded, m.start(), m.end()):
            # 《…规划（2020—2035年）》: the plan's term governs the figures the text
            # gives of the plan after it, in its sentence and paragraph (a title's
            # other times govern none); unlike a year's plan it sets nothing for
            # later paragraphs (established_periods). (Its year scope was set
            # as a span's, above: kind yplan only lets it through the title mask.)
            kind = "yplan"
        out.append(TimeExpr(m.start(), m.end(), period, first, last, baseline, kind))
    return _fill_full_year(_fill_report_period(out, folded), folded, published_year, published_month)


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# What establishes the period a text goes on to speak of: a company report
# (2024年年度报告, 2024年业绩, 半年报), 2024年全年, a year's plan (2023年重大项目
# 计划). 报告期内 takes a report's period.
_ESTABLISHING = ("report", "barereport", "yfull", "yplan", "wreport")
# … and a year that opens a sentence before a comma (。2022年，力争…): the text
# turns to that year, and later paragraphs that name no time go on with it
# (新增国家高新技术企业500家 after 2022年，力争…; a year mid-sentence,
# 深圳2022年规模以上工业增加值增长5%, or 截至2020年末 sets nothing).
_SENTENCE_OPENERS = "\n。！？；;!?"


# … or a year that opens a sentence as its subject (2015年是“十二五”的收官之年。
# 一年来…全年实现地区生产总值…): a review's opening, the year it goes on to report.
_YEAR_COPULA = re.compile(group_alternation("normalize/time_words.tsv", "year_copula"))


def _opens_a_sentence(t: TimeExpr, folded: str) -> bool:
    # (a span of years too: 从2010年到2020年，… sets the decade the text goes on to compare)
    start = t.start - 1 if t.kind == "span" and t.start > 0 and folded[t.start - 1] in "从自" else t.start
    return (
        t.kind in ("year", "span")
        and (start == 0 or folded[start - 1] in _SENTENCE_OPENERS)
        and (
            folded.startswith(("，", ","), t.end)
            or (t.kind == "year" and _YEAR_COPULA.match(folded, t.end) is not None)
        )
    )


# A year opening a sentence that lies more than this many years before the
# publication narrates history (2020年，小米发布小米10手机 in a story of 2025;
# 2022年，Fanatics收购了Topps): it dates its own sentence and paragraph, but the
# text does not go on to speak of that year (a work report's review year is the
# year just ended; a plan's year lies ahead).
_NARRATED_BEFORE = 1


def _narrated_past(t: TimeExpr, published_year: int | None) -> bool:
    year = (t.period or "")[:4]
    return (
        published_year is not None
        and t.kind == "year"
        and year.isdigit()
        and int(year) < published_year - _NARRATED_BEFORE
    )


def established_periods(
    times: list[TimeExpr], folded: str, published_year: int | None = None
) -> tuple[list[int], list[str | None]]:
    """Where a report period is established and which: (ends, periods) in
    text order. A figure with no time of its own, in its sentence, paragraph
    or under a heading, holds for the last one established before it (分业务看,
    海外业务实现收入4.6亿美元 after 发布2024年年度报告), until another is set.
    A sentence that names reports of different periods (2023年年报和2024年
    一季报) establishes none (None)."""
    ends: list[int] = []
    periods: list[str | None] = []
    for t in times:
        # (a report named after 和/与 reads as a baseline, but is still a report named)
        if (
            (t.kind not in _ESTABLISHING and (not _opens_a_sentence(t, folded) or _narrated_past(t, published_year)))
            or not t.period
            or (t.kind == "yplan" and "/" in t.period)  # a plan title's term (_closes_plan_title)
            or (t.baseline and t.kind == "yfull")
        ):
            continue
        if ends and not _SENTENCE_END.search(folded, ends[-1], t.start):
            if periods[-1] != t.period:
                periods[-1] = None  # two periods in one sentence: ambiguous
            ends[-1] = t.end
            continue
        ends.append(t.end)
        periods.append(t.period)
    return ends, periods


def established_at(ends: list[int], periods: list[str | None], pos: int) -> str | None:
    i = bisect_right(ends, pos) - 1
    return periods[i] if i >= 0 else None


# 全年 with no year: read early in a year (by the end of this month), a year
# reported is the year before (annual results come out by April).
_REPORTS_LAST_YEAR_UNTIL = 4
_TARGET = re.compile(alternation("normalize/target_words.txt"))


def _unnamed_full_year(t: TimeExpr, folded: str, published_year: int | None, published_month: int | None) -> str | None:
    """The year a 全年 that no text names holds for: relative to the
    publication (as 今年): its year, or the year before when read in its first
    months and its sentence sets no target (全年净利润40.7亿元 published
    2018-03 -> 2017; 全年经济增长目标5% -> 2018). None with no publication month."""
    if published_year is None or not published_month:
        return None
    if published_month > _REPORTS_LAST_YEAR_UNTIL or _sets_target(t, folded):
        return str(published_year)
    return str(published_year - 1)


def _sets_target(t: TimeExpr, folded: str) -> bool:
    """Whether the sentence of ``t`` holds a target word (normalize/target_words.txt)."""
    s_start = max((folded.rfind(c, 0, t.start) for c in "。！？!?；;\n"), default=-1) + 1
    s_end = _SENTENCE_END.search(folded, t.end)
    return bool(_TARGET.search(folded, s_start, s_end.start() if s_end else len(folded)))


def _fill_full_year(
    times: list[TimeExpr], folded: str, published_year: int | None = None, published_month: int | None = None
) -> list[TimeExpr]:
    """全年 with no year in its sentence: the year of the established report
    period, else one relative to the publication (``_unnamed_full_year``)."""
    if not any(t.kind == "fullyear" and t.period is None for t in times):
        return times
    ends, periods = established_periods(times, folded, published_year)
    # (an annual report's article: 全年实现营业收入 is the year accounted for,
    # not a year an outlook sentence opened with, 2020年，电网投资…, unless its
    # own sentence sets a target)
    article_year = report_period(times)
    # (a work report's 全年 in a sentence that sets a target is the year it is
    # delivered in, not the year it reviews: 全年招引项目500个以上, 力争…)
    work_report = any(t.kind == "wreport" for t in times)
    headings = _heading_years(times, folded)
    out = []
    for t in times:
        if t.kind == "fullyear" and t.period is None:
            est = established_at(ends, periods, t.start)
            if work_report and _sets_target(t, folded):
                est = None
            if est is None:
                # the year of the bulletin or review section it stands in
                # (_heading_years): 预计全年 in 一、2018年工作回顾 is 2018's
                est = next((y for e, scope, y in reversed(headings) if e <= t.start < scope), None)
            if article_year and len(article_year) == 4 and est != article_year and not _sets_target(t, folded):
                est = article_year
            year = est[:4] if est else _unnamed_full_year(t, folded, published_year, published_month)
            if year:
                t = replace(t, period=year)
        out.append(t)
    return out


# A heading: a line with no sentence mark and at most this many characters
# (a section's or a bulletin's title, not a paragraph that lacks its full stop).
_HEADING_MAX = 50
_DOCUMENT_HEADING = re.compile(group_alternation("normalize/year_section_headings.tsv", "document"))
_SECTION_HEADING = re.compile(group_alternation("normalize/year_section_headings.tsv", "section"))
# a numbered section heading (一、… 二、…), which ends the section above it
_NUMBERED = re.compile(r"^[ ]*[一二三四五六七八九十]{1,3}[ ]?[、.．]", re.M)


def _heading_years(times: list[TimeExpr], folded: str) -> list[tuple[int, int, str]]:
    """The years of the headings that say which year the text below them
    reports (normalize/year_section_headings.tsv), as (end, scope end, year)
    in text order: a statistics bulletin's title (某县2019年国民经济和社会
    发展统计公报) governs the whole text, however late it is put out (a
    county's 2019 bulletin published 2021-05); a report's numbered review
    section (一、2018年工作回顾) governs up to the next numbered heading (二、
    2019年工作安排 is the year it is delivered in). Dates on a heading
    (——2019年1月15日在…会议上, a page's date line) say when, not of what."""
    lines = _LineMarks(folded)
    out: list[tuple[int, int, str]] = []
    for t in times:
        if t.kind != "year" or t.baseline or not t.period or not re.fullmatch(r"\d{4}", t.period):
            continue
        start, end, mark = lines.line(t.start)
        if mark or end - start > _HEADING_MAX:
            continue
        if _DOCUMENT_HEADING.search(folded, start, end):
            out.append((t.end, len(folded), t.period))
        elif _SECTION_HEADING.search(folded, start, end) and _NUMBERED.match(folded, start):
            following = _NUMBERED.search(folded, end)
            out.append((t.end, following.start() if following else len(folded), t.period))
    return out


def _year_end(y: int, end: str | None) -> str:
    """A year's end (2025年底, 2025年末, 2021年年底) is labelled the year itself:
    the shared seed gold's convention (截至2021年年底 -> 2021), applied to every
    spelling so that one meaning gets one period."""
    return str(y)


def report_period(times: list[TimeExpr]) -> str | None:
    """The period of the report an article is about (发布2024年半年度报告), when
    every report it names is for the same period; None otherwise."""
    found = {t.period for t in times if t.kind in ("report", "barereport") and t.period}
    return found.pop() if len(found) == 1 else None


def _fill_report_period(times: list[TimeExpr], folded: str) -> list[TimeExpr]:
    """报告期内 takes the period of the article's report; 报告期末 its last month."""
    rp = report_period(times)
    if rp is None:
        return times
    end = rp.split("/")[-1]
    if len(end) == 4:
        end += "-12"
    return [
        replace(t, period=end if "末" in folded[t.start : t.end] else rp) if t.kind == "rperiod" else t for t in times
    ]
