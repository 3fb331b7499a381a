"""The lines of a text, found once: where each starts, and the line around
any offset by binary search. A rule that reads the line around each of many
offsets (each year of a text, each candidate name) would otherwise scan for
that line's ends every time: quadratic on a long line (issue #15)."""

from __future__ import annotations

import re
from bisect import bisect_right

_NEWLINE = re.compile("\n")


class LineIndex:
    """Line starts of ``text`` (0 and every offset after a newline)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def start(self, pos: int) -> int:
        """The start of the line holding offset ``pos``."""
        return self.starts[bisect_right(self.starts, pos) - 1]

    def end(self, pos: int) -> int:
        """The end of the line holding offset ``pos``: its newline's offset,
        or the text's end for the last line."""
        j = bisect_right(self.starts, pos)
        return self.starts[j] - 1 if j < len(self.starts) else len(self.text)

    def bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the line holding offset ``pos``."""
        j = bisect_right(self.starts, pos)
        return self.starts[j - 1], self.starts[j] - 1 if j < len(self.starts) else len(self.text)
