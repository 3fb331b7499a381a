"""``/ui/webhooks``: the subscriptions and their dead letters, each with a
re-deliver button (a plain POST form: no JavaScript)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from docpipe.errors import DocpipeError

from ..access import require_scope
from ..deps import BackboneDep
from .ui import _page
from .webhooks import registry

router = APIRouter(include_in_schema=False, dependencies=[require_scope("admin")])  # webhooks: admin only

SUB_ID = re.compile(r"^wh_[0-9a-f]{20}$")
DELIVERY_ID = re.compile(r"^msg_[0-9a-f]{32}$")


@router.get("/ui/webhooks", response_class=HTMLResponse)
def webhooks_page(request: Request, backbone: BackboneDep) -> Response:
    hooks = registry(backbone)
    subs = [{"sub": s, "dead": hooks.deliveries(s.id, "dead", 100)} for s in hooks.all()]
    return _page("webhooks.html", title="Webhooks", subs=subs, notice=request.query_params.get("notice", ""))


@router.post("/ui/webhooks/{sub_id}/deliveries/{delivery_id}/redeliver")
def redeliver_form(sub_id: str, delivery_id: str, backbone: BackboneDep) -> Response:
    if not SUB_ID.match(sub_id) or not DELIVERY_ID.match(delivery_id):
        return _page("error.html", 404, title="Not found", message="no such delivery")
    try:
        registry(backbone).redeliver(sub_id, delivery_id)
    except DocpipeError as exc:
        return _page("error.html", exc.status, title="Not re-delivered", message=exc.message)
    return RedirectResponse(f"/ui/webhooks?notice=re-delivering+{delivery_id}#{sub_id}", status_code=303)
