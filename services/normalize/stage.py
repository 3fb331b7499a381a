"""Normalize stage: every figure in ``clean_text`` as a contract Metric, with
qualifier, measure, subject and period (see figures.py for the grammar)."""
from __future__ import annotations

from docpipe.document import Document, Status
from docpipe.pipeline import Stage

from . import figures

# Sentence and clause bounds are computed here from the text (figures.py), so
# the stored tokens (the largest field) are not read.
READS = frozenset({"clean_text", "entities", "published_at"})
ADDS = frozenset({"metrics"})


def normalize(doc: Document) -> Document:
    doc.metrics = figures.extract(doc.clean_text or "", doc.published_at, doc.entities)
    return doc


def warm_up() -> None:
    """Build the unit table (pint factors) and compile the grammar once per process."""
    figures.warm_up()


STAGE = Stage("normalize", READS, ADDS, normalize, status=Status.normalizing, warm_up=warm_up)
