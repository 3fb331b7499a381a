"""The Celery factory's settings, the task flow's pure helpers, the problem
table and the SSE line parser."""

from __future__ import annotations

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from kombu.serialization import dumps, loads

from docpipe import celery_app, settings
from docpipe.document import Document
from docpipe.errors import EmptyText
from docpipe.pipeline import PIPELINE_VERSION
from docpipe.taskflow import first_pending, stage_error
from docpipe.versions import stage_versions


def test_reliability_settings() -> None:
    conf = celery_app.celery_config()
    assert conf["task_acks_late"] and conf["task_reject_on_worker_lost"]
    assert conf["worker_prefetch_multiplier"] == 1
    # The message path stays lean: no per-send "sent" event, no result backend
    # (a configured Redis backend subscribes to a result channel per send).
    assert not conf["task_send_sent_event"]
    assert conf["task_ignore_result"] and conf["result_backend"] is None
    # A killed worker's message comes back about the task time limit after it
    # was taken (issue #15), not an hour later; a live task is acknowledged by then.
    transport = conf["broker_transport_options"]
    visibility = transport["visibility_timeout"]
    assert conf["task_soft_time_limit"] < conf["task_time_limit"] < visibility
    assert (
        visibility == conf["task_time_limit"] + settings.worker().retry_backoff_max_s + celery_app.VISIBILITY_MARGIN_S
    )
    assert visibility <= 2 * conf["task_time_limit"]
    assert transport["unacked_restore_interval"] * transport["unacked_restore_throttle"] <= 10
    assert conf["task_serializer"] == celery_app.SERIALIZER


def test_task_events_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from docpipe import settings

    monkeypatch.delenv("DOCPIPE_WORKER_TASK_EVENTS", raising=False)
    settings.worker.cache_clear()
    assert celery_app.celery_config()["worker_send_task_events"] is False  # nobody watching
    monkeypatch.setenv("DOCPIPE_WORKER_TASK_EVENTS", "true")
    settings.worker.cache_clear()
    try:
        assert celery_app.celery_config()["worker_send_task_events"] is True
    finally:
        monkeypatch.delenv("DOCPIPE_WORKER_TASK_EVENTS")
        settings.worker.cache_clear()


def test_one_queue_per_stage() -> None:
    routes = celery_app.celery_config()["task_routes"]
    assert routes == {
        "docpipe.segment": {"queue": "segment", "routing_key": "segment"},
        "docpipe.extract": {"queue": "extract", "routing_key": "extract"},
        "docpipe.normalize": {"queue": "normalize", "routing_key": "normalize"},
    }


def test_serializer_writes_plain_json_without_escaping_chinese() -> None:
    content_type, encoding, body = dumps({"title": "苏州工业园区"}, serializer=celery_app.SERIALIZER)
    assert content_type == "application/json" and encoding == "utf-8"
    assert "苏州工业园区" in body
    assert loads(body, content_type, encoding) == {"title": "苏州工业园区"}


def test_enqueue_refuses_an_unknown_stage() -> None:
    with pytest.raises(ValueError):
        celery_app.enqueue("abc", "translate")


# Each stage's current version: declared + hash of its code and tables.
V = stage_versions()


@pytest.mark.parametrize(
    ("stages", "pending"),
    [
        ({}, "segment"),
        ({"segment": V["segment"]}, "extract"),
        ({"segment": V["segment"], "extract": "0.0.1"}, "extract"),  # older version: redo
        ({"segment": V["segment"], "extract": PIPELINE_VERSION}, "extract"),  # the declared one without the hash
        ({"segment": V["segment"], "extract": V["extract"]}, "normalize"),
        (V, None),
    ],
)
def test_first_pending(stages: dict[str, str], pending: str | None) -> None:
    assert first_pending(Document(id="x", stages=stages)) == pending


def test_stage_error_keeps_a_code() -> None:
    assert stage_error(EmptyText("nothing"), "segment").code == "empty_text"
    assert stage_error(ValueError("bad"), "extract").model_dump() == {
        "code": "stage_failed",
        "message": "ValueError: bad",
        "stage": "extract",
    }
    assert stage_error(SoftTimeLimitExceeded(), "normalize").code == "stage_timeout"


def test_problem_table_and_body() -> None:
    from services.api.problems import PROBLEMS, problem_body

    assert PROBLEMS["text_too_large"] == (413, "The text is larger than the limit")
    assert PROBLEMS["unsupported_media_type"][0] == 415
    body = problem_body(EmptyText("the text is empty"), "/documents")
    assert body == {
        "type": "/problems/empty_text",
        "title": "The text is empty",
        "status": 422,
        "detail": "the text is empty",
        "code": "empty_text",
        "instance": "/documents",
    }
