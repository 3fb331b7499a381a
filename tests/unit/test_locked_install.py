"""The install is the lock: every package requirements.lock pins for this
Python is installed at exactly that version, and nothing else is installed
but docpipe itself and the installer's own tools."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
# Not in the lock on purpose: the project and the tools that install it.
NOT_LOCKED = {"docpipe", "pip"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    from packaging.markers import Marker

    pins: dict[str, str] = {}
    for line in LOCK.read_text().splitlines():
        m = PIN.match(line)
        if not m:
            continue
        name, version, marker = m.groups()
        if marker and not Marker(marker).evaluate():
            continue
        pins[canonical(name)] = version
    return pins


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    text = LOCK.read_text()
    pins = locked()
    assert len(pins) > 40
    assert text.count("--hash=sha256:") >= len(pins)
    for name in ("celery", "redis", "fastapi", "jieba", "onnxruntime", "pytest"):
        assert name in pins, name


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="runs in the project's venv, where make install put the lock")
def test_installed_versions_equal_the_lock() -> None:
    pins = locked()
    installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {n: (installed.get(n), v) for n, v in pins.items() if installed.get(n) != v}
    assert not wrong, f"installed differs from requirements.lock (installed, locked): {wrong}"
    extra = set(installed) - set(pins) - NOT_LOCKED
    assert not extra, f"installed but not locked: {sorted(extra)}"
