"""Document routes: accept (one, a batch, uploaded files), read one, list."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request
from starlette.responses import Response

from docpipe.document import ENTITY_TYPES, Document, Status
from docpipe.errors import (
    DocpipeError,
    DocumentNotFound,
    EmptyText,
    InvalidBody,
    InvalidCursor,
    StoreUnavailable,
    TextTooLarge,
    UndecodableText,
    UnsupportedMediaType,
)
from docpipe.ingest import decode_bytes, new_document
from docpipe.store.base import DocumentQuery
from docpipe.store.common import decode_cursor

from .. import metrics
from .. import openapi_examples as ex
from ..accept import Accepted, DocumentIn, accept, item_problem, parse_json, to_document
from ..deps import ApiSettingsDep, BackboneDep, StoreDep
from ..export import DOCUMENT_COLUMNS, check_format, export_response, iter_pages, with_exports
from ..limits import (
    BodyTooLarge,
    MetadataNumberOutOfRange,
    MetadataTooDeep,
    MetadataTooLarge,
    TooManyMetadataKeys,
    file_part_limit,
)
from ..paging import page_response
from ..params import EntityType, Format, PublishedFrom, PublishedTo
from ..problems import BatchTooLarge, IdempotencyKeyConflict, InvalidQuery, Overloaded, UnknownFormat
from ..responses import json_response as _json
from ..responses import query_date as _date
from ..schemas import (
    BatchResult,
    DocumentBatch,
    DocumentPage,
    DocumentStatus,
    FileUpload,
    header,
    ok,
    problem_responses,
    request_body,
)
from ..uploads import read_files
from .corrections import read_corrected

router = APIRouter(tags=["documents"])
log = logging.getLogger("docpipe.api")

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=255, description="retries with the same key return the same document"),
]
DOC_ID = r"^[0-9a-f]{8,64}$"
METADATA_PROBLEMS = (MetadataTooLarge, MetadataTooDeep, TooManyMetadataKeys, MetadataNumberOutOfRange)


def _require_media_type(request: Request, expected: str) -> None:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != expected:
        raise UnsupportedMediaType(f"send {expected}, not {ctype or 'no content type'}", expected=expected)


def _accepted_response(result: Accepted) -> Response:
    metrics.DOCUMENTS_ACCEPTED.labels("created" if result.created else "duplicate").inc()
    return _json(result.model_dump(), status=202, headers={"Location": result.location})


@router.post(
    "/documents",
    status_code=202,
    response_model=Accepted,
    operation_id="submit_document",
    summary="Accept one article",
    description="JSON `{text, title?, source_url?, published_at?, metadata?}`. The id is a hash of the text: "
    "the same text again returns the same id and is not processed twice; new metadata with it updates the "
    "document (`updated`, and `reprocessing` when stages re-run).",
    responses={
        **ok(
            202,
            examples={
                "created": {"summary": "a new article", "value": ex.ACCEPTED},
                "resubmitted": {"summary": "the same text with a new published_at", "value": ex.ACCEPTED_AGAIN},
            },
            headers={"Location": header("the document's URL, /documents/{id}")},
        ),
        **problem_responses(
            EmptyText,
            InvalidBody,
            UndecodableText,
            InvalidQuery,
            TextTooLarge,
            BodyTooLarge,
            *METADATA_PROBLEMS,
            UnsupportedMediaType,
            IdempotencyKeyConflict,
            StoreUnavailable,
            Overloaded,
        ),
    },
    openapi_extra=request_body(DocumentIn, ex.DOCUMENT_IN),
)
async def post_document(
    request: Request, backbone: BackboneDep, api: ApiSettingsDep, idempotency_key: IdempotencyKey = None
) -> Response:
    _require_media_type(request, "application/json")
    # The body's size is bounded while it arrives (limits.BodyLimitMiddleware).
    doc = to_document(parse_json(await request.body()), api)
    result = await asyncio.to_thread(accept, backbone, doc, idempotency_key)
    return _accepted_response(result)


@router.post(
    "/documents/batch",
    response_model=BatchResult,
    operation_id="submit_batch",
    summary="Accept many articles; one result per item",
    description="JSON `{documents: [{text, ...}, ...]}`. Each item is accepted or refused on its own; "
    "an item's refusal is a problem object in its result and affects no other item.",
    responses={
        **ok(200, ex.BATCH_RESULT),
        **problem_responses(
            InvalidBody, UndecodableText, BodyTooLarge, BatchTooLarge, UnsupportedMediaType, Overloaded
        ),
    },
    openapi_extra=request_body(DocumentBatch, ex.DOCUMENT_BATCH),
)
async def post_batch(request: Request, backbone: BackboneDep, api: ApiSettingsDep) -> Response:
    _require_media_type(request, "application/json")
    obj = parse_json(await request.body())
    items = obj.get("documents") if isinstance(obj, dict) else None  # the object the schema states, not a bare list
    if not isinstance(items, list):
        raise InvalidBody('expected {"documents": [...]}')
    if len(items) > api.max_batch:
        raise BatchTooLarge(f"{len(items)} documents; at most {api.max_batch} per batch", limit=api.max_batch)
    results = await asyncio.to_thread(
        _accept_many, backbone, [(i, lambda o=o: to_document(o, api)) for i, o in enumerate(items)]
    )
    return _json(_batch_summary(results))


def _accept_many(backbone: Any, makers: Sequence[tuple[int | str, Any]]) -> list[dict[str, Any]]:
    """One result per item, whatever an item does: a refusal or a failure is
    a problem in that item's slot, and every other item is still accepted."""
    results = []
    for key, make in makers:
        try:
            result = accept(backbone, make())
        except Exception as exc:  # one item's failure is its own result
            if not isinstance(exc, DocpipeError):
                log.exception("batch item %s failed", key)
                exc = DocpipeError(f"{type(exc).__name__}: {exc}")
            results.append({"item": key, "http_status": exc.status, "problem": item_problem(exc)})
            continue
        metrics.DOCUMENTS_ACCEPTED.labels("created" if result.created else "duplicate").inc()
        results.append({"item": key, "http_status": 202, **result.model_dump()})
    return results


