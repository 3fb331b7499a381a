"""The resolver: the one place where candidates of every recogniser become
the document's entities.

In order:
1. 《》 brackets are hard edges: a candidate that takes a bracket in is cut
   wrong, unless its recogniser reads titles (``Recogniser.reads_titles``:
   the documents recogniser);
2. page chrome (masthead, footer and credit lines: ``analysis.chrome``)
   gives no region, park, industry or organization; its people stay
   (bylines count), and so does the outlet a paragraph's closing credit
   names (……。（来源：澎湃新闻）: ``source_credits``);
3. corroboration: an organization the rules found whose name has no
   body's or company's ending (``organizations/name_endings.txt``) and is
   not Latin script (APPA, SGS) stands only where the second model or a
   gazetteer also names an organization over it (``supported``), or where
   the recogniser read it off its context (``attributes.evidence ==
   "context"``: 对X记者说, 龙头企业X2024年营收): abstract
   nouns, slogans and products LAC reads as ORG (品牌影响力, 杞农惠企) go;
4. overlapping candidates: the longest span wins; on equal length the type
   of higher priority (``TYPE_PRIORITY``), then the span more sources agree
   on, then the higher score, then the earlier recogniser;
5. mentions of one entity share one canonical name and the attributes of
   the fullest mention (``deduplicate``); every mention stays.

Sources agree when they give the same span and type. Today's rule-based
recognisers all score 1.0 and never give the same span twice but for a
country (the regions and the organizations recognisers), so step 3's
agreement and score only start to decide once a second model or a gazetteer
gives candidates.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace

from docpipe.document import Entity

from . import list_items, misnamed, name_edges, pseudonyms
from .candidates import Candidate
from .chrome import in_chrome
from .organizations.kinds import has_body_ending
from .region_script import simplified
from .source_credits import credited_outlets

# Where spans of different types cover the same text, which type wins; a
# longer span wins first (a region inside an organization's name is not a
# region). Parks beat regions and organizations on the same span (``中关村``
# is the park; ``北京中关村`` is a park, not Beijing).
TYPE_PRIORITY = {"document": 0, "park": 1, "organization": 2, "person": 3, "industry": 4, "region": 5}

# Types page chrome cannot give: a site's masthead, footer or credit line names
# no region, park, industry or organization of the article. A byline's person
# still counts (the labels keep 记者 + name).
NOT_FROM_CHROME = frozenset({"region", "park", "industry", "organization"})


def resolve(
    candidates: Sequence[Candidate],
    chrome: Sequence[tuple[int, int]],
    reads_titles: Collection[str] = (),
    support: Sequence[tuple[int, int]] | None = None,
    corroborate: Collection[str] = (),
    text: str | None = None,
) -> list[Entity]:
    """The document's entities from the candidates of every recogniser (in
    recogniser order); ``reads_titles`` names the sources whose mentions may
    hold 《》; ``support`` are the spans other sources name an organization
    on, which organizations of the sources in ``corroborate`` need unless
    their name says what they are (None: no corroboration); with the
    document's ``text``, organizations in a 、-list take their whole item."""
    candidates = [c if c.type != "organization" else replace(c, entity=name_edges.trim(c.entity)) for c in candidates]
    candidates = [c for c in candidates if c.type != "organization" or not misnamed.is_other_kind(c.entity.name)]
    if text is not None:
        candidates = [
            c
            if c.type != "organization"
            else replace(
                c,
                entity=list_items.complete(
                    text,
                    name_edges.cut_before_following_word(text, name_edges.cut_after_preceding_word(text, c.entity)),
                ),
            )
            for c in candidates
        ]
    kept = [c for c in candidates if c.source in reads_titles or outside_titles(c.entity)]
    # The outlet a paragraph's closing credit names (……。（来源：澎湃新闻）) is cited, not page chrome.
    credited = set(credited_outlets(text)) if text is not None else set()
    kept = [
        c
        for c in kept
        if outside_chrome(chrome, c.entity) or (c.type == "organization" and (c.start, c.end) in credited)
    ]
    if support is not None:
        # The characters other sources name an organization on: a lookup per candidate, not a scan (issue #15).
        backed = bytearray(max((e for _, e in support), default=0))
        for s, e in support:
            backed[s:e] = b"\x01" * (e - s)
        kept = [
            c
            for c in kept
            if c.source not in corroborate
            or c.type != "organization"
            # judged on the name's simplified form: the endings are simplified only (綿陽新聞網, X集團)
            or stands_alone(simplified(c.entity.name))
            or c.entity.attributes.get("evidence") == "context"  # the recogniser read it off its context
            or backed.find(1, c.start, c.end) >= 0
        ]
    entities = [c.entity for c in resolve_candidates(kept)]
    if text is not None:
        entities = list_items.not_organizations(text, list_items.organizations_in_lists(text, entities))
        entities = pseudonyms.drop(text, entities)
    return deduplicate(entities)


_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9&.\- ]*[A-Za-z0-9.]$")


def stands_alone(name: str) -> bool:
    """A name that says it is an organization: a body's or company-type
    ending after at least two characters, or a Latin-script name."""
    return bool(_LATIN_NAME.match(name)) or has_body_ending(name)


def supported(c: Candidate, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < c.end and c.start < e for s, e in spans)


def outside_titles(e: Entity) -> bool:
    """《》 brackets are hard edges: only the documents recogniser reads them, a
    mention of another recogniser that takes a bracket in is cut wrong."""
    return "《" not in e.text and "》" not in e.text


def outside_chrome(spans: Sequence[tuple[int, int]], e: Entity) -> bool:
    return e.type not in NOT_FROM_CHROME or not in_chrome(spans, e.start, e.end)


def resolve_candidates(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Keep the longest span where candidates overlap; on equal length the
    type of higher priority, then the span more sources agree on, then the
    higher score, then the earlier candidate."""
    agree = Counter(
        (c.start, c.end, c.type) for c in {(c.start, c.end, c.type, c.source): c for c in candidates}.values()
    )
    ranked = sorted(
        enumerate(candidates),
        key=lambda p: (
            -(p[1].end - p[1].start),
            TYPE_PRIORITY.get(p[1].type, 9),
            -agree[(p[1].start, p[1].end, p[1].type)],
            -p[1].score,
            p[0],
        ),
    )
    # Kept spans are disjoint: sorted starts and ends, and one binary search
    # per candidate, so a text with many mentions costs n log n, not n².
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Candidate] = []
    for _, c in ranked:
        i = bisect_right(starts, c.start)
        if (i > 0 and ends[i - 1] > c.start) or (i < len(starts) and starts[i] < c.end):
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def resolve_overlaps(entities: Sequence[Entity]) -> list[Entity]:
    """``resolve_candidates`` over bare entities (one source, one score)."""
    return [c.entity for c in resolve_candidates([Candidate(e, "") for e in entities])]


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
