"""Regions inside a name's short form that the text defines (以下简称“中建江苏”):
wherever the text writes that short form, the place in it is part of the name
(中建|江苏 is the company 中建钢构江苏有限公司), no region of its own."""

from __future__ import annotations

import re

from docpipe.document import Entity
from docpipe.textclasses import HAN
from docpipe.wordlists import alternation

# 简称“X” / 下称"X": a defined short form of two to eight characters in quotation marks.
_DEFINED = re.compile(
    "(?:" + alternation("regions/short_name_marks.txt") + rf")[“\"「]([{HAN}A-Za-z0-9]{{2,8}})[”\"」]"
)


def not_in_defined_short_names(text: str, regions: list[Entity]) -> list[Entity]:
    """The regions not strictly inside an occurrence of a short form the text
    defines; a short form that is the place itself (简称“江苏”) keeps it."""
    names = {m.group(1) for m in _DEFINED.finditer(text)}
    if not names:
        return regions
    covered = bytearray(len(text))
    for name in names:
        for m in re.finditer(re.escape(name), text):
            covered[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    out = []
    for r in regions:
        inside = all(covered[r.start : r.end])
        if inside and any(r.text != n and r.text in n for n in names):
            continue
        out.append(r)
    return out
