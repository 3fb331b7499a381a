"""The cleaning rules' word lists in docpipe/data/cleaning: every file is read
by a rule and every file a rule names exists, and each entry compiles alone
(an entry is a regular expression, most of them plain words)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import services.segment.cleaning
from docpipe.wordlists import data_path, load_list

DATA = data_path("cleaning")
CODE = Path(services.segment.cleaning.__file__).parent


def _named() -> set[str]:
    return {n for p in CODE.glob("*.py") for n in re.findall(r"vocabulary\([\"']([\w.]+)[\"']\)", p.read_text("utf-8"))}


def test_every_file_is_read_by_a_rule_and_every_name_is_a_file() -> None:
    files = {p.name for p in DATA.iterdir() if p.suffix == ".txt"}
    assert len(_named()) >= 15
    assert _named() == files


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir() if p.suffix == ".txt"))
def test_each_entry_is_one_whole_alternative(name: str) -> None:
    entries = load_list(f"cleaning/{name}")
    assert entries and len(set(entries)) == len(entries), "duplicated entry"
    for e in entries:
        re.compile(e)  # a broken entry would break its neighbours' alternation
        assert re.fullmatch(r"[^|]*|.*\(.*\|.*\).*", e), f"{e!r}: a bare | would split the alternation"
