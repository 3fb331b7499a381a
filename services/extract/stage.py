"""Extract stage: entities of the contract (regions, parks, organizations,
persons, industries, documents). Placeholder: built under issue 5."""
from __future__ import annotations

from docpipe.document import Document, Status
from docpipe.pipeline import Stage

READS = frozenset({"clean_text", "sentences", "tokens"})
ADDS = frozenset({"entities"})


def extract(doc: Document) -> Document:
    doc.entities = []
    return doc


STAGE = Stage("extract", READS, ADDS, extract, status=Status.extracting)
