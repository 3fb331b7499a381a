"""docpipe.line_index: the line around an offset, as slicing the text finds it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docpipe.line_index import LineIndex


def _by_scanning(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def test_lines_of_a_short_text() -> None:
    lines = LineIndex("ab\n\ncd")
    assert lines.starts == [0, 3, 4]
    assert [lines.bounds(p) for p in range(7)] == [(0, 2), (0, 2), (0, 2), (3, 3), (4, 6), (4, 6), (4, 6)]
    assert lines.start(5) == 4 and lines.end(1) == 2 and lines.end(6) == 6
    assert LineIndex("").bounds(0) == (0, 0)


@given(st.text(alphabet="a\n中", max_size=40), st.integers(min_value=0, max_value=40))
def test_bounds_are_the_line_holding_the_offset(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    lines = LineIndex(text)
    assert lines.bounds(pos) == (lines.start(pos), lines.end(pos)) == _by_scanning(text, pos)
