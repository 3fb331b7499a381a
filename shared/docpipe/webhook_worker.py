"""The ``webhooks`` worker (``docpipe webhooks``): reads the event stream
through its own consumer group, turns each event into one pending delivery
per matching subscription, and sends due deliveries as Standard Webhooks
(``webhook-id``, ``webhook-timestamp``, ``webhook-signature`` signed with the
subscription's secret by the ``standardwebhooks`` package).

Two threads: the reader (stream -> deliveries, acknowledged only once the
deliveries are written, so a crash in between re-reads the entry and the
deterministic delivery id makes no copy) and the sender (claims due
deliveries, posts them from a small pool, records each outcome). Any number
of these workers may run: the group shares the stream between them and a
claimed delivery is leased to one.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from standardwebhooks import Webhook

from . import events, settings, streams
from .webhook_health import Heartbeat
from .webhooks import DUE, Subscription, Webhooks, adcode_matches

log = logging.getLogger("docpipe.webhooks")

GROUP = "webhooks"


def _stream_after(a: str, b: str) -> bool:
    """Whether stream id ``a`` comes after ``b``."""
    ta, _, sa = a.partition("-")
    tb, _, sb = b.partition("-")
    return (int(ta), int(sa or 0)) > (int(tb), int(sb or 0))


class Matcher:
    """Whether an event goes to a subscription: its type, its position after
    the subscription's creation, and the filter (entity type, adcode). An
    adcode filter reads the document's entities from the store, once per event."""

    def __init__(self) -> None:
        self._entities: dict[str, list[dict[str, Any]]] = {}

    def entities(self, doc_id: str) -> list[dict[str, Any]]:
        if doc_id not in self._entities:
            from .store import get_store

            doc = get_store().get_document(doc_id, fields=("entities",))
            self._entities = {doc_id: [e.model_dump() for e in doc.entities] if doc else []}
        return self._entities[doc_id]

    def matches(self, sub: Subscription, event: dict[str, Any], stream_id: str) -> bool:
        if not sub.wants(str(event.get("type"))) or not _stream_after(stream_id, sub.since):
            return False
        wanted_type, wanted_code = sub.filter.get("entity_type"), sub.filter.get("adcode")
        if wanted_type is None and wanted_code is None:
            return True
        counts = (event.get("data") or {}).get("entity_counts_by_type")
        if wanted_code is None and isinstance(counts, dict):
            return bool(counts.get(wanted_type))
        subject = event.get("subject")
        if not isinstance(subject, str):
            return False
        for e in self.entities(subject):
            if wanted_type is not None and e["type"] != wanted_type:
                continue
            code = (e.get("attributes") or {}).get("adcode")
            if wanted_code is None or (isinstance(code, str) and adcode_matches(wanted_code, code)):
                return True
        return False


def sign_headers(sub: Subscription, did: str, body: str, when: datetime | None = None) -> dict[str, str]:
    when = when or datetime.now(UTC)
    return {
        "webhook-id": did,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": Webhook(sub.secret).sign(did, when, body),
        "content-type": "application/json",
        "user-agent": "docpipe-webhooks",
    }


