"""What flows through the stack during a run: the articles, the submitter and the event consumers (SSE client, webhook receiver)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from ..corpus import corpus


class Consumers:
    """Two live consumers of the final events: an SSE client of ``GET /events``
    (from the start of the stream; after a dropped connection, e.g. the API
    killed, it resumes with ``Last-Event-ID``) and a webhook receiver on a
    free port, subscribed before the first POST. Each records the event ids
    it got, by document."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.sse: dict[str, set[str]] = defaultdict(set)
        self.hooks: dict[str, set[str]] = defaultdict(set)
        self.hook_posts = 0  # deliveries received, repeats included
        self.sse_reconnects = 0
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        consumers = self

        class Receiver(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                try:
                    event = json.loads(body)
                    with consumers._lock:
                        consumers.hook_posts += 1
                        consumers.hooks[str(event["subject"])].add(str(event["id"]))
                except (ValueError, KeyError):
                    pass
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        r = httpx.post(
            self.api + "/webhooks",
            json={"url": url, "event_types": ["docpipe.document.processed", "docpipe.document.failed"]},
            timeout=30,
        )
        r.raise_for_status()
        threading.Thread(target=self._follow, daemon=True).start()

    def _follow(self) -> None:
        from httpx_sse import connect_sse

        last_id = "0"
        with httpx.Client(base_url=self.api, timeout=httpx.Timeout(10.0, read=60.0)) as client:
            while not self.stop.is_set():
                try:
                    with connect_sse(client, "GET", "/events", headers={"Last-Event-ID": last_id}) as source:
                        for message in source.iter_sse():
                            last_id = message.id or last_id
                            if self.stop.is_set():
                                return
                            if not message.data:
                                continue  # the starting position, keep-alives
                            event = json.loads(message.data)
                            if event.get("type") in ("docpipe.document.processed", "docpipe.document.failed"):
                                self.sse[str(event["subject"])].add(str(event["id"]))
                except (httpx.HTTPError, ValueError):
                    self.sse_reconnects += 1
                    time.sleep(0.5)

    def close(self) -> None:
        self.stop.set()
        if self._server is not None:
            self._server.shutdown()


class Submitter:
    """POSTs every text once; retries while the API or Redis is down (a retry of
    an accepted text is idempotent: the id is the content's hash).

    The last ``hold`` texts are not POSTed here: the fault thread sends them
    while Redis is down (``held``). Of the others, only as many as
    ``release_to`` allowed so far (all, unless ``paced``): the fault thread
    releases them fault by fault, so that work flows until the last fault."""

    def __init__(self, api: str, texts: list[str], hold: int = 0, paced: bool = False) -> None:
        self.api, self.texts = api, texts
        cut = len(texts) - max(0, min(hold, len(texts)))
        self.own, self.held = texts[:cut], texts[cut:]
        self.accepted: dict[str, str] = {}  # id -> text
        self.refused: Counter[str] = Counter()  # problem code of a text given up on
        self.retries: Counter[str] = Counter()  # why a POST was retried
        self._allowed = 0 if paced else len(self.own)
        self._cond = threading.Condition(threading.RLock())
        self.thread = threading.Thread(target=self._run, daemon=True)

    def release_to(self, n: int) -> None:
        """Let the first ``n`` of this thread's texts be POSTed."""
        with self._cond:
            self._allowed = max(self._allowed, min(n, len(self.own)))
            self._cond.notify_all()

    def release_more(self, n: int) -> None:
        """Let ``n`` more of this thread's texts be POSTed."""
        with self._cond:
            self.release_to(self._allowed + n)

    def release_all(self) -> None:
        self.release_to(len(self.own))

    def _run(self) -> None:
        with httpx.Client(base_url=self.api, timeout=30) as c:
            for i, text in enumerate(self.own):
                with self._cond:
                    while i >= self._allowed:
                        self._cond.wait(1.0)
                self.post(c, text)

    def post(
        self, c: httpx.Client, text: str, first: Callable[[httpx.Response | None, str], None] | None = None
    ) -> None:
        """POST ``text`` until it is accepted (or refused for good);
        ``first`` is told the first answer (None and the error's name when
        none came)."""
        for _attempt in range(600):
            try:
                r = c.post("/documents", json={"text": text})
            except httpx.HTTPError as exc:
                if first is not None:
                    first(None, type(exc).__name__)
                    first = None
                self.retries[type(exc).__name__] += 1
                time.sleep(0.2)
                continue
            if first is not None:
                first(r, "")
                first = None
            if r.status_code == 202:
                self.accepted[r.json()["id"]] = text
                return
            if r.status_code in (429, 500, 502, 503):
                self.retries[str(r.status_code)] += 1
                time.sleep(min(float(r.headers.get("retry-after", "0.2")), 2.0))
                continue
            self.refused[_code(r)] += 1
            return
        self.refused["gave_up"] += 1


def _code(r: httpx.Response) -> str:
    try:
        return str(r.json().get("code", r.status_code))
    except ValueError:
        return str(r.status_code)


def articles(n: int, max_chars: int = 0) -> list[str]:
    """``n`` distinct articles from ``bench.corpus``, each cut after its last
    whole paragraph within ``max_chars`` (shorter documents for a quick run)."""
    if not max_chars:
        return [d.text for d in corpus(n)]
    out: list[str] = []
    seen: set[str] = set()
    size = n
    while len(out) < n:
        size *= 2
        for d in corpus(size):
            cut = d.text[:max_chars]
            text = cut[: cut.rfind("\n") + 1] if "\n" in cut else cut
            if text.strip() and text not in seen:
                seen.add(text)
                out.append(text)
                if len(out) == n:
                    break
    return out


def wait_for_consumers(
    consumers: Consumers, events: dict[str, list[str]], timeout_s: float, quiet_s: float = 20.0
) -> None:
    """Until both consumers hold every document that has an event, or nothing
    new reached them for ``quiet_s`` (a webhook delivery that failed waits
    for its retry), or ``timeout_s`` passed."""
    deadline = time.monotonic() + timeout_s
    last, changed = (-1, -1), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - changed < quiet_s:
        now = (sum(map(len, consumers.sse.values())), consumers.hook_posts)
        if all(consumers.sse.get(i) and consumers.hooks.get(i) for i in events):
            return
        if now != last:
            last, changed = now, time.monotonic()
        time.sleep(0.5)
