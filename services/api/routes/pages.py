"""What every ``/ui`` page module renders with: the Jinja2 environment over
``services/api/templates``, the document-id pattern and the links of a list
page (its pager and page sizes). Its own module so the
page modules (ui, ui_corrections, ui_webhooks) share it without importing one
another (import-linter: no cycles between sibling modules)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.responses import HTMLResponse

HERE = Path(__file__).resolve().parent.parent
STATIC = HERE / "static"
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every {{ }} escaped: article text and titles are data, never markup
    trim_blocks=True,
    lstrip_blocks=True,
)
DOC_ID = re.compile(r"^[0-9a-f]{8,64}$")


def entity_href(type_: str, name: str) -> str:
    """The page of an entity; the name quoted whole (a name may hold a slash)."""
    return f"/ui/entities/{quote(type_, safe='')}/{quote(name, safe='')}"


def facts_href(**params: str | None) -> str:
    return "/ui/facts?" + urlencode({k: v for k, v in params.items() if v})


_env.globals.update(entity_href=entity_href, facts_href=facts_href)  # links every template may make


# The page sizes a list page's menu offers (a link may ask for any the API allows).
PAGE_SIZES = (20, 50, 100)


def query_of(request: Any) -> dict[str, str]:
    """A list page's query parameters, stripped."""
    return {k: v.strip() for k, v in request.query_params.items()}


def page_limit(p: dict[str, str], default: int) -> int:
    """The page size the query asks for (1 to 200, as the API allows), else ``default``."""
    return int(p["limit"]) if p.get("limit", "").isdigit() and 1 <= int(p["limit"]) <= 200 else default


def kept_params(p: dict[str, str]) -> dict[str, str]:
    """The query's filters and page size: what a list page's links keep."""
    return {k: v for k, v in p.items() if v and k != "cursor"}


def list_links(path: str, p: dict[str, str], limit: int, next_cursor: str | None) -> dict[str, Any]:
    """What a list page's pager and page-size menu are given: the first page
    (on a later page), the next page (when there is one), the sizes."""
    kept = kept_params(p)
    return {
        "next_url": f"{path}?{urlencode({**kept, 'cursor': next_cursor})}" if next_cursor else None,
        "first_url": f"{path}?{urlencode(kept)}" if p.get("cursor") else None,
        "page_sizes": sorted({*PAGE_SIZES, limit}),
        "limit": limit,
    }


def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)
