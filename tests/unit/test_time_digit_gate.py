"""The time grammar's gate on digits (time_grammar._TIME_FIRST): a digit is
tried as the start of a time only when its run of up to 4 digits is followed,
after at most two blanks, by a character a time goes on with (issue #15: a
text of figures entered every alternative at every digit). The gate must
change no time found: the same matches as the pattern gated by any digit."""

from __future__ import annotations

import random
import re

import pytest

from services.normalize.time_grammar import _TIME_FIRST, TIME

_ANY_DIGIT = r"(?=[\d〇零一二三四五六七八九十今昨本去上下前明后第报年半中全通两Qq期])"
_UNGATED = re.compile(_ANY_DIGIT + TIME.pattern[len(_TIME_FIRST) :])


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "2023年增长5%",
        "2016度至2018年度",  # a year of account: 度 right after the digits
        "1997 - 2017年",
        "2015-17年",
        "2011半年报显示",  # a report name right after the digits
        "2023中报",
        "2023一季报",
        "2024三季报",
        "2023年报",
        "1-11月",
        "1  - 2月",  # two blanks before the range sign
        "3 月 5 日至 7 日",
        "1月29日至2月4日",
        "截至22日收盘",
        "1季度",
        "3年内",
        "6月末",
        "自2012年启动至2017年底",
    ],
)
def test_the_digit_gate_keeps_every_time(text: str) -> None:
    assert TIME.search(text) is not None
    assert _matches(TIME, text) == _matches(_UNGATED, text)


def test_the_digit_gate_keeps_every_time_on_random_strings() -> None:
    pieces = list(
        "0123456789 %.-~/年月日号季度至到一二三四五六七八九十两半中报期末底初以来今去上下本前第全通Qq万元,，。、自从内"
    )
    pieces += ["2016", "2023", "19", "半年报", "中报", "中期报告", "年报", "一季报", "三季报", "12%", "1万元", "  "]
    rnd = random.Random(15)
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30)))
        assert _matches(TIME, text) == _matches(_UNGATED, text), text


def test_a_run_of_figures_enters_no_alternative() -> None:
    # no digit of 12%12%… nor 1万元1万元… passes the gate
    gate = re.compile(_TIME_FIRST)
    assert gate.search("12%" * 50) is None
    assert gate.search("1万元" * 50) is None
