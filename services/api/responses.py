"""What the JSON routes share: a JSON response, a small JSON request body
(its content type and size checked before it is parsed) and a date query
parameter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from fastapi import Request
from starlette.responses import Response

from docpipe.errors import InvalidBody, UnsupportedMediaType

from .limits import parse_json
from .problems import InvalidQuery


def json_response(obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(obj), status_code=status, media_type="application/json", headers=headers)


async def small_json_body(request: Request, max_body: int, limit_words: str) -> Any:
    """The request's JSON body: application/json of at most ``max_body``
    bytes (refused as ``the body is N bytes; <limit_words> <max_body>``)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise UnsupportedMediaType(f"send application/json, not {ctype or 'no content type'}")
    body = await request.body()
    if len(body) > max_body:
        raise InvalidBody(f"the body is {len(body)} bytes; {limit_words} {max_body}")
    return parse_json(body)


def query_date(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD query parameter, or None when it is not given."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidQuery(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None
