"""The API's contract as OpenAPI states it: response models of every route,
the request bodies the routes read themselves, and the problem responses each
operation can answer with.

The routes send their own JSON (orjson ``Response`` objects), so a
``response_model`` made of these models documents what they send and changes
nothing on the wire; tests/integration/test_openapi_client.py generates a
client from /openapi.json and runs the README tour with it, which checks the
two agree. Problem responses come from the one table in ``problems.py``: an
operation names the errors it raises, and their status, title and code are
read from the table. ``install_openapi`` finishes the document FastAPI
generates: it drops FastAPI's own 422 (the API answers problem+json, never
``HTTPValidationError``), adds the models only ``openapi_extra`` refers to,
puts the examples back (``carry``) and names each example problem's
``instance``. The example values are in ``openapi_examples.py``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any, Literal

from fastapi import FastAPI
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel, ConfigDict, Field, RootModel, create_model
from pydantic.json_schema import models_json_schema
from starlette.responses import Response

from docpipe.document import Document, StageError, Status
from docpipe.errors import DocpipeError

from . import openapi_examples as ex
from .accept import Accepted, DocumentIn
from .problems import (
    PROBLEM_JSON,
    PROBLEMS,
    CrossOrigin,
    Forbidden,
    InvalidHost,
    MalformedRequest,
    NotReady,
    RateLimited,
    Unauthorized,
)

REF = "#/components/schemas/{model}"
JSON = "application/json"
# FastAPI renders the document with exclude_none, which would drop every
# null from an example ("error": null, "next_cursor": null); examples travel
# as a JSON string under this key and install_openapi puts them back.
_CARRIED = "x-docpipe-examples"


def carry(example: Any = None, examples: dict[str, dict[str, Any]] | None = None) -> dict[str, str]:
    """A media type's example(s), packed to survive FastAPI's rendering."""
    packed: dict[str, Any] = {}
    if example is not None:
        packed["example"] = example
    if examples:
        packed["examples"] = examples
    return {_CARRIED: json.dumps(packed, ensure_ascii=False)}


# --- problems -----------------------------------------------------------------


class ValidationIssue(BaseModel):
    """One field that failed validation."""

    loc: list[str] = Field(description="where: `text`, `metadata.source`, `query.limit`, …")
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details, sent as `application/problem+json`. `code` is
    stable (GET /problems lists every code); other members may be added for a
    code (those below are the ones in use)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="`/problems/<code>`: the code's entry in the table (GET it)")
    title: str = Field(description="the code's title: the same for every problem with this code")
    status: int = Field(description="the HTTP status; in a batch or upload item, the status the item alone would get")
    detail: str | None = Field(None, description="what went wrong with this request, for people")
    instance: str | None = Field(None, description="the request path (absent in a batch or upload item)")
    code: str = Field(description="the stable error code clients match on")
    errors: list[ValidationIssue] | None = Field(
        None, description="`invalid_body`, `invalid_query`: each field that failed"
    )
    limit: int | None = Field(None, description="`text_too_large` (bytes), `batch_too_large` (documents): the limit")
    expected: str | None = Field(None, description="`unsupported_media_type`: the content type to send")
    document_id: str | None = Field(None, description="`idempotency_key_conflict`: the document the key is bound to")


class StageQueue(BaseModel):
    queue: str = Field(description="the stage's Celery queue")
    consumers: int | None = Field(description="live workers consuming it; null when the broker could not be asked")


class SupervisorState(BaseModel):
    """Under `docpipe run`: the supervisor and its children (restarts, last death)."""

    model_config = ConfigDict(extra="allow")

    pid: int | None
    children: dict[str, Any]


class NotReadyProblem(Problem):
    """`not_ready`: which check failed."""

    checks: dict[str, bool] = Field(description="redis, store and each stage: true when it answers / has a consumer")
    stages: dict[str, StageQueue]
    supervisor: SupervisorState | None = None


# Codes with a schema of their own (the others are a plain Problem).
PROBLEM_MODELS: dict[str, type[Problem]] = {NotReady.code: NotReadyProblem}
# Any request can get these: the HTTP parser's refusal (before any route), an
# unexpected error, and access control's answers (access.py; the probes,
# /metrics and /problems never give those, but are documented alike).
COMMON_ERRORS: tuple[type[DocpipeError], ...] = (
    MalformedRequest,
    DocpipeError,
    Unauthorized,
    Forbidden,
    CrossOrigin,
    RateLimited,
    InvalidHost,
)
# Answered by the HTTP protocol before a route sees the request: no instance.
NO_INSTANCE = frozenset({MalformedRequest.code})
_INSTANCE = "{path}"


def example_problem(code: str, details: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    status, title = PROBLEMS[code]
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "detail": title,
        "code": code,
    }
    if code not in NO_INSTANCE:
        body["instance"] = _INSTANCE  # the operation's path, filled in by install_openapi
    body.update(copy.deepcopy((details or {}).get(code) or ex.PROBLEM_DETAILS.get(code, {})))
    return body


def problem_responses(
    *raised: type[DocpipeError], details: dict[str, dict[str, Any]] | None = None
) -> dict[int | str, dict[str, Any]]:
    """The problem responses of an operation that raises ``raised`` (plus
    COMMON_ERRORS), one per status, each listing its codes; ``details``
    replaces a code's example detail for this operation. A class whose code
    is not in the table fails here, at import."""
    by_status: dict[int, list[str]] = {}
    for cls in (*raised, *COMMON_ERRORS):
        status, _title = PROBLEMS[cls.code]
        codes = by_status.setdefault(status, [])
        if cls.code not in codes:
            codes.append(cls.code)
    return {status: _problem_response(codes, details) for status, codes in sorted(by_status.items())}


def _problem_response(codes: list[str], details: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
    models = {PROBLEM_MODELS.get(code, Problem) for code in codes}
    model = models.pop() if len(models) == 1 else Problem
    return {
        "description": "; ".join(f"`{code}`: {PROBLEMS[code][1]}" for code in codes),
        "content": {
            PROBLEM_JSON: {
                "schema": {"$ref": REF.format(model=model.__name__)},
                **carry(
                    examples={
                        code: {"summary": PROBLEMS[code][1], "value": example_problem(code, details)} for code in codes
                    }
                ),
            }
        },
    }


class ProblemEntry(BaseModel):
    status: int
    title: str


class ProblemTable(RootModel[dict[str, ProblemEntry]]):
    """Every error code the API answers with -> its status and title."""


class ProblemCode(BaseModel):
    code: str
    status: int
    title: str


# --- documents ----------------------------------------------------------------


class StatusLinks(BaseModel):
    self: str


class DocumentStatus(BaseModel):
    """GET /documents/{id}: where the document is in the pipeline; `document`
    once it is processed (with `?fields=`, only `id` and those fields)."""

    id: str
    status: Status
    title: str | None
    published_at: str | None
    pipeline_version: str | None
    stages: dict[str, str] = Field(description="stage -> the pipeline version whose output is stored")
    timings_ms: dict[str, float] = Field(description="stage -> milliseconds it took")
    error: StageError | None = Field(description="why the document failed (status `failed`)")
    created_at: str | None
    updated_at: str | None
    links: StatusLinks
    document: Document | None = Field(None, description="the processed document (absent until `processed`)")


class DocumentSummary(BaseModel):
    id: str
    status: Status
    pipeline_version: str | None
    title: str | None
    published_at: str | None
    source_url: str | None
    entity_count: int | None = Field(description="null until the extract stage has run")
    metric_count: int | None = Field(description="null until the normalize stage has run")
    created_at: str
    updated_at: str


class PageLinks(BaseModel):
    next: str | None = Field(
        None, description='the next page (absent on the last one); also a `Link: rel="next"` header'
    )


class DocumentPage(BaseModel):
    """GET /documents: one page, newest first."""

    items: list[DocumentSummary]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last one")
    links: PageLinks


def _optional_fields(model: type[BaseModel]) -> dict[str, Any]:
    return {
        # A field's annotation is a type (None only for fields without one).
        name: (info.annotation | None, Field(None, description=info.description))  # type: ignore[operator]
        for name, info in model.model_fields.items()
    }


# A batch or upload item: the fields of Accepted (derived, so the two stay
# one) when it was accepted, a problem when it was not.
ItemResult = create_model(
    "ItemResult",
    __doc__="One item of a batch or upload: accepted (`http_status` 202 and the fields of a single POST's answer) "
    "or refused (`problem`); one item's refusal affects no other item.",
    item=(int | str, Field(description="the item's index in `documents`, or the uploaded file's name")),
    http_status=(int, Field(description="202, or the status of the item's problem")),
    **_optional_fields(Accepted),
    problem=(Problem | None, Field(None, description="why the item was refused")),
)


class BatchResult(BaseModel):
    accepted: int
    rejected: int
    items: list[ItemResult]  # type: ignore[valid-type]


class DocumentBatch(BaseModel):
    """Request body of POST /documents/batch. Each item is validated on its
    own: a bad item is a problem in its result, not a refusal of the batch."""

    # Items are declared as "a DocumentIn, or anything": the batch takes
    # anything there and answers each item on its own (a bad item is a
    # problem in its slot of a 200), so no item makes the request invalid.
    documents: list[DocumentIn] = Field(
        description="at most DOCPIPE_API_MAX_BATCH items, each a DocumentIn; an item that is not one is refused "
        "in its own result",
        json_schema_extra={"items": {"anyOf": [{"$ref": "#/components/schemas/DocumentIn"}, {}]}},
    )


class FileUpload(BaseModel):
    """Request body of POST /documents/files (multipart/form-data)."""

    files: list[bytes] = Field(
        min_length=1,
        description="one part per .txt file (with a filename), UTF-8, GB18030, Big5 or UTF-16/32 (detected per file)",
    )


# --- operations ---------------------------------------------------------------


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    checks: dict[str, bool] = Field(description="redis, store and each stage: all true")
    stages: dict[str, StageQueue]
    supervisor: SupervisorState | None = Field(None, description="under `docpipe run` only")


class EventStream(Response):
    """Declares `text/event-stream` in the document (the route sends sse-starlette's response)."""

    media_type = "text/event-stream"


class PrometheusText(Response):
    """Declares the Prometheus text format in the document (the route sends it itself)."""

    media_type = CONTENT_TYPE_LATEST


# --- building blocks for the route decorators ------------------------------------------


def ok(
    status: int = 200,
    example: Any = None,
    *,
    examples: dict[str, dict[str, Any]] | None = None,
    media_type: str = JSON,
    description: str | None = None,
    headers: dict[str, Any] | None = None,
) -> dict[int | str, dict[str, Any]]:
    """The success response's example(s) (its schema comes from
    ``response_model`` or the response class)."""
    response: dict[str, Any] = {"content": {media_type: carry(example, examples)}}
    if description:
        response["description"] = description
    if headers:
        response["headers"] = headers
    return {status: response}


def header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "string"}}


