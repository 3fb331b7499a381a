"""The extract stage's wiring, in one place: the analysers that build the
``Analysis`` and the recognisers that read it, in order.

A recogniser is declared with its name (the ``source`` of its candidates),
the entity types it gives, what it needs and a pure function
``(Analysis, Found) -> list[Candidate]``. A need is a slot of the analysis
(``text``, ``lac``, ``chrome`` …, see ``analysis.Analysis``) or an earlier
recogniser, whose candidates the pipeline hands over in ``Found``: no
recogniser imports or calls another. The order of ``RECOGNISERS`` is the
order they run in and, for candidates of one type and length, the
resolver's last tie-break.

Adding a recogniser: write its module (a ``recognise(a, found)`` and a
``load_resources()``), add one ``Recogniser(...)`` line below; a new kind of
analysis is one ``Analyser(...)`` line and, if new, one slot of
``Analysis``. ``check`` runs at import and rejects a need nothing gives.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from docpipe.document import Entity
from docpipe.errors import DocpipeError

from . import (
    chrome,
    documents,
    foolnltk,
    gazetteer,
    industries,
    model_entities,
    ner,
    organizations,
    parks,
    persons,
    region_script,
    regions,
    script_view,
)
from .analysis import SLOTS, Analyser, Analysis, build
from .candidates import Candidate, Found
from .ner import LacWord


@dataclass(frozen=True)
class Recogniser:
    name: str
    gives: frozenset[str]  # entity types its candidates may have
    needs: tuple[str, ...]  # analysis slots and earlier recognisers
    find: Callable[[Analysis, Found], list[Candidate]]
    # Loads its resources once per process; the stage's warm-up calls it and
    # an error there stops the worker (see ``warm_up``).
    load: Callable[[], object] | None = None
    # Its mentions may hold 《》 (the resolver drops any other source's that do).
    reads_titles: bool = False


# Both models learned simplified text: a page in traditional script is read on its simplified view
# (same offsets; LAC's words keep the text as written). Read as written, LAC cut 經濟部 and ran
# 並與 into the next company's name (docs/audits/orgs4.md).
def _lac_words(text: str, simplified: str) -> list[LacWord]:
    read = script_view.reading(text, simplified)
    words = ner.analyse(read)
    return words if read is text else [w._replace(text=text[w.start : w.end]) for w in words]


def _model_spans(text: str, simplified: str) -> list[foolnltk.ModelSpan]:
    return foolnltk.tag([script_view.reading(text, simplified)])[0] if text else []


ANALYSERS: tuple[Analyser, ...] = (
    # Traditional script read as simplified (same offsets), once for every recogniser that reads it.
    Analyser("simplified", ("text",), region_script.simplified, load=region_script.load_resources, freeze=str),
    Analyser("chrome", ("text",), chrome.chrome_spans),
    Analyser("lac", ("text", "simplified"), _lac_words, load=ner.load_resources),
    # Names the organizations' list and appositive rules make organizations
    # (卓胜微 in …、卓胜微、…等上市企业): the persons recogniser's stop list.
    Analyser(
        "organizations_in_lists",
        ("text", "lac"),
        organizations.list_members,
        load=organizations.load_resources,
        freeze=frozenset,
    ),
    # The second NER model (FoolNLTK, ONNX): company / organization / person / location spans with scores.
    Analyser("model_spans", ("text", "simplified"), _model_spans, load=foolnltk.load_resources),
    # Company names from published tables (listed companies, brands) on LAC word boundaries, read on
    # the simplified view (the tables are simplified only: 台積電 is the listed 台积电).
    Analyser("gazetteer_hits", ("simplified", "lac"), gazetteer.find_hits, load=gazetteer.load_resources),
)

RECOGNISERS: tuple[Recogniser, ...] = (
    Recogniser(
        "regions",
        frozenset({"region"}),
        ("text", "simplified", "lac", "model_spans"),
        regions.recognise,
        regions.load_resources,
    ),
    Recogniser("parks", frozenset({"park"}), ("text", "simplified", "lac"), parks.recognise, parks.load_resources),
    Recogniser(
        "documents",
        frozenset({"document", "organization"}),
        ("text",),
        documents.recognise,
        documents.load_resources,
        reads_titles=True,
    ),
    Recogniser("industries", frozenset({"industry"}), ("text", "lac"), industries.recognise, industries.load_resources),
    Recogniser(
        "persons",
        frozenset({"person"}),
        ("text", "simplified", "lac", "organizations_in_lists", "model_spans"),
        persons.recognise,
        persons.load_resources,
    ),
    # Also gives a region: a foreign country cut off a company's name (德国|大众汽车).
    Recogniser(
        "organizations",
        frozenset({"organization", "region"}),
        ("text", "simplified", "lac", "regions", "industries", "persons"),
        organizations.recognise,
        organizations.load_all,
    ),
    # The second model's organizations and fuller person spans, and gazetteer companies, each checked
    # (a name ending, another source on the same boundary, a company cue): see model_entities.py.
    Recogniser(
        "model_entities",
        frozenset({"organization", "person"}),
        ("text", "lac", "model_spans", "gazetteer_hits", "regions", "parks", "persons", "organizations"),
        model_entities.recognise,
        model_entities.load_resources,
    ),
)

READS_TITLES: frozenset[str] = frozenset(r.name for r in RECOGNISERS if r.reads_titles)

# Organizations of these sources need another source's support unless their name says what they are
# (resolver.stands_alone): the rules read LAC's ORG words, which include abstract nouns and slogans.
CORROBORATED: frozenset[str] = frozenset({"organizations"})


def organization_support(a: Analysis) -> list[tuple[int, int]]:
    """Spans where a source other than the rules names an organization: the
    second model's companies and organizations, and gazetteer names."""
    return [(s.start, s.end) for s in a.model_spans if s.label in ("company", "organization")] + [
        (h.start, h.end) for h in a.gazetteer_hits
    ]


