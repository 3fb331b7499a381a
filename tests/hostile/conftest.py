"""Fixtures of the hostile corpus tests: the segment stage warmed up once, and
the seed articles' cost in the deterministic measure (yardstick.py)."""

from __future__ import annotations

import pytest
import yardstick

from docpipe.ingest import new_document
from docpipe.pipeline import Stage, load_stage
from services.normalize import figures


@pytest.fixture(scope="session")
def segment_stage() -> Stage:
    stage = load_stage("segment")
    assert stage.warm_up is not None
    stage.warm_up()
    figures.warm_up()
    # First-call costs (lazy imports, caches) stay out of every count.
    doc = stage.run(new_document("预热：2024年产值增长5%，达到3亿元。"))
    figures.extract(doc.clean_text or "", doc.published_at, [])
    return stage


@pytest.fixture(scope="session")
def articles(segment_stage: Stage) -> yardstick.Yardstick:
    return yardstick.measure(segment_stage)
