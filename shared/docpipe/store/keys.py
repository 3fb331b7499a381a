"""Where API keys are kept: their own table (SQLite) or collection (MongoDB)
beside the documents. A row holds the key's id, name, scopes, optional rate
limit, the SHA-256 of the key (never the key) and when it was created and
revoked; ``docpipe.apikeys`` makes and checks keys.

``keys_for(store)`` returns the engine's implementation on the store's own
connection; the table is created on first use (as corrections.py does).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import orjson

from .common import now_iso
from .companions import Companions, SqliteCompanion

# The row's fields, in the order `docpipe keys list` prints them.
FIELDS = ("id", "name", "scopes", "rate", "created_at", "revoked_at")


class ApiKeys(ABC):
    @abstractmethod
    def add(self, row: dict[str, Any]) -> dict[str, Any]:
        """Store a new key's row (``id``, ``hash``, ``scopes``, ...); returns it with ``created_at``."""

    @abstractmethod
    def get(self, key_id: str) -> dict[str, Any] | None:
        """The row of ``key_id`` (revoked or not), or None."""

    @abstractmethod
    def all(self) -> list[dict[str, Any]]:
        """Every row, oldest first."""

    @abstractmethod
    def revoke(self, key_id: str) -> dict[str, Any] | None:
        """Mark ``key_id`` revoked (once: a second revoke keeps the first time);
        returns its row, or None when there is no such key."""


_SQLITE_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS api_keys (
        n          INTEGER PRIMARY KEY AUTOINCREMENT,
        id         TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        body       TEXT NOT NULL                       -- JSON: name, scopes, rate, hash
    )""",
)


class SqliteApiKeys(SqliteCompanion, ApiKeys):
    SCHEMA = _SQLITE_SCHEMA

    @staticmethod
    def _row(created_at: str, revoked_at: str | None, body: str) -> dict[str, Any]:
        return {**orjson.loads(body), "created_at": created_at, "revoked_at": revoked_at}

    def add(self, row: dict[str, Any]) -> dict[str, Any]:
        self._schema()
        body = {k: v for k, v in row.items() if k not in ("created_at", "revoked_at")}
        created = now_iso()
        with self.store._tx() as conn:
            conn.execute(
                "INSERT INTO api_keys (id, created_at, body) VALUES (?, ?, ?)",
                (row["id"], created, orjson.dumps(body).decode("utf-8")),
            )
        return {**body, "created_at": created, "revoked_at": None}

    def get(self, key_id: str) -> dict[str, Any] | None:
        self._schema()
        with self.store._read() as conn:
            found = conn.execute("SELECT created_at, revoked_at, body FROM api_keys WHERE id = ?", (key_id,)).fetchone()
        return self._row(*found) if found else None

    def all(self) -> list[dict[str, Any]]:
        self._schema()
        with self.store._read() as conn:
            rows = conn.execute("SELECT created_at, revoked_at, body FROM api_keys ORDER BY n").fetchall()
        return [self._row(*r) for r in rows]

    def revoke(self, key_id: str) -> dict[str, Any] | None:
        self._schema()
        with self.store._tx() as conn:
            conn.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (now_iso(), key_id))
        return self.get(key_id)


class MongoApiKeys(ApiKeys):
    """One MongoDB document per key; ``_id`` is the key id."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def _col(self) -> Any:
        return self.store._col("api_keys")

    @staticmethod
    def _row(doc: dict[str, Any]) -> dict[str, Any]:
        return {"id": doc.pop("_id"), **doc}

    def add(self, row: dict[str, Any]) -> dict[str, Any]:
        out = {**row, "created_at": now_iso(), "revoked_at": None}
        with self.store._errors():
            self._col().insert_one({"_id": out["id"], **{k: v for k, v in out.items() if k != "id"}})
        return out

    def get(self, key_id: str) -> dict[str, Any] | None:
        with self.store._errors():
            doc = self._col().find_one({"_id": key_id})
        return self._row(doc) if doc else None

    def all(self) -> list[dict[str, Any]]:
        with self.store._errors():
            docs = list(self._col().find({}).sort("created_at", 1))
        return [self._row(d) for d in docs]

    def revoke(self, key_id: str) -> dict[str, Any] | None:
        with self.store._errors():
            self._col().update_one({"_id": key_id, "revoked_at": None}, {"$set": {"revoked_at": now_iso()}})
        return self.get(key_id)


# The API keys kept with ``store`` (one object per store object).
keys_for: Companions[ApiKeys] = Companions("API keys", SqliteApiKeys, MongoApiKeys)
