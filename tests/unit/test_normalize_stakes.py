"""services/normalize/stakes.py: a stake is its holder's (made-up names)."""

from __future__ import annotations

from docpipe.document import Document, Entity
from tests.normalize_probe import subjects


def _org(text: str, name: str, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Entity(start=start, end=start + len(name), type="organization", text=name, name=name)


def _subjects(text: str, names: list[tuple[str, int]]) -> dict[str, str | None]:
    return subjects(Document(id="x", raw_text=text, clean_text=text, entities=[_org(text, n, k) for n, k in names]))


def test_a_held_stake_is_the_holders():
    text = "本次交易前，长城文化持有汛联教育20%股权。"
    assert _subjects(text, [("长城文化", 0), ("汛联教育", 0)])["20%"] == "长城文化"


def test_a_holder_written_after_the_stake_holds_it_and_a_person_holder_is_no_entity():
    text = "乙出入境其余40%股权由丙国际持有。"
    assert _subjects(text, [("乙出入境", 0), ("丙国际", 0)])["40%"] == "丙国际"
    text = "本次发行前，张三和李四合计控制甲橡胶46.95%的股份。"
    assert _subjects(text, [("甲橡胶", 0)])["46.95%"] is None
    text = "李四通过海风好运和海风稳行间接持有甲橡胶1.9%的股份。"
    assert _subjects(text, [("海风好运", 0), ("海风稳行", 0), ("甲橡胶", 0)])["1.9%"] is None


def test_a_stake_bought_keeps_the_company_whose_shares_they_are():
    text = "甲能源拟现金收购乙信息100%股权。"
    assert _subjects(text, [("甲能源", 0), ("乙信息", 0)])["100%"] == "乙信息"
