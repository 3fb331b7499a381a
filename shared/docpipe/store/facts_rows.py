"""The fact rows ``index_results`` writes (``fact_rows``: one per metric, see
``facts.py``), with what they are made of: a period's first and last day,
a region's adcode range, the sentence a figure was said in."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from typing import Any

from ..document import Document

SEP = "\x1f"

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
