"""Errors with a stable code and a human message.

The code is what clients and tests match on; the message is for people. The
API renders these as RFC 9457 problem details, the CLI as a plain line.
"""

from __future__ import annotations

from typing import Any


class DocpipeError(Exception):
    code: str = "internal_error"
    status: int = 500
    title: str = "Internal error"

    def __init__(self, message: str | None = None, **extra: Any) -> None:
        self.message = message or self.title
        self.extra = extra
        super().__init__(self.message)


class EmptyText(DocpipeError):
    code, status, title = "empty_text", 422, "The text is empty"


class TextTooLarge(DocpipeError):
    code, status, title = "text_too_large", 413, "The text is larger than the limit"


class UnsupportedMediaType(DocpipeError):
    code, status, title = "unsupported_media_type", 415, "Unsupported content type"


class InvalidBody(DocpipeError):
    code, status, title = "invalid_body", 422, "The request body is not valid"


class UndecodableText(DocpipeError):
    code, status, title = "undecodable_text", 422, "The text is not valid UTF-8 or GB18030"


class DocumentNotFound(DocpipeError):
    code, status, title = "document_not_found", 404, "No such document"


class InvalidCursor(DocpipeError):
    code, status, title = "invalid_cursor", 400, "The pagination cursor is not valid"


class StoreUnavailable(DocpipeError):
    code, status, title = "store_unavailable", 503, "The document store is unreachable"


class BrokerUnavailable(DocpipeError):
    code, status, title = "broker_unavailable", 503, "The message broker is unreachable"


class StageFailed(DocpipeError):
    code, status, title = "stage_failed", 500, "A processing stage failed"
