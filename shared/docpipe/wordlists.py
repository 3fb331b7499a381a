"""The one loader of the stages' word lists and tables in ``docpipe/data``
(the extract stage's recognisers, the segment stage's cleaning rules).

Every file opens with a ``#`` line saying what it is (the loader refuses a
file without one); further ``#`` lines are comments. Formats:

- word lists (``.txt``): one entry per line. ``load_words`` gives the set,
  ``load_list`` the entries in file order (for lists whose order is a rule:
  the first match wins);
- tables (``.tsv``): a header row of column names, then tab-separated rows
  (``load_table``); empty trailing columns stay empty strings;
- grouped word lists: a table with the columns ``list`` and ``entry``, one
  group per rule of a module (``load_group``), its groups described in the
  header comments.

Names are paths under ``docpipe/data`` (``"persons/titles.txt"``). Each file
is read once per process.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources as ilr
from pathlib import Path

from docpipe.errors import DocpipeError


class DataFileError(DocpipeError):
    code, status, title = "data_file_invalid", 500, "A data file of a stage is malformed"


def data_path(name: str) -> Path:
    return Path(str(ilr.files("docpipe") / "data" / name))


def _lines(name: str) -> list[str]:
    """The file's lines, its ``#`` header checked."""
    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].startswith("#"):
        raise DataFileError(f"docpipe/data/{name}: the first line must be a '#' line saying what the file is")
    return lines


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """The file's lines as written (tabs and inner spaces kept), blank and
    ``#`` lines skipped: for files with a format of their own."""
    return tuple(line for line in _lines(name) if line.strip() and not line.lstrip().startswith("#"))


@cache
def load_list(name: str) -> tuple[str, ...]:
    """The entries of a word list, in file order (blank and ``#`` lines skipped)."""
    return tuple(line.strip() for line in data_lines(name))


@cache
def load_words(name: str) -> frozenset[str]:
    """The entries of a word list, as a set."""
    return frozenset(load_list(name))


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a TSV table (header row first), read afresh: for the large
    tables that their own cached builders read once."""
    rows = [line for line in _lines(name) if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


@cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV table (header row first), read once per process."""
    return tuple(read_table(name))


@cache
def load_groups(name: str) -> dict[str, tuple[str, ...]]:
    """The groups of a grouped word list (columns ``list``, ``entry``), each
    in file order."""
    out: dict[str, list[str]] = {}
    for row in load_table(name):
        out.setdefault(row["list"], []).append(row["entry"])
    return {k: tuple(v) for k, v in out.items()}


def load_group(name: str, group: str) -> tuple[str, ...]:
    """One group of a grouped word list, in file order."""
    groups = load_groups(name)
    if group not in groups:
        raise DataFileError(f"docpipe/data/{name}: no list {group!r}")
    return groups[group]


def alternation(name: str, longest_first: bool = False) -> str:
    """The entries of a word list as a regex alternation (``a|b|c``), in file
    order or longest first; each entry is matched literally."""
    return alternative(by_length(load_list(name)) if longest_first else load_list(name))


def group_alternation(name: str, group: str) -> str:
    """One group of a grouped word list as a regex alternation, in file order
    (the rules' ``_words('group')``)."""
    return alternative(load_group(name, group))


def alternative(words: tuple[str, ...] | list[str]) -> str:
    """Words as a regex alternation (``a|b|c``) in the given order, each
    matched literally."""
    return "|".join(map(re.escape, words))


def by_length(words: frozenset[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Longest first (ties in a fixed order): for alternations and suffix
    tests where the longest entry must win."""
    return tuple(sorted(words, key=lambda w: (-len(w), w)))
