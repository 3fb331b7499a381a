"""A learned keep/drop decision for the document's organizations,
industries, parks, regions and persons (issue #11: a third of the
organizations the rules gave were wrong; spurious regions were most of the
region errors on unseen text). The shipped model judges organizations and
regions: a type without a threshold in the model file is never judged (see
tools/train_filter.py for what the other types got on cross-validation).

The unit is a resolved entity: one (type, canonical name) of the document
with all its mentions, the unit the scorer counts. Its features are generic
(``features``): which recognisers gave a candidate on one of its mentions
and how many agree, the name's length and last characters, whether it ends
in a known ending (organizations/name_endings.txt, parks/suffixes.txt,
industries/suffixes.txt), LAC's tag and word boundaries, the second model's
span and label over it, a gazetteer hit, the recogniser's ``evidence``, its
position (first line, first paragraph), how often it is named, whether it
sits in a 、-list, the characters just before and after, a region inside it,
digits and Latin letters; for regions and persons also where the mention
sits (``_context``: inside another recogniser's longer candidate, in page
chrome, on a short line or a line's opening, two characters either side)
and its attributes (division level, a title's head word). No name from any
gold is a feature.

The model is a logistic regression trained by ``tools/train_filter.py`` on
the tuning sets' gold, exported as a feature vocabulary, coefficients, an
intercept and a keep threshold per type (``models/keep_filter.json``);
scoring is a dot product here, no training library at run time. Entities of
a type the model does not cover are never judged, nor is a text shorter than
``MIN_CHARS`` (see there).
"""

from __future__ import annotations

import json
import math
import os
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from docpipe.document import Entity
from docpipe.wordlists import data_path, load_list

from .analysis import Analysis
from .candidates import Candidate
from .script_view import on_view, simplified_view

JUDGED = frozenset({"organization", "industry", "park", "region", "person"})
# Types that get the context features below (issue #11, second round): a false region or person is mostly a
# place or a name read inside a longer name, in page chrome or a byline, which the first features do not see.
# The first three types keep the features they were trained with.
CONTEXT_TYPES = frozenset({"region", "person"})
# A text shorter than this is not judged. The shortest article the model was trained on has 178
# characters, and half its weight is on document-level features (how often a name occurs, how many
# names of its type the text has, whether it is on the first line): on one sentence they say
# nothing, and the model dropped 国务院 from 党中央国务院高度重视。 and 喜茶 from 喜茶创始人聂云宸出席了活动。.
MIN_CHARS = 150
MODEL_FILE = "models/keep_filter.json"
# Points at another model file (cross-validation scores a left-out set with a model trained without it);
# "off" turns the step off.
ENV = "DOCPIPE_KEEP_MODEL"

_DIGIT = re.compile(r"[0-9０-９]")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
# Where a paragraph ends: the first paragraph is the text before the second blank or newline-separated block.
_ENDINGS = {
    "organization": "organizations/name_endings.txt",
    "park": "parks/suffixes.txt",
    "industry": "industries/suffixes.txt",
}


@lru_cache(maxsize=1)
def _endings() -> dict[str, tuple[str, ...]]:
    return {t: load_list(name) for t, name in _ENDINGS.items()}


def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


@dataclass(frozen=True)
class Unit:
    """One judged entity of a document: its type, name and mentions."""

    type: str
    name: str
    mentions: tuple[Entity, ...]


def units(entities: Sequence[Entity]) -> list[Unit]:
    """The document's judged entities, one per (type, name), in first-mention order."""
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for e in entities:
        if e.type in JUDGED:
            groups[(e.type, e.name)].append(e)
    return [Unit(t, n, tuple(ms)) for (t, n), ms in groups.items()]


