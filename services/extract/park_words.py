"""Parks that LAC reads as one place word: ``浒关开发区``, ``莱克工业园二期``,
or a place word right before a park suffix word (``新港|园区``, ``黄石临空|经济区``).

The suffix rules of ``park_suffix_rules.py`` need an anchor they know (a division, a town,
a learnt core); a district's or a company's own short name (``浒关``, ``莱克``,
``新港``) is in no table. LAC's ``LOC`` tag is that anchor here: a LOC word
that ends in a park suffix (a phase such as 二期 cut off), or a LOC word of at
least two characters followed by a word that is exactly a park suffix. A LOC
word that is a division's own name (``浦东新区``) stays a region; a generic
word (``高新区`` alone) has no LOC head and is no park. Pure functions over the
text and its LAC words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import load_words

from .ner import LacWord
from .park_anchors import DASHED_CHINA
from .park_suffix_rules import AGREEMENT_SUFFIXES, agreement_area, own_country_class
from .resources import Place, park_suffixes, region_tables

_PHASE = re.compile(r"[一二三四五六七八九十\d]+期$")
_HEAD = re.compile(rf"[{HAN}]{{2,8}}")
# A road's name (新柳大道|新城): an address, no park's head.
_ROAD_ENDS = tuple(load_words("parks/road_ends.txt"))
_AFTER_PLACE_WORD = load_words("parks/after_place_word.txt")
# Suffixes that name a zone only right after its place (陆家嘴金融区, 锦阳新城).
_ADJACENT = load_words("parks/adjacent_suffixes.txt")
# One-character province abbreviations: a head of only these (川渝自贸试验区) names
# a kind of zone shared by provinces, not one park.
_ABBREVIATIONS = frozenset(w for w in load_words("regions/place_abbreviations.txt") if len(w) == 1)
# A head that opens with a generic word (国家级…, 产业…) or holds 产业 names a kind of zone.
# (Its one-character words open names too, 新港园区: only the longer ones count here.)
_GENERIC_HEADS = tuple(w for w in load_words("parks/generic_heads.txt") | {"产业"} if len(w) > 1)


def _after_dashed_china(text: str, start: int) -> bool:
    """``中国-`` right before ``start`` (中国-|东盟自贸区): China's partner opens the word."""
    return DASHED_CHINA.fullmatch(text, max(0, start - 3), start) is not None


def _division_tail(name: str, forms: Mapping[str, Sequence[Place]]) -> bool:
    """A division's full name after its place (``天津|滨海新区``): the region, no park."""
    return any(any(pl.form == "full" for pl in forms.get(name[k:], [])) for k in range(1, len(name) - 2))


def find(text: str, words: Sequence[LacWord]) -> list[Entity]:
    suffixes = park_suffixes()
    suffix_set = frozenset(suffixes) | _AFTER_PLACE_WORD
    forms = region_tables().forms
    out: list[Entity] = []
    for i, w in enumerate(words):
        if w.tag != "LOC":
            continue
        name, end = w.text, w.end
        phase = _PHASE.search(name)
        if phase:
            name, end = name[: phase.start()], w.start + phase.start()
        # A LOC word ending in a word that names a park only after a place (新港园区).
        suffix = next((s for s in suffixes if name.endswith(s)), None) or next(
            (s for s in _AFTER_PLACE_WORD if name.endswith(s) and len(name) > len(s)), None
        )
        if suffix is None and i + 1 < len(words) and words[i + 1].start == w.end and words[i + 1].text in suffix_set:
            if phase:
                continue
            suffix, name, end = words[i + 1].text, w.text + words[i + 1].text, words[i + 1].end
        if suffix is None or name in forms or _division_tail(name, forms):
            continue
        if name in suffix_set:
            continue  # ``高新|园区``: LAC's place word and the next one make the class word, no park
        head = name[: -len(suffix)]
        if own_country_class(head, suffix):
            continue  # ``中国科技园区``: the class of China's parks, no park
        if agreement_area(head, suffix) or (suffix in AGREEMENT_SUFFIXES and _after_dashed_china(text, w.start)):
            continue  # ``中日韩自由贸易区``, ``中国-|东盟自贸区``: an agreement among countries, no zone
        if suffix in _ADJACENT and any(head[:k] in forms for k in range(2, len(head) - 1)):
            continue  # ``双流国际新城``: a qualifier between the place and a suffix named only right after it
        if (
            not _HEAD.fullmatch(head)
            or head.startswith(_GENERIC_HEADS)
            or "产业" in head
            or head.endswith(_ROAD_ENDS)
            or (set(head) <= _ABBREVIATIONS and suffix not in _AFTER_PLACE_WORD)
        ):
            continue
        out.append(Entity(type="park", start=w.start, end=end, text=name, name=name, attributes={"evidence": "lac"}))
    return out
