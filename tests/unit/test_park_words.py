"""Parks LAC reads as place words (services/extract/park_words.py), through the
parks recogniser with real LAC words."""

from __future__ import annotations

import pytest

from services.extract import recognisers


def _parks(text: str) -> set[str]:
    return {e.name for e in recognisers.entities_of("parks", text) if e.type == "park"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("浒关开发区新增企业20家。", "浒关开发区"),
        ("阳新县新港园区项目开工。", "新港园区"),
        ("莱克工业园二期项目开工。", "莱克工业园"),  # the phase is no part of the name
        ("黄石临空经济区建设提速。", "黄石临空经济区"),
    ],
)
def test_a_place_word_with_a_park_suffix_names_a_park(text: str, name: str) -> None:
    assert name in _parks(text)


@pytest.mark.parametrize("text", ["浦东新区经济增长。", "川渝自贸试验区建设。", "河南产业集聚区提质。"])
def test_divisions_and_kinds_of_zone_are_no_park(text: str) -> None:
    assert not _parks(text) & {"浦东新区", "川渝自贸试验区", "产业集聚区"}
