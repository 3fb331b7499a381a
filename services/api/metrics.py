"""Prometheus metrics of the API process (served at GET /metrics).

The request families (``docpipe_http_requests_total``,
``docpipe_http_request_seconds``) are recorded by
prometheus-fastapi-instrumentator's middleware (``MetricsMiddleware``).

Besides the API's own request metrics, three families are read from Redis when
/metrics is scraped (``StackCollector``): the store waits, retries and
give-ups every process counted (``docpipe.store_waits``), the counts of processed and failed
documents that the workers keep there (``docpipe.taskflow.count_final``: the
workers are other processes; kept in Redis so every API replica reports the
same totals and they survive API restarts), and the depth of every stage's
Celery queue (the queue names from Celery's routing table, built from the
stage declaration in ``docpipe.pipeline``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

from prometheus_client import REGISTRY, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from prometheus_fastapi_instrumentator.metrics import Info
from prometheus_fastapi_instrumentator.middleware import PrometheusInstrumentatorMiddleware
from starlette.types import ASGIApp

log = logging.getLogger("docpipe.api")

REQUESTS = Counter("docpipe_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "docpipe_http_request_seconds",
    "HTTP request latency (to the response start)",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
DOCUMENTS_ACCEPTED = Counter(
    "docpipe_documents_accepted_total",
    "Documents accepted",
    ["result"],  # created | duplicate
)
SWEEP_REQUEUED = Counter("docpipe_sweep_requeued_total", "Stuck documents the sweep re-enqueued")


def stage_queues() -> dict[str, list[str]]:
    """Stage -> the Redis lists holding its queue's messages: the queue from
    Celery's routes, and the lists kombu's Redis transport adds for message
    priorities (``<queue>\\x06\\x16<priority>``: reprocessed documents)."""
    from docpipe.celery_app import celery_config, queue_lists, task_name
    from docpipe.pipeline import STAGE_NAMES

    routes = celery_config()["task_routes"]
    return {stage: queue_lists(routes[task_name(stage)]["queue"]) for stage in STAGE_NAMES}


class StackCollector(Collector):
    """Document counts and queue depths, read from Redis at scrape time.
    When Redis does not answer, the families are left out of that scrape
    (an error would fail the whole /metrics answer)."""

    def __init__(self, client: Any = None) -> None:
        self._client = client
        self._lock = threading.Lock()

    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                import redis

                from docpipe import settings

                self._client = redis.Redis.from_url(settings.redis().url, socket_timeout=2, socket_connect_timeout=1)
            return self._client

    @staticmethod
    def _families() -> tuple[GaugeMetricFamily, CounterMetricFamily, CounterMetricFamily, CounterMetricFamily]:
        return (
            GaugeMetricFamily("docpipe_queue_depth", "Messages waiting in each stage's queue", labels=["stage"]),
            CounterMetricFamily("docpipe_documents_processed", "Documents processed (a re-run counts again)"),
            CounterMetricFamily("docpipe_documents_failed", "Documents failed, by error code", labels=["code"]),
            CounterMetricFamily(
                "docpipe_store_waits",
                "Store writes that waited for the write lock, stage tasks retried after a store or broker error, "
                "and tasks that stopped retrying (kind: waited | retried | gave_up; stage none: outside a stage)",
                labels=["stage", "kind"],
            ),
        )

    def describe(self) -> Iterator[Metric]:
        # Registration asks for the names; without this it would collect
        # (and so connect to Redis) at import.
        yield from self._families()

    def collect(self) -> Iterator[Metric]:
        from docpipe import store_waits
        from docpipe.taskflow import final_counts

        try:
            client = self.client()
            queues = stage_queues()
            with client.pipeline(transaction=False) as pipe:
                for names in queues.values():
                    for name in names:
                        pipe.llen(name)
                lengths = pipe.execute()
            processed, failed = final_counts(client)
            waits = store_waits.counts(client)
        except Exception as exc:  # noqa: BLE001 - Redis down: leave these families out
            log.warning("metrics: Redis did not answer (%s); document counts and queue depths left out", exc)
            return
        depth, done, lost, waited = self._families()
        i = 0
        for stage, names in queues.items():
            depth.add_metric([stage], sum(lengths[i : i + len(names)]))
            i += len(names)
        done.add_metric([], processed)
        for code, n in sorted(failed.items()):
            lost.add_metric([code], n)
        for (kind, stage), n in sorted(waits.items()):
            waited.add_metric([stage, kind], n)
        yield from (depth, done, lost, waited)


STACK = StackCollector()
REGISTRY.register(STACK)


def record_request(info: Info) -> None:
    """One finished request in docpipe's two families. The latency is to the
    response start, as before: an SSE subscription's lifetime is not its latency
    (a request that failed before responding has only its whole duration)."""
    seconds = info.modified_duration_without_streaming or info.modified_duration
    LATENCY.labels(info.method, info.modified_handler).observe(seconds)
    REQUESTS.labels(info.method, info.modified_handler, info.modified_status).inc()


class MetricsMiddleware(PrometheusInstrumentatorMiddleware):
    """prometheus-fastapi-instrumentator's middleware (pure ASGI, so the SSE
    stream is not buffered; it finds the route template, mounts and the docs'
    routes included, "none" when nothing matches), recording into
    docpipe's own families (``record_request``) instead of its defaults."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app, should_group_status_codes=False, instrumentations=[record_request])
