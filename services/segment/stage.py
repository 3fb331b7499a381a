"""Segment stage: clean the raw text, find title and date, split sentences,
segment with jieba (POS tags), pick keywords.

Reads ``raw_text`` (and ``title``/``published_at`` when the request gave them);
writes ``clean_text``, ``raw_spans`` (clean→raw runs, see Document),
``sentences``, ``tokens``, ``keywords``, ``title``, ``published_at``,
``duplicate_of`` (given a near-duplicate index: the earlier document this one
copies, else null; see docpipe.neardup) and the timings ``clean``,
``neardup`` and ``segment``.
"""

from __future__ import annotations

import time

from docpipe import neardup
from docpipe.document import Document
from docpipe.pipeline import declared_stage

from . import resources
from .cleaning import clean_aligned
from .keywords import keywords
from .metadata import detect_published_at, detect_title, normalize_date
from .segmenter import sentences, tokens


def segment(doc: Document, duplicates: neardup.NearDuplicates | None = None) -> Document:
    """``duplicates``: the near-duplicate index to check the clean text
    against (and add it to); None checks nothing."""
    t0 = time.perf_counter()
    aligned = clean_aligned(doc.raw_text)
    doc.clean_text = aligned.text
    doc.raw_spans = aligned.raw_spans()
    if not doc.title:
        doc.title = detect_title(aligned.text, doc.raw_text)
    if doc.published_at:  # the request's value wins
        doc.published_at = normalize_date(doc.published_at)
    else:
        doc.published_at = detect_published_at(doc.raw_text)
    t1 = time.perf_counter()
    if duplicates is not None:
        # After cleaning: copies differ in page debris the clean text has shed.
        neardup.mark(doc, duplicates)
        doc.timings_ms["neardup"] = round((time.perf_counter() - t1) * 1000, 3)
        t1 = time.perf_counter()
    doc.sentences = sentences(aligned.text)
    doc.tokens = tokens(aligned.text, pos=True)
    doc.keywords = keywords(doc.tokens)
    t2 = time.perf_counter()
    doc.timings_ms["clean"] = round((t1 - t0) * 1000, 3)
    doc.timings_ms["segment"] = round((t2 - t1) * 1000, 3)
    return doc


# Its reads, adds, status and version: docpipe/pipeline.toml.
def _run(doc: Document) -> Document:
    """The worker's segment: with this process's index (none in-process)."""
    return segment(doc, neardup.process_index())


STAGE = declared_stage("segment", _run, warm_up=resources.warm_up)
READS, ADDS = STAGE.reads, STAGE.adds
