"""Turning what a user gives into a new Document: validation, decoding, ids.

Shared by the API and the CLI so both refuse the same input with the same
error codes.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any

from charset_normalizer import from_bytes

from .document import Document
from .errors import EmptyText, TextTooLarge, UndecodableText


def document_id(text: str) -> str:
    """Content hash: the same text gets the same id, so it is processed once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# The encodings Chinese news comes in. Anything else (Latin-1, cp1252, …)
# would be read as mojibake, so it is refused rather than guessed.
DETECTABLE = ("utf_8", "gb18030", "big5", "utf_16", "utf_32")
# charset-normalizer's mess ratio above which a decoding is not trusted
# (\xff\xfe\xfd… "decodes" as UTF-16 at 0.2; real text scores 0.0-0.05).
MAX_CHAOS = 0.1


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes are valid UTF-8; else the
    encoding charset-normalizer detects among ``DETECTABLE`` with a mess
    ratio of at most ``MAX_CHAOS``; else ``UndecodableText`` (a GB18030
    decode is not enough on its own: Big5 and Latin-1 bytes often pass it)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(DETECTABLE)).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise UndecodableText(
            "the bytes are not UTF-8, and no encoding of " + ", ".join(DETECTABLE)
            + " is detected with confidence"
            + ("" if best is None else f" (best guess {best.encoding}, mess ratio {best.chaos:.2f})")
        )
    return str(best)


# What a reader does not see: whitespace, C0/C1 controls, zero-width and
# bidi formatting characters (a regex skips runs of them at C speed; any
# other character is checked with str.isprintable, which is false for
# every control, format, separator, surrogate and unassigned code point).
_INVISIBLE_RUN = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]*")


def has_visible_text(text: str) -> bool:
    """Whether ``text`` has a character a reader sees (linear, stops at the first)."""
    pos, n = 0, len(text)
    while True:
        pos = _INVISIBLE_RUN.match(text, pos).end()  # type: ignore[union-attr]  # * always matches
        if pos >= n:
            return False
        c = text[pos]
        if c.isprintable() and not c.isspace():
            return True
        pos += 1


def new_document(
    text: str,
    *,
    title: str | None = None,
    source_url: str | None = None,
    published_at: str | None = None,
    metadata: dict[str, Any] | None = None,
    max_bytes: int | None = None,
) -> Document:
    if not isinstance(text, str) or not has_visible_text(text):
        raise EmptyText("the text is empty or only whitespace, control, zero-width or bidi characters")
    if max_bytes is not None:
        size = len(text.encode("utf-8"))
        if size > max_bytes:
            raise TextTooLarge(f"the text is {size} bytes; the limit is {max_bytes}", limit=max_bytes)
    return Document(
        id=document_id(text),
        raw_text=text,
        title=title,
        source_url=source_url,
        published_at=published_at,
        metadata=metadata or {},
    )
