"""Every CLI command that talks to a stack, run against one that is not
there, prints one line naming the address it tried and the setting that
changes it, and exits 2: no traceback. Plus --version and config."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from docpipe.embedded import free_port

SEEDS = os.path.join(os.path.dirname(__file__), "..", "..", "seeds")


def run(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docpipe.cli", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


@pytest.mark.parametrize(
    "argv, setting",
    [
        (("status", "0" * 16), "DOCPIPE_API_URL"),
        (("submit", SEEDS), "DOCPIPE_API_URL"),
        (("submit", "--wait", SEEDS), "DOCPIPE_API_URL"),
        (("events",), "REDIS_URL"),
        (("events", "--follow"), "REDIS_URL"),
        (("events", "--follow", "--group", "g"), "REDIS_URL"),
    ],
)
def test_one_line_and_exit_2_against_a_stopped_stack(argv: tuple[str, ...], setting: str) -> None:
    port = free_port()
    got = run(*argv, DOCPIPE_API_URL=f"http://127.0.0.1:{port}", REDIS_URL=f"redis://127.0.0.1:{port}/0")
    assert got.returncode == 2, got.stderr
    lines = got.stderr.strip().splitlines()
    assert len(lines) == 1, got.stderr
    assert f"127.0.0.1:{port}" in lines[0] and setting in lines[0]
    assert "Traceback" not in got.stderr and got.stdout == ""


def test_version() -> None:
    got = run("--version")
    assert got.returncode == 0 and got.stdout.startswith("docpipe ") and "pipeline" in got.stdout


def test_config_masks_secrets() -> None:
    got = run(
        "config",
        REDIS_URL="redis://user:s3cret@127.0.0.1:6390/0",
        DOCPIPE_FLOWER_BASIC_AUTH="admin:hunter2",
        DOCPIPE_API_URL="http://127.0.0.1:8123",
    )
    assert got.returncode == 0, got.stderr
    assert "s3cret" not in got.stdout and "hunter2" not in got.stdout
    config = json.loads(got.stdout)
    assert config["redis"]["REDIS_URL"] == "redis://user:***@127.0.0.1:6390/0"
    assert config["flower"]["DOCPIPE_FLOWER_BASIC_AUTH"] == "***"
    assert config["api"]["(client url)"] == "http://127.0.0.1:8123"
