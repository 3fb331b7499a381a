"""The stalls that tools/regex_probe.py's list led to (docs/regex_probe_review.md,
issue #15): a pattern quadratic when scanned whole, at a call site that
scanned a whole line or the rest of the text.

- segment, headers._READ_TIME_INLINE: scanned over a short line's whole text,
  spaces around it included; a run of spaces was read again from each of its
  characters (20,000 spaces after a one-character line: segment 10.6 s);
- extract, industry_business: a list of business lines was read to its end
  (。, a line end…) wherever that was, so a run of spaces in it was scanned
  from each of its characters (20,000 spaces: extract 4.4 s) and a text of
  openers (主营 repeated) was read to its end from every opener;
- extract, organizations.companies._from_lists: ``等|[\\s]*\\d`` searched in a
  list's last member, which runs to its clause's end: the same (20,000 spaces
  after 华为公司、腾讯公司: extract 5.2 s, 80,000: 80 s); found by running
  the probe's shapes through the stage, the pattern being written inline;
- normalize, subjects.main_park: ``[^\\n]*。`` searched over the whole text,
  from every character of a long line with no 。 (80,000 digits: 2.3 s).

Each rewrite gives the answers the old reading gave (the old patterns are
kept below as the reference, compared on random strings of their pieces),
and the inputs that took minutes or hours with them get an answer. No test
here reads a clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import growth
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract import industry_business
from services.extract.organizations import companies
from services.normalize import subjects
from services.segment.cleaning import headers
from services.segment.cleaning.step import SPACES, vocabulary

SP = SPACES
OLD_READ_TIME_INLINE = re.compile(
    f"[{SP}]*(?:(?:点击)?(?:收听|听)全文[{SP}]*(?:约|大约)?"
    f"|(?:预计)?阅读(?:{vocabulary('read_time_labels.txt')})[{SP}]*[:：|｜][{SP}]*(?:约|大约)?)"
    f"[{SP}]*\\d+(?:\\.\\d+)?[{SP}]*(?:分钟|min)"
)
OLD_FIRST_SENTENCE = re.compile(r"[^\n]*。")
OLD_MEMBER_CUT = re.compile(r"等|[\s]*\d")


def _pieces(*words: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(words), max_size=16).map("".join)


@settings(max_examples=600, deadline=None)
@given(
    _pieces(
        " ",
        "\u3000",
        "\t",
        "听全文",
        "收听全文",
        "点击",
        "阅读",
        "时长",
        "用时",
        "预计",
        "：",
        "|",
        "约",
        "大约",
        "3",
        "12",
        ".",
        "分钟",
        "min",
        "文",
        "x",
    )
)
def test_read_time_notices_inside_a_line_as_before(line: str) -> None:
    assert [m.span() for m in headers._READ_TIME_INLINE.finditer(line)] == [
        m.span() for m in OLD_READ_TIME_INLINE.finditer(line)
    ]


def _old_first_paragraph_end(text: str) -> int:
    first = OLD_FIRST_SENTENCE.search(text)
    end = text.find("\n", first.start()) if first else -1
    return len(text) if end < 0 else end


@settings(max_examples=600, deadline=None)
@given(_pieces("。", "\n", "x", "园区", "1", " "))
def test_the_first_paragraph_with_a_sentence_ends_as_before(text: str) -> None:
    assert subjects.first_paragraph_end(text) == _old_first_paragraph_end(text)


@settings(max_examples=600, deadline=None)
@given(_pieces(" ", "\u3000", "\t", "\n", "等", "1", "23", "x", "公司", "SK Hynix"))
def test_a_list_members_cut_as_before(member: str) -> None:
    new, old = companies._MEMBER_CUT.search(member), OLD_MEMBER_CUT.search(member)
    assert (new and new.span()) == (old and old.span())


class _Scanned:
    """A pattern that adds up the characters each call is handed (its window:
    ``pos`` to ``endpos``), and otherwise answers as the pattern does."""

    def __init__(self, pattern: re.Pattern[str], tally: list[int]) -> None:
        self.pattern, self.tally = pattern, tally

    def _window(self, name: str) -> Callable[..., Any]:
        def call(text: str, pos: int = 0, endpos: int | None = None) -> Any:
            end = len(text) if endpos is None else min(endpos, len(text))
            self.tally[0] += max(0, end - pos)
            return getattr(self.pattern, name)(text, pos, end)

        return call

    def __getattr__(self, name: str) -> Any:
        if name in ("search", "match", "fullmatch", "finditer"):
            return self._window(name)
        return getattr(self.pattern, name)


def _scanned(monkeypatch: pytest.MonkeyPatch, fn: Callable[[str], Any], text: str) -> int:
    tally = [0]
    for name in ("_LIST_END", "_COMMA", "_ITEM_SEP", "_RECORD_END", "_RECORD_CHUNK", "_ACTIVITY_TAIL"):
        monkeypatch.setattr(industry_business, name, _Scanned(getattr(industry_business, name), tally))
    fn(text)
    monkeypatch.undo()
    return tally[0]


# A text of openers with no list end after them: each was read to the text's
# end, n*n/2 characters handed to the patterns (100,000 characters of 主营:
# about two minutes of extract).
@pytest.mark.parametrize(
    ("name", "unit", "fn"),
    [
        ("openers", "主营", lambda t: industry_business._business_line_members(t, [])),
        ("record_labels", "主营业务：", lambda t: industry_business._business_record_members(t, [])),
        ("openers_and_spaces", "主营" + " " * 40, lambda t: industry_business._business_line_members(t, [])),
    ],
)
def test_business_lists_are_read_within_a_reach(
    monkeypatch: pytest.MonkeyPatch, name: str, unit: str, fn: Callable[[str], Any]
) -> None:
    n = 2 * industry_business._LIST_REACH
    texts = [unit * (k * n // len(unit)) for k in growth.SCALES]
    growth.assert_linear(
        name,
        "characters handed to the patterns",
        [len(t) for t in texts],
        [_scanned(monkeypatch, fn, t) for t in texts],
        0,
    )


def test_a_list_within_the_reach_is_read_whole() -> None:
    text = "公司主营仓储、物流和供应链管理。"
    start = text.index("主营") + 2
    assert [text[a:b] for a, b in industry_business._lines(text, start)] == ["仓储", "物流", "供应链管理"]


def test_a_chunk_the_reach_cuts_is_not_read() -> None:
    # a second chunk of lines running past the reach: cut, so not read
    text = "主营仓储，" + "设备、" * (industry_business._LIST_REACH // 3) + "物流。"
    assert [text[a:b] for a, b in industry_business._lines(text, 2)] == ["仓储"]


# What took minutes or hours with the old patterns (each quadratic in the run
# of spaces or digits); an answer now.
def test_inputs_that_stalled_a_stage_get_an_answer() -> None:
    notice = "阅读时长：3分钟\n"
    assert headers._find_read_time(notice + " " * 1_000_000 + "产\n") == headers._find_read_time(notice + "产\n")
    assert headers._find_read_time("文 听全文" + " " * 1_000_000 + "\n") == headers._find_read_time("文 听全文\n")
    assert subjects.first_paragraph_end("1234567890" * 100_000 + "\n正文。") == 1_000_004
    assert industry_business._lines("公司主营仓储" + " " * 1_000_000 + "物流。", 4) == []
    assert companies._MEMBER_CUT.search("腾讯公司" + " " * 1_000_000 + "x") is None
    record = "主营业务：仓储" + " " * 1_000_000 + "物流；养殖。"
    assert industry_business._business_record_members(record, []) == []
