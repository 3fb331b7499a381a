"""The MongoDB store's client: one per process (a MongoClient is not
fork-safe), the database with write concern majority + journal, and the
mapping of an unreachable server to ``StoreUnavailable``."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pymongo import MongoClient, ReplaceOne
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import BulkWriteError, ConnectionFailure, PyMongoError
from pymongo.write_concern import WriteConcern

from ..errors import StoreUnavailable

T = TypeVar("T")


def at_revision(revision: int) -> dict[str, Any]:
    """A filter for a document still at ``revision`` (documents stored before
    revisions were kept have none: that is revision 0)."""
    return {"revision": revision} if revision else {"revision": {"$in": [0, None]}}


def replace_doc_rows(col: Collection[dict[str, Any]], doc_id: str, rows: list[dict[str, Any]], created_at: str) -> None:
    """Make ``rows`` the document's rows in ``col``: each replaced by its
    deterministic id ``<doc_id>:<seq>`` (with ``doc_id``, ``seq`` and
    ``created_at``), the surplus of an earlier run deleted, so it converges
    without a transaction however often it runs."""
    if rows:
        ops = [
            ReplaceOne(
                {"_id": f"{doc_id}:{i}"}, {**row, "doc_id": doc_id, "seq": i, "created_at": created_at}, upsert=True
            )
            for i, row in enumerate(rows)
        ]
        try:
            col.bulk_write(ops, ordered=False)
        except BulkWriteError as exc:
            # A concurrent run for the same document inserted some rows first
            # (the server retries such an upsert on _id itself, not when the
            # unique (doc_id, seq) index is the one that reports it): the rows
            # exist now, so once more replaces them.
            if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise
            col.bulk_write(ops, ordered=False)
    col.delete_many({"doc_id": doc_id, "seq": {"$gte": len(rows)}})


class MongoConnection:
    """What every part of ``MongoStore`` reads and writes through.
    ``db=None`` takes the database named in the URI path, else ``docpipe``."""

    def __init__(self, uri: str, db: str | None = "docpipe", *, timeout_ms: int = 5000) -> None:
        self.uri = uri
        self.db_name = db
        self.timeout_ms = timeout_ms
        self._lock = threading.Lock()
        self._client: MongoClient[dict[str, Any]] | None = None
        self._pid: int | None = None

    # -- connection -----------------------------------------------------------------
    def _db(self) -> Database[dict[str, Any]]:
        pid = os.getpid()
        with self._lock:
            if self._client is None or self._pid != pid:
                # A MongoClient is not fork-safe: a child makes its own.
                self._client = MongoClient(self.uri, serverSelectionTimeoutMS=self.timeout_ms)
                self._pid = pid
            client = self._client
        wc = WriteConcern(w="majority", j=True)
        if self.db_name:
            return client.get_database(self.db_name, write_concern=wc)
        default = client.get_default_database(default="docpipe")
        return client.get_database(default.name, write_concern=wc)

    def _col(self, name: str) -> Collection[dict[str, Any]]:
        return self._db()[name]

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except ConnectionFailure as exc:
            raise StoreUnavailable(f"MongoDB is unreachable: {exc}") from exc

    def _call(self, fn: Callable[[], T]) -> T:
        with self._errors():
            return fn()

    def ping(self) -> bool:
        try:
            self._db().client.admin.command("ping")
            return True
        except PyMongoError:
            return False

    def close(self) -> None:
        with self._lock:
            if self._client is not None and self._pid == os.getpid():
                self._client.close()
            self._client = None
            self._pid = None
