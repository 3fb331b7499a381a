"""The organizations' resources and the helpers every rule family shares: the
tables (central government bodies, media, jieba's common words), the
candidate type, LAC word lookups, place forms and countries, and the
descriptor vocabulary (``descriptors.txt`` and jieba's dictionary)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from pathlib import Path
from typing import TypeVar, cast

from docpipe.wordlists import alternation, data_lines, load_group, load_words

from ..ner import LacWord
from ..resources import park_cores, read_table, region_tables

# The grouped word lists of the rules (docpipe/data/organizations/*_words.tsv).
_GOV_WORDS = "organizations/government_words.tsv"


_COMPANY_WORDS = "organizations/company_words.tsv"


_BOUNDARY_WORDS = "organizations/boundary_words.tsv"


_FILTER_WORDS = "organizations/filter_words.tsv"


_ANONYMISED = re.compile(r"某")


_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9.\-&]*(?:\s[A-Za-z0-9.\-&]+)*$")


_NOMINAL_TAGS = frozenset({"n", "nz", "ORG", "LOC", "PER", "vn", "nw", "an", "a", "s", "j"})


# A firm glued to what it publishes or says (中信建投证券研报, 华泰证券测算).
_FINANCIAL_HEADS = load_group(_COMPANY_WORDS, "financial_heads")


# Company-type words LAC leaves outside a short name (迈瑞|医疗, 信达|生物).
_COMPANY_TAILS = frozenset(load_group(_COMPANY_WORDS, "company_tails"))


@dataclass(frozen=True)
class Tables:
    government: dict[str, tuple[str, str]]  # short -> (name as written, kind)
    media: frozenset[str]
    common_words: frozenset[str]  # dictionary words that are not names
    matcher: re.Pattern[str]
    # short -> full official name, where the government table gives one (国资委 -> 国务院国有资产监督管理委员会)
    full_names: dict[str, str] = field(default_factory=dict)


def _common_words() -> frozenset[str]:
    """Words jieba's dictionary lists as common words (not person, place or
    organization names): LAC tags some as ORG (民航, 跨境)."""
    import jieba  # only for its dictionary file; the tokenizer is not used

    path = Path(jieba.__file__).parent / "dict.txt"
    keep: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if (
                len(parts) == 3
                and len(parts[0]) <= 4
                and int(parts[1]) >= 5
                and parts[2] not in {"nr", "nz", "nt", "nrt", "nrfg"}
            ):
                keep.add(parts[0])
    return frozenset(keep)


@lru_cache(maxsize=1)
def load_resources() -> Tables:
    """Tables and the table matcher, loaded once per process."""
    government: dict[str, tuple[str, str]] = {}
    fulls: dict[str, str] = {}
    fulls_by_short: dict[str, str] = {}
    for line in data_lines("organizations/government.tsv"):
        short, full, kind = line.split("\t")
        government[short] = (short, kind)
        if full:
            fulls[full] = kind
            fulls_by_short[short] = full
    # A body written in its full official name (全国人民代表大会, 中华人民共和国外交部) is the
    # table's body too: the suffix rules miss the names that end in no suffix (…代表大会).
    for full, kind in fulls.items():
        government.setdefault(full, (full, kind))
    media = load_words("organizations/media.tsv")
    names = sorted(set(government) | media, key=len, reverse=True)
    # 《瞭望》新闻周刊: a media title in brackets with its form after it.
    # The lookahead of every name's first character (and 《) matches the same
    # spans; it lets a position that opens no name fail at one character
    # class instead of trying each of the hundreds of names (6x faster).
    openers = "".join(sorted({n[0] for n in names} | {"《"}))
    matcher = re.compile(
        r"(?=[" + re.escape(openers) + r"])(?:"
        r"《(" + "|".join(map(re.escape, media)) + r")》(" + alternation("organizations/media_forms.txt") + ")?"
        r"|(" + "|".join(map(re.escape, names)) + "))"
    )
    # The descriptor and financial-brand vocabularies load here too, so the
    # stage's warm_up loads them (not the first document).
    _descriptor_words()
    _modifier_tails()
    return Tables(government, media, _common_words(), matcher, {**fulls_by_short})


@dataclass
class _Cand:
    start: int
    end: int
    name: str
    kind: str | None = None
    source: str = ""
    split_country: str | None = None  # 德国 cut off 德国大众汽车


_F = TypeVar("_F", bound=Callable[..., list["_Cand"]])


def _per_document(fn: _F) -> _F:
    """``fn(text, words, ...)`` computed once per document: the last call's
    candidates are given again for the same text and the same LAC words (the
    persons' list analyser, ``list_members``, and the recogniser both read
    the tables' names, LAC's ORG words, suffix names and appositives of one
    document). Further arguments must follow from these two (a word index).
    The candidates are never changed by their callers; each gets its own list."""
    last = threading.local()

    @wraps(fn)
    def once(text: str, words: Sequence[LacWord], *rest: object) -> list[_Cand]:
        key = getattr(last, "key", None)
        if key is not None and key[0] == text and (key[1] is words or key[1] == tuple(words)):
            return list(last.out)
        out = fn(text, words, *rest)
        last.key, last.out = (text, tuple(words)), out
        return list(out)

    return cast(_F, once)


_LAST_INDEX = threading.local()


def _word_index(words: list[LacWord]) -> dict[int, int]:
    """character offset -> index of the word covering it (the last document's
    index is given again for the same words; callers only read it)."""
    key = getattr(_LAST_INDEX, "key", None)
    if key is not None and key == tuple(words):
        return cast(dict[int, int], _LAST_INDEX.index)
    index = _build_word_index(words)
    _LAST_INDEX.key, _LAST_INDEX.index = tuple(words), index
    return index


def _build_word_index(words: Sequence[LacWord]) -> dict[int, int]:
    idx: dict[int, int] = {}
    for i, w in enumerate(words):
        for p in range(w.start, w.end):
            idx[p] = i
    return idx


def _slice(words: list[LacWord], start: int, end: int, inside: bool) -> list[LacWord]:
    lo, hi = 0, len(words)
    while lo < hi:  # first word ending after start
        mid = (lo + hi) // 2
        if words[mid].end <= start:
            lo = mid + 1
        else:
            hi = mid
    out: list[LacWord] = []
    for w in words[lo:]:
        if w.start >= end:
            break
        if not inside or (w.start >= start and w.end <= end):
            out.append(w)
    return out


def _has_proper(words: list[LacWord], start: int, end: int, text: str) -> bool:
    if any(w.tag in {"ORG", "LOC", "PER", "nz"} for w in _slice(words, start, end, False)):
        return True
    return bool(_LATIN_OR_DIGIT.search(text[start:end]))


# --- Foreign countries ---------------------------------------------------


@lru_cache(maxsize=1)
def _foreign_countries() -> tuple[str, ...]:
    """Country names but China's, longest first (德国, 英国, 泰国 …), from the
    CLDR table the region recogniser uses."""
    names = {r["name"] for r in read_table("countries.tsv")} - {"中国"}
    return tuple(sorted((n for n in names if len(n) >= 2), key=len, reverse=True))


@lru_cache(maxsize=1)
def _foreign_country_set() -> tuple[frozenset[str], tuple[int, ...]]:
    """The names of ``_foreign_countries`` and their lengths, longest first."""
    names = _foreign_countries()
    return frozenset(names), tuple(sorted({len(n) for n in names}, reverse=True))


def _country_prefix(name: str) -> str | None:
    """The longest foreign country name ``name`` starts with."""
    names, lengths = _foreign_country_set()
    return next((name[:n] for n in lengths if n <= len(name) and name[:n] in names), None)


_FUNCTION_CHARS = set(load_group(_BOUNDARY_WORDS, "function_chars"))


# --- Descriptors: what may stand before a registered name ----------------


@lru_cache(maxsize=1)
def _descriptor_tables() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(modifiers, heads, vocabulary, proper words): the descriptor words of
    ``descriptors.txt``; jieba's common words of two to four characters
    (not place, person or organization names), which a descriptor may also
    be made of; and jieba's proper nouns (中信, 华泰, 易方达), which may head
    a financial firm's name."""
    import jieba  # only for its dictionary file; the tokenizer is not used

    modifiers: set[str] = set()
    heads: set[str] = set()
    for line in data_lines("organizations/descriptors.txt"):
        kind, words = line.split("\t")
        (heads if kind == "head" else modifiers).update(words.split())
    vocab: set[str] = set()
    proper: set[str] = set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or not 2 <= len(parts[0]) <= 4:
                continue
            if parts[2] in {"nr", "nz", "nt", "nrt", "nrfg"}:
                proper.add(parts[0])
            elif parts[2] not in {"ns", "j"} and int(parts[1]) >= 5:
                vocab.add(parts[0])
    return frozenset(modifiers), frozenset(heads), frozenset(vocab), frozenset(proper)