def _batch_summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    accepted = sum(1 for r in results if r["http_status"] == 202)
    return {"accepted": accepted, "rejected": len(results) - accepted, "items": results}


@router.post(
    "/documents/files",
    response_model=BatchResult,
    operation_id="upload_files",
    summary="Upload .txt files (UTF-8 or GB18030); one result per file",
    description="multipart/form-data with one or more `files` parts. The encoding is detected per file; "
    "a file that is not .txt, too large or empty is a problem in its result.",
    responses={
        **ok(200, ex.FILES_RESULT),
        **problem_responses(
            InvalidBody, UnsupportedMediaType, BodyTooLarge, BatchTooLarge, Overloaded, details=ex.FILES_PROBLEM_DETAILS
        ),
    },
    openapi_extra=request_body(
        FileUpload, ex.FILE_UPLOAD, "multipart/form-data", encoding={"files": {"contentType": "text/plain"}}
    ),
)
async def post_files(request: Request, backbone: BackboneDep, api: ApiSettingsDep) -> Response:
    _require_media_type(request, "multipart/form-data")
    # Streamed: each file kept up to its limit, nothing spooled to disk.
    uploads = await read_files(request, max_files=api.max_batch, max_file_bytes=file_part_limit(api))
    if not uploads:
        raise InvalidBody("no file parts: send one or more `files` parts")
    makers = [
        (u.filename or str(i), _file_maker(u.filename, bytes(u.data), u.too_large, api.max_text_bytes))
        for i, u in enumerate(uploads)
    ]
    results = await asyncio.to_thread(_accept_many, backbone, makers)
    return _json(_batch_summary(results))


def _file_maker(filename: str, data: bytes, too_large: bool, max_bytes: int) -> Any:
    def make() -> Any:
        if not filename.lower().endswith(".txt"):
            raise UnsupportedMediaType(f"{filename!r}: only .txt files are accepted")
        if too_large:
            raise TextTooLarge(f"{filename!r} is larger than the limit", limit=max_bytes)
        text = decode_bytes(data)
        return new_document(text, max_bytes=max_bytes, metadata={"filename": filename})

    return make


# Fields a client may ask for in ``document`` (the bookkeeping ones are
# always in the response body itself).
DOCUMENT_FIELDS = frozenset(Document.model_fields) - {"id"}
_FIELD = "(" + "|".join(sorted(DOCUMENT_FIELDS)) + ")"
# One or more names, commas between: declared in the OpenAPI document and what _fields accepts.
FIELDS_PATTERN = f"^ *{_FIELD} *(, *{_FIELD} *)*$"


