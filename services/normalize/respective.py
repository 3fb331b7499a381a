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

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from docpipe.document import Metric

from .periods import TimeExpr

RESPECTIVELY = "分别"


def _labels(times: Sequence[TimeExpr], starts: Sequence[int], start: int, end: int) -> list[str]:
    out: list[str] = []
    # Only the times that start in [start, end): a binary search, not a walk
    # over every time of the text for every sentence with 分别 (issue #15).
    for k in range(bisect_left(starts, start), bisect_left(starts, end)):
        t = times[k]
        if t.end > end or t.baseline or not t.period:
            continue
        if t.kind == "span" and t.first and t.last and t.last.isdigit() and t.first.isdigit():
            out.extend(str(y) for y in range(int(t.first), int(t.last) + 1))
        else:
            out.append(t.period)
    return out


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
        labels = _labels(times, time_starts, s_start, marks[0])
        if len(labels) >= 2:
            for k, mark in enumerate(marks):
                stop = marks[k + 1] if k + 1 < len(marks) else s_end
                lo, hi = bisect_right(starts, mark), bisect_right(starts, stop - 1)
                group = list(range(lo, hi))
                timed = any(
                    not times[k].baseline
                    for k in range(bisect_right(time_starts, mark), bisect_left(time_starts, stop))
                )
                if len(group) == len(labels) and not timed:
                    for i, label in zip(group, labels, strict=False):
                        out[i] = out[i].model_copy(update={"period": label})
        pos = p if p >= s_end else -1
    return out
