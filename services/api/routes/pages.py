"""What every ``/ui`` page module renders with: the Jinja2 environment over
``services/api/templates`` and the document-id pattern. Its own module so the
page modules (ui, ui_corrections, ui_webhooks) share it without importing one
another (import-linter: no cycles between sibling modules)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

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


def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)
