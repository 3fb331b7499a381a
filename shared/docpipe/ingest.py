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
            "the bytes are not UTF-8, and no encoding of "
            + ", ".join(DETECTABLE)
            + " is detected with confidence"
            + ("" if best is None else f" (best guess {best.encoding}, mess ratio {best.chaos:.2f})")
        )
    return str(best)


# What a reader does not see: C0 and C1 controls with NUL, every space and
# line separator, zero-width and bidi formatting characters (embeddings,
# overrides, isolates, marks), soft hyphen, word joiner, byte-order mark.
# One character class, written with escapes both Python's re and the
# ECMA-262 patterns of JSON Schema read the same way: the API's OpenAPI
# document requires a text to match VISIBLE_CHAR, and this module refuses
# one that does not, so the two cannot disagree.
INVISIBLE = (
    r"\x00-\x20\x7f-\xa0\u00ad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f"
    r"\u205f-\u206f\u3000\ufeff"
)
VISIBLE_CHAR = f"[^{INVISIBLE}]"
_VISIBLE = re.compile(VISIBLE_CHAR)


def has_visible_text(text: str) -> bool:
    """Whether ``text`` has a character a reader sees (one regex scan, stops at the first)."""
    return _VISIBLE.search(text) is not None


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