def _fields(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    names = frozenset(n.strip() for n in value.split(",") if n.strip())
    unknown = sorted(names - DOCUMENT_FIELDS)
    if unknown or not names or not re.match(FIELDS_PATTERN, value):
        raise InvalidQuery(
            f"fields must name document fields ({', '.join(sorted(DOCUMENT_FIELDS))}); "
            f"unknown: {', '.join(unknown) or '(none given)'}"
        )
    return names


@router.get(
    "/documents/{doc_id}",
    response_model=DocumentStatus,
    operation_id="get_document",
    summary="Status, timings and, once processed, the whole document",
    responses={
        **ok(200, examples=ex.DOCUMENT_STATUS_EXAMPLES),
        **problem_responses(DocumentNotFound, InvalidQuery, StoreUnavailable),
    },
)
def get_document(
    store: StoreDep,
    doc_id: Annotated[str, Path(pattern=DOC_ID)],
    fields: Annotated[
        str | None,
        Query(
            json_schema_extra={"pattern": FIELDS_PATTERN},
            description="comma-separated fields of `document` to return, e.g. `entities,metrics` "
            "(the store reads only those: the tokens of a long article are most of its size)",
        ),
    ] = None,
) -> Response:
    wanted = _fields(fields)
    doc, corrections = read_corrected(store, doc_id, wanted)  # people's corrections applied (issue #13)
    if doc is None:
        raise DocumentNotFound(f"no document {doc_id}")
    body: dict[str, Any] = {
        "id": doc.id,
        "status": str(doc.status),
        "title": doc.title,
        "published_at": doc.published_at,
        "pipeline_version": doc.pipeline_version,
        "stages": doc.stages,
        "timings_ms": doc.timings_ms,
        "error": doc.error.model_dump() if doc.error else None,
        "created_at": doc.created_at,
        "updated_at": doc.updated_at,
        "links": {"self": f"/documents/{doc.id}"},
    }
    if doc.status == Status.processed:
        body["document"] = doc.model_dump(mode="json", include=None if wanted is None else {"id", *wanted})
    if corrections:
        body["corrections"] = corrections
    return _json(body)


@router.get(
    "/documents",
    response_model=DocumentPage,
    operation_id="list_documents",
    summary="List documents, newest first, with filters and a cursor",
    responses={
        **with_exports(
            ok(200, ex.DOCUMENT_PAGE, headers={"Link": header('`<next page>; rel="next"` when there is one')}),
            DOCUMENT_COLUMNS,
        ),
        **problem_responses(InvalidCursor, InvalidQuery, UnknownFormat, StoreUnavailable),
    },
)
def list_documents(
    request: Request,
    store: StoreDep,
    status: Annotated[Status | None, Query(description="queued, segmenting, …, processed, failed")] = None,
    entity: Annotated[
        str | None,
        Query(description="an entity by any of its names, e.g. 苏州工业园区 or 苏州工业园 (one canonical entity)"),
    ] = None,
    entity_type: EntityType = None,
    adcode: Annotated[
        str | None,
        Query(pattern=r"^\d{6}$", description="a division: documents naming a place, park or county inside it"),
    ] = None,
    industry: Annotated[str | None, Query(description="canonical industry name")] = None,
    published_from: PublishedFrom = None,
    published_to: PublishedTo = None,
    canonical_only: Annotated[
        bool, Query(description="leave out near-duplicates (documents with duplicate_of)")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the page before")] = None,
    format: Format = None,
) -> Response:
    fmt = check_format(format)
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise InvalidQuery(f"entity_type must be one of {', '.join(ENTITY_TYPES)}")
    query = DocumentQuery(
        status=status,
        entity_name=entity,
        entity_type=entity_type,
        adcode=adcode,
        industry=industry,
        published_from=_date(published_from, "published_from"),
        published_to=_date(published_to, "published_to"),
        canonical_only=canonical_only,
    )
    if fmt is not None:  # every document of the query from the cursor on, streamed
        if cursor:
            decode_cursor(cursor)  # refused now, not after the first byte
        pages = iter_pages(lambda c: store.list_documents(query, limit=1000, cursor=c), cursor)
        return export_response(pages, DOCUMENT_COLUMNS, fmt, "documents")
    page = store.list_documents(query, limit=limit, cursor=cursor)
    return page_response(request, "/documents", page.items, page.next_cursor)
