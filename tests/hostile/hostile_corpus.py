"""The hostile corpus: texts built to make a stage scan or backtrack, made at
any size from the cases in ``cases.json`` (no big files in the repository).

A case is a ``head`` written once, a ``unit`` repeated, and an optional
``close`` repeated as often after it (so ``(`` × k then ``)`` × k nests k
deep). ``make(case, size)`` gives about ``size`` characters; the same case at
n and 2n characters is how the tests compare a stage's cost as the input grows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CASES_FILE = Path(__file__).with_name("cases.json")


@dataclass(frozen=True)
class Case:
    name: str
    unit: str
    close: str
    head: str
    why: str

    def make(self, size: int) -> str:
        """About ``size`` characters (whole units, at least one)."""
        per = len(self.unit) + len(self.close)
        k = max(1, (size - len(self.head)) // per)
        return self.head + self.unit * k + self.close * k


@cache
def cases() -> tuple[Case, ...]:
    return tuple(Case(**c) for c in json.loads(CASES_FILE.read_text(encoding="utf-8")))


def case(name: str) -> Case:
    for c in cases():
        if c.name == name:
            return c
    raise KeyError(name)
