"""Normalize stage: every figure, normalised to the contract's units with
qualifier, measure, subject and period. Placeholder: built under issue 4."""
from __future__ import annotations

from docpipe.document import Document, Status
from docpipe.pipeline import Stage

READS = frozenset({"clean_text", "sentences", "tokens", "entities", "published_at"})
ADDS = frozenset({"metrics"})


def normalize(doc: Document) -> Document:
    doc.metrics = []
    return doc


STAGE = Stage("normalize", READS, ADDS, normalize, status=Status.normalizing)
