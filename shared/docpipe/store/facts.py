"""Facts across documents: what both store engines share.

A *fact* is one figure said about a subject: (subject, measure, period,
unit, value, value_max, qualifier). The same fact said by several documents
(reposts) or by several sentences of one document is one fact with all its
sources. Two different values for one subject, measure, period and unit are
both facts, each marked ``conflict``.

``index_results`` writes one *fact row* per metric (``facts_rows.fact_rows``) into a
``facts`` table/collection beside ``metrics``. Each row carries its
``fact_key`` (the fact it states, in a form that sorts by subject, measure,
period) and its ``group_key`` (subject, measure, period, unit: what a
conflict is within). A page of facts is read as rows in
``(fact_key, doc_id, seq)`` order from an index, grouped here; the engines
only supply that ordered row read (``_fact_rows``), the values per group
(``_group_values``) and the documents' titles (``_document_infos``).

Optional metric fields written by the normalize stage, read when present:
``measure_id`` (a canonical measure id) and ``subject_entity``
(``{type, name, adcode}``). A document's ``duplicate_of`` (near-duplicate
detection) is read when present: a repost's sources stay listed, but the
fact's ``documents`` count counts it once, as its original.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..errors import InvalidCursor
from .facts_rows import ROW_COLUMNS, SEP, adcode_range, fact_rows, period_bounds, query_period

# Shared by the engines and the API, defined with the rows (facts_rows).
__all__ = [
    "EXPORT_COLUMNS",
    "ROW_COLUMNS",
    "FactPage",
    "FactQueries",
    "FactQuery",
    "adcode_range",
    "decode_fact_cursor",
    "encode_fact_cursor",
    "export_rows",
    "fact_id",
    "fact_key_range",
    "fact_rows",
    "period_bounds",
    "query_period",
]

# Most rows read per batch while a page or an export is assembled.
ROW_BATCH = 2000
# Facts per page an export reads (each page is one bounded read).
EXPORT_PAGE = 500


@dataclass(frozen=True)
class FactQuery:
    """Filters for ``GET /facts``, already resolved; every field optional, they AND.

    ``subject_keys``: a fact matches when its subject key (the canonical
    entity name when the metric names an entity, else its subject as
    written) is one of these (a name and its canonical form).
    ``measure_key``: a canonical measure id, or a measure as written when it
    has none. ``adcode``: the subject entity lies in that region (a province
    code matches every code under it, a city code every county under it).
    Periods: the fact's period lies within ``[period_from, period_to]``
    (YYYY-MM-DD bounds, inclusive).
    """

    subject_keys: tuple[str, ...] = ()
    adcode: str | None = None
    entity_type: str | None = None
    measure_key: str | None = None
    unit: str | None = None
    period_from: str | None = None
    period_to: str | None = None
    published_from: str | None = None
    published_to: str | None = None


@dataclass
class FactPage:
    items: list[dict[str, Any]] = field(default_factory=list)
    next_cursor: str | None = None


# -- the cursor ---------------------------------------------------------------------


def encode_fact_cursor(fact_key: str) -> str:
    raw = orjson.dumps(["fact", fact_key])
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_fact_cursor(cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = orjson.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeEncodeError, orjson.JSONDecodeError) as exc:
        raise InvalidCursor(f"the cursor {cursor[:40]!r} is not one this server issued") from exc
    if not (isinstance(value, list) and len(value) == 2 and value[0] == "fact" and isinstance(value[1], str)):
        raise InvalidCursor(f"the cursor {cursor[:40]!r} is not one this server issued")
    return value[1]


def fact_key_range(query: FactQuery) -> tuple[str, str] | None:
    """[low, high) of the fact keys of one subject and one measure: a fact
    key starts with both, so a walk can start at the pair's first fact."""
    if len(query.subject_keys) != 1 or not query.measure_key:
        return None
    prefix = SEP.join((query.subject_keys[0], query.measure_key, ""))
    return prefix, prefix + "\U0010ffff"


def fact_id(fact_key: str) -> str:
    """A short stable id for a fact (its key hashed)."""
    return hashlib.sha1(fact_key.encode("utf-8")).hexdigest()[:16]


# -- pages, built on three engine primitives ---------------------------------------------


