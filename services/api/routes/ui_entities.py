"""``/ui/entities`` (canonical entities across documents: type filter, search,
paging; the store read of ``GET /entities``) and ``/ui/entities/{type}/{name}``
(one entity by any of its names: aliases, adcode, its newest documents, the
facts whose subject it is, the entities named most often with it; a name
corrections renamed away links to what it became)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from docpipe.document import ENTITY_TYPES
from docpipe.errors import DocpipeError
from docpipe.store.base import DocumentQuery
from docpipe.store.entities import EntityQuery
from docpipe.store.entity_index import entity_index
from docpipe.store.entity_renames import renamed_to

from ..deps import StoreDep
from .pages import entity_href, list_links, page, page_limit, query_of
from .ui_facts import fact_view

router = APIRouter(include_in_schema=False)

DOCUMENTS_SHOWN = 20
FACTS_SHOWN = 100


@router.get("/ui/entities", response_class=HTMLResponse)
def entities_page(request: Request, store: StoreDep) -> Response:
    p = query_of(request)
    errors: list[str] = []
    type_ = p.get("type", "")
    if type_ and type_ not in ENTITY_TYPES:
        errors.append(f"type must be one of {', '.join(ENTITY_TYPES)}")
    q = p.get("q", "")
    if len(q) > 200:
        errors.append("the search is longer than 200 characters")
    limit = page_limit(p, 50)
    items: list[dict[str, Any]] = []
    next_cursor = None
    if not errors:
        try:
            result = entity_index(store).list_entities(
                EntityQuery(type=type_ or None, q=q or None), limit=limit, cursor=p.get("cursor") or None
            )
        except DocpipeError as exc:  # a bad cursor, the store down
            errors.append(exc.message)
        else:
            items = result.items
            next_cursor = result.next_cursor
    return page(
        "entities.html",
        400 if errors else 200,
        title="Entities",
        params=p,
        errors=errors,
        items=items,
        filtered=bool(type_ or q),
        entity_types=ENTITY_TYPES,
        **list_links("/ui/entities", p, limit, next_cursor),
    )


# {name:path}: a name may hold a slash (sent as %2F, decoded before routing).
@router.get("/ui/entities/{type_}/{name:path}", response_class=HTMLResponse)
def entity_page(type_: str, name: str, store: StoreDep) -> Response:
    if type_ not in ENTITY_TYPES:
        return page(
            "error.html", 400, title="Not an entity type", message=f"type must be one of {', '.join(ENTITY_TYPES)}"
        )
    if not name or len(name) > 200:
        return page("error.html", 404, title="Not found", message="no such entity")
    index = entity_index(store)
    item = index.entity(type_, name)
    if item is None:
        renamed = renamed_to(store, type_, name)
        if renamed:  # no document names it now: the names a correction gave it, linked
            return page("entity_renamed.html", title=name, type=type_, name=name, renamed=renamed)
        return page("error.html", 404, title="Not found", message=f"no stored document names a {type_} {name!r}")
    docs = store.list_documents(DocumentQuery(entity_name=item["name"], entity_type=type_), limit=DOCUMENTS_SHOWN)
    facts = [fact_view(f) for f in index.entity_facts(item, limit=FACTS_SHOWN)]
    return page(
        "entity.html",
        title=item["name"],
        entity=item,
        api_href=entity_href(type_, item["name"])[len("/ui") :],  # GET /entities/{type}/{name}
        documents=docs.items,
        # The list page runs the same query (its search box is the entity filter).
        more_documents=("/ui?" + urlencode({"q": item["name"], "entity_type": type_})) if docs.next_cursor else None,
        facts=facts,
        facts_full=len(facts) >= FACTS_SHOWN,
        related=index.related(item),
    )
