"""end_anchored.EndAnchored: the same match as the plain pattern, searched
only over the string's last run of the pattern's alphabet (issue #15)."""

from __future__ import annotations

import random
import re

import pytest

from services.normalize import attribution, figures
from services.normalize.end_anchored import EndAnchored

PATTERNS = {
    "not_change_tail": attribution._NOT_CHANGE_TAIL,
    "trailing": attribution._TRAILING,
    "change": attribution._CHANGE,
    "change_end": figures._CHANGE_END,
}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_same_match_and_cut_as_the_plain_pattern(name: str) -> None:
    pattern = PATTERNS[name]
    end = EndAnchored(pattern)
    assert end.alphabet, "the word lists are literals: their alphabet is read"
    words = [w for w in re.split(r"[|()?:+$^\\<!=\[\]]", pattern.pattern) if w]
    other = list("12%年占，的\n 亿元A") + sorted(end.alphabet)
    rnd = random.Random(15)
    for _ in range(3000):
        s = "".join(rnd.choice(words) if rnd.random() < 0.6 else rnd.choice(other) for _ in range(rnd.randint(0, 8)))
        plain = pattern.search(s)
        found = end.search(s)
        assert (plain and plain.span()) == (found and found.span()), s
        assert end.cut(s) == pattern.sub("", s), s


def test_a_lookbehind_still_sees_before_the_run() -> None:
    end = EndAnchored(re.compile(r"(?:(?<!年)均|增长)+$"))
    assert end.search("年均") is None and end.cut("年均") == "年均"
    assert end.cut("全年人均增长") == "全年人"
    assert end.cut("12%12%增长") == "12%12%"


def test_what_cannot_be_read_falls_back_to_the_plain_pattern() -> None:
    assert EndAnchored(re.compile(r"(?:a.)+$")).alphabet is None
    assert EndAnchored(re.compile(r"[^a]+$")).alphabet is None
    assert EndAnchored(re.compile(r"(?:ab)+")).alphabet is None  # not anchored at the end
    end = EndAnchored(re.compile(r"(?:ab)+$"))
    assert end.cut("xabab\n") == re.compile(r"(?:ab)+$").sub("", "xabab\n") == "x\n"
    assert EndAnchored(re.compile(r"(?:a.)+$")).cut("xaxab") == "x"
