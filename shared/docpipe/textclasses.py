"""Character classes shared by the stages' patterns (extract's recognisers,
normalize's rules), defined once.

``HAN`` is the range of the CJK Unified Ideographs block (U+4E00–U+9FFF)
for use inside a regex character class (``f"[{HAN}·]"``); ``HAN_CHAR`` is
one such character. Extension blocks are left out on purpose: the rules
were written and tested against the basic block, and the news text we see
uses it.
"""

from __future__ import annotations

import re

HAN = "\u4e00-\u9fff"
HAN_CHAR = f"[{HAN}]"
# The segment stage's cleaning rules judge whether a line is Chinese prose,
# where any ideograph counts: Extension A (U+3400–U+4DBF) and the
# compatibility block (U+F900–U+FAFF) too.
HAN_WIDE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_HAN_RE = re.compile(HAN_CHAR)
_ALL_HAN_RE = re.compile(f"^{HAN_CHAR}+$")


def is_han(ch: str) -> bool:
    """``ch`` starts with a CJK ideograph of the basic block."""
    return bool(_HAN_RE.match(ch))


def all_han(s: str) -> bool:
    """``s`` is one or more CJK ideographs of the basic block, nothing else."""
    return bool(_ALL_HAN_RE.match(s))


def changed_han_share(text: str, view: str) -> float:
    """The share of ``text``'s Han characters that its one-for-one ``view`` (same length: a
    simplified view) writes otherwise; 0.0 where the view is the text, is empty or differs in
    length. Each stage that reads a page in traditional script on its simplified view tells such a
    page by this share against its own threshold (extract: script_view, normalize: script)."""
    if not view or view == text or len(view) != len(text):
        return 0.0
    han = sum(1 for ch in text if is_han(ch))
    changed = sum(1 for x, y in zip(text, view, strict=True) if x != y)
    return changed / han if han else float(changed > 0)
