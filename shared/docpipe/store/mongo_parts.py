"""Stage outputs too large for a MongoDB document (see ``mongo.py``): written
as zlib-compressed chunks to ``document_parts`` under a fresh generation id
before the document points at them; a reader that finds a generation
incomplete (replaced under it) reads again."""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Collection as AbcCollection
from typing import Any

import bson
import orjson
from bson.binary import Binary
from pymongo import ASCENDING

from ..errors import StoreUnavailable
from .common import (
    unread_fields,
)
from .mongo_connection import MongoConnection
from .mongo_documents import FACET_SEP

# A stage output whose BSON is larger than this is stored out of the document
# (see the module docstring). With the ~7 stage outputs each at most this,
# plus raw_text (at most 2 MB by the API's limit), a document stays well
# under MongoDB's 16 MiB; measured on the sample articles, a stored document
# is ~14x its raw text (its tokens ~11x), so articles under ~90 KB spill nothing.
SPILL_BYTES = 1 << 20
# Compressed bytes per document_parts chunk: far under 16 MiB with its keys.
CHUNK_BYTES = 4 << 20
# How often a reader re-reads a document whose spilled parts were replaced
# while it read them (each re-read sees a newer, complete generation).
READ_ATTEMPTS = 5


class MongoParts(MongoConnection):
    def _read(self, doc_id: str, fields: AbcCollection[str] | None) -> dict[str, Any] | None:
        """The stored document with its spilled outputs put back (only those
        ``fields`` asks for)."""
        skip = unread_fields(fields)
        projection = {name: 0 for name in sorted(skip)} or None
        docs = self._col("documents")
        for _ in range(READ_ATTEMPTS):
            stored = docs.find_one({"_id": doc_id}, projection)
            if stored is None:
                return None
            refs = {n: r for n, r in (stored.get("parts") or {}).items() if r and n not in skip}
            loaded = self._load_parts(doc_id, refs)
            if loaded is not None:
                stored.update(loaded)
                return stored
        raise StoreUnavailable(f"the stored outputs of {doc_id!r} kept changing while being read; try again")

    # -- outputs stored out of the document --------------------------------------------
    def _spill(self, doc_id: str, outputs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the outputs small enough to stay in the document, {name: part
        reference} of those written to ``document_parts`` instead)."""
        inline: dict[str, Any] = {}
        refs: dict[str, Any] = {}
        chunks: list[dict[str, Any]] = []
        for name, value in outputs.items():
            if len(bson.encode({"v": value})) <= SPILL_BYTES:
                inline[name] = value
                continue
            data = zlib.compress(orjson.dumps(value), 1)
            gen = uuid.uuid4().hex
            pieces = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)]
            refs[name] = {"gen": gen, "chunks": len(pieces), "bytes": len(data)}
            chunks.extend(
                {
                    "_id": f"{doc_id}{FACET_SEP}{name}{FACET_SEP}{gen}{FACET_SEP}{seq}",
                    "doc_id": doc_id,
                    "name": name,
                    "gen": gen,
                    "seq": seq,
                    "data": Binary(piece),
                }
                for seq, piece in enumerate(pieces)
            )
        # One chunk per insert: a batch of them could pass the 48 MB message limit.
        col = self._col("document_parts")
        for chunk in chunks:
            col.insert_one(chunk)
        return inline, refs

    def _load_parts(self, doc_id: str, refs: dict[str, Any]) -> dict[str, Any] | None:
        """The values of spilled outputs; None when a generation is no longer
        complete (a newer one replaced it after the document was read)."""
        values: dict[str, Any] = {}
        col = self._col("document_parts")
        for name, ref in refs.items():
            rows = list(col.find({"doc_id": doc_id, "name": name, "gen": ref["gen"]}).sort("seq", ASCENDING))
            if len(rows) != ref["chunks"]:
                return None
            values[name] = orjson.loads(zlib.decompress(b"".join(bytes(r["data"]) for r in rows)))
        return values

    def _drop_parts(self, doc_id: str, refs: dict[str, Any]) -> None:
        for name, ref in refs.items():
            if ref:
                self._col("document_parts").delete_many({"doc_id": doc_id, "name": name, "gen": ref["gen"]})
