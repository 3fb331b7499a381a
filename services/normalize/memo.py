"""One rule's answers for one document, by what the rule reads (issue #15).

A text of figures (12%12%…, 1万元1万元…) gives tens of thousands of figures
the same stretch of text around them, and each rule that reads nothing but
such a stretch ran its cuts and searches again for every one. A ``Memo``
asks the rule once per distinct key: the caller builds the key from exactly
what the rule reads (the stretch, cut where the text starts or ends, the
figure's place in it, whatever else it is given), so that equal keys give
equal answers. One memo per rule and document: nothing carries from one
text to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
_UNSEEN = object()


class Memo(Generic[T]):
    """``memo(key, compute, *args)``: ``compute(*args)`` the first time
    ``key`` is asked, the answer it gave every later time."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[Hashable, T] = {}

    def __call__(self, key: Hashable, compute: Callable[..., T], *args: object) -> T:
        # (one lookup for a key seen: a key's tuple hashes anew at every lookup)
        found = self.seen.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self.seen[key] = compute(*args)
        return found  # type: ignore[return-value]
