"""``GET /facts``: figures across documents, each with every source that says it.

The query parameters are resolved here (a subject to its canonical name, a
measure name to its canonical id, periods to days) and the store reads the
page (``docpipe.store.facts``). ``format=csv|jsonl|parquet`` streams every
fact of the query instead, one row per (fact, source).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from docpipe.document import ENTITY_TYPES, Qualifier
from docpipe.errors import InvalidCursor, StoreUnavailable
from docpipe.store.base import Store
from docpipe.store.facts import (
    EXPORT_COLUMNS,
    FactQuery,
    decode_fact_cursor,
    export_rows,
    query_period,
)

from ..deps import StoreDep
from ..export import check_format, export_content, export_response
from ..paging import page_response
from ..params import EntityType, Format, PeriodFrom, PeriodTo, PublishedFrom, PublishedTo
from ..problems import InvalidQuery, InvertedRange, UnknownFormat, UnknownMeasure
from ..responses import query_date as _date
from ..schemas import JSON, PageLinks, carry, header, problem_responses

router = APIRouter(tags=["facts"])


class SubjectEntity(BaseModel):
    type: str | None
    name: str
    adcode: str | None


class FactSource(BaseModel):
    document_id: str
    title: str | None
    published_at: str | None
    duplicate_of: str | None = Field(description="the document this one is a near-duplicate of, if any")
    text: str = Field(description="the figure as written")
    start: int = Field(description="character offsets of the figure in the document's clean_text")
    end: int
    sentence: str | None = Field(description="the sentence the figure is in")
    measure: str | None = Field(description="the measure as this source writes it")
    subject: str | None = Field(description="the subject as this source writes it")


class Fact(BaseModel):
    fact_id: str = Field(description="stable id of (subject, measure, period, unit, value, value_max, qualifier)")
    value: float
    value_max: float | None
    unit: str
    qualifier: Qualifier
    period: str | None
    measure_id: str | None = Field(description="canonical measure id (null where none matched)")
    measure: str | None
    subject: str | None
    subject_entity: SubjectEntity | None
    conflict: bool = Field(description="another value is stored for the same subject, measure, period and unit")
    documents: int = Field(description="distinct documents saying it; a near-duplicate counts as its original")
    sources: list[FactSource]


class FactPage(BaseModel):
    """GET /facts: one page of facts ordered by subject, measure, period, value."""

    items: list[Fact]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last one")
    links: PageLinks


_SOURCE: dict[str, Any] = {
    "document_id": "6f1c2a9e0b7d4c35",
    "title": "苏州工业园区2023年经济运行情况",
    "published_at": "2024-01-20",
    "duplicate_of": None,
    "text": "3686亿元",
    "start": 18,
    "end": 24,
    "sentence": "苏州工业园区2023年实现地区生产总值3686亿元，同比增长5.6%。",
    "measure": "地区生产总值",
    "subject": "苏州工业园区",
}
FACT_PAGE_EXAMPLE: dict[str, Any] = {
    "items": [
        {
            "fact_id": "54a50269dda70d25",
            "value": 368600000000.0,
            "value_max": None,
            "unit": "CNY",
            "qualifier": "exact",
            "period": "2023",
            "measure_id": "gdp",
            "measure": "地区生产总值",
            "subject": "苏州工业园区",
            "subject_entity": {"type": "park", "name": "苏州工业园区", "adcode": "320571"},
            "conflict": False,
            "documents": 1,
            "sources": [_SOURCE],
        }
    ],
    "next_cursor": None,
    "links": {},
}


def _period(value: str | None, name: str, *, end: bool) -> str | None:
    if value is None:
        return None
    day = query_period(value, end=end)
    if day is None:
        raise InvalidQuery(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value[:40]!r}")
    return day


def subject_keys(subject: str | None) -> tuple[str, ...]:
    """The subject as given and its canonical entity name (an alias finds the entity)."""
    if not subject:
        return ()
    keys = [subject]
    try:
        from docpipe.canonical import canonical_name
    except ImportError:  # until the canonical entity names are there
        return tuple(keys)
    name = canonical_name(subject)  # the company rules, then the park rules
    if name and name not in keys:
        keys.append(name)
    return tuple(keys)


def measure_key(store: Store, measure: str | None) -> str | None:
    """A canonical measure id (given as the id, its name or an alias), else a
    measure as written that some stored fact has; else ``unknown_measure``."""
    if not measure:
        return None
    try:
        from services.normalize import measures
    except ImportError:  # until the measures table is there
        measures = None  # type: ignore[assignment]
    if measures is not None:
        table = measures.table()
        base, _, aspect = measure.partition(".")
        if base in table.by_id and (not aspect or aspect in measures.ASPECTS):
            return measure
        found = table.forms.get(measures.fold(measure))
        if found:
            return found
    if store.has_measure_key(measure):
        return measure
    raise UnknownMeasure(
        f"{measure[:40]!r} is no canonical measure id, name or alias, and no stored fact has it as its measure",
        measure=measure[:200],
    )


def fact_query(
    store: Store,
    *,
    subject: str | None = None,
    adcode: str | None = None,
    entity_type: str | None = None,
    measure: str | None = None,
    unit: str | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
) -> FactQuery:
    """The store query of the route's parameters, or the problem they make."""
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise InvalidQuery(f"entity_type must be one of {', '.join(ENTITY_TYPES)}")
    query = FactQuery(
        subject_keys=subject_keys(subject),
        adcode=adcode,
        entity_type=entity_type,
        unit=unit or None,
        period_from=_period(period_from, "period_from", end=False),
        period_to=_period(period_to, "period_to", end=True),
        published_from=_date(published_from, "published_from"),
        published_to=_date(published_to, "published_to"),
    )
    if query.period_from and query.period_to and query.period_from > query.period_to:
        raise InvertedRange(
            f"period_from {period_from} is after period_to {period_to}", range=["period_from", "period_to"]
        )
    if query.published_from and query.published_to and query.published_from > query.published_to:
        raise InvertedRange(
            f"published_from {published_from} is after published_to {published_to}",
            range=["published_from", "published_to"],
        )
    # Last: the measure may need a store read.
    return FactQuery(**{**query.__dict__, "measure_key": measure_key(store, measure)})


