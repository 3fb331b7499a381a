"""Segment stage: clean the raw text, split sentences, segment with jieba.

Placeholder: the cleaning and segmentation are built under issue 3.
"""
from __future__ import annotations

import re

from docpipe.document import Document, Sentence, Status
from docpipe.pipeline import Stage

READS = frozenset({"raw_text", "title", "published_at"})
ADDS = frozenset({"clean_text", "raw_spans", "sentences", "tokens", "keywords", "title", "published_at"})

_SENTENCE_END = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def segment(doc: Document) -> Document:
    text = doc.raw_text
    doc.clean_text = text
    doc.raw_spans = [(0, len(text), 0, len(text))]
    doc.sentences = [Sentence(start=m.start(), end=m.end()) for m in _SENTENCE_END.finditer(text) if m.group().strip()]
    return doc


STAGE = Stage("segment", READS, ADDS, segment, status=Status.segmenting)
