"""Source credits closing a paragraph: ``……。（来源：澎湃新闻）``. A news
roundup credits each item to the outlet it took it from, in brackets after
the item's last sentence; the outlet is cited, as ``据X报道`` cites it, and is
a mention. ``chrome.py`` reads the same credit as page chrome (its sentences
are the author's, the credit is not), so the resolver keeps the outlet's
organization there (``resolver.resolve``) while every other type found on
the credit stays dropped. A credit line of its own at the head of a page
(``来源：南方日报　作者…``) is chrome and nothing here. Pure functions."""

from __future__ import annotations

import re

from docpipe.textclasses import HAN

# The bracketed credit right after a sentence's end, closing its line: a Latin
# name (TechWeb, IT 之家: a Latin head, maybe a space and a few Han) or a Han
# one (two to twelve characters), nothing after it on the line.
_CREDIT = re.compile(
    rf"(?<=[。！？!?」”』])[（(]来源[：:][ \t\u3000]?"
    rf"(?P<name>[A-Za-z][A-Za-z0-9]{{1,19}}(?:[ \t]?[{HAN}]{{1,4}})?|[{HAN}][{HAN}A-Za-z0-9]{{1,11}})"
    r"[ \t\u3000]?[）)][ \t\u3000]*$",
    re.M,
)


def credited_outlets(text: str) -> list[tuple[int, int]]:
    """(start, end) of the outlet named by every paragraph-closing source credit of ``text``."""
    if "来源" not in text:
        return []  # most texts: no scan
    return [(m.start("name"), m.end("name")) for m in _CREDIT.finditer(text)]