def check(analysers: Sequence[Analyser] = ANALYSERS, recognisers: Sequence[Recogniser] = RECOGNISERS) -> None:
    """Every name is unique and every need is given before it is read."""
    have = {"text"}
    for a in analysers:
        if a.name not in SLOTS or a.name in have:
            raise ValueError(f"analyser {a.name!r}: no such slot of Analysis, or declared twice")
        missing = set(a.needs) - have
        if missing:
            raise ValueError(f"analyser {a.name!r} needs {sorted(missing)}, which no earlier analyser gives")
        have.add(a.name)
    for r in recognisers:
        if r.name in have:
            raise ValueError(f"recogniser {r.name!r}: the name is taken")
        missing = set(r.needs) - have
        if missing:
            raise ValueError(
                f"recogniser {r.name!r} needs {sorted(missing)}, which no analyser or earlier recogniser gives"
            )
        have.add(r.name)


check()


class RecogniserUnavailable(DocpipeError):
    code, status, title = "recogniser_unavailable", 500, "An extract recogniser cannot load its resources"


def warm_up() -> None:
    """Load every analyser's and recogniser's resources once per process. One
    that cannot load stops the worker here, named, instead of dropping its
    entity types from every document."""
    parts = [("analyser", a.name, a.load) for a in ANALYSERS] + [("recogniser", r.name, r.load) for r in RECOGNISERS]
    for kind, name, load in parts:
        if load is None:
            continue
        try:
            load()
        except Exception as exc:
            raise RecogniserUnavailable(f"extract: the {kind} {name!r} cannot load its resources: {exc!r}") from exc


def run(
    text: str, given: Mapping[str, object] | None = None, only: Collection[str] | None = None
) -> tuple[Analysis, list[Candidate]]:
    """The analysis of ``text`` and every recogniser's candidates, in
    recogniser order. ``given`` supplies analysis slots (tests: hand-made LAC
    words); ``only`` runs just these recognisers (their needs must be among
    them)."""
    analysis = build(text, ANALYSERS, given)
    by_source: dict[str, tuple[Candidate, ...]] = {}
    out: list[Candidate] = []
    for r in RECOGNISERS:
        if only is not None and r.name not in only:
            continue
        found = r.find(analysis, Found({n: by_source[n] for n in r.needs if n in by_source}))
        for c in found:
            if c.source != r.name or c.type not in r.gives:
                raise ValueError(f"recogniser {r.name!r} gave a {c.type} candidate from {c.source!r}")
        by_source[r.name] = tuple(found)
        out.extend(found)
    return analysis, out


def _with_needs(name: str) -> set[str]:
    by_name = {r.name: r for r in RECOGNISERS}
    todo, out = [name], set()
    while todo:
        n = todo.pop()
        if n in by_name and n not in out:
            out.add(n)
            todo.extend(by_name[n].needs)
    return out


def entities_of(name: str, text: str, words: Sequence[LacWord] | None = None) -> list[Entity]:
    """One recogniser's own entities (before the resolver), with the
    recognisers it needs run first; ``words`` replaces LAC's analysis. For
    tests and tools."""
    given = None if words is None else {"lac": words}
    _, found = run(text, given, only=_with_needs(name))
    return [c.entity for c in found if c.source == name]


def organizations_of(text: str, words: Sequence[LacWord] | None = None) -> list[Entity]:
    return entities_of("organizations", text, words)


def persons_of(text: str, words: Sequence[LacWord] | None = None) -> list[Entity]:
    return entities_of("persons", text, words)
