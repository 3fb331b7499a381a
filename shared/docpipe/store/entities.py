"""Entities across documents: what both store engines share.

``index_results`` writes one *entity-document row* per canonical entity a
document names (``entity_doc_rows``): type, canonical name (``docpipe.canonical``),
the names the document wrote it with, its mention count, adcode, and the
document's date, and keeps one *summary* per entity (``entity_summary``:
documents, mentions, first and last seen, adcode, aliases). ``GET /entities``
is a walk of the summaries in (type, canonical name) order, whatever the
entities' sizes. ``GET /entities/{type}/{name}`` reads one entity's summary,
the metrics whose subject is one of its names, and the entities that share
the most of its newest documents (from its rows).

The engines supply the reads (``EntityIndex``); ``entity_index.entity_index(store)``
gives the one for a store, so the Store classes only write the rows.
"""

from __future__ import annotations

import base64
import binascii
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from ..canonical import canonical_entity, canonical_name
from ..document import Document
from ..errors import InvalidCursor
from .common import published_date

# Entities the detail lists as named with it, and how many of its newest
# documents that count reads (a bound on the work of a very common entity).
RELATED = 20
RELATED_DOCUMENTS = 1000
FACTS = 100

# The plain row of GET /entities (and its exports): one entity, flat.
ENTITY_COLUMNS: tuple[str, ...] = (
    "type",
    "name",
    "aliases",
    "adcode",
    "documents",
    "mentions",
    "first_seen",
    "last_seen",
)


@dataclass(frozen=True)
class EntityQuery:
    type: str | None = None
    q: str | None = None  # the canonical form of q, or a part of a canonical name or alias


@dataclass
class EntityPage:
    items: list[dict[str, Any]]
    next_cursor: str | None = None


def entity_doc_rows(doc: Document, created_at: str | None = None) -> list[dict[str, Any]]:
    """One row per (type, canonical name) the document names, in first-mention order."""
    seen = published_date(doc.published_at) or (created_at or doc.created_at or "")[:10] or None
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for e in doc.entities:
        c = canonical_entity(e.type, e.name, e.attributes)
        row = rows.get((c.type, c.name))
        if row is None:
            row = rows[(c.type, c.name)] = {
                "type": c.type,
                "canonical": c.name,
                "names": [],
                "mentions": 0,
                "adcode": c.adcode,
                "seen": seen,
            }
        row["mentions"] += 1
        if e.name not in row["names"]:
            row["names"].append(e.name)
        row["adcode"] = row["adcode"] or c.adcode
    for row in rows.values():
        # Most rows name the entity by its canonical name only; the few that
        # do not are indexed apart, so an entity's aliases read only those.
        row["aliased"] = row["names"] != [row["canonical"]]
    return list(rows.values())


def entity_item(type_: str, name: str, names: Sequence[str], stats: dict[str, Any]) -> dict[str, Any]:
    """The plain row of one entity."""
    return {
        "type": type_,
        "name": name,
        "aliases": sorted(n for n in set(names) if n != name),
        "adcode": stats.get("adcode"),
        "documents": int(stats.get("documents") or 0),
        "mentions": int(stats.get("mentions") or 0),
        "first_seen": stats.get("first_seen"),
        "last_seen": stats.get("last_seen"),
    }


def _item(summary: dict[str, Any]) -> dict[str, Any]:
    return entity_item(summary["type"], summary["canonical"], summary.get("aliases") or [], summary)


def encode_entity_cursor(type_: str, name: str) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(["e", type_, name])).decode("ascii").rstrip("=")


def decode_entity_cursor(cursor: str) -> tuple[str, str]:
    try:
        value = orjson.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode("ascii")))
    except (ValueError, binascii.Error, UnicodeEncodeError, orjson.JSONDecodeError) as exc:
        raise InvalidCursor(f"the cursor {cursor[:40]!r} is not one this server issued") from exc
    if not (
        isinstance(value, list)
        and len(value) == 3
        and value[0] == "e"
        and all(isinstance(v, str) and v for v in value[1:])
    ):
        raise InvalidCursor(f"the cursor {cursor[:40]!r} is not one this server issued")
    return value[1], value[2]


def like_pattern(q: str) -> str:
    """A LIKE pattern for ``q`` anywhere (``%``, ``_`` and ``\\`` escaped by ``\\``)."""
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class EntityIndex(ABC):
    """The cross-document entity reads of one store."""

    store: Any

    @abstractmethod
    def _summaries(
        self, query: EntityQuery, canonical_q: str | None, limit: int, after: tuple[str, str] | None
    ) -> list[dict[str, Any]]:
        """The summaries (``entity_summary``: type, canonical, aliases and the
        counts) of the entities matching, in (type, canonical) order, after ``after``."""

    @abstractmethod
    def _summary(self, type_: str, canonical: str) -> dict[str, Any] | None:
        """One entity's summary; None when no document names it."""

    @abstractmethod
    def _related(self, type_: str, name: str, limit: int) -> list[dict[str, Any]]:
        """Entities in the most of this one's newest documents: type, name, documents."""

    def list_entities(self, query: EntityQuery, *, limit: int = 50, cursor: str | None = None) -> EntityPage:
        after = decode_entity_cursor(cursor) if cursor else None
        q = (query.q or "").strip() or None
        canonical_q = canonical_name(q, query.type) if q else None
        rows = self._summaries(EntityQuery(query.type, q), canonical_q, limit + 1, after)
        page = rows[:limit]
        items = [_item(r) for r in page]
        next_cursor = encode_entity_cursor(page[-1]["type"], page[-1]["canonical"]) if len(rows) > limit else None
        return EntityPage(items, next_cursor)

    def entity(self, type_: str, name: str) -> dict[str, Any] | None:
        """One entity's row, by any name it was written with; None when no document names it."""
        canonical = canonical_name(name, type_)
        found = self._summary(type_, canonical)
        if not found or not found.get("documents"):
            return None
        return _item(found)

    def entity_facts(self, item: dict[str, Any], *, limit: int = FACTS) -> list[dict[str, Any]]:
        """The facts whose subject is the entity: the facts query (``store.facts``)
        for its canonical name and every alias (a metric's subject as written,
        or the entity normalize matched it to)."""
        from .facts import FactQuery

        keys = tuple(dict.fromkeys([item["name"], *item["aliases"]]))
        return list(self.store.query_facts(FactQuery(subject_keys=keys), limit=limit).items)

    def related(self, item: dict[str, Any], *, limit: int = RELATED) -> list[dict[str, Any]]:
        return self._related(item["type"], item["name"], limit)
