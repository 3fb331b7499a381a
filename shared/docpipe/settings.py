"""Settings, one object per concern, read from environment variables.

Each class documents its variables; ``docpipe config`` prints them all and
README.md lists them. Nothing here reads files other than the environment.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# The repository root when running from a checkout; var/ lives beside it.
_ROOT = Path(__file__).resolve().parents[2]


class PathSettings(BaseSettings):
    """Where local state lives (embedded store, Redis data, jieba cache)."""

    model_config = SettingsConfigDict(env_prefix="DOCPIPE_")
    var_dir: Path = Field(default=_ROOT / "var", description="DOCPIPE_VAR_DIR: local state directory")


class RedisSettings(BaseSettings):
    """The broker, result backend and event stream."""

    model_config = SettingsConfigDict(env_prefix="")
    redis_url: str | None = Field(
        default=None,
        description="REDIS_URL: a Redis server to use; unset means the embedded one `docpipe run` starts",
    )
    # Where the embedded server listens when REDIS_URL is unset.
    embedded_redis_port: int = Field(default=6379, alias="DOCPIPE_REDIS_PORT")
    # The embedded server's password (requirepass); it binds to 127.0.0.1 either way.
    embedded_redis_password: SecretStr | None = Field(default=None, alias="DOCPIPE_REDIS_PASSWORD")

    @property
    def url(self) -> str:
        if self.redis_url:
            return self.redis_url
        password = self.embedded_redis_password.get_secret_value() if self.embedded_redis_password else ""
        auth = f":{quote(password, safe='')}@" if password else ""
        return f"redis://{auth}127.0.0.1:{self.embedded_redis_port}/0"


class MongoSettings(BaseSettings):
    """The document store: MongoDB when MONGODB_URI is set, else the embedded store."""

    model_config = SettingsConfigDict(env_prefix="")
    mongodb_uri: str | None = Field(default=None, description="MONGODB_URI: a MongoDB server")
    mongodb_db: str = Field(default="docpipe", description="MONGODB_DB: database name")
    # How long one store call waits for a server to answer (pymongo's
    # serverSelectionTimeoutMS) before it fails with StoreUnavailable.
    mongodb_timeout_ms: int = Field(default=5000, gt=0, description="MONGODB_TIMEOUT_MS: server selection timeout")


class StoreSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCPIPE_STORE_")
    # Path of the embedded store's SQLite file; default var/docpipe.sqlite3.
    path: Path | None = Field(default=None, description="DOCPIPE_STORE_PATH: embedded store file")
    # How long an embedded-store write waits for SQLite's write lock before
    # it fails (StoreUnavailable, retried by the task), and the step after
    # which, and after each further step, the wait is logged and counted
    # (docpipe.store_waits).
    timeout_s: float = Field(default=60.0, gt=0, description="embedded store: longest wait for the write lock")
    wait_warn_s: float = Field(default=5.0, gt=0, description="embedded store: a write waiting this long is logged")


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCPIPE_API_")
    host: str = "127.0.0.1"
    port: int = 8000
    # Public base URL used in Location headers and event dataref.
    public_url: str | None = None
    # DOCPIPE_API_URL: where the CLI (status, submit, events) finds the API;
    # unset: the public URL, else http://HOST:PORT of these settings.
    url: str | None = None
    max_text_bytes: int = Field(default=2_000_000, description="largest accepted text, in UTF-8 bytes")
    max_batch: int = 200
    # Metadata limits (issue #15): its JSON size in bytes, its nesting depth
    # (an object or list is one level), and its keys counted at every depth.
    max_metadata_bytes: int = Field(default=65_536, gt=0)
    max_metadata_depth: int = Field(default=16, gt=0, le=200)
    max_metadata_keys: int = Field(default=1_000, gt=0)
    # A document in a non-final status for longer than this is re-enqueued.
    stuck_after_s: float = 300.0
    sweep_every_s: float = 60.0
    # /readyz asks the workers which queues they consume (a Celery broadcast
    # that waits this long for replies) at most this often; between two asks
    # it answers from the last reply.
    ready_inspect_timeout_s: float = Field(default=1.0, gt=0)
    ready_inspect_every_s: float = Field(default=3.0, ge=0)

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def client_url(self) -> str:
        if not self.url and not self.public_url and self.host in ("0.0.0.0", "::", ""):
            # An API listening everywhere answers on loopback (and accepts
            # that Host; 0.0.0.0 is not a name it answers to).
            return f"http://127.0.0.1:{self.port}"
        return (self.url or self.base_url).rstrip("/")


class AccessSettings(BaseSettings):
    """Who may call the API (services/api/access.py, README "Access control")."""

    model_config = SettingsConfigDict(env_prefix="DOCPIPE_ACCESS_", populate_by_name=True)
    required: bool | None = Field(
        default=None,
        description="DOCPIPE_ACCESS_REQUIRED: API keys required; unset: only when the API binds beyond "
        "loopback (false there refuses to start); true: on loopback too",
    )
    admin_key: SecretStr | None = Field(
        default=None,
        description="a key with every scope from the environment (the compose/k8s Secret)",
    )
    client_key: SecretStr | None = Field(
        default=None,
        alias="DOCPIPE_API_KEY",
        description="DOCPIPE_API_KEY: the key the CLI (submit, status, facts) sends",
    )
    rate_limit: str = Field(default="600/minute", description="requests per key, unless the key has its own rate")
    # A checked key is trusted this long in each API process: a revoke takes
    # effect within it, and a request costs no store read.
    verified_for_s: float = Field(default=5.0, ge=0)
    allowed_hosts: str = Field(
        default="",
        description="Host headers the API answers (comma list, *.example.com, or *); "
        "loopback names, the public URL's host and a specific bind address are always in",
    )
    cors_origins: str = Field(default="", description="origins allowed cross-origin (comma list); empty: CORS off")


class AdmissionSettings(BaseSettings):
    """Back-pressure: POST /documents answers 503 with Retry-After while a
    stage's queue holds more than max_backlog messages."""

    model_config = SettingsConfigDict(env_prefix="DOCPIPE_ADMISSION_")
    max_backlog: int = Field(default=10_000, ge=0, description="messages waiting in one stage's queue; 0: no bound")
    # The queue lengths are read at most this often per API process.
    cache_s: float = Field(default=1.0, ge=0)
    retry_after_s: int = Field(default=10, ge=1)


class WorkerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCPIPE_WORKER_")
    concurrency: int = 1
    # prefork (resources load before forking; a killed pool process requeues at once) or solo.
    pool: str = "prefork"
    # Celery task events (what Flower shows per task). Off unless someone
    # watches: `docpipe run` turns them on when it starts Flower, the compose
    # file does too, and a Flower started on its own enables them within
    # seconds (it broadcasts enable_events). They cost the message path about
    # 1 ms per hop (three extra publishes from each worker's main process).
    task_events: bool = False
    soft_time_limit_s: int = 120
    time_limit_s: int = 180
    # A stage task whose store or broker does not answer is retried for this
    # long after its first failure (docpipe.task_retry), then left for the sweep.
    retry_for_s: float = Field(default=600.0, ge=0)
    retry_backoff_max_s: int = 30


class EventSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCPIPE_EVENTS_")
    stream: str = "docpipe:events"
    # Approximate cap on stream length (XADD MAXLEN ~).
    maxlen: int = 1_000_000
    source: str = "/docpipe"
    # Readers block this long per XREAD; their socket timeout is set above it
    # (block + read_margin_s), so an idle stream is never a timeout.
    block_ms: int = Field(default=5000, ge=100, le=60_000)
    read_margin_s: float = Field(default=10.0, gt=0)
    # SSE keep-alive comment interval: proxies and clients see bytes at least
    # this often on an idle subscription.
    keepalive_s: float = Field(default=15.0, gt=0)
    # Events the API keeps in memory for its SSE subscribers (one reader per
    # process fans out); a subscriber further behind reads Redis itself.
    fanout_buffer: int = Field(default=10_000, ge=100)


class WebhookSettings(BaseSettings):
    """The `webhooks` worker: Standard Webhooks deliveries of the stream's
    events (see webhooks.py). A failed delivery is retried after
    retry_first_s, doubling up to retry_max_s (with up to 10 % jitter), for
    retry_for_s since the event was read; then it is dead (listed, re-deliverable)."""

    model_config = SettingsConfigDict(env_prefix="DOCPIPE_WEBHOOKS_")
    retry_first_s: float = Field(default=5.0, gt=0)
    retry_max_s: float = Field(default=3600.0, gt=0)
    retry_for_s: float = Field(default=26 * 3600.0, gt=0)
    timeout_s: float = Field(default=10.0, gt=0, description="one delivery attempt's HTTP timeout")
    concurrency: int = Field(default=8, ge=1, description="deliveries attempted at once per worker")
    poll_s: float = Field(default=0.5, gt=0, description="how often the sender looks for due deliveries")
    keep_delivered_s: int = Field(default=7 * 86_400, ge=60, description="how long a delivered record stays listed")


