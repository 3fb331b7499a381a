"""Log lines of the API, the workers and the service commands.

One JSON object per line (python-json-logger) with ``time`` (RFC 3339, UTC),
``level``, ``logger``, ``message`` and, when known, ``request_id``,
``document_id`` and ``stage``; or the same as text (``DOCPIPE_LOG_FORMAT=text``).
The default is JSON for the services (``docpipe api``, ``docpipe worker``) and
text elsewhere.

The three ids live in context variables: the API sets the request id per
request (``services/api/request_id.py``), ``accept`` the document id, a worker
all three per task; a filter on the handler copies them onto every record, so
library loggers (uvicorn, Celery) carry them too.

The request id crosses the broker as a message header (``REQUEST_ID_HEADER``,
added by a ``before_task_publish`` receiver from the context), not as a task
argument: a running worker of the previous version still accepts the message.

Article text is never logged: messages name documents by id.
"""

from __future__ import annotations

import contextvars
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("docpipe_request_id", default=None)
document_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("docpipe_document_id", default=None)
stage: contextvars.ContextVar[str | None] = contextvars.ContextVar("docpipe_stage", default=None)
CONTEXT: dict[str, contextvars.ContextVar[str | None]] = {
    "request_id": request_id,
    "document_id": document_id,
    "stage": stage,
}
# The Celery message header carrying the request id to the workers.
REQUEST_ID_HEADER = "docpipe_request_id"
FORMATS = ("json", "text")


class ContextFilter(logging.Filter):
    """Copies the known ids onto a record (unless the call passed its own)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in CONTEXT.items():
            value = var.get()
            if value is not None and getattr(record, name, None) is None:
                setattr(record, name, value)
        return True


def _rfc3339(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonLines(JsonFormatter):
    """python-json-logger's formatter with docpipe's field names."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            # uvicorn's copy of each message with terminal colours: noise in a log file.
            reserved_attrs=[*RESERVED_ATTRS, "color_message"],
            json_ensure_ascii=False,
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        return _rfc3339(record.created)


class TextLines(logging.Formatter):
    """``time level logger [request_id document_id stage] message``; the
    bracket holds only the ids that are known."""

    def format(self, record: logging.LogRecord) -> str:
        ids = [f"{name}={getattr(record, name)}" for name in CONTEXT if getattr(record, name, None)]
        line = f"{_rfc3339(record.created)} {record.levelname} {record.name} "
        if ids:
            line += f"[{' '.join(ids)}] "
        line += record.getMessage()
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


def formatter(fmt: str) -> logging.Formatter:
    if fmt not in FORMATS:
        raise ValueError(f"DOCPIPE_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return JsonLines() if fmt == "json" else TextLines()


def chosen_format(service: bool) -> str:
    """DOCPIPE_LOG_FORMAT, else json for a service and text for the rest."""
    from . import settings

    return settings.logs().format or ("json" if service else "text")


# Loggers that come with handlers of their own (uvicorn's logging config):
# emptied and sent up to the root handler, so every line has one format.
_OWN_HANDLERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


class _Handler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler configure() installs (so a second call replaces only it)."""


def configure(
    *, service: bool = True, level: str | int = "INFO", fmt: str | None = None, stream: Any = None
) -> logging.Handler:
    """Send every log record to ``stream`` (stderr) in the chosen format,
    with the context ids. Safe to call again (replaces its own handler only,
    so a test runner's handlers stay)."""
    handler = _Handler(stream or sys.stderr)
    handler.setFormatter(formatter(fmt or chosen_format(service)))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Handler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
    logging.captureWarnings(True)  # warnings.warn(...) becomes a log line too (logger py.warnings)
    for name in _OWN_HANDLERS:
        lg = logging.getLogger(name)
        lg.handlers.clear()
        lg.propagate = True
    return handler


@contextmanager
def bound(**ids: str | None) -> Iterator[None]:
    """Set some of request_id, document_id, stage for the block."""
    tokens = bind(**ids)
    try:
        yield
    finally:
        unbind(tokens)


def bind(**ids: str | None) -> list[tuple[contextvars.ContextVar[str | None], contextvars.Token[str | None]]]:
    unknown = set(ids) - set(CONTEXT)
    if unknown:
        raise ValueError(f"unknown log context {sorted(unknown)}")
    return [(CONTEXT[name], CONTEXT[name].set(value)) for name, value in ids.items()]


def unbind(tokens: list[tuple[contextvars.ContextVar[str | None], contextvars.Token[str | None]]]) -> None:
    for var, token in reversed(tokens):
        var.reset(token)


# -- the request id across the broker ------------------------------------------------


def _add_request_id_header(headers: dict[str, Any] | None = None, **_: Any) -> None:
    rid = request_id.get()
    if rid is not None and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, rid)


def propagate_request_id() -> None:
    """Every message this process publishes while a request id is known
    carries it as a header (idempotent)."""
    from celery import signals

    signals.before_task_publish.connect(_add_request_id_header, weak=False, dispatch_uid="docpipe-request-id")
