"""Former divisions written in full (region_history): named as written, not
read as today's division of the same short form."""

from __future__ import annotations

import pytest

from services.extract.regions import find_regions


def _names(text: str) -> list[str]:
    return [e.name for e in find_regions(text)]


@pytest.mark.parametrize(
    ("text", "name", "level"),
    [
        # 莱芜市 was merged into 济南市 in 2019: not today's 莱芜区.
        ("学习山东省莱芜市的做法，公开向社会招考一批大学本科毕业生。", "莱芜市", "city"),
        # 泰安县, abolished in 1985, beside today's 泰安市.
        ("1985年泰安建市划区时设立的县级行政区，是原泰安县、泰安市（县级）的主体。", "泰安县", "county"),
    ],
)
def test_a_former_division_written_in_full_is_named_as_written(text, name, level):
    found = [e for e in find_regions(text) if e.name == name]
    assert found and found[0].attributes["level"] == level
    assert text[found[0].start : found[0].end] == name


def test_the_short_form_inside_a_former_name_gives_way():
    assert "莱芜区" not in _names("学习山东省莱芜市的做法。")


def test_a_former_name_read_across_words_is_no_place():
    # 永康县|域: 县域 is a word, the county-level city 永康 stands.
    assert "永康县" not in _names("永康县域经济的突围之路。")
