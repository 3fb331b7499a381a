"""`docpipe run`: the whole stack on one machine, no Docker.

Starts, as child processes: the embedded Redis (unless REDIS_URL is set), the
API (uvicorn), one Celery worker per stage (each consuming only its queue)
and Flower; prints where each is; keeps them running; on Ctrl-C or SIGTERM
stops the API and Flower, then the workers (a warm shutdown lets a running
task finish), then Redis last.

Restarts follow supervisord's ``autorestart``/``startretries``, with readiness
instead of its ``startsecs``:

- A child that dies after it was *ready* is restarted every time, after a
  backoff: 0.5 s (``backoff_s``) for the first 4 deaths in a row
  (``backoff_quick``), then doubling per death, 1, 2, 4 ... s, at most 30 s
  (the 10th death on); a child that stayed up 60 s starts over at 0.5 s. The
  first waits are small next to a worker's own start (seconds of CPU), so
  quick restarts add little load, and a stage is back within seconds of a short run of crashes (the first 7
  restarts of a run of deaths wait 9 s in all, the 8th 8 s more; with plain
  doubling from 0.5 s, 61.5 s and 30 s more); a longer crash loop still
  backs off to one start per 30 s. The line says which restart it is:
  ``worker-extract was killed by SIGKILL; restarting it (restart 7, backoff
  4.0 s)``.
- A child that dies, or is not ready within ``start_timeout_s``, *before* it
  was ready is a failed start: retried ``start_retries`` times in a row (with
  the same backoff), then ``docpipe run`` prints one line naming the child and
  why (with the last lines of its log below it), stops the rest in order and
  exits 1, rather than running on without a stage. A ready start clears the
  count. The same holds during the first start-up. A child that was ready
  once in this run is never given up on: its failed starts (a worker killed
  again while it starts, as repeated kills do) are restarted like its deaths,
  with the same backoff, and counted in the line and the state file.
- Settings: ``DOCPIPE_SUPERVISOR_*`` (settings.SupervisorSettings).

How "ready" is observed, per child (probed only while it is starting):

- redis: answers PING (``RedisServer.start`` returns only then);
- api: ``GET /healthz`` answers 200 (not ``/readyz``: that one also wants a
  consumer on every stage queue, so it waits for the workers);
- a worker: its log, since this start, has Celery's ``<node> ready.`` line,
  written once its consumer and its control mailbox are up (the line the
  integration tests wait for too; no broadcast per probe);
- flower: ``GET /healthcheck`` answers.

The children's state (pid, state, ready, restarts, last death) goes to
``<var>/run/supervisor.json`` (mode 0600, replaced atomically on every change,
removed on exit); the API's ``/readyz`` shows it when the file is there and
its supervisor alive.

Each child runs in its own session (process group), so a Ctrl-C in the
terminal reaches only the supervisor, which then stops everything in that
order; when a child's leader dies, what is left of its group (a worker's pool
processes) is killed before the restart. Each child also gets SIGTERM if the
supervisor itself dies (Linux PR_SET_PDEATHSIG), so nothing is left behind.
Child output goes to ``<var>/log/<name>.log``.

The pieces: ``supervisor_plan`` (what is started, with which argv and
environment), ``supervisor_policy`` (a child's state, the backoff),
``supervisor_logs`` (the ready line, log tails, error lines),
``supervisor_state`` (the state file); here the loop that starts, probes,
restarts and stops them.

Hand-written, not supervisord/circus/honcho: honcho never restarts, and
supervisord and circus neither probe readiness nor exit when a program goes
FATAL (supervisord needs an event listener for it), each adding a daemon and
a config file to the two-command setup.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

import httpx

from . import settings
from .config_view import mask_url
from .embedded import RedisServer, RedisServerError, die_with_parent_process
from .supervisor_logs import WORKER_READY, log_tail, looks_like_error
from .supervisor_plan import child_env, flower_auth, flower_db, plan
from .supervisor_policy import Child, backoff_s, exit_text, next_streak
from .supervisor_state import state_path, utc_now, write_state


class Supervisor:
    def __init__(
        self,
        *,
        var_dir: Path | None = None,
        with_flower: bool = True,
        worker_concurrency: int | None = None,
        out: TextIO = sys.stdout,
    ) -> None:
        self.var_dir = (var_dir or settings.paths().var_dir).resolve()
        self.log_dir = self.var_dir / "log"
        self.state_file = state_path(self.var_dir)
        self.with_flower = with_flower
        self.concurrency = worker_concurrency or settings.worker().concurrency
        self.conf = settings.supervisor()
        self.out = out
        self.redis: RedisServer | None = None
        self.redis_url = settings.redis().redis_url
        self.children: list[Child] = []
        self.stopping = threading.Event()
        self.fatal: str | None = None
        self._dirty = False

    def flower_auth(self) -> str | None:
        return flower_auth(self.var_dir, self.say)

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    # -- plan --------------------------------------------------------------------
    def _env(self) -> dict[str, str]:
        return child_env(self.var_dir, self.redis_url, self.with_flower)

    def _plan(self) -> list[Child]:
        return plan(self.var_dir, self.concurrency, self.with_flower, self.say)

    # -- spawn, probe, reap --------------------------------------------------------
    def _spawn(self, child: Child) -> None:
        """Start ``child``; a Redis that does not come up counts as a failed start."""
        child.started_at = time.monotonic()
        child.state = "starting"
        self._dirty = True
        if child.kind == "redis":
            assert self.redis is not None
            try:
                self.redis.start()
            except RedisServerError as exc:
                child.pid = None
                self._on_death(child, f"did not start: {exc.message}")
                return
            child.pid = self.redis.pid
            return  # start() returned: it answers PING; the next probe says ready
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = self._env()
        if child.kind == "flower":
            env["BROKER_URL"] = self.redis_url or ""  # celery's --broker
            auth = self.flower_auth()
            if auth:
                env["FLOWER_BASIC_AUTH"] = auth
            else:
                # Local use only: Flower's API answers without auth (it binds to localhost).
                env["FLOWER_UNAUTHENTICATED_API"] = "true"
        if child.kind == "flower":
            flower_db(self.var_dir).parent.mkdir(parents=True, exist_ok=True)
        assert child.log_path is not None
        with open(child.log_path, "ab") as log:
            child.log_offset = log.tell()
            try:
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
            except OSError as exc:  # a bogus argv: a failed start like any other
                child.proc, child.pid = None, None
                self._on_death(child, f"could not be run: {exc}")
                return
        child.pid = child.proc.pid

    def _is_ready(self, child: Child) -> bool:
        try:
            if child.kind == "redis":
                return self.redis is not None and self.redis.ping()
            if child.kind == "worker":
                assert child.log_path is not None
                with open(child.log_path, "rb") as f:
                    f.seek(child.log_offset)
                    found = WORKER_READY.search(f.read())
                if found:
                    child.node = found.group(1).decode("utf-8", errors="replace")
                return found is not None
            assert child.url is not None
            if child.kind == "api":
                return httpx.get(child.url + "/healthz", timeout=1).status_code == 200
            return httpx.get(child.url + "/healthcheck", timeout=1).status_code < 500
        except (OSError, httpx.HTTPError):
            return False

    def _exited(self, child: Child) -> tuple[bool, int | None]:
        """Whether the child's process is gone, and its exit code if known."""
        if child.kind == "redis":
            return (self.redis is None or not self.redis.running()), None
        if child.proc is None:
            return True, None
        code = child.proc.poll()
        return code is not None, code

    def _kill_group(self, child: Child) -> None:
        """SIGKILL the child's process group: its leader, or what is left of it
        (a worker's pool processes) after the leader died."""
        if child.kind == "redis" or child.pid is None:
            return
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if child.proc is not None:
            try:
                child.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    # -- the restart policy ----------------------------------------------------------
    def _on_death(self, child: Child, why: str, returncode: int | None = None) -> None:
        now = time.monotonic()
        was_ready = child.state == "running"
        uptime = now - child.started_at
        self._kill_group(child)
        child.last_death = {
            "at": utc_now(),
            "returncode": returncode,
            "was_ready": was_ready,
            "uptime_s": round(uptime, 1),
        }
        child.pid = None
        self._dirty = True
        if was_ready:
            child.ever_ready = True
            child.start_failures = 0
            child.streak = next_streak(child.streak, uptime, self.conf.backoff_reset_s)
        else:
            child.start_failures += 1
            if not child.ever_ready and child.start_failures > self.conf.start_retries:
                child.state = "fatal"
                self.fatal = f"{child.name} could not start: {why} ({child.start_failures} tries in a row, never ready)"
                return
            child.streak += 1
        delay = backoff_s(child.streak, self.conf.backoff_s, self.conf.backoff_max_s, self.conf.backoff_quick)
        child.restarts += 1
        child.state = "backoff"
        child.restart_at = now + delay
        if was_ready:
            failed = ""
        elif child.ever_ready:
            failed = f", failed start {child.start_failures}, ready before: restarted every time"
        else:
            failed = f", failed start {child.start_failures} of {self.conf.start_retries + 1}"
        self.say(f"{child.name} {why}; restarting it (restart {child.restarts}, backoff {delay:.1f} s{failed})")

    def _announce(self, child: Child) -> None:
        if child.announced:
            self.say(f"{child.name} is ready again (pid {child.pid}, restart {child.restarts})")
            return
        child.announced = True
        if child.kind == "worker":
            stage = child.name.removeprefix("worker-")
            self.say(f"{'worker':<10} {child.node} (queue {stage})")
        elif child.kind == "api":
            self.say(f"{'api':<10} {child.url}  (API docs at /docs)")
        elif child.kind == "flower":
            self.say(f"{'flower':<10} {child.url}")

    def tick(self) -> None:
        """One round: restart what is due, note what became ready or died."""
        now = time.monotonic()
        for child in self.children:
            if self.fatal is not None or self.stopping.is_set():
                break
            if child.state == "backoff":
                if now >= child.restart_at:
                    self._spawn(child)
                continue
            if child.state not in ("starting", "running"):
                continue
            gone, code = self._exited(child)
            if gone:
                self._on_death(child, exit_text(code), code)
            elif child.state == "starting":
                if self._is_ready(child):
                    child.state, child.ever_ready, child.start_failures = "running", True, 0
                    self._dirty = True
                    self._announce(child)
                elif now - child.started_at > self.conf.start_timeout_s:
                    self._on_death(child, f"was not ready within {self.conf.start_timeout_s:.0f} s (killed it)")
        if self._dirty:
            self.write_state()

    # -- state file -------------------------------------------------------------------
    def write_state(self) -> None:
        self._dirty = False
        write_state(self.state_file, self.children)

    # -- start ------------------------------------------------------------------------
    def start(self) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.children = []
        if not self.redis_url:
            r = settings.redis()
            password = r.embedded_redis_password.get_secret_value() if r.embedded_redis_password else None
            self.redis = RedisServer(port=r.embedded_redis_port, data_dir=self.var_dir / "redis", password=password)
            try:
                self.redis.start()
            except RedisServerError as exc:
                raise RedisServerError(
                    f"{exc.message}. To use a Redis already running there set "
                    f"REDIS_URL=redis://127.0.0.1:{r.embedded_redis_port}/0; to run the embedded one "
                    "elsewhere set DOCPIPE_REDIS_PORT"
                ) from exc
            self.redis_url = self.redis.url
            redis_child = Child(
                "redis",
                "redis",
                state="running",
                pid=self.redis.pid,
                started_at=time.monotonic(),
                log_path=self.redis.log_path,
                announced=True,
            )
            self.children.append(redis_child)
            self.say(f"redis      {mask_url(self.redis_url)}  (embedded, data in {self.redis.data_dir})")
        else:
            self.say(f"redis      {mask_url(self.redis_url)}  (REDIS_URL)")
        store = settings.mongo().mongodb_uri or str(settings.store().path or self.var_dir / "docpipe.sqlite3")
        self.say(f"store      {store}")
        self.children += self._plan()
        for child in self.children:
            if child.kind != "redis":
                self._spawn(child)
        self.write_state()

    def all_ready(self) -> bool:
        return all(c.state == "running" for c in self.children)

    def _prime_flower(self) -> None:
        """Flower started before the workers answers GET /api/workers with
        an empty list until something asks it to refresh: ask once, so a
        plain `curl :5555/api/workers` lists the workers."""
        flower = next((c for c in self.children if c.name == "flower"), None)
        if flower is None or flower.url is None:
            return
        auth = self.flower_auth()
        try:
            httpx.get(
                flower.url + "/api/workers",
                params={"refresh": "1"},
                auth=tuple(auth.split(":", 1)) if auth and ":" in auth else None,  # type: ignore[arg-type]
                timeout=10,
            )
        except httpx.HTTPError:
            pass  # Flower's own display is unaffected; only the API's first answer

    # -- run --------------------------------------------------------------------------
    def supervise(self) -> int:
        """Until asked to stop: start-up (everything ready within the start
        timeout), then keep it so. Returns the exit code of `docpipe run`."""
        deadline = time.monotonic() + self.conf.start_timeout_s
        up = False
        while not self.stopping.is_set():
            self.tick()
            if self.fatal is not None:
                self._report_fatal()
                return 1
            if not up and self.all_ready():
                up = True
                self._prime_flower()
                self.say(f"logs       {self.log_dir}/*.log")
                self.say("docpipe is running; Ctrl-C stops it")
            elif not up and time.monotonic() > deadline:
                pending = ", ".join(c.name for c in self.children if c.state != "running")
                self.say(
                    f"docpipe run: not ready within {self.conf.start_timeout_s:.0f} s: {pending}; logs in {self.log_dir}"
                )
                return 1
            busy = any(c.state in ("starting", "backoff") for c in self.children)
            self.stopping.wait(0.2 if busy else 0.5)
        return 0

    def _report_fatal(self) -> None:
        child = next(c for c in self.children if c.state == "fatal")
        tail = log_tail(child.log_path) if child.log_path else []
        # The line that says why: the last error-looking one (a server's
        # shutdown lines follow its error), else the last one.
        why = next((line for line in reversed(tail) if looks_like_error(line)), tail[-1] if tail else "")
        last = f"; its log says: {why.strip()}" if why else ""
        self.say(f"docpipe run: {self.fatal}{last}")
        if tail:
            self.say(f"the end of {child.log_path}:")
            for line in tail:
                self.say(f"  {line}")

    # -- stop -------------------------------------------------------------------------
    def stop(self, timeout_s: float = 20.0) -> None:
        self.stopping.set()
        # Front first (no new work), then the workers (warm shutdown), Redis last.
        front = [c for c in self.children if c.kind in ("api", "flower")]
        workers = [c for c in self.children if c.kind == "worker"]
        for group in (front, workers):
            live = [c for c in group if c.proc is not None and c.proc.poll() is None]
            for child in live:
                child.proc.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
            deadline = time.monotonic() + timeout_s
            for child in live:
                assert child.proc is not None
                try:
                    child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    pass
                self._kill_group(child)  # what is left (a stuck leader, pool processes)
                child.state, child.pid = "stopped", None
        if self.redis is not None:
            self.redis.stop()
        self.state_file.unlink(missing_ok=True)
        self.say("stopped")


def run(*, with_flower: bool = True, worker_concurrency: int | None = None) -> int:
    sup = Supervisor(with_flower=with_flower, worker_concurrency=worker_concurrency)

    def on_signal(signum: int, _frame: object) -> None:
        sup.stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        sup.start()
        return sup.supervise()
    finally:
        sup.stop()
