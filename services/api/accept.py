"""Accepting documents: parse and validate what a client sent, store it, then
enqueue it. Shared by the single, batch and file-upload routes.

Accepted means stored: the document is written (status ``queued``) before its
id goes on the ``segment`` queue. If the broker is unreachable at that moment
the document is still accepted; the sweep re-enqueues it later.

Re-submission: the id is a hash of the text, so the same text again names the
stored document (one still ``queued`` is enqueued again: an earlier request
may have stored it without enqueuing it). Its input fields that the request gives (title,
published_at, source_url, metadata; left out or null: kept) and that differ
are written (``Store.update_metadata``); a new ``published_at`` also re-runs
the stages that read it (``taskflow.rerun_from``), which ends in a new
processed event. Nothing is written or re-run when nothing differs.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from docpipe import logs
from docpipe.document import Document, Status
from docpipe.errors import DocpipeError, InvalidBody
from docpipe.ingest import VISIBLE_CHAR, new_document
from docpipe.settings import ApiSettings
from docpipe.store.common import given_fields
from docpipe.taskflow import first_pending, rerun_from

from .deps import Backbone
from .limits import check_metadata, parse_json
from .problems import IdempotencyKeyConflict

__all__ = ["Accepted", "DocumentIn", "accept", "item_problem", "parse_json", "to_document"]

log = logging.getLogger("docpipe.api")

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$"


class DocumentIn(BaseModel):
    """One article to process."""

    model_config = ConfigDict(extra="ignore")
    text: StrictStr = Field(
        description="the article text (UTF-8); at least one visible character (not only spaces, controls, "
        "zero-width or bidi characters)",
        json_schema_extra={"pattern": VISIBLE_CHAR},
    )
    title: StrictStr | None = None
    source_url: StrictStr | None = None
    published_at: Annotated[StrictStr | None, Field(pattern=DATE_PATTERN, description="YYYY-MM-DD or ISO 8601")] = None
    # BSON cannot hold a NUL in a key (limits.check_metadata refuses one at any depth)
    metadata: dict[str, Any] | None = Field(
        default=None, json_schema_extra={"propertyNames": {"pattern": "^[^\\u0000]*$"}}
    )


class BatchIn(BaseModel):
    documents: list[dict[str, Any]]


class Accepted(BaseModel):
    id: str
    status: str
    created: bool = Field(description="false when the same text was accepted before")
    updated: list[str] = Field(
        default_factory=list,
        description="for a text accepted before: the input fields (title, published_at, source_url, metadata) "
        "this request changed; a field left out or null keeps its stored value, metadata is replaced whole",
    )
    reprocessing: bool = Field(
        default=False,
        description="true when the change re-runs stages (a new published_at: periods are resolved against it); "
        "a new processed event follows",
    )
    location: str


def validation_problem(exc: ValidationError) -> InvalidBody:
    items = [{"loc": [str(p) for p in e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    summary = "; ".join(f"{'.'.join(i['loc']) or 'body'}: {i['msg']}" for i in items[:5])
    return InvalidBody(summary, errors=items)


def to_document(obj: Any, api: ApiSettings) -> Document:
    """A validated request item as a new Document (raises DocpipeError).

    Metadata limits first: nothing recursive (validation, storing) sees
    metadata nested deeper than the limit."""
    if not isinstance(obj, dict):
        raise InvalidBody("expected a JSON object with a `text` field")
    check_metadata(obj.get("metadata"), api)
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
        max_bytes=api.max_text_bytes,
    )


def accept(backbone: Backbone, doc: Document, idempotency_key: str | None = None) -> Accepted:
    """Store (idempotently), then enqueue if this call created the document.

    Blocking (store and broker I/O): routes call it in a worker thread.
    """
    with logs.bound(document_id=doc.id):
        return _accept(backbone, doc, idempotency_key)


def _key_conflict(bound: str | None, doc_id: str) -> None:
    if bound is not None and bound != doc_id:
        raise IdempotencyKeyConflict(f"the Idempotency-Key was first used for document {bound}", document_id=bound)


def _accept(backbone: Backbone, doc: Document, idempotency_key: str | None) -> Accepted:
    if idempotency_key:  # refused before anything is written
        _key_conflict(backbone.store.idempotency_key_document(idempotency_key), doc.id)
    stored, created = backbone.store.insert_document(doc)
    if idempotency_key:
        # Bound only once its document is stored: a request that fails
        # before this leaves the key free. Two requests racing with one key
        # and two texts: the second to bind gets the conflict (its text is
        # stored, as a retry without the key would store it).
        _key_conflict(backbone.store.remember_idempotency_key(idempotency_key, doc.id), doc.id)
    if created:
        _enqueue(backbone, doc.id, "segment")
        return Accepted(id=doc.id, status=str(stored.status), created=True, location=f"/documents/{doc.id}")
    given = given_fields(doc)
    change = backbone.store.update_metadata(doc.id, given, rerun_from=rerun_from()) if given else None
    if change is None or not change.updated:
        if stored.status == Status.queued and not stored.stages:
            # Maybe never enqueued: an earlier request's insert can reach the
            # store while its answer is lost (MongoDB killed mid-write: that
            # request got a 503, and this retry finds the document stored).
            # It would wait for the sweep, minutes; a second message costs a
            # skipped hop per stage (a stage done is skipped, the event id is stable).
            log.info("document %s re-submitted while still queued; enqueued again", doc.id)
            _enqueue(backbone, doc.id, "segment")
        return Accepted(id=doc.id, status=str(stored.status), created=False, location=f"/documents/{doc.id}")
    current = change.document
    if change.rerun:
        log.info(
            "document %s re-submitted: %s changed; re-running from %s",
            doc.id,
            ", ".join(change.updated),
            change.rerun[0],
        )
        _enqueue(backbone, doc.id, change.rerun[0])
    elif not current.status.final:
        # A stage running now read the old revision: its writes are refused,
        # so hand the document on again from where it stands.
        pending = first_pending(current)
        log.info(
            "document %s re-submitted while in %s: %s changed; handed to %s",
            doc.id,
            current.status,
            ", ".join(change.updated),
            pending,
        )
        if pending is not None:
            _enqueue(backbone, doc.id, pending)
    else:
        log.info("document %s re-submitted: %s changed; nothing to re-run", doc.id, ", ".join(change.updated))
    return Accepted(
        id=doc.id,
        status=str(current.status),
        created=False,
        updated=list(change.updated),
        reprocessing=bool(change.rerun),
        location=f"/documents/{doc.id}",
    )


def _enqueue(backbone: Backbone, doc_id: str, stage: str) -> None:
    try:
        backbone.enqueue(doc_id, stage)
    except Exception as exc:  # noqa: BLE001 - any broker failure: the sweep sends it again
        backbone.unsent.add(doc_id, stage)
        log.warning(
            "document %s stored but not enqueued to %s (%s); sent again once the broker answers", doc_id, stage, exc
        )


def item_problem(exc: DocpipeError) -> dict[str, Any]:
    from .problems import problem_body

    return problem_body(exc)
