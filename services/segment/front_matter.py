"""YAML front matter: the ``---`` block static-site exports and news archives
put above an article (``title:``, ``date: Mon, 03 Jan 2022 08:00:00 GMT``,
``source:``). It is metadata, not text: cleaning deletes it (a step in
``cleaning.STEPS``) and ``metadata`` reads the title and the publication date
from it.

PyYAML parses the block; dates come as YAML timestamps, ISO 8601 strings,
Chinese dates or RFC 2822 dates (``email.utils``, the standard library's
parser for mail and RSS dates).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from typing import Any

import yaml

# The block: a first line of exactly ---, key: value lines, a closing --- (or ...).
_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>(?:.*\r?\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")
_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*\s*:", re.MULTILINE)

TITLE_KEYS = ("title", "headline", "标题")
DATE_KEYS = (
    "date",
    "published",
    "published_at",
    "publish_date",
    "pubdate",
    "pub_date",
    "pubDate",
    "datePublished",
    "created",
    "发布时间",
    "发布日期",
    "日期",
)
URL_KEYS = ("url", "link", "source_url", "canonical_url", "permalink")


def span(raw: str) -> tuple[int, int] | None:
    """Where the front matter block is (start, end), or None. A block must
    hold at least one ``key: value`` line and parse as a YAML mapping."""
    m = _BLOCK.match(raw)
    if not m or not _KEY_LINE.search(m.group("body")):
        return None
    return (0, m.end()) if isinstance(_load(m.group("body")), dict) else None


# A top-level plain value holding ": " (title: 重磅: 某某发布), which YAML
# refuses ("mapping values are not allowed here"): exporters write titles as
# they come, so such a value is read as the string it is written as.
_PLAIN_VALUE = re.compile(r"^(?P<key>\w[\w-]*[ \t]*:[ \t]+)(?P<value>[^'\"\[{|>&*!#\s][^\n]*)$", re.MULTILINE)


def _quoted(m: re.Match[str]) -> str:
    value = m.group("value").rstrip(" \t\r")
    if ": " not in value and ":\t" not in value:
        return m.group(0)
    return m.group("key") + json.dumps(value, ensure_ascii=False)  # a JSON string is YAML


def _load(body: str) -> Any:
    try:
        return yaml.safe_load(body)
    except yaml.YAMLError:
        pass
    retried = _PLAIN_VALUE.sub(_quoted, body)
    if retried == body:
        return None
    try:
        return yaml.safe_load(retried)
    except yaml.YAMLError:
        return None


def fields(raw: str) -> dict[str, Any]:
    """The front matter's mapping (empty when there is none)."""
    m = _BLOCK.match(raw)
    if not m:
        return {}
    data = _load(m.group("body"))
    return data if isinstance(data, dict) else {}


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in data.items()}
    for key in keys:
        if key.lower() in lowered and lowered[key.lower()] not in (None, ""):
            return lowered[key.lower()]
    return None


def parse_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a YAML timestamp, an ISO 8601 or Chinese date, or
    an RFC 2822 date; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = re.match(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text)
    if m:
        try:
            return dt.date(*(int(x) for x in m.groups())).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def published_at(raw: str) -> str | None:
    return parse_date(_first(fields(raw), DATE_KEYS))


def title(raw: str) -> str | None:
    found = _first(fields(raw), TITLE_KEYS)
    return str(found).strip() or None if found is not None else None


def source_url(raw: str) -> str | None:
    found = _first(fields(raw), URL_KEYS)
    return str(found).strip() if isinstance(found, str) and found.strip().startswith("http") else None
