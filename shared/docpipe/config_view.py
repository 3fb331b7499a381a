"""``docpipe config``: the effective settings, as every process would read
them now, with secrets masked."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic_settings import BaseSettings

from . import settings

# Each group and the function that reads it (one place: the settings module's accessors).
GROUPS = (
    "paths",
    "redis",
    "mongo",
    "store",
    "api",
    "access",
    "admission",
    "worker",
    "events",
    "webhooks",
    "supervisor",
    "flower",
    "logs",
    "neardup",
)
_SECRET_NAME = re.compile(r"password|passwd|secret|token|auth|key", re.IGNORECASE)
MASK = "***"


def mask_url(value: str) -> str:
    """A URL with its password (or a lone user token) masked."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    if not parts.scheme or "@" not in parts.netloc:
        return value
    creds, host = parts.netloc.rsplit("@", 1)
    user = creds.split(":", 1)[0] if ":" in creds else ""
    return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{host}" if user else f"{MASK}@{host}"))


def _masked(name: str, value: Any) -> Any:
    if value is None:
        return None
    if _SECRET_NAME.search(name):
        return MASK
    if isinstance(value, str) and "://" in value:
        return mask_url(value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _env_names(model: BaseSettings, field: str) -> str:
    info = type(model).model_fields[field]
    alias = info.alias or info.validation_alias
    if isinstance(alias, str):
        return alias.upper()
    prefix = model.model_config.get("env_prefix") or ""
    return f"{prefix}{field}".upper()


def effective_settings() -> dict[str, dict[str, Any]]:
    """``{group: {ENV_NAME: value}}`` for every setting (computed URLs too)."""
    out: dict[str, dict[str, Any]] = {}
    for group in GROUPS:
        reader = getattr(settings, group, None)
        if reader is None:
            continue
        model = reader()
        values = {_env_names(model, f): _masked(f, getattr(model, f)) for f in type(model).model_fields}
        if group == "redis":
            values["(effective url)"] = _masked("url", model.url)
        if group == "api":
            values["(client url)"] = _masked("url", model.client_url)
        out[group] = values
    return out
