"""The facts chart's geometry (services/api/chart.py) and the facts and
entity templates rendered with hostile names: no browser, no stack."""

from __future__ import annotations

import itertools
from html.parser import HTMLParser
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from services.api.chart import HEIGHT, WIDTH, _point_ticks, compact, series_chart
from services.api.routes.pages import entity_href, page
from services.api.routes.ui_facts import chart_of, fact_view

EVIL = '<script>window.x=1</script><img src=x onerror="y">'


def _fact(period: str | None, value: float, **extra: Any) -> dict[str, Any]:
    return {
        "fact_id": f"f{period}{value}",
        "value": value,
        "value_max": None,
        "unit": "CNY",
        "qualifier": "exact",
        "period": period,
        "measure_id": "gdp",
        "measure": "地区生产总值",
        "subject": "苏州工业园区",
        "subject_entity": {"type": "park", "name": "苏州工业园区", "adcode": "320571"},
        "conflict": False,
        "documents": 1,
        "sources": [],
        **extra,
    }


def test_one_point_per_dated_fact_higher_values_higher_later_periods_right() -> None:
    facts = [_fact("2021", 3.0e11), _fact("2023", 3.686e11), _fact("2022-01/2022-09", 2.5e11), _fact(None, 1.0)]
    chart = series_chart(facts, title="t", unit="CNY")
    assert chart is not None
    assert len(chart.points) == 3 and chart.unplotted == 1
    by_period = {p.period: p for p in chart.points}
    assert by_period["2021"].x < by_period["2022-01/2022-09"].x < by_period["2023"].x
    assert by_period["2023"].y < by_period["2021"].y < by_period["2022-01/2022-09"].y  # SVG y grows downwards
    for p in chart.points:
        assert chart.left <= p.x <= chart.right and chart.top <= p.y <= chart.bottom
    assert chart.line is not None and chart.line.count(",") == 3
    assert "3 figures" in chart.desc and "1 without a period" in chart.desc
    assert next(t.label for t in chart.y_ticks) == "0"
    # Few periods, far apart: they label the axis themselves.
    assert [t.label for t in chart.x_ticks] == ["2021", "2022-01/2022-09", "2023"]
    assert [t.pos for t in chart.x_ticks] == sorted(p.x for p in chart.points)


def test_many_or_crowded_periods_get_calendar_ticks() -> None:
    yearly = series_chart([_fact(str(y), float(y)) for y in range(2000, 2021)], title="t", unit="CNY")
    assert yearly is not None and [t.label for t in yearly.x_ticks] == ["2000", "2005", "2010", "2015", "2020"]
    # Two months a month apart on an axis of a year or so: their labels would overlap.
    monthly = series_chart([_fact(f"2023-{m:02d}", 1.0) for m in (1, 2)], title="t", unit="CNY")
    assert monthly is not None and _point_ticks(monthly.points) == []
    assert monthly.x_ticks and all(t.label.startswith(("2022-", "2023-")) for t in monthly.x_ticks)


def test_two_values_for_one_period_get_no_line_and_both_points() -> None:
    facts = [_fact("2023", 100.0, conflict=True), _fact("2023", 120.0, conflict=True), _fact("2022", 90.0)]
    chart = series_chart(facts, title="t", unit="CNY")
    assert chart is not None and chart.line is None
    assert len(chart.points) == 3 and sum(p.conflict for p in chart.points) == 2


def test_negative_values_draw_a_zero_line_and_ranges_a_bar() -> None:
    chart = series_chart(
        [_fact("2020", -2.5, unit="percent"), _fact("2021", 4.0, value_max=6.0)], title="t", unit="percent"
    )
    assert chart is not None and chart.zero is not None and chart.top < chart.zero < chart.bottom
    (ranged,) = [p for p in chart.points if p.value_max is not None]
    assert ranged.y_max is not None and ranged.y_max < ranged.y


