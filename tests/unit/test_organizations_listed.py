"""Listed companies' full legal names (organizations/listed.py)."""

from __future__ import annotations

from services.extract.organizations.listed import (
    _cut_place_off_listed,
    _from_listed_full_names,
    _listed,
    _listed_full_forms,
)
from services.extract.organizations.tables import _Cand


def test_the_table_has_full_names_of_shanghai_companies() -> None:
    short_to_full = _listed().short_to_full
    assert short_to_full["复星医药"] == "上海复星医药(集团)股份有限公司"
    assert short_to_full["恒瑞医药"] == "江苏恒瑞医药股份有限公司"


def test_a_full_name_is_found_whole_with_either_parenthesis_width() -> None:
    text = "公司与上海复星医药（集团）股份有限公司签署协议，江苏恒瑞医药股份有限公司也在其列。"
    found = [(c.name, c.kind, c.source) for c in _from_listed_full_names(text)]
    assert found == [
        ("上海复星医药（集团）股份有限公司", "company", "table"),
        ("江苏恒瑞医药股份有限公司", "company", "table"),
    ]
    half = "上海复星医药(集团)股份有限公司公告"
    assert [(c.start, c.end) for c in _from_listed_full_names(half)] == [(0, 16)]


def test_a_name_that_only_starts_like_a_full_name_is_not_one() -> None:
    assert _from_listed_full_names("江苏恒瑞医药股份") == []


def test_a_short_name_takes_the_full_name_the_text_gives() -> None:
    names = {"恒瑞医药", "江苏恒瑞医药股份有限公司", "复星医药"}
    assert _listed_full_forms(names) == {"恒瑞医药": "江苏恒瑞医药股份有限公司"}
    written = {"复星医药", "上海复星医药（集团）股份有限公司"}
    assert _listed_full_forms(written) == {"复星医药": "上海复星医药（集团）股份有限公司"}


def test_a_place_written_beside_a_listed_short_name_is_cut_off() -> None:
    def cut(name: str) -> str:
        return _cut_place_off_listed(_Cand(10, 10 + len(name), name)).name

    assert cut("连云港恒瑞医药") == "恒瑞医药"  # where the company is
    assert cut("复星医药成都") == "复星医药"  # where its project is
    assert cut("上海电气") == "上海电气"  # a listed name itself
    assert cut("成都恒达医药") == "成都恒达医药"  # no listed name after the place
