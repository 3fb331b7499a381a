"""Issue #13's pure parts, no servers: the webhooks and corrections
operations' OpenAPI examples against their models; webhook URL, event type
and filter checks; adcode coverage; applying corrections to a document."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from docpipe import corrections as corr
from docpipe import webhooks as wh
from docpipe.document import Document, Entity, Metric
from docpipe.errors import DocpipeError
from services.api import review_schemas as rs


def _same(model: Any, example: Any) -> None:
    adapter = TypeAdapter(model)
    assert adapter.dump_python(adapter.validate_python(example), mode="json", exclude_unset=True) == example


@pytest.mark.parametrize(
    ("model", "example"),
    [
        (rs.WebhookIn, rs.WEBHOOK_IN),
        (rs.WebhookCreated, rs.WEBHOOK_CREATED),
        (rs.WebhookList, rs.WEBHOOK_LIST),
        (rs.Webhook, rs.WEBHOOK),
        (rs.DeliveryList, rs.DELIVERY_LIST),
        (rs.Delivery, rs.REDELIVERED),
        (rs.CorrectionIn, rs.CORRECTION_IN),
        (rs.Correction, rs.CORRECTION_MADE),
        (rs.CorrectionList, rs.CORRECTION_LIST),
    ],
)
def test_examples_are_valid_and_lose_nothing(model: Any, example: Any) -> None:
    _same(model, example)


def test_the_operations_are_in_the_openapi_document() -> None:
    from services.api.main import create_app

    doc = create_app().openapi()
    ids = {op["operationId"] for item in doc["paths"].values() for op in item.values() if isinstance(op, dict)}
    assert {
        "create_webhook",
        "list_webhooks",
        "get_webhook",
        "delete_webhook",
        "list_webhook_deliveries",
        "redeliver_webhook_delivery",
        "create_correction",
        "list_corrections",
    } <= ids
    body = doc["paths"]["/documents/{doc_id}/corrections"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["properties"]["action"]["enum"] == list(corr.ACTIONS)
    codes = doc["paths"]["/documents/{doc_id}/corrections"]["post"]["responses"]["422"]["description"]
    for code in ("span_out_of_range", "unknown_entity_type", "correction_target_not_found"):
        assert f"`{code}`" in codes


OWN = ["http://127.0.0.1:8000", "http://127.0.0.1:8000/"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost:8000/x",
        "http://[::1]:8000/",
        "http://0.0.0.0:8000/",
        "http://LOCALHOST:8000/",
        "ftp://example.com/",
        "file:///etc/passwd",
        "example.com/hook",
        "",
        "http://:80/",
        "http://example.com:99999/",
    ],
)
def test_urls_refused(url: str) -> None:
    with pytest.raises(wh.InvalidWebhookUrl):
        wh.check_url(url, OWN)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9000/hook", "https://example.com/hook", "http://10.0.0.5:8000/"])
def test_urls_accepted(url: str) -> None:
    assert wh.check_url(url, OWN) == url


def test_event_types_and_filters() -> None:
    assert wh.check_event_types(None) == list(wh.KNOWN_EVENT_TYPES)
    assert "docpipe.document.corrected" in wh.KNOWN_EVENT_TYPES
    with pytest.raises(wh.UnknownEventType):
        wh.check_event_types(["docpipe.document.processed", "nope"])
    assert wh.check_filter({"entity_type": "park", "adcode": "320500"}) == {"entity_type": "park", "adcode": "320500"}
    for bad in ({"entity_type": "moon"}, {"adcode": 320500}, {"colour": "red"}, ["park"]):
        with pytest.raises(DocpipeError):
            wh.check_filter(bad)


@pytest.mark.parametrize(
    ("wanted", "found", "hit"),
    [
        ("320000", "320508", True),
        ("320500", "320508", True),
        ("320508", "320508", True),
        ("320500", "320600", False),
        ("320000", "110105", False),
        ("320508", "320500", False),
    ],
)
def test_adcode_coverage(wanted: str, found: str, hit: bool) -> None:
    assert wh.adcode_matches(wanted, found) is hit


def test_delivery_ids_are_stable_per_subscription_and_event() -> None:
    a = wh.delivery_id("wh_1", "doc:0.1.0:processed")
    assert a == wh.delivery_id("wh_1", "doc:0.1.0:processed") != wh.delivery_id("wh_2", "doc:0.1.0:processed")
    assert a.startswith("msg_") and len(a) == 36
    from standardwebhooks import Webhook

    secret = wh.new_secret()
    assert secret.startswith("whsec_")
    Webhook(secret)  # the package accepts it


TEXT = "无锡高新区集成电路产业规模达1500亿元。"


def _doc() -> Document:
    return Document(
        id="abc",
        clean_text=TEXT,
        entities=[
            Entity(type="park", text="无锡高新区", name="无锡高新区", start=0, end=5),
            Entity(type="industry", text="集成电路", name="集成电路", start=5, end=9),
        ],
        metrics=[Metric(text="1500亿元", start=14, end=20, value=150000000000, unit="CNY")],
    )


def test_apply_in_order_and_stale_when_the_text_moved() -> None:
    doc = _doc()
    made = []
    for body in (
        {"action": "reject_entity", "start": 5, "end": 9},
        {"action": "add_entity", "start": 5, "end": 11, "type": "industry", "name": "集成电路产业"},
        {"action": "edit_metric", "start": 14, "end": 20, "set": {"period": "2023"}},
    ):
        current, _, _ = corr.apply(doc, made)
        made.append(corr.parse(body, current, user="t"))
    fixed, applied, stale = corr.apply(doc, made)
    assert [(e.type, e.name) for e in fixed.entities] == [("park", "无锡高新区"), ("industry", "集成电路产业")]
    assert fixed.metrics[0].period == "2023" and applied == [c["id"] for c in made] and stale == []
    assert doc.entities[1].name == "集成电路" and doc.metrics[0].period is None  # the input is not changed
    moved = doc.model_copy(update={"clean_text": "据报道，" + TEXT})
    _, applied, stale = corr.apply(moved, made)
    assert applied == [] and stale == [c["id"] for c in made]


def test_a_second_reject_of_the_same_entity_is_refused() -> None:
    doc = _doc()
    first = corr.parse({"action": "reject_entity", "start": 0, "end": 5}, doc, user="t")
    current, _, _ = corr.apply(doc, [first])
    with pytest.raises(corr.CorrectionTargetNotFound):
        corr.parse({"action": "reject_entity", "start": 0, "end": 5}, current, user="t")
