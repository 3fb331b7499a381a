"""`docpipe run` locked down, on real processes: keys required on loopback
(DOCPIPE_ACCESS_REQUIRED=true, the admin key from the environment), the
embedded Redis with a password, Flower bound beyond loopback (so with basic
auth it made itself) and read-only. Checked after one article went through:

- every file and directory `docpipe run` and its children created under
  the var dir (store, Redis's AOF and config, logs, run/, flower/) is 0600
  or 0700;
- no log holds the article's text or the key;
- Redis refuses a client without the password;
- Flower refuses a client without its credentials, and with them refuses
  a write action (cancel-consumer: read-only mode).
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import redis
from docpipe_run import DocpipeRun
from docpipe_run import wait_until as wait_for

from docpipe.embedded import free_port

pytestmark = pytest.mark.integration
ADMIN_KEY = "admin-" + secrets.token_urlsafe(24)
REDIS_PASSWORD = "pw-" + secrets.token_urlsafe(12)
MARKER = "ZQXJ" + secrets.token_hex(4).upper()
# A sentence no log line should quote; the marker makes it findable.
TEXT = f"{MARKER}新区2024年实现地区生产总值1234.5亿元，同比增长6.1%。{MARKER}"


class Run(DocpipeRun):
    """`docpipe run` (with Flower) as a subprocess, its output collected."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env)
        self.flower = f"http://127.0.0.1:{env['DOCPIPE_FLOWER_PORT']}"


def wait_until(check: Callable[[], Any], timeout_s: float, what: str, run: Run) -> Any:
    return wait_for(check, timeout_s, what, run, every_s=0.3)


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "MONGODB_URI", "DOCPIPE_STORE_PATH")}
    env.update(
        # Not made by the test: `docpipe run` creates it (and all under it).
        DOCPIPE_VAR_DIR=str(tmp_path_factory.mktemp("locked") / "var"),
        DOCPIPE_REDIS_PORT=str(free_port()),
        DOCPIPE_API_PORT=str(free_port()),
        DOCPIPE_FLOWER_PORT=str(free_port()),
        DOCPIPE_FLOWER_ADDRESS="0.0.0.0",
        DOCPIPE_REDIS_PASSWORD=REDIS_PASSWORD,
        DOCPIPE_ACCESS_REQUIRED="true",
        DOCPIPE_ACCESS_ADMIN_KEY=ADMIN_KEY,
        PYTHONUNBUFFERED="1",
    )
    run = Run(env)
    try:
        wait_until(lambda: "docpipe is running" in run.output, 300, "the stack up", run)
        yield run
    finally:
        run.stop()


@pytest.fixture(scope="module")
def processed(locked: Run) -> str:
    """One article through every stage, with the key from the environment."""
    headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
    with httpx.Client(base_url=locked.api, timeout=30) as c:
        assert c.post("/documents", json={"text": TEXT}).status_code == 401  # keys required on loopback too
        r = c.post("/documents", json={"text": TEXT}, headers=headers)
        assert r.status_code == 202, r.text
        doc_id = r.json()["id"]

        def done() -> bool:
            return c.get(f"/documents/{doc_id}", headers=headers).json().get("status") in ("processed", "failed")

        wait_until(done, 240, "the article processed", locked)
        assert c.get(f"/documents/{doc_id}", headers=headers).json()["status"] == "processed"
    return doc_id


@pytest.mark.timeout(900)
def test_files_are_private(locked: Run, processed: str) -> None:
    seen = {"files": 0, "dirs": 0}
    loose = []
    for path in [locked.var_dir, *locked.var_dir.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode) or stat.S_ISSOCK(mode):
            continue
        seen["dirs" if stat.S_ISDIR(mode) else "files"] += 1
        if mode & 0o077:
            loose.append(f"{oct(mode & 0o777)} {path.relative_to(locked.var_dir.parent)}")
    assert loose == []
    names = {p.name for p in locked.var_dir.rglob("*")}
    # What the claim is about was there to be checked.
    assert {"docpipe.sqlite3", "redis.conf", "api.log", "supervisor.json", "basic_auth"} <= names, sorted(names)
    assert any(n.startswith("appendonly.aof") for n in names)
    assert seen["files"] >= 10 and seen["dirs"] >= 4


@pytest.mark.timeout(900)
def test_no_log_holds_the_text_or_a_key(locked: Run, processed: str) -> None:
    logs = [*locked.var_dir.rglob("*.log"), *locked.var_dir.rglob("redis.stderr")]
    assert len(logs) >= 6, logs  # api, three stages, webhooks, flower, redis
    blob = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs) + locked.output
    assert processed in blob  # the logs talk about the document (by id) ...
    for secret in (MARKER, TEXT[len(MARKER) : len(MARKER) + 12], ADMIN_KEY, REDIS_PASSWORD):
        assert secret not in blob  # ... never quote it, nor a key or password


def test_redis_wants_the_password(locked: Run) -> None:
    port = int(locked.env["DOCPIPE_REDIS_PORT"])
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host="127.0.0.1", port=port, socket_timeout=5).ping()
    assert redis.Redis(host="127.0.0.1", port=port, password=REDIS_PASSWORD, socket_timeout=5).ping()


def test_flower_has_basic_auth_and_no_write_actions(locked: Run) -> None:
    user, password = (locked.var_dir / "flower" / "basic_auth").read_text(encoding="utf-8").strip().split(":", 1)
    assert user == "admin" and len(password) >= 20
    assert "basic auth admin" in locked.output
    assert httpx.get(locked.flower + "/api/workers", timeout=30).status_code == 401
    assert httpx.get(locked.flower + "/api/workers", auth=("admin", "wrong"), timeout=30).status_code == 401
    workers = wait_until(
        lambda: httpx.get(locked.flower + "/api/workers", auth=(user, password), timeout=30).json(),
        60,
        "Flower lists workers",
        locked,
    )
    node = next(name for name in workers if name.startswith("segment@"))
    r = httpx.post(
        f"{locked.flower}/api/worker/queue/cancel-consumer/{node}",
        params={"queue": "segment"},
        auth=(user, password),
        timeout=30,
    )
    assert r.status_code == 403 and "Read only" in r.text
