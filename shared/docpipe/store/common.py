"""What both store engines share: timestamps, the opaque cursor, the status
order, how a document splits into stored parts, and the rows a processed
document contributes to the cross-document query tables.

Pure functions, so the engines differ only in how they write atomically.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from pydantic import BaseModel

from ..canonical import adcode_ancestors, canonical_entity, canonical_name
from ..document import Document, Status
from ..errors import InvalidCursor

# Fields a stage may never write through save_stage: the store owns them.
# ``revision`` counts re-submissions that changed the document's input
# fields; ``submitted`` keeps those fields as the client last gave them
# (stages rewrite some: segment normalises ``published_at``).
RESERVED_FIELDS: frozenset[str] = frozenset(
    {"id", "status", "stages", "timings_ms", "error", "created_at", "updated_at", "revision", "submitted"}
)
# Input fields kept as their own columns (SQLite) / top-level keys (Mongo),
# because queries and summaries read them.
INPUT_COLUMNS: tuple[str, ...] = ("title", "published_at", "source_url", "metadata", "raw_text")
# The input fields a re-submission of the same text may change (the text
# cannot: the id is its hash).
RESUBMIT_FIELDS: tuple[str, ...] = ("title", "published_at", "source_url", "metadata")


def revision_of(doc: Document) -> int:
    """The revision a stored document was read at (0: never changed by a
    re-submission). Stores put it on the Document as an extra field, and
    only when it is not 0, so untouched documents read as they always did."""
    return int((doc.model_extra or {}).get("revision") or 0)


def given_fields(doc: Document) -> dict[str, Any]:
    """The re-submittable input fields a new document carries a value for (a
    field left out, null or an empty ``metadata`` means "keep what is stored")."""
    out: dict[str, Any] = {}
    for name in RESUBMIT_FIELDS:
        value = getattr(doc, name)
        if value is not None and value != {}:
            out[name] = to_plain(value)
    return out


def metadata_changes(given: dict[str, Any], stored: dict[str, Any], submitted: dict[str, Any] | None) -> dict[str, Any]:
    """The fields of ``given`` a re-submission writes: those whose value
    differs both from what the client gave last (``submitted``; for a
    document stored before that was kept, the stored value) and from the
    stored value. Both, because a stage may have rewritten a given value
    (segment turns ``2024-11-24T09:36:50`` into ``2024-11-24``, or detects a
    title the client did not give): sending either form again is no change."""
    changes: dict[str, Any] = {}
    for name, value in given.items():
        if name not in RESUBMIT_FIELDS:
            raise ValueError(f"{name!r} cannot be changed by a re-submission")
        value = to_plain(value)
        current = to_plain(stored.get(name))
        last = to_plain(submitted[name]) if submitted is not None and name in submitted else current
        if value != last and value != current:
            changes[name] = value
    return changes


def stages_from(first: str | None) -> tuple[str, ...]:
    """``first`` and every stage after it, in pipeline order (none for None)."""
    from ..pipeline import STAGE_NAMES

    if first is None:
        return ()
    return STAGE_NAMES[STAGE_NAMES.index(first) :]


def rerun_stages(changes: dict[str, Any], rerun_from: dict[str, str] | None) -> tuple[str, ...]:
    """The stages a re-submission's ``changes`` make stale: from the earliest
    first stage ``rerun_from`` names for a changed field to the end."""
    from ..pipeline import STAGE_NAMES

    firsts = [rerun_from[name] for name in changes if rerun_from and name in rerun_from]
    if not firsts:
        return ()
    return stages_from(min(firsts, key=STAGE_NAMES.index))


def stale_stages(stages: dict[str, Any], versions: dict[str, str], first: str | None = None) -> tuple[str, ...]:
    """What reprocessing forgets: from ``first`` (when given), else from the
    first stage (in ``versions``' order, the pipeline's) whose recorded
    version is not the current one, to the end; () when all are current."""
    if first is None:
        first = next((name for name, version in versions.items() if stages.get(name) != version), None)
    return stages_from(first)


def unread_fields(fields: Collection[str] | None) -> frozenset[str]:
    """The document fields a projected read (``get_document(fields=...)``)
    leaves out: the large ones (raw text, stage outputs) not asked for. The
    bookkeeping fields and small input columns are always read."""
    if fields is None:
        return frozenset()
    always = RESERVED_FIELDS | {"pipeline_version"} | (set(INPUT_COLUMNS) - {"raw_text"})
    return frozenset(Document.model_fields) - always - set(fields)


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Pipeline order (the declaration's: queued, each stage's status, processed).
# save_stage never moves a document backwards in it, so a late duplicate
# delivery of an earlier stage cannot undo a later status. ``failed`` ranks
# lowest: any later success overrides it.
STATUS_RANK: dict[str, int] = {
    Status.failed.value: -1,
    **{s.value: rank for rank, s in enumerate(s for s in Status if s != Status.failed)},
}
FINAL_STATUSES: tuple[str, ...] = (Status.processed.value, Status.failed.value)
NON_FINAL_STATUSES: tuple[str, ...] = tuple(s.value for s in Status if not s.final)


def new_rank(status: Status | str) -> int:
    """The rank a save_stage status must reach to be written; ``failed`` is
    always written (it comes from the stage that decided it)."""
    value = Status(status).value
    return 99 if value == Status.failed.value else STATUS_RANK[value]


def now_iso() -> str:
    """UTC with microseconds and a fixed width, so strings sort as times."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_before(seconds: float) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def published_date(value: str | None) -> str | None:
    """The YYYY-MM-DD a ``published_at`` starts with, for date-range filters;
    None when it does not start with a date."""
    if value and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def check_name(name: str, what: str = "field") -> str:
    if not _NAME.match(name):
        raise ValueError(f"invalid {what} name {name!r}")
    return name


