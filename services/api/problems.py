"""One table of error codes, rendered as RFC 9457 problem details.

Every error the API returns is ``application/problem+json`` with ``type``,
``title``, ``status``, ``detail``, ``instance`` and the extension member
``code`` (stable: what clients and tests match on). The codes come from
``docpipe.errors`` (shared with the CLI) plus the few that only HTTP has.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from docpipe import errors
from docpipe.corrections import ERRORS as CORRECTION_ERRORS
from docpipe.errors import DocpipeError
from docpipe.reprocess import ERRORS as REPROCESS_ERRORS
from docpipe.webhooks import ERRORS as WEBHOOK_ERRORS

from .limit_errors import ERRORS as LIMIT_ERRORS

PROBLEM_JSON = "application/problem+json"


class RouteNotFound(DocpipeError):
    code, status, title = "not_found", 404, "No such resource"


class MethodNotAllowed(DocpipeError):
    code, status, title = "method_not_allowed", 405, "Method not allowed on this resource"


class InvalidQuery(DocpipeError):
    code, status, title = "invalid_query", 422, "A query parameter is not valid"


class InvalidEventId(DocpipeError):
    code, status, title = "invalid_event_id", 400, "Last-Event-ID is not a stream id"


class IdempotencyKeyConflict(DocpipeError):
    code, status, title = "idempotency_key_conflict", 409, "The Idempotency-Key was used for another document"


class BatchTooLarge(DocpipeError):
    code, status, title = "batch_too_large", 413, "Too many documents in one batch"


class MalformedRequest(DocpipeError):
    code, status, title = "malformed_request", 400, "The request is not valid HTTP"


class NotReady(DocpipeError):
    code, status, title = "not_ready", 503, "A dependency is unreachable"


class UnknownMeasure(DocpipeError):
    code, status, title = "unknown_measure", 422, "No canonical measure and no stored fact has this measure"


class InvertedRange(DocpipeError):
    code, status, title = "inverted_range", 422, "A range's start is after its end"


class UnknownFormat(DocpipeError):
    code, status, title = "unknown_format", 422, "No such export format (csv, jsonl, parquet)"


class EntityNotFound(DocpipeError):
    code, status, title = "entity_not_found", 404, "No document names this entity"


class HeaderedProblem(DocpipeError):
    """A problem that also sets response headers (``WWW-Authenticate``, ``Retry-After``)."""

    def __init__(self, message: str | None = None, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(message, **extra)
        self.headers = headers or {}


class Unauthorized(HeaderedProblem):
    code, status, title = "unauthorized", 401, "An API key is required"


class Forbidden(DocpipeError):
    code, status, title = "forbidden", 403, "The API key does not have the scope this needs"


class RateLimited(HeaderedProblem):
    code, status, title = "rate_limited", 429, "Too many requests for this API key"


class Overloaded(HeaderedProblem):
    code, status, title = "overloaded", 503, "Too much work is waiting; retry later"


class InvalidHost(DocpipeError):
    code, status, title = "invalid_host", 400, "The Host header is not one this API answers to"


class CrossOrigin(DocpipeError):
    code, status, title = "cross_origin", 403, "A write from another site's page is refused"


# code -> (HTTP status, title): the one table (GET /problems lists it).
PROBLEMS: dict[str, tuple[int, str]] = {
    cls.code: (cls.status, cls.title)
    for cls in (
        errors.EmptyText,
        errors.TextTooLarge,
        errors.UnsupportedMediaType,
        errors.InvalidBody,
        errors.UndecodableText,
        errors.DocumentNotFound,
        errors.InvalidCursor,
        errors.StoreUnavailable,
        errors.BrokerUnavailable,
        RouteNotFound,
        MethodNotAllowed,
        InvalidQuery,
        InvalidEventId,
        MalformedRequest,
        IdempotencyKeyConflict,
        BatchTooLarge,
        NotReady,
        UnknownMeasure,
        InvertedRange,
        UnknownFormat,
        Unauthorized,
        Forbidden,
        RateLimited,
        Overloaded,
        InvalidHost,
        CrossOrigin,
        EntityNotFound,
        *LIMIT_ERRORS,
        *WEBHOOK_ERRORS,
        *REPROCESS_ERRORS,
        *CORRECTION_ERRORS,
        DocpipeError,
    )
}


def problem_body(exc: DocpipeError, instance: str | None = None) -> dict[str, Any]:
    status, title = PROBLEMS.get(exc.code, (exc.status, exc.title))
    body: dict[str, Any] = {
        "type": f"/problems/{exc.code}",
        "title": title,
        "status": status,
        "detail": exc.message,
        "code": exc.code,
    }
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in exc.extra.items() if k not in body})
    return body


def problem_response(exc: DocpipeError, instance: str | None = None, headers: dict[str, str] | None = None) -> Response:
    body = problem_body(exc, instance)
    try:
        content = orjson.dumps(body)
    except orjson.JSONEncodeError:
        # An extension member orjson cannot write (a client's integer past
        # 64 bits echoed in span_out_of_range): the standard library can; the
        # refusal stays a problem, not a 500.
        import json

        content = json.dumps(body, ensure_ascii=False, default=str).encode()
    return Response(content, status_code=body["status"], media_type=PROBLEM_JSON, headers=headers)


def _validation_detail(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    items = []
    for e in exc.errors():
        items.append({"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")})
    summary = "; ".join(f"{'.'.join(i['loc'])}: {i['msg']}" for i in items[:5])
    return summary or "the request is not valid", items


def documented_methods(request: Request, literal_only: bool = False) -> set[str]:
    """The methods the OpenAPI document gives this path: the path's own entry
    when it has one (/documents/batch, not /documents/{doc_id}), else those of
    the templates it matches segment by segment (none with ``literal_only``)."""
    paths = request.app.openapi().get("paths", {})
    path = request.url.path.rstrip("/") or "/"
    items = [paths[path]] if path in paths else []
    if not items and not literal_only:
        segments = path.split("/")
        for template, item in paths.items():
            parts = template.split("/")
            if len(parts) == len(segments) and all(
                p == s or (p.startswith("{") and s) for p, s in zip(parts, segments, strict=True)
            ):
                items.append(item)
    methods = {m.upper() for item in items for m in item}
    return methods | ({"HEAD"} if "GET" in methods else set())


def install(app: FastAPI) -> None:
    """Route every error through the table."""

    @app.exception_handler(DocpipeError)
    async def _docpipe(request: Request, exc: DocpipeError) -> Response:
        return problem_response(exc, request.url.path, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if exc.errors() and all(e.get("loc", ("",))[0] == "path" for e in exc.errors()):
            # GET /documents/batch matched /documents/{doc_id}; but /documents/batch
            # is a path of its own (POST only): a wrong method, not a bad id.
            literal = documented_methods(request, literal_only=True)
            if literal and request.method not in literal:
                allow = ", ".join(sorted(literal))
                return problem_response(
                    MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}; allowed: {allow}"),
                    request.url.path,
                    headers={"Allow": allow},
                )
        summary, items = _validation_detail(exc)
        in_query = any(e.get("loc", ("",))[0] in ("query", "header", "path") for e in exc.errors())
        cls = InvalidQuery if in_query else errors.InvalidBody
        return problem_response(cls(summary, errors=items), request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        err: DocpipeError
        if exc.status_code == 404:
            err = RouteNotFound(str(exc.detail) if exc.detail != "Not Found" else f"no resource at {request.url.path}")
        elif exc.status_code == 405:
            # RFC 9110: a 405 lists the allowed methods. Starlette's names only the
            # first route of the path (POST of /documents, not GET): add the document's.
            given = (exc.headers or {}).get("Allow", "")
            allow = ", ".join(sorted({m.strip() for m in given.split(",") if m.strip()} | documented_methods(request)))
            err = MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}; allowed: {allow}")
            return problem_response(err, request.url.path, headers={"Allow": allow})
        else:
            body = {
                "type": "about:blank",
                "title": str(exc.detail),
                "status": exc.status_code,
                "code": "http_error",
                "instance": request.url.path,
            }
            return Response(orjson.dumps(body), status_code=exc.status_code, media_type=PROBLEM_JSON)
        return problem_response(err, request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        import logging

        logging.getLogger("docpipe.api").exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(DocpipeError(f"{type(exc).__name__}: {exc}"), request.url.path)
