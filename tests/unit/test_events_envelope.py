"""The CloudEvents 1.0 envelope docpipe publishes when a document is done."""

from __future__ import annotations

import re
from typing import Any

import pytest

from docpipe.document import Document, Entity, Metric, StageError, Status
from docpipe.events import (
    InvalidEvent,
    dumps,
    event_id,
    from_json,
    loads,
    make_event,
    validate_event,
)
from docpipe.pipeline import PIPELINE_VERSION


def processed_doc() -> Document:
    return Document(
        id="abc123",
        status=Status.processed,
        pipeline_version="0.1.0",
        title="苏州工业园区生物医药产业",
        entities=[
            Entity(type="park", text="园区", name="苏州工业园区", start=0, end=2),
            Entity(type="region", text="苏州", name="苏州市", start=3, end=5, attributes={"adcode": "320500"}),
            Entity(type="region", text="江苏", name="江苏省", start=6, end=8),
        ],
        metrics=[Metric(text="超2200家", start=9, end=15, value=2200, unit="家", qualifier="gt")],
    )


def test_processed_event_has_every_attribute_docpipe_promises() -> None:
    event = make_event(processed_doc(), "processed", "http://api.example:8000/")
    assert event["specversion"] == "1.0"
    assert event["type"] == "docpipe.document.processed"
    assert event["source"] == "/docpipe"
    assert event["subject"] == "abc123"
    assert event["id"] == "abc123:0.1.0:processed"
    assert event["datacontenttype"] == "application/json"
    assert event["dataref"] == "http://api.example:8000/documents/abc123"
    assert event["data"] == {
        "id": "abc123",
        "title": "苏州工业园区生物医药产业",
        "status": "processed",
        "pipeline_version": "0.1.0",
        "entity_count": 3,
        "metric_count": 1,
        "entity_counts_by_type": {"park": 1, "region": 2},
    }
    assert validate_event(event) is event


def test_failed_event_carries_the_error() -> None:
    doc = Document(
        id="d1", status=Status.failed, error=StageError(code="stage_failed", message="boom", stage="extract")
    )
    event = make_event(doc, "failed", "http://h")
    assert event["type"] == "docpipe.document.failed"
    assert event["id"] == f"d1:{PIPELINE_VERSION}:failed"  # unset version: the running pipeline's
    assert event["data"]["error"] == {"code": "stage_failed", "message": "boom", "stage": "extract"}
    assert event["data"]["entity_count"] == 0
    validate_event(event)


def test_event_id_is_stable_per_document_version_and_kind() -> None:
    a = make_event(processed_doc(), "processed", "http://h")
    b = make_event(processed_doc(), "processed", "http://other")
    assert a["id"] == b["id"]
    assert event_id("x", "1", "processed") != event_id("x", "2", "processed") != event_id("x", "1", "failed")


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        make_event(processed_doc(), "done", "http://h")  # type: ignore[arg-type]


def test_json_round_trip_keeps_chinese_unescaped() -> None:
    event = make_event(processed_doc(), "processed", "http://h")
    text = dumps(event)
    assert "苏州工业园区" in text and "\\u" not in text
    assert loads(text) == event


def _valid() -> dict[str, Any]:
    return make_event(processed_doc(), "processed", "http://h")


def _without(name: str) -> dict[str, Any]:
    event = _valid()
    del event[name]
    return event


def _with(**changes: Any) -> dict[str, Any]:
    return {**_valid(), **changes}


@pytest.mark.parametrize(
    ("event", "attribute"),
    [
        (_without("id"), "id"),
        (_without("source"), "source"),
        (_without("type"), "type"),
        (_without("specversion"), "specversion"),
        (_with(id=""), "id"),
        (_with(id=42), "id"),
        (_with(specversion="0.3"), "specversion"),
        (_with(time="22/11/2026 05:00"), "time"),
        (_with(time="2026-11-22 05:00:00Z"), "time"),
        (_with(dataref="http://h/documents/ a"), "dataref"),
        (_with(subject=""), "subject"),
        (_with(**{"Bad-Name": "x"}), "Bad-Name"),
    ],
)
def test_invalid_events_are_refused_with_the_attribute_named(event: dict[str, Any], attribute: str) -> None:
    with pytest.raises(InvalidEvent) as info:
        validate_event(event)
    assert info.value.code == "invalid_event"
    assert info.value.extra["attribute"] == attribute


@pytest.mark.parametrize("time", ["2026-11-22T05:00:00Z", "2026-11-22T05:00:00.123Z", "2026-11-22T13:00:00+08:00"])
def test_rfc3339_times_are_accepted(time: str) -> None:
    validate_event(_with(time=time))


def test_not_an_object_is_refused() -> None:
    with pytest.raises(InvalidEvent):
        validate_event(["specversion", "1.0"])
    with pytest.raises(InvalidEvent):
        loads("[1, 2]")


def _corrected_event() -> dict[str, Any]:
    from docpipe.corrections import make_event as make_corrected

    correction = {"id": "c1", "doc_id": "abc123", "op": "remove", "user": "ann", "note": None}
    return make_corrected(correction, 1, "http://h")


@pytest.mark.parametrize("kind", ["processed", "failed", "corrected"])
def test_each_event_type_reads_back_with_the_sdks_own_json_parser(kind: str) -> None:
    """The wire text docpipe writes, read by the CloudEvents SDK's JSON format
    (not docpipe's reader): every attribute and the data come back unchanged."""
    from cloudevents.core.formats.json import JSONFormat
    from cloudevents.core.v1.event import CloudEvent

    if kind == "corrected":
        event = _corrected_event()
    else:
        doc = processed_doc()
        if kind == "failed":
            doc = doc.model_copy(update={"status": Status.failed, "error": StageError(code="x", message="m")})
        event = make_event(doc, kind, "http://h")  # type: ignore[arg-type]
    wire = dumps(event)
    read = JSONFormat().read(CloudEvent, wire)
    assert read.get_type() == f"docpipe.document.{kind}"
    assert read.get_id() == event["id"] and read.get_subject() == event["subject"]
    assert read.get_extension("dataref") == event["dataref"]
    assert read.get_data() == event["data"]
    time = read.get_time()
    assert time is not None and time.tzinfo is not None
    # The wire keeps docpipe's shape: this attribute order, milliseconds and "Z".
    assert list(event) == [
        "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataref", "data",
    ]  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", event["time"])
    assert from_json(wire).get_attributes()["id"] == event["id"]


def test_sdk_defaults_do_not_hide_a_missing_id_when_reading() -> None:
    # The SDK would give an event without id a fresh UUID: docpipe refuses it.
    with pytest.raises(InvalidEvent) as info:
        from_json(dumps(_without("id")))
    assert info.value.extra["attribute"] == "id"
