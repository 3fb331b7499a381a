"""The organizations recogniser: every rule family's candidates, filtered,
repaired and resolved among themselves (longest span, then the more
trusted source), then named."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from docpipe.document import Entity
from docpipe.wordlists import load_list

from ..analysis import Analysis
from ..candidates import Candidate, Found, candidates
from ..ner import LacWord
from ..script_view import as_written, on_view, simplified_view
from .boundaries import (
    _a_dateline_place,
    _canonical,
    _cut_bank_branch_tail,
    _cut_before_award,
    _cut_before_latin,
    _cut_before_listing_move,
    _cut_dateline_place,
    _cut_descriptor,
    _cut_sector_tail,
    _extend_latin,
    _split_country,
    _split_joined_bodies,
    _strip_stock_code,
    _with_partnership_tail,
    _with_place_prefix,
)
from .brands import _brand_compounds, _from_finance, _from_named_funds
from .companies import _cut_firm_organ, _from_appositives, _from_lac, _from_lists
from .contexts import (
    _country_acronym,
    _credited_outlet_forms,
    _from_addressees,
    _from_bracket_credits,
    _from_cited_sources,
    _from_country_acronyms,
    _from_datelines,
    _from_defined_short_names,
    _from_invested_names,
    _from_investor_lists,
    _from_latin_before_roles,
    _from_latin_companies,
    _from_latin_cued,
    _from_latin_lists,
    _from_latin_sources,
    _from_listings,
    _from_media_sources,
    _from_news_credits,
    _from_quoted_sites,
    _from_source_credits,
    _from_subject_brands,
    _from_titles,
)
from .filters import (
    _a_trade_before_a_role,
    _country_facility,
    _debris,
    _firm_kind_tables,
    _industry_list_words,
    _is_generic,
    _not_a_body,
    _rejected,
    _trade_terms,
)
from .government import (
    _body_forms,
    _from_bare_bodies,
    _from_departments,
    _from_founded_bodies,
    _from_ministry_departments,
    _from_region_bodies,
    _from_sessions,
    _from_tables,
    _from_task_bodies,
)
from .kinds import has_body_ending, kind_of
from .listed import (
    _cut_place_off_listed,
    _from_listed_full_names,
    _listed,
    _listed_full_forms,
    _listed_short_names,
)
from .projects import _from_project_owners, _long_common_words
from .suffix_names import _from_field_bodies, _from_suffixes
from .tables import (
    _FINANCIAL_HEADS,
    Tables,
    _Cand,
    _country_prefix,
    _descriptor_tables,
    _foreign_countries,
    _foreign_country_set,
    _region_forms,
    _word_index,
    load_resources,
)

# How far before a company's name the country cut off it may be written (its
# descriptor between: 英国电信巨头沃达丰集团).
_COUNTRY_REACH = 16

# Sources whose names their context vouches for (对X记者说; X六氟磷酸锂一期等项目): they stand alone.
_FROM_CONTEXT = frozenset({"appositive", "project", "dateline", "credit"})
_LATIN_AFTER = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")


def _vouched_by_source(text: str, c: _Cand) -> bool:
    """A name its context vouches for (``_FROM_CONTEXT``), or an outlet of the
    published media table (organizations/media.tsv) or a government body's short form with no body's
    ending (国家防总) matched as a whole word:
    the table is the evidence, as a gazetteer hit is for a company. Without
    it the resolver's corroboration dropped outlets whose names end in no
    body's ending and that the second model does not tag (新浪财经, 第一财经,
    财新 closing a news flash: ……。（新浪财经）). Run into Latin letters the
    name is the outlet's app or product of a page's promotion footer (尽在新浪财经APP),
    no mention: it still needs a second source."""
    if c.source in _FROM_CONTEXT:
        return True
    if c.source != "table" or _LATIN_AFTER.match(text, c.end):
        return False
    # A body of the government table whose short form ends in no body's ending (国家防总, 国家森防指:
    # the coordinating bodies' short forms, organizations/government.tsv) is the table's body just as an
    # outlet is; one that has an ending stands alone already and gets no mark.
    return c.kind == "media" or not has_body_ending(c.name)


def load_all() -> Tables:
    """Every table the rules read, for the stage's warm-up (each also loads on
    first use): the tables, place forms, countries, body forms, descriptors."""
    _region_forms()
    _foreign_countries()
    _foreign_country_set()
    _body_forms()
    _descriptor_tables()
    _listed()
    _listed_short_names()
    _firm_kind_tables()
    _trade_terms()
    _country_acronym()
    _credited_outlet_forms()
    _long_common_words()
    return load_resources()


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Longest span wins among our own candidates; tables win ties."""
    order = {
        "table": 0,
        "region": 1,
        "bare": 1,
        "founded": 2,
        "task": 2,
        "finance": 3,
        "fund": 2,
        "brand": 5,
        "suffix": 2,
        "lac": 3,
        "list": 4,
        "title": 5,
        "appositive": 6,
        "dateline": 6,
        "credit": 6,
        "project": 2,
    }
    ranked = sorted(cands, key=lambda c: (-(c.end - c.start), order.get(c.source, 9), c.start))
    kept: list[_Cand] = []
    taken: set[int] = set()
    for c in ranked:
        if any(p in taken for p in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _listed_beside_named(text: str, kept: list[_Cand]) -> set[tuple[int, int]]:
    """LAC's names that are whole items of a 、-list whose other items are all
    names saying what they are (禾赛科技、速腾聚创等: a company among companies)."""
    by_start = {c.start: c for c in kept}
    by_end = {c.end: c for c in kept}
    out: set[tuple[int, int]] = set()
    for c in kept:
        if c.source != "lac" or has_body_ending(c.name):
            continue
        left = by_end.get(c.start - 1) if text[c.start - 1 : c.start] == "、" else None
        right = by_start.get(c.end + 1) if text[c.end : c.end + 1] == "、" else None
        if (text[c.start - 1 : c.start] == "、" and left is None) or (
            text[c.end : c.end + 1] == "、" and right is None
        ):
            continue  # an item the rules did not name
        beside = [n for n in (left, right) if n is not None]
        if beside and all(has_body_ending(n.name) for n in beside):
            out.add((c.start, c.end))
    return out


def not_a_mention(text: str, start: int, end: int, words: list[LacWord]) -> bool:
    """Whether the rules say the span names no organization there, whoever
    proposes it (the second model, a gazetteer): its context rejects it
    (省政府办公厅, 某…公司), it lies on page debris (a footer, a byline's
    outlet, a bulletin's issuer) or it is no body (X市政府工作报告, 自治区党委)."""
    name = text[start:end]
    cand = _Cand(start, end, name, kind_of(name), "model")
    return _is_generic(name) or _rejected(text, start, end) or _debris(text, cand) or _not_a_body(text, cand, words)


def _sector_starts(length: int, industries: list[Entity]) -> list[int]:
    """For each offset strictly inside an industry mention, the latest start
    of such a mention (-1 elsewhere): one pass over the mentions, so a
    candidate's check is a lookup, not a scan of them (issue #15)."""
    inside = [-1] * (length + 1)
    for i in industries:
        for p in range(i.start + 1, min(i.end, length + 1)):
            inside[p] = max(inside[p], i.start)
    return inside


def _cut_across_a_sector(c: _Cand, inside: list[int]) -> bool:
    """A name with no body's ending that ends inside an industry mention
    starting within it (中国工程|机械: 工程机械)."""
    if not (c.end < len(inside) and inside[c.end] > c.start):
        return False
    return not has_body_ending(c.name)


def recognise(a: Analysis, found: Found) -> list[Candidate]:
    # Traditional script is read on its simplified view (same offsets): the tables and word lists are
    # simplified only (台積電, 經濟部, 並與X公司 read as written gave nothing or a name run into 並與).
    view = simplified_view(a)
    entities = find_organizations(
        view.text,
        list(view.lac),
        persons=on_view(a, view, found.entities("persons")),
        regions=on_view(a, view, found.entities("regions")),
        industries=on_view(a, view, found.entities("industries")),
    )
    entities = _join_agreed_bodies(view, _outside_addresses(view, entities))
    entities = _join_at_conjunctions(view, entities)
    entities = _with_models_place(view, _after_descriptor_heads(view, _at_agreed_starts(view, entities)))
    entities = _to_gazetteer_ends(view, _at_model_ends(view, entities))
    return candidates(as_written(a, view, entities), "organizations")


# How sure the second model must be of a span for two bodies inside it to be one.
_JOIN_MIN_SCORE = 0.9


def _join_agreed_bodies(a: Analysis, entities: list[Entity]) -> list[Entity]:
    """Two government bodies or more the rules found side by side (国务院|国资委) inside one span
    that LAC reads as one ORG word and the second model, sure of it, as one organization are one
    body when each is a unit of the one before it by the government table's full names: a unit
    named with its parent (国务院国资委; 党中央国务院 stays two)."""
    org_words = {(w.start, w.end) for w in a.lac if w.tag == "ORG"}
    agreed = [
        (s.start, s.end)
        for s in a.model_spans
        if s.label in ("company", "organization") and s.score >= _JOIN_MIN_SCORE and (s.start, s.end) in org_words
    ]
    if not agreed:
        return entities
    out = list(entities)
    for start, end in agreed:
        inside = [e for e in out if e.type == "organization" and start <= e.start and e.end <= end]
        if len(inside) < 2 or any(e.attributes.get("kind") != "government" for e in inside):
            continue
        inside.sort(key=lambda e: e.start)
        if inside[0].start != start or inside[-1].end != end:
            continue
        if any(x.end != y.start for x, y in pairwise(inside)):
            continue
        # …a unit and its parent, as the government table's full names say (国资委 is 国务院国有资产…),
        # not peers named together (党中央国务院).
        fulls = load_resources().full_names
        if not all(fulls.get(y.name, "").startswith(x.name) for x, y in pairwise(inside)):
            continue
        name = a.text[start:end]
        joined = inside[0].model_copy(update={"text": name, "name": name, "end": end})
        out = [e for e in out if e not in inside] + [joined]
    return sorted(out, key=lambda e: (e.start, e.end))


# Conjunctions a body's own name may hold (规划与国土资源管理局, 网络与装备保障中心).
_NAME_CONJUNCTIONS = "与和及"


def _join_at_conjunctions(a: Analysis, entities: list[Entity]) -> list[Entity]:
    """A body's name with a conjunction inside (X市规划与国土资源管理局, X市气象网络与装备保障中心)
    that LAC cut there, the rules naming its first part alone: it is one body where the second
    model, sure of it (``_JOIN_MIN_SCORE``), reads the whole as one organization ending in a body's
    ending, the rule name opening it ends right at the conjunction and says nothing of what it is
    (no body's ending, no table's body: 发改委与工信部 are two), and every rule name inside lies within it."""
    spans = [
        s
        for s in a.model_spans
        if s.label in ("company", "organization")
        and s.score >= _JOIN_MIN_SCORE
        and any(ch in _NAME_CONJUNCTIONS for ch in a.text[s.start + 2 : s.end - 2])
        and has_body_ending(a.text[s.start : s.end])
    ]
    if not spans:
        return entities
    out = list(entities)
    government = load_resources().government
    for s in spans:
        inside = sorted(
            (e for e in out if e.type == "organization" and e.start < s.end and s.start < e.end), key=lambda e: e.start
        )
        if not inside or any(e.start < s.start or e.end > s.end for e in inside):
            continue
        first = inside[0]
        if (
            first.start != s.start
            or first.end >= s.end
            or a.text[first.end] not in _NAME_CONJUNCTIONS
            or has_body_ending(first.name)
            or first.name in government
        ):
            continue
        name = a.text[s.start : s.end]
        joined = first.model_copy(
            update={"text": name, "name": name, "end": s.end, "attributes": {"kind": kind_of(name)}}
        )
        out = [e for e in out if e not in inside] + [joined]
    return sorted(out, key=lambda e: (e.start, e.end))


# How sure the second model must be of a location for the names inside it to be part of an address.
_ADDRESS_MIN_SCORE = 0.9
# A house number (宁穿路1679号, 沙井大道56号): what makes a location an address.
_HOUSE_NUMBER = re.compile(r"[0-9０-９]+号")


def _outside_addresses(a: Analysis, entities: list[Entity]) -> list[Entity]:
    """No body inside an address: a name lying within a longer span the second model is sure is
    a location, after or over the house number that span holds (…宁穿路1679号金融硅谷七号楼裙楼(X中心14)三楼,
    …紫竹院路32号X写字楼, …大道56号…5楼X交易厅, a suffix name grown over …路1388号X金融中心), names
    a building or a room there, unless it carries a company's legal form (a firm registered at the address)."""
    addresses = [
        s
        for s in a.model_spans
        if s.label == "location" and s.score >= _ADDRESS_MIN_SCORE and _HOUSE_NUMBER.search(a.text, s.start, s.end)
    ]
    if not addresses:
        return entities
    forms = load_list("organizations/legal_forms.txt")
    out = []
    for e in entities:
        if e.type == "organization" and not any(f in e.name for f in forms):
            inside = [
                s for s in addresses if s.start <= e.start and e.end <= s.end and s.end - s.start > e.end - e.start
            ]
            if any(_HOUSE_NUMBER.search(a.text, s.start, e.end) for s in inside):
                continue
        out.append(e)
    return out


# How far a company's short name may run on past where the rules ended it (麦达|数字: 2).
_GAZETTEER_RUN_ON = 2
_GAZETTEER_MIN_LEN = 4


def _to_gazetteer_ends(a: Analysis, entities: list[Entity]) -> list[Entity]:
    """A company's short name the rules cut before its trade word (麦达|数字, 鲁西|化工项目:
    LAC's ORG word is the brand alone) ends where a published company name (listed short names,
    brands: ``analysis.gazetteer_hits``, on LAC's word edges) starting where it does ends, when
    that name has four characters or more and runs on by at most two."""
    longest: dict[int, int] = {}
    for h in a.gazetteer_hits:
        if h.end - h.start >= _GAZETTEER_MIN_LEN:
            longest[h.start] = max(longest.get(h.start, 0), h.end)
    if not longest:
        return entities
    out = []
    for e in entities:
        end = longest.get(e.start, 0)
        if e.type == "organization" and e.name == e.text and e.end < end <= e.end + _GAZETTEER_RUN_ON:
            name = a.text[e.start : end]
            e = e.model_copy(update={"text": name, "name": name, "end": end})
        out.append(e)
    return out


# LAC's tags of words that are names or places themselves: a lead holding one is part of the name.
_PROPER_TAGS = frozenset({"LOC", "PER", "nz", "nr", "ns", "nt"})


def _words_between(word_at: dict[int, LacWord], start: int, end: int) -> list[LacWord] | None:
    """LAC's words from ``start`` to ``end`` when both are word edges, else None."""
    out = []
    while start < end:
        w = word_at.get(start)
        if w is None:
            return None
        out.append(w)
        start = w.end
    return out if start == end else None


# How sure the second model must be of a name's end to cut a rule's name there.
_END_MIN_SCORE = 0.9
_END_MIN_LEN = 4


def _at_model_ends(a: Analysis, entities: list[Entity]) -> list[Entity]:
    """A rule's name that runs on past the end of the second model's organization starting
    where it does (阿里影业|豪掷, 华东石油学院|开发系…, X研究中心|开发部经理) ends where the
    model's does, when the model is sure (``_END_MIN_SCORE``), its span is a name of four
    characters or more, no other model span starts in what is cut off, and that holds no legal
    form (the registered name runs to it: X|有限公司, X|（有限合伙）) nor ends in a financial head
    (a fund its sponsor names: X县政府|产业发展引导基金)."""
    ends: dict[int, list[Any]] = {}
    for s in a.model_spans:
        if s.label in ("company", "organization"):
            ends.setdefault(s.start, []).append(s)
    if not ends:
        return entities
    starts = {s.start for s in a.model_spans}
    out = []
    for e in entities:
        best = None
        if e.type == "organization" and e.name == e.text:
            for s in ends.get(e.start, ()):
                if s.score >= _END_MIN_SCORE and s.end - e.start >= _END_MIN_LEN and s.end < e.end:
                    best = s if best is None or s.end > best.end else best
        if best is None:
            out.append(e)
            continue
        rest = a.text[best.end : e.end]
        if (
            any(best.end <= p < e.end for p in starts)
            or any(f in rest for f in load_list("organizations/legal_forms.txt"))
            or rest.endswith(_FINANCIAL_HEADS)  # X县政府|产业发展引导基金: a fund its sponsor names
            or rest.startswith(("（", "("))  # X合伙企业|（有限合伙）: the registered form in brackets
        ):
            out.append(e)
            continue
        name = a.text[e.start : best.end]
        out.append(e.model_copy(update={"text": name, "name": name, "end": best.end}))
    return out


def _at_agreed_starts(a: Analysis, entities: list[Entity]) -> list[Entity]:
    """Names the rules grew leftwards over the words before them (选定|中信信托有限责任公司,
    控股股东|中船集团, 公告|中国神华能源股份有限公司, 考察|中国银行) start where both
    LAC's ORG word and the second model's organization span start, when the two agree on one
    span that ends where the name does and what lies before it holds no name of its own
    (a place, a person, a proper noun: 中软国际|互联网ITS集团 is not cut)."""
    org_words = {(w.start, w.end): w for w in a.lac if w.tag == "ORG"}
    agreed = {
        s.end: s.start
        for s in a.model_spans
        if s.label in ("company", "organization") and (s.start, s.end) in org_words and s.end - s.start >= 2
    }
    if not agreed:
        return entities
    forms = _region_forms()
    word_at = {w.start: w for w in a.lac}
    out = []
    for e in entities:
        start = agreed.get(e.end)
        if e.type != "organization" or start is None or not e.start < start or e.name != e.text:
            out.append(e)
            continue
        lead = _words_between(word_at, e.start, start)
        if (
            lead is None
            or any(w.tag in _PROPER_TAGS or (w.tag == "ORG" and len(w.text) > 1) for w in lead)
            or any(a.text[i:j] in forms for i in range(e.start, start) for j in range(i + 2, min(start, i + 8) + 1))
        ):
            out.append(e)
            continue
        out.append(_started_at(a, e, start))
    return out


def _started_at(a: Analysis, e: Entity, start: int) -> Entity:
    """The organization ``e`` with its name starting at ``start`` instead (its end kept)."""
    name = a.text[start : e.end]
    return e.model_copy(update={"text": name, "name": name, "start": start})


# How sure the second model must be of a name that starts after a descriptor's head.
_HEAD_MIN_SCORE = 0.9


def _confident_starts(a: Analysis, min_len: int) -> dict[int, list[int]]:
    """Where the second model's organizations (``_HEAD_MIN_SCORE`` or surer, ``min_len``
    characters or more) start, by where they end, in the model's order."""
    starts: dict[int, list[int]] = {}
    for s in a.model_spans:
        if s.label in ("company", "organization") and s.score >= _HEAD_MIN_SCORE and s.end - s.start >= min_len:
            starts.setdefault(s.end, []).append(s.start)
    return starts


def _after_descriptor_heads(a: Analysis, entities: list[Entity]) -> list[Entity]:
    """A rule's name that runs leftwards over a descriptor ending in a head (炼焦煤企业|X集团,
    招标代理机构|X有限公司, NMP生产企业|X集团, 香港上市公司|X有限公司: ``descriptors.txt``'s heads)
    starts where the second model's organization ending where it does starts, when the model is
    sure of it (``_HEAD_MIN_SCORE``, four characters or more) and what is cut off ends in a head,
    not in a registered form (X有限公司|Y分公司 stays whole), and holds no name the model or a
    gazetteer gives (华为公司|武汉研究所: the firm's own unit)."""
    starts = _confident_starts(a, _END_MIN_LEN)
    if not starts:
        return entities
    _, heads, _, _ = _descriptor_tables()
    forms = tuple(f for f in load_list("organizations/legal_forms.txt") if f not in heads)
    named = [(s.start, s.end) for s in a.model_spans if s.label in ("company", "organization")]
    named += [(h.start, h.end) for h in a.gazetteer_hits]
    out = []
    for e in entities:
        cut = None
        if e.type == "organization" and e.name == e.text:
            for start in sorted(starts.get(e.end, ())):
                lead = a.text[e.start : start]
                if (
                    e.start < start
                    and any(lead.endswith(h) for h in heads)
                    and not lead.endswith(forms)
                    and not any(s < start and e.start < t for s, t in named)
                ):
                    cut = start
                    break
        out.append(e if cut is None else _started_at(a, e, cut))
    return out


# How long a place written before a registered name may be (潍坊, 宁波市, 黔东南州).
_PLACE_MAX_LEN = 5


def _with_models_place(a: Analysis, entities: list[Entity]) -> list[Entity]:
    """A registered name (ending in a legal form) the rules started after the place written
    right before it (潍坊|X管理公司: LAC reads the place as a word of its own) starts at the place
    where the second model, sure of it (``_HEAD_MIN_SCORE``), reads place and name as one
    organization ending where the name does: a firm registers its name with its place."""
    starts = _confident_starts(a, 0)
    if not starts:
        return entities
    forms = _region_forms()
    legal = tuple(load_list("organizations/legal_forms.txt"))
    out = []
    for e in entities:
        if e.type == "organization" and e.name == e.text and e.name.endswith(legal):
            for start in starts.get(e.end, ()):
                if e.start - _PLACE_MAX_LEN <= start <= e.start - 2 and a.text[start : e.start] in forms:
                    e = _started_at(a, e, start)
                    break
        out.append(e)
    return out


def find_organizations(
    text: str, words: list[LacWord], *, persons: list[Entity], regions: list[Entity], industries: list[Entity]
) -> list[Entity]:
    """Organizations of ``text`` (and the foreign countries cut off their
    names, as regions); ``persons``, ``regions`` and ``industries`` are those
    recognisers' mentions in the same text."""
    widx = _word_index(words)
    cands = _from_tables(text, words, widx) + _from_region_bodies(text, words, widx) + _from_lac(text, words)
    cands += _from_suffixes(text, words, widx) + _from_listed_full_names(text)
    cands += _from_lists(text, words, widx, cands)
    cands += _from_titles(text, words, persons) + _from_appositives(text, words)
    cands += _from_defined_short_names(text, words, cands)
    cands = [c for c in cands if not _rejected(text, c.start, c.end)]
    # Bare 省/市 bodies are rejected above when no region can be told; these
    # carry the article's region in their name.
    cands += _from_bare_bodies(text, words, widx, regions) + _from_founded_bodies(text, words)
    cands += _brand_compounds(text, words, cands)
    cands += _from_task_bodies(text) + [
        c
        for c in _from_finance(text, words, widx) + _from_named_funds(text, words)
        if not _rejected(text, c.start, c.end)
    ]
    cands += _from_sessions(text) + _from_ministry_departments(text, words, widx)
    cands += [
        c
        for c in _from_departments(text)
        + _from_addressees(text, words)
        + _from_media_sources(text)
        + _from_datelines(text)
        + _from_latin_lists(text)
        + _from_listings(text, words)
        + _from_field_bodies(text)
        + _from_latin_sources(text)
        + _from_cited_sources(text, words)
        + _from_source_credits(text)
        + _from_bracket_credits(text)
        + _from_invested_names(text, industries)
        + _from_investor_lists(text, words, persons)
        + _from_quoted_sites(text)
        + _from_subject_brands(text)
        + _from_latin_companies(text)
        + _from_latin_before_roles(text)
        + _from_latin_cued(text)
        + _from_country_acronyms(text)
        + _from_project_owners(text, words, regions, industries)
        if not _rejected(text, c.start, c.end)
    ]
    # 新浪科技|讯 10月29日…: an outlet's dateline; a name LAC ran into its 讯 (新浪科技讯) is the outlet's.
    credits = _from_news_credits(text)
    cands = [c for c in cands if not any(k.start < c.end and c.start <= k.end < c.end for k in credits)] + credits
    cands = [
        _cut_dateline_place(text, _cut_before_listing_move(_cut_before_award(_extend_latin(text, c)))) for c in cands
    ]
    # 新华社|华盛顿电: the place of a dateline, cut off its agency, names no body.
    cands = [c for c in cands if not _a_dateline_place(text, c)]
    # 德国|移动网络|提供商|曼内斯曼: a country's trade before a role is no body, but the country
    # stays a mention (reported with the units abroad below).
    trades_abroad = [c for c in cands if _country_prefix(c.name) and _a_trade_before_a_role(text, c)]
    cands = [c for c in cands if not _debris(text, c) and (c.source == "table" or not _not_a_body(text, c, words))]
    # 据湖南|省委书记…, 绵阳|市委书记: a name the regions recogniser reads, span for span, as a place
    # is the place (the body its title names is cut off it): no organization.
    places = {(r.start, r.end) for r in regions}
    cands = [c for c in cands if c.source == "table" or (c.start, c.end) not in places]
    sectors = _industry_list_words(text, cands, industries)
    # A name with no body's ending that ends inside an industry mention (中国工程|机械装备: 工程机械)
    # is cut across the sector's words: LAC ran a place or a word into the sector, no name
    # (a name with an ending stands: 理想汽车|制造).
    inside = _sector_starts(len(text), industries)
    cands = [c for c in cands if c.source == "table" or not _cut_across_a_sector(c, inside)]
    cands = [_split_country(text, c) for c in cands if (c.start, c.end) not in sectors]
    cands = [c for c in (_strip_stock_code(text, _cut_descriptor(_cut_firm_organ(c))) for c in cands) if c is not None]
    cands = [
        _with_place_prefix(text, _cut_sector_tail(text, _cut_bank_branch_tail(_cut_before_latin(c)))) for c in cands
    ]
    cands = [_with_partnership_tail(text, part) for c in cands for part in _split_joined_bodies(c)]
    cands = [_cut_place_off_listed(c) for c in cands]
    abroad = [c for c in cands if _country_facility(c)] + trades_abroad
    cands = [c for c in cands if not _country_facility(c)]
    kept = _resolve(cands)
    vouched = _listed_beside_named(text, kept)
    canon = _canonical(kept)
    canon.update(_listed_full_forms({c.name for c in kept}))
    entities: list[Entity] = []
    for c in {c.start: c for c in abroad}.values():
        # 新加坡研发中心: a company's unit abroad, generic; the country is the mention.
        country = _country_prefix(c.name) or ""
        if not any(k.start <= c.start < k.end for k in kept):
            entities.append(
                Entity(
                    type="region",
                    text=country,
                    name=country,
                    start=c.start,
                    end=c.start + len(country),
                    attributes={"level": "country"},
                )
            )
    for c in kept:
        if c.split_country:
            # The country cut off a company's name is a region mention; the
            # region recogniser skips it there (国大 reads as a word), so it
            # is reported here.
            # It is written before the name, not always right before it: a
            # descriptor cut after it (英国|电信巨头|沃达丰集团) lies between.
            cs = text.rfind(c.split_country, max(0, c.start - _COUNTRY_REACH), c.start)
            if cs >= 0:
                entities.append(
                    Entity(
                        type="region",
                        text=c.split_country,
                        name=c.split_country,
                        start=cs,
                        end=cs + len(c.split_country),
                        attributes={"level": "country"},
                    )
                )
        name = canon.get(c.name, c.name)
        name = re.sub(r"[《》]", "", name)
        entities.append(
            Entity(
                type="organization",
                text=text[c.start : c.end],
                name=name,
                start=c.start,
                end=c.end,
                # A name its context vouches for (对X记者说, 龙头企业X2024年营收, 根据X数据):
                # it stands without a second source (the resolver's corroboration).
                attributes={"kind": c.kind or kind_of(name)}
                | ({"evidence": "context"} if _vouched_by_source(text, c) or (c.start, c.end) in vouched else {}),
            )
        )
    return entities
