"""The date in the path of a source URL a text's header gives on a line of its own.

Translated posts keep their original's address (``> 原文：<https://techcrunch.com/2013/06/28/…>``)
and corpus records keep the page's (``<url>http://news.sohu.com/20120612/n345428229.shtml</url>``);
many news and CMS sites put the publication date in that path (/2013/06/28/, /20120612/,
/2021-03/05/, /t20170824_523915927.shtml). Such a URL is read only when it stands alone on a
header line, after a source label or in a record's url tag: a link inside running text points
at another page, and an archive's stamp (web.archive.org/web/20230204115902/…) is no path
date (14 digits, not 8).
"""

from __future__ import annotations

import datetime as dt
import re

from docpipe.wordlists import alternation

_URL = re.compile(r"https?://[^\s<>\"'）)]+")
# What may stand around the URL on its line, spaces dropped: a quote mark, a source label
# and its colon, angle brackets or a record's url/link tag.
_LEFT = re.compile(
    r"^>?(?:"
    + alternation("documents/source_url_labels.txt", longest_first=True)
    + r")?[:：]?(?:<(?:url|link|source)>|<)?$"
)
_RIGHT = ("", ">", "</url>", "</link>", "</source>")
_SPACE = re.compile(r"\s")
# A URL line is no longer than this.
LINE_MAX = 500
# A date as a path segment: /2013/06/28/, /2013-06-28/, /20120612/, /2021-03/05/, /202103/05/,
# or a CMS file name t20170824_523915927.
_PATH_DATE = re.compile(
    r"/((?:19|20)\d{2})(?:/(\d{2})/(\d{2})|-(\d{2})-(\d{2})|(\d{2})(\d{2})|-(\d{2})/(\d{2})|(\d{2})/(\d{2}))(?=/)"
    r"|/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"
)


def _path_date(url: str) -> str | None:
    path = url.split("//", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    for m in _PATH_DATE.finditer(path):
        parts = [g for g in m.groups() if g is not None]
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
        except ValueError:
            continue
    return None


def source_url_date(header: list[str]) -> str | None:
    """The path date of the first URL standing alone on one of ``header``'s lines
    (with a source label or a record's url tag at most), or None."""
    for line in header:
        m = _URL.search(line) if len(line) <= LINE_MAX else None
        if not m or not _LEFT.match(_SPACE.sub("", line[: m.start()])) or _SPACE.sub("", line[m.end() :]) not in _RIGHT:
            continue
        url = m.group(0)
        # An archived copy names the original after its own stamp: read the original.
        inner = _URL.search(url, 8)
        return _path_date(inner.group(0) if inner else url)
    return None
