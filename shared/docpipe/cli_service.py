"""The `docpipe` commands that run or talk to the stack: run, worker, api,
submit, status, events. (``docpipe extract`` lives in cli.py.)"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from . import settings
from .apikeys import client_headers
from .pipeline import STAGE_NAMES

FINAL = ("processed", "failed")


def _api_url(args: argparse.Namespace) -> str:
    return (getattr(args, "api", None) or settings.api().client_url).rstrip("/")


# -- run / worker / api --------------------------------------------------------
def _cmd_run(args: argparse.Namespace) -> int:
    from .supervisor import run

    return run(with_flower=not args.no_flower, worker_concurrency=args.concurrency)


def _cmd_worker(args: argparse.Namespace) -> int:
    from .pipeline import queue_of
    from .worker import app_for

    app = app_for(args.stage)
    argv = [
        "worker",
        "--queues",
        queue_of(args.stage),
        "--hostname",
        args.hostname or f"{args.stage}@%h",
        "--concurrency",
        str(args.concurrency or settings.worker().concurrency),
        "--pool",
        args.pool or settings.worker().pool,
        "--loglevel",
        args.loglevel,
        # Mingle and gossip are chatter between workers that docpipe does not
        # use (Flower works from events); skipping them speeds startup.
        "--without-mingle",
        "--without-gossip",
    ]
    # Task events follow the settings (celery_config); Flower can also turn
    # them on at run time (enable_events), which needs no flag here.
    app.worker_main(argv)
    return 0


# The API's entry point, by name: the shared library never imports services
# (import-linter), the CLI starts them as it starts the stages (pipeline.toml).
API_ENTRY = "services.api.serve:serve"


def _cmd_api(args: argparse.Namespace) -> int:
    import importlib

    module, _, name = API_ENTRY.partition(":")
    serve = getattr(importlib.import_module(module), name)
    code: int = serve(args.host, args.port, args.loglevel, args.access_log)
    return code


# -- submit ----------------------------------------------------------------------
def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*.txt") if f.is_file()))
        else:
            files.append(p)
    return files


class _EventWaiter:
    """Follows GET /events from before the first upload, recording the final
    event of every document, so `submit --wait` misses none."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.final: dict[str, str] = {}
        self.changed = threading.Condition()
        self.connected = threading.Event()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self, timeout_s: float = 10.0) -> None:
        self._thread.start()
        if not self.connected.wait(timeout_s):
            raise RuntimeError("could not open GET /events")

    def _run(self) -> None:
        # Reconnects with Last-Event-ID after a dropped connection (an API
        # restart, a proxy's idle cut), so no final event is missed. The SSE
        # format is httpx-sse's; each event is read by the CloudEvents SDK.
        from httpx_sse import connect_sse

        from .events import InvalidEvent, from_json

        last_id: str | None = None
        delays = _backoff()
        while True:
            try:
                headers = {"Last-Event-ID": last_id} if last_id else {}
                with connect_sse(self.client, "GET", "/events", headers=headers, timeout=httpx_timeout()) as source:
                    source.response.raise_for_status()
                    self.connected.set()
                    delays = _backoff()
                    # The first message is the starting position (an id, no
                    # data); keep-alive comments come as messages without data.
                    for message in source.iter_sse():
                        last_id = message.id or last_id
                        if not message.data:
                            continue
                        try:
                            event = from_json(message.data)
                        except InvalidEvent:
                            continue  # not a docpipe event: nothing to wait for
                        kind = event.get_type().rsplit(".", 1)[-1]
                        if kind in FINAL:
                            with self.changed:
                                self.final[str(event.get_subject())] = kind
                                self.changed.notify_all()
            except BaseException as exc:  # noqa: BLE001 - reported by wait()
                if last_id is None or not _transient_http(exc):
                    self.error = exc
                    self.connected.set()
                    with self.changed:
                        self.changed.notify_all()
                    return
                time.sleep(next(delays))


def _backoff() -> Iterator[float]:
    from .streams import backoff_delays

    return backoff_delays()


def httpx_timeout() -> Any:
    """For a long-lived SSE response: no overall read limit, but a silent
    connection (no keep-alive for four intervals) counts as lost."""
    import httpx

    return httpx.Timeout(10.0, read=settings.events().keepalive_s * 4)


def _transient_http(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, (httpx.TransportError, httpx.RemoteProtocolError))


