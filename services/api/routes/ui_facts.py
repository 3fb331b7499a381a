"""``/ui/facts``: the facts query (``GET /facts``) as a page: its filters as a
form, the facts as a table (each with its sources linked), and, when the rows
are one measure of one subject in one unit, a small server-rendered SVG chart
of value over period (``services/api/chart.py``; the table stays the source
of truth). Readable without JavaScript, like every ``/ui`` page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from docpipe.document import ENTITY_TYPES
from docpipe.errors import DocpipeError

from ..chart import Chart, series_chart
from ..deps import StoreDep
from .facts import fact_query
from .pages import kept_params, list_links, page, page_limit, query_of
from .ui import _value

router = APIRouter(include_in_schema=False)

ADCODE = re.compile(r"^\d{6}$")
# The form's fields, in order: the facts query's filters the page offers.
FILTERS = ("subject", "measure", "adcode", "entity_type", "unit", "period_from", "period_to")
SOURCES_SHOWN = 3


def subject_key(fact: dict[str, Any]) -> str:
    """What the facts query groups a subject by: its entity's name, else as written."""
    return str((fact.get("subject_entity") or {}).get("name") or fact.get("subject") or "")


def measure_key(fact: dict[str, Any]) -> str:
    return str(fact.get("measure_id") or fact.get("measure") or "")


def fact_view(fact: dict[str, Any]) -> dict[str, Any]:
    """A fact as a table row shows it: the value as text, the first sources."""
    sources = fact.get("sources") or []
    return {
        **fact,
        "value_text": _value(fact),
        "subject_key": subject_key(fact),
        "measure_key": measure_key(fact),
        "shown_sources": sources[:SOURCES_SHOWN],
        "more_sources": max(0, len(sources) - SOURCES_SHOWN),
    }


def chart_of(items: list[dict[str, Any]]) -> tuple[Chart | None, str | None]:
    """The chart when the rows are one measure of one subject in one unit,
    else None and why not (said under the table)."""
    if not items:
        return None, None
    series = {(subject_key(f), measure_key(f)) for f in items}
    if len(series) > 1:
        return None, "a chart is drawn when the rows are one measure of one subject: filter by both"
    units = {f["unit"] for f in items}
    if len(units) > 1:
        return None, f"no chart: the rows are in {len(units)} units ({', '.join(sorted(units))})"
    ((subject, _),) = series
    first = items[0]
    measure = first.get("measure") or first.get("measure_id") or ""
    unit = first["unit"]
    chart = series_chart(items, title=f"{measure} of {subject} by period ({unit})", unit=unit)
    if chart is None:
        return None, "no chart: none of the rows has a period"
    return chart, None


@router.get("/ui/facts", response_class=HTMLResponse)
def facts_page(request: Request, store: StoreDep) -> Response:
    p = query_of(request)
    errors: list[str] = []
    adcode = p.get("adcode", "")
    if adcode and not ADCODE.match(adcode):
        errors.append(f"adcode must be six digits, not {adcode[:40]!r}")
    limit = page_limit(p, 50)
    items: list[dict[str, Any]] = []
    next_cursor = None
    if not errors:
        try:
            # The API's own resolution (aliases, measure names, periods) and refusals.
            query = fact_query(store, **{k: p.get(k) or None for k in FILTERS})
            result = store.query_facts(query, limit=limit, cursor=p.get("cursor") or None)
        except DocpipeError as exc:  # a bad filter or cursor: said in the page, as /ui does
            errors.append(exc.message)
        else:
            items = [fact_view(f) for f in result.items]
            next_cursor = result.next_cursor
    chart, no_chart = chart_of(items)
    return page(
        "facts.html",
        400 if errors else 200,
        title="Facts",
        params=p,
        errors=errors,
        items=items,
        chart=chart,
        no_chart=no_chart,
        paged=bool(next_cursor or p.get("cursor")),
        filtered=any(p.get(k) for k in FILTERS),
        entity_types=ENTITY_TYPES,
        **list_links("/ui/facts", p, limit, next_cursor),
        api_url="/facts?" + urlencode({k: v for k, v in kept_params(p).items() if k in (*FILTERS, "limit")}),
    )
