"""Corrections through the running stack (API + the three stage workers,
embedded store): POST and GET ``/documents/{id}/corrections``, applied to
what ``GET /documents/{id}`` returns, surviving a reprocess (a re-submission
with a new published_at re-runs every stage), the page's plain POST form,
and RFC 9457 problems for bad input."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from conftest import Stack  # tests/integration/conftest.py

pytestmark = pytest.mark.integration

TEXT = (
    "苏州工业园区2023年实现地区生产总值3686亿元，同比增长5.6%。"
    "园区内生物医药企业超过2200家，星海微电子公司今年落户园区。"
)


def processed(stack: Stack, text: str = TEXT, **fields: Any) -> dict[str, Any]:
    accepted = stack.post(text, **fields)
    stack.wait_status(accepted["id"], ("processed",))
    with stack.client() as c:
        return c.get(f"/documents/{accepted['id']}").json()


def reprocess(stack: Stack, doc_id: str, published_at: str) -> dict[str, Any]:
    """Re-submit with a new published_at: the status goes back to queued in
    the same write, and every stage runs again (a second processed event)."""
    r = stack.post(TEXT, published_at=published_at)
    assert r["reprocessing"] is True
    body = stack.wait_status(doc_id, ("processed",))
    processed_events = [
        e for _, e in stack.events_for(doc_id, at_least=2, settle_s=0) if e["type"] == "docpipe.document.processed"
    ]
    assert len(processed_events) == 2
    return body


def _span(doc: dict[str, Any], piece: str) -> tuple[int, int]:
    start = doc["clean_text"].index(piece)
    return start, start + len(piece)


def test_corrections_apply_to_get_and_survive_a_reprocess(stack: Stack) -> None:
    body = processed(stack, published_at="2024-01-20")
    doc = body["document"]
    doc_id = doc["id"]
    park = next(e for e in doc["entities"] if e["type"] == "park")
    figure = next(m for m in doc["metrics"] if m["unit"] == "CNY")
    ms, me = _span(doc, "星海微电子公司")
    with stack.client() as c:
        made = [
            c.post(
                f"/documents/{doc_id}/corrections",
                headers={"X-Docpipe-User": "reviewer-7"},
                json={
                    "action": "edit_entity",
                    "start": park["start"],
                    "end": park["end"],
                    "type": "park",
                    "set": {"name": "苏州工业园区（已审）"},
                },
            ),
            c.post(
                f"/documents/{doc_id}/corrections",
                json={
                    "action": "edit_metric",
                    "start": figure["start"],
                    "end": figure["end"],
                    "set": {"period": "2023-01/2023-12"},
                },
            ),
            c.post(
                f"/documents/{doc_id}/corrections",
                json={"action": "add_entity", "start": ms, "end": me, "type": "organization"},
            ),
        ]
        for r in made:
            assert r.status_code == 201, r.text
            assert r.headers["location"] == f"/documents/{doc_id}/corrections"
        assert [r.json()["user"] for r in made] == ["reviewer-7", "anonymous", "anonymous"]
        listed = c.get(f"/documents/{doc_id}/corrections").json()
        assert [i["id"] for i in listed["items"]] == [r.json()["id"] for r in made]
        assert all(i["applied"] for i in listed["items"])

    def check(got: dict[str, Any]) -> None:
        names = {(e["type"], e["name"]) for e in got["document"]["entities"]}
        assert ("park", "苏州工业园区（已审）") in names and ("park", park["name"]) not in names
        assert ("organization", "星海微电子公司") in names
        fixed = next(m for m in got["document"]["metrics"] if m["start"] == figure["start"])
        assert fixed["period"] == "2023-01/2023-12"
        assert got["corrections"]["applied"] == 3 and got["corrections"]["stale"] == []

    with stack.client() as c:
        check(c.get(f"/documents/{doc_id}").json())
        only = c.get(f"/documents/{doc_id}", params={"fields": "entities"}).json()
        assert set(only["document"]) == {"id", "entities"}  # corrected, and still only what was asked
        assert ("organization", "星海微电子公司") in {(e["type"], e["name"]) for e in only["document"]["entities"]}
    reprocess(stack, doc_id, "2024-02-01")
    with stack.client() as c:
        check(c.get(f"/documents/{doc_id}").json())
    # The event of each correction is on the stream.
    types = [e["type"] for _, e in stack.events_for(doc_id, at_least=5, settle_s=0)]
    assert types.count("docpipe.document.corrected") == 3


def test_the_page_form_makes_a_correction_without_javascript(stack: Stack) -> None:
    body = processed(stack, TEXT + "（表单）")
    doc = body["document"]
    entity = doc["entities"][0]
    with httpx.Client(base_url=stack.api_url, timeout=30, follow_redirects=False) as c:
        r = c.post(
            f"/ui/documents/{doc['id']}/corrections",
            data={
                "action": "reject_entity",
                "target": f"e:{entity['start']}:{entity['end']}:{entity['type']}",
                "user": "表单用户",
            },
        )
        assert r.status_code == 303 and "notice=" in r.headers["location"]
        page = c.get(r.headers["location"])
        assert "表单用户" in page.text and "reject_entity" in page.text
        # A bad one comes back to the page with the problem's message, not a stack trace.
        r = c.post(f"/ui/documents/{doc['id']}/corrections", data={"action": "add_entity", "span_text": "不存在的文字"})
        assert r.status_code == 303 and "error=" in r.headers["location"]
        page = c.get(r.headers["location"])
        assert "does not occur" in page.text
    got = httpx.get(f"{stack.api_url}/documents/{doc['id']}").json()["document"]
    assert (entity["start"], entity["end"], entity["type"]) not in {
        (e["start"], e["end"], e["type"]) for e in got["entities"]
    }


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"action": "add_entity", "start": 0, "end": 100_000, "type": "park"}, 422, "span_out_of_range"),
        ({"action": "add_entity", "start": 0, "end": 6, "type": "spaceport"}, 422, "unknown_entity_type"),
        ({"action": "reject_entity", "start": 1, "end": 2}, 422, "correction_target_not_found"),
        ({"action": "explode"}, 422, "invalid_body"),
        ([1, 2], 422, "invalid_body"),
    ],
)
def test_bad_corrections_are_problems(stack: Stack, body: Any, status: int, code: str) -> None:
    doc_id = processed(stack, TEXT + "（坏输入）")["id"]
    with stack.client() as c:
        r = c.post(f"/documents/{doc_id}/corrections", json=body)
        assert r.status_code == status, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == code and r.json()["instance"] == f"/documents/{doc_id}/corrections"
        assert c.get(f"/documents/{doc_id}/corrections").json()["items"] == []


def test_corrections_of_unknown_documents_and_wrong_media_types(stack: Stack) -> None:
    with stack.client() as c:
        r = c.post("/documents/0123456789abcdef/corrections", json={"action": "reject_entity", "start": 0, "end": 1})
        assert r.status_code == 404 and r.json()["code"] == "document_not_found"
        r = c.post(
            "/documents/0123456789abcdef/corrections",
            content=b"action=x",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert r.status_code == 415 and r.json()["code"] == "unsupported_media_type"
        assert c.get("/documents/0123456789abcdef/corrections").json()["code"] == "document_not_found"


def test_the_corrections_api_on_mongodb(mongodb_uri: str, redis_server: Any, tmp_path: Any) -> None:
    """The same routes with the API on MongoDB (the wire server): the
    document is written as the stages would, then corrected over HTTP."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    from conftest import make_stack, with_db

    from docpipe.document import Document, Entity, Status
    from docpipe.store import open_store

    db = f"corr_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(mongodb_uri)
    uri = urlunsplit((parts.scheme, parts.netloc, "/" + db, parts.query, parts.fragment))
    store = open_store(uri)
    store.ensure_indexes()
    text = "无锡高新区集成电路产业规模达1500亿元。"
    store.insert_document(Document(id="0ddba11000001", raw_text=text))
    store.save_stage("0ddba11000001", "segment", "1", {"clean_text": text}, Status.extracting)
    store.save_stage(
        "0ddba11000001",
        "extract",
        "1",
        {"entities": [Entity(type="park", text="无锡高新区", name="无锡高新区", start=0, end=5)]},
        Status.processed,
    )
    stack = make_stack(with_db(redis_server.url, 5), tmp_path / "mongo-api")
    stack.env.update(MONGODB_URI=uri, MONGODB_DB=db)
    stack.start_api()
    try:
        with stack.client() as c:
            r = c.post(
                "/documents/0ddba11000001/corrections",
                json={"action": "add_entity", "start": 5, "end": 9, "type": "industry"},
            )
            assert r.status_code == 201, r.text
            r = c.post("/documents/0ddba11000001/corrections", json={"action": "reject_entity", "start": 0, "end": 5})
            assert r.status_code == 201, r.text
            got = c.get("/documents/0ddba11000001").json()
            assert [(e["type"], e["name"]) for e in got["document"]["entities"]] == [("industry", "集成电路")]
            assert [i["action"] for i in c.get("/documents/0ddba11000001/corrections").json()["items"]] == [
                "add_entity",
                "reject_entity",
            ]
            r = c.post(
                "/documents/0ddba11000001/corrections",
                json={"action": "add_entity", "start": 5, "end": 99, "type": "industry"},
            )
            assert r.status_code == 422 and r.json()["code"] == "span_out_of_range"
    finally:
        stack.stop_all()
        store.close()
    # Stored in MongoDB's own collection, not in the document.
    from pymongo import MongoClient

    client: Any = MongoClient(uri)
    try:
        assert client.get_default_database()["corrections"].count_documents({"doc_id": "0ddba11000001"}) == 2
        assert "corrections" not in (
            client.get_default_database()["documents"].find_one({"_id": "0ddba11000001"}) or {}
        )
    finally:
        client.close()
