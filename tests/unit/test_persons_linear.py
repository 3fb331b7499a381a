"""brand_not_person (services/extract/persons.py) searches the text once per
name, not once per mention (issue #15: no input can stall a stage): a text
of thousands of editor lines naming the same people took 15 of 25 s of a
40,000-character extract profile there, quadratic in the mentions."""

from __future__ import annotations

import re
from typing import Any

import pytest

from services.extract import persons


class _Counting:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def match(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.match(*args)


@pytest.mark.parametrize("n", [50, 500])
def test_each_name_is_looked_for_elsewhere_once_per_text(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _Counting(persons._BRAND_ELSEWHERE)
    monkeypatch.setattr(persons, "_BRAND_ELSEWHERE", counting)
    text = "责任编辑：王小明。" * n
    starts = [m.start() for m in re.finditer("王小明", text)]
    assert not any(persons.brand_not_person(text, s, s + 3) for s in starts)
    assert counting.calls == n  # one search: a match try per mention (was n * n)


def test_the_answer_is_per_text() -> None:
    name = "金投"
    plain = f"作者：{name}。"
    brand = f"作者：{name}。来源：{name}网。"
    assert not persons.brand_not_person(plain, 3, 5)
    assert persons.brand_not_person(brand, 3, 5)
    assert not persons.brand_not_person(plain, 3, 5)
