"""Figures listed after 分别 take the times listed before it, one each.

``2019年~2021年，公司营业收入分别为3.2亿元、4.1亿元、5.6亿元`` gives each
figure its own year (2019, 2020, 2021), not the interval to all three;
``2019年、2020年、2021年及2022年上半年，净利润分别为…`` gives the fourth figure
the half year. The times are those of the sentence before its first 分别
(an interval of years counts one time per year); each run of figures after a
分别 (up to the next 分别 or the sentence's end) is matched one to one, only
when the counts are equal and no time stands among the figures (then each
figure already has its own).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from docpipe.document import Metric

from .periods import TimeExpr, restates_relative_day

RESPECTIVELY = "分别"
# How many sentences before a 分别 its times may stand (within the paragraph).
_SENTENCES_BACK = 3


# Quarters listed before one 季度 (``一、二、三季度``): the time found is the last
# quarter; the numerals before it name the others of the same year.
_QUARTER_LIST = re.compile(r"((?:[一二三四1-4]、)+)(?:第)?[一二三四1-4]季度$")
_QUARTER_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"(\d{4})-(\d{2})/\d{4}-(\d{2})")


def _listed_quarters(t: TimeExpr, folded: str) -> list[str]:
    """The quarters written before ``t`` in a list sharing its 季度, then ``t``'s own."""
    if not t.period:
        return []
    m = _QUARTER.fullmatch(t.period)
    if not m or int(m.group(3)) - int(m.group(2)) != 2:
        return [t.period]
    head = _QUARTER_LIST.search(folded, max(0, t.start - 12), t.end)
    if not head or head.end() != t.end:
        return [t.period]
    year = m.group(1)
    quarters = [_QUARTER_NUM[c] for c in head.group(1) if c in _QUARTER_NUM]
    listed = [f"{year}-{3 * q - 2:02d}/{year}-{3 * q:02d}" for q in quarters]
    return [*listed, t.period]


def _labels(times: Sequence[TimeExpr], starts: Sequence[int], start: int, end: int, folded: str) -> list[str]:
    out: list[str] = []
    # Only the times that start in [start, end): a binary search, not a walk
    # over every time of the text for every sentence with 分别 (issue #15).
    for k in range(bisect_left(starts, start), bisect_left(starts, end)):
        t = times[k]
        if t.end > end or t.baseline or not t.period:
            continue
        if k and restates_relative_day(times[k - 1], t, folded):
            continue  # 今天（1月8日）: one day, written twice
        if t.kind == "span" and t.first and t.last and t.last.isdigit() and t.first.isdigit():
            out.extend(str(y) for y in range(int(t.first), int(t.last) + 1))
        else:
            out.extend(_listed_quarters(t, folded))
    # A year that the next time narrows (今年|一、二、三季度) is no label of its own.
    return [label for i, label in enumerate(out) if not (i + 1 < len(out) and out[i + 1].startswith(label + "-"))]


_LIST_GAP = re.compile(r"\s*(?:[、,，和及与]\s*)?")


def _runs(metrics: Sequence[Metric], group: Sequence[int], folded: str) -> list[list[int]]:
    """``group``'s figures split where anything but a list mark stands between two."""
    runs: list[list[int]] = []
    for i in group:
        if runs and _LIST_GAP.fullmatch(folded, metrics[runs[-1][-1]].end, metrics[i].start):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def assign_respective_periods(
    metrics: list[Metric], times: Sequence[TimeExpr], folded: str, sent_starts: Sequence[int]
) -> list[Metric]:
    if RESPECTIVELY not in folded:
        return metrics
    starts = [m.start for m in metrics]
    time_starts = [t.start for t in times]
    out = list(metrics)
    pos = folded.find(RESPECTIVELY)
    while pos >= 0:
        si = bisect_right(sent_starts, pos) - 1
        s_start = sent_starts[si] if si >= 0 else 0
        s_end = sent_starts[si + 1] if si + 1 < len(sent_starts) else len(folded)
        marks = []
        p = pos
        while 0 <= p < s_end:
            marks.append(p)
            p = folded.find(RESPECTIVELY, p + len(RESPECTIVELY))
        labels = _labels(times, time_starts, s_start, marks[0], folded)
        # "今年一、二、三季度，…同比均增长。营收分别为a、b、c；净利分别为d、e、f": the
        # times may stand a sentence or two before, in the same paragraph, when this
        # one has none.
        back = si - 1
        while not labels and back >= max(0, si - _SENTENCES_BACK):
            if "\n" in folded[sent_starts[back] : s_start]:
                break
            labels = _labels(times, time_starts, sent_starts[back], sent_starts[back + 1], folded)
            back -= 1
        if len(labels) >= 2:
            for k, mark in enumerate(marks):
                stop = marks[k + 1] if k + 1 < len(marks) else s_end
                lo, hi = bisect_right(starts, mark), bisect_right(starts, stop - 1)
                group = list(range(lo, hi))
                timed = any(
                    not times[k].baseline
                    for k in range(bisect_right(time_starts, mark), bisect_left(time_starts, stop))
                )
                if timed:
                    continue
                # "分别为a、b、c，同比增速为d、e、f": each run of listed figures as long
                # as the times takes them one to one.
                runs = _runs(metrics, group, folded)
                if len(group) == len(labels) or (runs and all(len(r) == len(labels) for r in runs)):
                    for run in [group] if len(group) == len(labels) else runs:
                        for i, label in zip(run, labels, strict=True):
                            out[i] = out[i].model_copy(update={"period": label})
        pos = p if p >= s_end else -1
    return out
