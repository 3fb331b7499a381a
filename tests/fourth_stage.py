"""A fourth stage for the tests (tests/unit/test_pipeline_fourth_stage.py,
tests/integration/test_pipeline_fourth_stage_worker.py): its module and its
[[stage]] entry, appended to the packaged pipeline.toml in a temporary file
that ``DOCPIPE_PIPELINE`` names."""

from __future__ import annotations

STAGE_MODULE = """
from docpipe.document import Document
from docpipe.pipeline import declared_stage


def summarise(doc: Document) -> Document:
    doc.summary = f"{len(doc.metrics)} figures, {len(doc.entities)} entities"
    return doc


STAGE = declared_stage("summarise", summarise)
"""

DECLARATION = """
[[stage]]
name = "summarise"
queue = "summarise"
status = "summarising"
reads = ["entities", "metrics"]
adds = ["summary"]
version = "0.0.1"
module = "summarise_stage:STAGE"
"""
