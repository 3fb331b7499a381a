"""The date on a securities research report's cover page.

A broker's report, as PDF text, opens with a cover: title, analysts and their certificate
numbers (执业证书编号：S0850512080006), a summary, related reports, and the report's date,
printed 2020年07月07日 and often glued into one long line with the rest of the page. On such a
cover that date is the first one written with 年, 月 and 日: related reports are cited with
dotted or compact dates (《…》2020.07.05, ——2014-07-27, 20200223), sample periods as ranges
(2013.01.25-2024.07.31), and a data date follows 截至 (data_date_marks.txt); none of those is
taken.
"""

from __future__ import annotations

import datetime as dt
import re

from docpipe.wordlists import alternation

# How far into the text the cover runs, and how near its top a cover word stands.
COVER_CHARS = 3000
MARK_CHARS = 300

_COVER_MARK = re.compile(r"(?:" + alternation("documents/report_cover_marks.txt", longest_first=True) + r")")
# An analyst's certificate number with the Securities Association: S and 13 digits.
_CERTIFICATE = re.compile(r"(?<![A-Za-z0-9])S\d{13}(?!\d)")
_CN_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATA_DATE = re.compile(r"(?:" + alternation("documents/data_date_marks.txt", longest_first=True) + r")\s*$")
# A range goes on with a dash and a number (…2024年07月31日-2024…), not a subtitle's dashes (2022年02月25日 ——“…”).
_RANGE_NEXT = re.compile(r"^\s*(?:[-－–—~～]\s*\d|" + alternation("documents/range_next_marks.txt") + ")")


def _inside_cited_title(text: str, at: int) -> bool:
    """Whether ``at`` lies inside a 《…》 title (a cited report's name)."""
    return text.rfind("《", 0, at) > text.rfind("》", 0, at)


def is_cover(text: str) -> bool:
    """An analyst's certificate number on the first page, or a cover word at its
    top (spaces dropped: covers letter-space it, 证 券 研 究 报 告)."""
    top = re.sub(r"\s+", "", text[:MARK_CHARS])
    return bool(_CERTIFICATE.search(text[:COVER_CHARS]) or _COVER_MARK.search(top))


def cover_date(text: str) -> str | None:
    """The report's date (``YYYY-MM-DD``) when ``text`` opens with a research
    report's cover, or None."""
    if not is_cover(text):
        return None
    head = text[:COVER_CHARS]
    for m in _CN_DAY.finditer(head):
        if _inside_cited_title(head, m.start()) or _DATA_DATE.search(head[max(0, m.start() - 6) : m.start()]):
            continue
        if _RANGE_NEXT.match(head[m.end() :]):
            continue
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None
