"""Corrections people make to a processed document: reject an entity,
change its type or canonical name, add one the pipeline missed (by span),
fix a figure's unit, value or period.

They are stored apart from the pipeline's output (``store/corrections.py``)
and applied when the document is read (``apply``), so a reprocess, which
rewrites the output, cannot lose them. Each names its target by span in the
clean text and keeps the text it saw there: after a reprocess the same
span with the same text is the same mention; a correction whose span no
longer holds that text (the clean text changed) is *stale* and left out.
"""

from __future__ import annotations

import math
import re
import secrets
import time
from typing import Any

from .canonical import canonical_entity, canonical_name
from .document import ENTITY_TYPES, Document, Entity, Status
from .errors import DocpipeError, InvalidBody

ACTIONS: tuple[str, ...] = ("reject_entity", "edit_entity", "add_entity", "edit_metric")
METRIC_FIELDS: tuple[str, ...] = ("unit", "value", "value_max", "period")
ENTITY_FIELDS: tuple[str, ...] = ("type", "name")
# EXTRACTION.md: YYYY, YYYY-MM, YYYY-MM-DD, or an interval of them (open end allowed).
_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
PERIOD = re.compile(rf"^{_DATE}(?:/(?:{_DATE})?)?$")
MAX_NAME = 200
MAX_UNIT = 40
MAX_NOTE = 1000
MAX_USER = 200


class SpanOutOfRange(DocpipeError):
    code, status, title = "span_out_of_range", 422, "The span is not inside the document's clean text"


class UnknownEntityType(DocpipeError):
    code, status, title = "unknown_entity_type", 422, "No such entity type"


class CorrectionTargetNotFound(DocpipeError):
    code, status, title = "correction_target_not_found", 422, "No entity or figure at that span"


class DocumentNotProcessed(DocpipeError):
    code, status, title = "document_not_processed", 409, "The document has no output to correct yet"


ERRORS = (SpanOutOfRange, UnknownEntityType, CorrectionTargetNotFound, DocumentNotProcessed)


def new_id() -> str:
    """Sortable by creation: the time in nanoseconds, then randomness."""
    return f"cor_{time.time_ns():016x}{secrets.token_hex(4)}"


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidBody(f"{name} must be an integer offset into the clean text")
    return value


def _entity_type(value: Any, name: str = "type") -> str:
    if value not in ENTITY_TYPES:
        raise UnknownEntityType(f"{name} must be one of {', '.join(ENTITY_TYPES)}, not {value!r}", type=str(value))
    return str(value)


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME:
        raise InvalidBody(f"name must be a non-empty string of at most {MAX_NAME} characters")
    return value.strip()


def _number(value: Any, name: str, *, nullable: bool = False) -> float | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise InvalidBody(f"{name} must be a non-negative number (values are never negated; EXTRACTION.md)")
    return float(value)


def _metric_changes(changes: Any) -> dict[str, Any]:
    if not isinstance(changes, dict) or not changes:
        raise InvalidBody(f"set must be an object with some of {', '.join(METRIC_FIELDS)}")
    unknown = sorted(set(changes) - set(METRIC_FIELDS))
    if unknown:
        raise InvalidBody(f"a figure's {', '.join(METRIC_FIELDS)} can be corrected; not {', '.join(unknown)}")
    out: dict[str, Any] = {}
    if "unit" in changes:
        unit = changes["unit"]
        if not isinstance(unit, str) or not unit or len(unit) > MAX_UNIT or re.search(r"\s", unit):
            raise InvalidBody(
                f"unit must be a canonical unit such as CNY, percent, count (at most {MAX_UNIT} characters)"
            )
        out["unit"] = unit
    if "value" in changes:
        out["value"] = _number(changes["value"], "value")
    if "value_max" in changes:
        out["value_max"] = _number(changes["value_max"], "value_max", nullable=True)
    if "period" in changes:
        period = changes["period"]
        if period is not None and (not isinstance(period, str) or not PERIOD.match(period)):
            raise InvalidBody("period must be YYYY, YYYY-MM, YYYY-MM-DD or an interval A/B of them, or null")
        out["period"] = period
    return out


