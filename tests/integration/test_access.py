"""Access control and admission control on real API processes (``docpipe
api`` subprocesses on a real Redis; keys made with the real ``docpipe keys``
command in the same SQLite store):

- beyond loopback an API without keys, or with keys turned off, refuses to
  start with one line (exit 2);
- no key: 401 problem with ``WWW-Authenticate``; a ``read`` key cannot
  submit (403); admin routes want ``admin``; a revoked key is 401;
- past a key's rate: 429 with ``Retry-After``;
- Host allow-list (400 ``invalid_host``), cross-site writes (403
  ``cross_origin``), CORS off by default;
- admission: past the backlog bound POST answers 503 with ``Retry-After``
  while reads go on; the queue lengths are read once per cache period
  (LLEN calls counted by Redis's own INFO commandstats);
- keys never reach the API's log.

No workers run here: every accepted document stays in the segment queue,
which is what fills the backlog.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import ROOT, Stack, _wait_for, make_stack, with_db  # tests/integration/conftest.py

from docpipe.embedded import RedisServer

pytestmark = pytest.mark.integration


def docpipe(stack: Stack, *argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docpipe.cli", *argv],
        env={**stack.env, **(env or {})},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def create_key(stack: Stack, *scopes: str, rate: str | None = None) -> str:
    argv = ["keys", "create", *[a for s in scopes for a in ("--scope", s)], "--name", "test"]
    if rate:
        argv += ["--rate", rate]
    out = docpipe(stack, *argv)
    assert out.returncode == 0, out.stderr
    key = out.stdout.strip()
    assert key.startswith("dpk_") and "shown only now" in out.stderr
    return key


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def problem(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == code and body["status"] == status
    return body


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A Redis of this module's own: the LLEN count below is per server."""
    server = RedisServer(port=None, data_dir=tmp_path_factory.mktemp("access-redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def public_api(
    own_redis: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Stack, dict[str, str]]]:
    """An API bound to 0.0.0.0 (beyond loopback: keys required) with keys
    of each scope made before it starts."""
    stack = make_stack(
        with_db(own_redis.url, 1),
        tmp_path_factory.mktemp("access"),
        DOCPIPE_API_HOST="0.0.0.0",
        DOCPIPE_API_SWEEP_EVERY_S="0",
        DOCPIPE_ACCESS_VERIFIED_FOR_S="0",
        DOCPIPE_ADMISSION_MAX_BACKLOG="0",
    )
    refused = docpipe(stack, "api")
    assert refused.returncode == 2
    assert "none exists" in refused.stderr and "docpipe keys create" in refused.stderr
    off = docpipe(stack, "api", env={"DOCPIPE_ACCESS_REQUIRED": "false"})
    assert off.returncode == 2 and "DOCPIPE_ACCESS_REQUIRED=false" in off.stderr
    assert len(off.stderr.strip().splitlines()) == 1  # one line, no traceback
    keys = {scope: create_key(stack, scope) for scope in ("read", "submit", "admin")}
    keys["slow"] = create_key(stack, "read", rate="3/minute")
    stack.start_api()
    try:
        yield stack, keys
    finally:
        stack.stop_all()


def test_keys_are_listed_without_the_key_and_stored_hashed(public_api: tuple[Stack, dict[str, str]]) -> None:
    stack, keys = public_api
    listed = docpipe(stack, "keys", "list")
    assert listed.returncode == 0
    import sqlite3

    with sqlite3.connect(stack.store_path) as conn:
        stored = " ".join(body for (body,) in conn.execute("SELECT body FROM api_keys"))
    for key in keys.values():
        key_id = key.split("_")[1]
        assert key_id in listed.stdout and key not in listed.stdout
        assert key_id in stored and key not in stored and key.split("_", 2)[2] not in stored


