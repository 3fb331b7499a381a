"""Server-rendered pages for people: ``/ui`` (the documents, filtered and
paged through the same store query as ``GET /documents``) and
``/ui/documents/{id}`` (the clean text with every entity and figure
highlighted, the side panel, the stage timeline, the removed debris).

Jinja2 with autoescaping; the highlighted text is built here from escaped
pieces (``markupsafe``), so article text is always shown as text. No
JavaScript is needed to read anything.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from markupsafe import Markup, escape
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from docpipe.document import ENTITY_TYPES, Document, Status
from docpipe.errors import DocpipeError
from docpipe.store.base import DocumentQuery

from ..deps import StoreDep
from .pages import DOC_ID, PAGE_SIZES, STATIC, list_links, page_limit, query_of
from .pages import page as _page

router = APIRouter(include_in_schema=False)

ADCODE = re.compile(r"^\d{6}$")
STATIC_NAME = re.compile(r"^[a-z0-9_-]+\.(css|js)$")


@router.get("/ui/static/{name}")
def static_file(name: str) -> Response:
    if not STATIC_NAME.match(name) or not (STATIC / name).is_file():
        return _page("error.html", 404, title="Not found", message=f"no static file {name}")
    return FileResponse(STATIC / name, headers={"Cache-Control": "max-age=300"})


# ---------------------------------------------------------------- the list


def _date_or_error(value: str, name: str, errors: list[str]) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        errors.append(f"{name} must be a date YYYY-MM-DD, not {value!r}")
        return None


@router.get("/ui", response_class=HTMLResponse)
def list_page(request: Request, store: StoreDep) -> Response:
    p = query_of(request)
    q = p.get("q", "")
    # A document id in the search box opens that document.
    if DOC_ID.match(q) and store.get_document(q, fields=()) is not None:
        return RedirectResponse(f"/ui/documents/{q}", status_code=303)
    errors: list[str] = []
    status = p.get("status", "")
    if status and status not in Status.__members__:
        errors.append(f"status must be one of {', '.join(Status.__members__)}")
        status = ""
    entity_type = p.get("entity_type", "")
    if entity_type and entity_type not in ENTITY_TYPES:
        errors.append(f"entity type must be one of {', '.join(ENTITY_TYPES)}")
        entity_type = ""
    adcode = p.get("adcode", "")
    if adcode and not ADCODE.match(adcode):
        errors.append(f"adcode must be six digits, not {adcode!r}")
        adcode = ""
    # The menu offers PAGE_SIZES; a link may ask for any size the API allows.
    limit = page_limit(p, PAGE_SIZES[0])
    # The search box is the canonical entity name filter of the list query
    # (the store has no full-text search over articles).
    query = DocumentQuery(
        status=Status(status) if status else None,
        entity_name=q or None,
        entity_type=entity_type or None,
        adcode=adcode or None,
        industry=p.get("industry") or None,
        published_from=_date_or_error(p.get("published_from", ""), "published from", errors),
        published_to=_date_or_error(p.get("published_to", ""), "published to", errors),
    )
    items: list[dict[str, Any]] = []
    next_cursor = None
    if not errors:
        try:
            page = store.list_documents(query, limit=limit, cursor=p.get("cursor") or None)
        except DocpipeError as exc:  # a bad cursor, the store down
            errors.append(str(exc))
        else:
            items = page.items
            next_cursor = page.next_cursor
    filtered = any(
        p.get(k) for k in ("q", "status", "entity_type", "adcode", "industry", "published_from", "published_to")
    )
    return _page(
        "list.html",
        400 if errors else 200,
        title="Documents",
        params=p,
        errors=errors,
        items=items,
        filtered=filtered,
        statuses=list(Status.__members__),
        entity_types=ENTITY_TYPES,
        **list_links("/ui", p, limit, next_cursor),
    )


# ------------------------------------------------------------ the document


@dataclass(frozen=True)
class Mark:
    """One highlight: an entity or a figure over [start, end) of clean_text."""

    key: str  # e3 / m0: the element id and what split pieces share
    start: int
    end: int
    kind: str  # entity | metric
    label: str  # the entity type or the metric unit
    tip: str  # the normalised form, shown on hover (title) and focus (CSS)


def _number(x: float | None) -> str:
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6g}" if abs(x) >= 1e6 else f"{x:,.4f}".rstrip("0").rstrip(".")


def _value(m: dict[str, Any]) -> str:
    text = _number(m.get("value"))
    if m.get("value_max") is not None:
        text += f" – {_number(m['value_max'])}"
    return text


def _entity_tip(e: dict[str, Any]) -> str:
    attrs = ", ".join(f"{k} {v}" for k, v in (e.get("attributes") or {}).items() if v not in (None, ""))
    return f"{e['name']} · {e['type']}" + (f" · {attrs}" if attrs else "")


def _metric_tip(m: dict[str, Any]) -> str:
    unit = m["unit"] + (f" ({m['classifier']})" if m.get("classifier") else "")
    parts = [f"{_value(m)} {unit}", m.get("qualifier") or "exact"]
    parts += [f"{k} {m[k]}" for k in ("measure", "subject", "period") if m.get(k)]
    return " · ".join(parts)


def marks_of(doc: dict[str, Any]) -> list[Mark]:
    out = [
        Mark(f"e{i}", e["start"], e["end"], "entity", e["type"], _entity_tip(e))
        for i, e in enumerate(doc.get("entities") or [])
    ]
    out += [
        Mark(f"m{i}", m["start"], m["end"], "metric", m["unit"], _metric_tip(m))
        for i, m in enumerate(doc.get("metrics") or [])
    ]
    return [m for m in out if 0 <= m.start < m.end]


def _open_tag(m: Mark, first: bool) -> str:
    data = f'data-entity-type="{escape(m.label)}"' if m.kind == "entity" else f'data-metric-unit="{escape(m.label)}"'
    # Only the first piece of a split highlight takes the id and a tab stop.
    extra = f' id="{m.key}" tabindex="0"' if first else ' data-continued="1"'
    cls = f"hl {m.kind}" + (f" t-{m.label}" if m.kind == "entity" else "")
    return (
        f'<mark class="{cls}" {data} data-mention="{m.key}" data-start="{m.start}" data-end="{m.end}"'
        f' title="{escape(m.tip)}" data-tip="{escape(m.tip)}"{extra}>'
    )


def highlight(text: str, marks: list[Mark]) -> Markup:
    """``text`` escaped, each mark an element around its span. Overlaps that
    do not nest (an entity crossing a figure's edge) are split: the text
    between two boundaries is wrapped in every mark covering it, outer ones
    (earlier start, then later end) first, so the elements always nest; a
    mark closed early to let another close is reopened as a continued piece
    with the same data-mention and offsets."""
    marks = [m for m in marks if m.end <= len(text)]
    order = {m.key: (m.start, -m.end, m.kind != "metric", m.key) for m in marks}
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    opened: list[Mark] = []
    seen: set[str] = set()
    by_start = sorted(marks, key=lambda m: m.start)
    active: list[Mark] = []  # the marks covering the current piece: a few, however long the article
    nxt = 0
    for a, b in itertools.pairwise(bounds):
        active = [m for m in active if m.end > a]
        while nxt < len(by_start) and by_start[nxt].start <= a:
            active.append(by_start[nxt])
            nxt += 1
        want = sorted(active, key=lambda m: order[m.key])
        keep = 0
        while keep < min(len(opened), len(want)) and opened[keep] is want[keep]:
            keep += 1
        out.extend("</mark>" for _ in opened[keep:])
        for m in want[keep:]:
            out.append(_open_tag(m, m.key not in seen))
            seen.add(m.key)
        opened = want
        out.append(str(escape(text[a:b])))
    out.extend("</mark>" for _ in opened)
    return Markup("".join(out))


def removed_debris(doc: Document) -> list[dict[str, Any]]:
    """The raw text no run of ``raw_spans`` covers: what cleaning dropped
    (navigation, share lines, related-article tails, repeats)."""
    raw = doc.raw_text or ""
    covered = sorted((r[2], r[3]) for r in doc.raw_spans)
    pieces, pos = [], 0
    for start, end in [*covered, (len(raw), len(raw))]:
        if start > pos and raw[pos:start].strip():
            pieces.append({"start": pos, "end": start, "text": raw[pos:start].strip()})
        pos = max(pos, end)
    return pieces


def _entity_groups(entities: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Per type, each canonical name once, with its mentions' anchors."""
    by_type: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for i, e in enumerate(entities):
        row = by_type[e["type"]].setdefault(e["name"], {"name": e["name"], "tip": _entity_tip(e), "mentions": []})
        row["mentions"].append(f"e{i}")
    return [(t, list(by_type[t].values())) for t in ENTITY_TYPES if t in by_type]


@router.get("/ui/documents/{doc_id}", response_class=HTMLResponse)
def document_page(doc_id: str, store: StoreDep, request: Request) -> Response:
    from .corrections import read_corrected  # issue #13: corrections applied, and their form
    from .ui_corrections import correction_context

    doc = read_corrected(store, doc_id)[0] if DOC_ID.match(doc_id) else None
    if doc is None:
        return _page("error.html", 404, title="Not found", message=f"no document {doc_id}")
    data = doc.model_dump(mode="json")
    text = doc.clean_text or ""
    metrics = [{**m, "anchor": f"m{i}", "value_text": _value(m)} for i, m in enumerate(data["metrics"])]
    stage_rows = [
        {"name": name, "version": version, "ms": doc.timings_ms.get(name)} for name, version in doc.stages.items()
    ]
    other_timings = {k: v for k, v in doc.timings_ms.items() if k not in doc.stages}
    return _page(
        "document.html",
        title=doc.title or doc.id,
        doc=doc,
        text_html=highlight(text, marks_of(data)) if text else None,
        entity_groups=_entity_groups(data["entities"]),
        n_entities=len(data["entities"]),
        metrics=metrics,
        stage_rows=stage_rows,
        other_timings=other_timings,
        debris=removed_debris(doc),
        entity_types=[t for t in ENTITY_TYPES if any(e["type"] == t for e in data["entities"])],
        **correction_context(store, doc, request),
    )