def _entity_changes(changes: Any) -> dict[str, Any]:
    if not isinstance(changes, dict) or not changes:
        raise InvalidBody("set must be an object with type and/or name")
    unknown = sorted(set(changes) - set(ENTITY_FIELDS))
    if unknown:
        raise InvalidBody(f"an entity's type and name can be corrected; not {', '.join(unknown)}")
    out: dict[str, Any] = {}
    if "type" in changes:
        out["type"] = _entity_type(changes["type"], "set.type")
    if "name" in changes:
        out["name"] = _name(changes["name"])
    return out


def parse(body: Any, doc: Document, *, user: str) -> dict[str, Any]:
    """A correction of ``doc`` (as corrected so far) from a request body,
    checked against it; raises a DocpipeError (an RFC 9457 problem) if it
    cannot apply."""
    if doc.clean_text is None:
        raise DocumentNotProcessed(f"document {doc.id} is {doc.status}; correct it once it is processed")
    if not isinstance(body, dict):
        raise InvalidBody('expected {"action": ..., "start": ..., "end": ..., ...}')
    action = body.get("action")
    if action not in ACTIONS:
        raise InvalidBody(f"action must be one of {', '.join(ACTIONS)}")
    allowed = {
        "action",
        "start",
        "end",
        "note",
        *{
            "reject_entity": ("type",),
            "edit_entity": ("type", "set"),
            "add_entity": ("type", "name"),
            "edit_metric": ("set",),
        }[action],
    }
    unknown = sorted(k for k in set(body) - allowed if body[k] is not None)  # null: left out, as the schema says
    if unknown:
        raise InvalidBody(f"{action} takes {', '.join(sorted(allowed))}; not {', '.join(unknown)}")
    start, end = _int(body.get("start"), "start"), _int(body.get("end"), "end")
    text = doc.clean_text
    if not 0 <= start < end <= len(text):
        raise SpanOutOfRange(
            f"[{start}, {end}) is not a non-empty span of the clean text (0 to {len(text)})",
            start=start,
            end=end,
            length=len(text),
        )
    note = body.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        raise InvalidBody(f"note must be a string of at most {MAX_NOTE} characters")
    correction: dict[str, Any] = {
        "id": new_id(),
        "doc_id": doc.id,
        "action": action,
        "start": start,
        "end": end,
        "text": text[start:end],
        "user": user[:MAX_USER],
        "note": note,
    }
    if action in ("reject_entity", "edit_entity"):
        if body.get("type") is not None:
            correction["type"] = _entity_type(body["type"])
        if not _entities_at(doc, correction):
            raise CorrectionTargetNotFound(
                f"no entity{' of type ' + correction['type'] if 'type' in correction else ''} at [{start}, {end})",
                start=start,
                end=end,
            )
        if action == "edit_entity":
            correction["set"] = _entity_changes(body.get("set"))
            correction["renames"] = _renames(doc, _entities_at(doc, correction), **correction["set"])
    elif action == "add_entity":
        correction["type"] = _entity_type(body.get("type"))
        correction["name"] = _name(body["name"]) if body.get("name") is not None else text[start:end].strip()
        if not correction["name"]:
            raise InvalidBody("the span is only white space: give a name")
        # A found entity of that type at the span is renamed (``apply``), not doubled.
        correction["renames"] = _renames(doc, _entities_at(doc, correction), name=correction["name"])
    else:
        if not _metrics_at(doc, correction):
            raise CorrectionTargetNotFound(f"no figure at [{start}, {end})", start=start, end=end)
        correction["set"] = _metric_changes(body.get("set"))
    return correction


def _entities_at(doc: Document, c: dict[str, Any]) -> list[int]:
    return [
        i
        for i, e in enumerate(doc.entities)
        if e.start == c["start"] and e.end == c["end"] and (c.get("type") is None or e.type == c["type"])
    ]


