"""Time expressions -> contract periods, and which period a figure holds for.

``find_times`` reads every time expression of a text (on the folded shadow,
so offsets are those of ``clean_text``); ``period_for`` picks the one that
governs a figure. Relative times (今年, 去年7月) resolve against the
publication date; with no publication date they give no period.
Hand-written: the Chinese period vocabulary (季度, 十三五, 以来) has no
library that keeps offsets; JioNLP's parser was not used (heavy, and it
breaks on ASCII commas before years, see issue 4).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

_Y = r"((?:19|20)\d{2})"
_S = r"[ ]?"
_CN_MONTH = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_QUARTERS = {
    "一": (1, 3),
    "二": (4, 6),
    "三": (7, 9),
    "四": (10, 12),
    "1": (1, 3),
    "2": (4, 6),
    "3": (7, 9),
    "4": (10, 12),
}
_FIRST_N_QUARTERS = {"一": 3, "两": 6, "二": 6, "三": 9, "1": 3, "2": 6, "3": 9}
_PLANS = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}
_RELATIVE = {"今年": 0, "本年": 0, "当年": None, "去年": -1, "上年": -1, "前年": -2, "明年": 1, "后年": 2}

# A part of a year, written after a year or alone: 前三季度, 一季度, 上半年, 1-11月.
_PART = (
    r"(?:(?P<firstq>前[一两二三1-3]季度)|前(?P<firstm>\d{1,2}|[一二两三四五六七八九十]{1,3})个月|第?(?P<q>[一二三四1-4])季度|(?P<half>[上下]半年)"
    rf"|(?P<m1>\d{{1,2}}){_S}月?{_S}[-~至到]{_S}(?P<m2>\d{{1,2}}){_S}月)"
)

# Every alternative starts with one of these characters: a cheap gate so the
# engine skips other positions without trying each alternative.
_TIME_FIRST = r"(?=[\d〇零一二三四五六七八九十今本去上下前明后第报年半中全])"

_TIME = re.compile(
    _TIME_FIRST
    + "(?:"
    + "|".join(
        [
            # 2024年半年度报告, 2023年年报, 2024年一季报: a company report names
            # the period its figures hold for (first: 2024年 alone would win).
            # (2011半年报, 2023年报: the report's name may follow the digits directly)
            rf"(?P<report>{_Y}{_S}(?:年|(?=半年|中报|中期报告|[一三]季报|年报(?![道告名送表刊社喜批到])))(?:(?P<rp_half>度?(?:半年度报告|半年报|中期报告|中报))"
            r"|(?P<rp_year>年度报告|度报告|年报|报(?![道告名送表刊社喜批到])|度财报|年度财报"
            # 2024年业绩, 2024年度业绩快报, 2024年全年业绩, 2024年度经营业绩
            r"|(?:年度|度|全年)?(?:经营)?业绩(?:快报|预告|公告|报告)?)"
            r"|第?(?P<rp_q>[一三1-3])季(?:度报告|度财报|报)))",
            # 发布半年报, 三季报显示: a part-year report without its year is of the
            # year named last, or of the publication year (not 年报: 企业年报公示
            # is a filing, and an annual report is published the year after)
            r"(?P<barereport>(?<![\d年度])(?:(?P<brp_half>半年度报告|半年报|中期报告|中报(?![道告名送表刊社]))"
            r"|第?(?P<brp_q>[一三])季(?:度报告|度财报|报)))",
            # 报告期内, 本报告期: the period of the article's report (filled in after the walk)
            r"(?P<rperiod>(?<![年度])(?:本)?报告期(?P<rp_end>末)?(?:内)?)",
            # 2023年重大项目计划, 2024年度省重点建设项目投资计划: a plan of one year
            # sets the period of the figures that follow it (see established_periods)
            rf"(?P<yplan>{_Y}{_S}年度?[^，,。；;、\n《》“”\d]{{0,12}}?(?:项目|投资|建设|工作|行动|实施|招商)计划)",
            # 2024年全年, 2024年度全年: the whole year, said to set the period
            # the text goes on to speak of (see established_periods)
            rf"(?P<yfull>{_Y}{_S}年度?{_S}全年)",
            # 全年 alone: the year named in its sentence, else the established
            # report year (filled in after the walk), else none. Not 上年全年
            # (a baseline year's whole) nor 全年龄.
            r"(?P<fullyear>(?<![\d年度上去今本当前明后每])全年(?!龄))",
            # 1997-2017年, 2021年至2025年, 2016—2024年
            rf"(?P<span>{_Y}{_S}年?{_S}(?:-|~|至|到){_S}{_Y}{_S}年)",
            # 2018年以来, 自2018年至今, 2016年开工建设以来 (a short verb phrase
            # between the year and 以来 that holds no figure and no clause break)
            rf"(?P<since>{_Y}{_S}年(?:[^，,。；;：:、！!？?\n\d]{{0,8}}?(?:以来|至今)|来|起|开始))",
            # 十三五期间
            r"(?P<plan>十[一二三四五]五)[”\"」]?(?:期间|时期|(?P<plansince>以来)|(?P<planend>期?末))?",
            # 2023年前三季度, 2022年1-11月
            rf"(?P<ypart>{_Y}{_S}年{_S}{_PART.replace('?P<', '?P<y_')})",
            # 2024年11月24日
            rf"(?P<date>{_Y}{_S}年{_S}(\d{{1,2}}){_S}月{_S}(\d{{1,2}}){_S}[日号])",
            # 2023年2月
            rf"(?P<month>{_Y}{_S}年{_S}(\d{{1,2}}){_S}月)",
            # 2023年, 二〇二三年; 2025年底 / 2025年末 / 2021年年底 -> the year
            # (the seed gold's convention: see _year_end)
            rf"(?P<year>(?:{_Y}{_S}年|[〇零一二三四五六七八九]{{4}}年)(?P<yend>年?[底末])?)",
            # 去年7月, 今年前三季度, 今年1-2月, 今年以来, 去年底, 今年
            rf"(?P<rel>今年|本年|去年|(?<!以)上年|(?<![\d年之以])前年|明年|(?<![成完建投运产竣之以然最])后年)(?:{_S}(?:(?P<relpart>{_PART.replace('?P<', '?P<r_')})"
            r"|(?P<relm>\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份|末|底|初)?|(?P<relsince>以来)|(?P<relend>年?[底末])))?",
            # 本月, 上月, 上个月 (以来): months relative to the publication date
            r"(?P<relmo>本月|(?<![以向之])上个?月)(?P<relmosince>以来)?",
            # a part of a year on its own
            rf"(?P<part>{_PART.replace('?P<', '?P<p_')})",
            # 年底前, 年末: the end of the year named last (or of the publication year)
            r"(?P<bareend>(?<![\d〇零一二三四五六七八九年今去上本明前后当每近历逐多])年[底末])",
            # 11月5日, 6月末: the year comes from the text before or the publication date
            r"(?P<md>(?<![\d年.\-~/])(?P<md_m>\d{1,2})月(?P<md_d>\d{1,2})[日号])",
            r"(?P<mo>(?<![\d年.\-~/])(?P<mo_m>\d{1,2})月(?:份|末|底|初|中旬|上旬|下旬)?)",
        ]
    )
    + ")"
)

_KINDS = (
    "report",
    "barereport",
    "rperiod",
    "yplan",
    "yfull",
    "fullyear",
    "span",
    "since",
    "plan",
    "ypart",
    "date",
    "month",
    "year",
    "rel",
    "relmo",
    "bareend",
    "part",
    "md",
    "mo",
)

# Words before a figure that make it the start or the end of a change over an interval.
_FROM = re.compile(r"从[^，,。；;]{0,12}$")
_TO = re.compile(r"(?:增加|增长|提高|提升|上升|扩大|下降|减少|降低|跃升|突破|发展|达)?(?:到|至)[^，,。；;]{0,6}$")


# 较2021年增长6.3倍: the year is the baseline of a comparison, not the period.
_BASELINE = re.compile(r"(?:较|比|相比|相较|相较于|比起|对比|同比|与|和|相当于)[ ]?$")
# 是2020年的3倍多, 为上年的85%, 相当于2019年同期的三分之一: the year is what
# the figure is a multiple or share of, not its period.
_CHANGE_START = re.compile(r"(?:由|从)[ ]?$")
_BASELINE_AFTER = re.compile(
    r"(?:同期)?(?:水平)?的[ ]?(?:[\d.]+|[一二两三四五六七八九十百千]+)[ ]?(?:多|余)?(?:倍|%|成)"
    r"|(?:同期)?(?:水平)?的[ ]?(?:[\d]+|[一二两三四五六七八九十百]+)分之"
)


_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    period: str | None  # contract form: 2023, 2023-02, 1997/2017, 2021-01/2021-09
    first: str | None = None  # for intervals, the start (figure after 从)
    last: str | None = None  # for intervals, the end (figure after 到)
    baseline: bool = False  # 较2021年, 相比2018年: what a change is measured against
    kind: str = ""  # which alternative of _TIME matched (report, year, …)


def _cn_year(s: str) -> int:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits["零"] = 0
    return int("".join(str(digits[c]) for c in s))


def _month_num(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    return _CN_MONTH.get(s)


def _part(year: int | None, g: dict, prefix: str) -> str | None:
    if year is None:
        return None
    firstq, q, half = g.get(prefix + "firstq"), g.get(prefix + "q"), g.get(prefix + "half")
    firstm = g.get(prefix + "firstm")
    if firstm:
        a, b = 1, _month_num(firstm.replace("两", "二")) or 0
        if not 1 <= b <= 12:
            return None
    elif firstq:
        a, b = 1, _FIRST_N_QUARTERS[firstq[1]]
    elif q:
        a, b = _QUARTERS[q]
    elif half:
        a, b = (1, 6) if half[0] == "上" else (7, 12)
    else:
        a, b = int(g[prefix + "m1"]), int(g[prefix + "m2"])
        if not (1 <= a <= b <= 12):
            return None
    return f"{year}-{a:02d}/{year}-{b:02d}"


def _anchor(last_year: int | None, published_year: int | None) -> int | None:
    """The year a bare month or quarter (1-10月, 三季度) belongs to: the last
    year named before it, unless that year is a target after publication
    (到2027年 … 1-10月 reports this year's months)."""
    if last_year is not None and (published_year is None or last_year <= published_year):
        return last_year
    return published_year


def find_times(folded: str, published_year: int | None, published_month: int | None = None) -> list[TimeExpr]:
    """Every time expression in the (folded) text, in order. A relative year
    (今年, 去年) binds the months or quarter right after it (今年1-2月), and
    sets the year that later bare months (3月) take."""
    out: list[TimeExpr] = []
    last_year: int | None = None
    last_year_end = 0
    y: int | None  # the year of the expression at hand; None where nothing anchors it
    mo: int | None  # its month, where it names one
    # A relative year (去年, 今年) sets the year of bare months only within its
    # paragraph: ``延续了去年以来的态势`` in an opening paragraph says nothing
    # of the ``一季度`` a later paragraph reports (the publication's year does).
    relative_para_end = -1
    for m in _TIME.finditer(folded):
        if relative_para_end >= 0 and m.start() > relative_para_end:
            last_year, relative_para_end = None, -1
        year_before = (last_year, last_year_end)
        g = m.groupdict()
        # The outer alternative that matched (lastgroup would name an inner group).
        kind = next(k for k in _KINDS if g.get(k))
        text = m.group()
        period = first = last = None
        if kind == "report":
            y = int(re.match(r"\d{4}", text).group())  # type: ignore[union-attr]
            if g.get("rp_half"):
                period = f"{y}-01/{y}-06"
            elif g.get("rp_q"):  # 三季报 reports the first three quarters
                b = _FIRST_N_QUARTERS[g["rp_q"]]
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
                    period = f"{y}-01/{y}-{_FIRST_N_QUARTERS[g['brp_q']]:02d}"
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
            a, b = int(ys[0]), int(ys[1])
            if a < b:
                period, first, last = f"{a}/{b}", str(a), str(b)
                last_year = b
                last_year_end = m.end()
        elif kind == "since":
            a = int(re.search(r"(?:19|20)\d{2}", text).group())  # type: ignore[union-attr]
            period = f"{a}/{published_year}" if published_year else f"{a}/"
            first, last = str(a), (str(published_year) if published_year else None)
        elif kind == "plan":
            a, b = _PLANS[g["plan"]]
            if g.get("plansince") and published_year:  # “十四五”以来 -> 2021/publication year
                b = min(b, published_year)
            period, first, last = f"{a}/{b}", str(a), str(b)
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
        elif kind == "rel":
            offset = _RELATIVE[g["rel"]]
            if published_year is not None and offset is not None:
                y = published_year + offset
                mo = _month_num(g["relm"]) if g.get("relm") else None
                if g.get("relpart"):
                    period = _part(y, g, "r_")
                elif mo:
                    period = f"{y}-{mo:02d}" if 1 <= mo <= 12 else None
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
        elif kind == "relmo":
            if published_year is not None and published_month:
                y, mo = published_year, published_month - (0 if g["relmo"] == "本月" else 1)
                if mo == 0:
                    y, mo = y - 1, 12
                period = f"{y}-{mo:02d}"
                if g.get("relmosince") and mo != published_month:  # 上月以来
                    period = f"{y}-{mo:02d}/{published_year}-{published_month:02d}"
        elif kind == "part":
            period = _part(_anchor(last_year, published_year), g, "p_")
        elif kind in ("md", "mo"):
            y = _anchor(last_year, published_year)
            mo = int(g[kind + "_m"])
            if y is not None and 1 <= mo <= 12:
                if kind == "md" and 1 <= int(g["md_d"]) <= 31:
                    period = f"{y}-{mo:02d}-{int(g['md_d']):02d}"
                elif kind == "mo":
                    period = f"{y}-{mo:02d}"
        # 去年同期, 上年同期: the period compared with, not the figure's own.
        baseline = (
            bool(_BASELINE.search(folded, max(0, m.start() - 4), m.start()))
            or (kind == "rel" and folded.startswith("同期", m.end()))
            or (
                bool(_BASELINE_AFTER.match(folded, m.end(), m.end() + 16))
                # 由2020年的32.7%提高至33.3%: the start of a change, the figure's own year
                and not _CHANGE_START.search(folded, max(0, m.start() - 2), m.start())
            )
        )
        # 一季度末, 上半年末, 2024年三季度末: a stock at the part's end holds
        # for its last month (as 报告期末 does).
        if (
            period
            and "/" in period
            and (kind in ("part", "ypart") or g.get("relpart"))
            and folded[m.end() : m.end() + 1] in ("末", "底")
        ):
            period = period.split("/")[1]
        if kind != "rel" and (last_year, last_year_end) != year_before:
            relative_para_end = -1  # a year written out carries on
        out.append(TimeExpr(m.start(), m.end(), period, first, last, baseline, kind))
    return _fill_full_year(_fill_report_period(out, folded), folded)


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# What establishes the period a text goes on to speak of: a company report
# (2024年年度报告, 2024年业绩, 半年报), 2024年全年, a year's plan (2023年重大项目
# 计划). 报告期内 takes a report's period.
_ESTABLISHING = ("report", "barereport", "yfull", "yplan")


def established_periods(times: list[TimeExpr], folded: str) -> tuple[list[int], list[str | None]]:
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
        if t.kind not in _ESTABLISHING or not t.period or (t.baseline and t.kind == "yfull"):
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


def _fill_full_year(times: list[TimeExpr], folded: str) -> list[TimeExpr]:
    """全年 with no year in its sentence: the year of the established report period."""
    if not any(t.kind == "fullyear" and t.period is None for t in times):
        return times
    ends, periods = established_periods(times, folded)
    out = []
    for t in times:
        if t.kind == "fullyear" and t.period is None:
            est = established_at(ends, periods, t.start)
            if est:
                t = replace(t, period=est[:4])
        out.append(t)
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


# How far after a figure its clause is looked for, and how far back a
# 从…增加到 pattern: bounds the work per figure on run-on text.
_REACH = 200
_CHANGE_REACH = 60


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


def period_for(
    times: list[TimeExpr],
    start: int,
    sentence: tuple[int, int],
    paragraph_start: int,
    folded: str,
    starts: list[int] | None = None,
    usable: list[int] | None = None,
) -> str | None:
    """The period a figure at ``start`` holds for: the nearest time expression
    before it in its sentence, else one after it in its clause, else the
    nearest earlier one in its paragraph. For an interval (1997-2017年), a
    figure after 从 takes the start and one after 增加到 the end.

    ``times`` are in text order (and do not overlap); ``starts`` (their
    start offsets, for a binary search) and ``usable`` (``usable_before``)
    may be given by a caller that asks for many figures. Baselines (较2021年)
    are skipped. The walk is local to the figure, so a text with many
    figures costs linear time."""
    s_start, s_end = sentence
    if starts is None:
        starts = [t.start for t in times]
    if usable is None:
        usable = usable_before(times)
    i = bisect_right(starts, start)
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
            and _CHANGE_START.search(folded, max(0, t.start - 2), t.start)
            and _TO.search(folded, max(t.end, start - _CHANGE_REACH), start)
        ):
            j = usable[j - 1] if j else -1
            continue
        if t.first and t.last:
            between = folded[max(t.end, start - _CHANGE_REACH) : start]
            if _TO.search(between) and "从" in between:
                return t.last
            if _FROM.search(between):
                return t.first
        return t.period
    clause_end = _CLAUSE_END.search(folded, start, min(s_end, start + _REACH))
    c_end = clause_end.start() if clause_end else min(s_end, start + _REACH)
    for j in range(i, len(times)):  # after, in the clause
        t = times[j]
        if t.start >= c_end:
            break
        if start < t.start and t.end <= c_end and t.period and not t.baseline:
            return t.period
    j = usable[i - 1] if i else -1
    while j >= 0:  # earlier in the paragraph
        t = times[j]
        if t.start < paragraph_start:
            break
        if t.end <= s_start:
            return t.period
        j = usable[j - 1] if j else -1
    return None


# A year-on-year change (同比增长56.3%) always holds for some period.
_YOY = re.compile(r"同比|比上年|较上年|比去年同期|较去年同期")
_YOY_REACH = 12
# Times that speak of a moment or a span to now, not a reporting period.
_NOT_CARRIED = ("date", "since", "span", "plan", "md")


def carried_period(
    times: list[TimeExpr], start: int, sentence_start: int, folded: str, starts: list[int], usable: list[int]
) -> str | None:
    """The period a year-on-year change with no time of its own, in its
    paragraph, under a heading or an established report, holds for: the one
    the text last spoke of (a report on 上半年 lists its breakdowns in later
    paragraphs without repeating it). None for other figures."""
    if not _YOY.search(folded, max(sentence_start, start - _YOY_REACH), start):
        return None
    i = bisect_right(starts, start)
    j = usable[i - 1] if i else -1
    while j >= 0:
        t = times[j]
        if t.end <= start and t.kind not in _NOT_CARRIED:
            return t.period
        j = usable[j - 1] if j else -1
    return None