def _default(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    raise TypeError(f"cannot store a {type(obj).__name__}")


def to_json(value: Any) -> str:
    """JSON text for a stored value; pydantic models become their JSON form."""
    return orjson.dumps(value, default=_default).decode("utf-8")


def to_plain(value: Any) -> Any:
    """A value as plain JSON types (for MongoDB, which stores BSON not text)."""
    return orjson.loads(orjson.dumps(value, default=_default))


def from_json(text: str | bytes | None, default: Any = None) -> Any:
    return default if text is None else orjson.loads(text)


def split_stage_fields(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(input-column fields, stage-output fields) of a save_stage call."""
    columns: dict[str, Any] = {}
    outputs: dict[str, Any] = {}
    for name, value in fields.items():
        check_name(name)
        if name in RESERVED_FIELDS:
            raise ValueError(f"{name!r} is kept by the store itself; it cannot be saved as a stage field")
        (columns if name in INPUT_COLUMNS else outputs)[name] = value
    return columns, outputs


def document_parts(doc: Document) -> tuple[dict[str, Any], dict[str, Any]]:
    """(input columns, other output fields) of a whole document, as plain JSON."""
    data = doc.model_dump(mode="json")
    columns = {name: data.pop(name, None) for name in INPUT_COLUMNS}
    for name in RESERVED_FIELDS | {"pipeline_version"}:
        data.pop(name, None)
    # Empty defaults are not worth a row; they come back from the model.
    outputs = {k: v for k, v in data.items() if v not in (None, [], {})}
    return columns, outputs


# -- the cursor ---------------------------------------------------------------


def encode_cursor(created_at: str, doc_id: str) -> str:
    raw = orjson.dumps([created_at, doc_id])
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = orjson.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeEncodeError, orjson.JSONDecodeError) as exc:
        raise InvalidCursor(f"the cursor {cursor[:40]!r} is not one this server issued") from exc
    if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, str) and v for v in value):
        raise InvalidCursor(f"the cursor {cursor[:40]!r} is not one this server issued")
    return value[0], value[1]


def check_limit(limit: int) -> int:
    if not isinstance(limit, int) or limit < 1:
        raise ValueError("limit must be a positive integer")
    return min(limit, 1000)


# -- rows for cross-document queries -------------------------------------------


def entity_rows(doc: Document) -> list[dict[str, Any]]:
    """One row per entity mention, with the attributes queries filter on."""
    rows = []
    for e in doc.entities:
        attrs = e.attributes or {}
        rows.append(
            {
                "type": e.type,
                "name": e.name,
                "text": e.text,
                "start": e.start,
                "end": e.end,
                "adcode": _str_or_none(attrs.get("adcode")),
                "industry": e.name if e.type == "industry" else None,
                "sector": _str_or_none(attrs.get("sector")) if e.type == "industry" else None,
                "attributes": to_plain(attrs),
            }
        )
    return rows


def metric_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "text": m.text,
            "start": m.start,
            "end": m.end,
            "value": m.value,
            "value_max": m.value_max,
            "unit": m.unit,
            "qualifier": m.qualifier,
            "measure": m.measure,
            "subject": m.subject,
            "period": m.period,
        }
        for m in doc.metrics
    ]


def facets(doc: Document) -> set[tuple[str, str]]:
    """The distinct (facet, value) pairs a document answers to in
    ``GET /documents`` filters: entity name (as written, and its canonical
    name with and without its type: ``docpipe.canonical``), entity type,
    adcode (every division the entity lies in, so a province's code finds
    its cities' parks and counties: a roll-up that stays one equality),
    industry (the industry's name, its dictionary name and its sector), and whether the
    document is an original (no ``duplicate_of``: ``canonical_only``)."""
    out: set[tuple[str, str]] = set()
    for row in entity_rows(doc):
        out.add(("name", row["name"]))
        out.add(("name", canonical_name(row["name"], row["type"])))
        out.add(("name", canonical_name(row["name"])))
        out.add(("type", row["type"]))
        adcode = row["adcode"] or canonical_entity(row["type"], row["name"], row["attributes"]).adcode
        for code in adcode_ancestors(adcode):
            out.add(("adcode", code))
        if row["industry"]:
            out.add(("industry", row["industry"]))
            # a weak alias named as written (芯片) answers to its dictionary name too (集成电路)
            canonical = (row["attributes"] or {}).get("canonical")
            if isinstance(canonical, str) and canonical:
                out.add(("industry", canonical))
        if row["sector"]:
            out.add(("industry", row["sector"]))
    if not getattr(doc, "duplicate_of", None):  # a declared field or an extra one
        out.add(ORIGINAL_FACET)
    return out


# Stage outputs the index rows read that the last stage may not have loaded
# (it reads only its own inputs): index_results fills them from the store.
INDEX_FIELDS: tuple[str, ...] = ("duplicate_of",)


def missing_index_fields(doc: Document) -> list[str]:
    return [f for f in INDEX_FIELDS if f not in doc.model_fields_set and f not in (doc.model_extra or {})]


def with_fields(doc: Document, values: dict[str, Any]) -> Document:
    """A copy of ``doc`` with these fields set (extra fields included)."""
    doc = doc.model_copy()
    for name, value in values.items():
        setattr(doc, name, value)
    return doc


# The facet of a document that is no near-duplicate of an earlier one.
ORIGINAL_FACET: tuple[str, str] = ("copy", "original")
# DocumentQuery attribute -> facet, for the entity filters.
FACET_FILTERS: tuple[tuple[str, str], ...] = (
    ("entity_name", "name"),
    ("entity_type", "type"),
    ("adcode", "adcode"),
    ("industry", "industry"),
)


def facet_filters(query: Any) -> list[tuple[str, str]]:
    """The (facet, value) pairs a ``DocumentQuery`` asks for, each one
    indexed equality: the entity name as its canonical name (of its type,
    when the query names one), ``canonical_only`` as the original facet."""
    out: list[tuple[str, str]] = []
    for attr, facet in FACET_FILTERS:
        value = getattr(query, attr)
        if value:
            if attr == "entity_name":
                value = canonical_name(value, query.entity_type)
            out.append((facet, value))
    if getattr(query, "canonical_only", False):
        out.append(ORIGINAL_FACET)
    return out


def entity_counts_by_type(doc: Document) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in doc.entities:
        counts[e.type] = counts.get(e.type, 0) + 1
    return counts


def _str_or_none(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