def _renames(doc: Document, hits: list[int], **changes: str) -> list[dict[str, Any]] | None:
    """The canonical entities (``{"from": {type, name}, "to": {type, name}}``)
    a correction of the entities ``hits`` turns into others: kept with it so
    that the old name's entity page can link to the new one
    (``entity_renames``). None when it renames nothing."""
    out: list[dict[str, Any]] = []
    for i in hits:
        e = doc.entities[i]
        old = canonical_entity(e.type, e.name, e.attributes)
        new_type = changes.get("type", e.type)
        new = {"type": new_type, "name": canonical_name(changes.get("name", e.name), new_type)}
        pair = {"from": {"type": old.type, "name": old.name}, "to": new}
        if pair["from"] != new and pair not in out:
            out.append(pair)
    return out or None


def _metrics_at(doc: Document, c: dict[str, Any]) -> list[int]:
    return [i for i, m in enumerate(doc.metrics) if m.start == c["start"] and m.end == c["end"]]


def apply(doc: Document, corrections: list[dict[str, Any]]) -> tuple[Document, list[str], list[str]]:
    """``doc`` with ``corrections`` applied in the order made; returns it
    and the ids applied and stale. A rejected entity that is already gone
    counts as applied (the output agrees with it); an edit whose target is
    gone is stale."""
    if not corrections or doc.clean_text is None:
        return doc, [], [c["id"] for c in corrections] if doc.clean_text is None else []
    text = doc.clean_text
    entities = [e.model_copy(deep=True) for e in doc.entities]
    metrics = [m.model_copy(deep=True) for m in doc.metrics]
    applied: list[str] = []
    stale: list[str] = []
    for c in corrections:
        if text[c["start"] : c["end"]] != c["text"]:
            stale.append(c["id"])
            continue
        at = Document(id=doc.id, clean_text=text, entities=entities, metrics=metrics)
        action = c["action"]
        if action == "reject_entity":
            drop = set(_entities_at(at, c))
            entities = [e for i, e in enumerate(entities) if i not in drop]
        elif action == "edit_entity":
            hits = _entities_at(at, c)
            if not hits:
                stale.append(c["id"])
                continue
            for i in hits:
                entities[i] = entities[i].model_copy(update=c["set"])
        elif action == "add_entity":
            same = [
                i for i, e in enumerate(entities) if e.start == c["start"] and e.end == c["end"] and e.type == c["type"]
            ]
            if same:
                for i in same:
                    entities[i] = entities[i].model_copy(update={"name": c["name"]})
            else:
                entities.append(
                    Entity(
                        type=c["type"],
                        text=c["text"],
                        name=c["name"],
                        start=c["start"],
                        end=c["end"],
                        attributes={"source": "correction"},
                    )
                )
        elif action == "edit_metric":
            hits = _metrics_at(at, c)
            if not hits:
                stale.append(c["id"])
                continue
            for i in hits:
                metrics[i] = metrics[i].model_copy(update=c["set"])
        applied.append(c["id"])
    entities.sort(key=lambda e: (e.start, e.end))
    return doc.model_copy(update={"entities": entities, "metrics": metrics}), applied, stale


def public(c: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in c.items() if v is not None}


# ------------------------------------------------------------ reading, recording

# What applying corrections needs of a document.
FIELDS: tuple[str, ...] = ("clean_text", "entities", "metrics")


def corrected(store: Any, doc: Document) -> tuple[Document, dict[str, Any] | None]:
    """``doc`` with its stored corrections applied, and a summary (None when
    it has none). ``doc`` must have been read with ``FIELDS``."""
    from .store.corrections import corrections_for

    found = corrections_for(store).of(doc.id)
    if not found:
        return doc, None
    doc, applied, stale = apply(doc, found)
    return doc, {
        "count": len(found),
        "applied": len(applied),
        "stale": stale,
        "link": f"/documents/{doc.id}/corrections",
    }


