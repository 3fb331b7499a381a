"""The embedded Redis server: starts from the bundled binary, is durable by
default (AOF), stops by PID, and refuses a port someone else holds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import redis

from docpipe.embedded import RedisServer, RedisServerError, find_redis_server_binary, free_port

pytestmark = pytest.mark.integration


def test_binary_is_found_and_executable() -> None:
    binary = find_redis_server_binary()
    assert os.access(binary, os.X_OK)


def test_session_server_answers_with_durable_config(redis_server: RedisServer, redis_client: redis.Redis) -> None:
    assert redis_server.running() and redis_server.ping()
    assert redis_server.url == f"redis://127.0.0.1:{redis_server.port}/0"
    assert redis_client.config_get("appendonly") == {"appendonly": "yes"}
    assert redis_client.config_get("appendfsync") == {"appendfsync": "everysec"}
    assert redis_client.config_get("save") == {"save": ""}
    assert redis_client.config_get("bind") == {"bind": "127.0.0.1"}
    assert Path(redis_client.config_get("dir")["dir"]) == redis_server.data_dir


def test_data_survives_a_restart_through_the_aof(tmp_path: Path) -> None:
    port = free_port()
    with RedisServer(port=port, data_dir=tmp_path) as server:
        client = redis.Redis.from_url(server.url)
        client.xadd("s", {"k": "v"})
        client.set("x", "1")
        client.close()
    assert not server.running()
    assert (tmp_path / "appendonly.aof").stat().st_size > 0
    with RedisServer(port=port, data_dir=tmp_path) as server:
        client = redis.Redis.from_url(server.url, decode_responses=True)
        assert client.get("x") == "1"
        assert client.xlen("s") == 1
        client.close()


def test_stop_ends_the_process_and_frees_the_port(tmp_path: Path) -> None:
    server = RedisServer(data_dir=tmp_path, appendonly=False).start()
    pid, port = server.pid, server.port
    assert pid is not None and port is not None
    server.stop()
    assert not server.running()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    # The port can be taken again by a new server.
    with RedisServer(port=port, data_dir=tmp_path / "again", appendonly=False) as again:
        assert again.ping()
    server.stop()  # a second stop is harmless


def test_a_port_already_serving_redis_is_refused(redis_server: RedisServer, tmp_path: Path) -> None:
    with pytest.raises(RedisServerError) as info:
        RedisServer(port=redis_server.port, data_dir=tmp_path).start()
    assert info.value.code == "embedded_redis_failed"


def test_a_bad_binary_fails_with_a_stable_code(tmp_path: Path) -> None:
    fake = tmp_path / "redis-server"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(RedisServerError) as info:
        RedisServer(data_dir=tmp_path / "d", binary=str(fake), start_timeout_s=2).start()
    assert info.value.code == "embedded_redis_failed"
    assert "broken" in info.value.message


def test_the_server_does_not_outlive_a_killed_owner(tmp_path: Path) -> None:
    """PR_SET_PDEATHSIG: a supervisor or test run killed with SIGKILL leaves
    no orphan redis-server behind."""
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from docpipe.embedded import RedisServer\n"
        f"s = RedisServer(data_dir={str(tmp_path)!r}, appendonly=False).start()\n"
        "print(s.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        redis_pid = int(owner.stdout.readline())
        os.kill(redis_pid, 0)  # running
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(redis_pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        with pytest.raises(ProcessLookupError):
            os.kill(redis_pid, 0)
    finally:
        if owner.poll() is None:
            owner.kill()
        owner.stdout.close()
