"""A structural check of regular expressions for the shapes that make Python's
backtracking engine super-linear (issue #15): it reads each pattern's parse
tree (``re._parser``, the standard library's own parser) and reports

- ``lazy``: a lazy repeat without a bound or with a far one (``.*?``,
  ``.{0,20000}?``): from every start it may scan that far;
- ``nested``: an unbounded repeat inside another repeat whose width varies
  (``(\\d{1,3}\\s*)+``): a run can be split between iterations in
  exponentially many ways;
- ``adjacent``: two unbounded repeats, the first not possessive, with only
  optional items between them and a character they can both match
  (``\\s*/?\\s*``): a run of that character is tried at every split;
- ``ambiguous``: a repeated alternation where one word is others written
  together (``(?:达|到|达到)+$``): a run of them splits in 2^k ways.

It finds shapes, not proofs: a pattern used only on input of bounded length
is fine with any of them (tests/hostile/bounded_patterns.json says which and
why); a possessive repeat (``*+``) or a bounded one (``{0,8}``) is never
reported.
"""

from __future__ import annotations

import functools
import importlib
import re
import re._constants as C
import re._parser as P
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

MAXREPEAT = C.MAXREPEAT
# A lazy repeat that may reach further than this is reported too: .{0,20000}?
# to a closing tag rescanned 20,000 characters from every opening one.
LAZY_REACH = 1000
_BMP = "".join(chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


@dataclass(frozen=True)
class Finding:
    pattern: str  # module.NAME (or module.NAME()[i] for a cached builder)
    kind: str
    detail: str


@functools.cache
def _category(cat: Any) -> frozenset[str]:
    probe = {
        C.CATEGORY_DIGIT: r"\d",
        C.CATEGORY_NOT_DIGIT: r"\D",
        C.CATEGORY_SPACE: r"\s",
        C.CATEGORY_NOT_SPACE: r"\S",
        C.CATEGORY_WORD: r"\w",
        C.CATEGORY_NOT_WORD: r"\W",
        C.CATEGORY_UNI_DIGIT: r"\d",
        C.CATEGORY_UNI_NOT_DIGIT: r"\D",
        C.CATEGORY_UNI_SPACE: r"\s",
        C.CATEGORY_UNI_NOT_SPACE: r"\S",
        C.CATEGORY_UNI_WORD: r"\w",
        C.CATEGORY_UNI_NOT_WORD: r"\W",
    }.get(cat)
    return frozenset(re.findall(probe, _BMP)) if probe else frozenset()


def _chars(items: Any, flags: int) -> frozenset[str]:
    """Every character a class (the items of an IN node) can match."""
    out: set[str] = set()
    negate = False
    for op, av in items:
        if op == C.NEGATE:
            negate = True
        elif op == C.LITERAL:
            out.add(chr(av))
        elif op == C.RANGE:
            out.update(chr(c) for c in range(av[0], min(av[1], 0xFFFF) + 1))
        elif op == C.CATEGORY:
            out |= _category(av)
    if flags & re.IGNORECASE:
        out |= {c.swapcase() for c in out if len(c.swapcase()) == 1}
    return frozenset(set(_BMP) - out) if negate else frozenset(out)


def _atom(op: Any, av: Any, flags: int) -> frozenset[str] | None:
    """The characters a one-character item matches (None: not such an item)."""
    if op == C.LITERAL:
        c = chr(av)
        return frozenset({c, c.swapcase()} if flags & re.IGNORECASE and len(c.swapcase()) == 1 else {c})
    if op == C.NOT_LITERAL:
        return frozenset(set(_BMP) - {chr(av)})
    if op == C.IN:
        return _chars(av, flags)
    if op == C.ANY:
        return frozenset(_BMP) if flags & re.DOTALL else frozenset(set(_BMP) - {"\n"})
    return None


def _ends(sub: Any, flags: int, last: bool) -> frozenset[str]:
    """The characters a match of ``sub`` can begin with (``last``: end with)."""
    items = list(sub)[::-1] if last else list(sub)
    out: set[str] = set()
    for op, av in items:
        one = _atom(op, av, flags)
        if one is not None:
            return frozenset(out | one)
        if op in _REPEATS:
            out |= _ends(av[2], flags, last)
        elif op == C.SUBPATTERN:
            out |= _ends(av[-1], flags, last)
        elif op == C.BRANCH:
            for b in av[1]:
                out |= _ends(b, flags, last)
        elif op == C.ATOMIC_GROUP:
            out |= _ends(av, flags, last)
        elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue
        if _width([(op, av)])[0] > 0:
            break
    return frozenset(out)


def _width(sub: Any) -> tuple[int, int]:
    return P.SubPattern(P.State(), list(sub)).getwidth() if sub else (0, 0)


def _unbounded(op: Any, av: Any) -> bool:
    return op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[1] == MAXREPEAT


def _words(branch: Any) -> list[str] | None:
    words = []
    for b in branch:
        w = ""
        for op, av in b:
            if op == C.LITERAL:
                w += chr(av)
            elif op not in (C.ASSERT, C.ASSERT_NOT):
                return None
        words.append(w)
    return words


def _composite(words: list[str]) -> list[str]:
    """Words that are two or more of the other words written together."""
    ws = {w for w in words if w}
    out = []
    for w in ws:
        ok = [True] + [False] * len(w)
        for i in range(len(w)):
            if ok[i]:
                for v in ws:
                    if v != w and w.startswith(v, i):
                        ok[i + len(v)] = True
        if ok[len(w)]:
            out.append(w)
    return sorted(out)


def _flat(sub: Any) -> list[tuple[Any, Any]]:
    """The items of a sequence with plain groups opened (they do not repeat)."""
    out = []
    for op, av in sub:
        if op == C.SUBPATTERN:
            out.extend(_flat(av[-1]))
        else:
            out.append((op, av))
    return out


def _edges(op: Any, av: Any, last: bool) -> list[tuple[Any, Any]]:
    """The unbounded repeats that can begin (``last`` False) or end an item."""
    if _unbounded(op, av) or (op == C.POSSESSIVE_REPEAT and av[1] == MAXREPEAT):
        return [(op, av)]
    if op in _REPEATS and av[0] == 0 and av[1] == 1:  # optional group: look inside
        items = _flat(av[2])
        return _edges(*items[-1 if last else 0], last) if items else []
    if op == C.BRANCH:
        out = []
        for b in av[1]:
            items = _flat(b)
            if items:
                out += _edges(*items[-1 if last else 0], last)
        return out
    return []


def _show(op: Any, av: Any) -> str:
    """A short readable form of a repeat, for the report."""
    lo, hi, body = av
    inner = "".join(chr(a) if o == C.LITERAL else "·" for o, a in _flat(body))[:12]
    mark = {C.MIN_REPEAT: "?", C.POSSESSIVE_REPEAT: "+"}.get(op, "")
    return f"({inner}){{{lo},{'' if hi == MAXREPEAT else hi}}}{mark}"


def check(pattern: re.Pattern[str], name: str) -> list[Finding]:
    found: list[Finding] = []
    flags = pattern.flags

    def walk(sub: Any, inside_variable_repeat: bool) -> None:
        items = _flat(sub)
        for i, (op, av) in enumerate(items):
            if op == C.MIN_REPEAT and av[1] > LAZY_REACH:
                found.append(Finding(name, "lazy", _show(op, av)))
            if _unbounded(op, av) and inside_variable_repeat:
                found.append(Finding(name, "nested", _show(op, av)))
            if op in _REPEATS:
                _, hi, body = av
                b_lo, b_hi = _width(body)
                # A run can be cut between iterations only where the body can
                # end with a character it can also begin with.
                splittable = bool(_ends(body, flags, True) & _ends(body, flags, False))
                walk(body, inside_variable_repeat or (hi > 1 and splittable and (hi == MAXREPEAT or b_hi != b_lo)))
                if hi > 1:
                    for bop, bav in _flat(body):
                        if bop == C.BRANCH:
                            words = _words(bav[1])
                            comp = _composite(words) if words else []
                            if comp:
                                found.append(Finding(name, "ambiguous", "、".join(comp)))
            elif op == C.BRANCH:
                for b in av[1]:
                    walk(b, inside_variable_repeat)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                walk(av[1], inside_variable_repeat)
            elif op == C.ATOMIC_GROUP:
                walk(av, inside_variable_repeat)
            # adjacent: an unbounded repeat at the end of this item, then only
            # optional items, then one at the start of a later item
            for eop, eav in _edges(op, av, last=True):
                if eop == C.POSSESSIVE_REPEAT:
                    continue
                mine = _ends(eav[2], flags, True)
                for jop, jav in items[i + 1 :]:
                    for sop, sav in _edges(jop, jav, last=False):
                        if mine & _ends(sav[2], flags, False):
                            found.append(Finding(name, "adjacent", f"{_show(eop, eav)} … {_show(sop, sav)}"))
                    if _width([(jop, jav)])[0] > 0:
                        break

    walk(P.parse(pattern.pattern, pattern.flags), False)
    return sorted(set(found), key=lambda f: (f.kind, f.detail))


def patterns(module: ModuleType) -> Iterator[tuple[str, re.Pattern[str]]]:
    """The module's compiled patterns: module-level ones and those its cached
    builders (``functools.lru_cache`` functions of no argument) return."""
    for key, value in vars(module).items():
        if isinstance(value, re.Pattern):
            yield f"{module.__name__}.{key}", value
        elif isinstance(value, functools._lru_cache_wrapper):
            try:
                built = value()
            except TypeError:
                continue
            for i, p in enumerate(built if isinstance(built, tuple) else (built,)):
                if isinstance(p, re.Pattern):
                    yield f"{module.__name__}.{key}()[{i}]", p


def audit(module_names: list[str]) -> list[Finding]:
    out: list[Finding] = []
    for name in module_names:
        for pname, p in patterns(importlib.import_module(name)):
            out += check(p, pname)
    return out