def test_no_chart_without_periods_or_for_several_series() -> None:
    assert series_chart([_fact(None, 1.0), _fact("2018/", 2.0)], title="t", unit="CNY") is None
    mixed = [fact_view(_fact("2021", 1.0)), fact_view(_fact("2022", 2.0, measure_id="fiscal_revenue"))]
    chart, why = chart_of(mixed)
    assert chart is None and why and "one measure of one subject" in why
    units = [fact_view(_fact("2021", 1.0)), fact_view(_fact("2022", 2.0, unit="percent"))]
    assert "2 units" in str(chart_of(units)[1])


@given(st.lists(st.tuples(st.integers(1990, 2030), st.floats(-1e12, 1e12, allow_nan=False)), min_size=1, max_size=30))
@settings(max_examples=200, deadline=None)
# Found by this test: a subnormal value beside 0 (the step underflowed to 0: math domain error).
@example(rows=[(2020, 5e-324)])
@example(rows=[(2020, 0.0), (2021, 1e-310)])
def test_every_point_and_tick_is_inside_the_picture(rows: list[tuple[int, float]]) -> None:
    chart = series_chart([_fact(str(y), v) for y, v in rows], title="t", unit="CNY")
    assert chart is not None and len(chart.points) == len(rows)
    for p in chart.points:
        assert 0 <= p.x <= WIDTH and 0 <= p.y <= HEIGHT
    for t in chart.y_ticks:
        assert chart.top - 0.01 <= t.pos <= chart.bottom + 0.01
    for t in chart.x_ticks:
        assert chart.left <= t.pos <= chart.right
    # The ordering of the values is the (reversed) ordering of the y's.
    pts = sorted(chart.points, key=lambda p: p.value)
    assert all(a.y >= b.y for a, b in itertools.pairwise(pts))


def test_compact_numbers_in_the_articles_units() -> None:
    assert compact(14_127_000_000) == "141.27亿"
    assert compact(25_000) == "2.5万"
    assert compact(-3.5) == "-3.5"
    assert compact(1200) == "1,200"


def _render(template: str, **context: Any) -> str:
    return bytes(page(template, **context).body).decode()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_names_and_titles_are_text_in_the_facts_and_entity_pages() -> None:
    facts = [
        fact_view(
            _fact(
                "2022",
                1.0,
                subject=EVIL,
                subject_entity={"type": "park", "name": EVIL, "adcode": None},
                sources=[
                    {
                        "document_id": "ab" * 8,
                        "title": EVIL,
                        "published_at": None,
                        "duplicate_of": None,
                        "text": "1元",
                        "start": 0,
                        "end": 2,
                        "sentence": EVIL,
                        "measure": EVIL,
                        "subject": EVIL,
                    }
                ],
            )
        ),
        fact_view(_fact("2023", 2.0, subject=EVIL, subject_entity={"type": "park", "name": EVIL, "adcode": None})),
    ]
    chart, _ = chart_of(facts)
    assert chart is not None and EVIL in chart.title
    html = _render(
        "facts.html",
        title="Facts",
        params={"subject": EVIL},
        errors=[EVIL],
        items=facts,
        chart=chart,
        no_chart=None,
        paged=False,
        next_url=None,
        first_url=None,
        filtered=True,
        entity_types=["park"],
        page_sizes=[50],
        limit=50,
        api_url="/facts",
    )
    entity = {
        "type": "park",
        "name": EVIL,
        "aliases": [EVIL],
        "adcode": None,
        "documents": 1,
        "mentions": 1,
        "first_seen": None,
        "last_seen": None,
    }
    html += _render(
        "entity.html",
        title=EVIL,
        entity=entity,
        api_href="/entities/park/x",
        documents=[{"id": "ab" * 8, "title": EVIL, "published_at": None, "created_at": None}],
        more_documents=None,
        facts=facts,
        facts_full=False,
        related=[{"type": "park", "name": EVIL, "documents": 1}],
    )
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert "&lt;script&gt;" in html
    # A link to the entity's page quotes the whole name, slashes too.
    assert entity_href("park", "a/b <c>") == "/ui/entities/park/a%2Fb%20%3Cc%3E"
    assert entity_href("park", EVIL) in html.replace("&amp;", "&")
