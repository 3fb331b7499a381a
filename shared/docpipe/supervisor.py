"""`docpipe run`: the whole stack on one machine, no Docker.

Starts, as child processes: the embedded Redis (unless REDIS_URL is set), the
API (uvicorn), one Celery worker per stage (each consuming only its queue)
and Flower; prints where each is; restarts a child that dies (a few times);
on Ctrl-C or SIGTERM stops the API and Flower, then the workers (a warm
shutdown lets a running task finish), then Redis last.

Each child runs in its own session, so a Ctrl-C in the terminal reaches only
the supervisor, which then stops everything in that order. Each child also
gets SIGTERM if the supervisor itself dies (Linux PR_SET_PDEATHSIG), so
nothing is left behind. Child output goes to ``<var>/log/<name>.log``.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from . import settings
from .embedded import RedisServer, RedisServerError, die_with_parent_process
from .pipeline import STAGE_NAMES

# A child that dies more often than this within the window is not restarted.
MAX_RESTARTS = 5
RESTART_WINDOW_S = 60.0


@dataclass
class Child:
    name: str
    argv: list[str]
    url: str | None = None
    proc: subprocess.Popen[bytes] | None = None
    deaths: list[float] = field(default_factory=list)
    gave_up: bool = False


class Supervisor:
    def __init__(
        self,
        *,
        var_dir: Path | None = None,
        with_flower: bool = True,
        worker_concurrency: int | None = None,
        out: object = sys.stdout,
    ) -> None:
        self.var_dir = (var_dir or settings.paths().var_dir).resolve()
        self.log_dir = self.var_dir / "log"
        self.with_flower = with_flower
        self.concurrency = worker_concurrency or settings.worker().concurrency
        self.out = out
        self.redis: RedisServer | None = None
        self.redis_url = settings.redis().redis_url
        self.children: list[Child] = []
        self.stopping = threading.Event()

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)  # type: ignore[arg-type]

    # -- start -----------------------------------------------------------------
    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["REDIS_URL"] = self.redis_url or ""
        env["DOCPIPE_VAR_DIR"] = str(self.var_dir)
        env.setdefault("PYTHONUNBUFFERED", "1")
        if self.with_flower:
            # Flower is watching from the start: the workers send task events
            # from their first task (unless the environment says otherwise).
            env.setdefault("DOCPIPE_WORKER_TASK_EVENTS", "true")
        return env

    def _plan(self) -> list[Child]:
        api = settings.api()
        py = [sys.executable, "-m", "docpipe.cli"]
        plan = [Child("api", [*py, "api"], url=f"http://{api.host}:{api.port}")]
        for stage in STAGE_NAMES:
            plan.append(Child(f"worker-{stage}", [*py, "worker", stage, "--concurrency", str(self.concurrency)]))
        if self.with_flower:
            fl = settings.flower()
            argv = [sys.executable, "-m", "celery", "--broker", self.redis_url or "", "flower",
                    f"--port={fl.port}", f"--address={fl.address}"]
            if fl.basic_auth:
                argv.append(f"--basic_auth={fl.basic_auth}")
            plan.append(Child("flower", argv, url=f"http://{fl.address}:{fl.port}"))
        return plan

    def _spawn(self, child: Child) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = self._env()
        if child.name == "flower" and not settings.flower().basic_auth:
            # Local use only: Flower's API answers without auth (it binds to localhost).
            env["FLOWER_UNAUTHENTICATED_API"] = "true"
        with open(self.log_dir / f"{child.name}.log", "ab") as log:
            child.proc = subprocess.Popen(
                child.argv,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent_process,
                close_fds=True,
            )

    def start(self) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        if not self.redis_url:
            r = settings.redis()
            try:
                self.redis = RedisServer(port=r.embedded_redis_port, data_dir=self.var_dir / "redis").start()
            except RedisServerError as exc:
                raise RedisServerError(
                    f"{exc.message}. To use a Redis already running there set "
                    f"REDIS_URL=redis://127.0.0.1:{r.embedded_redis_port}/0; to run the embedded one "
                    "elsewhere set DOCPIPE_REDIS_PORT"
                ) from exc
            self.redis_url = self.redis.url
            self.say(f"redis      {self.redis_url}  (embedded, data in {self.redis.data_dir})")
        else:
            self.say(f"redis      {self.redis_url}  (REDIS_URL)")
        store = settings.mongo().mongodb_uri or str(settings.store().path or self.var_dir / "docpipe.sqlite3")
        self.say(f"store      {store}")
        self.children = self._plan()
        for child in self.children:
            self._spawn(child)

    def wait_ready(self, timeout_s: float = 180.0) -> bool:
        """Until the API answers /readyz, Flower answers, and each worker
        answers a Celery ping; prints each as it comes up."""
        deadline = time.monotonic() + timeout_s
        pending = {c.name for c in self.children}
        from .celery_app import make_celery

        pinger = make_celery("docpipe-supervisor")
        while pending and time.monotonic() < deadline and not self.stopping.is_set():
            for child in self.children:
                if child.name not in pending:
                    continue
                if child.proc is not None and child.proc.poll() is not None:
                    self.say(f"{child.name:<10} exited with {child.proc.returncode}; see {self.log_dir / child.name}.log")
                    return False
                if child.url:
                    path = "/readyz" if child.name == "api" else "/healthcheck"
                    try:
                        ok = httpx.get(child.url + path, timeout=1).status_code < 500
                    except httpx.HTTPError:
                        ok = False
                    if ok:
                        pending.discard(child.name)
                        extra = "  (API docs at /docs)" if child.name == "api" else ""
                        self.say(f"{child.name:<10} {child.url}{extra}")
            workers = {c.name.removeprefix("worker-") for c in self.children if c.name.startswith("worker-") and c.name in pending}
            if workers:
                try:
                    replies = pinger.control.ping(timeout=0.5)
                except Exception:  # noqa: BLE001 - broker not answering yet
                    replies = []
                for reply in replies:
                    for node in reply:
                        stage = node.split("@", 1)[0]
                        if stage in workers:
                            pending.discard(f"worker-{stage}")
                            self.say(f"{'worker':<10} {node} (queue {stage})")
            if pending:
                time.sleep(0.3)
        pinger.close()
        if not pending:
            self._prime_flower()
        return not pending

    def _prime_flower(self) -> None:
        """Flower started before the workers answers GET /api/workers with
        an empty list until something asks it to refresh: ask once, so a
        plain `curl :5555/api/workers` lists the workers."""
        flower = next((c for c in self.children if c.name == "flower"), None)
        if flower is None or flower.url is None:
            return
        auth = settings.flower().basic_auth
        try:
            httpx.get(
                flower.url + "/api/workers",
                params={"refresh": "1"},
                auth=tuple(auth.split(":", 1)) if auth and ":" in auth else None,  # type: ignore[arg-type]
                timeout=10,
            )
        except httpx.HTTPError:
            pass  # Flower's own display is unaffected; only the API's first answer

    # -- run -------------------------------------------------------------------
    def watch(self) -> None:
        """Restart children that die, until asked to stop."""
        while not self.stopping.wait(0.5):
            if self.redis is not None and not self.redis.running():
                # The broker first: the workers and the API reconnect by themselves.
                self.say("redis exited; restarting it (same port, same append-only file)")
                try:
                    self.redis.start()
                except Exception as exc:  # noqa: BLE001 - reported, retried next round
                    self.say(f"redis did not restart: {exc}")
            for child in self.children:
                if child.gave_up or child.proc is None or child.proc.poll() is None:
                    continue
                now = time.monotonic()
                child.deaths = [t for t in child.deaths if now - t < RESTART_WINDOW_S] + [now]
                if len(child.deaths) > MAX_RESTARTS:
                    child.gave_up = True
                    self.say(f"{child.name} keeps dying; not restarting it (see {self.log_dir / child.name}.log)")
                    continue
                self.say(f"{child.name} exited with {child.proc.returncode}; restarting")
                self._spawn(child)

    # -- stop ------------------------------------------------------------------
    def stop(self, timeout_s: float = 20.0) -> None:
        self.stopping.set()
        # Front first (no new work), then the workers (warm shutdown), Redis last.
        front = [c for c in self.children if not c.name.startswith("worker-")]
        workers = [c for c in self.children if c.name.startswith("worker-")]
        for group in (front, workers):
            for child in group:
                if child.proc is not None and child.proc.poll() is None:
                    child.proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + timeout_s
            for child in group:
                if child.proc is None:
                    continue
                try:
                    child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.proc.kill()
                    child.proc.wait()
        if self.redis is not None:
            self.redis.stop()
        self.say("stopped")


def run(*, with_flower: bool = True, worker_concurrency: int | None = None) -> int:
    sup = Supervisor(with_flower=with_flower, worker_concurrency=worker_concurrency)

    def on_signal(signum: int, _frame: object) -> None:
        sup.stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        sup.start()
        ready = sup.wait_ready()
        if sup.stopping.is_set():
            return 0
        if not ready:
            sup.say(f"not everything came up; logs in {sup.log_dir}")
            return 1
        sup.say(f"logs       {sup.log_dir}/*.log")
        sup.say("docpipe is running; Ctrl-C stops it")
        sup.watch()
        return 0
    finally:
        sup.stop()