class _Spans:
    """Sorted spans with a label, for overlap look-ups by binary search."""

    def __init__(self, spans: Sequence[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]
        self.longest = max((e - s for s, e, _ in self.spans), default=0)

    def over(self, start: int, end: int) -> list[tuple[int, int, str]]:
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_right(self.starts, end - 1)
        return [sp for sp in self.spans[lo:hi] if sp[0] < end and start < sp[1]]


def features(
    analysis: Analysis, candidates: Sequence[Candidate], entities: Sequence[Entity]
) -> list[tuple[Unit, dict[str, float]]]:
    """Each judged entity of the document and its features (name -> value;
    most are 1.0 indicators). Feature names carry the type: one model holds
    a separate weight per type."""
    text = analysis.text
    endings = _endings()
    by_span: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    for c in candidates:
        by_span[(c.start, c.end, c.type)].add(c.source)
    lac_starts = {w.start for w in analysis.lac}
    lac_ends = {w.end for w in analysis.lac}
    lac_word = {(w.start, w.end): w.tag for w in analysis.lac}
    model = _Spans([(s.start, s.end, s.label) for s in analysis.model_spans])
    gaz = _Spans([(h.start, h.end, h.source) for h in analysis.gazetteer_hits])
    regions = _Spans([(c.start, c.end, "region") for c in candidates if c.type == "region"])
    judged = {t: _Spans([(c.start, c.end, c.source) for c in candidates if c.type == t]) for t in JUDGED}
    every = _Spans([(c.start, c.end, c.type) for c in candidates])
    resolved = _Spans([(e.start, e.end, e.type) for e in entities])
    chrome = _Spans([(s, e, "chrome") for s, e in getattr(analysis, "chrome", ())])
    first_line = text.find("\n")
    first_line = len(text) if first_line < 0 else first_line
    para = text.find("\n", first_line + 1)
    para = len(text) if para < 0 else para
    lac = sorted(analysis.lac, key=lambda w: w.start)
    lac_at = [w.start for w in lac]
    by_type_count: dict[str, int] = defaultdict(int)
    names_of: dict[str, list[str]] = defaultdict(list)
    out = []
    all_units = units(entities)
    for u in all_units:
        by_type_count[u.type] += 1
        names_of[u.type].append(u.name)
    for u in all_units:
        t = u.type[:3]
        f: dict[str, float] = {f"{t}:bias": 1.0}

        def on(name: str, value: float = 1.0, f: dict[str, float] = f, t: str = t) -> None:
            f[f"{t}:{name}"] = value

        name = u.name
        on(f"len={_bucket(len(name), (1, 2, 3, 4, 5, 6, 8, 10, 14))}")
        on(f"last1={name[-1:]}")
        on(f"last2={name[-2:]}")
        on(f"first1={name[:1]}")
        for typ, ends in endings.items():
            if any(name.endswith(x) and len(name) > len(x) for x in ends):
                on(f"ends_{typ[:3]}")
            if name in ends:
                on(f"is_ending_{typ[:3]}")
        if _DIGIT.search(name):
            on("digit")
        if _LATIN.search(name):
            on("latin")
        if name != u.mentions[0].text:
            on("renamed")
        if any(name in other and name != other for other in names_of[u.type]):
            on("in_longer_name")
        if any(other in name and name != other for other in names_of[u.type]):
            on("holds_shorter_name")
        occurs = text.count(u.mentions[0].text)
        on(f"occurs={_bucket(occurs, (1, 2, 3, 5))}")
        if occurs > len(u.mentions):
            on("named_unrecognised")
        on(f"mentions={_bucket(len(u.mentions), (1, 2, 3, 5))}")
        on(f"same_type_in_doc={_bucket(by_type_count[u.type], (1, 3, 6, 10, 20))}")
        sources: set[str] = set()
        agree = 0
        for m in u.mentions:
            src = by_span.get((m.start, m.end, m.type), set())
            sources |= src
            for _, _, source in judged[m.type].over(m.start, m.end):
                on(f"src_overlap={source}")
            agree = max(agree, len(src))
            tag = lac_word.get((m.start, m.end))
            on(f"lac={tag}" if tag else "lac=multi")
            if m.start in lac_starts and m.end in lac_ends:
                on("lac_edges")
            inner = lac[bisect_left(lac_at, m.start) : bisect_left(lac_at, m.end)]
            if inner:
                on(f"lac_first={inner[0].tag}")
                on(f"lac_last={inner[-1].tag}")
                on(f"lac_words={_bucket(len(inner), (1, 2, 3, 4))}")
                for w in inner:
                    on(f"lac_has={w.tag}")
            for s, e, label in model.over(m.start, m.end):
                on(f"model_{'exact' if (s, e) == (m.start, m.end) else 'overlap'}={label}")
            for s, e, label in gaz.over(m.start, m.end):
                on(f"gaz_{'exact' if (s, e) == (m.start, m.end) else 'overlap'}={label}")
            if any(
                s >= m.start and e <= m.end and (s, e) != (m.start, m.end) for s, e, _ in regions.over(m.start, m.end)
            ):
                on("region_inside")
            before = text[m.start - 1] if m.start > 0 else "^"
            after = text[m.end] if m.end < len(text) else "$"
            on(f"before={before}")
            on(f"after={after}")
            on(f"after2={text[m.end : m.end + 2]}")
            if before == "、" or after == "、":
                on("list")
            if m.end <= first_line:
                on("first_line")
            elif m.end <= para:
                on("first_para")
            if u.type in CONTEXT_TYPES:
                _context(text, m, every, resolved, chrome, on)
        for source in sorted(sources):
            on(f"src={source}")
        if not sources:
            on("src=none")
        on(f"agree={min(agree, 3)}")
        attrs = u.mentions[0].attributes
        for k in sorted(attrs):
            on(f"attr={k}")
        ev = attrs.get("evidence")
        if isinstance(ev, str):
            on(f"evidence={ev}")
        if u.type in CONTEXT_TYPES:
            # The division level (province .. county, country, economic region), a person's title, and such.
            # Not a code or a parent's name (they name the place), and of a title only its head word.
            for k in sorted(attrs):
                v = attrs[k]
                if not isinstance(v, str) or k in ("evidence", "parent") or v.isdigit():
                    continue
                on(f"attr_{k}={v[-2:] if k == 'title' else v}")
            if any(m.text != m.name for m in u.mentions):
                on("text_differs")
        f[f"{t}:first_pos"] = min(m.start for m in u.mentions) / max(len(text), 1)
        out.append((u, f))
    return out


def _context(text: str, m: Entity, every: _Spans, resolved: _Spans, chrome: _Spans, on: Callable[[str], None]) -> None:
    """Where a mention sits: inside, across or around another recogniser's candidate or a resolved entity
    (a place or a name read inside a longer name), in page chrome, and its line (a byline or dateline is
    a short line or a line's opening); two characters either side."""
    span = (m.start, m.end)
    for s, e, typ in every.over(m.start, m.end):
        if (s, e) == span:
            if typ != m.type:
                on(f"same_span_cand={typ}")
        elif s <= m.start and e >= m.end:
            on(f"inside_cand={typ}")
        elif s >= m.start and e <= m.end:
            on(f"holds_cand={typ}")
        else:
            on(f"cross_cand={typ}")
    for s, e, typ in resolved.over(m.start, m.end):
        if (s, e) != span and s <= m.start and e >= m.end:
            on(f"inside_entity={typ}")
    if chrome.over(m.start, m.end):
        on("chrome")
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line_end = len(text) if line_end < 0 else line_end
    on(f"line_len={_bucket(line_end - line_start, (10, 20, 40, 80))}")
    if not text[line_start : m.start].strip():
        on("line_opens")
    if not text[m.end : line_end].strip():
        on("line_closes")
    on(f"before2={text[max(m.start - 2, 0) : m.start]}")
    on(f"around={text[m.start - 1 : m.start] if m.start else '^'}_{text[m.end : m.end + 1] or '$'}")


@dataclass(frozen=True)
class Model:
    index: Mapping[str, int]
    coef: np.ndarray
    intercept: float
    thresholds: Mapping[str, float]

    def score(self, f: Mapping[str, float]) -> float:
        """The probability the entity is kept (the logistic of the linear score)."""
        cols = [(self.index[k], v) for k, v in f.items() if k in self.index]
        z = self.intercept
        if cols:
            idx = np.fromiter((i for i, _ in cols), dtype=np.int64, count=len(cols))
            val = np.fromiter((v for _, v in cols), dtype=np.float64, count=len(cols))
            z += float(np.dot(self.coef[idx], val))
        return 1.0 / (1.0 + math.exp(-z))


def read_model(path: Path) -> Model:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Model(
        index={k: i for i, k in enumerate(raw["features"])},
        coef=np.asarray(raw["coef"], dtype=np.float64),
        intercept=float(raw["intercept"]),
        thresholds={k: float(v) for k, v in raw["thresholds"].items()},
    )


@lru_cache(maxsize=4)
def _load(path: str) -> Model | None:
    return None if path == "off" else read_model(Path(path))


def load_resources() -> Model | None:
    """The model in force, loaded once per process: ``DOCPIPE_KEEP_MODEL``'s
    file, or the shipped one (None: no model, nothing judged); and the
    endings the features read."""
    _endings()
    chosen = os.environ.get(ENV) or str(data_path(MODEL_FILE))
    if chosen != "off" and not Path(chosen).is_file():
        # A missing model must stop the worker at warm-up, not silently keep every entity.
        raise FileNotFoundError(f"the keep model {chosen!r} does not exist ({ENV}=off turns the step off)")
    return _load(chosen)


def judge(
    analysis: Analysis,
    candidates: Sequence[Candidate],
    entities: Sequence[Entity],
    model: Model | None = None,
) -> list[Entity]:
    """The entities without the judged ones the model scores below its type's
    threshold (every mention of a dropped entity goes); a text shorter than
    ``MIN_CHARS`` keeps them all."""
    return split(analysis, candidates, entities, model)[0]


def split(
    analysis: Analysis,
    candidates: Sequence[Candidate],
    entities: Sequence[Entity],
    model: Model | None = None,
) -> tuple[list[Entity], list[Entity]]:
    """(kept, dropped): ``judge``'s entities, and every mention of the ones it
    drops, each with its score in ``attributes["keep_score"]`` (the document's
    ``dropped_entities``: the normalize stage reads them as names written in
    the text, never as owners, so a figure's owner does not hinge on the step)."""
    model = model if model is not None else load_resources()
    if model is None or len(analysis.text) < MIN_CHARS:
        return list(entities), []
    scores: dict[tuple[str, str], float] = {}
    # A page in traditional script is judged on its simplified view, as the recognisers read it: the
    # features (endings, characters around, names) were learned on simplified text, and on the page as
    # written they dropped 中國 and 睢縣 that the same page in simplified script kept.
    view = simplified_view(analysis)
    seen = on_view(analysis, view, list(entities), names=True)  # one for one with ``entities``
    # Only the types the model judges get features (a type's features read only its own entities).
    for u, f in features(view, candidates, [e for e in seen if e.type in model.thresholds]):
        p = model.score(f)
        if p < model.thresholds[u.type]:
            scores[(u.type, u.name)] = p
    kept = [e for e, s in zip(entities, seen, strict=True) if (s.type, s.name) not in scores]
    dropped = [
        e.model_copy(update={"attributes": {**e.attributes, "keep_score": round(scores[(s.type, s.name)], 4)}})
        for e, s in zip(entities, seen, strict=True)
        if (s.type, s.name) in scores
    ]
    return kept, dropped
