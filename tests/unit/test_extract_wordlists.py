"""The stages' word lists (extract's recognisers, segment's cleaning, normalize's rules): one loader, every
file says what it is, grouped lists name their groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from docpipe import wordlists
from docpipe.wordlists import DataFileError, alternation, by_length, load_group, load_list, load_words

FOLDERS = (
    "chrome",
    "cleaning",
    "documents",
    "industries",
    "measures",
    "normalize",
    "organizations",
    "parks",
    "persons",
    "regions",
)
DATA = wordlists.data_path("")


def _files() -> list[Path]:
    return sorted(p for f in FOLDERS for p in (DATA / f).iterdir() if p.suffix in {".txt", ".tsv"})


@pytest.mark.parametrize("path", _files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_word_list_opens_with_a_header_saying_what_it_is(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and len(first) > 10, first


def test_the_loader_refuses_a_file_without_a_header(tmp_path, monkeypatch):
    (tmp_path / "bare.txt").write_text("甲\n乙\n", encoding="utf-8")
    monkeypatch.setattr(wordlists, "data_path", lambda name: tmp_path / name)
    with pytest.raises(DataFileError, match=r"bare\.txt"):
        wordlists._lines("bare.txt")


def test_lists_keep_file_order_and_skip_comments():
    suffixes = load_list("industries/suffixes.txt")
    assert suffixes[0] == "核心产业" and suffixes[-1] == "业"
    assert not any(s.startswith("#") for s in suffixes)
    assert load_words("persons/not_names.txt") >= {"高新", "经开"}


def test_groups_of_a_grouped_list():
    assert "市政府" in load_group("organizations/filter_words.tsv", "generic_names")
    with pytest.raises(DataFileError, match="no list 'nothing'"):
        load_group("organizations/filter_words.tsv", "nothing")


def test_alternation_matches_each_entry_literally():
    assert alternation("parks/area_zones.txt").split("|")[0] == "自贸试验区"
    assert by_length(frozenset({"区", "新区", "开发区"})) == ("开发区", "新区", "区")


def test_each_group_named_in_code_exists():
    # every load_group(FILE, "name") or group_alternation(FILE, "name") in
    # services/extract names a group of FILE
    import re

    import services.extract

    root = Path(services.extract.__file__).parent
    consts = {
        "_GOV_WORDS": "organizations/government_words.tsv",
        "_COMPANY_WORDS": "organizations/company_words.tsv",
        "_BOUNDARY_WORDS": "organizations/boundary_words.tsv",
        "_FILTER_WORDS": "organizations/filter_words.tsv",
        "_FIRM_KINDS": "organizations/firm_kinds.tsv",
    }
    used = set()
    for src in root.rglob("*.py"):
        for const, group in re.findall(
            r'(?:load_group|group_alternation)\((_[A-Z_]+), "([a-z_]+)"\)', src.read_text(encoding="utf-8")
        ):
            used.add((consts[const], group))
            assert group in wordlists.load_groups(consts[const]), (src.name, const, group)
    assert len(used) > 40