@lru_cache(maxsize=1)
def _descriptor_words() -> frozenset[str]:
    """What a descriptor may be made of: descriptor and common words."""
    modifiers, heads, vocab, _ = _descriptor_tables()
    return modifiers | heads | vocab


@lru_cache(maxsize=1)
def _modifier_tails() -> frozenset[str]:
    """Ends of descriptor words (三板 of 新三板): a name's start may have cut
    the descriptor inside its first word."""
    modifiers, heads, _, _ = _descriptor_tables()
    return frozenset(w[i:] for w in modifiers | heads for i in range(1, len(w) - 1))


def _made_of(s: str, words: frozenset[str] | set[str], tails: frozenset[str] = frozenset()) -> bool:
    """``s`` is a run of words from ``words`` (word break by dynamic
    programming; words of two or more characters, quotes allowed); the first
    piece may also be one of ``tails``."""
    ok = [True] + [False] * len(s)
    for i in range(2, min(len(s), 7) + 1):
        if s[:i] in tails:
            ok[i] = True
    for i in range(1, len(s) + 1):
        for j in range(max(0, i - 7), i):
            piece = s[j:i]
            if ok[j] and (piece in words or piece in {"“", "”", '"'}):
                ok[i] = True
                break
    return ok[len(s)]


@lru_cache(maxsize=1)
def _region_forms() -> frozenset[str]:
    forms = {
        f
        for f, places in region_tables().forms.items()
        if len(f) >= 2 and any(p.division is not None and p.form != "alias" for p in places)
    }
    # park cores (张江) and new areas by their core (贵安 of 贵安新区) read as places here
    cores = {c[:-2] if c.endswith("新区") else c for c in park_cores()}
    return frozenset(forms | {c for c in cores if len(c) >= 2})


def _regions_only(name: str) -> bool:
    """江苏昆山, 陕西西安, 贵阳贵安: two or more place names run together, no body
    (one place name alone may be a brand too: 阿里)."""
    forms = _region_forms()
    pieces: list[int | None] = [0] + [None] * len(name)  # fewest pieces to reach i
    for i in range(1, len(name) + 1):
        for j in range(max(0, i - 8), i - 1):
            if pieces[j] is not None and name[j:i] in forms:
                n = pieces[j] + 1  # type: ignore[operator]
                if pieces[i] is None or n > pieces[i]:  # type: ignore[operator]
                    pieces[i] = n
    return (pieces[len(name)] or 0) >= 2