@router.get(
    "/facts",
    response_model=FactPage,
    operation_id="list_facts",
    summary="Figures across documents, each with every source; or an export of them all",
    description="Filters AND. A fact is one (subject, measure, period, unit, value) with every sentence and "
    "document that says it (reposts and repeats are sources of one fact); two values for one subject, "
    "measure, period and unit are both returned with `conflict: true`. With `format=csv|jsonl|parquet` the "
    "response streams every fact of the query from `cursor` on, one row per (fact, source), same columns "
    "in each format.",
    responses={
        200: {
            "content": {JSON: carry(FACT_PAGE_EXAMPLE), **export_content(EXPORT_COLUMNS)},
            "headers": {"Link": header('`<next page>; rel="next"` when there is one')},
        },
        **problem_responses(
            InvalidCursor, InvalidQuery, UnknownMeasure, InvertedRange, UnknownFormat, StoreUnavailable
        ),
    },
)
def list_facts(
    request: Request,
    store: StoreDep,
    subject: Annotated[str | None, Query(description="a subject: entity name or alias, or as written")] = None,
    adcode: Annotated[str | None, Query(pattern=r"^\d{6}$", description="the subject lies in this region")] = None,
    entity_type: EntityType = None,
    measure: Annotated[str | None, Query(description="canonical measure id (`gdp`), its name or an alias")] = None,
    unit: Annotated[str | None, Query(description="canonical unit: CNY, percent, count, …")] = None,
    period_from: PeriodFrom = None,
    period_to: PeriodTo = None,
    published_from: PublishedFrom = None,
    published_to: PublishedTo = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the page before")] = None,
    format: Format = None,
) -> Response:
    fmt = check_format(format)
    query = fact_query(
        store,
        subject=subject,
        adcode=adcode,
        entity_type=entity_type,
        measure=measure,
        unit=unit,
        period_from=period_from,
        period_to=period_to,
        published_from=published_from,
        published_to=published_to,
    )
    if fmt is not None:
        if cursor:
            decode_fact_cursor(cursor)  # refused now, not after the first byte
        return export_response(export_rows(store.iter_facts(query, cursor=cursor)), EXPORT_COLUMNS, fmt, "facts")
    page = store.query_facts(query, limit=limit, cursor=cursor)
    return page_response(request, "/facts", page.items, page.next_cursor)
