"""Registered names holding a place in brackets (organizations/suffix_names.py):
written with half-width brackets, LAC glues the closing bracket to the rest of the
name and tags that word punctuation (台玻 ( 福建 )光伏玻璃有限公司/w); the name is the
whole registered name, as with full-width brackets, not the short form before it."""

from __future__ import annotations

from services.extract.ner import analyse
from services.extract.organizations.suffix_names import _from_suffixes


def suffix_names(text: str) -> list[str]:
    words = analyse(text)
    widx = {k: j for j, w in enumerate(words) for k in range(w.start, w.end)}
    return [c.name for c in _from_suffixes(text, words, widx)]


def test_a_half_width_bracketed_place_is_inside_the_name() -> None:
    text = "该项目将对台玻(福建)光伏玻璃有限公司的二期工厂进行改造。"
    assert "台玻(福建)光伏玻璃有限公司" in suffix_names(text)


def test_a_bracket_with_no_place_in_it_adds_no_name() -> None:
    text = "项目已开工(详见附件)有限公司名单另附。"
    assert not any(")" in n for n in suffix_names(text))


def test_the_verb_before_such_a_name_is_no_part_of_it() -> None:
    text = "感谢各位领导和嘉宾前来参加卫材(中国)药业有限公司苏州新工厂开业典礼。"
    names = suffix_names(text)
    assert "卫材(中国)药业有限公司" in names
    assert not any("参加" in n for n in names)
