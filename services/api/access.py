"""Who may call the API, how often, and whether there is room for more work.

- **Keys** (``docpipe.apikeys``): ``Authorization: Bearer <key>`` or
  ``X-API-Key: <key>``. Required whenever the API binds beyond loopback
  (it refuses to start there with keys turned off), optional on loopback
  unless ``DOCPIPE_ACCESS_REQUIRED=true``. No cookies: a browser never sends
  a key by itself, so a cross-site form cannot act with one (CSRF-safe).
- **Scopes**: every route needs ``read`` (GET, HEAD) or ``submit`` (other
  methods); admin routes add ``require_scope("admin")``. Without a key
  where one is required: 401; a key without the scope: 403.
- **Rate limits** per key (the ``limits`` package, fixed windows counted in
  Redis): 429 with ``Retry-After``.
- **Admission**: ``POST /documents`` (and batch, files) answers 503 with
  ``Retry-After`` while a stage's queue holds more than
  ``DOCPIPE_ADMISSION_MAX_BACKLOG`` messages; the lengths are read at most
  once per ``DOCPIPE_ADMISSION_CACHE_S``.
- **Host allow-list** (Starlette's TrustedHostMiddleware: DNS rebinding)
  and **CORS** only when origins are configured.

``guard`` is an app-wide dependency (``create_app``); ``install`` adds the
middleware. Probes and metrics (``OPEN_PATHS``) need neither key nor host.
"""

from __future__ import annotations

import hmac
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import redis
from fastapi import Depends, FastAPI, Request
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from docpipe import apikeys, settings
from docpipe.errors import DocpipeError
from docpipe.loopback import is_loopback

from .problems import (
    CrossOrigin,
    Forbidden,
    InvalidHost,
    Overloaded,
    RateLimited,
    Unauthorized,
    problem_response,
)

log = logging.getLogger("docpipe.api.access")

