"""Parks whose name the suffix rules ran back over the words of a clause
(``省委联合督察组来|大数据产业园``, ``2017年申报|国家现代农业产业园``). The rules
read characters; LAC reads words: a verb or a preposition after a clause's
subject (a body, a person, or a time the name's start falls in:
``parks/clause_tags.txt``, ``parks/clause_subject_tags.txt``) never stands
inside a park's head, so the name starts after the last such word. What is
left must not be opened by a generic word (``国家现代农业产业园`` is no park),
or there is no park; a verb right before the suffix (``…数字智造产业园``)
qualifies the park and cuts nothing.

Pure functions over the text, its LAC words and the rules' parks.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from docpipe.document import Entity
from docpipe.wordlists import load_words

from .ner import LacWord
from .park_suffix_rules import SUFFIXES, _entity, _generic_head
from .resources import park_cores, region_tables, town_anchors

_CLAUSE_TAGS = load_words("parks/clause_tags.txt")
_SUBJECT_TAGS = load_words("parks/clause_subject_tags.txt")
_TIME = "TIME"
# A place's written form is at most this long (内蒙古自治区).
_LONGEST_FORM = 8


def _clause_end(words: Sequence[LacWord], start: int, head_end: int) -> tuple[int, bool]:
    """End of the last verb or preposition in ``[start, head_end)`` that follows a
    clause's subject (a body or a person in the span, a time the span's start
    falls in, or a park: a word ending in a park's suffix), or ``start``: no
    clause there; and whether a park was the subject before that verb."""
    cut = start
    subject = parked = False
    for w in words:
        if w.tag == _TIME and w.start < start < w.end <= head_end:
            subject, cut = True, w.end
        elif w.start >= start and w.end <= head_end:
            if w.tag in _SUBJECT_TAGS:
                subject = True
            elif w.text.endswith(SUFFIXES):
                subject = parked = True
            elif subject and w.tag in _CLAUSE_TAGS:
                cut = w.end
    return cut, parked


def _suffix_start(park: Entity) -> int | None:
    suffix = next((x for x in SUFFIXES if park.text.endswith(x)), "")
    return park.end - len(suffix) if suffix else None


def _region_kept(head: str, region: str) -> str:
    """The park's region when its place still opens the head (``来|郑州高新区``)."""
    forms = region_tables().forms
    for k in range(2, min(len(head), _LONGEST_FORM) + 1):
        if any(pl.name == region for pl in forms.get(head[:k], [])):
            return region
    return ""


def _opens_with_place(head: str) -> bool:
    """A place's written form, a park's core or a town opens ``head`` (``来|郑州…``,
    ``建设|张江…``, ``建设|临港…``): a name of its own after the verb."""
    forms = region_tables().forms
    cores = park_cores()
    towns = town_anchors()[0]
    return any(
        head[:k] in forms or head[:k] in cores or head[:k] in towns for k in range(2, min(len(head), _LONGEST_FORM) + 1)
    )


def cut_clause_heads(text: str, words: Sequence[LacWord], parks: list[Entity]) -> list[Entity]:
    """Each park, its name started after the last clause word LAC reads in
    its head (a word ending inside the head, maybe starting before the park:
    ``2017年``), dropped when what is left is no name."""
    if not words:
        return parks
    order = sorted(range(len(words)), key=lambda i: words[i].end)
    ends = [words[i].end for i in order]
    out: list[Entity] = []
    for p in parks:
        s = _suffix_start(p)
        if s is None or s <= p.start:
            out.append(p)
            continue
        # the words ending inside the head, in text order
        inside = sorted(
            (words[order[k]] for k in range(bisect_left(ends, p.start + 1), bisect_left(ends, s + 1))),
            key=lambda w: w.start,
        )
        cut, parked = _clause_end(inside, p.start, s)
        if cut <= p.start:
            out.append(p)
            continue
        head = text[cut:s]
        if parked and not _opens_with_place(head):
            # ``石河子高新区|享受|国家自主创新示范区``, ``洋浦经济开发区|承担着|自贸港先行区``:
            # a park, a verb, then a zone's kind: a designation the park holds, no second park.
            continue
        if len(head) < 2:
            # ``中信重工…数字智造|产业园``, ``万达开川渝统筹发展|示范区``: a verb right
            # before the suffix qualifies the park, as 发展 does in …发展示范区.
            out.append(p)
            continue
        if _generic_head(head):
            continue  # ``2017年申报|国家现代农业产业园``: what is left names no park
        out.append(_entity(text, cut, p.end, _region_kept(head, str(p.attributes.get("region", "")))))
    return out
