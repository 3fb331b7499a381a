"""Corrections on both store engines (the embedded SQLite store and the
``mongodb_uri`` wire server): kept apart from the pipeline's output, applied
when read, still applied after the stages write the document again (a
reprocess), checked against the document (RFC 9457 codes), announced by a
``docpipe.document.corrected`` event on a real Redis stream, exported as
gold files the shared scorer reads."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from docpipe import corrections as corr
from docpipe.corrections_gold import export
from docpipe.document import Document, Entity, Metric, Status
from docpipe.errors import DocpipeError
from docpipe.events import EVENT_TYPES, validate_event
from docpipe.store.base import Store
from docpipe.store.corrections import corrections_for

pytestmark = pytest.mark.integration

TEXT = "苏州工业园区2023年实现地区生产总值3686亿元，同比增长5.6%。星海生物公司落户园区。"
SCORE = Path("/work/shared/eval/score.py")


def _span(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


def output() -> dict[str, Any]:
    """What the stages write: a park, a region the pipeline got wrong (a
    company tagged region), a figure with a wrong unit, one missed company."""
    ps, pe = _span("苏州工业园区")
    rs, re_ = _span("星海生物")
    ms, me = _span("3686亿元")
    gs, ge = _span("5.6%")
    return {
        "entities": [
            Entity(type="park", text=TEXT[ps:pe], name="苏州工业园区", start=ps, end=pe),
            Entity(type="region", text=TEXT[rs:re_], name="星海", start=rs, end=re_),
        ],
        "metrics": [
            Metric(text=TEXT[ms:me], start=ms, end=me, value=368600000000, unit="USD", period="2022"),
            Metric(text=TEXT[gs:ge], start=gs, end=ge, value=5.6, unit="percent"),
        ],
    }


def processed(store: Store, doc_id: str = "c0ffee0001") -> Document:
    store.insert_document(
        Document(
            id=doc_id,
            raw_text=TEXT,
            title="更正测试",
            published_at="2024-01-20",
            metadata={"filename": "corrected_article.txt"},
        )
    )
    store.save_stage(doc_id, "segment", "1", {"clean_text": TEXT}, Status.extracting)
    reprocess(store, doc_id)
    doc = store.get_document(doc_id)
    assert doc is not None and doc.status == Status.processed
    return doc


def reprocess(store: Store, doc_id: str) -> None:
    """The stages writing their output again, as a re-run does."""
    out = output()
    store.save_stage(doc_id, "extract", "2", {"entities": out["entities"]}, Status.normalizing)
    store.save_stage(doc_id, "normalize", "2", {"metrics": out["metrics"]}, Status.processed)


def record(store: Store, redis_client: Any, doc_id: str, body: dict[str, Any], user: str = "tester") -> dict[str, Any]:
    return corr.record(store, redis_client, doc_id, body, user=user, base_url="http://api.test")


def read(store: Store, doc_id: str) -> Document:
    doc = store.get_document(doc_id)
    assert doc is not None
    fixed, _ = corr.corrected(store, doc)
    return fixed


def test_corrections_are_kept_apart_applied_on_read_and_survive_a_reprocess(store: Store, redis_client: Any) -> None:
    doc = processed(store)
    ms, me = _span("3686亿元")
    rs, re_ = _span("星海生物")
    cs, ce = _span("星海生物公司")
    rows = [
        record(store, redis_client, doc.id, {"action": "reject_entity", "start": rs, "end": re_, "type": "region"}),
        record(
            store,
            redis_client,
            doc.id,
            {"action": "add_entity", "start": cs, "end": ce, "type": "organization", "name": "星海生物科技有限公司"},
            user="key:k1",
        ),
        record(
            store,
            redis_client,
            doc.id,
            {
                "action": "edit_metric",
                "start": ms,
                "end": me,
                "set": {"unit": "CNY", "period": "2023"},
                "note": "亿元 is CNY",
            },
        ),
        record(
            store,
            redis_client,
            doc.id,
            {"action": "edit_entity", "start": 0, "end": 6, "set": {"name": "苏州工业园区（SIP）"}},
        ),
    ]
    # The pipeline's output is untouched; the corrections are beside it.
    raw = store.get_document(doc.id)
    assert raw is not None and [e.type for e in raw.entities] == ["park", "region"] and raw.metrics[0].unit == "USD"
    kept = corrections_for(store).of(doc.id)
    assert [c["id"] for c in kept] == [r["id"] for r in rows]  # in the order made
    assert [c["user"] for c in kept] == ["tester", "key:k1", "tester", "tester"]
    assert all(c["created_at"] for c in kept) and kept[2]["note"] == "亿元 is CNY"
    assert corrections_for(store).documents() == [doc.id]

    def check(fixed: Document) -> None:
        assert [(e.type, e.name, e.text) for e in fixed.entities] == [
            ("park", "苏州工业园区（SIP）", "苏州工业园区"),
            ("organization", "星海生物科技有限公司", "星海生物公司"),
        ]
        assert (fixed.metrics[0].unit, fixed.metrics[0].period, fixed.metrics[0].value) == ("CNY", "2023", 368600000000)
        assert fixed.metrics[1].unit == "percent"  # untouched
        for item in [*fixed.entities, *fixed.metrics]:
            assert TEXT[item.start : item.end] == item.text

    check(read(store, doc.id))
    reprocess(store, doc.id)  # the stages overwrite their output ...
    check(read(store, doc.id))  # ... and every correction still applies
    _, summary = corr.corrected(store, store.get_document(doc.id))  # type: ignore[arg-type]
    assert summary is not None and summary["applied"] == 4 and summary["stale"] == []

    # One event per correction, a valid CloudEvent of the corrected type.
    events = [orjson.loads(f["event"]) for _, f in redis_client.xrange("docpipe:events")]
    corrected = [e for e in events if e["type"] == EVENT_TYPES["corrected"]]
    assert [e["data"]["correction"]["id"] for e in corrected] == [r["id"] for r in rows]
    assert [e["data"]["correction_count"] for e in corrected] == [1, 2, 3, 4]
    for e in corrected:
        validate_event(e)
        assert e["subject"] == doc.id and e["dataref"] == f"http://api.test/documents/{doc.id}"


def test_a_figures_value_and_range_are_corrected_and_survive_a_reprocess(store: Store, redis_client: Any) -> None:
    """Issue #13: fix a figure's value (the unit and period: above)."""
    doc = processed(store, "c0ffee0006")
    gs, ge = _span("5.6%")
    record(store, redis_client, doc.id, {"action": "edit_metric", "start": gs, "end": ge, "set": {"value": 5.7}})
    record(store, redis_client, doc.id, {"action": "edit_metric", "start": gs, "end": ge, "set": {"value_max": 6.1}})

    def check(fixed: Document) -> None:
        assert (fixed.metrics[1].value, fixed.metrics[1].value_max, fixed.metrics[1].unit) == (5.7, 6.1, "percent")
        assert fixed.metrics[0].value == 368600000000  # the other figure untouched

    check(read(store, doc.id))
    raw = store.get_document(doc.id)
    assert raw is not None and raw.metrics[1].value == 5.6  # the pipeline's output is kept as it was
    reprocess(store, doc.id)
    check(read(store, doc.id))


