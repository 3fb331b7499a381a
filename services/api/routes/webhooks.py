"""Webhook subscriptions: create, list, read, delete; their deliveries
(``?state=dead`` is the dead-letter list) and re-delivery. The deliveries
themselves are the ``webhooks`` worker's (docpipe.webhook_worker)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from docpipe import webhooks as wh
from docpipe.errors import InvalidBody, UnsupportedMediaType

from ..access import require_scope
from ..deps import ApiSettingsDep, BackboneDep
from ..problems import InvalidQuery
from ..responses import json_response as _json
from ..responses import small_json_body
from ..review_schemas import (
    DELIVERY_LIST,
    REDELIVERED,
    WEBHOOK,
    WEBHOOK_CREATED,
    WEBHOOK_IN,
    WEBHOOK_LIST,
    Delivery,
    DeliveryList,
    Webhook,
    WebhookCreated,
    WebhookIn,
    WebhookList,
    inline_body,
)
from ..schemas import header, ok, problem_responses

# Subscriptions hold signing secrets and send data out: admin keys only.
router = APIRouter(tags=["webhooks"], dependencies=[require_scope("admin")])

SUB_ID = r"^wh_[0-9a-f]{20}$"
DELIVERY_ID = r"^msg_[0-9a-f]{32}$"
MAX_BODY = 64 * 1024


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
    return {
        **sub.public(),
        "deliveries": hooks.counts(sub.id),
        "links": {"self": f"/webhooks/{sub.id}", "dead": f"/webhooks/{sub.id}/deliveries?state=dead"},
    }


@router.post(
    "/webhooks",
    status_code=201,
    response_model=WebhookCreated,
    operation_id="create_webhook",
    summary="Subscribe a URL to events (Standard Webhooks); the secret is returned once",
    responses={
        **ok(201, WEBHOOK_CREATED, headers={"Location": header("the subscription's URL, /webhooks/{id}")}),
        **problem_responses(wh.InvalidWebhookUrl, wh.UnknownEventType, InvalidBody, UnsupportedMediaType),
    },
    openapi_extra=inline_body(WebhookIn, WEBHOOK_IN),
)
async def create_webhook(request: Request, backbone: BackboneDep, api: ApiSettingsDep) -> Response:
    obj = await small_json_body(request, MAX_BODY, "a subscription fits in")
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
    return _json(
        {**_subscription_body(sub, hooks), "secret": sub.secret}, 201, headers={"Location": f"/webhooks/{sub.id}"}
    )


@router.get(
    "/webhooks",
    response_model=WebhookList,
    operation_id="list_webhooks",
    summary="Every subscription",
    responses={**ok(200, WEBHOOK_LIST), **problem_responses()},
)
def list_webhooks(backbone: BackboneDep) -> Response:
    hooks = registry(backbone)
    return _json({"items": [_subscription_body(s, hooks) for s in hooks.all()]})


@router.get(
    "/webhooks/{sub_id}",
    response_model=Webhook,
    operation_id="get_webhook",
    summary="One subscription (without its secret) and its delivery counts",
    responses={**ok(200, WEBHOOK), **problem_responses(wh.WebhookNotFound, InvalidQuery)},
)
def get_webhook(backbone: BackboneDep, sub_id: Annotated[str, Path(pattern=SUB_ID)]) -> Response:
    hooks = registry(backbone)
    return _json(_subscription_body(hooks.require(sub_id), hooks))


@router.delete(
    "/webhooks/{sub_id}",
    response_model=Webhook,
    operation_id="delete_webhook",
    summary="Unsubscribe; pending deliveries are dropped; returns what was deleted",
    responses={**ok(200, WEBHOOK), **problem_responses(wh.WebhookNotFound, InvalidQuery)},
)
def delete_webhook(backbone: BackboneDep, sub_id: Annotated[str, Path(pattern=SUB_ID)]) -> Response:
    hooks = registry(backbone)
    body = _subscription_body(hooks.require(sub_id), hooks)
    if not hooks.delete(sub_id):
        raise wh.WebhookNotFound(f"no webhook {sub_id}")
    return _json(body)


@router.get(
    "/webhooks/{sub_id}/deliveries",
    response_model=DeliveryList,
    operation_id="list_webhook_deliveries",
    summary="A subscription's deliveries, newest first; state=dead is the dead-letter list",
    responses={**ok(200, DELIVERY_LIST), **problem_responses(wh.WebhookNotFound, InvalidQuery)},
)
def list_deliveries(
    backbone: BackboneDep,
    sub_id: Annotated[str, Path(pattern=SUB_ID)],
    state: Annotated[
        str | None,
        Query(
            description="pending, delivered or dead (the dead-letter list)", json_schema_extra={"enum": list(wh.STATES)}
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    if state is not None and state not in wh.STATES:
        raise InvalidQuery(f"state must be one of {', '.join(wh.STATES)}")
    hooks = registry(backbone)
    hooks.require(sub_id)
    items = [wh.public_delivery(d) for d in hooks.deliveries(sub_id, state, limit)]
    return _json({"items": items})


@router.post(
    "/webhooks/{sub_id}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    response_model=Delivery,
    operation_id="redeliver_webhook_delivery",
    summary="Deliver a dead (or pending) delivery again now, with a fresh retry window and the same webhook-id",
    responses={**ok(202, REDELIVERED), **problem_responses(wh.WebhookNotFound, wh.DeliveryNotFound, InvalidQuery)},
)
def redeliver(
    backbone: BackboneDep,
    sub_id: Annotated[str, Path(pattern=SUB_ID)],
    delivery_id: Annotated[str, Path(pattern=DELIVERY_ID)],
) -> Response:
    hooks = registry(backbone)
    hooks.require(sub_id)
    return _json(wh.public_delivery(hooks.redeliver(sub_id, delivery_id)), 202)
