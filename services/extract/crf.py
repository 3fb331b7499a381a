"""A character-level linear-chain CRF over the signals the extract stage
already computes (issue #11): organizations, parks and industries tagged
B/I per type, trained on the tuning sets' gold by ``tools/train_crf.py``
(python-crfsuite, at training time only).

Each character gets integer *keys*, one per feature template (``keys``):
the character and its neighbours (window ±2), character bigrams, LAC's word
position (B/I/E/S) and tag, FoolNLTK's span label (``model_spans``), a
gazetteer hit, the rule recognisers' candidates (type, B/I/E/S) and whether
a known name ending (``organizations/name_endings.txt``) ends there. The
trainer writes the same keys as crfsuite attributes (``attribute``), so
what is learned and what runs here cannot drift apart.

At run time the exported weights (``models/crf/crf.npz``: one sorted key
table and its weight rows, and the transitions) give the emissions with
one ``searchsorted`` and one gather per document, and
``crf_viterbi.viterbi`` decodes them, one row per sentence. No dependency
beyond numpy.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import numpy as np

from docpipe.document import Entity, EntityType
from docpipe.wordlists import load_list

from .analysis import Analysis
from .candidates import Candidate, Found
from .crf_viterbi import viterbi

MODEL_DIR = Path(__file__).resolve().parents[2] / "shared" / "docpipe" / "data" / "models" / "crf"
# A model file other than the shipped one (cross-validation folds of tools/train_crf.py), or "off"
# (the recogniser gives nothing: the pipeline without it, for back-to-back comparisons).
MODEL_ENV = "DOCPIPE_CRF_MODEL"

# The rule recognisers' entity types, one feature channel each (B/I/E/S of their candidates).
RULE_TYPES: tuple[str, ...] = ("organization", "park", "industry", "region", "person", "document")
# Sentences end here (a row of the decode); entities of these types never cross them.
_SENTENCE_ENDS = frozenset("。！？；\n")
_MAX_ROW = 160  # a longer sentence is cut: rows of one batch stay short
_KEY_BITS = 43  # a template's keys stay below 2**43 (a bigram is two 21-bit code points)
_NO_KEY = 0  # "no value" in a sparse channel: no feature


@lru_cache(maxsize=4096)
def _tag_id(tag: str) -> int:
    """A stable small id for a label string (LAC's tags, FoolNLTK's labels)."""
    return zlib.crc32(tag.encode("utf-8")) & 0xFFFF


def _bies(n: int, spans: Sequence[tuple[int, int, int]]) -> np.ndarray:
    """Per character: 0 outside every span, else ``value * 8 + position``
    (1 first, 2 inside, 3 last, 4 a one-character span). Later spans
    overwrite earlier ones."""
    out = np.zeros(n, dtype=np.int64)
    for s, e, v in spans:
        if e <= s:
            continue
        base = v * 8
        if e - s == 1:
            out[s] = base + 4
            continue
        out[s] = base + 1
        out[s + 1 : e - 1] = base + 2
        out[e - 1] = base + 3
    return out


@lru_cache(maxsize=1)
def _endings() -> tuple[str, ...]:
    return tuple(sorted(load_list("organizations/name_endings.txt"), key=len, reverse=True))


def _ending_ends(text: str) -> np.ndarray:
    """Per character: the length of the longest known name ending that ends
    on it (0: none)."""
    out = np.zeros(len(text), dtype=np.int64)
    for ending in _endings():
        k = len(ending)
        i = text.find(ending)
        while i >= 0:
            j = i + k - 1
            if out[j] == 0:
                out[j] = k
            i = text.find(ending, i + 1)
    return out


def _shift(a: np.ndarray, off: int, pad: int) -> np.ndarray:
    """``a[i + off]`` for every i, ``pad`` past either end."""
    if off == 0:
        return a
    out = np.full_like(a, pad)
    if off > 0:
        out[:-off] = a[off:]
    else:
        out[-off:] = a[:off]
    return out


# The templates, in order: (name, channel, offset). A bigram's offset is its first character's.
TEMPLATES: tuple[tuple[str, str, int], ...] = (
    ("c-2", "char", -2),
    ("c-1", "char", -1),
    ("c0", "char", 0),
    ("c+1", "char", 1),
    ("c+2", "char", 2),
    ("b-2", "bigram", -2),
    ("b-1", "bigram", -1),
    ("b0", "bigram", 0),
    ("b+1", "bigram", 1),
    ("w-1", "lac", -1),
    ("w0", "lac", 0),
    ("w+1", "lac", 1),
    ("m-1", "fool", -1),
    ("m0", "fool", 0),
    ("m+1", "fool", 1),
    ("g0", "gaz", 0),
    ("end0", "ending", 0),
    ("end-1", "ending", -1),
    *((f"r{t[:3]}-1", f"rule:{t}", -1) for t in RULE_TYPES[:3]),
    *((f"r{t[:3]}0", f"rule:{t}", 0) for t in RULE_TYPES),
    *((f"r{t[:3]}+1", f"rule:{t}", 1) for t in RULE_TYPES[:3]),
    ("bias", "bias", 0),
)


def channels(a: Analysis, rules: Sequence[Candidate]) -> dict[str, np.ndarray]:
    """Per-character integer channels of one document (see the module doc)."""
    text = a.text
    n = len(text)
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64) if n else np.zeros(0, np.int64)
    lac = np.zeros(n, dtype=np.int64)
    if a.lac:
        starts = np.fromiter((w.start for w in a.lac), dtype=np.int64, count=len(a.lac))
        ends = np.fromiter((w.end for w in a.lac), dtype=np.int64, count=len(a.lac))
        tags = np.fromiter((_tag_id(w.tag) for w in a.lac), dtype=np.int64, count=len(a.lac))
        lens = ends - starts
        ok = lens > 0
        starts, ends, tags, lens = starts[ok], ends[ok], tags[ok], lens[ok]
        # Position in the word: 1 first, 2 inside, 3 last, 4 a one-character word.
        pos = np.full(int(lens.sum()), 2, dtype=np.int64)
        first = np.concatenate(([0], np.cumsum(lens)[:-1]))
        pos[first + lens - 1] = 3
        pos[first] = np.where(lens == 1, 4, 1)
        idx = np.repeat(starts, lens) + (np.arange(int(lens.sum())) - np.repeat(first, lens))
        lac[idx] = np.repeat(tags, lens) * 8 + pos
    fool = _bies(n, [(s.start, s.end, _tag_id(s.label)) for s in a.model_spans])
    gaz = _bies(n, [(h.start, h.end, 1) for h in a.gazetteer_hits])
    out = {"char": chars, "lac": lac, "fool": fool, "gaz": gaz, "ending": _ending_ends(text)}
    for t in RULE_TYPES:
        out[f"rule:{t}"] = _bies(n, [(c.start, c.end, 1) for c in rules if c.type == t])
    return out


# What a channel reads past either end of the text: code 1 for the characters (no character of
# our texts has it), no feature for the others.
_PAD = {"char": 1, "bigram": 1}


def vectors(a: Analysis, rules: Sequence[Candidate]) -> dict[str, np.ndarray]:
    """Every channel's per-character values, with the bigram (a character
    and the next) and the bias (1 everywhere)."""
    ch = channels(a, rules)
    chars = ch["char"]
    bigram = (chars << 21) | _shift(chars, 1, 0)
    bigram[-1:] = (chars[-1:] << 21) | 1  # the last character before the end
    ch["bigram"] = bigram
    ch["bias"] = np.ones(len(chars), dtype=np.int64)
    return ch


def keys_of(vecs: dict[str, np.ndarray]) -> np.ndarray:
    """(templates, chars) int64 keys; ``_NO_KEY`` where a template has no feature."""
    n = len(vecs["char"])
    out = np.zeros((len(TEMPLATES), n), dtype=np.int64)
    for i, (_, channel, off) in enumerate(TEMPLATES):
        out[i] = _shift(vecs[channel], off, _PAD.get(channel, _NO_KEY))
    return out


def keys(a: Analysis, rules: Sequence[Candidate]) -> np.ndarray:
    """The trainer's features: ``keys_of(vectors(a, rules))``."""
    return keys_of(vectors(a, rules))


