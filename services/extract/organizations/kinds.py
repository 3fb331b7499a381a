"""What kind of body a name is: the organization suffixes and their kinds
(``organizations/suffixes.tsv``: 有限公司 -> company, 大学 -> university,
研究院 -> institute, 委员会 -> government …), and the local government
bodies written after a region (``region_bodies.tsv``: 深圳市发改委)."""

from __future__ import annotations

import re

from docpipe.textclasses import HAN
from docpipe.wordlists import group_alternation, load_list, load_table

from .tables import _GOV_WORDS, load_resources

# Suffix -> kind. Longest suffix decides; checked against the end of a name.
_SUFFIX_KINDS: dict[str, str] = {r["suffix"]: r["kind"] for r in load_table("organizations/suffixes.tsv")}


_SUFFIXES_BY_LEN = sorted(_SUFFIX_KINDS, key=len, reverse=True)
# Lengths of the suffixes, longest first: a name's endings of these lengths are
# looked up in _SUFFIX_KINDS (a dict lookup each, not a scan of every suffix).
_SUFFIX_LENGTHS = sorted({len(s) for s in _SUFFIX_KINDS}, reverse=True)


# Suffixes that may end a name found by the suffix scanner. One-character
# government heads (局, 厅, 委, 部) are too ambiguous there and come from the
# tables and the region rule instead (the table's scan column).
_SCANNED = frozenset(r["suffix"] for r in load_table("organizations/suffixes.tsv") if r["scan"] == "yes")


_SCAN_SUFFIXES = [s for s in _SUFFIXES_BY_LEN if s in _SCANNED]


_SCAN_RE = re.compile("|".join(map(re.escape, _SCAN_SUFFIXES)))


# Government bodies written after a region (深圳市发改委, 广东省科技厅).
_REGION_BODIES = [r["body"] for r in load_table("organizations/region_bodies.tsv")]


_DIVISION_ENDS = group_alternation(_GOV_WORDS, "division_ends")
_REGION_BODY_RE = re.compile(
    rf"((?:[{HAN}]{{1,8}}?(?:{_DIVISION_ENDS}))|中关村|[{HAN}]{{2,3}}(?=(?:"
    + "|".join(sorted(_REGION_BODIES, key=len, reverse=True))
    + ")))("
    + "|".join(sorted(_REGION_BODIES, key=len, reverse=True))
    + ")"
)


def _longest_suffix(name: str, shorter_than_name: bool = False) -> str | None:
    """The longest organization suffix ``name`` ends with (one shorter than
    the name itself if ``shorter_than_name``)."""
    limit = len(name) - 1 if shorter_than_name else len(name)
    return next((name[-n:] for n in _SUFFIX_LENGTHS if n <= limit and name[-n:] in _SUFFIX_KINDS), None)


def _has_org_suffix(name: str) -> bool:
    return _longest_suffix(name, shorter_than_name=True) is not None


def _ends_with_suffix(word: str) -> bool:
    return any(word.strip().endswith(sfx) for sfx in _SCAN_SUFFIXES)


def has_body_ending(name: str) -> bool:
    """A body's or company-type ending (organizations/name_endings.txt) after at
    least two characters: a name that says it is an organization (the
    resolver's corroboration and the table's vouching both read it)."""
    return any(name.endswith(e) and len(name) >= len(e) + 2 for e in load_list("organizations/name_endings.txt"))


def kind_of(name: str) -> str:
    tables = load_resources()
    if name in tables.government:
        return tables.government[name][1]
    if name in tables.media:
        return "media"
    suffix = _longest_suffix(name)
    if suffix is not None:
        return _SUFFIX_KINDS[suffix]
    # A unit of a listed body (中国人民银行常州市分行) is of the body's kind:
    # the first listed body, in the table's order, that the name starts with.
    heads = [name[:n] for n in range(3, len(name) + 1) if name[:n] in tables.government]
    if heads:
        order = list(tables.government)
        return tables.government[min(heads, key=order.index)][1]
    return "company"
