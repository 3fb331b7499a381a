"""End to end: `docpipe run` as a user starts it (embedded Redis, embedded
store, API, three workers, Flower) on free ports in a temporary var dir;
the five seed articles go in through `docpipe submit --wait`; a `processed`
event arrives for each on the stream and over SSE; each stored document reads
back through the API; Flower lists the three workers; Ctrl-C stops it all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from docpipe_run import DocpipeRun
from httpx_sse import EventSource

from docpipe.embedded import free_port
from docpipe.ingest import decode_bytes, document_id

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


class Running(DocpipeRun):
    """`docpipe run [args]` on the given ports."""

    def __init__(self, env: dict[str, str], ports: dict[str, int], *args: str) -> None:
        super().__init__(env, *args)
        self.ports = ports


@contextmanager
def started(env: dict[str, str], ports: dict[str, int], *args: str) -> Iterator[Running]:
    """`docpipe run [args]` with ``env``, once it says it is running; stopped
    afterwards as Ctrl-C does (test_stack_mongo starts it this way too)."""
    run = Running(env, ports, *args)
    try:
        assert run.ready.wait(180) and run.proc.poll() is None, "\n".join(run.lines)
        yield run
    finally:
        run.stop()


def submit_seeds(run: Running) -> subprocess.CompletedProcess[str]:
    """`docpipe submit seeds/ --wait` against the running API."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "docpipe.cli",
            "submit",
            str(ROOT / "seeds"),
            "--wait",
            "--timeout",
            "240",
            "--api",
            run.api,
            "-q",
        ],
        env=run.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    ports = {"redis": free_port(), "api": free_port(), "flower": free_port()}
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "MONGODB_URI", "DOCPIPE_STORE_PATH")}
    env.update(
        DOCPIPE_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        DOCPIPE_REDIS_PORT=str(ports["redis"]),
        DOCPIPE_API_PORT=str(ports["api"]),
        DOCPIPE_FLOWER_PORT=str(ports["flower"]),
        PYTHONUNBUFFERED="1",
    )
    with started(env, ports) as run:
        yield run


def _follow_sse(api: str, want: set[str], got: dict[str, dict[str, Any]], connected: threading.Event) -> None:
    with httpx.Client(base_url=api, timeout=httpx.Timeout(10, read=120)) as c, c.stream("GET", "/events") as r:
        connected.set()
        for message in EventSource(r).iter_sse():
            if not message.data:  # the starting position, keep-alives
                continue
            event = orjson.loads(message.data)
            if event["subject"] in want and event["type"] == "docpipe.document.processed":
                got[event["subject"]] = event
            if want <= got.keys():
                return


def test_the_stack_processes_the_seed_articles(running: Running) -> None:
    assert len(SEEDS) == 5
    texts = {document_id(decode_bytes(p.read_bytes())): decode_bytes(p.read_bytes()) for p in SEEDS}
    want = set(texts)
    out = "\n".join(running.lines)
    for name in ("redis", "api", "flower", "segment@", "extract@", "normalize@"):
        assert name in out

    sse: dict[str, dict[str, Any]] = {}
    connected = threading.Event()
    reader = threading.Thread(target=_follow_sse, args=(running.api, want, sse, connected), daemon=True)
    reader.start()
    assert connected.wait(10)

    submit = submit_seeds(running)
    assert submit.returncode == 0, submit.stdout + submit.stderr
    assert "5 processed, 0 not processed, 0 refused" in submit.stdout

    reader.join(60)
    assert sse.keys() == want, "a processed event missing over SSE"

    # The same events on the Redis Stream, read by the CLI consumer.
    events = subprocess.run(
        [sys.executable, "-m", "docpipe.cli", "events", "--from", "0"],
        env={**running.env, "REDIS_URL": f"redis://127.0.0.1:{running.ports['redis']}/0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert events.returncode == 0, events.stderr
    on_stream = {}
    for line in events.stdout.splitlines():
        row = orjson.loads(line)
        on_stream[row["event"]["subject"]] = row
    assert want <= on_stream.keys()
    for doc_id in want:
        assert on_stream[doc_id]["event"]["id"] == sse[doc_id]["id"]

    with httpx.Client(base_url=running.api, timeout=30) as c:
        for doc_id, text in texts.items():
            body = c.get(f"/documents/{doc_id}").json()
            assert body["status"] == "processed"
            doc = body["document"]
            assert doc["raw_text"] == text and doc["clean_text"] and doc["tokens"]
            assert isinstance(doc["entities"], list) and isinstance(doc["metrics"], list)


def test_flower_lists_the_three_stage_workers(running: Running) -> None:
    url = f"http://127.0.0.1:{running.ports['flower']}/api/workers"
    names: set[str] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        r = httpx.get(url, params={"refresh": "1"}, timeout=20)
        if r.status_code == 200:
            names = {n.split("@", 1)[0] for n in r.json()}
            if {"segment", "extract", "normalize"} <= names:
                break
        time.sleep(1)
    assert {"segment", "extract", "normalize"} <= names


def test_flower_metrics_hold_stage_durations_and_status_works(running: Running) -> None:
    # Stage durations come from the task events: Flower's Prometheus metrics.
    metrics = httpx.get(f"http://127.0.0.1:{running.ports['flower']}/metrics", timeout=20).text
    for stage in ("segment", "extract", "normalize"):
        assert f'flower_task_runtime_seconds_count{{task="docpipe.{stage}"' in metrics
    doc_id = document_id(decode_bytes(SEEDS[0].read_bytes()))
    status = subprocess.run(
        [sys.executable, "-m", "docpipe.cli", "status", doc_id, "--api", running.api],
        env=running.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert status.returncode == 0 and orjson.loads(status.stdout)["status"] == "processed"


def _redis_pid(port: int) -> int:
    """The embedded server's pid (redis-server retitles itself "redis-server HOST:PORT")."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "redis-server" in cmdline and f":{port}" in cmdline:
                return int(proc.name)
    raise AssertionError("embedded redis-server not found")


def test_the_supervisor_restarts_a_dead_redis_and_work_goes_on(running: Running) -> None:
    os.kill(_redis_pid(running.ports["redis"]), signal.SIGKILL)
    deadline = time.monotonic() + 30
    while not any("restarting it" in line for line in running.lines) and time.monotonic() < deadline:
        time.sleep(0.2)
    text = "绍兴市集成电路产业营收增长20%。（故障后）"
    with httpx.Client(base_url=running.api, timeout=30) as c:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if c.get("/readyz").status_code == 200:
                break
            time.sleep(0.5)
        doc_id = c.post("/documents", json={"text": text}).json()["id"]
        status = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = c.get(f"/documents/{doc_id}").json()["status"]
            if status in ("processed", "failed"):
                break
            time.sleep(0.3)
    assert status == "processed"


def test_ctrl_c_stops_everything(running: Running) -> None:
    running.proc.send_signal(signal.SIGINT)
    assert running.proc.wait(60) == 0
    time.sleep(0.5)
    assert "stopped" in running.lines[-1]
    for port in running.ports.values():
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
