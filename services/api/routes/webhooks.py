"""Webhook subscriptions: create, list, read, delete; their deliveries
(``?state=dead`` is the dead-letter list) and re-delivery. The deliveries
themselves are the ``webhooks`` worker's (docpipe.webhook_worker)."""
from __future__ import annotations

import asyncio
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from docpipe import webhooks as wh
from docpipe.errors import InvalidBody

from ..accept import parse_json
from ..access import require_scope
from ..deps import ApiSettingsDep, BackboneDep
from ..problems import InvalidQuery

# Subscriptions hold signing secrets and send data out: admin keys only.
router = APIRouter(tags=["webhooks"], include_in_schema=False, dependencies=[require_scope("admin")])

SUB_ID = r"^wh_[0-9a-f]{20}$"
DELIVERY_ID = r"^msg_[0-9a-f]{32}$"
MAX_BODY = 64 * 1024


def _json(obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(obj), status_code=status, media_type="application/json", headers=headers)


def registry(backbone: Any) -> wh.Webhooks:
    """The process's registry on the API's Redis connection."""
    hooks = getattr(backbone, "_webhooks", None)
    if hooks is None:
        hooks = wh.Webhooks(backbone.redis)
        backbone._webhooks = hooks
    return hooks


def own_urls(request: Request, api: Any) -> list[str]:
    """Every way this API is reached: its public URL, its bind address, the
    URL this request came in on."""
    return [api.base_url, f"http://{api.host}:{api.port}", str(request.base_url)]


def _subscription_body(sub: wh.Subscription, hooks: wh.Webhooks) -> dict[str, Any]:
    return {**sub.public(), "deliveries": hooks.counts(sub.id),
            "links": {"self": f"/webhooks/{sub.id}", "dead": f"/webhooks/{sub.id}/deliveries?state=dead"}}


@router.post("/webhooks", status_code=201)
async def create_webhook(request: Request, backbone: BackboneDep, api: ApiSettingsDep) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        from docpipe.errors import UnsupportedMediaType

        raise UnsupportedMediaType(f"send application/json, not {ctype or 'no content type'}")
    body = await request.body()
    if len(body) > MAX_BODY:
        raise InvalidBody(f"the body is {len(body)} bytes; a subscription fits in {MAX_BODY}")
    obj = parse_json(body)
    if not isinstance(obj, dict):
        raise InvalidBody('expected {"url": ..., "event_types": [...], "filter": {...}}')
    unknown = sorted(set(obj) - {"url", "event_types", "filter", "description"})
    if unknown:
        raise InvalidBody(f"unknown fields: {', '.join(unknown)}")
    url = wh.check_url(obj.get("url"), own_urls(request, api))
    types = wh.check_event_types(obj.get("event_types"))
    filter_ = wh.check_filter(obj.get("filter"))
    description = obj.get("description")
    if description is not None and (not isinstance(description, str) or len(description) > 500):
        raise InvalidBody("description must be a string of at most 500 characters")
    hooks = registry(backbone)
    sub = await asyncio.to_thread(hooks.create, url, types, filter_, description)
    # The secret is shown this once.
    return _json({**_subscription_body(sub, hooks), "secret": sub.secret}, 201,
                 headers={"Location": f"/webhooks/{sub.id}"})


@router.get("/webhooks")
def list_webhooks(backbone: BackboneDep) -> Response:
    hooks = registry(backbone)
    return _json({"items": [_subscription_body(s, hooks) for s in hooks.all()]})


@router.get("/webhooks/{sub_id}")
def get_webhook(backbone: BackboneDep, sub_id: Annotated[str, Path(pattern=SUB_ID)]) -> Response:
    hooks = registry(backbone)
    return _json(_subscription_body(hooks.require(sub_id), hooks))


@router.delete("/webhooks/{sub_id}", status_code=204)
def delete_webhook(backbone: BackboneDep, sub_id: Annotated[str, Path(pattern=SUB_ID)]) -> Response:
    if not registry(backbone).delete(sub_id):
        raise wh.WebhookNotFound(f"no webhook {sub_id}")
    return Response(status_code=204)


@router.get("/webhooks/{sub_id}/deliveries")
def list_deliveries(
    backbone: BackboneDep,
    sub_id: Annotated[str, Path(pattern=SUB_ID)],
    state: Annotated[str | None, Query(description="pending, delivered or dead (the dead-letter list)")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    if state is not None and state not in wh.STATES:
        raise InvalidQuery(f"state must be one of {', '.join(wh.STATES)}")
    hooks = registry(backbone)
    hooks.require(sub_id)
    items = [wh.public_delivery(d) for d in hooks.deliveries(sub_id, state, limit)]
    return _json({"items": items})


@router.post("/webhooks/{sub_id}/deliveries/{delivery_id}/redeliver", status_code=202)
def redeliver(
    backbone: BackboneDep,
    sub_id: Annotated[str, Path(pattern=SUB_ID)],
    delivery_id: Annotated[str, Path(pattern=DELIVERY_ID)],
) -> Response:
    hooks = registry(backbone)
    hooks.require(sub_id)
    return _json(wh.public_delivery(hooks.redeliver(sub_id, delivery_id)), 202)
