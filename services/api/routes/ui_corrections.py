"""The correction form of ``/ui/documents/{id}``: a plain POST form (no
JavaScript) that becomes one ``POST /documents/{id}/corrections`` body, and
the context the page shows it with (the mentions to pick from, the
corrections made so far)."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from docpipe import corrections as corr
from docpipe.document import ENTITY_TYPES, Document
from docpipe.errors import DocpipeError, InvalidBody
from docpipe.store.base import Store
from docpipe.store.corrections import corrections_for

from ..access import require_scope
from ..deps import ApiSettingsDep, BackboneDep
from .corrections import who
from .pages import DOC_ID
from .pages import page as _page

router = APIRouter(include_in_schema=False)

FORM_ACTIONS = {
    "reject_entity": "reject an entity",
    "edit_entity": "change an entity's type or name",
    "add_entity": "add a missed entity",
    "edit_metric": "fix a figure's unit, value or period",
}


def correction_context(store: Store, doc: Document, request: Request) -> dict[str, Any]:
    """What the page's correction section needs."""
    targets = [
        {"value": f"e:{e.start}:{e.end}:{e.type}", "label": f"{e.type} · {e.text} → {e.name} [{e.start}–{e.end}]"}
        for e in doc.entities
    ]
    targets += [
        {
            "value": f"m:{m.start}:{m.end}",
            "label": f"figure · {m.text} = {m.value:g} {m.unit}"
            f"{' · ' + m.period if m.period else ''} [{m.start}–{m.end}]",
        }
        for m in doc.metrics
    ]
    made = corrections_for(store).of(doc.id) if doc.clean_text is not None else []
    return {
        "correctable": doc.clean_text is not None,
        "targets": targets,
        "corrections": [corr.public(c) for c in made],
        "form_actions": FORM_ACTIONS,
        "all_entity_types": ENTITY_TYPES,
        "notice": request.query_params.get("notice", ""),
        "form_error": request.query_params.get("error", ""),
    }


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _target(form: Any) -> tuple[str, int, int, str | None]:
    parts = _field(form, "target").split(":")
    try:
        kind, start, end = parts[0], int(parts[1]), int(parts[2])
    except (IndexError, ValueError):
        raise InvalidBody("pick the entity or figure to correct") from None
    return kind, start, end, parts[3] if len(parts) > 3 else None


def _span(form: Any, text: str) -> tuple[int, int]:
    """The added entity's span: start and end if given, else the first
    occurrence of the text typed (after ``start`` if that alone is given)."""
    start, end, typed = _field(form, "start"), _field(form, "end"), _field(form, "span_text")
    if start and end:
        try:
            return int(start), int(end)
        except ValueError:
            raise InvalidBody("start and end must be whole numbers") from None
    if not typed:
        raise InvalidBody("type the missed entity's text as it appears (or its start and end)")
    at = text.find(typed, int(start) if start.isdigit() else 0)
    if at < 0:
        raise InvalidBody(f"{typed!r} does not occur in the clean text")
    return at, at + len(typed)


def body_from_form(form: Any, text: str) -> dict[str, Any]:
    action = _field(form, "action")
    body: dict[str, Any] = {"action": action}
    if _field(form, "note"):
        body["note"] = _field(form, "note")
    if action == "add_entity":
        body["start"], body["end"] = _span(form, text)
        body["type"] = _field(form, "type") or None
        if _field(form, "name"):
            body["name"] = _field(form, "name")
        return body
    if action not in FORM_ACTIONS:
        raise InvalidBody("choose what to do")
    kind, body["start"], body["end"], etype = _target(form)
    if (kind == "m") != (action == "edit_metric"):
        raise InvalidBody(f"to {FORM_ACTIONS[action]}, pick {'a figure' if action == 'edit_metric' else 'an entity'}")
    if action == "reject_entity":
        body["type"] = etype
    elif action == "edit_entity":
        body["type"] = etype
        body["set"] = {k: _field(form, k) for k in ("type", "name") if _field(form, k)}
    else:
        changes: dict[str, Any] = {}
        if _field(form, "unit"):
            changes["unit"] = _field(form, "unit")
        if _field(form, "value"):
            try:
                changes["value"] = float(_field(form, "value").replace(",", ""))
            except ValueError:
                raise InvalidBody("value must be a number") from None
        if _field(form, "period"):
            changes["period"] = None if _field(form, "period") == "-" else _field(form, "period")
        body["set"] = changes
    return body


@router.post("/ui/documents/{doc_id}/corrections", dependencies=[require_scope("admin")])
async def correction_form(doc_id: str, request: Request, backbone: BackboneDep, api: ApiSettingsDep) -> Response:
    if not DOC_ID.match(doc_id):
        return _page("error.html", 404, title="Not found", message=f"no document {doc_id}")
    form = await request.form(max_fields=40)
    # An API key's identity wins; else the name typed, else the header.
    ident = who(request)
    user = ident if ident.startswith("key:") else (_field(form, "user")[: corr.MAX_USER] or ident)

    def make() -> dict[str, Any]:
        doc = backbone.store.get_document(doc_id, fields=corr.FIELDS)
        text = (doc.clean_text or "") if doc is not None else ""
        return corr.record(
            backbone.store, backbone.redis, doc_id, body_from_form(form, text), user=user, base_url=api.base_url
        )

    try:
        row = await asyncio.to_thread(make)
    except DocpipeError as exc:
        query = urlencode({"error": f"{exc.message} [{exc.code}]"})
        return RedirectResponse(f"/ui/documents/{doc_id}?{query}#correct", status_code=303)
    query = urlencode({"notice": f"correction {row['id']} saved ({FORM_ACTIONS[row['action']]})"})
    return RedirectResponse(f"/ui/documents/{doc_id}?{query}#correct", status_code=303)