class WebhookWorker:
    def __init__(self, name: str | None = None) -> None:
        self.conf = settings.webhooks()
        self.name = name or f"webhooks@{socket.gethostname()}"
        self.stop = threading.Event()
        self.reader_client = streams.connect()
        self.hooks = Webhooks(streams.connect(block_ms=1000))
        self.http = httpx.Client(timeout=self.conf.timeout_s, follow_redirects=False)
        self.matcher = Matcher()
        self.sent = 0
        # What the health check (webhook_health) reads: each loop going round.
        self.beats = {"reader": Heartbeat("reader"), "sender": Heartbeat("sender")}

    # -- reading ------------------------------------------------------------------
    def fan_out(self, entries: list[streams.Entry]) -> int:
        """Pending deliveries for ``entries``; returns how many were made."""
        subs = self.hooks.all()
        made = 0
        for stream_id, event in entries:
            if not event:
                continue
            try:  # only CloudEvents the SDK accepts leave for subscribers
                events.from_dict(event)
            except events.InvalidEvent as exc:
                log.warning("stream entry %s is not a valid CloudEvent (%s); not delivered", stream_id, exc)
                continue
            body: bytes | None = None
            for sub in subs:
                if self.matcher.matches(sub, event, stream_id):
                    body = body or orjson.dumps(event)
                    made += self.hooks.enqueue(sub, event, stream_id, body)
        return made

    def read_loop(self) -> None:
        block = min(settings.events().block_ms, 1000)  # notice stop within a second
        for batch in streams.follow_group(
            self.reader_client, GROUP, self.name, block_ms=block, on_reconnect=self._reconnecting, sleep=self.stop.wait
        ):
            if self.stop.is_set():
                return
            self.beats["reader"].beat()
            if not batch:
                continue
            made = self.fan_out(batch)
            streams.ack(self.reader_client, GROUP, *(entry_id for entry_id, _ in batch))
            if made:
                log.info("%d deliveries queued from %d events", made, len(batch))

    def _reconnecting(self, exc: BaseException, delay: float) -> None:
        log.warning("Redis unreachable (%s); reconnecting in %.1f s", type(exc).__name__, delay)

    # -- sending ------------------------------------------------------------------
    def attempt(self, did: str) -> None:
        record = self.hooks.load(did)
        if record is None or record["state"] != "pending":
            self.hooks.r.zrem(DUE, did)
            return
        sub = self.hooks.get(record["subscription"])
        if sub is None:
            self.hooks.drop(did)
            return
        status: int | None = None
        error: str | None = None
        try:
            response = self.http.post(
                sub.url, content=record["body"].encode("utf-8"), headers=sign_headers(sub, did, record["body"])
            )
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
        outcome = self.hooks.record_attempt(record, status, error)
        self.sent += 1
        if outcome["state"] == "dead":
            log.warning("delivery %s to %s is dead after %d attempts (%s)", did, sub.url, outcome["attempts"], error)

    def send_loop(self) -> None:
        lease_s = self.conf.timeout_s * 3 + 5
        with ThreadPoolExecutor(self.conf.concurrency, thread_name_prefix="webhook-send") as pool:
            while not self.stop.is_set():
                self.beats["sender"].beat()
                try:
                    due = self.hooks.claim_due(self.conf.concurrency * 2, lease_s)
                except streams.TRANSIENT as exc:
                    log.warning("Redis unreachable (%s); the sender waits", type(exc).__name__)
                    self.stop.wait(1.0)
                    continue
                except Exception:  # the sender must outlive any one bad answer: the reader keeps queueing
                    log.exception("claiming due deliveries failed; the sender waits")
                    self.stop.wait(1.0)
                    continue
                if not due:
                    self.stop.wait(self.conf.poll_s)
                    continue
                for future in [pool.submit(self.attempt, did) for did in due]:
                    try:
                        future.result()
                    except Exception:  # one bad record must not stop the sender
                        log.exception("a delivery attempt failed unexpectedly")

    def run(self) -> int:
        streams.ensure_group(self.reader_client, GROUP, start="0")
        sender = threading.Thread(target=self.send_loop, name="webhook-sender", daemon=True)
        sender.start()
        # The line `docpipe run` (and the tests) wait for, as for a Celery worker.
        log.info("%s ready.", self.name)
        try:
            self.read_loop()
        finally:
            self.stop.set()
            sender.join(timeout=self.conf.timeout_s + 5)
            self.http.close()
        return 0


def main() -> int:
    from . import logs

    logs.configure(service=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per attempt is ours to write
    worker = WebhookWorker()

    def on_signal(signum: int, _frame: object) -> None:
        worker.stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return worker.run()