def _cmd_submit(args: argparse.Namespace) -> int:
    import httpx
    from tqdm import tqdm

    files = _expand(args.paths)
    if not files:
        print("docpipe submit: no .txt files found", file=sys.stderr)
        return 2
    client = httpx.Client(base_url=_api_url(args), timeout=args.http_timeout, headers=client_headers())
    client.get("/healthz").raise_for_status()  # an API that is not there: one line from main, exit 2
    waiter = _EventWaiter(client) if args.wait else None
    if waiter is not None:
        waiter.start()
    accepted: dict[str, tuple[Path, str]] = {}  # id -> (file, status at submission)
    failures = 0
    for path in tqdm(files, desc="submit", unit="doc", file=sys.stderr, disable=args.quiet or None):
        try:
            with open(path, "rb") as fh:
                r = client.post("/documents/files", files={"files": (path.name, fh, "text/plain")})
        except httpx.HTTPError as exc:
            failures += 1
            tqdm.write(f"{path}: {exc}", file=sys.stderr)
            continue
        item = (r.json().get("items") or [{}])[0] if r.status_code == 200 else {"problem": _json_or_text(r)}
        if item.get("http_status") != 202:
            failures += 1
            problem = item.get("problem") or {}
            tqdm.write(
                f"{path}: refused: {problem.get('detail', problem)} [{problem.get('code', '')}]", file=sys.stderr
            )
            continue
        accepted[item["id"]] = (path, item.get("status") or "")
    if waiter is None:
        for doc_id, (path, _) in accepted.items():
            print(f"{doc_id}  {path}")
        return 1 if failures else 0
    return _wait_and_report(client, waiter, accepted, args, failures)


def _json_or_text(r: Any) -> Any:
    try:
        return r.json()
    except ValueError:
        return r.text


def _wait_and_report(
    client: Any, waiter: _EventWaiter, accepted: dict[str, tuple[Path, str]], args: argparse.Namespace, failures: int
) -> int:
    from tqdm import tqdm

    ids = set(accepted)
    # Documents accepted before (same text) may be final already: no event will come.
    done: dict[str, str] = {}
    for doc_id in ids:
        status = client.get(f"/documents/{doc_id}").json().get("status")
        if status in FINAL:
            done[doc_id] = status
    deadline = time.monotonic() + args.timeout
    with tqdm(
        total=len(ids), initial=len(done), desc="processed", unit="doc", file=sys.stderr, disable=args.quiet or None
    ) as bar:
        last_poll = time.monotonic()
        while len(done) < len(ids) and time.monotonic() < deadline:
            with waiter.changed:
                waiter.changed.wait(timeout=1.0)
                new = {i: k for i, k in waiter.final.items() if i in ids and i not in done}
            if waiter.error is not None or time.monotonic() - last_poll > 10:
                # The stream broke, or as a safety net: ask the API directly.
                last_poll = time.monotonic()
                for doc_id in ids - done.keys() - new.keys():
                    status = client.get(f"/documents/{doc_id}").json().get("status")
                    if status in FINAL:
                        new[doc_id] = status
                if waiter.error is not None:
                    time.sleep(1)
            done.update(new)
            bar.update(len(new))
    width = max((len(str(p)) for p, _ in accepted.values()), default=4)
    failed = 0
    for doc_id, (path, _) in sorted(accepted.items(), key=lambda kv: str(kv[1][0])):
        body = client.get(f"/documents/{doc_id}").json()
        doc = body.get("document") or {}
        status = body.get("status", "?")
        failed += status != "processed"
        total_ms = sum(v for k, v in (body.get("timings_ms") or {}).items() if k in STAGE_NAMES)
        print(
            f"{doc_id}  {path!s:<{width}}  {status:<10}  entities={len(doc.get('entities', [])):<4} "
            f"metrics={len(doc.get('metrics', [])):<4} stages={total_ms:.0f} ms"
        )
    processed = len(accepted) - failed
    print(f"{processed} processed, {failed} not processed, {failures} refused")
    return 0 if failed == 0 and failures == 0 else 1


