"""Quotation marks around a mention: shared by the recognisers that judge a
term inside a short quoted phrase (a name, slogan or nickname) differently
from the same term in running text."""

from __future__ import annotations

# Opening mark -> closing mark.
QUOTE_PAIRS: dict[str, str] = {"“": "”", "‘": "’", "「": "」", '"': '"'}
# A closing mark met while scanning left means the mention is after a quote, not in one.
_CLOSERS = "”’」\n"


def enclosing_quote(
    text: str, start: int, end: int, max_inner: int, pairs: dict[str, str] = QUOTE_PAIRS
) -> tuple[int, int] | None:
    """``(open, close)`` indices of the quote pair around ``text[start:end]``
    whose inside is at most ``max_inner`` characters, or None."""
    lo = max(0, start - max_inner)
    for i in range(start - 1, lo - 1, -1):
        close = pairs.get(text[i])
        if close is None:
            if text[i] in _CLOSERS:
                return None
            continue
        j = text.find(close, end, i + 1 + max_inner + 1)
        return (i, j) if j >= 0 else None
    return None
