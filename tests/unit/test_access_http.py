"""The access middleware in the app (TestClient, no lifespan: nothing here
reaches a route that needs the store): CORS only for configured origins, the
Host allow-list with a configured wildcard, cross-site writes, and when keys
are required."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from docpipe import settings
from services.api import access


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DOCPIPE_ACCESS_CORS_ORIGINS", "https://app.example")
    monkeypatch.setenv("DOCPIPE_ACCESS_ALLOWED_HOSTS", "*.example.org, docs.internal")
    monkeypatch.setenv("DOCPIPE_API_PUBLIC_URL", "https://api.example.net")
    for accessor in (settings.access, settings.api):
        accessor.cache_clear()
    yield
    for accessor in (settings.access, settings.api):
        accessor.cache_clear()


def client() -> TestClient:
    from services.api.main import create_app

    return TestClient(create_app(), base_url="http://127.0.0.1:8000")


def preflight(c: TestClient, origin: str) -> Any:
    return c.options(
        "/documents",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )


def test_cors_answers_only_the_configured_origins(configured: None) -> None:
    c = client()
    ok = preflight(c, "https://app.example")
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://app.example"
    assert "authorization" in ok.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in ok.headers  # no cookies, ever
    refused = preflight(c, "https://evil.example")
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers


def test_hosts_allowed_by_default_and_by_setting(configured: None) -> None:
    c = client()
    for host in ("127.0.0.1:8000", "localhost", "[::1]:8000", "api.example.net", "a.example.org", "docs.internal"):
        assert c.get("/problems", headers={"Host": host}).status_code == 200, host
    for host in ("example.org.evil.com", "evil.com", "0.0.0.0:8000"):
        r = c.get("/problems", headers={"Host": host})
        assert r.status_code == 400 and r.json()["code"] == "invalid_host", host


def test_the_docs_need_no_key_where_keys_are_required(configured: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCPIPE_ACCESS_REQUIRED", "true")
    settings.access.cache_clear()
    c = client()
    for path in ("/docs", "/redoc", "/openapi.json", "/problems", "/problems/unauthorized"):
        assert c.get(path).status_code == 200, path


def test_writes_from_other_origins(configured: None) -> None:
    c = client()
    # 405: the write passed the host and origin checks and reached routing.
    assert c.post("/problems", headers={"Origin": "https://app.example"}).status_code == 405  # a CORS origin
    assert c.post("/problems", headers={"Origin": "http://127.0.0.1:8000"}).status_code == 405  # same site
    assert c.post("/problems").status_code == 405  # not a browser
    for origin in ("https://evil.example", "null"):
        r = c.post("/problems", headers={"Origin": origin})
        assert r.status_code == 403 and r.json()["code"] == "cross_origin", origin
    assert c.get("/problems", headers={"Origin": "https://evil.example"}).status_code == 200  # reads are not refused


@pytest.mark.parametrize(
    ("host", "required", "expected"),
    [
        ("127.0.0.1", None, False),
        ("localhost", None, False),
        ("::1", None, False),
        ("127.0.0.1", "true", True),
        ("0.0.0.0", None, True),
        ("10.0.0.5", "true", True),
        ("0.0.0.0", "false", "refused"),
    ],
)
def test_when_keys_are_required(
    monkeypatch: pytest.MonkeyPatch, host: str, required: str | None, expected: object
) -> None:
    if required is None:
        monkeypatch.delenv("DOCPIPE_ACCESS_REQUIRED", raising=False)
    else:
        monkeypatch.setenv("DOCPIPE_ACCESS_REQUIRED", required)
    settings.access.cache_clear()
    try:
        if expected == "refused":
            with pytest.raises(access.StartRefused, match="beyond loopback"):
                access.keys_required(host)
        else:
            assert access.keys_required(host) is expected
    finally:
        settings.access.cache_clear()
