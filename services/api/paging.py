"""One page of a cursor-paged list (documents, facts, entities) as JSON, with
the next page's URL in the body's ``links.next`` and a ``Link: rel="next"``
header when there is one."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import orjson
from fastapi import Request
from fastapi.responses import Response


def page_response(request: Request, path: str, items: list[Any], next_cursor: str | None) -> Response:
    """The page's JSON; the next page keeps the request's query but the cursor."""
    body: dict[str, Any] = {"items": items, "next_cursor": next_cursor, "links": {}}
    headers = {}
    if next_cursor:
        params = {k: v for k, v in request.query_params.items() if k != "cursor"}
        params["cursor"] = next_cursor
        body["links"]["next"] = f"{path}?{urlencode(params)}"
        headers["Link"] = f'<{body["links"]["next"]}>; rel="next"'
    return Response(orjson.dumps(body), media_type="application/json", headers=headers)
