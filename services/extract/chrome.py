"""Page chrome: the header and footer lines a scraped page carries around the
article (site masthead, 技术支持/主办/版权所有 footers, 来源/责任编辑 credit
lines, photo credits). Names on them are page furniture, not mentions: the
extract stage drops the regions, parks, industries and organizations found
there. People stay: the labels count a byline's or a photo credit's person
(记者 + name) as a mention.

A line counts only while it is short (``_MAX_LINE``): a text that lost its
line breaks would otherwise be one "footer" line. Pure functions, no resources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docpipe.textclasses import HAN
from docpipe.wordlists import alternation

# A line holding any of these is chrome (the phrases of chrome/*.txt).
# 来源/编辑 only as a label at the line's start or after a space or bracket
# (``来源：X日报``), not inside a sentence (``数据来源:…`` of a statistics note
# is the author's text).
_LABEL_START = r"(?:^|[\s\u3000【（(|｜])"
_CHROME_LINE = re.compile(
    alternation("chrome/footer_phrases.txt")
    + r"|主办[:：]|承办[:：]|ICP[备证]|首页\s*[>＞»›]"
    + rf"|{_LABEL_START}(?:"
    + alternation("chrome/credit_labels.txt")
    + r")\s*[:：|｜]"
    + rf"|{_LABEL_START}(?:"
    + alternation("chrome/source_kinds.txt")
    + r")?来源\s*[:：|｜]"
    + r"|\d{4}年\d{1,2}月\d{1,2}日\s*第\s*\d{1,3}\s*版"  # a newspaper's print credit: 《X日报》（2025年06月01日第 01 版）
    + r"|摄影\s*[:：]|(?:"
    + alternation("chrome/photo_credit_roles.txt")
    + rf")[\s\u3000]*[{HAN}·\s\u3000]{{2,8}}?[\s\u3000]*摄[\s\u3000）)]*$"
)
# A site's own name on a line of its own near the top (X市人民政府, X县融媒体中心,
# X管理委员会, X新闻客户端), maybe with the date: the masthead or the
# credit under the headline, not the article.
_MASTHEAD = re.compile(
    rf"^[{HAN}·（）()]{{2,24}}?(?:" + alternation("chrome/site_heads.txt") + ")"
    "(?:" + alternation("chrome/site_suffixes.txt") + ")?"
    r"(?:[\s\u3000]+\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?(?:[\s\u3000]+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?)?$"
)
# A media site's credit on a line of its own anywhere (（X县融媒体中心）).
_MEDIA_CREDIT = re.compile(
    rf"^[（(【\[]?[{HAN}·]{{2,20}}?(?:" + alternation("chrome/media_credit_heads.txt") + r")[）)】\]]?$"
)
_MAX_LINE = 160
# A sentence of the article ends at these (a footer or credit line has none,
# or only after its own label).
_SENTENCE_ENDS = frozenset("。！？")
# Only the first lines of a page can be its masthead (or the site's name
# with the date under the headline).
_MASTHEAD_LINES = 4


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every chrome line in ``text``, in order."""
    spans: list[tuple[int, int]] = []
    pos = 0
    seen = 0
    for line in text.split("\n"):
        end = pos + len(line)
        body = line.strip(" \t\u3000\r")
        if body:
            seen += 1
            if len(body) <= _MAX_LINE:
                m = _CHROME_LINE.search(body)
                if m:
                    start = _chrome_start(body, m)
                    if start is not None:
                        spans.append((pos + line.index(body) + start, end))
                elif _MEDIA_CREDIT.match(body) or (seen <= _MASTHEAD_LINES and _MASTHEAD.match(body)):
                    spans.append((pos, end))
        pos = end + 1
    return spans


def _chrome_start(body: str, m: re.Match[str]) -> int | None:
    """Where the chrome of a line ``m`` matched in begins: 0 for a line of
    chrome; right after the last sentence end before it when the article's
    sentences come first (……。（来源：新华社）, ……。新华社记者 X 摄: the
    sentences are the author's, the credit is not);
    None when the phrase sits inside a sentence that ends after it
    (为创业者提供融资、技术支持等服务。 is prose, not a footer)."""
    ends = [i for i, ch in enumerate(body) if ch in _SENTENCE_ENDS]
    if not ends:
        return 0
    if m.start() > 0 and ends[-1] >= m.end():
        return None
    before = [i for i in ends if i < m.start()]
    if before:  # the credit is all after the last sentence end (……。新华社记者 X 摄)
        return before[-1] + 1
    return 0


def in_chrome(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)
