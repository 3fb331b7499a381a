"""API keys: made, checked and revoked here; kept (hashed) by store/keys.py.

A key reads ``dpk_<id>_<secret>``: the id (16 hex digits) finds the row, the
secret is 32 random bytes. The store keeps SHA-256 of the whole key: a key
carries 256 bits of entropy, so a fast hash is enough (a slow password hash
guards guessable secrets; nothing here is guessable) and a check costs one
row read. The key itself is printed once, by ``docpipe keys create``.

Scopes: ``read`` (GET), ``submit`` (POST documents), ``admin`` (reprocess,
webhooks, corrections); ``admin`` includes the other two.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

from limits import parse as parse_rate

from .errors import DocpipeError, InvalidBody
from .store.base import Store
from .store.keys import FIELDS, keys_for

SCOPES = ("read", "submit", "admin")
PREFIX = "dpk_"
_KEY = re.compile(r"^dpk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")


class KeyNotFound(DocpipeError):
    code, status, title = "key_not_found", 404, "No such API key"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_id_of(key: str) -> str | None:
    """The id part of a well-formed key, else None."""
    found = _KEY.match(key)
    return found.group(1) if found else None


def effective_scopes(scopes: list[str] | tuple[str, ...]) -> frozenset[str]:
    return frozenset(SCOPES) if "admin" in scopes else frozenset(scopes)


def check_rate(rate: str | None) -> str | None:
    """``rate`` as the limits package reads it ("100/minute"), or an error."""
    if rate is None:
        return None
    try:
        parse_rate(rate)
    except ValueError as exc:
        raise InvalidBody(f"not a rate: {rate!r} (say e.g. 100/minute or 10/second)") from exc
    return rate


def create(store: Store, scopes: list[str], name: str = "", rate: str | None = None) -> tuple[str, dict[str, Any]]:
    """A new key and its stored row (which holds only the key's digest)."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise InvalidBody(f"scopes must be among {', '.join(SCOPES)}; got {', '.join(scopes) or 'none'}")
    key_id = secrets.token_hex(8)
    key = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    row = {
        "id": key_id,
        "name": name,
        "scopes": sorted(set(scopes), key=SCOPES.index),
        "rate": check_rate(rate),
        "hash": digest(key),
    }
    return key, keys_for(store).add(row)


def verify(store: Store, key: str) -> dict[str, Any] | None:
    """The live (not revoked) row of ``key``, or None."""
    key_id = key_id_of(key)
    if key_id is None:
        return None
    row = keys_for(store).get(key_id)
    if row is None or row.get("revoked_at") or not hmac.compare_digest(row["hash"], digest(key)):
        return None
    return row


def revoke(store: Store, key_id: str) -> dict[str, Any]:
    row = keys_for(store).revoke(key_id)
    if row is None:
        raise KeyNotFound(f"no API key {key_id}")
    return row


def public(row: dict[str, Any]) -> dict[str, Any]:
    """A row without its digest (what `docpipe keys list` shows)."""
    return {k: row.get(k) for k in FIELDS}


def client_headers() -> dict[str, str]:
    """What the CLI sends the API: DOCPIPE_API_KEY as a bearer token, if set."""
    from . import settings

    key = settings.access().client_key
    return {"Authorization": f"Bearer {key.get_secret_value()}"} if key else {}
