"""Facts across documents: what both store engines share.

A *fact* is one figure said about a subject: (subject, measure, period,
unit, value, value_max, qualifier). The same fact said by several documents
(reposts) or by several sentences of one document is one fact with all its
sources. Two different values for one subject, measure, period and unit are
both facts, each marked ``conflict``.

``index_results`` writes one *fact row* per metric (``fact_rows``) into a
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
import calendar
import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..document import Document
from ..errors import InvalidCursor

SEP = "\x1f"
# Most rows read per batch while a page or an export is assembled.
ROW_BATCH = 2000
# Facts per page an export reads (each page is one bounded read).
EXPORT_PAGE = 500

# The columns of a facts table/collection, in order (SQLite creates them; the
# MongoDB rows carry the same keys plus created_at).
ROW_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "seq",
    "fact_key",
    "group_key",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "period",
    "period_start",
    "period_end",
    "measure",
    "measure_id",
    "measure_key",
    "subject",
    "subject_type",
    "subject_name",
    "subject_adcode",
    "subject_key",
    "text",
    "start",
    "end",
    "sentence",
    "published_date",
    "duplicate_of",
)


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


# -- periods ---------------------------------------------------------------------

_PERIOD_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def period_bounds(text: str | None) -> tuple[str | None, str | None]:
    """The first and last day a period covers (YYYY-MM-DD each): ``2023`` →
    2023-01-01..2023-12-31, ``2023-05`` → the month, ``2021-01/2021-09`` and
    ``2016/2020`` → from the first part's start to the last part's end. (None,
    None) for no period or one that is not in the contract's forms."""
    if not text:
        return None, None
    first, sep, last = text.partition("/")
    start = _part_bounds(first)
    if start is None:
        return None, None
    if sep and not last:
        return start[0], "9999-12-31"  # "2018/": open-ended
    end = _part_bounds(last) if sep else start
    if end is None:
        return None, None
    return start[0], end[1]


def _part_bounds(part: str) -> tuple[str, str] | None:
    m = _PERIOD_PART.match(part.strip())
    if m is None:
        return None
    year = int(m[1])
    if m[3]:
        return (part, part) if _valid_day(year, int(m[2]), int(m[3])) else None
    if m[2]:
        month = int(m[2])
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def query_period(value: str, *, end: bool) -> str | None:
    """A ``period_from`` / ``period_to`` (YYYY, YYYY-MM or YYYY-MM-DD) as the
    day it starts (``end=False``) or ends; None when it is none of those."""
    bounds = _part_bounds(value)
    return None if bounds is None else bounds[1 if end else 0]


# -- adcodes -----------------------------------------------------------------------


def adcode_range(adcode: str) -> tuple[str, str]:
    """The [low, high) range of six-digit codes inside ``adcode`` (GB/T 2260:
    ``320000`` a province holds 32xxxx, ``320500`` a city holds 3205xx, any
    other code only itself), so a region roll-up is one indexed range."""
    if adcode.endswith("0000"):
        prefix = adcode[:2]
    elif adcode.endswith("00"):
        prefix = adcode[:4]
    else:
        return adcode, adcode + "\x00"
    return prefix, prefix + "\x7f"


# -- rows written at indexing --------------------------------------------------------


def _number_key(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def fact_rows(doc: Document) -> list[dict[str, Any]]:
    """One row per metric of ``doc``, seq = the metric's position."""
    duplicate_of = getattr(doc, "duplicate_of", None) or None  # a declared field or an extra one
    published = _published_date(doc.published_at)
    sentences = sorted((s.start, s.end) for s in doc.sentences)
    text = doc.clean_text or ""
    rows = []
    for seq, m in enumerate(doc.metrics):
        mx = m.model_extra or {}
        entity = mx.get("subject_entity") if isinstance(mx.get("subject_entity"), dict) else None
        measure_id = mx.get("measure_id") or None
        subject_name = (entity or {}).get("name") or None
        subject_key = subject_name or m.subject or ""
        measure_key = measure_id or m.measure or ""
        unit = m.unit
        fact_key = SEP.join(
            (
                subject_key,
                measure_key,
                m.period or "",
                unit,
                _number_key(m.value),
                _number_key(m.value_max),
                m.qualifier,
            )
        )
        group_key = (
            SEP.join((subject_key, measure_key, m.period or "", unit))
            if subject_key and measure_key and m.period
            else None
        )
        start, end = period_bounds(m.period)
        sentence = mx.get("sentence") if isinstance(mx.get("sentence"), str) else None
        if sentence is None:
            sentence = _sentence_of(text, sentences, m.start, m.end)
        rows.append(
            {
                "doc_id": doc.id,
                "seq": seq,
                "fact_key": fact_key,
                "group_key": group_key,
                "value": m.value,
                "value_max": m.value_max,
                "unit": unit,
                "qualifier": m.qualifier,
                "period": m.period,
                "period_start": start,
                "period_end": end,
                "measure": m.measure,
                "measure_id": measure_id,
                "measure_key": measure_key or None,
                "subject": m.subject,
                "subject_type": (entity or {}).get("type") or None,
                "subject_name": subject_name,
                "subject_adcode": _subject_adcode(entity),
                "subject_key": subject_key or None,
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "sentence": sentence,
                "published_date": published,
                "duplicate_of": duplicate_of,
            }
        )
    return rows


def _subject_adcode(entity: dict[str, Any] | None) -> str | None:
    """The subject entity's adcode; for one without (a park the normalize
    stage gave none), the region it lies in by the canonical entity tables,
    so a region's facts roll up as its documents do."""
    if not entity:
        return None
    own = _adcode(entity.get("adcode"))
    if own or not entity.get("name") or not entity.get("type"):
        return own
    try:
        from ..canonical import canonical_entity
    except ImportError:  # without the canonical entity tables: none
        return None
    return _adcode(canonical_entity(str(entity["type"]), str(entity["name"])).adcode)


def _adcode(value: Any) -> str | None:
    text = None if value in (None, "") else str(value)
    return text if text and re.fullmatch(r"\d{6}", text) else None


def _published_date(value: str | None) -> str | None:
    from .common import published_date

    return published_date(value)


# Where a sentence ends when the document carries no sentence spans (the
# normalize stage does not read them): the contract's sentence enders.
_ENDERS = "。！？!?；;\n"


def _sentence_of(text: str, sentences: Sequence[tuple[int, int]], start: int, end: int) -> str | None:
    """The sentence holding the span: from the document's sentence spans
    when it has them, else cut at the nearest sentence enders."""
    if not text:
        return None
    for s, e in sentences:
        if s <= start and end <= e:
            return text[s:e]
    lo = max((text.rfind(ch, 0, start) for ch in _ENDERS), default=-1) + 1
    hits = [i for i in (text.find(ch, end) for ch in _ENDERS) if i >= 0]
    hi = min(hits) + 1 if hits else len(text)
    return text[lo:hi].strip() or None


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
