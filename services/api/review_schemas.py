"""OpenAPI models and examples of the webhooks and corrections routes
(issue #13). Request bodies are flat models whose schema is inlined in the
operation (``inline_body``): the routes read and check their bodies
themselves, with their own problem codes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from docpipe.corrections import ACTIONS
from docpipe.document import ENTITY_TYPES, EntityType
from docpipe.webhooks import KNOWN_EVENT_TYPES

from . import openapi_examples as ex
from .schemas import JSON, carry

SUB = ex.PATH_PARAMS["sub_id"]
DELIVERY = ex.PATH_PARAMS["delivery_id"]
DOC = ex.PATH_PARAMS["doc_id"]
CORRECTION = "cor_187d9c3a1b2e4f00a1b2c3d4"

# --------------------------------------------------------------------------- webhooks


class WebhookIn(BaseModel):
    """Body of POST /webhooks."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(
        description="http(s) URL of the receiver; not this API itself",
        json_schema_extra={"pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(:[0-9]{1,4})?(/[!-~]*)?$"},
    )
    event_types: list[str] | None = Field(
        default=None,
        json_schema_extra={"items": {"enum": list(KNOWN_EVENT_TYPES)}, "minItems": 1},
        description="any of " + ", ".join(KNOWN_EVENT_TYPES) + " (default: all)",
    )
    filter: dict[str, str | None] | None = Field(
        default=None,
        description="`entity_type` and/or `adcode` (a province `xx0000` or city `xxxx00` code covers "
        "the codes under it)",
        # what webhooks.check_filter accepts, stated (kept flat: the body is inlined)
        json_schema_extra={
            "properties": {
                "entity_type": {"anyOf": [{"enum": list(ENTITY_TYPES)}, {"type": "null"}]},
                "adcode": {"anyOf": [{"type": "string", "pattern": "^[0-9]{6}$"}, {"type": "null"}]},
            },
            "additionalProperties": False,
        },
    )
    description: str | None = Field(default=None, max_length=500)


class DeliveryCounts(BaseModel):
    listed: int
    dead: int


class WebhookLinks(BaseModel):
    self: str
    dead: str


class Webhook(BaseModel):
    id: str
    url: str
    event_types: list[str]
    filter: dict[str, str]
    description: str | None
    created_at: str
    since: str = Field(description="stream id last when it was created: only later events are delivered")
    deliveries: DeliveryCounts
    links: WebhookLinks


class WebhookCreated(Webhook):
    secret: str = Field(description="the Standard Webhooks signing secret (`whsec_…`), shown only here")


class WebhookList(BaseModel):
    items: list[Webhook]


class Delivery(BaseModel):
    id: str = Field(description="the `webhook-id` of every attempt")
    subscription: str
    event_id: str | None
    event_type: str | None
    subject: str | None
    stream_id: str
    state: Literal["pending", "delivered", "dead"]
    attempts: int
    created_at: str
    next_attempt_at: str | None
    last_attempt_at: str | None
    last_status: int | None
    last_error: str | None
    delivered_at: str | None = None
    dead_at: str | None = None
    redelivered_at: str | None = None
    payload: dict[str, Any] | None = Field(description="the body sent: the CloudEvent")


class DeliveryList(BaseModel):
    items: list[Delivery]


