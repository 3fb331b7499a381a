"""Corrections of a processed document: ``POST /documents/{id}/corrections``
(one correction; RFC 9457 problems for spans outside the text, unknown
types, a target that is not there) and ``GET`` (the list, in the order
made). ``read_corrected`` is how ``GET /documents/{id}`` and the page read a
document: with its corrections applied."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from docpipe import corrections as corr
from docpipe.document import Document, Status
from docpipe.errors import DocumentNotFound, InvalidBody, StoreUnavailable, UnsupportedMediaType
from docpipe.store.base import Store
from docpipe.store.corrections import corrections_for

from ..access import require_scope
from ..deps import ApiSettingsDep, BackboneDep, StoreDep
from ..problems import InvalidQuery
from ..responses import json_response as _json
from ..responses import small_json_body
from ..review_schemas import (
    CORRECTION_IN,
    CORRECTION_LIST,
    CORRECTION_MADE,
    Correction,
    CorrectionIn,
    CorrectionList,
    inline_body,
)
from ..schemas import header, ok, problem_responses

router = APIRouter(tags=["corrections"])

DOC_ID = r"^[0-9a-f]{8,64}$"
MAX_BODY = 16 * 1024
USER_HEADER = "X-Docpipe-User"


def who(request: Request) -> str:
    """Who made the correction: the API key's id when the request was
    authenticated by one (``request.state.key_id``), else the
    ``X-Docpipe-User`` header, else ``anonymous``."""
    for attr in ("key_id", "api_key_id"):
        value = getattr(request.state, attr, None)
        if isinstance(value, str) and value:
            return f"key:{value}"
    user = request.headers.get(USER_HEADER, "").strip()
    return user[: corr.MAX_USER] if user else "anonymous"


def read_corrected(
    store: Store, doc_id: str, wanted: Collection[str] | None = None
) -> tuple[Document | None, dict[str, Any] | None]:
    """The document (``wanted`` fields, or all) with its corrections applied
    when it is processed and entities or metrics are among the fields."""
    touches = wanted is None or bool({"entities", "metrics"} & set(wanted))
    fields = None if wanted is None else ({*wanted, *corr.FIELDS} if touches else wanted)
    doc = store.get_document(doc_id, fields=fields)
    if doc is None or doc.status != Status.processed or not touches:
        return doc, None
    return corr.corrected(store, doc)


@router.post(
    "/documents/{doc_id}/corrections",
    status_code=201,
    dependencies=[require_scope("admin")],
    response_model=Correction,
    operation_id="create_correction",
    summary="Correct a processed document: reject, retype or rename an entity, add a missed one, fix a figure",
    description="Stored apart from the pipeline's output and applied whenever the document is read, so a "
    "reprocess keeps it; publishes `docpipe.document.corrected`. Who: the API key's id, else `X-Docpipe-User`.",
    responses={
        **ok(
            201,
            CORRECTION_MADE,
            headers={"Location": header("the document's corrections, /documents/{id}/corrections")},
        ),
        **problem_responses(
            DocumentNotFound,
            corr.SpanOutOfRange,
            corr.UnknownEntityType,
            corr.CorrectionTargetNotFound,
            corr.DocumentNotProcessed,
            InvalidBody,
            InvalidQuery,
            UnsupportedMediaType,
            StoreUnavailable,
        ),
    },
    openapi_extra=inline_body(CorrectionIn, CORRECTION_IN),
)
async def post_correction(
    request: Request, backbone: BackboneDep, api: ApiSettingsDep, doc_id: Annotated[str, Path(pattern=DOC_ID)]
) -> Response:
    obj = await small_json_body(request, MAX_BODY, "a correction fits in")
    row = await asyncio.to_thread(
        corr.record, backbone.store, backbone.redis, doc_id, obj, user=who(request), base_url=api.base_url
    )
    return _json(corr.public(row), 201, headers={"Location": f"/documents/{doc_id}/corrections"})


@router.get(
    "/documents/{doc_id}/corrections",
    response_model=CorrectionList,
    operation_id="list_corrections",
    summary="A document's corrections in the order made, each marked applied or stale",
    responses={**ok(200, CORRECTION_LIST), **problem_responses(DocumentNotFound, InvalidQuery, StoreUnavailable)},
)
def list_corrections(store: StoreDep, doc_id: Annotated[str, Path(pattern=DOC_ID)]) -> Response:
    doc = store.get_document(doc_id, fields=corr.FIELDS)
    if doc is None:
        raise DocumentNotFound(f"no document {doc_id}")
    found = corrections_for(store).of(doc_id)
    _, applied, stale = corr.apply(doc, found)
    items = [{**corr.public(c), "applied": c["id"] in applied} for c in found]
    return _json({"items": items, "applied": len(applied), "stale": stale})
