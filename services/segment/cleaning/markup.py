"""HTML left in the text by a scraper: entities decoded as ``html.unescape``
reads them, stray tags and script/style blocks removed.
"""

from __future__ import annotations

import html
import html.entities
import re
from bisect import bisect_left

from ..offsets import Edit
from .step import Step, Sweep, vocabulary

# --- 0. HTML left in the text ---------------------------------------------------

# An entity as the HTML5 parser reads it: numeric (&#8220; &#x4e2d;, the ';'
# optional) or named. A named entity without ';' counts only when its whole
# letter run is one of HTML5's legacy names (&nbsp中 yes; R&D, &copy2024 no):
# html.unescape would also decode a prefix of a longer run, which in Chinese
# news text is far more often a company name like P&G than an entity.
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
_LEGACY_NAMES = frozenset(k for k in html.entities.html5 if not k.endswith(";"))


def _find_entities(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _ENTITY.finditer(text):
        ref = m.group()
        if not ref.endswith(";") and ref[1] != "#" and ref[1:] not in _LEGACY_NAMES:
            continue
        decoded = html.unescape(ref)
        if decoded == ref or not decoded or len(decoded) > len(ref):
            continue
        # The offset model is 1:1 replacements plus deletions: the entity's
        # first characters become the decoded ones, the rest is deleted.
        k = len(decoded)
        edits.append(Edit(m.start(), m.start() + k, decoded))
        if m.end() > m.start() + k:
            edits.append(Edit(m.start() + k, m.end()))
    return edits


decode_html_entities = Step(
    "decode_html_entities",
    _find_entities,
    "HTML entities decoded as html.unescape reads each one (&nbsp; &ldquo; &amp; &#8220; &#x4e2d; "
    "&mdash; &hellip;): the entity's first character becomes the decoded one, the rest is deleted.",
)

# Tags left by a scraper. Only known HTML element names, so '增速<5%' or
# 'PM2.5<35' stays. Block elements break the line (their first character
# becomes '\n'); inline ones simply go; script/style blocks and comments go
# with their contents.
_BLOCK_TAGS = vocabulary("html_block_tags.txt")
_INLINE_TAGS = vocabulary("html_inline_tags.txt")
# script/style blocks and comments. A lazy regex to the closing tag
# (<script…>.{0,20000}?</script>) rescans up to its reach from every opening
# tag, so 35,000 unclosed <script> took minutes (issue #15): the openings and
# the closings are found once each, and each opening takes the first closing
# after it (a binary search). The reaches stay what the regex had: a block
# whose closing is further than _SCRIPT_REACH (a comment: _COMMENT_REACH)
# characters after its opening tag is not one.
_SCRIPT_OPEN = re.compile(r"<(script|style|noscript)\b[^<>]{0,400}>|<!--", re.I)
_SCRIPT_CLOSE = re.compile(r"</(script|style|noscript)\s*>|-->", re.I)
_SCRIPT_REACH = 20_000
_COMMENT_REACH = 5_000
# Possessive runs: '<' and 100,000 spaces tried every split of the spaces
# between the two \s* for every tag name, and a lazy attribute part
# rescanned the whitespace before '>' from each of its 400 lengths. Where a
# tag ends is unchanged: its first '>' after at most 400 attribute characters
# (then '/', whitespace or line breaks).
_HTML_TAG = re.compile(
    f"<\\s*+/?\\s*+(?:({_BLOCK_TAGS})|(?:{_INLINE_TAGS}))(?![\\w:-])[^<>\\n]{{0,400}}+/?\\s*+>", re.I
)


def _script_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of script/style/noscript blocks and comments, as the leftmost
    non-overlapping matches of ``<(script|style|noscript)…>.{0,20000}?</\\1\\s*>``
    or ``<!--.{0,5000}?-->`` would give them, in linear time."""
    if "<" not in text:
        return []
    closes: dict[str, tuple[list[int], list[int]]] = {}
    for m in _SCRIPT_CLOSE.finditer(text):
        starts, ends = closes.setdefault((m.group(1) or "--").lower(), ([], []))
        starts.append(m.start())
        ends.append(m.end())
    spans: list[tuple[int, int]] = []
    last = 0
    for m in _SCRIPT_OPEN.finditer(text):
        if m.start() < last:
            continue
        name = (m.group(1) or "--").lower()
        if name not in closes:
            continue
        starts, ends = closes[name]
        # '-->' right after '<!--' shares no character with it: '<!---->' is
        # an empty comment; a closing tag must begin after the opening one ends.
        k = bisect_left(starts, m.end())
        reach = _COMMENT_REACH if name == "--" else _SCRIPT_REACH
        if k < len(starts) and starts[k] - m.end() <= reach:
            spans.append((m.start(), ends[k]))
            last = ends[k]
    return spans


def _find_tags(text: str) -> list[Edit]:
    blocks = _script_blocks(text)
    edits = [Edit(a, b) for a, b in blocks]
    taken = Sweep(blocks)
    for m in _HTML_TAG.finditer(text):
        if taken.overlaps(m.start(), m.start() + 1):  # a tag inside a block goes with it
            continue
        if m.group(1):
            edits.append(Edit(m.start(), m.start() + 1, "\n"))
            edits.append(Edit(m.start() + 1, m.end()))
        else:
            edits.append(Edit(m.start(), m.end()))
    return edits


strip_html_tags = Step(
    "strip_html_tags",
    _find_tags,
    "Stray HTML tags: <br>, <p>, </div> break the line; <span>, </a>, <img …> go; script/style blocks "
    "and comments go with their contents. Only known element names count.",
)