# Answered to anyone: orchestrator probes and Prometheus carry no key and
# send the pod's address as Host; none of them reads or changes data.
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# Documentation (the problem types, the API's own pages) is not data: no key,
# so a browser beyond loopback can show /docs (its requests still need one).
DOC_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json", "/problems"})
# The routes that take new work (admission control applies to these).
SUBMIT_ROUTES = frozenset({"/documents", "/documents/batch", "/documents/files"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
_CACHE_MAX = 10_000


class StartRefused(DocpipeError):
    code, status, title = "start_refused", 500, "The API refuses to start with this configuration"


def keys_required(host: str) -> bool:
    """Whether an API bound to ``host`` requires keys; raises StartRefused
    for keys turned off on an address beyond loopback."""
    required = settings.access().required
    if is_loopback(host):
        return bool(required)
    if required is False:
        raise StartRefused(
            f"the API binds to {host}, beyond loopback, with DOCPIPE_ACCESS_REQUIRED=false: anyone who reaches "
            "it could submit and read. Unset DOCPIPE_ACCESS_REQUIRED (keys are then required) or bind to 127.0.0.1"
        )
    return True


def check_start(host: str, store: Any) -> None:
    """Refuse an API beyond loopback that nobody could call: keys required
    and none exists (nor DOCPIPE_ACCESS_ADMIN_KEY)."""
    if not keys_required(host) or settings.access().admin_key is not None:
        return
    from docpipe.store.keys import keys_for

    if not any(row.get("revoked_at") is None for row in keys_for(store).all()):
        raise StartRefused(
            f"the API binds to {host} and requires API keys, but none exists: create one "
            "(docpipe keys create --scope submit --scope read) or set DOCPIPE_ACCESS_ADMIN_KEY"
        )


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: a key (its id, scopes and rate), or nobody on
    an API that does not require keys (every scope, no rate limit)."""

    key_id: str | None
    scopes: frozenset[str]
    rate: str | None = None


OPEN = Principal(key_id=None, scopes=frozenset(apikeys.SCOPES))


class Admission:
    """The stage queues' lengths, read at most once per ``cache_s`` (one
    pipelined round trip of LLENs), against the configured bound."""

    def __init__(self, max_backlog: int, cache_s: float, retry_after_s: int) -> None:
        self.max_backlog = max_backlog
        self.cache_s = cache_s
        self.retry_after_s = retry_after_s
        self._read_at = -math.inf
        self._lengths: dict[str, int] = {}
        self._lock = threading.Lock()

    def lengths(self, client: redis.Redis) -> dict[str, int]:
        with self._lock:
            if time.monotonic() - self._read_at >= self.cache_s:
                from .metrics import stage_queues

                queues = stage_queues()
                try:
                    with client.pipeline(transaction=False) as pipe:
                        for names in queues.values():
                            for name in names:
                                pipe.llen(name)
                        found = iter(pipe.execute())
                except redis.RedisError as exc:
                    # The broker is down: admission goes by the lengths last
                    # read (none: admitted). A POST stores its document
                    # whatever the broker does, and the sweep enqueues it
                    # later; a 500 here refused work the API can take. Read
                    # again after the cache period, not on every request.
                    log.warning("admission: queue lengths not read, Redis did not answer (%s)", type(exc).__name__)
                else:
                    self._lengths = {stage: sum(next(found) for _ in names) for stage, names in queues.items()}
                self._read_at = time.monotonic()
            return self._lengths

    def admit(self, client: redis.Redis) -> None:
        if self.max_backlog <= 0:
            return
        full = {s: n for s, n in self.lengths(client).items() if n > self.max_backlog}
        if full:
            waiting = ", ".join(f"{s} {n}" for s, n in full.items())
            raise Overloaded(
                f"too much work waiting ({waiting} messages; the bound is {self.max_backlog}); "
                f"retry in {self.retry_after_s} s",
                headers={"Retry-After": str(self.retry_after_s)},
                backlog=full,
            )


class Gate:
    """One per app: the settings as read at start, the verified-key cache,
    the rate limiter (its Redis connection opened on first use) and admission."""

    def __init__(self, host: str) -> None:
        conf = settings.access()
        self.required = keys_required(host)
        self.admin_digest = apikeys.digest(conf.admin_key.get_secret_value()) if conf.admin_key else None
        self.default_rate = apikeys.check_rate(conf.rate_limit)
        self.cache_s = conf.verified_for_s
        self._cache: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()
        self._limiter: Any = None
        adm = settings.admission()
        self.admission = Admission(adm.max_backlog, adm.cache_s, adm.retry_after_s)

    # -- keys --------------------------------------------------------------------
    def authenticate(self, token: str, store: Any) -> Principal | None:
        digest = apikeys.digest(token)
        if self.admin_digest is not None and hmac.compare_digest(digest, self.admin_digest):
            return Principal(key_id="admin-env", scopes=frozenset(apikeys.SCOPES))
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(digest)
        if hit is not None and hit[0] > now:
            return hit[1]
        row = apikeys.verify(store, token)
        if row is None:
            return None
        principal = Principal(key_id=row["id"], scopes=apikeys.effective_scopes(row["scopes"]), rate=row.get("rate"))
        with self._lock:
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[digest] = (now + self.cache_s, principal)
        return principal

    # -- rate --------------------------------------------------------------------
    def limit(self, principal: Principal) -> None:
        from limits import parse

        rate = principal.rate or self.default_rate
        if rate is None or principal.key_id is None:
            return
        item = parse(rate)
        try:
            limiter = self._rate_limiter()
            if limiter.hit(item, "key", principal.key_id):
                return
            reset = limiter.get_window_stats(item, "key", principal.key_id).reset_time
        except redis.RedisError as exc:
            # Counting needs Redis; without it the request goes on (and
            # fails on its own if it needs Redis too) rather than every key
            # being refused for the broker's outage.
            log.warning("rate limit not counted: Redis did not answer (%s)", type(exc).__name__)
            return
        wait = max(1, math.ceil(reset - time.time()))
        raise RateLimited(
            f"more than {rate} for this key; retry in {wait} s", headers={"Retry-After": str(wait)}, limit=rate
        )

    def _rate_limiter(self) -> Any:
        if self._limiter is None:
            from limits.storage import RedisStorage
            from limits.strategies import FixedWindowRateLimiter

            storage = RedisStorage(
                settings.redis().url, key_prefix="docpipe:ratelimit", socket_timeout=2, socket_connect_timeout=1
            )
            self._limiter = FixedWindowRateLimiter(storage)
        return self._limiter


def presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    key = request.headers.get("x-api-key", "").strip()
    return key or None


def _on_loopback(request: Request) -> bool:
    """Whether the connection reached a loopback address of this host: an
    API started some other way than ``docpipe api`` (plain uvicorn with
    --host 0.0.0.0) still wants a key from anyone coming from elsewhere."""
    server = request.scope.get("server")
    # No address, or a Unix socket (no port): local by construction.
    return server is None or server[1] is None or is_loopback(str(server[0]))


def _needed_scope(request: Request) -> str:
    return "read" if request.method in SAFE_METHODS else "submit"


def guard(request: Request) -> Principal:
    """The app-wide dependency: authenticate, check the method's scope,
    count the request against the key's rate, admit new work."""
    path = request.url.path
    if path in OPEN_PATHS or path in DOC_PATHS or path.startswith("/problems/"):
        return OPEN
    gate: Gate = request.app.state.gate
    backbone = request.app.state.backbone
    token = presented_key(request)
    if token is not None:
        found = gate.authenticate(token, backbone.store)
        if found is None:
            raise Unauthorized("the API key is not valid or was revoked", headers={"WWW-Authenticate": "Bearer"})
        principal = found
    elif gate.required or not _on_loopback(request):
        raise Unauthorized(
            "send an API key: Authorization: Bearer <key> (or X-API-Key: <key>)", headers={"WWW-Authenticate": "Bearer"}
        )
    else:
        principal = OPEN
    request.state.principal = principal
    request.state.key_id = principal.key_id
    _check_scope(principal, _needed_scope(request))
    gate.limit(principal)
    route = request.scope.get("route")
    if request.method == "POST" and getattr(route, "path", None) in SUBMIT_ROUTES:
        gate.admission.admit(backbone.redis)
    return principal


def _check_scope(principal: Principal, scope: str) -> None:
    if scope not in principal.scopes:
        raise Forbidden(
            f"this API key has scopes {', '.join(sorted(principal.scopes))}; this needs {scope}", needed=scope
        )


def require_scope(scope: str) -> Any:
    """A dependency for a route or router that needs ``scope`` beyond the
    method's own: ``@router.post(..., dependencies=[require_scope("admin")])``
    or ``APIRouter(dependencies=[require_scope("admin")])``."""
    if scope not in apikeys.SCOPES:
        raise ValueError(f"no scope {scope!r}; scopes are {apikeys.SCOPES}")

    def check(principal: Principal = Depends(guard)) -> Principal:  # noqa: B008 - FastAPI's idiom
        _check_scope(principal, scope)
        return principal

    return Depends(check)


# -- middleware -------------------------------------------------------------------
def allowed_hosts(host: str) -> list[str]:
    conf = settings.access()
    api = settings.api()
    hosts = [*LOOPBACK_NAMES, "[::1]"]
    public = urlsplit(api.public_url).hostname if api.public_url else None
    if public:
        hosts.append(public)
    if host not in ("0.0.0.0", "::", ""):
        hosts.append(host)
    hosts += [h.strip() for h in conf.allowed_hosts.split(",") if h.strip()]
    return list(dict.fromkeys(h.lower() for h in hosts))


class HostCheck:
    """Starlette's TrustedHostMiddleware decides which Host headers pass; a
    refusal is a problem (``invalid_host``) rather than its plain-text 400.
    A write whose ``Origin`` is neither an allowed host nor a CORS origin is
    ``cross_origin`` (403). Probes (OPEN_PATHS) pass: a kubelet sends the
    pod's address."""

    def __init__(self, app: Any, hosts: list[str], origins: list[str]) -> None:
        self.app = app
        self.hosts = hosts
        self.origins = frozenset(origins)

        async def passed(scope: Any, receive: Any, send: Any) -> None:
            scope["docpipe.host_ok"] = True

        self.check = TrustedHostMiddleware(passed, allowed_hosts=hosts, www_redirect=False)

    async def __call__(self, scope: Any, receive: Callable, send: Callable) -> None:
        if scope["type"] not in ("http", "websocket") or scope.get("path") in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        err: DocpipeError | None = None
        if not await self._allowed(scope, receive, headers.get(b"host", b"")):
            host = headers.get(b"host", b"").decode("latin-1")
            err = InvalidHost(
                f"this API does not answer to Host {host[:100]!r}; add it to DOCPIPE_ACCESS_ALLOWED_HOSTS"
            )
        elif scope.get("method") not in SAFE_METHODS and b"origin" in headers:
            # A browser names the page a write comes from; another site's
            # page (a form posted at a loopback API, or through DNS
            # rebinding) is refused: CSRF needs no cookie to hurt an open API.
            origin = headers[b"origin"].decode("latin-1")
            netloc = urlsplit(origin).netloc.encode("latin-1") if origin != "null" else b""
            if origin not in self.origins and not (netloc and await self._allowed(scope, receive, netloc)):
                err = CrossOrigin(
                    f"a {scope.get('method')} from a page of {origin[:100]!r} is refused; "
                    "add the origin to DOCPIPE_ACCESS_CORS_ORIGINS to allow it"
                )
        if err is None:
            await self.app(scope, receive, send)
        else:
            await problem_response(err, scope.get("path"))(scope, receive, send)

    async def _allowed(self, scope: Any, receive: Any, host: bytes) -> bool:
        """Whether TrustedHostMiddleware lets ``host`` (a Host header's value) through."""
        probe = {**scope, "headers": [(b"host", host)]}

        async def discard(message: Any) -> None:
            return None

        await self.check(probe, receive, discard)
        return bool(probe.get("docpipe.host_ok"))


def install(app: FastAPI, host: str) -> None:
    """The gate on ``app.state`` and the host and CORS middleware (``host``:
    the address the API binds to)."""
    app.state.gate = Gate(host)
    origins = [o.strip() for o in settings.access().cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_credentials=False,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "Idempotency-Key", "Last-Event-ID"],
            expose_headers=["Location", "Retry-After", "X-Request-ID"],
        )
    app.add_middleware(HostCheck, hosts=allowed_hosts(host), origins=origins)