def attribute(template: int, key: int) -> str:
    """The crfsuite attribute of a template's key (the trainer's feature name)."""
    return f"{template}:{key}"


_ROW_END = re.compile("[。！？；\n]")


def rows(text: str) -> list[tuple[int, int]]:
    """The decode's rows: sentences (ending at 。！？； or a newline), cut
    every ``_MAX_ROW`` characters."""
    out: list[tuple[int, int]] = []
    bounds = [m.end() for m in _ROW_END.finditer(text)]
    if not bounds or bounds[-1] < len(text):
        bounds.append(len(text))
    start = 0
    for end in bounds:
        out.extend((s, min(s + _MAX_ROW, end)) for s in range(start, end, _MAX_ROW))
        start = end
    return out


@dataclass(frozen=True)
class Channel:
    """One channel's part of the model: its keys (sorted), the offsets of
    the templates that read it, and the weights (keys + 1, offsets, tags),
    with a last row of zeros for a key the model never saw."""

    vocab: np.ndarray
    offsets: tuple[int, ...]
    weights: np.ndarray


@dataclass(frozen=True)
class Model:
    labels: tuple[str, ...]  # tag names by id: "O", "B-organization", "I-organization", ...
    table: np.ndarray  # sorted combined keys (template << _KEY_BITS | key)
    weights: np.ndarray  # (len(table), tags)
    transitions: np.ndarray  # (tags, tags) from x to
    meta: dict[str, Any]
    channels: dict[str, Channel]

    def emissions(self, k: np.ndarray) -> np.ndarray:
        """(chars, tags) state scores for keys ``k`` (templates, chars): the
        plain sum, as crfsuite scores (the tests' reference)."""
        n_t, n = k.shape
        combined = (np.arange(n_t, dtype=np.int64)[:, None] << _KEY_BITS) | k
        combined[k == _NO_KEY] = -1  # matches no row
        flat = combined.ravel()
        idx = np.searchsorted(self.table, flat)
        np.minimum(idx, len(self.table) - 1, out=idx)
        hit = self.table[idx] == flat
        rows = self.weights[idx]
        rows[~hit] = 0.0
        return rows.reshape(n_t, n, -1).sum(axis=0)

    def emissions_of(self, vecs: dict[str, np.ndarray]) -> np.ndarray:
        """The same scores from the channels: per channel, one key lookup and
        one gather of every template's rows, each added at its offset."""
        n = len(vecs["char"])
        n_tags = len(self.labels)
        em = np.zeros((n, n_tags), dtype=np.float64)
        for name, ch in self.channels.items():
            if not ch.offsets:
                continue
            pad = _index(ch.vocab, np.array([_PAD.get(name, _NO_KEY)], dtype=np.int64))[0]
            g = ch.weights[_index(ch.vocab, vecs[name])]  # (n, offsets, tags)
            for j, off in enumerate(ch.offsets):
                if off == 0:
                    em += g[:, j]
                elif off > 0:
                    em[: max(n - off, 0)] += g[off:, j]
                    em[max(n - off, 0) :] += ch.weights[pad, j]
                else:
                    em[-off:] += g[: max(n + off, 0), j]
                    em[: min(-off, n)] += ch.weights[pad, j]
        return em