def test_without_a_key_a_public_api_answers_401(public_api: tuple[Stack, dict[str, str]]) -> None:
    stack, _ = public_api
    with stack.client() as c:
        r = c.get("/documents")
        problem(r, 401, "unauthorized")
        assert r.headers["WWW-Authenticate"] == "Bearer"
        problem(c.post("/documents", json={"text": "无钥匙的文章。"}), 401, "unauthorized")
        problem(c.get("/documents", headers=bearer("dpk_0123456789abcdef_" + "x" * 43)), 401, "unauthorized")
        problem(c.get("/documents", headers=bearer("not-a-key")), 401, "unauthorized")
        # Probes and the problem catalogue need no key.
        assert c.get("/healthz").status_code == 200
        assert c.get("/problems/unauthorized").status_code == 200


def test_scopes(public_api: tuple[Stack, dict[str, str]]) -> None:
    stack, keys = public_api
    text = {"text": "2024年，某市地区生产总值增长5.2%。"}
    with stack.client() as c:
        assert c.get("/documents", headers=bearer(keys["read"])).status_code == 200
        assert c.get("/documents", headers={"X-API-Key": keys["read"]}).status_code == 200
        body = problem(c.post("/documents", json=text, headers=bearer(keys["read"])), 403, "forbidden")
        assert body["needed"] == "submit"
        accepted = c.post("/documents", json=text, headers=bearer(keys["submit"]))
        assert accepted.status_code == 202, accepted.text
        # submit alone cannot read; admin can do everything.
        doc_url = f"/documents/{accepted.json()['id']}"
        problem(c.get(doc_url, headers=bearer(keys["submit"])), 403, "forbidden")
        assert c.get(doc_url, headers=bearer(keys["admin"])).status_code == 200
        # Admin routes (webhooks, corrections) want admin, whatever the method.
        problem(c.get("/webhooks", headers=bearer(keys["read"])), 403, "forbidden")
        problem(
            c.post("/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=bearer(keys["submit"])),
            403,
            "forbidden",
        )
        assert c.get("/webhooks", headers=bearer(keys["admin"])).status_code == 200
        doc_id = accepted.json()["id"]
        problem(c.post(f"/documents/{doc_id}/corrections", json={}, headers=bearer(keys["submit"])), 403, "forbidden")


def test_reprocessing_wants_an_admin_key(public_api: tuple[Stack, dict[str, str]]) -> None:
    stack, keys = public_api
    body = {"ids": ["0" * 64]}
    with stack.client() as c:
        for scope in ("read", "submit"):
            problem(c.post("/admin/reprocess", json=body, headers=bearer(keys[scope])), 403, "forbidden")
            problem(c.get("/admin/reprocess/rp_0000000000000000", headers=bearer(keys[scope])), 403, "forbidden")
        started = c.post("/admin/reprocess", json=body, headers=bearer(keys["admin"]))
        assert started.status_code == 202, started.text
        job = c.get(started.headers["location"], headers=bearer(keys["admin"]))
        assert job.status_code == 200 and job.json()["id"] == started.json()["id"]


def test_a_revoked_key_is_refused(public_api: tuple[Stack, dict[str, str]]) -> None:
    stack, _ = public_api
    key = create_key(stack, "read")
    with stack.client() as c:
        assert c.get("/documents", headers=bearer(key)).status_code == 200
        out = docpipe(stack, "keys", "revoke", key.split("_")[1])
        assert out.returncode == 0, out.stderr
        # DOCPIPE_ACCESS_VERIFIED_FOR_S=0: the next request reads the store again.
        problem(c.get("/documents", headers=bearer(key)), 401, "unauthorized")
    assert docpipe(stack, "keys", "revoke", "0123456789abcdef").returncode == 2


def test_past_its_rate_a_key_gets_429_with_retry_after(public_api: tuple[Stack, dict[str, str]]) -> None:
    stack, keys = public_api
    with stack.client() as c:
        codes = [c.get("/documents", headers=bearer(keys["slow"])).status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        r = c.get("/documents", headers=bearer(keys["slow"]))
        body = problem(r, 429, "rate_limited")
        assert 1 <= int(r.headers["Retry-After"]) <= 60 and body["limit"] == "3/minute"
        # Another key has its own count.
        assert c.get("/documents", headers=bearer(keys["read"])).status_code == 200
    # The counters live in Redis, under the limiter's own prefix.
    assert any(k.startswith("docpipe:ratelimit") for k in stack.redis().scan_iter("docpipe:ratelimit*"))


def test_host_allow_list_and_cross_site_writes(public_api: tuple[Stack, dict[str, str]]) -> None:
    stack, keys = public_api
    with stack.client() as c:
        body = problem(
            c.get("/documents", headers={**bearer(keys["read"]), "Host": "attacker.example"}), 400, "invalid_host"
        )
        assert "DOCPIPE_ACCESS_ALLOWED_HOSTS" in body["detail"]
        assert c.get("/healthz", headers={"Host": "10.1.2.3:8000"}).status_code == 200  # a kubelet's probe
        # A form posted from another site's page carries its Origin.
        problem(
            c.post(
                "/documents",
                json={"text": "跨站提交。"},
                headers={**bearer(keys["submit"]), "Origin": "http://attacker.example"},
            ),
            403,
            "cross_origin",
        )
        same = c.post(
            "/documents", json={"text": "同源提交。"}, headers={**bearer(keys["submit"]), "Origin": stack.api_url}
        )
        assert same.status_code == 202, same.text
        # CORS is off: no Access-Control-Allow-Origin for anyone.
        pre = c.options(
            "/documents", headers={"Origin": "http://attacker.example", "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in pre.headers


def test_the_log_never_holds_a_key(public_api: tuple[Stack, dict[str, str]]) -> None:
    stack, keys = public_api
    with stack.client() as c:
        for key in keys.values():
            c.get("/documents", headers=bearer(key))
            c.get("/documents", headers={"X-API-Key": key + "x"})  # a wrong one too
    log = stack.log("api")
    assert "/documents" in log  # the log is the API's and has its requests
    for key in keys.values():
        assert key not in log and key.split("_", 2)[2] not in log


# -- admission control ----------------------------------------------------------------


def _llen_calls(client: Any) -> int:
    return int(client.info("commandstats").get("cmdstat_llen", {}).get("calls", 0))


def _lists_per_read() -> int:
    from services.api.metrics import stage_queues

    return sum(len(names) for names in stage_queues().values())


def test_past_the_backlog_bound_submissions_get_503_with_retry_after(own_redis: RedisServer, tmp_path: Path) -> None:
    stack = make_stack(
        with_db(own_redis.url, 2),
        tmp_path,
        DOCPIPE_API_SWEEP_EVERY_S="0",
        DOCPIPE_ADMISSION_MAX_BACKLOG="3",
        DOCPIPE_ADMISSION_CACHE_S="0",
        DOCPIPE_ADMISSION_RETRY_AFTER_S="7",
    )
    stack.start_api()
    try:
        client = stack.redis()
        before = _llen_calls(client)
        with stack.client() as c:
            codes = [c.post("/documents", json={"text": f"第{i}篇：产量增长{i}%。"}).status_code for i in range(4)]
            assert codes == [202] * 4  # queue lengths 0..3: at the bound, not past it
            r = c.post("/documents", json={"text": "第五篇：产量增长5%。"})
            body = problem(r, 503, "overloaded")
            assert r.headers["Retry-After"] == "7" and body["backlog"] == {"segment": 4}
            batch = c.post("/documents/batch", json={"documents": [{"text": "批量。"}]})
            problem(batch, 503, "overloaded")
            assert c.get("/documents").status_code == 200  # reads go on
        assert client.llen("segment") == 4  # nothing refused was enqueued
        # DOCPIPE_ADMISSION_CACHE_S=0: every one of the 6 submissions read the lengths.
        assert _llen_calls(client) - before >= 6 * _lists_per_read()
    finally:
        stack.stop_all()


def test_queue_lengths_are_read_once_per_cache_period(own_redis: RedisServer, tmp_path: Path) -> None:
    stack = make_stack(
        with_db(own_redis.url, 3),
        tmp_path,
        DOCPIPE_API_SWEEP_EVERY_S="0",
        DOCPIPE_ADMISSION_MAX_BACKLOG="1000",
        DOCPIPE_ADMISSION_CACHE_S="3600",
    )
    stack.start_api()
    try:
        client = stack.redis()
        with stack.client() as c:
            before = _llen_calls(client)
            assert c.post("/documents", json={"text": "缓存第一篇。"}).status_code == 202
            first = _llen_calls(client) - before
            codes = [c.post("/documents", json={"text": f"缓存第{i}篇。"}).status_code for i in range(2, 21)]
            rest = _llen_calls(client) - before - first
        assert codes == [202] * 19
        # The first submission reads every stage's lists (kombu may add its
        # own LLENs when it first declares the queue); the next 19 read none.
        assert first >= _lists_per_read()
        assert rest == 0
    finally:
        stack.stop_all()


def test_the_cli_sends_docpipe_api_key(public_api: tuple[Stack, dict[str, str]]) -> None:
    stack, keys = public_api
    with stack.client() as c:
        doc_id = c.post("/documents", json={"text": "命令行带钥匙。"}, headers=bearer(keys["submit"])).json()["id"]
    # No --api: DOCPIPE_API_HOST=0.0.0.0 alone leads the CLI to 127.0.0.1.
    without = docpipe(stack, "status", doc_id)
    assert without.returncode == 1 and "[unauthorized]" in without.stderr
    with_key = docpipe(stack, "status", doc_id, env={"DOCPIPE_API_KEY": keys["read"]})
    assert with_key.returncode == 0, with_key.stderr
    assert '"status"' in with_key.stdout


def _outward_address() -> str | None:
    """This host's address on its default route, if it has one."""

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: UDP connect only picks the route
        except OSError:
            return None
        address = str(s.getsockname()[0])
    return None if address.startswith("127.") else address


def test_plain_uvicorn_on_every_interface_wants_a_key_from_elsewhere(own_redis: RedisServer, tmp_path: Path) -> None:
    """Started without `docpipe api` (so the settings still say loopback)
    but listening everywhere: open on loopback, 401 from another address."""
    address = _outward_address()
    if address is None:
        pytest.skip("this host has no address beyond loopback")
    stack = make_stack(with_db(own_redis.url, 4), tmp_path, DOCPIPE_API_SWEEP_EVERY_S="0")
    port = stack.api_url.rsplit(":", 1)[1]
    stack._spawn(
        "api",
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "services.api.main:create_app",
            "--host",
            "0.0.0.0",
            "--port",
            port,
        ],
    )
    try:

        def healthy() -> bool:
            try:
                return httpx.get(stack.api_url + "/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        _wait_for(healthy, 60, "API up", detail=lambda: stack.log("api"))
        assert httpx.get(stack.api_url + "/documents", timeout=10).status_code == 200
        # The same API through the outward address (Host as a local client would send it).
        r = httpx.get(f"http://{address}:{port}/documents", headers={"Host": f"127.0.0.1:{port}"}, timeout=10)
        problem(r, 401, "unauthorized")
    finally:
        stack.stop_all()


def test_a_keyed_request_costs_one_redis_round_trip(public_api: tuple[Stack, dict[str, str]]) -> None:
    """The key check is cached in the process; the rate count is one script call."""
    stack, keys = public_api
    client = stack.redis()

    def calls() -> dict[str, int]:
        return {name: int(v["calls"]) for name, v in client.info("commandstats").items()}

    with stack.client() as c:
        c.get("/documents", headers=bearer(keys["admin"]))  # the script loaded, the key seen
        before = calls()
        assert all(c.get("/documents", headers=bearer(keys["admin"])).status_code == 200 for _ in range(10))
        after = calls()
    spent = {name: after[name] - before.get(name, 0) for name in after if after[name] != before.get(name, 0)}
    spent.pop("cmdstat_info", None)  # this test's own
    assert spent.pop("cmdstat_evalsha") == 10
    # INCRBY runs inside the script; a document list reads the store, not Redis.
    assert set(spent) <= {"cmdstat_incrby", "cmdstat_expire", "cmdstat_pexpire"}, spent
