"""What every ``/ui`` page module renders with: the Jinja2 environment over
``services/api/templates`` and the document-id pattern. Its own module so the
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


def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)
