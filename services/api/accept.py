"""Accepting documents: parse and validate what a client sent, store it, then
enqueue it. Shared by the single, batch and file-upload routes.

Accepted means stored: the document is written (status ``queued``) before its
id goes on the ``segment`` queue. If the broker is unreachable at that moment
the document is still accepted; the sweep re-enqueues it later.
"""
from __future__ import annotations

import logging
from typing import Annotated, Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, field_validator

from docpipe.document import Document
from docpipe.errors import DocpipeError, InvalidBody, UndecodableText
from docpipe.ingest import new_document

from .deps import Backbone
from .problems import IdempotencyKeyConflict

log = logging.getLogger("docpipe.api")

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$"


def _nul_key(value: Any) -> str | None:
    """The first key (at any depth) holding a NUL character, if any."""
    if isinstance(value, dict):
        for k, v in value.items():
            if "\x00" in k:
                return k
            found = _nul_key(v)
            if found is not None:
                return found
    elif isinstance(value, list):
        for v in value:
            found = _nul_key(v)
            if found is not None:
                return found
    return None


class DocumentIn(BaseModel):
    """One article to process."""

    model_config = ConfigDict(extra="ignore")
    text: StrictStr = Field(description="the article text (UTF-8)")
    title: StrictStr | None = None
    source_url: StrictStr | None = None
    published_at: Annotated[StrictStr | None, Field(pattern=DATE_PATTERN, description="YYYY-MM-DD or ISO 8601")] = None
    metadata: dict[str, Any] | None = None

    @field_validator("metadata")
    @classmethod
    def _keys_storable(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        # MongoDB (BSON) cannot store a NUL in a key; refuse it on every
        # engine, so a document accepted by one store is accepted by all.
        key = _nul_key(value)
        if key is not None:
            raise ValueError(f"metadata keys cannot contain a NUL character ({key!r})")
        return value


class BatchIn(BaseModel):
    documents: list[dict[str, Any]]


class Accepted(BaseModel):
    id: str
    status: str
    created: bool = Field(description="false when the same text was accepted before (no second processing)")
    location: str


def parse_json(body: bytes) -> Any:
    """Bytes to JSON, with a distinct code for bytes that are not UTF-8."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableText(f"the request body is not valid UTF-8 (byte {exc.start})") from None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidBody(f"the request body is not valid JSON: {exc}") from None


def validation_problem(exc: ValidationError) -> InvalidBody:
    items = [{"loc": [str(p) for p in e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    summary = "; ".join(f"{'.'.join(i['loc']) or 'body'}: {i['msg']}" for i in items[:5])
    return InvalidBody(summary, errors=items)


def to_document(obj: Any, max_bytes: int) -> Document:
    """A validated request item as a new Document (raises DocpipeError)."""
    if not isinstance(obj, dict):
        raise InvalidBody("expected a JSON object with a `text` field")
    try:
        item = DocumentIn.model_validate(obj)
    except ValidationError as exc:
        raise validation_problem(exc) from None
    return new_document(
        item.text,
        title=item.title,
        source_url=item.source_url,
        published_at=item.published_at,
        metadata=item.metadata,
        max_bytes=max_bytes,
    )


def accept(backbone: Backbone, doc: Document, idempotency_key: str | None = None) -> Accepted:
    """Store (idempotently), then enqueue if this call created the document.

    Blocking (store and broker I/O): routes call it in a worker thread.
    """
    if idempotency_key:
        bound = backbone.store.remember_idempotency_key(idempotency_key, doc.id)
        if bound != doc.id:
            raise IdempotencyKeyConflict(
                f"the Idempotency-Key was first used for document {bound}", document_id=bound
            )
    stored, created = backbone.store.insert_document(doc)
    if created:
        try:
            backbone.enqueue(doc.id, "segment")
        except Exception as exc:  # noqa: BLE001 - any broker failure: the sweep re-enqueues
            log.warning("document %s stored but not enqueued (%s); the sweep will retry", doc.id, exc)
    return Accepted(id=doc.id, status=str(stored.status), created=created, location=f"/documents/{doc.id}")


def item_problem(exc: DocpipeError) -> dict[str, Any]:
    from .problems import problem_body

    return problem_body(exc)
