"""A real stack for the integration tests: the API (uvicorn) and one Celery
worker per stage as subprocesses, against a real Redis server and the
embedded SQLite store in a temporary directory.

``stack`` (session) runs on the platform's ``redis_server`` in database 1 (the
``redis_client`` fixture flushes database 0 before each test, which would
wipe the queues' bindings under running workers). Fault tests build their
own stack on their own Redis with ``start_stack``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("segment", "extract", "normalize")
FINAL = ("processed", "failed")


def free_port() -> int:
    from docpipe.embedded import free_port as _free

    return _free()


def plan_stages(cursor: Any) -> list[str]:
    """The stages of a MongoDB cursor's winning plan, outermost first (the
    store tests assert an index serves a query: IXSCAN, no COLLSCAN)."""
    winning = cursor.explain()["queryPlanner"]["winningPlan"]
    return _stages(winning.get("queryPlan", winning))  # the SBE engine nests the plan one level down


def _stages(plan: dict[str, Any]) -> list[str]:
    stages = [plan["stage"]]
    for child in (plan.get("inputStage"), *plan.get("inputStages", ())):
        if child:
            stages += _stages(child)
    return stages


def with_db(url: str, db: int) -> str:
    return url.rsplit("/", 1)[0] + f"/{db}"


@dataclass
class Stack:
    redis_url: str
    api_url: str
    var_dir: Path
    env: dict[str, str]
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def store_path(self) -> Path:
        return self.var_dir / "docpipe.sqlite3"

    @property
    def api_tmp_dir(self) -> Path:
        """The API process's own temporary directory (its TMPDIR): where Python's
        tempfile, Starlette and python-multipart would spool an upload."""
        return self.var_dir / "api-tmp"

    def log(self, name: str) -> str:
        return (self.var_dir / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def wait_log(self, name: str, text: str, timeout_s: float = 20.0) -> str:
        """The log of ``name`` once it contains ``text`` (logs trail the store)."""
        deadline = time.monotonic() + timeout_s
        while text not in (log := self.log(name)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert text in log, f"{text!r} not in the {name} log"
        return log

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.api_url, timeout=30)

    def redis(self) -> Any:
        import redis

        return redis.Redis.from_url(self.redis_url, decode_responses=True)

    def post(self, text: str, **fields: Any) -> dict[str, Any]:
        with self.client() as c:
            r = c.post("/documents", json={"text": text, **fields})
        assert r.status_code == 202, r.text
        return r.json()

    def wait_status(self, doc_id: str, statuses: tuple[str, ...] = FINAL, timeout_s: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        body: dict[str, Any] = {}
        with self.client() as c:
            while time.monotonic() < deadline:
                r = c.get(f"/documents/{doc_id}")
                if r.status_code == 200:
                    body = r.json()
                    if body["status"] in statuses:
                        return body
                time.sleep(0.1)
        raise AssertionError(f"{doc_id} did not reach {statuses} in {timeout_s} s; last: {body.get('status')}")

    def events_for(
        self, doc_id: str, at_least: int = 1, timeout_s: float = 10.0, settle_s: float = 0.3
    ) -> list[tuple[str, dict[str, Any]]]:
        """The stream's events about ``doc_id``. The final stage writes the
        status before it publishes (an event never points at a document not
        yet processed), so a caller that has just seen the status waits here
        for ``at_least`` events, then ``settle_s`` more so that a duplicate
        published late would still be counted."""
        deadline = time.monotonic() + timeout_s
        found = self._events_now(doc_id)
        while len(found) < at_least and time.monotonic() < deadline:
            time.sleep(0.05)
            found = self._events_now(doc_id)
        if found and settle_s:
            time.sleep(settle_s)
            found = self._events_now(doc_id)
        return found

    def _events_now(self, doc_id: str) -> list[tuple[str, dict[str, Any]]]:
        from docpipe import settings

        r = self.redis()
        try:
            entries = r.xrange(settings.events().stream)
        finally:
            r.close()
        out = []
        for sid, fields in entries:
            event = orjson.loads(fields["event"])
            if event.get("subject") == doc_id:
                out.append((sid, event))
        return out

    def start_worker(self, stage: str, module: str | None = None) -> subprocess.Popen[bytes]:
        name = f"worker-{stage}"
        if module is None:
            argv = [
                sys.executable,
                "-m",
                "docpipe.cli",
                "worker",
                stage,
                "--hostname",
                f"{stage}-{self.var_dir.name}@%h",
            ]
        else:
            argv = [
                sys.executable,
                "-m",
                "celery",
                "-A",
                module,
                "worker",
                "-Q",
                stage,
                "-c",
                "1",
                "-n",
                f"{stage}-{self.var_dir.name}@%h",
                "-l",
                "INFO",
                "--without-mingle",
                "--without-gossip",
                "-E",
            ]
        proc = self._spawn(name, argv)
        _wait_for(lambda: " ready." in self.log(name), 60, f"{name} ready", proc)
        return proc

    def start_api(self) -> subprocess.Popen[bytes]:
        self.api_tmp_dir.mkdir(parents=True, exist_ok=True)
        proc = self._spawn("api", [sys.executable, "-m", "docpipe.cli", "api"], TMPDIR=str(self.api_tmp_dir))

        # /healthz, not /readyz: readiness also wants a consumer on every
        # stage queue, and the workers start after the API.
        def ready() -> bool:
            try:
                return httpx.get(self.api_url + "/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        _wait_for(ready, 60, "API up", proc)
        return proc

    def _spawn(self, name: str, argv: list[str], **env: str) -> subprocess.Popen[bytes]:
        """Start ``argv`` with the stack's environment (and ``env``), its
        output in ``<var_dir>/<name>.log``."""
        log = open(self.var_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        from docpipe.embedded import die_with_parent_process

        # Own session (a test's signals stay its own); SIGTERM if the test run dies.
        proc = subprocess.Popen(
            argv,
            env={**self.env, **env},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=die_with_parent_process,
        )
        log.close()
        self.procs[name] = proc
        return proc

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout_s: float = 15.0) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(sig)
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop_all(self) -> None:
        for name in ["api", *[n for n in self.procs if n != "api"]]:
            self.stop(name)


def _wait_for(
    check: Callable[[], bool],
    timeout_s: float,
    what: str,
    proc: subprocess.Popen[bytes] | None = None,
    detail: Callable[[], str] | None = None,
) -> None:
    """Poll ``check`` until it holds; fail when ``proc`` exits or after
    ``timeout_s`` (a guard against a hang, not a measurement), with
    ``detail()`` (a log tail) in the error."""

    def failed(why: str) -> str:
        return f"{what}: {why}" + (f"\n{detail()}" if detail is not None else "")

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(failed(f"process exited with {proc.returncode}"))
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(failed(f"not within {timeout_s} s"))


def make_stack(redis_url: str, var_dir: Path, **env: str) -> Stack:
    port = free_port()
    var_dir.mkdir(parents=True, exist_ok=True)
    full_env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DOCPIPE_VAR_DIR": str(var_dir),
        "DOCPIPE_STORE_PATH": str(var_dir / "docpipe.sqlite3"),
        "DOCPIPE_API_PORT": str(port),
        "DOCPIPE_API_HOST": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
        # Keep-alives often enough that an idle test of 30 s sees several.
        "DOCPIPE_EVENTS_KEEPALIVE_S": "5",
        **env,
    }
    full_env.pop("MONGODB_URI", None)
    return Stack(redis_url=redis_url, api_url=f"http://127.0.0.1:{port}", var_dir=var_dir, env=full_env)


def start_stack(stack: Stack, workers: dict[str, str | None] | None = None) -> Stack:
    """The API and the workers (stage -> Celery app module, None = the real one)."""
    try:
        stack.start_api()
        for stage in STAGES:
            stack.start_worker(stage, (workers or {}).get(stage))
    except BaseException:
        stack.stop_all()
        raise
    return stack


@pytest.fixture(scope="session")
def stack(redis_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    s = make_stack(
        with_db(redis_server.url, 1),
        tmp_path_factory.mktemp("stack"),
        DOCPIPE_API_MAX_TEXT_BYTES="100000",
        DOCPIPE_API_MAX_BATCH="20",
    )
    start_stack(s)
    try:
        yield s
    finally:
        s.stop_all()


@pytest.fixture(scope="session")
def stack_factory() -> Callable[..., Stack]:
    """Build and start a stack of one's own: ``stack_factory(redis_url,
    var_dir, workers={stage: app_module}, **env)``; the caller stops it."""

    def factory(redis_url: str, var_dir: Path, workers: dict[str, str | None] | None = None, **env: str) -> Stack:
        return start_stack(make_stack(redis_url, var_dir, **env), workers)

    return factory
