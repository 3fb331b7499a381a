"""FoolNLTK 0.1.7's named-entity tagger (a character BiLSTM-CRF), converted to
ONNX, run with onnxruntime and numpy only.

The model, its vocabulary, tag table and CRF transitions live in
``docpipe/data/models/foolnltk/`` (made by ``tools/models/convert_foolnltk.py``;
the README there says where they come from and how well they do). The model
gives per-character emission scores; the CRF decoding is done here, for a
whole batch at once.

As in the original: one vocabulary id per character, no normalisation, and
a character the vocabulary lacks becomes ``<OOV>``. Texts are cut into
chunks at line breaks and sentence ends (long sentences at clause marks, then
hard); chunks are slices of the text, so a span's offsets are its chunk's
offset plus its place in the chunk. The BiLSTM reads each row's length (ONNX
``sequence_lens``), so padded rows give the same scores as unpadded ones and
chunks of similar length share one model call.

Tags are B_/M_/E_/S_ + a type; company, org, person and location are kept
(as company, organization, person, location: ``labels.json``), time and job
are dropped, and so are blanks at a span's ends (and spans of blanks).
A span's score is the mean, over its characters, of the CRF's
marginal probability of the decoded tag (forward-backward).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import onnxruntime as ort

from . import chunking
from .crf_viterbi import by_length, viterbi

FILES = ("ner.onnx", "char_map.json", "labels.json", "transitions.json")

# Longest chunk handed to the model: the model reads any length, but it was
# trained on sentences, and a batch's cost grows with its longest row.
MAX_CHUNK = 150
# Chunks per model call, and how much longer than a batch's shortest chunk
# its longest may be (padding is wasted LSTM steps, not a change of scores).
BATCH = 64
MAX_PAD_RATIO = 1.25
# Chunks per CRF decoding batch, and its padding limit: a row leaves the
# decoding where it ends, so a bigger batch means fewer numpy steps.
DECODE_BATCH = 256
DECODE_PAD_RATIO = 4.0


# Tag prefixes, as codes.
_B, _M, _E, _S, _O = range(5)


class ModelMissing(FileNotFoundError):
    """A file of the converted model is not where docpipe expects it."""


@dataclass(frozen=True, slots=True)
class ModelSpan:
    start: int
    end: int
    label: str  # company | organization | person | location
    score: float  # mean CRF marginal of the span's tags, 0..1


@dataclass(frozen=True)
class Resources:
    session: ort.InferenceSession
    char_to_id: dict[str, int]
    oov: int
    tags: list[str]  # tag name by id (B_org, O, ...)
    prefix: np.ndarray  # (K,) tag id -> _B/_M/_E/_S/_O
    kind: np.ndarray  # (K,) tag id -> entity type index, -1 for O
    kinds: list[str]  # entity type index -> FoolNLTK type (org, job, ...)
    label_of_kind: np.ndarray  # (n kinds,) -> index into labels, -1 if dropped
    labels: list[str]  # docpipe labels
    start: np.ndarray  # (K,) score of each tag first (from the start state)
    transitions: np.ndarray  # (K, K) from-tag x to-tag
    char_ids: chunking.CharIds  # each character's id (``char_to_id``, else <OOV>)


def default_directory() -> Path:
    from importlib import resources as ilr

    return Path(str(ilr.files("docpipe") / "data" / "models" / "foolnltk"))


@lru_cache(maxsize=4)
def load_resources(directory: Path | None = None) -> Resources:
    """The model and its tables, loaded once per process (and per directory).

    The session is single-threaded: our workers are one process per core
    (as for LAC in ``ner.load_resources``)."""
    directory = directory or default_directory()
    for name in FILES:
        if not (directory / name).is_file():
            raise ModelMissing(
                f"FoolNLTK model file missing: {directory / name} "
                "(made by tools/models/convert_foolnltk.py; see the README beside it)"
            )
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(directory / "ner.onnx"), options, providers=["CPUExecutionProvider"])
    char_to_id = json.loads((directory / "char_map.json").read_text(encoding="utf-8"))
    table = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    tags: list[str] = table["tags"]
    docpipe_label: dict[str, str] = table["docpipe"]
    kinds = sorted({t.split("_", 1)[1] for t in tags if t != "O"})
    labels = sorted(set(docpipe_label.values()))
    prefix = np.array([_O if t == "O" else "BMES".index(t[0]) for t in tags], dtype=np.int8)
    kind = np.array([-1 if t == "O" else kinds.index(t.split("_", 1)[1]) for t in tags], dtype=np.int64)
    label_of_kind = np.array([labels.index(docpipe_label[k]) if k in docpipe_label else -1 for k in kinds])
    # transitions.json is (K+1)^2: FoolNLTK's decoder prepends a start state,
    # tag K, whose row gives each real tag's score at the first character.
    trans = np.array(json.loads((directory / "transitions.json").read_text(encoding="utf-8")), dtype=np.float64)
    n = len(tags)
    if trans.shape != (n + 1, n + 1):
        raise ValueError(f"{directory / 'transitions.json'}: shape {trans.shape}, expected {(n + 1, n + 1)}")
    return Resources(
        session=session,
        char_to_id=char_to_id,
        oov=char_to_id["<OOV>"],
        tags=tags,
        prefix=prefix,
        kind=kind,
        kinds=kinds,
        label_of_kind=label_of_kind,
        labels=labels,
        start=trans[n, :n].copy(),
        transitions=trans[:n, :n].copy(),
        char_ids=chunking.CharIds(lambda c: char_to_id.get(c, char_to_id["<OOV>"]), np.int32),
    )


# --- chunks --------------------------------------------------------------------


def chunks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the stretches of ``text`` the model reads (``chunking.spans``)."""
    return chunking.spans(text, MAX_CHUNK)


