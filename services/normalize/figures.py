"""Find every figure in a text and normalise it to the contract.

Works on ``fold(text)``, a same-length half-width shadow, so offsets are
those of ``clean_text`` whether or not the segment stage has already folded
full-width digits or removed spaces inside figures (``2017 年``, ``3.83 亿元``).

Order of work:
1. time expressions (periods.find_times) and blocked spans (titles, URLs,
   phone numbers, ratios, slogans) are found first; no figure may overlap them;
2. fractions and shares (``1/9``, ``三分之一``, ``百分之五``, ``一半``) and
   doublings (``翻一番``);
3. the main grammar: [每Y] [qualifier] number [range] [多/余] [unit][/Y] [qualifier],
   where a number may carry thousands separators (``3 376.8``, ``1,352``) or
   be a pair of neighbouring digits (``三四十`` -> a range);
4. figures written without a unit take it from the next figure of an
   enumeration (``2万、3万亿元``) or, for 万/亿 amounts, from a money word
   earlier in the clause (``GDP为1.14万亿``); the rest are dropped;
5. two figures joined by 到/至/- become a range, sharing a rate written
   once (``每平方米60元到80元``); a rate written before the figure with words
   between (``每公斤能多卖1元到2元``) governs it within a short gap;
6. qualifier (also one set apart: ``最高给予1亿元``), period (falling back to
   the later of a heading's period and an established report period, see
   periods.established_periods), measure and subject are attached. All attribution
   is local to the figure (binary searches, bounded reach): linear time.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, get_args

from docpipe.document import Entity, Metric, Qualifier
from docpipe.wordlists import alternation, group_alternation

from . import exclusions
from .attribution import CHANGE_KINDS, CHANGE_WORDS, SubjectIndex, measure_for, measure_key
from .figure_joining import detached_rates, merge_ranges, resolve_unitless
from .figure_reading import Mask, read_doublings, read_fractions, read_main, warm_up
from .memo import Memo
from .numbers import fold
from .period_choice import (
    NOW,
    carried_period,
    change_interval,
    done_after_publication,
    now_period,
    period_for,
    usable_before,
    value_before_change,
    year_before_value,
)
from .periods import established_periods, find_times, report_period
from .respective import assign_respective_periods
from .text_year import estimated_year, implied_year

# extract() is the stage's entry; warm_up() loads the unit table and compiles the grammar once per process.
__all__ = ["extract", "published_year", "warm_up"]

# Between two figures of one measure: 增加到, 、, 和, 至 (no clause break).
_SAME_MEASURE_GAP = re.compile(r"[^，,。；;！!？?\n：:\d]{0,8}")
_BARE_CHANGE = re.compile(rf"(?:同比|环比)?{CHANGE_WORDS}")
_CHANGE_END = re.compile(rf"{CHANGE_WORDS}$")
_WORDS = "normalize/figure_words.tsv"
_BASELINE_ONLY = re.compile(
    rf"(?:{alternation('normalize/baseline_only_verbs.txt')})"
    rf"(?:(?:19|20)\d{{2}}[ ]?年|{group_alternation(_WORDS, 'baseline_years')})(?:同期)?(?:水平)?的?"
)
_PUBLISHED = re.compile(
    rf"(?:{group_alternation(_WORDS, 'published_labels')})"
    r"[:：]?\s*((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})"
)


def _bounds(folded: str) -> tuple[list[int], list[int]]:
    """Sentence starts and paragraph starts (sorted offsets)."""
    sentences = [0] + [m.end() for m in re.finditer(r"[。！？!?；;\n]+", folded)]
    paragraphs = [0] + [m.end() for m in re.finditer(r"\n+", folded)]
    return sentences, paragraphs


_TITLE_MAX = 40
# Lines that are page furniture, not headings, though short and dated.
_NOT_HEADING = re.compile(rf"{alternation('normalize/not_heading_words.txt')}|[:：|，,]")
# A heading's time that can govern the paragraphs under it: a year or a part
# of one, not a day or a month (a dateline is not a heading).
_HEADING_KINDS = ("report", "yfull", "plan", "ypart", "year", "rel", "part", "span")


_YEAR_ONLY = re.compile(r"\d{4}")


# 上年度末, 本报告期末比上年度末增减: a line that is a time and nothing else
# (but an end or a change) heads a table's column, not a section.
_COLUMN_HEAD = re.compile(r"度?[末底]?[ ]{0,8}")


def _heading_periods(folded: str, times) -> tuple[list[int], list[str]]:
    """Short lines without a sentence end (the headline, section headings such
    as 2024年上半年经营情况) that state a period: it holds for later figures
    that state none in their sentence or paragraph, as in a statistics
    bulletin or a company report. The first line is taken as the headline
    whatever its time; later lines only for a year or part of a year.
    Returns line starts and their periods, in text order."""
    starts: list[int] = []
    periods: list[str] = []
    j = 0
    pos = 0
    n = len(folded)
    while pos < n and j < len(times):
        nl = folded.find("\n", pos)
        end = n if nl < 0 else nl
        while j < len(times) and times[j].start < pos:
            j += 1
        line = folded[pos:end]
        if (
            0 < len(line.strip()) <= _TITLE_MAX
            and not re.search(r"[。！？!?；;]", line)
            and (pos == 0 or not _NOT_HEADING.search(line))
        ):
            k = j
            while k < len(times) and times[k].start < end:
                t = times[k]
                # (a headline's 今日 says when its news happened, not what the figures below hold for)
                if (
                    t.period
                    and not t.baseline
                    and ((pos == 0 and t.kind != "relday") or t.kind in _HEADING_KINDS)
                    and (pos == 0 or not _COLUMN_HEAD.fullmatch(folded, t.end, end) or folded[pos : t.start].strip())
                ):
                    starts.append(pos)
                    periods.append(t.period)
                    break
                k += 1
        pos = end + 1
    return starts, periods


def _paragraph_has_time(times_starts: list[int], p_start: int, p_end: int) -> bool:
    i = bisect_right(times_starts, p_start - 1)
    return i < len(times_starts) and times_starts[i] < p_end


def published_year(text: str, published_at: str | None) -> int | None:
    if published_at and published_at[:4].isdigit():
        return int(published_at[:4])
    # Fallback while the segment stage cannot tell: a dateline near the top.
    m = _PUBLISHED.search(fold(text[:600]))
    # (no date at all: the year the text's own past years bound, text_year)
    return int(m.group(1)) if m else estimated_year(fold(text))


def extract(
    text: str,
    published_at: str | None = None,
    entities: list[Entity] | Callable[[], list[Entity]] | None = None,
    own_place: bool | Callable[[], bool] = False,
) -> list[Metric]:
    """The figures of ``text``; ``entities`` (or a function giving them, called
    only when the text has a figure) are the owners their subjects name;
    ``own_place`` (or a function giving it, called as ``entities``): the
    document is about one place its title names (SubjectIndex)."""
    if not text:
        return []
    folded = fold(text)
    year = published_year(text, published_at)
    month = int(published_at[5:7]) if year and published_at and published_at[5:7].isdigit() else None
    day = int(published_at[8:10]) if month and published_at and published_at[8:10].isdigit() else None
    # With no year of writing to read times against, the year the text's own
    # past years imply (2018年，… reported whole: 2019) is the one its bare
    # parts of a year (前三季度，全市…) with no year named before them are read in.
    times = find_times(folded, year, month, day, part_year=None if year else implied_year(folded))
    time_spans = [(t.start, t.end) for t in times]
    titles = Mask(len(folded), exclusions.title_spans(folded))
    # Times inside 《》 titles govern no figure, except a year's plan (《2023年
    # 重大项目计划》), whose year the figures after it hold for.
    period_times = [t for t in times if not titles.hits(t.start, t.end) or t.kind == "yplan"]
    blocked = Mask(len(folded), exclusions.blocked_spans(folded) + time_spans)
    fractions = read_fractions(folded, blocked)
    fractions += read_doublings(folded, blocked)
    for f in fractions:
        blocked.add(f.start, f.end)
    figs = detached_rates(
        merge_ranges(resolve_unitless(fractions + read_main(folded, blocked), folded), folded), folded
    )
    if not figs:
        return []  # (no figure: no owner to find, so no entity is indexed)
    sent_starts, para_starts = _bounds(folded)
    head_starts, head_periods = _heading_periods(folded, period_times)
    # The period of the report the article is about (发布2024年半年度报告):
    # for figures in paragraphs that name no time at all (分业务看，…).
    article_report = report_period(period_times)
    # The report period established before a figure (2024年年度报告, 2024年全年)
    # holds for later figures that name no time, until another is set.
    est_ends, est_periods = established_periods(period_times, folded, year)
    time_starts = [t.start for t in period_times]
    usable = usable_before(period_times)
    subjects = SubjectIndex(
        (entities() if callable(entities) else entities) or [],
        folded,
        own_place() if callable(own_place) else own_place,
    )
    # A baseline (比上年同期提高) is part of what is measured; other times are not.
    measure_cuts = [(t.start, t.end) for t in times if not t.baseline]
    baselines = [(t.start, t.end) for t in times if t.baseline]
    cut_ends = [b for _, b in measure_cuts]
    baseline_ends = [b for _, b in baselines]
    metrics: list[Metric] = []
    now_starts: list[int] | None = None  # (found when a figure first needs them)
    measures_by: Memo[str | None] = Memo()  # (measure_for, once per stretch it reads: measure_key)
    # The figure before's fields, as its Metric holds them (read from locals:
    # each read of a Metric's field goes through pydantic's __getattr__ hook,
    # four times a plain attribute's cost; issue #15).
    last_start, last_end, last_unit = -1, -1, ""
    last_measure: str | None = None
    last_period: str | None = None
    for f in figs:
        si = bisect_right(sent_starts, f.start) - 1
        s_start = sent_starts[si]
        s_end = sent_starts[si + 1] if si + 1 < len(sent_starts) else len(folded)
        pi = bisect_right(para_starts, f.start) - 1
        p_start = para_starts[pi]
        value = _clean_float(f.value)
        read = (
            f.start,
            f.end,
            f.kind or "",
            # (no time in the text, no window to find: two binary searches each
            # per figure in a text of figures; issue #15)
            _window(measure_cuts, cut_ends, f.start) if measure_cuts else [],
            subjects.spans_before(f.start, f.start - 40),
            _window(baselines, baseline_ends, f.start) if baselines else [],
        )
        key = measure_key(text, *read)
        measure = measure_for(text, *read) if key is None else measures_by(key, measure_for, text, *read)
        if (
            measure is None
            and metrics
            and _SAME_MEASURE_GAP.fullmatch(folded, last_end, f.start)
            and f.unit == last_unit
        ):
            # 从3.83亿元增加到141.27亿元, 分别为120、150亿元: the figure before says what is measured.
            measure = last_measure
        elif measure and _BASELINE_ONLY.fullmatch(measure) and metrics and last_measure and last_start >= s_start:
            # 产量达到45万辆，是2020年的3倍多: the multiple is of the figure before.
            measure = last_measure
        elif (
            measure
            and f.kind in CHANGE_KINDS
            and _BARE_CHANGE.fullmatch(measure)
            and metrics
            and last_measure
            and last_start >= s_start
            and not _CHANGE_END.search(last_measure)
        ):
            # 地区生产总值9302.5亿元，同比增长5.8%: the change is of the figure before.
            measure = last_measure + measure
        h = bisect_right(head_starts, f.start) - 1
        carry_from = None
        if h >= 0 and _YEAR_ONLY.fullmatch(head_periods[h] or ""):
            # under a year's heading: the end of the paragraph's first sentence
            pi_s = bisect_right(sent_starts, p_start)
            carry_from = sent_starts[pi_s] if pi_s < len(sent_starts) else len(folded)
        period = change_interval(period_times, f.start, s_start, folded, time_starts) or period_for(
            period_times, f.start, (s_start, s_end), p_start, folded, time_starts, usable, carry_from
        )
        if done_after_publication(period, year, period_times, time_starts, f.start, (s_start, s_end), folded):
            period = None  # 目前…已进入7家 after 预计2026年投产: not a later year
        if period is None:
            e = bisect_right(est_ends, f.start) - 1
            if e >= 0 and (h < 0 or head_starts[h] < est_ends[e]):
                # the establishing report comes after the heading: it is the time set last
                period = est_periods[e]
            elif h >= 0:
                period = head_periods[h]
            elif article_report:
                p_end = para_starts[pi + 1] if pi + 1 < len(para_starts) else len(folded)
                if not _paragraph_has_time(time_starts, p_start, p_end):
                    period = article_report
            if period is None:
                period = carried_period(period_times, f.start, s_start, folded, time_starts, usable)
            if period is None:
                # 目前…拥有7条高铁线路: no time but now, the publication's month
                if now_starts is None:
                    now_starts = [n.start() for n in NOW.finditer(folded)]
                period = now_period(now_starts, f.start, p_start, (year, month))
        if done_after_publication(period, year, period_times, time_starts, f.start, (s_start, s_end), folded):
            period = None
        if metrics and last_start >= s_start:
            # 营收为976.9亿美元，较上年同期的967.7亿美元: a year before the figure before
            period = year_before_value(folded, f.start, last_period) or period
        metrics.append(
            _new_metric(
                {  # (in the model's field order, as its validator would leave them)
                    "start": f.start,
                    "end": f.end,
                    "text": text[f.start : f.end],
                    "value": value,
                    "value_max": _clean_float(f.value_max) if f.value_max is not None else None,
                    "unit": f.unit or "",
                    "classifier": f.classifier,
                    "qualifier": f.qualifier,
                    "measure": measure,
                    "subject": subjects.subject(f.start, s_start, p_start),
                    "period": period,
                }
            )
        )
        last_start, last_end, last_unit, last_measure, last_period = f.start, f.end, f.unit or "", measure, period
    return value_before_change(assign_respective_periods(metrics, period_times, folded, sent_starts), folded)


# Every field of a Metric, as a built one records it set (model_fields_set).
_METRIC_FIELDS = frozenset(Metric.model_fields)
_QUALIFIERS = frozenset(get_args(Qualifier))


def _new_metric(fields: dict[str, Any]) -> Metric:
    """A Metric holding ``fields`` (every contract field, typed as the
    model's validator would leave them), without running the validator: the
    fields come from this module, and the validator was a sixth of the
    stage's time on a text of figures (issue #15: tens of thousands of them,
    about 3.5 µs each). What the validator would check or coerce is done
    here: the two floats (an integral value comes as int from _clean_float)
    and the qualifier; test_figures_metric_build holds the result equal to
    ``Metric(**fields)`` field for field and type for type."""
    fields["value"] = float(fields["value"])
    if fields["value_max"] is not None:
        fields["value_max"] = float(fields["value_max"])
    if fields["qualifier"] not in _QUALIFIERS:
        raise ValueError(f"qualifier {fields['qualifier']!r} is none of the contract's")
    m = _bare_metric(Metric)
    # (what BaseModel.model_construct sets, without its walk over the fields)
    _set_attr(m, "__dict__", fields)
    _set_attr(m, "__pydantic_fields_set__", set(_METRIC_FIELDS))
    _set_attr(m, "__pydantic_extra__", {})
    _set_attr(m, "__pydantic_private__", None)
    return m


_bare_metric = object.__new__
_set_attr = object.__setattr__

_MEASURE_REACH = 40  # how far back measure_for looks (attribution.measure_for)


def _window(spans: list[tuple[int, int]], ends: list[int], start: int) -> list[tuple[int, int]]:
    """The spans (in text order) that end within the reach before ``start``:
    a binary search, so each figure costs the same however long the text."""
    lo = bisect_right(ends, start - _MEASURE_REACH - 1)
    hi = bisect_right(ends, start)
    return spans[lo:hi]


# (memoised: a value written again is formatted once; typed, so 5 and 5.0 stay apart)
@functools.lru_cache(maxsize=4096, typed=True)
def _clean_float(v: float) -> float:
    """Drop binary noise from scaling (1.46亿 -> 146000000, not 145999999.99…)."""
    r = float(f"{v:.12g}")
    return int(r) if r.is_integer() and abs(r) < 2**63 else r
