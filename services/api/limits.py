"""Input limits enforced while the bytes arrive and before anything recursive
touches what a client sent (issue #15).

* ``BodyLimitMiddleware`` counts the bytes of every request body as the
  server hands them over: a body (with or without ``Content-Length``, JSON or
  multipart) is cut off with a 413 ``body_too_large`` problem as soon as it
  passes its route's limit; nothing beyond the limit is read or buffered.
* ``check_metadata`` walks a metadata object without recursion (a 1,000-deep
  object is a 422 ``metadata_too_deep``, never a ``RecursionError``) and
  refuses one that is too large, has too many keys, or holds an integer no
  store keeps exactly (BSON and orjson stop at 64 bits).
* ``parse_json`` reads a body with orjson and, when the body holds a digit
  run long enough to leave 64 bits, again with the standard library, which
  keeps big integers exact instead of turning them into floats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from docpipe.errors import DocpipeError, InvalidBody, UndecodableText
from docpipe.settings import ApiSettings

from .limit_errors import (
    BodyTooLarge,
    MetadataNumberOutOfRange,
    MetadataTooDeep,
    MetadataTooLarge,
    TooManyMetadataKeys,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# JSON escapes can make a body several times its text: a body that cannot
# hold an acceptable text is refused, one that can is read.
BODY_OVERHEAD = 6
BODY_SLACK = 65_536
# Bodies of routes that take no article (webhooks, corrections): small.
DEFAULT_BODY_LIMIT = 1_048_576
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def text_body_limit(api: ApiSettings) -> int:
    """The largest body ``POST /documents`` reads: one text of the largest size, escaped, plus fields."""
    return api.max_text_bytes * BODY_OVERHEAD + BODY_SLACK


def file_part_limit(api: ApiSettings) -> int:
    """The largest uploaded file: a text of the largest size in any accepted encoding."""
    return api.max_text_bytes * 2


def body_limits(api: ApiSettings) -> dict[str, int]:
    """Path -> the most bytes its body may have (every other path: ``DEFAULT_BODY_LIMIT``)."""
    one = text_body_limit(api)
    return {"/documents": one, "/documents/batch": one * 4, "/documents/files": one * 4}


class BodyLimitMiddleware:
    """Refuse a body as soon as it passes its path's limit, without buffering it.

    A declared ``Content-Length`` over the limit is answered before the app
    runs. Otherwise every ``http.request`` message is counted; the one that
    passes the limit raises ``BodyTooLarge`` inside whatever is reading the
    body (``request.body()``, the multipart parser), and whatever response the
    app then starts is replaced by the 413 problem (a framework that wraps
    body errors in its own 400 does not change the answer).
    """

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        limits: dict[str, int] | None = None,
        default: int = DEFAULT_BODY_LIMIT,
    ) -> None:
        self.app = app
        self.limits = limits if limits is not None else body_limits(_api_settings())
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = self.limits.get(path.rstrip("/") or "/", self.default)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_problem(send, _too_large(declared, limit, path), path, close=True)
            return
        received = 0
        exceeded: BodyTooLarge | None = None
        answered = False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            if exceeded is not None:
                raise exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = _too_large(None, limit, path)
                    raise exceeded
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal answered
            if exceeded is None:
                await send(message)
                return
            if not answered and message["type"] == "http.response.start":
                answered = True
                await _send_problem(send, exceeded, path, close=True)
            # the app's own answer to the cut-off body is dropped

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            if answered:
                return
            answered = True
            await _send_problem(send, exceeded or _too_large(None, limit, path), path, close=True)


def _api_settings() -> ApiSettings:
    from docpipe import settings

    return settings.api()


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


def _too_large(declared: int | None, limit: int, path: str) -> BodyTooLarge:
    size = f"{declared} bytes" if declared is not None else f"more than {limit} bytes"
    return BodyTooLarge(f"the body of {path} is {size}; the limit is {limit}", limit=limit)


async def _send_problem(send: Send, exc: DocpipeError, path: str, close: bool) -> None:
    from .problems import PROBLEM_JSON, problem_body

    body = orjson.dumps(problem_body(exc, path))
    headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
    if close:  # the rest of the body is never read: the connection cannot carry another request
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --- JSON bodies and metadata ------------------------------------------------

# A digit run that may be an integer beyond 64 bits (orjson reads those as floats).
_LONG_DIGITS = re.compile(rb"[0-9]{19}")


def parse_json(body: bytes) -> Any:
    """Bytes to JSON, with a distinct code for bytes that are not UTF-8;
    integers of any size come back exact."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableText(f"the request body is not valid UTF-8 (byte {exc.start})") from None
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidBody(f"the request body is not valid JSON: {exc}") from None
    if _LONG_DIGITS.search(body):
        # orjson turned any integer past 64 bits into a float; the standard
        # library keeps it exact (orjson has already refused what is not
        # strict JSON; a structure too deep for it keeps orjson's reading).
        try:
            obj = json.loads(body)
        except (RecursionError, ValueError):
            pass
    return obj


def check_metadata(value: Any, api: ApiSettings) -> None:
    """Refuse metadata over the limits, without recursion (raises DocpipeError)."""
    if value is None:
        return
    keys = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list) and depth > api.max_metadata_depth:
            raise MetadataTooDeep(
                f"metadata is nested more than {api.max_metadata_depth} levels deep", limit=api.max_metadata_depth
            )
        if isinstance(node, dict):
            keys += len(node)
            if keys > api.max_metadata_keys:
                raise TooManyMetadataKeys(
                    f"metadata has more than {api.max_metadata_keys} keys (counted at every depth)",
                    limit=api.max_metadata_keys,
                )
            for k, v in node.items():
                if "\x00" in k:
                    # MongoDB (BSON) cannot store a NUL in a key; refused on
                    # every engine, so what one store accepts all accept.
                    raise InvalidBody(f"metadata keys cannot contain a NUL character ({k!r})")
                stack.append((v, depth + 1))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
        elif isinstance(node, int) and not isinstance(node, bool) and not INT64_MIN <= node <= INT64_MAX:
            raise MetadataNumberOutOfRange(
                f"metadata holds the integer {str(node)[:40]}, outside the 64-bit range no store keeps "
                "exactly; send it as a string"
            )
    size = len(orjson.dumps(value))  # safe: the depth is bounded above
    if size > api.max_metadata_bytes:
        raise MetadataTooLarge(
            f"metadata is {size} bytes as JSON; the limit is {api.max_metadata_bytes}", limit=api.max_metadata_bytes
        )