# --- decoding --------------------------------------------------------------------
# The best paths: crf_viterbi.viterbi with FoolNLTK's start scores (its sums,
# so ties break as its decoder breaks them); the marginals here.


# ``ndarray.sum`` is this reduction behind a Python wrapper (numpy's
# ``_methods._sum``); called directly it is the same sum, once per step.
_row_sum = np.add.reduce


def marginals(em: np.ndarray, lengths: np.ndarray, start: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """P(tag at position) under the CRF, (B, L, K); rows past a length are junk.

    Forward-backward in probability space, each step rescaled to sum 1: the
    scales cancel when each position's alpha * beta is normalised, and with
    transition scores within a few units (-4..3 here) and emissions shifted
    to their position's maximum nothing under- or overflows. One (B, K) x
    (K, K) product per step instead of a (B, K, K) log-sum-exp; rows are
    visited shortest first and only the rows still running take a step."""
    b, width, _k = em.shape
    order, lens = by_length(lengths)
    em = em[order]
    emit = np.exp(em - em.max(axis=2, keepdims=True))
    step = np.exp(trans)
    step_t = step.T
    alpha = np.ones_like(em)
    a = np.exp(start - start.max()) * emit[:, 0]
    alpha[:, 0] = a / a.sum(axis=1, keepdims=True)
    done = 0
    for t in range(1, width):
        while done < b and lens[done] <= t:
            done += 1
        a = (alpha[done:, t - 1] @ step) * emit[done:, t]
        alpha[done:, t] = a / _row_sum(a, axis=1, keepdims=True)
    # A row's last position (and its padding) has nothing after it: beta 1.
    beta = np.ones_like(em)
    done = b
    for t in range(width - 2, -1, -1):
        while done > 0 and lens[done - 1] > t + 1:
            done -= 1
        nxt = (emit[done:, t + 1] * beta[done:, t + 1]) @ step_t
        nxt /= _row_sum(nxt, axis=1, keepdims=True)
        beta[done:, t] = nxt
    joint = alpha * beta
    joint /= joint.sum(axis=2, keepdims=True)
    out = np.empty_like(joint)
    out[order] = joint
    return out


def _spans(
    paths: np.ndarray, probs: np.ndarray, lengths: np.ndarray, res: Resources
) -> list[list[tuple[int, int, int, float]]]:
    """(start, end, label index, score) per row, from tag paths (B, L).

    A span starts at B or S, or where the type changes, or after O, E or S;
    it ends before the next start or O. On well-formed paths that is
    FoolNLTK's reading; on a broken one (B O E) it keeps offsets exact
    where FoolNLTK's loop would glue the pieces."""
    b, width = paths.shape
    inside = np.arange(width)[None, :] < lengths[:, None]
    kind = np.where(inside, res.kind[paths], -1)
    pre = np.where(inside, res.prefix[paths], _O)
    pad_k = np.full((b, 1), -1)
    pad_p = np.full((b, 1), _O, dtype=pre.dtype)
    prev_k, prev_p = np.hstack([pad_k, kind[:, :-1]]), np.hstack([pad_p, pre[:, :-1]])
    next_k, next_p = np.hstack([kind[:, 1:], pad_k]), np.hstack([pre[:, 1:], pad_p])
    ent = kind >= 0
    opens = ent & ((pre == _B) | (pre == _S) | (prev_k != kind) | (prev_p == _E) | (prev_p == _S))
    closes = ent & ((pre == _E) | (pre == _S) | (next_k != kind) | (next_p == _B) | (next_p == _S))
    rows, starts = np.nonzero(opens)
    rows_e, ends = np.nonzero(closes)
    assert np.array_equal(rows, rows_e)
    # Mean marginal over each span, from running sums along the row.
    tag_p = np.take_along_axis(probs, paths[:, :, None], axis=2)[:, :, 0]
    csum = np.concatenate([np.zeros((b, 1)), np.cumsum(tag_p, axis=1)], axis=1)
    score = (csum[rows, ends + 1] - csum[rows, starts]) / (ends + 1 - starts)
    label = res.label_of_kind[kind[rows, starts]]
    out: list[list[tuple[int, int, int, float]]] = [[] for _ in range(b)]
    for r, s, e, lab, sc in zip(
        rows.tolist(), starts.tolist(), ends.tolist(), label.tolist(), score.tolist(), strict=False
    ):
        if lab >= 0:
            out[r].append((s, e + 1, lab, sc))
    return out


def holds_entity(paths: np.ndarray, lengths: np.ndarray, res: Resources) -> np.ndarray:
    """(B,) whether each row's path (B, L), within its length, holds a tag of
    a kept entity type (company, organization, person, location): the rows
    ``_spans`` can give a span for."""
    entity_tag = (res.kind >= 0) & (res.label_of_kind[res.kind] >= 0)
    inside = np.arange(paths.shape[1])[None, :] < lengths[:, None]
    out: np.ndarray = (entity_tag[paths] & inside).any(axis=1)
    return out


# --- the API ---------------------------------------------------------------------


def _run(pieces: list[str], res: Resources, want_spans: bool):
    """Paths (and spans) of every piece: the model over batches of similar
    length, the decoding over bigger ones (a row drops out of the decoding
    where it ends, so there padding costs memory, not steps)."""
    lengths = [len(p) for p in pieces]
    paths: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(pieces)
    spans: list[list[tuple[int, int, int, float]]] = [[] for _ in pieces]
    order = sorted((i for i, n in enumerate(lengths) if n), key=lengths.__getitem__)
    # Every piece's ids at once, then each row a slice of them.
    all_ids = res.char_ids.ids("".join(pieces))
    starts = np.cumsum([0, *lengths]).tolist()
    scores: dict[int, np.ndarray] = {}
    for batch in chunking.batches(order, lengths, BATCH, MAX_PAD_RATIO):
        width = lengths[batch[-1]]
        ids = np.zeros((len(batch), width), dtype=np.int32)  # 0 is <PAD>, as FoolNLTK pads
        for row, i in enumerate(batch):
            ids[row, : lengths[i]] = all_ids[starts[i] : starts[i + 1]]
        lens = np.array([lengths[i] for i in batch], dtype=np.int32)
        em = res.session.run(None, {"char_inputs": ids, "lengths": lens})[0]
        for row, i in enumerate(batch):
            scores[i] = em[row, : lengths[i]]
    for batch in chunking.batches(order, lengths, DECODE_BATCH, DECODE_PAD_RATIO):
        width = lengths[batch[-1]]
        em = np.zeros((len(batch), width, len(res.tags)), dtype=np.float64)
        for row, i in enumerate(batch):
            em[row, : lengths[i]] = scores[i]
        lens = np.array([lengths[i] for i in batch], dtype=np.int32)
        best = viterbi(em, lens, res.transitions, start=res.start)
        for row, i in enumerate(batch):
            paths[i] = best[row, : lengths[i]]
        if want_spans:
            # Marginals only for the rows whose best path holds a kept
            # entity's tag: every other row gives no span.
            rows = np.flatnonzero(holds_entity(best, lens, res))
            if rows.size:
                sub_em, sub_lens, sub_best = em[rows], lens[rows], best[rows]
                probs = marginals(sub_em, sub_lens, res.start, res.transitions)
                for row, found in zip(rows.tolist(), _spans(sub_best, probs, sub_lens, res), strict=True):
                    spans[batch[row]] = found
    return paths, spans


def tag_ids(pieces: list[str], resources: Resources | None = None) -> list[np.ndarray]:
    """The decoded tag ids of each piece as one chunk, uncut (for checks
    against the original model: ``tools/models/convert_foolnltk.py verify``)."""
    return _run(pieces, resources or load_resources(), want_spans=False)[0]


def tag(texts: list[str], resources: Resources | None = None) -> list[list[ModelSpan]]:
    """Entities of each text, by character offsets: ``text[s.start:s.end]`` is
    the entity. Every chunk of every text goes through the model together."""
    res = resources or load_resources()
    owner: list[tuple[int, int]] = []  # chunk -> (text index, offset)
    pieces: list[str] = []
    for k, text in enumerate(texts):
        for s, e in chunks(text):
            owner.append((k, s))
            pieces.append(text[s:e])
    _, spans = _run(pieces, res, want_spans=True)
    out: list[list[ModelSpan]] = [[] for _ in texts]
    for (k, offset), piece, found in zip(owner, pieces, spans, strict=False):
        for s, e, lab, sc in found:
            s, e = trim(piece, s, e)
            if s < e:
                out[k].append(ModelSpan(offset + s, offset + e, res.labels[lab], sc))
    return out


def trim(piece: str, start: int, end: int) -> tuple[int, int]:
    """A span without blanks at its ends (``start == end`` if all blank).

    Blanks are out of the vocabulary (<OOV>), and the model sometimes tags a
    run of them, or a blank next to a name (as the original does); they are
    never part of a name."""
    while start < end and piece[start].isspace():
        start += 1
    while end > start and piece[end - 1].isspace():
        end -= 1
    return start, end