WEBHOOK_IN = {
    "url": "https://hooks.example.com/docpipe",
    "event_types": ["docpipe.document.processed"],
    "filter": {"adcode": "320500"},
    "description": "苏州的新文章",
}
_WEBHOOK = {
    "id": SUB,
    "url": WEBHOOK_IN["url"],
    "event_types": WEBHOOK_IN["event_types"],
    "filter": WEBHOOK_IN["filter"],
    "description": WEBHOOK_IN["description"],
    "created_at": "2024-01-20T08:00:00.000Z",
    "since": "1705737600000-0",
    "deliveries": {"listed": 0, "dead": 0},
    "links": {"self": f"/webhooks/{SUB}", "dead": f"/webhooks/{SUB}/deliveries?state=dead"},
}
WEBHOOK = _WEBHOOK
WEBHOOK_CREATED = {**_WEBHOOK, "secret": "whsec_MfKQ9r8GKYqXTwJg4uGPT1dN0NI3uXqZ"}
WEBHOOK_LIST = {"items": [_WEBHOOK]}
_EVENT = {
    "specversion": "1.0",
    "id": f"{DOC}:0.1.0:processed",
    "source": "/docpipe",
    "type": "docpipe.document.processed",
    "subject": DOC,
    "time": "2024-01-20T08:00:01.250Z",
    "datacontenttype": "application/json",
    "dataref": f"http://127.0.0.1:8000/documents/{DOC}",
    "data": {
        "id": DOC,
        "title": "苏州工业园区2023年GDP增长5.6%",
        "status": "processed",
        "pipeline_version": "0.1.0",
        "entity_count": 3,
        "metric_count": 2,
        "entity_counts_by_type": {"park": 1, "region": 2},
    },
}
DEAD = {
    "id": DELIVERY,
    "subscription": SUB,
    "event_id": _EVENT["id"],
    "event_type": _EVENT["type"],
    "subject": DOC,
    "stream_id": "1705737601250-0",
    "state": "dead",
    "attempts": 36,
    "created_at": "2024-01-20T08:00:01.300Z",
    "next_attempt_at": None,
    "last_attempt_at": "2024-01-21T10:05:12.004Z",
    "last_status": 503,
    "last_error": "HTTP 503",
    "dead_at": "2024-01-21T10:05:12.004Z",
    "payload": _EVENT,
}
DELIVERY_LIST = {"items": [DEAD]}
REDELIVERED = {
    **DEAD,
    "state": "pending",
    "next_attempt_at": "2024-01-22T09:00:00.000Z",
    "redelivered_at": "2024-01-22T09:00:00.000Z",
}
REDELIVERED.pop("dead_at")

# ------------------------------------------------------------------------ corrections


class CorrectionIn(BaseModel):
    """Body of POST /documents/{id}/corrections. The target is named by its
    span in the clean text (end exclusive)."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["reject_entity", "edit_entity", "add_entity", "edit_metric"]
    start: int
    end: int
    type: EntityType | None = Field(
        default=None, description="reject/edit: the entity's type (narrows the target); add: the new entity's type"
    )
    name: str | None = Field(default=None, description="add_entity: its canonical name (default: the text)")
    set: dict[str, Any] | None = Field(
        default=None, description="edit_entity: `type`, `name`; edit_metric: `unit`, `value`, `value_max`, `period`"
    )
    note: str | None = Field(default=None, max_length=1000)


class Correction(BaseModel):
    id: str
    doc_id: str
    action: Literal["reject_entity", "edit_entity", "add_entity", "edit_metric"]
    start: int
    end: int
    text: str = Field(description="the clean text at the span when it was made")
    user: str = Field(description="the API key's id (`key:…`), else X-Docpipe-User, else `anonymous`")
    created_at: str
    type: EntityType | None = None
    name: str | None = None
    set: dict[str, Any] | None = None
    note: str | None = None
    renames: list[dict[str, dict[str, str]]] | None = Field(
        default=None,
        description="edit/add_entity: the canonical entities it turned into others, "
        '`[{"from": {"type", "name"}, "to": {"type", "name"}}]`; the old name\'s entity page links to the new one',
    )


class CorrectionItem(Correction):
    applied: bool = Field(description="false: stale (its span no longer holds its text, or its target is gone)")


class CorrectionList(BaseModel):
    items: list[CorrectionItem]
    applied: int
    stale: list[str]


assert set(ACTIONS) == set(CorrectionIn.model_fields["action"].annotation.__args__)  # type: ignore[union-attr]

CORRECTION_IN = {
    "action": "edit_metric",
    "start": 19,
    "end": 25,
    "set": {"unit": "CNY", "period": "2023"},
    "note": "亿元 is CNY",
}
CORRECTION_MADE = {
    "id": CORRECTION,
    "doc_id": DOC,
    "action": "edit_metric",
    "start": 19,
    "end": 25,
    "text": "3686亿元",
    "user": "reviewer-7",
    "created_at": "2024-01-21T09:30:00.000Z",
    "set": {"unit": "CNY", "period": "2023"},
    "note": "亿元 is CNY",
}
CORRECTION_LIST = {"items": [{**CORRECTION_MADE, "applied": True}], "applied": 1, "stale": []}


def inline_body(model: type[BaseModel], example: Any) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads its own JSON body: the
    model's schema inline (flat models: no components needed)."""
    schema = model.model_json_schema()
    assert "$defs" not in schema, f"{model.__name__} must stay flat to be inlined"
    return {"requestBody": {"required": True, "content": {JSON: {"schema": schema, **carry(example)}}}}
