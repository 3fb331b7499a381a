"""The API against the running stack: acceptance, refusals as problem
details, batch and file uploads, listing with filters, SSE resume."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import httpx
import orjson
import pytest
from httpx_sse import EventSource

Stack = Any

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


def _unique(text: str) -> str:
    return f"{text}（编号{uuid.uuid4().hex[:8]}）"


def _problem(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["code"] == code and body["status"] == status
    assert body["type"] == f"/problems/{code}" and body["title"] and body["detail"]
    return body


def test_post_returns_202_with_location_and_the_same_id_for_the_same_text(stack: Stack) -> None:
    text = _unique("上海市浦东新区2023年GDP达到16715亿元。")
    with stack.client() as c:
        r1 = c.post("/documents", json={"text": text})
        r2 = c.post("/documents", json={"text": text, "title": "又一次"})
    assert r1.status_code == r2.status_code == 202
    assert r1.headers["location"] == f"/documents/{r1.json()['id']}"
    assert r1.json()["created"] is True and r2.json()["created"] is False
    assert r1.json()["id"] == r2.json()["id"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"text": ""}}, 422, "empty_text"),
        ({"json": {"text": " \n\u3000\t"}}, 422, "empty_text"),
        ({"json": {"text": "长" * 40_000}}, 413, "text_too_large"),  # 120 kB > the stack's 100 kB limit
        ({"content": '{"text": "x"', "headers": {"content-type": "application/json"}}, 422, "invalid_body"),
        ({"json": {"title": "no text"}}, 422, "invalid_body"),
        ({"json": {"text": 42}}, 422, "invalid_body"),
        ({"json": ["a list"]}, 422, "invalid_body"),
        ({"json": {"text": "正文", "published_at": "yesterday"}}, 422, "invalid_body"),
        ({"json": {"text": "正文", "metadata": {"source": {"a\u0000b": 1}}}}, 422, "invalid_body"),
        ({"content": "text=正文", "headers": {"content-type": "text/plain"}}, 415, "unsupported_media_type"),
        (
            {"content": b'{"text": "\xd5\xfd\xce\xc4"}', "headers": {"content-type": "application/json"}},
            422,
            "undecodable_text",
        ),
    ],
    ids=[
        "empty",
        "whitespace",
        "too-large",
        "bad-json",
        "no-text",
        "text-not-string",
        "not-object",
        "bad-date",
        "nul-in-metadata-key",
        "wrong-content-type",
        "not-utf8",
    ],
)
def test_refusals_are_problem_details_and_affect_nothing_accepted(
    stack: Stack, kwargs: dict[str, Any], status: int, code: str
) -> None:
    keep = stack.post(_unique("天津滨海新区新增企业1200家。"))
    with stack.client() as c:
        before = c.get("/documents", params={"limit": 200}).json()["items"]
        _problem(c.post("/documents", **kwargs), status, code)
        after = c.get("/documents", params={"limit": 200}).json()["items"]
    assert {d["id"] for d in after} == {d["id"] for d in before}
    assert stack.wait_status(keep["id"])["status"] == "processed"


def test_other_problem_codes(stack: Stack) -> None:
    with stack.client() as c:
        _problem(c.get("/documents/" + "0" * 32), 404, "document_not_found")
        _problem(c.get("/nowhere"), 404, "not_found")
        _problem(c.delete("/documents"), 405, "method_not_allowed")
        _problem(c.get("/documents", params={"cursor": "not-a-cursor"}), 400, "invalid_cursor")
        _problem(c.get("/documents", params={"status": "done"}), 422, "invalid_query")
        _problem(c.get("/documents", params={"published_from": "2024-13-01"}), 422, "invalid_query")
        _problem(c.get("/events", headers={"Last-Event-ID": "nonsense"}), 400, "invalid_event_id")
        batch = {"documents": [{"text": f"文本{i}"} for i in range(21)]}
        _problem(c.post("/documents/batch", json=batch), 413, "batch_too_large")
        table = c.get("/problems").json()
    assert {"empty_text", "text_too_large", "unsupported_media_type", "invalid_body", "undecodable_text"} <= set(table)


def test_idempotency_key_is_honoured(stack: Stack) -> None:
    key = uuid.uuid4().hex
    text = _unique("深圳市前海合作区实际使用外资58亿美元。")
    with stack.client() as c:
        r1 = c.post("/documents", json={"text": text}, headers={"Idempotency-Key": key})
        r2 = c.post("/documents", json={"text": text}, headers={"Idempotency-Key": key})
        r3 = c.post("/documents", json={"text": _unique("另一篇")}, headers={"Idempotency-Key": key})
    assert r1.status_code == r2.status_code == 202 and r1.json()["id"] == r2.json()["id"]
    body = _problem(r3, 409, "idempotency_key_conflict")
    assert body["document_id"] == r1.json()["id"]


def test_batch_reports_each_item(stack: Stack) -> None:
    good = _unique("杭州市数字经济核心产业增加值5675亿元。")
    with stack.client() as c:
        r = c.post(
            "/documents/batch", json={"documents": [{"text": good}, {"text": "  "}, {"title": "x"}, {"text": good}]}
        )
    assert r.status_code == 200
    body = r.json()
    assert (body["accepted"], body["rejected"]) == (2, 2)
    items = body["items"]
    assert items[0]["http_status"] == 202 and items[0]["created"] is True
    assert items[1]["problem"]["code"] == "empty_text"
    assert items[2]["problem"]["code"] == "invalid_body"
    assert items[3]["id"] == items[0]["id"] and items[3]["created"] is False
    assert stack.wait_status(items[0]["id"])["status"] == "processed"


def test_file_upload_detects_utf8_and_gb18030(stack: Stack) -> None:
    utf8 = _unique("成都高新区电子信息产业营收突破1万亿元。")
    gb = _unique("武汉东湖新技术开发区光电子信息产业规模达到5000亿元。")
    files = [
        ("files", ("a.txt", utf8.encode("utf-8"), "text/plain")),
        ("files", ("b.txt", gb.encode("gb18030"), "text/plain")),
        ("files", ("c.pdf", b"%PDF-1.4", "application/pdf")),
    ]
    with stack.client() as c:
        r = c.post("/documents/files", files=files)
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        assert [i["http_status"] for i in items] == [202, 202, 415]
        assert items[2]["problem"]["code"] == "unsupported_media_type"
        for item, text in zip(items[:2], (utf8, gb), strict=True):
            body = stack.wait_status(item["id"])
            assert body["document"]["raw_text"] == text
        _problem(c.post("/documents/files", json={"text": "x"}), 415, "unsupported_media_type")


def test_list_paginates_with_a_cursor_and_filters(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:6]
    ids = []
    for i, date in enumerate(["2021-03-01", "2022-06-15", "2023-09-30", "2024-01-02", "2024-12-31"]):
        ids.append(stack.post(f"苏州工业园区第{i}季度新增注册企业{100 + i}家。标记{tag}", published_at=date)["id"])
    for doc_id in ids:
        stack.wait_status(doc_id)

    seen: list[str] = []
    with stack.client() as c:
        params: dict[str, Any] = {"limit": 2}
        while True:
            page = c.get("/documents", params=params).json()
            assert len(page["items"]) <= 2
            seen += [d["id"] for d in page["items"]]
            if not page["next_cursor"]:
                break
            params["cursor"] = page["next_cursor"]
        assert len(seen) == len(set(seen)) and set(ids) <= set(seen)

        def listed(**params: Any) -> set[str]:
            return {d["id"] for d in c.get("/documents", params={"limit": 200, **params}).json()["items"]}

        assert set(ids) <= listed(status="processed")
        assert not set(ids) & listed(status="failed")
        assert listed(published_from="2022-01-01", published_to="2023-12-31") & set(ids) == set(ids[1:3])
        assert listed(published_from="2024-01-01") & set(ids) == set(ids[3:])

        doc = c.get(f"/documents/{ids[0]}").json()["document"]
        # A projection returns just the fields asked for, the same values.
        part = c.get(f"/documents/{ids[0]}", params={"fields": "entities, metrics"}).json()
        assert part["status"] == "processed" and set(part["document"]) == {"id", "entities", "metrics"}
        assert part["document"]["entities"] == doc["entities"] and part["document"]["metrics"] == doc["metrics"]
        bad = c.get(f"/documents/{ids[0]}", params={"fields": "entities,secrets"})
        assert bad.status_code == 422 and bad.json()["code"] == "invalid_query" and "secrets" in bad.json()["detail"]
        if not doc["entities"]:
            pytest.skip("the extract stage found no entity to filter on")
        ent = doc["entities"][0]
        assert set(ids) <= listed(entity=ent["name"])
        assert set(ids) <= listed(entity_type=ent["type"])
        assert not set(ids) & listed(entity="不存在的实体名")
        adcodes = [e["attributes"].get("adcode") for e in doc["entities"] if e["attributes"].get("adcode")]
        if adcodes:
            assert set(ids) <= listed(adcode=adcodes[0])
        assert not set(ids) & listed(adcode="999999")


def _read_sse(stack: Stack, headers: dict[str, str], params: dict[str, str], until: Any, out: list) -> None:
    """Collect (id, event) from GET /events until ``until(event)`` is true."""
    with (
        httpx.Client(base_url=stack.api_url, timeout=httpx.Timeout(30, read=30)) as c,
        c.stream("GET", "/events", headers=headers, params=params) as r,
    ):
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for message in EventSource(r).iter_sse():
            if not message.data:  # the starting position, keep-alives
                continue
            event = orjson.loads(message.data)
            out.append((message.id, event))
            if until(event):
                return


def test_sse_replays_and_resumes_from_last_event_id(stack: Stack) -> None:
    a = stack.post(_unique("合肥市新能源汽车产量74.6万辆。"))["id"]
    stack.wait_status(a)
    a_sid = next(sid for sid, e in stack.events_for(a) if e["type"].endswith("processed"))

    # Replay from the start: A's event is there, with the stream id as SSE id.
    with httpx.Client(base_url=stack.api_url, timeout=30) as c, c.stream("GET", "/events", params={"from": "0"}) as r:
        for message in EventSource(r).iter_sse():
            if message.data and orjson.loads(message.data)["subject"] == a:
                assert message.id == a_sid
                break

    # Resume after A: the first event seen is a later one, B's among them.
    got: list = []
    b = stack.post(_unique("西安市高新区硬科技企业超过1万家。"))["id"]
    stack.wait_status(b)
    reader = threading.Thread(
        target=_read_sse, args=(stack, {"Last-Event-ID": a_sid}, {}, lambda e: e["subject"] == b, got)
    )
    reader.start()
    reader.join(30)
    assert got and got[-1][1]["subject"] == b, "B's event did not come after Last-Event-ID"
    assert all(tuple(map(int, sid.split("-"))) > tuple(map(int, a_sid.split("-"))) for sid, _ in got)
    assert a not in {e["subject"] for _, e in got}


def test_new_events_only_by_default(stack: Stack) -> None:
    import time

    old = stack.post(_unique("大连港货物吞吐量3.2亿吨。"))["id"]
    stack.wait_status(old)
    text = _unique("青岛港集装箱吞吐量2682万标准箱。")
    from docpipe.ingest import document_id

    got: list = []
    reader = threading.Thread(target=_read_sse, args=(stack, {}, {}, lambda e: e["subject"] == document_id(text), got))
    reader.start()
    time.sleep(0.5)  # the reader has resolved "now" before the document exists
    doc_id = stack.post(text)["id"]
    reader.join(30)
    assert got and got[-1][1]["subject"] == doc_id
    assert old not in {e["subject"] for _, e in got}


def test_health_readiness_metrics_and_docs(stack: Stack) -> None:
    with stack.client() as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        ready = c.get("/readyz").json()
        assert ready["checks"] == {"redis": True, "store": True, "segment": True, "extract": True, "normalize": True}
        assert all(ready["stages"][stage]["consumers"] >= 1 for stage in ("segment", "extract", "normalize"))
        metrics = c.get("/metrics").text
        assert "docpipe_documents_accepted_total" in metrics and "docpipe_http_requests_total" in metrics
        assert c.get("/docs").status_code == 200
        paths = c.get("/openapi.json").json()["paths"]
        assert {"/documents", "/documents/batch", "/documents/files", "/documents/{doc_id}", "/events"} <= set(paths)


def test_docs_load_no_asset_from_the_network(stack: Stack) -> None:
    import re

    with stack.client() as c:
        for page in ("/docs", "/redoc"):
            html = c.get(page).text
            refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html) + re.findall(r"url:\s*'([^']+)'", html)
            assert refs, page
            assert not [u for u in refs if u.startswith(("http:", "https:", "//"))], (page, refs)
            for ref in refs:
                assert c.get(ref).status_code == 200, (page, ref)


def test_an_unencoded_query_gets_a_problem(stack: Stack) -> None:
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(stack.api_url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall("GET /documents?industry=新能源 HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        reply = b""
        while chunk := s.recv(4096):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"content-type: application/problem+json" in head.lower()
    problem = orjson.loads(body)
    assert problem["code"] == "malformed_request" and "percent-encode" in problem["detail"]
    with stack.client() as c:  # listed by GET /problems
        assert "malformed_request" in c.get("/problems").json()
