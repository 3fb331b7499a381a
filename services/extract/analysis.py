"""The one analysis of a document that every recogniser reads.

An ``Analysis`` is built once per document, before any recogniser runs, by
the declared *analysers* (``recognisers.ANALYSERS``): each has a name (the
slot it fills), what it needs (``text`` or earlier slots, handed to its
function in that order) and a pure function. Recognisers then read the
slots; none recomputes LAC or calls another module behind the pipeline's
back.

Slots today: ``text``; ``simplified`` (the text with traditional-script
characters simplified, one for one, so its offsets are the text's);
``chrome`` (page-chrome line spans); ``lac`` (LAC words with offsets);
``organizations_in_lists`` (names the organizations'
list and appositive rules make organizations, which the person recogniser
must not take for people). ``model_spans`` and ``gazetteer_hits`` are there
for a second NER model and for gazetteers: empty until an analyser fills
them.

This module holds types only; it imports no recogniser, so every recogniser
may import it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from .ner import LacWord


@dataclass(frozen=True)
class Analysis:
    """Everything the recognisers read about one document. Frozen: a
    recogniser cannot change what the next one sees."""

    text: str
    # ``text`` on a simplified view (region_script.simplified): the regions',
    # parks', organizations' and gazetteer's tables are simplified only; the text itself where it has no
    # traditional character.
    simplified: str = ""
    chrome: tuple[tuple[int, int], ...] = ()
    lac: tuple[LacWord, ...] = ()
    organizations_in_lists: frozenset[str] = frozenset()
    # A second NER model's spans, each with ``start``, ``end``, ``label`` and
    # ``score`` (e.g. ``foolnltk.ModelSpan``: company, organization, person,
    # location), and gazetteer hits (listed companies, development zones):
    # typed by the analysers that fill them.
    model_spans: tuple[Any, ...] = ()
    gazetteer_hits: tuple[Any, ...] = ()


SLOTS: frozenset[str] = frozenset(f.name for f in fields(Analysis))


@dataclass(frozen=True)
class Analyser:
    """Fills one slot of the analysis: ``fn(*needs)`` (each need is ``text``
    or an earlier slot, passed in the declared order). ``load`` loads the
    analyser's resources once per process (the stage's warm-up calls it; an
    error there stops the worker)."""

    name: str
    needs: tuple[str, ...]
    fn: Callable[..., Any]
    load: Callable[[], object] | None = None
    # Sequences are stored as tuples, sets as frozensets: the analysis stays immutable.
    freeze: Callable[[Any], Any] = field(default=tuple)


def build(text: str, analysers: Sequence[Analyser], given: Mapping[str, Any] | None = None) -> Analysis:
    """Run the analysers in order over ``text``. ``given`` supplies slots
    from outside (tests pass hand-made LAC words); those analysers are
    skipped."""
    slots: dict[str, Any] = {"text": text}
    for name, value in (given or {}).items():
        slots[name] = _frozen(value)
    for a in analysers:
        if a.name in slots:
            continue
        slots[a.name] = a.freeze(a.fn(*(slots[n] for n in a.needs)))
    return Analysis(**slots)


def _frozen(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value