class SupervisorSettings(BaseSettings):
    """How `docpipe run` restarts its children (supervisord's autorestart,
    startretries and start timeout; see supervisor.py)."""

    model_config = SettingsConfigDict(env_prefix="DOCPIPE_SUPERVISOR_")
    # A child that dies after it was ready is always restarted, after a wait
    # of backoff_s for the first backoff_quick deaths in a row, then doubling
    # per death up to backoff_max_s; a child that stayed up backoff_reset_s
    # starts over.
    backoff_s: float = Field(default=0.5, gt=0)
    backoff_quick: int = Field(default=4, ge=0)
    backoff_max_s: float = Field(default=30.0, gt=0)
    backoff_reset_s: float = Field(default=60.0, gt=0)
    # A child that dies (or is not ready within start_timeout_s) before it was
    # ready is retried this many times in a row; then `docpipe run` exits non-zero.
    start_retries: int = Field(default=3, ge=0)
    start_timeout_s: float = Field(default=180.0, gt=0)


class FlowerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCPIPE_FLOWER_")
    port: int = 5555
    address: str = "127.0.0.1"
    basic_auth: str | None = Field(
        default=None,
        description="user:password for Flower; unset beyond loopback: admin and a generated "
        "password kept in <var>/flower/basic_auth",
    )
    # Flower's --read_only: no shutdown, pool, consumer or revoke actions.
    # Only a Flower behind basic auth may turn them on.
    read_only: bool = True
    # Flower under `docpipe run` keeps its task history in <var>/flower/flower.db
    # (--persistent); saved on shutdown and every this many seconds, so a
    # killed Flower loses at most that much.
    state_save_interval_s: float = Field(default=60.0, gt=0)


class NearDupSettings(BaseSettings):
    """Near-duplicate detection at ingest (neardup.py): the segment worker
    checks each clean text against an LSH index in the Redis of REDIS_URL."""

    model_config = SettingsConfigDict(env_prefix="DOCPIPE_NEARDUP_")
    enabled: bool = Field(default=True, description="DOCPIPE_NEARDUP_ENABLED: false turns the check off")


class ReprocessSettings(BaseSettings):
    """``docpipe reprocess`` / ``POST /admin/reprocess`` (reprocess.py): how
    fast stored documents are queued again, so new uploads are not starved."""

    model_config = SettingsConfigDict(env_prefix="DOCPIPE_REPROCESS_")
    max_queue: int = Field(
        default=20,
        ge=1,
        description=(
            "DOCPIPE_REPROCESS_MAX_QUEUE: a document is queued again only while its first stage's queue "
            "holds fewer messages than this (an upload waits behind at most this many)"
        ),
    )
    batch: int = Field(
        default=100,
        ge=1,
        description="DOCPIPE_REPROCESS_BATCH: documents read per store page, and progress written every this many",
    )
    poll_s: float = Field(default=0.2, gt=0, description="DOCPIPE_REPROCESS_POLL_S: wait between looks at a full queue")


class LogSettings(BaseSettings):
    """How the services log (see logs.py)."""

    model_config = SettingsConfigDict(env_prefix="DOCPIPE_LOG_")
    format: Literal["json", "text"] | None = Field(
        default=None,
        description="DOCPIPE_LOG_FORMAT: json or text; unset: json for docpipe api/worker, text elsewhere",
    )


@lru_cache
def paths() -> PathSettings:
    return PathSettings()


@lru_cache
def redis() -> RedisSettings:
    return RedisSettings()


@lru_cache
def mongo() -> MongoSettings:
    return MongoSettings()


@lru_cache
def store() -> StoreSettings:
    return StoreSettings()


@lru_cache
def api() -> ApiSettings:
    return ApiSettings()


@lru_cache
def access() -> AccessSettings:
    return AccessSettings()


@lru_cache
def admission() -> AdmissionSettings:
    return AdmissionSettings()


@lru_cache
def reprocess() -> ReprocessSettings:
    return ReprocessSettings()


@lru_cache
def worker() -> WorkerSettings:
    return WorkerSettings()


@lru_cache
def events() -> EventSettings:
    return EventSettings()


@lru_cache
def flower() -> FlowerSettings:
    return FlowerSettings()


@lru_cache
def webhooks() -> WebhookSettings:
    return WebhookSettings()


@lru_cache
def supervisor() -> SupervisorSettings:
    return SupervisorSettings()


@lru_cache
def logs() -> LogSettings:
    return LogSettings()


@lru_cache
def neardup() -> NearDupSettings:
    return NearDupSettings()