def _index(vocab: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each value's row in ``vocab`` (sorted), ``len(vocab)`` where absent."""
    if not len(vocab):
        return np.zeros(len(values), dtype=np.int64)
    idx = np.searchsorted(vocab, values)
    np.minimum(idx, len(vocab) - 1, out=idx)
    idx[vocab[idx] != values] = len(vocab)
    return idx


def _by_channel(table: np.ndarray, weights: np.ndarray) -> dict[str, Channel]:
    template = table >> _KEY_BITS
    key = table & ((1 << _KEY_BITS) - 1)
    out: dict[str, Channel] = {}
    for name in dict.fromkeys(c for _, c, _ in TEMPLATES):
        ids = [i for i, (_, c, _) in enumerate(TEMPLATES) if c == name and (template == i).any()]
        vocab = np.unique(key[np.isin(template, ids)])
        w = np.zeros((len(vocab) + 1, len(ids), weights.shape[1]), dtype=np.float64)
        for j, i in enumerate(ids):
            sel = template == i
            w[np.searchsorted(vocab, key[sel]), j] = weights[sel]
        out[name] = Channel(vocab, tuple(TEMPLATES[i][2] for i in ids), w)
    return out


def load(path: Path | str | None = None) -> Model:
    """The model at ``path`` (default: ``$DOCPIPE_CRF_MODEL`` or the shipped one)."""
    p = Path(path or os.environ.get(MODEL_ENV) or MODEL_DIR / "crf.npz")
    return _load(str(p))


@lru_cache(maxsize=4)
def _load(path: str) -> Model:
    with np.load(path, allow_pickle=False) as z:
        labels = tuple(json.loads(str(z["labels"])))
        meta = json.loads(str(z["meta"]))
        table, weights = z["table"].astype(np.int64), z["weights"].astype(np.float64)
        return Model(labels, table, weights, z["transitions"], meta, _by_channel(table, weights))


def switched_off() -> bool:
    return os.environ.get(MODEL_ENV) == "off"


def load_resources() -> Model | None:
    """The model and the name endings, once per process (the stage's warm-up)."""
    _endings()
    return None if switched_off() else load()


def tag(model: Model, a: Analysis, rules: Sequence[Candidate]) -> list[str]:
    """The best tag of every character (by sentence rows)."""
    if not a.text:
        return []
    return decode_emissions(model, model.emissions_of(vectors(a, rules)), rows(a.text))


def decode(model: Model, k: np.ndarray, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The best tags of the characters of ``spans`` (rows decoded apart, in
    one batch) from keys ``k`` (templates, chars)."""
    return decode_emissions(model, model.emissions(k), spans)


def decode_emissions(model: Model, em: np.ndarray, spans: Sequence[tuple[int, int]]) -> list[str]:
    return [model.labels[t] for t in _path(model, em, spans)]


def _path(model: Model, em: np.ndarray, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """The best tag ids of every character (rows decoded apart, in one batch)."""
    batch, lengths = _batch(em, spans)
    paths = viterbi(batch, lengths, model.transitions)
    out = np.zeros(len(em), dtype=np.int64)
    for r, (s, e) in enumerate(spans):
        out[s:e] = paths[r, : e - s]
    return out


def _batch(em: np.ndarray, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    width = max(e - s for s, e in spans)
    batch = np.zeros((len(spans), width, em.shape[1]), dtype=np.float64)
    for r, (s, e) in enumerate(spans):
        batch[r, : e - s] = em[s:e]
    return batch, np.array([e - s for s, e in spans], dtype=np.int64)


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.exp(x - m).sum(axis=axis))


def marginals(model: Model, k: np.ndarray, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """(chars, tags) probability of each tag at each character of ``spans``
    (forward-backward, rows apart, in one batch); 0 outside the spans."""
    return _marginals(model, model.emissions(k), spans)


def _marginals(model: Model, em: np.ndarray, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    batch, lengths = _batch(em, spans)
    b, width, _ = batch.shape
    trans = model.transitions.astype(np.float64)
    alpha = np.empty_like(batch)
    alpha[:, 0] = batch[:, 0]
    for t in range(1, width):
        alpha[:, t] = _logsumexp(alpha[:, t - 1, :, None] + trans, axis=1) + batch[:, t]
    beta = np.zeros_like(batch)
    for t in range(width - 2, -1, -1):
        step = _logsumexp(trans + (batch[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
        beta[:, t] = np.where((t < lengths - 1)[:, None], step, 0.0)
    z = _logsumexp(alpha[np.arange(b), lengths - 1], axis=1)
    # Past a row's end alpha and beta mean nothing: zero them before exp (no overflow there).
    inside = np.arange(width)[None, :] < lengths[:, None]
    p = np.exp(np.where(inside[:, :, None], alpha + beta - z[:, None, None], -np.inf))
    out = np.zeros_like(em)
    for r, (s, e) in enumerate(spans):
        out[s:e] = p[r, : e - s]
    return out


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the B/I runs; an I without its B starts a span."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, t in enumerate([*tags, "O"]):
        prefix, _, typ = t.partition("-")
        if prefix == "I" and typ == kind and start >= 0:
            continue
        if start >= 0:
            out.append((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I"):
            start, kind = i, typ
    return out


def _runs(path: np.ndarray, b: int, i: int) -> list[tuple[int, int]]:
    """``spans`` of one type, on tag ids: ``b`` its B tag, ``i`` its I tag."""
    cont = path == i
    inside = cont | (path == b)
    before = np.concatenate(([False], inside[:-1]))
    starts = np.flatnonzero((path == b) | (cont & ~before))
    ends = np.flatnonzero(inside & ~np.concatenate((cont[1:], [False]))) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


# How the CRF's spans enter the pipeline, chosen by leave-one-set-out cross-validation over the
# tuning sets (tools/train_crf.py cv/variants; figures in the model's README): only organizations,
# only where no other recogniser gave a candidate over any of their characters, and only when the
# CRF is sure (the mean probability of its characters being inside an organization). Added
# spans of every type, parks and industries, or a lower threshold each lowered a set's F1
# (industries most: the CRF adds four false ones for each right one); so did using the CRF's
# spans to corroborate or to drop the rules' organizations.
GIVES: tuple[str, ...] = ("organization",)
MIN_PROBABILITY = 0.995


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    """The CRF's organizations where no earlier recogniser gave anything,
    with every earlier recogniser's candidates among its features."""
    if not a.text or switched_off():
        return []
    rules = [c for name in found for c in found[name]]
    model = load()
    em = model.emissions_of(vectors(a, rules))
    sentence_rows = rows(a.text)
    taken = bytearray(len(a.text))
    for c in rules:
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    path = _path(model, em, sentence_rows)
    new = [
        (s, e, t)
        for t in GIVES
        for s, e in _runs(path, model.labels.index("B-" + t), model.labels.index("I-" + t))
        if taken.find(1, s, e) < 0 and a.text[s:e].strip() == a.text[s:e]
    ]
    if not new:
        return []
    # The probabilities only for the rows that hold a new span: forward-backward costs 3x the decode.
    held = [r for r in sentence_rows if any(r[0] <= s < r[1] for s, _, _ in new)]
    p = _marginals(model, em, held)
    out = []
    for s, e, t in new:
        inside = [i for i, lab in enumerate(model.labels) if lab.endswith("-" + t)]
        score = float(p[s:e, inside].sum(axis=1).mean())
        if score >= MIN_PROBABILITY:
            name = a.text[s:e]
            out.append(Candidate(Entity(type=cast(EntityType, t), text=name, name=name, start=s, end=e), "crf", score))
    return out
