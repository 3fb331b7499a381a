"""A deterministic measure of work: the Python bytecode instructions and
calls a function executes, counted with the interpreter's own trace hooks.

The same code on the same input gives the same count on any machine, busy or
idle, so a test can compare a stage's work on n and 2n characters of hostile
text, or per character against real articles, and fail only when the work
grows faster than the text. What it cannot see is the work inside one C call
(a regular expression's backtracking, ``str.find``): tests/hostile/
regex_audit.py checks the patterns for that.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any


def count(fn: Callable[[], Any]) -> int:
    """Bytecode instructions executed in Python frames plus C functions called, while ``fn()`` runs."""
    n = 0

    def on_opcode(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal n
        n += 1
        return on_opcode

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal n
        n += 1
        frame.f_trace_opcodes = True
        return on_opcode

    def on_c_call(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal n
        if event == "c_call":
            n += 1

    if sys.gettrace() is not None:  # pragma: no cover
        raise RuntimeError("another tracer (a debugger, coverage) is active: counts would not be comparable")
    sys.settrace(on_call)
    sys.setprofile(on_c_call)
    try:
        fn()
    finally:
        sys.setprofile(None)
        sys.settrace(None)
    return n
