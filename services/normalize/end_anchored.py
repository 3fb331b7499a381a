"""A pattern anchored at the end of the string (``(?:达到|约|…)+$``), searched
only over the run of characters at the end that a match can be made of.

``re`` has no end anchor optimisation: ``pattern.search(s)`` or
``pattern.sub("", s)`` tries the pattern at every position of ``s``, and a
long alternation (a word list) costs a few microseconds per try. The clause
words before a figure are read for every figure, so a text of figures
(``12%12%12%…``) paid that for each (issue #15). Every match ends at the end
of ``s`` and consumes only characters of the pattern's alphabet, so it starts
inside the last run of such characters: the search starts there (with the
whole string still visible to lookbehinds). Same match, same result; a
pattern whose alphabet cannot be read (``.``, a negated class, a category)
or a string ending in a newline (``$`` also matches before it) falls back to
the plain search.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The parser re compiles with (no public name, no stubs): read, never changed.
P: Any = importlib.import_module("re._parser")
C: Any = importlib.import_module("re._constants")


def _alphabet(items: Any) -> set[str] | None:
    """The characters a match of the parsed ``items`` can consume; None when
    that is not a small set of literals."""
    out: set[str] = set()
    for op, arg in items:
        if op is C.LITERAL:
            out.add(chr(arg))
        elif op is C.IN:
            for kind, value in arg:
                if kind is C.LITERAL:
                    out.add(chr(value))
                elif kind is C.RANGE and value[1] - value[0] < 512:
                    out.update(chr(c) for c in range(value[0], value[1] + 1))
                else:
                    return None
        elif op is C.BRANCH:
            for branch in arg[1]:
                sub = _alphabet(branch)
                if sub is None:
                    return None
                out |= sub
        elif op is C.SUBPATTERN:
            if arg[1] or arg[2]:  # inline flags (?i) change what matches
                return None
            sub = _alphabet(arg[3])
            if sub is None:
                return None
            out |= sub
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            sub = _alphabet(arg[2])
            if sub is None:
                return None
            out |= sub
        elif op is C.ATOMIC_GROUP:
            sub = _alphabet(arg)
            if sub is None:
                return None
            out |= sub
        elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero-width: consumes nothing
        else:
            return None
    return out


class EndAnchored:
    """``pattern`` (ending with ``$``) with ``search`` and ``cut`` (``sub("", s)``)
    that try it only over the last run of its alphabet's characters."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        parsed = P.parse(pattern.pattern, pattern.flags)
        items = list(parsed)
        ends = bool(items) and items[-1] == (C.AT, C.AT_END)
        flags_ok = not pattern.flags & (re.IGNORECASE | re.MULTILINE | re.VERBOSE)
        self.alphabet = _alphabet(items) if ends and flags_ok else None
        # The run of alphabet characters ending the string, found in one call.
        chars = "".join(re.escape(c) for c in sorted(self.alphabet or ()))
        self._run = re.compile(f"[{chars}]*\\Z") if chars else None

    def search(self, s: str) -> re.Match[str] | None:
        if self._run is None or s.endswith("\n"):
            return self.pattern.search(s)
        return self.pattern.search(s, self._run.search(s).start())  # type: ignore[union-attr]

    def cut(self, s: str) -> str:
        """``pattern.sub("", s)``: a match ends the string, and there is one at most
        when the pattern consumes at least a character (else the plain sub)."""
        if self._run is None or s.endswith("\n"):
            return self.pattern.sub("", s)
        # (the run always matches, empty at the end at least)
        m = self.pattern.search(s, self._run.search(s).start())  # type: ignore[union-attr]
        if m is None:
            return s
        if m.start() == m.end():
            return self.pattern.sub("", s)
        return s[: m.start()]
