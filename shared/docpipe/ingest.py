"""Turning what a user gives into a new Document: validation, decoding, ids.

Shared by the API and the CLI so both refuse the same input with the same
error codes.
"""
from __future__ import annotations

import hashlib
from typing import Any

from charset_normalizer import from_bytes

from .document import Document
from .errors import EmptyText, TextTooLarge, UndecodableText


def document_id(text: str) -> str:
    """Content hash: the same text gets the same id, so it is processed once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, then what
    charset-normalizer detects; refuse what none of them decodes cleanly."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableText("the bytes are neither UTF-8 nor GB18030 nor another detectable encoding")
    return str(best)


def new_document(
    text: str,
    *,
    title: str | None = None,
    source_url: str | None = None,
    published_at: str | None = None,
    metadata: dict[str, Any] | None = None,
    max_bytes: int | None = None,
) -> Document:
    if not isinstance(text, str) or not text.strip():
        raise EmptyText("the text is empty or only whitespace")
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
