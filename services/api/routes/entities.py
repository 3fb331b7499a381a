"""``GET /entities`` and ``GET /entities/{type}/{name}``: entities across documents.

One canonical entity per real thing (``docpipe.canonical``): a company's
short and full legal names, a park written with or without its last
character, are one row with the other forms as ``aliases``. The store reads
(``docpipe.store.entities``); ``format=csv|jsonl|parquet`` streams every
entity of the query as flat rows (aliases ``|``-joined).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import orjson
from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from docpipe.document import ENTITY_TYPES
from docpipe.errors import InvalidCursor, StoreUnavailable
from docpipe.store.base import DocumentQuery
from docpipe.store.entities import EntityQuery, decode_entity_cursor
from docpipe.store.entity_index import entity_index
from docpipe.store.entity_renames import renamed_to

from ..deps import StoreDep
from ..export import Columns, check_format, export_response, iter_pages, with_exports
from ..paging import page_response
from ..params import EntityType, Format
from ..problems import EntityNotFound, InvalidQuery, UnknownFormat
from ..schemas import DocumentSummary, PageLinks, header, ok, problem_responses
from .facts import Fact

router = APIRouter(tags=["entities"])

ENTITY_EXPORT_COLUMNS: Columns = (
    ("type", "string"),
    ("name", "string"),
    ("aliases", "string"),
    ("adcode", "string"),
    ("documents", "int64"),
    ("mentions", "int64"),
    ("first_seen", "string"),
    ("last_seen", "string"),
)
DETAIL_DOCUMENTS = 20


class EntityRow(BaseModel):
    """One canonical entity across the stored documents."""

    type: str
    name: str = Field(description="canonical name")
    aliases: list[str] = Field(description="the other names documents wrote it with")
    adcode: str | None = Field(description="a region's adcode; the region a park lies in")
    documents: int = Field(description="documents naming it")
    mentions: int = Field(description="mentions in those documents")
    first_seen: str | None = Field(description="earliest date (published, else stored) of a document naming it")
    last_seen: str | None


class EntityPage(BaseModel):
    """GET /entities: one page, by type then canonical name."""

    items: list[EntityRow]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last one")
    links: PageLinks


class RelatedEntity(BaseModel):
    type: str
    name: str
    documents: int = Field(description="documents naming both (of this entity's newest 1,000)")


class EntityDocuments(BaseModel):
    items: list[DocumentSummary]
    next: str | None = Field(description="GET /documents with this entity's filter: its next page; null when none")


class EntityDetail(BaseModel):
    """GET /entities/{type}/{name}: the entity, its newest documents, the facts
    whose subject it is, and the entities named most often with it."""

    entity: EntityRow
    documents: EntityDocuments
    facts: list[Fact]
    related: list[RelatedEntity]


class RenamedEntity(BaseModel):
    type: str
    name: str = Field(description="canonical name")
    href: str = Field(description="its GET /entities/{type}/{name}")
    doc_id: str = Field(description="the document whose correction renamed it")
    correction: str = Field(description="that correction's id")


class EntityRenamed(BaseModel):
    """GET /entities/{type}/{name} of a name no document has any more because
    corrections renamed (or retyped) it: what it became, newest first; the
    first is the ``Location``."""

    renamed_to: list[RenamedEntity]


_ROW: dict[str, Any] = {
    "type": "organization",
    "name": "宁德时代",
    "aliases": ["宁德时代新能源科技股份有限公司"],
    "adcode": None,
    "documents": 3,
    "mentions": 5,
    "first_seen": "2024-01-10",
    "last_seen": "2024-11-24",
}
_RENAMED: dict[str, Any] = {
    "renamed_to": [
        {
            "type": "organization",
            "name": "宁德时代新能源科技",
            "href": "/entities/organization/%E5%AE%81%E5%BE%B7%E6%97%B6%E4%BB%A3%E6%96%B0%E8%83%BD%E6%BA%90%E7%A7%91%E6%8A%80",
            "doc_id": "3f2a9c0d1e8b4a7f",
            "correction": "cor_17ac2e5b9c1d2e3fa1b2c3d4",
        }
    ]
}
_PAGE: dict[str, Any] = {"items": [_ROW], "next_cursor": None, "links": {}}
_DETAIL: dict[str, Any] = {
    "entity": _ROW,
    "documents": {
        "items": [],
        "next": "/documents?entity=%E5%AE%81%E5%BE%B7%E6%97%B6%E4%BB%A3&entity_type=organization",
    },
    "facts": [],
    "related": [{"type": "region", "name": "宁德市", "documents": 2}],
}


def _json(obj: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(obj), media_type="application/json", headers=headers)


def _check_type(value: str | None) -> None:
    if value is not None and value not in ENTITY_TYPES:
        raise InvalidQuery(f"type must be one of {', '.join(ENTITY_TYPES)}")


def api_entity_href(type_: str, name: str) -> str:
    """GET /entities/{type}/{name}, the name quoted whole (it may hold a slash)."""
    return f"/entities/{quote(type_, safe='')}/{quote(name, safe='')}"


def export_row(item: dict[str, Any]) -> dict[str, Any]:
    """An entity as a flat export row (aliases ``|``-joined)."""
    return {**item, "aliases": "|".join(item["aliases"])}


@router.get(
    "/entities",
    response_model=EntityPage,
    operation_id="list_entities",
    summary="Canonical entities across documents, with aliases, counts and dates",
    responses={
        **with_exports(
            ok(200, _PAGE, headers={"Link": header('`<next page>; rel="next"` when there is one')}),
            ENTITY_EXPORT_COLUMNS,
        ),
        **problem_responses(InvalidCursor, InvalidQuery, UnknownFormat, StoreUnavailable),
    },
)
def list_entities(
    request: Request,
    store: StoreDep,
    type: EntityType = None,
    q: Annotated[str | None, Query(max_length=200, description="any name of the entity, or a part of one")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the page before")] = None,
    format: Format = None,
) -> Response:
    fmt = check_format(format)
    _check_type(type)
    index = entity_index(store)
    query = EntityQuery(type=type, q=q)
    if fmt is not None:
        if cursor:
            decode_entity_cursor(cursor)  # refused now, not after the first byte
        pages = iter_pages(lambda c: index.list_entities(query, limit=500, cursor=c), cursor)
        return export_response((export_row(r) for r in pages), ENTITY_EXPORT_COLUMNS, fmt, "entities")
    page = index.list_entities(query, limit=limit, cursor=cursor)
    return page_response(request, "/entities", page.items, page.next_cursor)


@router.get(
    "/entities/{type}/{name}",
    response_model=EntityDetail,
    operation_id="get_entity",
    summary="One entity by any of its names: its documents, facts and the entities named with it",
    responses={
        **ok(200, _DETAIL),
        307: {
            "model": EntityRenamed,
            "description": "No document names it now: a correction renamed it; Location is its new name",
            "headers": {"Location": header("GET /entities/{type}/{new name}")},
            "content": {"application/json": {"example": _RENAMED}},
        },
        **problem_responses(EntityNotFound, InvalidQuery, StoreUnavailable),
    },
)
def get_entity(
    store: StoreDep,
    type: Annotated[str, Path(description="|".join(ENTITY_TYPES), json_schema_extra={"enum": list(ENTITY_TYPES)})],
    name: Annotated[str, Path(max_length=200, description="the canonical name or any alias")],
    documents: Annotated[int, Query(ge=1, le=200, description="how many of its newest documents")] = DETAIL_DOCUMENTS,
) -> Response:
    _check_type(type)
    index = entity_index(store)
    item = index.entity(type, name)
    if item is None:
        renamed = [{**r, "href": api_entity_href(r["type"], r["name"])} for r in renamed_to(store, type, name)]
        if renamed:
            return Response(
                orjson.dumps({"renamed_to": renamed}),
                status_code=307,
                media_type="application/json",
                headers={"Location": renamed[0]["href"]},
            )
        raise EntityNotFound(f"no stored document names a {type} {name[:60]!r}", type=type, name=name)
    page = store.list_documents(DocumentQuery(entity_name=item["name"], entity_type=type), limit=documents)
    more = (
        f"/documents?entity={quote(item['name'])}&entity_type={type}&cursor={page.next_cursor}"
        if page.next_cursor
        else None
    )
    return _json(
        {
            "entity": item,
            "documents": {"items": page.items, "next": more},
            "facts": index.entity_facts(item),
            "related": index.related(item),
        }
    )