# -- status / events ---------------------------------------------------------------
def _cmd_status(args: argparse.Namespace) -> int:
    import httpx

    # Without --full only the status is wanted: ask for one small field so
    # the store does not read (nor the API send) the whole document.
    params = None if args.full else {"fields": "timings_ms"}
    r = httpx.get(f"{_api_url(args)}/documents/{args.id}", params=params, timeout=10, headers=client_headers())
    body = r.json()
    if r.status_code != 200:
        print(f"docpipe status: {body.get('detail', body)} [{body.get('code', r.status_code)}]", file=sys.stderr)
        return 1
    if not args.full:
        body.pop("document", None)
    sys.stdout.buffer.write(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
    return 0


def _cmd_events(args: argparse.Namespace) -> int:
    from . import streams

    url = settings.redis().url
    block = settings.events().block_ms if args.follow else None
    r = streams.connect(url, block_ms=block)
    try:
        r.ping()
    except streams.TRANSIENT as exc:
        print(f"docpipe events: cannot reach Redis at {_redacted(url)} ({exc}); set REDIS_URL", file=sys.stderr)
        return 2
    out = sys.stdout.buffer

    def emit(entries: list[tuple[str, dict[str, Any]]]) -> None:
        for sid, event in entries:
            out.write(orjson.dumps({"stream_id": sid, "event": event}) + b"\n")
        out.flush()

    def reconnecting(exc: BaseException, delay: float) -> None:
        print(f"docpipe events: lost Redis at {_redacted(url)} ({exc}); retrying in {delay:.1f} s", file=sys.stderr)

    try:
        if args.group:
            consumer = args.consumer or f"cli-{socket.gethostname()}-{os.getpid()}"
            if not args.follow:
                streams.ensure_group(r, args.group, start=args.start or "0")
                while entries := streams.read_group(r, args.group, consumer, count=100):
                    emit(entries)
                    streams.ack(r, args.group, *(sid for sid, _ in entries))
                return 0
            for entries in streams.follow_group(
                r,
                args.group,
                consumer,
                block_ms=block or 5000,
                count=100,
                start=args.start or "0",
                on_reconnect=reconnecting,
            ):
                emit(entries)
                if entries:
                    streams.ack(r, args.group, *(sid for sid, _ in entries))
        after = args.start or "0-0"
        if not args.follow:
            while entries := streams.read_events(r, after=after, count=100):
                emit(entries)
                after = entries[-1][0]
            return 0
        for entry in streams.follow(r, after=after, block_ms=block or 5000, on_reconnect=reconnecting):
            emit([entry])
    except streams.TRANSIENT as exc:  # a one-shot read that lost Redis midway
        print(f"docpipe events: lost Redis at {_redacted(url)} ({exc})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


def _redacted(url: str) -> str:
    """A URL fit to print: its password replaced."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


# -- parser ------------------------------------------------------------------------
def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def api_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--api",
            metavar="URL",
            help="the API's base URL (default: DOCPIPE_API_URL, else DOCPIPE_API_PUBLIC_URL, "
            "else http://DOCPIPE_API_HOST:DOCPIPE_API_PORT)",
        )

    p = sub.add_parser(
        "run",
        help="start the whole stack here: Redis, the API, one worker per stage, Flower",
        description="Start the embedded Redis (unless REDIS_URL is set), the embedded store (unless MONGODB_URI "
        "is set), the API (DOCPIPE_API_PORT, default 8000), one Celery worker per stage and Flower "
        "(DOCPIPE_FLOWER_PORT, default 5555). Ctrl-C stops everything. Logs go to $DOCPIPE_VAR_DIR/log/.",
    )
    p.add_argument("--no-flower", action="store_true", help="do not start Flower")
    p.add_argument(
        "--concurrency", type=int, help="processes per stage worker (default DOCPIPE_WORKER_CONCURRENCY or 1)"
    )
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser(
        "worker",
        help="run one stage's Celery worker (consumes only that stage's queue)",
        description="Run the Celery worker of one stage; it consumes only the queue named after the stage.",
    )
    p.add_argument("stage", choices=STAGE_NAMES)
    p.add_argument("--concurrency", type=int, help="pool processes (default DOCPIPE_WORKER_CONCURRENCY or 1)")
    p.add_argument("--hostname", help="Celery node name (default STAGE@HOST)")
    p.add_argument(
        "--pool",
        choices=("prefork", "solo", "threads"),
        help="default DOCPIPE_WORKER_POOL or prefork. prefork: resources load in the parent before forking, a pool process killed "
        "mid-task puts its message back at once; solo: no parent/child hop per task, a killed "
        "worker's message waits for the sweep",
    )
    p.add_argument("--loglevel", default="INFO")
    p.set_defaults(func=_cmd_worker)

    p = sub.add_parser("api", help="run the HTTP API (uvicorn)", description="Run the upload API with uvicorn.")
    p.add_argument("--host", help="bind address (default DOCPIPE_API_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default DOCPIPE_API_PORT or 8000)")
    p.add_argument("--loglevel", default="INFO")
    p.add_argument("--access-log", action="store_true", help="log every request")
    p.set_defaults(func=_cmd_api)

    p = sub.add_parser(
        "submit",
        help="upload .txt files (or directories of them) to the API",
        description="Upload text files (UTF-8 or GB18030) to a running API; directories are searched for *.txt. "
        "With --wait, follow the event stream until every document is processed or failed, then print a summary.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE|DIR")
    p.add_argument("--wait", action="store_true", help="wait for each document's processed/failed event")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds to wait with --wait (default 600)")
    p.add_argument("--http-timeout", type=float, default=30.0, help=argparse.SUPPRESS)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    api_option(p)
    p.set_defaults(func=_cmd_submit)

    p = sub.add_parser(
        "status",
        help="show a document's status and timings",
        description="Show a document's status, stage timings and error (GET /documents/ID).",
    )
    p.add_argument("id")
    p.add_argument("--full", action="store_true", help="include the whole processed document")
    api_option(p)
    p.set_defaults(func=_cmd_status)

    p = sub.add_parser(
        "events",
        help="print CloudEvents from the Redis Stream (JSON Lines)",
        description="Read docpipe's CloudEvents from the Redis Stream at REDIS_URL, one JSON line each "
        '({"stream_id": ..., "event": {...}}). Without --group: read after --from (default: the start). '
        "With --group: a consumer group (created if absent); entries are acknowledged once printed.",
    )
    p.add_argument("--follow", "-f", action="store_true", help="keep waiting for new events")
    p.add_argument("--from", dest="start", metavar="ID", help="stream id to read after (0 = the start, $ = only new)")
    p.add_argument("--group", metavar="NAME", help="read as a member of this consumer group")
    p.add_argument("--consumer", metavar="NAME", help="consumer name within the group (default cli-<time>)")
    p.set_defaults(func=_cmd_events)