def test_a_correction_whose_text_changed_is_stale_not_misapplied(store: Store, redis_client: Any) -> None:
    doc = processed(store, "c0ffee0002")
    gs, ge = _span("5.6%")
    record(store, redis_client, doc.id, {"action": "edit_metric", "start": gs, "end": ge, "set": {"value": 5.7}})
    shifted = "（转载）" + TEXT  # a new cleaning moves every offset
    store.save_stage(doc.id, "segment", "3", {"clean_text": shifted}, Status.extracting)
    fixed, summary = corr.corrected(store, store.get_document(doc.id))  # type: ignore[arg-type]
    assert summary is not None and summary["applied"] == 0 and len(summary["stale"]) == 1
    assert fixed.metrics[1].value == 5.6


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"action": "add_entity", "start": 5, "end": 10_000, "type": "park"}, "span_out_of_range"),
        ({"action": "add_entity", "start": -1, "end": 3, "type": "park"}, "span_out_of_range"),
        ({"action": "add_entity", "start": 6, "end": 6, "type": "park"}, "span_out_of_range"),
        ({"action": "add_entity", "start": 0, "end": 6, "type": "planet"}, "unknown_entity_type"),
        ({"action": "edit_entity", "start": 0, "end": 6, "set": {"type": "galaxy"}}, "unknown_entity_type"),
        ({"action": "reject_entity", "start": 1, "end": 6}, "correction_target_not_found"),
        ({"action": "edit_metric", "start": 0, "end": 6, "set": {"unit": "CNY"}}, "correction_target_not_found"),
        ({"action": "edit_metric", "start": "MS", "end": "ME", "set": {"value": -3}}, "invalid_body"),
        ({"action": "edit_metric", "start": "MS", "end": "ME", "set": {"period": "last year"}}, "invalid_body"),
        ({"action": "edit_metric", "start": "MS", "end": "ME", "set": {"qualifier": "gt"}}, "invalid_body"),
        ({"action": "merge_entities", "start": 0, "end": 6}, "invalid_body"),
        ({"action": "reject_entity", "start": "0", "end": 6}, "invalid_body"),
    ],
)
def test_bad_corrections_are_refused_with_a_stable_code(
    store: Store, redis_client: Any, body: dict[str, Any], code: str
) -> None:
    doc = processed(store, "c0ffee0003")
    ms, me = _span("3686亿元")
    body = {k: {"MS": ms, "ME": me}.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    with pytest.raises(DocpipeError) as caught:
        record(store, redis_client, doc.id, body)
    assert caught.value.code == code
    assert corrections_for(store).of(doc.id) == []  # nothing stored


def test_a_document_not_processed_cannot_be_corrected(store: Store, redis_client: Any) -> None:
    store.insert_document(Document(id="c0ffee0004", raw_text=TEXT))
    with pytest.raises(DocpipeError) as caught:
        record(store, redis_client, "c0ffee0004", {"action": "add_entity", "start": 0, "end": 6, "type": "park"})
    assert caught.value.code == "document_not_processed"


def test_export_writes_gold_the_shared_scorer_reads(store: Store, redis_client: Any, tmp_path: Path) -> None:
    doc = processed(store, "c0ffee0005")
    rs, re_ = _span("星海生物")
    ms, me = _span("3686亿元")
    record(
        store,
        redis_client,
        doc.id,
        {
            "action": "edit_entity",
            "start": rs,
            "end": re_,
            "type": "region",
            "set": {"type": "organization", "name": "星海生物公司"},
        },
    )
    record(store, redis_client, doc.id, {"action": "edit_metric", "start": ms, "end": me, "set": {"unit": "CNY"}})
    (path,) = export(store, tmp_path / "gold")
    assert path.name == "corrected_article.gold.json"
    assert (tmp_path / "gold" / "corrected_article.txt").read_text(encoding="utf-8") == TEXT
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert gold["article"] == "corrected_article.txt" and gold["published_at"] == "2024-01-20"
    assert gold["entities"]["organization"] == [{"name": "星海生物公司", "aliases": ["星海生物"]}]
    assert gold["entities"]["region"] == [] and gold["entities"]["park"] == [{"name": "苏州工业园区", "aliases": []}]
    assert [(m["text"], m["unit"]) for m in gold["metrics"]] == [("3686亿元", "CNY"), ("5.6%", "percent")]
    # The shared scorer's own functions score the corrected document perfectly against its gold.
    spec = importlib.util.spec_from_file_location("score", SCORE)
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    fixed = read(store, doc.id).model_dump(mode="json")
    tally = score.Tally()
    score.score_metrics(gold["metrics"], fixed["metrics"], tally, {"qualifier": [0, 0], "period": [0, 0]}, [])
    assert tally.prf()["f1"] == 1.0
    raw = store.get_document(doc.id).model_dump(mode="json")  # type: ignore[union-attr]
    tally = score.Tally()
    score.score_metrics(gold["metrics"], raw["metrics"], tally, {"qualifier": [0, 0], "period": [0, 0]}, [])
    assert tally.prf()["f1"] < 1.0  # the uncorrected output does not match it
