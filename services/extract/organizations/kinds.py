"""What kind of body a name is: the organization suffixes and their kinds
(``organizations/suffixes.tsv``: 有限公司 -> company, 大学 -> university,
研究院 -> institute, 委员会 -> government …), and the local government
bodies written after a region (``region_bodies.tsv``: 深圳市发改委)."""

from __future__ import annotations

import re

from docpipe.textclasses import HAN
from docpipe.wordlists import alternative, load_group, load_table

from .tables import _GOV_WORDS, load_resources

# Suffix -> kind. Longest suffix decides; checked against the end of a name.
_SUFFIX_KINDS: dict[str, str] = {r["suffix"]: r["kind"] for r in load_table("organizations/suffixes.tsv")}


_SUFFIXES_BY_LEN = sorted(_SUFFIX_KINDS, key=len, reverse=True)


# Suffixes that may end a name found by the suffix scanner. One-character
# government heads (局, 厅, 委, 部) are too ambiguous there and come from the
# tables and the region rule instead (the table's scan column).
_SCANNED = frozenset(r["suffix"] for r in load_table("organizations/suffixes.tsv") if r["scan"] == "yes")


_SCAN_SUFFIXES = [s for s in _SUFFIXES_BY_LEN if s in _SCANNED]


_SCAN_RE = re.compile("|".join(map(re.escape, _SCAN_SUFFIXES)))


# Government bodies written after a region (深圳市发改委, 广东省科技厅).
_REGION_BODIES = [r["body"] for r in load_table("organizations/region_bodies.tsv")]


_DIVISION_ENDS = alternative(load_group(_GOV_WORDS, "division_ends"))
_REGION_BODY_RE = re.compile(
    rf"((?:[{HAN}]{{1,8}}?(?:{_DIVISION_ENDS}))|中关村|[{HAN}]{{2,3}}(?=(?:"
    + "|".join(sorted(_REGION_BODIES, key=len, reverse=True))
    + ")))("
    + "|".join(sorted(_REGION_BODIES, key=len, reverse=True))
    + ")"
)


def _has_org_suffix(name: str) -> bool:
    return any(name.endswith(sfx) and len(name) > len(sfx) for sfx in _SUFFIX_KINDS)


def _ends_with_suffix(word: str) -> bool:
    return any(word.strip().endswith(sfx) for sfx in _SCAN_SUFFIXES)


def kind_of(name: str) -> str:
    tables = load_resources()
    if name in tables.government:
        return tables.government[name][1]
    if name in tables.media:
        return "media"
    for suffix in _SUFFIXES_BY_LEN:
        if name.endswith(suffix):
            return _SUFFIX_KINDS[suffix]
    # A unit of a listed body (中国人民银行常州市分行) is of the body's kind.
    for short, (_, kind) in tables.government.items():
        if name.startswith(short) and len(short) >= 3:
            return kind
    return "company"
