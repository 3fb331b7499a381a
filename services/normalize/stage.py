"""Normalize stage: every figure in ``clean_text`` as a contract Metric, with
qualifier, measure, subject and period (see figures.py for the grammar), and
beside them ``measure_id`` (the canonical measure, measures.py) and
``subject_entity`` (the entity the subject names, subjects.py)."""
from __future__ import annotations

from docpipe.document import Document, Status
from docpipe.pipeline import Stage

from . import figures, measures
from .subjects import SubjectEntities

# Sentence and clause bounds are computed here from the text (figures.py), so
# the stored tokens (the largest field) are not read. ``entities`` also gives
# each metric's subject_entity.
READS = frozenset({"clean_text", "entities", "published_at"})
# Each metric carries two fields beyond the contract: ``measure_id`` (an id of
# docpipe/data/measures/measures.tsv, or ``<id>.growth|decline|increase|
# decrease|share``, or null) and ``subject_entity`` ({type, name, adcode} or null).
ADDS = frozenset({"metrics"})
METRIC_FIELDS = ("measure_id", "subject_entity")


def normalize(doc: Document) -> Document:
    metrics = figures.extract(doc.clean_text or "", doc.published_at, doc.entities)
    owners = SubjectEntities(doc.entities)
    for m in metrics:
        m.measure_id = measures.measure_id(m.measure, m.unit)  # type: ignore[attr-defined]
        m.subject_entity = owners.of(m.subject)  # type: ignore[attr-defined]
    doc.metrics = metrics
    return doc


def warm_up() -> None:
    """Build the unit table (pint factors), compile the grammar and load the
    measures table once per process."""
    figures.warm_up()
    measures.table()


STAGE = Stage("normalize", READS, ADDS, normalize, status=Status.normalizing, warm_up=warm_up)
