"""The geometry of the small value-over-period chart on ``/ui/facts``: one
point per fact, x the middle of its period on a time axis, y its value.

Pure arithmetic, no markup: ``templates/chart.html`` draws what this returns
as an inline SVG (autoescaped like every page), so the chart needs no
JavaScript library and no asset from anywhere. The table beside it stays the
source of truth; the chart's <desc> lists the same points in words.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docpipe.store.facts import period_bounds

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 14, 34  # room for the y labels, the x labels
MAX_X_TICKS, Y_TICKS = 7, 5
CHAR_WIDTH = 6.5  # SVG units per character of an 11px label (templates/chart.html, ui.css)


@dataclass(frozen=True)
class Tick:
    pos: float  # x or y in the SVG's coordinates
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    y_max: float | None  # the top of a range (value_max), when the fact has one
    value: float
    value_max: float | None
    period: str
    fact_id: str
    label: str  # what its <title> says
    conflict: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    points: list[Point]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    line: str | None  # polyline points, when each period has one value
    zero: float | None  # y of the zero line, when the axis crosses zero
    title: str
    desc: str
    unplotted: int  # rows without a period the axis can place


def compact(value: float) -> str:
    """A short number for an axis or a tooltip, in the units the articles
    write (万 = 1e4, 亿 = 1e8): 14127000000 → 141.27亿."""
    a = abs(value)
    for size, suffix in ((1e8, "亿"), (1e4, "万")):
        if a >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + suffix
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


# Below this a step is not a power of ten a float can hold (10 ** -324 is 0.0).
_SMALLEST_STEP = 1e-300


def _nice_step(span: float, count: int) -> float:
    """1, 2 or 5 times a power of ten, near span / count."""
    raw = span / max(count, 1)
    if not raw >= _SMALLEST_STEP:
        # A span no power of ten can step (a subnormal value beside 0: span / count underflows to
        # 0, or 10 ** exponent does): unit steps, whose ticks 0 and 1 still frame every value.
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _y_ticks(lo: float, hi: float) -> list[float]:
    step = _nice_step(hi - lo, Y_TICKS - 1)
    first = math.floor(lo / step) * step
    out, v = [], first
    while v <= hi + step * 1e-9:
        out.append(round(v, 10))
        v += step
    if out[-1] < hi:
        out.append(out[-1] + step)
    return out


def _middle(period: str | None) -> float | None:
    """The middle day of a period as an ordinal (2023 → 2023-07-02)."""
    start, end = period_bounds(period)
    if start is None or end is None or end.startswith("9999"):
        return None  # no period, one not in the contract's forms, or open-ended
    a, b = dt.date.fromisoformat(start).toordinal(), dt.date.fromisoformat(end).toordinal()
    return (a + b) / 2


def _x_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Ticks at the start of years (or of months, for less than two years)."""
    first, last = dt.date.fromordinal(math.ceil(lo)), dt.date.fromordinal(math.floor(hi))
    years = last.year - first.year
    if years >= 2:
        step = int(_nice_step(years, MAX_X_TICKS - 1)) or 1
        out = []
        for y in range(first.year, last.year + 1):
            day = dt.date(y, 1, 1).toordinal()
            if y % step == 0 and lo <= day <= hi:
                out.append((float(day), str(y)))
        return out
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next(s for s in (1, 2, 3, 6, 12) if months / s <= MAX_X_TICKS - 1)
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        day = dt.date(y, m, 1).toordinal()
        if (m - 1) % step == 0 and lo <= day <= hi:
            out.append((float(day), f"{y}-{m:02d}"))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _point_ticks(points: list[Point]) -> list[Tick]:
    """The points' own periods as the x labels, when they are few and far
    enough apart to read (1997 and 2017, not 2000, 2005, …); else none."""
    at: dict[float, str] = {}
    for p in points:
        at.setdefault(p.x, p.period)
    xs = sorted(at)
    if len(xs) > MAX_X_TICKS or any(
        b - a < (len(at[a]) + len(at[b])) / 2 * CHAR_WIDTH + 12 for a, b in itertools.pairwise(xs)
    ):
        return []
    return [Tick(x, at[x]) for x in xs]


def series_chart(facts: Sequence[dict[str, Any]], *, title: str, unit: str) -> Chart | None:
    """The chart of ``facts`` (rows of ``GET /facts``: one measure of one
    subject in one unit), or None when fewer than one has a placeable period."""
    placed = [(f, _middle(f.get("period"))) for f in facts]
    rows = [(f, x) for f, x in placed if x is not None]
    if not rows:
        return None
    xs = [x for _, x in rows]
    ys = [float(f["value"]) for f, _ in rows] + [
        float(f["value_max"]) for f, _ in rows if f.get("value_max") is not None
    ]
    x_lo, x_hi = min(xs), max(xs)
    pad = max((x_hi - x_lo) * 0.05, 183.0)  # half a year at least: one period is not at the edge
    x_lo, x_hi = x_lo - pad, x_hi + pad
    y_lo, y_hi = min(0.0, *ys), max(0.0, *ys)
    if y_lo == y_hi:
        y_hi = 1.0
    y_values = _y_ticks(y_lo, y_hi)
    y_lo, y_hi = min(y_lo, y_values[0]), max(y_hi, y_values[-1])
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM

    def sx(x: float) -> float:
        return round(left + (x - x_lo) / (x_hi - x_lo) * (right - left), 2)

    def sy(y: float) -> float:
        return round(bottom - (y - y_lo) / (y_hi - y_lo) * (bottom - top), 2)

    points = []
    for f, x in sorted(rows, key=lambda r: (r[1], r[0]["value"])):
        vmax = f.get("value_max")
        text = compact(f["value"]) + (f"–{compact(vmax)}" if vmax is not None else "")
        qualifier = "" if f.get("qualifier") in (None, "exact") else f" ({f['qualifier']})"
        points.append(
            Point(
                x=sx(x),
                y=sy(float(f["value"])),
                y_max=sy(float(vmax)) if vmax is not None else None,
                value=float(f["value"]),
                value_max=float(vmax) if vmax is not None else None,
                period=str(f["period"]),
                fact_id=str(f.get("fact_id") or ""),
                label=f"{f['period']}: {text} {unit}{qualifier}" + (" · conflict" if f.get("conflict") else ""),
                conflict=bool(f.get("conflict")),
            )
        )
    # A line only where it reads as a series: one value per period.
    one_each = len({p.x for p in points}) == len(points) > 1
    line = " ".join(f"{p.x},{p.y}" for p in points) if one_each else None
    said = "; ".join(p.label for p in points)
    unplotted = len(facts) - len(rows)
    desc = f"{len(points)} figure{'s' if len(points) != 1 else ''} by period: {said}."
    if unplotted:
        desc += f" {unplotted} without a period are only in the table."
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=points,
        x_ticks=_point_ticks(points) or [Tick(sx(x), label) for x, label in _x_ticks(x_lo, x_hi)],
        y_ticks=[Tick(sy(v), compact(v)) for v in y_values],
        line=line,
        zero=sy(0.0) if y_lo < 0 < y_hi else None,
        title=title,
        desc=desc,
        unplotted=unplotted,
    )
