"""SecantusDB's MongoDB wire-protocol server (``secantusd-py``) as a child
process: what the tests' ``mongodb_uri`` fixture (tests/conftest.py) and the
benchmarks that need a MongoDB (``bench.durability``, ``bench.scaling``)
start, so both run the same server with the same settings.

Test and development tooling only: secantusdb is GPL-2.0 and in the dev
extra; it runs as its own process and docpipe never imports it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from docpipe.embedded import die_with_parent_process, free_port


class WireServerError(RuntimeError):
    """The server is not installed or did not start (the message says which)."""


# The server's settings, written to its own file: --config also stops it
# reading a secantusd.toml from the working directory, ~/.secantus or /etc.
# Its defaults are port 27017 and ./secantus-data, a 1 GB cache and (like
# mongod) no auth: here loopback only, a free port, a temporary data
# directory, a cache sized for a shared 2-core machine. Left at the default:
# it advertises itself as the primary of a one-node replica set "secantus"
# (what pymongo needs for transactions and change streams), and the journal
# is on but fsynced only for writes that ask for j:true, as the store does.
SECANTUS_TOML = """\
[server]
host = "127.0.0.1"
port = {port}
storage_path = "{data}"
log_level = "WARNING"
auth = false

[storage]
cache_size = "256M"
"""


def secantusd() -> str:
    """The server's command, beside this interpreter (the venv) or on PATH."""
    here = Path(sys.executable).with_name("secantusd-py")
    found = str(here) if here.exists() else shutil.which("secantusd-py")
    if not found:
        raise WireServerError(
            "secantusd-py not found: the MongoDB tests run on SecantusDB's wire server "
            "(secantusdb, in the dev extra: `make install`), or set MONGODB_URI to a MongoDB"
        )
    return found


def start(base: Path, *, port: int | None = None, data: Path | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Start a server under ``base`` (a fresh ``run<n>`` directory for its
    config and log); ``port`` and ``data`` to start it again on the same port
    and data directory (after a kill), else a free port and a new data
    directory. Returns the process and its URI once it answers a ping."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    command = secantusd()
    # Test-mode switches of its own that would change durability under us.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECANTUS_")}
    first = len(list(base.glob("run*")))
    for attempt in range(first, first + 3):  # a free port can be taken before the server binds it
        bound = port or free_port()
        run = base / f"run{attempt}"
        run.mkdir()
        config = run / "secantusd.toml"
        config.write_text(SECANTUS_TOML.format(port=bound, data=data or run / "data"), encoding="utf-8")
        with open(run / "secantusd.log", "wb") as log:
            proc = subprocess.Popen(
                [command, "--config", str(config)],
                cwd=run,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=die_with_parent_process,
            )
        uri = f"mongodb://127.0.0.1:{bound}/"
        client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=500, directConnection=True)
        try:
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                try:
                    client.admin.command("ping")
                    return proc, uri
                except PyMongoError:
                    time.sleep(0.1)
        finally:
            client.close()
        stop(proc)
    log_tail = (run / "secantusd.log").read_text(encoding="utf-8", errors="replace")[-2000:]
    raise WireServerError(f"secantusd-py did not start (exit {proc.returncode}); its log ends:\n{log_tail}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # it checkpoints and closes WiredTiger
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
