"""The problems of the input limits (``limits.py``): their own module so that
``problems`` can list them without importing the middleware, which answers
with ``problems``' bodies (no import cycle)."""

from __future__ import annotations

from docpipe.errors import DocpipeError


class BodyTooLarge(DocpipeError):
    code, status, title = "body_too_large", 413, "The request body is larger than the limit"


class MetadataTooLarge(DocpipeError):
    code, status, title = "metadata_too_large", 413, "The metadata is larger than the limit"


class MetadataTooDeep(DocpipeError):
    code, status, title = "metadata_too_deep", 422, "The metadata is nested deeper than the limit"


class TooManyMetadataKeys(DocpipeError):
    code, status, title = "too_many_metadata_keys", 422, "The metadata has more keys than the limit"


class MetadataNumberOutOfRange(DocpipeError):
    code, status, title = "metadata_number_out_of_range", 422, "A metadata integer is outside the 64-bit range"


ERRORS = (BodyTooLarge, MetadataTooLarge, MetadataTooDeep, TooManyMetadataKeys, MetadataNumberOutOfRange)