def request_body(model: type[BaseModel], example: Any, media_type: str = JSON, **extra: Any) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads its body itself."""
    return {
        "requestBody": {
            "required": True,
            "content": {media_type: {"schema": {"$ref": REF.format(model=model.__name__)}, **carry(example), **extra}},
        }
    }


# Models only ``openapi_extra`` refers to (FastAPI does not see them), with
# the mode their schema is for.
EXTRA_COMPONENTS: tuple[tuple[type[BaseModel], Literal["validation", "serialization"]], ...] = (
    (Problem, "serialization"),
    (NotReadyProblem, "serialization"),
    (DocumentIn, "validation"),
    (DocumentBatch, "validation"),
    (FileUpload, "validation"),
)


def install_openapi(app: FastAPI) -> None:
    """Finish the document FastAPI generates (once per generation)."""
    generate: Callable[[], dict[str, Any]] = app.openapi
    finished: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        doc = generate()
        if not finished or finished[0] is not doc:
            finish(doc)
            finished[:] = [doc]
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


def finish(doc: dict[str, Any]) -> None:
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for path, item in doc.get("paths", {}).items():
        instance = path.format(**ex.PATH_PARAMS)
        for operation in item.values():
            responses = operation.get("responses", {})
            for status in [s for s, r in responses.items() if _refers(r, "HTTPValidationError")]:
                del responses[status]
            bodies = [*responses.values(), operation.get("requestBody", {})]
            for content in (c for body in bodies for c in body.get("content", {}).values()):
                if _CARRIED in content:
                    content.update(json.loads(content.pop(_CARRIED)))
            for response in responses.values():
                for example in response.get("content", {}).get(PROBLEM_JSON, {}).get("examples", {}).values():
                    if example["value"].get("instance") == _INSTANCE:
                        example["value"]["instance"] = instance
    if not _refers(doc.get("paths", {}), "HTTPValidationError"):
        schemas.pop("HTTPValidationError", None)
        if not _refers(doc, "ValidationError"):
            schemas.pop("ValidationError", None)
    _, top = models_json_schema(list(EXTRA_COMPONENTS), ref_template=REF)
    for name, schema in top.get("$defs", {}).items():
        # A model FastAPI has already put there (Problem, through ItemResult)
        # keeps FastAPI's rendering; the same name for other fields is a clash.
        known = schemas.setdefault(name, schema)
        if set(known.get("properties", {})) != set(schema.get("properties", {})):
            raise RuntimeError(f"two different schemas named {name} in the OpenAPI document")
    # The batch limit is a setting: the document states the one in force (more is batch_too_large).
    from docpipe import settings

    for name, prop in (("DocumentBatch", "documents"), ("FileUpload", "files")):
        if name in schemas:
            schemas[name]["properties"][prop]["maxItems"] = settings.api().max_batch


def _refers(obj: Any, name: str) -> bool:
    return f'"{REF.format(model=name)}"' in json.dumps(obj)
