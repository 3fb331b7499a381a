"""Extract stage: the entities of the contract.

Each recogniser is a pure function over the clean text (and, for the
model-based ones, the LAC analysis) returning ``Entity`` objects with exact
offsets and canonical names; this module runs them and resolves overlaps.

Recogniser signatures (each module owns its resources, loaded once per
process by its own cached loader):

- ``ner.analyse(text) -> list[LacWord]``            LAC words with offsets
- ``regions.find_regions(text) -> list[Entity]``
- ``parks.find_parks(text) -> list[Entity]``
- ``documents.find_documents(text) -> list[Entity]``
- ``industries.find_industries(text) -> list[Entity]``
- ``organizations.find_organizations(text, words) -> list[Entity]``
- ``persons.find_persons(text, words) -> list[Entity]``

Page chrome (``chrome.chrome_spans``: masthead, 技术支持/版权所有 footers,
来源/责任编辑 credit lines, photo credits) gives no region, park, industry or
organization; its people stay (bylines count).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

from docpipe.document import Document, Entity, Status
from docpipe.pipeline import Stage

from .chrome import chrome_spans, in_chrome

READS = frozenset({"clean_text"})
ADDS = frozenset({"entities"})

# Recognisers over the text alone, and those that also read the LAC words.
_TEXT_RECOGNISERS = [
    ("regions", "find_regions"),
    ("parks", "find_parks"),
    ("documents", "find_documents"),
    ("industries", "find_industries"),
]
_NER_RECOGNISERS = [
    ("organizations", "find_organizations"),
    ("persons", "find_persons"),
]


def _load(module: str, attr: str) -> Callable | None:
    # Recognisers land one by one; a missing module simply contributes nothing.
    try:
        return getattr(importlib.import_module(f"services.extract.{module}"), attr)
    except (ImportError, AttributeError):
        return None


# Where spans of different types cover the same text, which type wins; a
# longer span wins first (a region inside an organization's name is not a
# region). Parks beat regions and organizations on the same span (``中关村``
# is the park; ``北京中关村`` is a park, not Beijing).
TYPE_PRIORITY = {"document": 0, "park": 1, "organization": 2, "person": 3, "industry": 4, "region": 5}


def resolve_overlaps(entities: list[Entity]) -> list[Entity]:
    """Keep the longest span where mentions overlap; on equal length the type
    of higher priority, then the earlier recogniser."""
    ranked = sorted(enumerate(entities),
                    key=lambda p: (-(p[1].end - p[1].start), TYPE_PRIORITY.get(p[1].type, 9), p[0]))
    taken: list[tuple[int, int]] = []
    kept: list[Entity] = []
    for _, ent in ranked:
        if any(ent.start < e and s < ent.end for s, e in taken):
            continue
        taken.append((ent.start, ent.end))
        kept.append(ent)
    return sorted(kept, key=lambda e: (e.start, e.end))


def deduplicate(entities: list[Entity]) -> list[Entity]:
    """Every mention stays (its own Entity, exact offsets); mentions of one
    entity share one canonical name and the attributes the fullest mention
    carries (``西部地区`` and ``西部`` both are 西部)."""
    best: dict[tuple[str, str], dict] = {}
    for e in entities:
        key = (e.type, e.name)
        if key not in best or len(e.attributes) > len(best[key]):
            best[key] = e.attributes
    out = []
    for e in entities:
        attrs = best[(e.type, e.name)]
        if e.attributes != attrs:
            merged = {**attrs, **e.attributes}
            if "adcode" in attrs and "adcode_candidates" in merged:
                # A shared division name (``鼓楼区``) takes the code the text gave it elsewhere.
                merged.pop("adcode_candidates")
                merged["adcode"] = attrs["adcode"]
                merged.setdefault("parent", attrs.get("parent"))
            e = e.model_copy(update={"attributes": merged})
        out.append(e)
    return out


def _outside_titles(entities: list[Entity], module: str) -> list[Entity]:
    """《》 brackets are hard edges: only the documents recogniser reads them, a
    mention of another recogniser that takes a bracket in is cut wrong."""
    if module == "documents":
        return entities
    return [e for e in entities if "《" not in e.text and "》" not in e.text]


def extract(doc: Document) -> Document:
    text = doc.clean_text or ""
    found: list[Entity] = []
    for module, attr in _TEXT_RECOGNISERS:
        fn = _load(module, attr)
        if fn is not None:
            found.extend(_outside_titles(fn(text), module))
    analyse = _load("ner", "analyse")
    words = analyse(text) if analyse is not None else []
    for module, attr in _NER_RECOGNISERS:
        fn = _load(module, attr)
        if fn is not None:
            found.extend(_outside_titles(fn(text, words), module))
    doc.entities = deduplicate(resolve_overlaps(_outside_chrome(text, found)))
    return doc


# Types page chrome cannot give: a site's masthead, footer or credit line names
# no region, park, industry or organization of the article. A byline's person
# still counts (the labels keep 记者 + name).
_NOT_FROM_CHROME = frozenset({"region", "park", "industry", "organization"})


def _outside_chrome(text: str, entities: list[Entity]) -> list[Entity]:
    spans = chrome_spans(text)
    if not spans:
        return entities
    return [e for e in entities if e.type not in _NOT_FROM_CHROME or not in_chrome(spans, e.start, e.end)]


def warm_up() -> None:
    """Load every recogniser's resources once per process: each module that
    exposes ``load_resources`` gets it called, and the shared tables too."""
    from . import resources

    resources.load_resources()
    for module in ["ner", *(m for m, _ in _TEXT_RECOGNISERS), *(m for m, _ in _NER_RECOGNISERS)]:
        loader = _load(module, "load_resources")
        if loader is not None:
            loader()


STAGE = Stage("extract", READS, ADDS, extract, status=Status.extracting, warm_up=warm_up)