class FactQueries(ABC):
    """``query_facts`` / ``iter_facts`` for any engine that reads its fact
    rows in ``(fact_key, doc_id, seq)`` order."""

    @abstractmethod
    def _fact_rows(
        self, query: FactQuery, *, key_after: str | None, after: tuple[str, str, int] | None, limit: int
    ) -> list[dict[str, Any]]:
        """Up to ``limit`` rows matching ``query`` in (fact_key, doc_id, seq)
        order, with fact_key > ``key_after`` and (fact_key, doc_id, seq) >
        ``after`` (each when given)."""

    @abstractmethod
    def _group_values(self, group_keys: Sequence[str]) -> dict[str, set[tuple[float, float | None]]]:
        """The distinct (value, value_max) stored for each of these group keys."""

    @abstractmethod
    def _document_infos(self, doc_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """``{id: {title, published_at, duplicate_of}}`` for these documents."""

    def has_measure_key(self, measure_key: str) -> bool:
        """Whether any stored fact has this measure key (a measure as written
        that is no canonical id is known only if some fact says it)."""
        return bool(self._fact_rows(FactQuery(measure_key=measure_key), key_after=None, after=None, limit=1))

    def query_facts(self, query: FactQuery, *, limit: int = 50, cursor: str | None = None) -> FactPage:
        """One page of facts, ordered by subject, measure, period, unit and
        value; ``cursor`` is the ``next_cursor`` of the page before."""
        if not isinstance(limit, int) or limit < 1:
            raise ValueError("limit must be a positive integer")
        limit = min(limit, 1000)
        key_after = decode_fact_cursor(cursor) if cursor else None
        groups: list[tuple[str, list[dict[str, Any]]]] = []
        after: tuple[str, str, int] | None = None
        # Most facts have one or two sources: twice the page is usually one read.
        batch = min(max(2 * limit + 1, 16), ROW_BATCH)
        done = False
        while not done:
            rows = self._fact_rows(query, key_after=key_after, after=after, limit=batch)
            for row in rows:
                if groups and groups[-1][0] == row["fact_key"]:
                    groups[-1][1].append(row)
                    continue
                if len(groups) == limit:
                    done = True  # a row of the next page: there is one
                    break
                groups.append((row["fact_key"], [row]))
            if len(rows) < batch:
                break
            last = rows[-1]
            after = (last["fact_key"], last["doc_id"], int(last["seq"]))
        has_more = done
        items = self._facts(groups)
        next_cursor = encode_fact_cursor(groups[-1][0]) if has_more and groups else None
        return FactPage(items=items, next_cursor=next_cursor)

    def iter_facts(
        self, query: FactQuery, *, cursor: str | None = None, page_size: int = EXPORT_PAGE
    ) -> Iterator[dict[str, Any]]:
        """Every fact matching ``query`` (after ``cursor``), page by page (for exports)."""
        while True:
            page = self.query_facts(query, limit=page_size, cursor=cursor)
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def _facts(self, groups: list[tuple[str, list[dict[str, Any]]]]) -> list[dict[str, Any]]:
        group_keys = sorted({rows[0]["group_key"] for _, rows in groups if rows[0]["group_key"]})
        values = self._group_values(group_keys) if group_keys else {}
        doc_ids = sorted({r["doc_id"] for _, rows in groups for r in rows})
        infos = self._document_infos(doc_ids) if doc_ids else {}
        return [_fact(key, rows, values, infos) for key, rows in groups]


def _fact(
    key: str,
    rows: list[dict[str, Any]],
    values: dict[str, set[tuple[float, float | None]]],
    infos: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    first = rows[0]
    sources = []
    for r in rows:
        info = infos.get(r["doc_id"], {})
        sources.append(
            {
                "document_id": r["doc_id"],
                "title": info.get("title"),
                "published_at": info.get("published_at"),
                "duplicate_of": info.get("duplicate_of") or r.get("duplicate_of"),
                "text": r["text"],
                "start": r["start"],
                "end": r["end"],
                "sentence": r["sentence"],
                "measure": r["measure"],
                "subject": r["subject"],
            }
        )
    entity = None
    if first.get("subject_name"):
        entity = {
            "type": first.get("subject_type"),
            "name": first["subject_name"],
            "adcode": first.get("subject_adcode"),
        }
    group = first.get("group_key")
    return {
        "fact_id": fact_id(key),
        "value": first["value"],
        "value_max": first["value_max"],
        "unit": first["unit"],
        "qualifier": first["qualifier"],
        "period": first["period"],
        "measure_id": first["measure_id"],
        "measure": first["measure"],
        "subject": first["subject"],
        "subject_entity": entity,
        "conflict": group is not None and len(values.get(group, ())) > 1,
        # Reposts (duplicate_of set) count as the document they copy.
        "documents": len({s["duplicate_of"] or s["document_id"] for s in sources}),
        "sources": sources,
    }


# -- flat rows for exports ---------------------------------------------------------------

# One export row per (fact, source): the same columns in CSV, JSON Lines and Parquet.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("fact_id", "string"),
    ("conflict", "bool"),
    ("value", "float64"),
    ("value_max", "float64"),
    ("unit", "string"),
    ("qualifier", "string"),
    ("period", "string"),
    ("measure_id", "string"),
    ("measure", "string"),
    ("subject", "string"),
    ("subject_type", "string"),
    ("subject_name", "string"),
    ("subject_adcode", "string"),
    ("document_id", "string"),
    ("title", "string"),
    ("published_at", "string"),
    ("duplicate_of", "string"),
    ("text", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("sentence", "string"),
)


def export_rows(facts: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each fact as one flat row per source (a fact said twice is two rows
    with one ``fact_id``)."""
    for f in facts:
        entity = f["subject_entity"] or {}
        for s in f["sources"]:
            yield {
                "fact_id": f["fact_id"],
                "conflict": f["conflict"],
                "value": f["value"],
                "value_max": f["value_max"],
                "unit": f["unit"],
                "qualifier": f["qualifier"],
                "period": f["period"],
                "measure_id": f["measure_id"],
                "measure": s["measure"],
                "subject": s["subject"],
                "subject_type": entity.get("type"),
                "subject_name": entity.get("name"),
                "subject_adcode": entity.get("adcode"),
                "document_id": s["document_id"],
                "title": s["title"],
                "published_at": s["published_at"],
                "duplicate_of": s["duplicate_of"],
                "text": s["text"],
                "start": s["start"],
                "end": s["end"],
                "sentence": s["sentence"],
            }
