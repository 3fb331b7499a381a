"""Segment stage: clean the raw text, find title and date, split sentences,
segment with jieba (POS tags), pick keywords.

Reads ``raw_text`` (and ``title``/``published_at`` when the request gave them);
writes ``clean_text``, ``raw_spans`` (clean→raw runs, see Document),
``sentences``, ``tokens``, ``keywords``, ``title``, ``published_at`` and the
timings ``clean`` and ``segment``.
"""
from __future__ import annotations

import time

from docpipe.document import Document
from docpipe.pipeline import declared_stage

from . import resources
from .cleaning import clean_aligned
from .keywords import keywords
from .metadata import detect_published_at, detect_title, normalize_date
from .segmenter import sentences, tokens


def segment(doc: Document) -> Document:
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
    doc.sentences = sentences(aligned.text)
    doc.tokens = tokens(aligned.text, pos=True)
    doc.keywords = keywords(doc.tokens)
    t2 = time.perf_counter()
    doc.timings_ms["clean"] = round((t1 - t0) * 1000, 3)
    doc.timings_ms["segment"] = round((t2 - t1) * 1000, 3)
    return doc


# Its reads, adds, status and version: docpipe/pipeline.toml.
STAGE = declared_stage("segment", segment, warm_up=resources.warm_up)
READS, ADDS = STAGE.reads, STAGE.adds
