"""Webhooks end to end: the API (subscriptions), the ``docpipe webhooks``
worker as a process, a real Redis, and a tiny HTTP receiver in the test.

- A receiver that is down (connection refused), then rejects (503), then
  accepts gets every matching event exactly once accepted, every attempt
  carrying the same webhook-id and a signature the package's own verifier
  accepts; events before the subscription, of other types or outside its
  filter never arrive.
- A receiver that never accepts ends in the dead-letter list (API), and a
  re-delivery reaches it once it accepts, under the same webhook-id.
- Bad subscriptions are RFC 9457 problems.

The retry schedule is shrunk by settings (DOCPIPE_WEBHOOKS_*); nothing
waits for the real one and no assertion is about time.
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import orjson
import pytest
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from conftest import (  # tests/integration/conftest.py
    Stack,
    free_port,
    make_stack,
    with_db,
)
from standardwebhooks import Webhook

from docpipe.document import Document, Entity, Status
from docpipe.events import make_event, publish
from docpipe.settings import EventSettings
from docpipe.webhook_worker import GROUP as WEBHOOKS_GROUP

pytestmark = pytest.mark.integration

FAST = {
    "DOCPIPE_WEBHOOKS_RETRY_FIRST_S": "0.05",
    "DOCPIPE_WEBHOOKS_RETRY_MAX_S": "0.2",
    "DOCPIPE_WEBHOOKS_POLL_S": "0.05",
    "DOCPIPE_WEBHOOKS_TIMEOUT_S": "5",
}


class Receiver:
    """An HTTP server on ``port`` (started by ``up()``) answering each POST
    by ``mode``: ``reject`` (503) or ``accept`` (204). Every request is
    kept with its headers, body and answer."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.mode = "reject"
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def up(self) -> None:
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                status = 204 if outer.mode == "accept" else 503
                with outer.lock:
                    outer.requests.append({"headers": dict(self.headers.items()), "body": body, "status": status})
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def by_id(self, status: int | None = None) -> Counter[str]:
        with self.lock:
            return Counter(r["headers"]["webhook-id"] for r in self.requests if status is None or r["status"] == status)


def wait_until(check: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout_s} s: {what}")


