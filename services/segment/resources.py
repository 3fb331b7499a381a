"""The segment stage's heavy resources, loaded once per process.

A ``jieba.Tokenizer`` of our own (never jieba's global default one), its prefix
cache under ``var/jieba/``, with the domain user dictionary of
``shared/docpipe/data/jieba/userdict.txt`` and the names of the other data
tables; a ``POSTokenizer`` over it; jieba's IDF table for keywords.
``warm_up()`` loads them all; workers call it before forking or once per child.
"""

from __future__ import annotations

import csv
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

import jieba
import jieba.analyse
import jieba.posseg

from docpipe import settings
from docpipe.wordlists import load_list

from .posviterbi import POSTokenizer

log = logging.getLogger(__name__)

DATA_DIR = Path(str(importlib_resources.files("docpipe") / "data"))
USER_DICT = DATA_DIR / "jieba" / "userdict.txt"

# Park suffixes composed with prefecture-level city short names (苏州 + 工业园区):
# a general rule, so a park the tables lack still comes out whole.
PARK_SUFFIXES: tuple[str, ...] = load_list("jieba/city_park_suffixes.txt")


@dataclass(frozen=True)
class UserWord:
    word: str
    tag: str | None


def _read_userdict(path: Path) -> Iterator[UserWord]:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        yield UserWord(parts[0], parts[-1] if len(parts) > 1 else None)


def _read_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated table with a header, '#' lines skipped; nothing if absent."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        yield from rows


def _split(value: str | None) -> list[str]:
    if not value:
        return []
    return [v.strip() for v in value.replace(",", "|").replace("，", "|").split("|") if v.strip()]


def table_words(data_dir: Path = DATA_DIR) -> Iterator[UserWord]:
    """Names from the other data tables (regions, parks, economic regions, countries,
    industries), read if present: their formats belong to the stages that own them,
    so only the ``name``-like columns are used and any absence is tolerated."""
    city_shorts: set[str] = set()
    for row in _read_table(data_dir / "regions.tsv"):
        name, level, short = row.get("name") or "", row.get("level") or "", row.get("short") or ""
        if len(name) >= 2:
            yield UserWord(name, "ns")
        # Short forms only for provinces and cities: district short forms (城中, 和平)
        # are ordinary words too often.
        if level in ("province", "city") and len(short) >= 2:
            yield UserWord(short, "ns")
            if level == "city":
                city_shorts.add(short)
    for short in sorted(city_shorts):
        for suffix in PARK_SUFFIXES:
            yield UserWord(short + suffix, "ns")
    for row in _read_table(data_dir / "parks.tsv"):
        if len(row.get("name") or "") >= 3:
            yield UserWord(row["name"], "ns")
    for row in _read_table(data_dir / "park_cores.tsv"):
        if len(row.get("name") or "") >= 2:
            yield UserWord(row["name"], "ns")
    for row in _read_table(data_dir / "economic_regions.tsv"):
        for name in [row.get("name") or "", *_split(row.get("other") or row.get("aliases") or row.get("forms"))]:
            if len(name) >= 2:
                yield UserWord(name, "ns")
    for row in _read_table(data_dir / "countries.tsv"):
        if len(row.get("name") or "") >= 2:
            yield UserWord(row["name"], "ns")
    for name in _first_column(data_dir / "industries" / "terms.txt"):
        yield UserWord(name.lstrip("~"), "nz")
    for fname in ("organizations/government.tsv", "organizations/media.tsv", "media.tsv"):
        for name in _first_column(data_dir / fname):
            yield UserWord(name, "nt")


def _first_column(path: Path) -> Iterator[str]:
    """First cells of a '#'-commented list or table (a 'name' header skipped); nothing if absent."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cell = line.split("\t", 1)[0].strip()
        if cell and cell != "name" and len(cell) >= 2:
            yield cell


def user_words(data_dir: Path = DATA_DIR) -> list[UserWord]:
    """The hand-kept dictionary first (its tags win), then the tables' names."""
    seen: dict[str, UserWord] = {}
    path = data_dir / "jieba" / "userdict.txt"
    sources = [_read_userdict(path) if path.is_file() else iter(()), table_words(data_dir)]
    for source in sources:
        for w in source:
            if w.word not in seen and not any(c.isspace() for c in w.word):
                seen[w.word] = w
    return list(seen.values())


def _cache_dir() -> Path:
    """var/jieba, or the system temp directory when var/ cannot be written
    (a read-only install): the cache only saves load time."""
    path = settings.paths().var_dir / "jieba"
    try:
        path.mkdir(parents=True, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    log.warning("cannot write %s; jieba cache goes to the temp directory", path)
    return Path(tempfile.gettempdir())


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """Our own jieba tokenizer with the domain words; built once per process."""
    logging.getLogger("jieba").setLevel(logging.WARNING)  # its 'Building prefix dict' chatter
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(_cache_dir())
    tok.cache_file = "jieba.default.cache"
    tok.initialize()
    added = 0
    for w in user_words():
        # Words already in jieba's dictionary keep their frequency (only the tag is
        # added); new ones get the smallest frequency that keeps them whole.
        if tok.FREQ.get(w.word):
            if w.tag:
                tok.user_word_tag_tab[w.word] = w.tag
            continue
        tok.add_word(w.word, None, w.tag)
        added += 1
    log.debug("segment tokenizer ready: %d user words added", added)
    return tok


@lru_cache(maxsize=1)
def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """jieba's POS tagger over our tokenizer, with the exact faster Viterbi of posviterbi.py."""
    return POSTokenizer(tokenizer())


@dataclass(frozen=True)
class IdfTable:
    idf: dict[str, float]
    median: float
    stop_words: frozenset[str]


@lru_cache(maxsize=1)
def idf_table() -> IdfTable:
    """jieba's IDF table and stop words. Importing jieba.analyse already reads
    them into its default extractor; we take the tables only (its extractor
    would tokenize with the global default tokenizer)."""
    default = jieba.analyse.default_tfidf
    return IdfTable(default.idf_freq, default.median_idf, frozenset(default.stop_words))


def warm_up() -> None:
    """Load every resource of the stage (called once per worker process)."""
    pos_tokenizer()
    idf_table()
    # The POS tokenizer merges user tags lazily on its first cut; do it now.
    pos_tokenizer().makesure_userdict_loaded()
