"""Where corrections are kept: their own table (SQLite) or collection
(MongoDB), beside the documents and never inside them, so a stage that
rewrites a document's output cannot touch them.

``corrections_for(store)`` returns the engine's implementation, which works
on the store's own connection; the table is created on first use (the
stores' schemas stay as they are).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import orjson

from .common import now_iso
from .companions import Companions, SqliteCompanion


class Corrections(ABC):
    @abstractmethod
    def add(self, correction: dict[str, Any]) -> dict[str, Any]:
        """Store ``correction`` (it has an ``id``); returns it with ``created_at``."""

    @abstractmethod
    def of(self, doc_id: str) -> list[dict[str, Any]]:
        """The document's corrections in the order they were made."""

    @abstractmethod
    def documents(self) -> list[str]:
        """Ids of the documents that have corrections."""

    @abstractmethod
    def renamed_from(self, type_: str, canonical: str) -> list[dict[str, Any]]:
        """The corrections that renamed or retyped the canonical entity
        (``type_``, ``canonical``) on a document (their ``renames`` has it as
        ``from``), newest first."""


def _renames_it(correction: dict[str, Any], type_: str, canonical: str) -> bool:
    return any(r["from"] == {"type": type_, "name": canonical} for r in correction.get("renames") or ())


_SQLITE_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS corrections (
        n          INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order they were made in
        id         TEXT NOT NULL UNIQUE,
        doc_id     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        body       TEXT NOT NULL                       -- JSON
    )""",
    "CREATE INDEX IF NOT EXISTS corrections_doc ON corrections (doc_id, n)",
)


class SqliteCorrections(SqliteCompanion, Corrections):
    SCHEMA = _SQLITE_SCHEMA

    def add(self, correction: dict[str, Any]) -> dict[str, Any]:
        self._schema()
        row = {**correction, "created_at": now_iso()}
        with self.store._tx() as conn:
            conn.execute(
                "INSERT INTO corrections (id, doc_id, created_at, body) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO NOTHING",
                (row["id"], row["doc_id"], row["created_at"], orjson.dumps(row).decode("utf-8")),
            )
        return row

    def of(self, doc_id: str) -> list[dict[str, Any]]:
        self._schema()
        with self.store._read() as conn:
            rows = conn.execute("SELECT body FROM corrections WHERE doc_id = ? ORDER BY n", (doc_id,)).fetchall()
        return [orjson.loads(body) for (body,) in rows]

    def documents(self) -> list[str]:
        self._schema()
        with self.store._read() as conn:
            return [d for (d,) in conn.execute("SELECT DISTINCT doc_id FROM corrections ORDER BY doc_id")]

    def renamed_from(self, type_: str, canonical: str) -> list[dict[str, Any]]:
        self._schema()
        # A scan of the corrections (people make them: thousands, not millions).
        with self.store._read() as conn:
            rows = conn.execute(
                "SELECT body FROM corrections WHERE EXISTS (SELECT 1 FROM json_each(body, '$.renames') r"
                " WHERE json_extract(r.value, '$.from.type') = ? AND json_extract(r.value, '$.from.name') = ?)"
                " ORDER BY n DESC",
                (type_, canonical),
            ).fetchall()
        return [orjson.loads(body) for (body,) in rows]


class MongoCorrections(Corrections):
    """One MongoDB document per correction; ``_id`` is the correction id,
    which sorts by creation time (``corrections.new_id``)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._ready = False

    def _col(self) -> Any:
        col = self.store._col("corrections")
        if not self._ready:
            with self.store._errors():
                col.create_index([("doc_id", 1), ("_id", 1)], name="doc_id")
                col.create_index([("renames.from.type", 1), ("renames.from.name", 1)], name="renamed_from")
            self._ready = True
        return col

    def add(self, correction: dict[str, Any]) -> dict[str, Any]:
        row = {**correction, "created_at": now_iso()}
        with self.store._errors():
            self._col().update_one(
                {"_id": row["id"]}, {"$setOnInsert": {k: v for k, v in row.items() if k != "id"}}, upsert=True
            )
        return row

    def of(self, doc_id: str) -> list[dict[str, Any]]:
        with self.store._errors():
            rows = list(self._col().find({"doc_id": doc_id}).sort("_id", 1))
        return [{"id": r.pop("_id"), **r} for r in rows]

    def documents(self) -> list[str]:
        with self.store._errors():
            return sorted(self._col().distinct("doc_id"))

    def renamed_from(self, type_: str, canonical: str) -> list[dict[str, Any]]:
        with self.store._errors():
            rows = list(self._col().find({"renames.from.type": type_, "renames.from.name": canonical}).sort("_id", -1))
        # The two conditions may hold in two different renames of one correction.
        return [c for c in ({"id": r.pop("_id"), **r} for r in rows) if _renames_it(c, type_, canonical)]


# The corrections kept with ``store`` (one object per store object).
corrections_for: Companions[Corrections] = Companions("corrections", SqliteCorrections, MongoCorrections)
