"""X-Request-ID: taken from the client (or made), put in the log context for
the request (``docpipe.logs``), echoed on every response, problems included,
and carried into the Celery message of every stage the request enqueues (a
message header; see ``docpipe.logs.propagate_request_id``).

Pure ASGI (no BaseHTTPMiddleware: it would buffer the SSE stream).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import MutableMapping
from typing import Any

from docpipe import logs
from docpipe.errors import DocpipeError

from .problems import problem_response

HEADER = b"x-request-id"
# What is echoed and logged as given: ids of the usual shapes (UUIDs, hex,
# trace ids); anything else (too long, spaces, control characters) is
# replaced by a new id rather than reflected into headers and logs.
_VALID = re.compile(r"^[A-Za-z0-9._:/+=@-]{1,128}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def client_request_id(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers") or ():
        if name.lower() == HEADER:
            text = value.decode("latin-1").strip()
            return text if _VALID.match(text) else None
    return None


class RequestIdMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app
        logs.propagate_request_id()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = client_request_id(scope) or new_request_id()
        scope.setdefault("state", {})["request_id"] = rid  # request.state.request_id in a route
        # Not reset afterwards: the context belongs to this request's task,
        # and the 500 handler (Starlette's ServerErrorMiddleware, outside
        # every added middleware) logs after this returns.
        logs.request_id.set(rid)
        started = False

        async def send_with_id(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != HEADER]
                headers.append((HEADER, rid.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            if not started:
                # ServerErrorMiddleware answers an unhandled error itself,
                # past this middleware; answer here first (the same problem
                # as problems.install's handler) so the 500 carries the id.
                # It still calls its handler (which logs the error once) and
                # sees the response started, so sends nothing more.
                response = problem_response(DocpipeError(f"{type(exc).__name__}: {exc}"), scope.get("path"))
                await response(scope, receive, send_with_id)
            raise