@pytest.fixture(scope="module")
def hooks_stack(redis_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    url = with_db(redis_server.url, 4)
    import redis

    redis.Redis.from_url(url).flushdb()
    stack = make_stack(url, tmp_path_factory.mktemp("webhooks"), **FAST)
    stack.start_api()
    try:
        yield stack
    finally:
        stack.stop_all()


def start_worker(stack: Stack, name: str, **env: str) -> subprocess.Popen[bytes]:
    proc = stack._spawn(name, [sys.executable, "-m", "docpipe.cli", "webhooks"], **env)
    log_path = stack.var_dir / f"{name}.log"
    wait_until(lambda: " ready." in log_path.read_text(errors="replace") or proc.poll() is not None, f"{name} ready")
    assert proc.poll() is None, log_path.read_text(errors="replace")
    return proc


def publish_to(stack: Stack, doc_id: str, kind: str = "processed", types: tuple[str, ...] = ("park",)) -> str:
    entities = [Entity(type=t, text="x", name=f"{t}-{i}", start=i, end=i + 1) for i, t in enumerate(types)]  # type: ignore[arg-type]
    doc = Document(
        id=doc_id,
        status=Status.processed if kind == "processed" else Status.failed,
        pipeline_version="test",
        title="webhook test",
        entities=entities,
    )
    r = stack.redis()
    try:
        publish(r, make_event(doc, kind, stack.api_url), dedupe_ttl_s=None)  # type: ignore[arg-type]
        return doc.id
    finally:
        r.close()


def subscribe(stack: Stack, url: str, **body: Any) -> dict[str, Any]:
    with stack.client() as c:
        r = c.post("/webhooks", json={"url": url, **body})
    assert r.status_code == 201, r.text
    return r.json()


def verified(secret: str, request: dict[str, Any]) -> dict[str, Any]:
    return Webhook(secret).verify(request["body"], request["headers"])  # raises unless signed with the secret


def test_a_receiver_down_then_rejecting_then_accepting_gets_every_event_once(hooks_stack: Stack) -> None:
    stack = hooks_stack
    receiver = Receiver()
    publish_to(stack, "aaaa0000before")  # before the subscription: never delivered
    sub = subscribe(stack, receiver.url, event_types=["docpipe.document.processed"], filter={"entity_type": "park"})
    assert sub["secret"].startswith("whsec_")
    with stack.client() as c:
        assert "secret" not in c.get(f"/webhooks/{sub['id']}").json()
    worker = start_worker(stack, "webhooks-1", DOCPIPE_WEBHOOKS_RETRY_FOR_S="600")
    try:
        wanted = [publish_to(stack, f"bbbb{i:04d}") for i in range(5)]
        publish_to(stack, "cccc0000noparks", types=("region",))  # outside the filter
        publish_to(stack, "dddd0000failed", kind="failed")  # another event type
        # Down: connection refused, so attempts fail and are retried.
        wait_until(lambda: "ConnectError" in _deliveries_text(stack, sub["id"]), "a refused attempt")
        receiver.up()
        wait_until(
            lambda: len(receiver.by_id()) == len(wanted) and min(receiver.by_id().values()) >= 2,
            "every event rejected at least twice",
        )
        receiver.mode = "accept"
        wait_until(lambda: len(receiver.by_id(204)) == len(wanted), "every event accepted")
        # Give late duplicates a chance to show: the worker's due list empties.
        wait_until(lambda: _pending(stack, sub["id"]) == 0, "nothing pending")
        time.sleep(0.5)
    finally:
        receiver.down()
        stack.stop("webhooks-1")
    assert worker.returncode == 0
    # It read the stream through its own consumer group and acknowledged
    # every entry it read (delivered or not wanted), leaving none pending.
    r = stack.redis()
    try:
        groups = {g["name"]: g for g in r.xinfo_groups(EventSettings().stream)}
    finally:
        r.close()
    assert WEBHOOKS_GROUP == "webhooks" and WEBHOOKS_GROUP in groups, groups
    assert groups[WEBHOOKS_GROUP]["pending"] == 0 and groups[WEBHOOKS_GROUP]["consumers"] >= 1, groups
    accepted = receiver.by_id(204)
    assert set(accepted.values()) == {1}, accepted  # once each
    subjects = set()
    for request in receiver.requests:  # every attempt, rejected or not, is signed
        event = verified(sub["secret"], request)
        subjects.add(event["subject"])
        # The body is a CloudEvent as the SDK's own JSON format reads it.
        assert JSONFormat().read(CloudEvent, request["body"]).get_subject() == event["subject"]
        assert request["headers"]["webhook-id"].startswith("msg_")
    assert subjects == set(wanted)
    # One webhook-id per event, the same on every retry of it.
    ids_per_subject: dict[str, set[str]] = {}
    for request in receiver.requests:
        ids_per_subject.setdefault(orjson.loads(request["body"])["subject"], set()).add(
            request["headers"]["webhook-id"]
        )
    assert all(len(ids) == 1 for ids in ids_per_subject.values())
    with stack.client() as c:
        delivered = c.get(f"/webhooks/{sub['id']}/deliveries", params={"state": "delivered"}).json()["items"]
        assert {d["subject"] for d in delivered} == set(wanted)
        assert all(d["attempts"] >= 3 for d in delivered)  # refused, rejected twice, accepted
        deleted = c.delete(f"/webhooks/{sub['id']}")
        assert deleted.status_code == 200 and deleted.json()["id"] == sub["id"] and "secret" not in deleted.json()
        assert c.get(f"/webhooks/{sub['id']}").json()["code"] == "webhook_not_found"
        assert c.delete(f"/webhooks/{sub['id']}").json()["code"] == "webhook_not_found"


def _deliveries_text(stack: Stack, sub_id: str) -> str:
    with stack.client() as c:
        return c.get(f"/webhooks/{sub_id}/deliveries").text


def _pending(stack: Stack, sub_id: str) -> int:
    with stack.client() as c:
        return len(c.get(f"/webhooks/{sub_id}/deliveries", params={"state": "pending"}).json()["items"])


def test_a_receiver_that_never_accepts_ends_in_the_dead_letter_list_and_can_be_redelivered(hooks_stack: Stack) -> None:
    stack = hooks_stack
    receiver = Receiver()
    receiver.up()
    sub = subscribe(stack, receiver.url)
    start_worker(stack, "webhooks-2", DOCPIPE_WEBHOOKS_RETRY_FOR_S="0.5")
    try:
        doc_ids = [publish_to(stack, "eeee0000dead"), publish_to(stack, "eeee0001dead")]
        with stack.client() as c:

            def dead() -> list[dict[str, Any]]:
                return c.get(f"/webhooks/{sub['id']}/deliveries", params={"state": "dead"}).json()["items"]

            wait_until(lambda: len(dead()) == 2, "both deliveries are dead")
            records = sorted(dead(), key=lambda d: d["subject"])
            for record, doc_id in zip(records, doc_ids, strict=True):
                assert record["subject"] == doc_id and record["state"] == "dead" and record["last_status"] == 503
                assert record["attempts"] >= 2  # retried before giving up
            assert c.get(f"/webhooks/{sub['id']}").json()["deliveries"]["dead"] == 2
            attempts_before = len(receiver.requests)
            # The dead-letter list in the UI, each with its re-deliver form.
            page = httpx.get(stack.api_url + "/ui/webhooks")
            form = "/ui/webhooks/{}/deliveries/{}/redeliver"
            assert page.status_code == 200
            for record in records:
                assert f'action="{form.format(sub["id"], record["id"])}"' in page.text
            receiver.mode = "accept"
            # One re-delivered through the API, the other through the page's form.
            r = c.post(f"/webhooks/{sub['id']}/deliveries/{records[0]['id']}/redeliver")
            assert r.status_code == 202 and r.json()["state"] == "pending"
            r = httpx.post(stack.api_url + form.format(sub["id"], records[1]["id"]), follow_redirects=False)
            assert r.status_code == 303 and "notice=" in r.headers["location"], r.text
            wait_until(lambda: len(receiver.by_id(204)) == 2, "both re-deliveries accepted")
            assert dead() == []
    finally:
        receiver.down()
        stack.stop("webhooks-2")
    assert len(receiver.requests) > attempts_before
    assert set(receiver.by_id()) == {d["id"] for d in records}  # the same webhook-ids throughout
    assert set(receiver.by_id(204).values()) == {1}  # each accepted once
    for request in receiver.requests:
        verified(sub["secret"], request)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"url": "ftp://example.com/hook"}, "invalid_webhook_url"),
        ({"url": "/relative"}, "invalid_webhook_url"),
        ({"url": "javascript:alert(1)"}, "invalid_webhook_url"),
        ({"url": "SELF/hook"}, "invalid_webhook_url"),
        ({"url": "http://localhost:PORT/hook"}, "invalid_webhook_url"),
        ({"url": "http://[::1]:PORT/hook"}, "invalid_webhook_url"),
        ({"url": "http://example.com/hook", "event_types": ["docpipe.document.exploded"]}, "unknown_event_type"),
        ({"url": "http://example.com/hook", "event_types": []}, "unknown_event_type"),
        ({"url": "http://example.com/hook", "filter": {"entity_type": "planet"}}, "invalid_body"),
        ({"url": "http://example.com/hook", "filter": {"adcode": "32"}}, "invalid_body"),
        ({"url": "http://example.com/hook", "colour": "red"}, "invalid_body"),
    ],
)
def test_bad_subscriptions_are_problems(hooks_stack: Stack, body: dict[str, Any], code: str) -> None:
    port = hooks_stack.api_url.rsplit(":", 1)[1]
    body = {
        k: (v.replace("SELF", hooks_stack.api_url).replace("PORT", port) if isinstance(v, str) else v)
        for k, v in body.items()
    }
    with hooks_stack.client() as c:
        r = c.post("/webhooks", json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == code


def test_unknown_webhooks_and_states_are_problems(hooks_stack: Stack) -> None:
    with hooks_stack.client() as c:
        assert c.get("/webhooks/wh_00000000000000000000").json()["code"] == "webhook_not_found"
        sub = c.post("/webhooks", json={"url": "http://example.com/hook"}).json()
        r = c.get(f"/webhooks/{sub['id']}/deliveries", params={"state": "lost"})
        assert r.status_code == 422 and r.json()["code"] == "invalid_query"
        r = c.post(f"/webhooks/{sub['id']}/deliveries/msg_{'0' * 32}/redeliver")
        assert r.status_code == 404 and r.json()["code"] == "delivery_not_found"
        assert sub["id"] in [s["id"] for s in c.get("/webhooks").json()["items"]]
        assert c.delete(f"/webhooks/{sub['id']}").status_code == 200


def test_an_adcode_filter_reads_the_documents_regions_from_the_store(hooks_stack: Stack) -> None:
    """A city code covers its districts; another province's document, and a
    document not in the store, are not delivered."""
    from docpipe.store.sqlite import SqliteStore

    stack = hooks_stack
    store = SqliteStore(stack.store_path)
    store.ensure_indexes()
    regions = {"ffff0000suzhou": ("姑苏区", "320508"), "ffff0000beijing": ("朝阳区", "110105")}
    try:
        for doc_id, (name, code) in regions.items():
            store.insert_document(Document(id=doc_id, raw_text=name))
            store.save_stage(
                doc_id,
                "extract",
                "1",
                {
                    "entities": [
                        Entity(type="region", text=name, name=name, start=0, end=len(name), attributes={"adcode": code})
                    ]
                },
                Status.processed,
            )
    finally:
        store.close()
    receiver = Receiver()
    receiver.mode = "accept"
    receiver.up()
    sub = subscribe(stack, receiver.url, filter={"adcode": "320500"})
    start_worker(stack, "webhooks-3", DOCPIPE_WEBHOOKS_RETRY_FOR_S="600")
    try:
        for doc_id in [*regions, "ffff0000nowhere"]:
            publish_to(stack, doc_id, types=("region",))
        publish_to(stack, "ffff0000suzhou", kind="failed")  # the same document, another event type: also wanted
        wait_until(lambda: len(receiver.requests) >= 2, "the Suzhou events delivered")
        time.sleep(0.5)  # a wrong delivery would have arrived by now
    finally:
        receiver.down()
        stack.stop("webhooks-3")
    delivered = [verified(sub["secret"], r) for r in receiver.requests]
    assert sorted((e["subject"], e["type"]) for e in delivered) == [
        ("ffff0000suzhou", "docpipe.document.failed"),
        ("ffff0000suzhou", "docpipe.document.processed"),
    ]


def test_a_correction_reaches_a_corrected_subscription(hooks_stack: Stack) -> None:
    """POST /documents/{id}/corrections publishes docpipe.document.corrected;
    the worker delivers it, signed, to the subscription that asked for it."""
    from docpipe.store.sqlite import SqliteStore

    stack = hooks_stack
    text = "苏州工业园区生物医药企业超2200家。"
    store = SqliteStore(stack.store_path)
    try:
        store.insert_document(Document(id="abcd0000c0ffee", raw_text=text))
        store.save_stage("abcd0000c0ffee", "segment", "1", {"clean_text": text}, Status.extracting)
        store.save_stage(
            "abcd0000c0ffee",
            "extract",
            "1",
            {"entities": [Entity(type="park", text="苏州工业园区", name="苏州工业园区", start=0, end=6)]},
            Status.processed,
        )
    finally:
        store.close()
    receiver = Receiver()
    receiver.mode = "accept"
    receiver.up()
    sub = subscribe(stack, receiver.url, event_types=["docpipe.document.corrected"])
    start_worker(stack, "webhooks-4", DOCPIPE_WEBHOOKS_RETRY_FOR_S="600")
    try:
        with stack.client() as c:
            r = c.post(
                "/documents/abcd0000c0ffee/corrections",
                headers={"X-Docpipe-User": "hook-test"},
                json={"action": "edit_entity", "start": 0, "end": 6, "set": {"name": "苏州工业园区管委会"}},
            )
            assert r.status_code == 201, r.text
        wait_until(lambda: len(receiver.requests) >= 1, "the corrected event delivered")
    finally:
        receiver.down()
        stack.stop("webhooks-4")
    (event,) = [verified(sub["secret"], req) for req in receiver.requests]
    assert event["type"] == "docpipe.document.corrected" and event["subject"] == "abcd0000c0ffee"
    assert JSONFormat().read(CloudEvent, receiver.requests[0]["body"]).get_type() == event["type"]
    assert event["data"]["correction"]["id"] == r.json()["id"] and event["data"]["correction"]["user"] == "hook-test"
