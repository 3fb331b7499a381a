"""What the normalize rule tests ask of a text: a document built from it and the
entities it names, and what normalize gives each figure (measure_id, subject,
the subject entity's name).

One copy of the probe the rule tests in tests/unit/test_normalize_* share; they
had seven, which drifted (first occurrence or next occurrence of a repeated
name, which publication date). A spec's surface is found at its next
occurrence after the same surface's previous spec, so a name written twice can
be given twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docpipe.document import Document, Entity, EntityType
from services.normalize.stage import normalize

# surface as written, entity type, canonical name, attributes
Spec = tuple[str, EntityType, str, dict[str, Any]]


def entities_in(text: str, specs: Iterable[Spec]) -> list[Entity]:
    """The entities of ``specs``, each at its surface's next occurrence in ``text``."""
    ents: list[Entity] = []
    seen: dict[str, int] = {}
    for surface, etype, name, attrs in specs:
        start = text.index(surface, seen.get(surface, 0))
        seen[surface] = start + len(surface)
        ents.append(
            Entity(type=etype, text=surface, name=name, start=start, end=start + len(surface), attributes=attrs)
        )
    return ents


def document(text: str, specs: Iterable[Spec] = (), published_at: str | None = "2024-02-01") -> Document:
    """A cleaned document of ``text`` whose extract stage found ``specs``."""
    return Document(
        id="t", raw_text=text, clean_text=text, entities=entities_in(text, specs), published_at=published_at
    )


def _extra(metric: Any, key: str) -> Any:
    return (metric.__pydantic_extra__ or {}).get(key)


def measure_ids(text: str | Document, published_at: str | None = None) -> dict[str, str | None]:
    """Each figure's measure_id (by its text), of a document or of a bare text with no entities."""
    doc = text if isinstance(text, Document) else document(text, published_at=published_at)
    return {m.text: _extra(m, "measure_id") for m in normalize(doc).metrics}


def subjects(doc: Document) -> dict[str, str | None]:
    """Each figure's subject as written (by its text)."""
    return {m.text: m.subject for m in normalize(doc).metrics}


def subject_names(doc: Document) -> dict[str, str | None]:
    """Each figure's subject entity's canonical name (by its text), None where it has none."""
    out: dict[str, str | None] = {}
    for m in normalize(doc).metrics:
        entity = _extra(m, "subject_entity")
        out[m.text] = entity.get("name") if isinstance(entity, dict) else None
    return out