def for_index(store: Any, doc: Document) -> Document:
    """``doc`` as the cross-document rows (``Store.index_results``: entities,
    facets, facts, the entity summaries) should hold it: with its stored
    corrections applied, so ``GET /entities`` and the entity pages know the
    names the document page shows. The pipeline's last stage and ``reindex``
    index this; one read of the corrections when there are none."""
    from .store.common import with_fields
    from .store.corrections import corrections_for

    found = corrections_for(store).of(doc.id)
    if not found:
        return doc
    if doc.clean_text is None:  # a last stage that did not read it
        stored = store.get_document(doc.id, fields=("clean_text",))
        if stored is None or stored.clean_text is None:
            return doc
        doc = with_fields(doc, {"clean_text": stored.clean_text})
    return apply(doc, found)[0]


# How often ``reindex`` indexes again because corrections came in meanwhile.
REINDEX_ROUNDS = 3
# The Redis lock ``record`` re-indexes a document under, and how long it is held at most.
REINDEX_LOCK = "docpipe:corrections:reindex:"
REINDEX_LOCK_S = 30


def reindex(store: Any, doc_id: str) -> bool:
    """Index a processed document again with its corrections (after one is
    stored); whether it was written. A document being processed is left to
    its last stage, which indexes it with them (``for_index``)."""
    from .store.common import revision_of
    from .store.corrections import corrections_for

    kept = corrections_for(store)
    for _ in range(REINDEX_ROUNDS):
        doc = store.get_document(doc_id)
        if doc is None or doc.status != Status.processed:
            return False
        before = len(kept.of(doc_id))
        if not store.index_results(for_index(store, doc), revision=revision_of(doc)):
            return False
        # Two corrections stored at once: the one whose index write lands
        # last may have read the corrections before the other was kept.
        # Whoever sees the count move indexes again, so the last write has all.
        if len(kept.of(doc_id)) == before:
            return True
    return True


def make_event(correction: dict[str, Any], count: int, base_url: str) -> dict[str, Any]:
    """The CloudEvent ``docpipe.document.corrected``: one per correction (its
    id is the event's dedupe key)."""
    from .events import envelope

    doc_id = correction["doc_id"]
    return envelope(
        "corrected",
        f"{doc_id}:corrected:{correction['id']}",
        doc_id,
        f"{base_url.rstrip('/')}/documents/{doc_id}",
        {"id": doc_id, "correction": public(correction), "correction_count": count},
    )


def record(store: Any, redis_client: Any, doc_id: str, body: Any, *, user: str, base_url: str) -> dict[str, Any]:
    """Check a correction against the document as corrected so far, store
    it, publish its event; returns the stored correction."""
    import logging

    from redis.exceptions import RedisError

    from .errors import DocumentNotFound
    from .events import publish
    from .store.corrections import corrections_for

    doc = store.get_document(doc_id, fields=FIELDS)
    if doc is None:
        raise DocumentNotFound(f"no document {doc_id}")
    kept = corrections_for(store)
    so_far = kept.of(doc_id)
    current, _, _ = apply(doc, so_far)
    row = kept.add(parse(body, current, user=user))
    # The entity list and pages, the facts and the document filters follow
    # the correction now, not at the next reprocess. One re-index of a
    # document at a time: MongoDB's summary updates (no transaction) can
    # lose one of two runs of the same document that interleave.
    try:
        with redis_client.lock(REINDEX_LOCK + doc_id, timeout=REINDEX_LOCK_S, blocking_timeout=REINDEX_LOCK_S):
            reindex(store, doc_id)
    except (RedisError, OSError) as exc:  # LockError is a RedisError: not locked, so not skipped
        logging.getLogger("docpipe.corrections").warning(
            "correction %s: re-indexed without the lock (%s)", row["id"], exc
        )
        reindex(store, doc_id)
    try:
        publish(redis_client, make_event(row, len(so_far) + 1, base_url))
    except (RedisError, OSError) as exc:  # the correction is stored; its event is what may be missing
        logging.getLogger("docpipe.corrections").warning(
            "correction %s stored; its event was not published (%s)", row["id"], exc
        )
    return row
