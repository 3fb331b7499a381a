"""The cross-document rows of the embedded store: ``index_results`` writes a
document's entity, metric, facet, fact and entity-document rows (and the
entity summaries) in one transaction."""

from __future__ import annotations

from typing import Any

from ..document import Document
from ..errors import DocumentNotFound
from .common import (
    entity_rows,
    facets,
    from_json,
    metric_rows,
    missing_index_fields,
    to_json,
    with_fields,
)
from .entities_sqlite import write_entity_docs
from .facts_sqlite import write_facts
from .sqlite_connection import SqliteConnection


class SqliteIndexing(SqliteConnection):
    def index_results(self, doc: Document, *, revision: int | None = None) -> bool:
        if missing := missing_index_fields(doc):
            with self._read() as conn:
                marks = ",".join("?" * len(missing))
                stored = dict(
                    conn.execute(
                        f"SELECT name, value FROM document_fields WHERE doc_id = ? AND name IN ({marks})",
                        (doc.id, *missing),
                    ).fetchall()
                )
            doc = with_fields(doc, {name: from_json(stored.get(name)) for name in missing})
        entities = entity_rows(doc)
        metrics = metric_rows(doc)
        doc_facets = sorted(facets(doc))
        with self._tx() as conn:
            row = conn.execute(
                "SELECT created_at, published_date, revision FROM documents WHERE id = ?", (doc.id,)
            ).fetchone()
            if row is None:
                raise DocumentNotFound(f"no document {doc.id!r} to index", id=doc.id)
            created_at, published, stored_revision = row
            if revision is not None and stored_revision != revision:
                return False
            for table in ("entities", "metrics", "facets"):
                conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc.id,))
            conn.executemany(
                'INSERT INTO entities (doc_id, seq, type, name, text, start, "end", adcode, industry, sector,'
                " attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc.id,
                        i,
                        e["type"],
                        e["name"],
                        e["text"],
                        e["start"],
                        e["end"],
                        e["adcode"],
                        e["industry"],
                        e["sector"],
                        to_json(e["attributes"]),
                    )
                    for i, e in enumerate(entities)
                ],
            )
            conn.executemany(
                'INSERT INTO metrics (doc_id, seq, text, start, "end", value, value_max, unit, qualifier,'
                " measure, subject, period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc.id,
                        i,
                        m["text"],
                        m["start"],
                        m["end"],
                        m["value"],
                        m["value_max"],
                        m["unit"],
                        m["qualifier"],
                        m["measure"],
                        m["subject"],
                        m["period"],
                    )
                    for i, m in enumerate(metrics)
                ],
            )
            conn.executemany(
                "INSERT INTO facets (facet, value, created_at, doc_id, published_date) VALUES (?, ?, ?, ?, ?)",
                [(facet, value, created_at, doc.id, published) for facet, value in doc_facets],
            )
            write_facts(conn, doc)
            write_entity_docs(conn, doc, created_at)
            conn.execute(
                "UPDATE documents SET entity_count = ?, metric_count = ? WHERE id = ?",
                (len(entities), len(metrics), doc.id),
            )
        return True

    def entities_of(self, doc_id: str) -> list[dict[str, Any]]:
        """The indexed entity rows of a document, in order."""
        with self._read() as conn:
            cur = conn.execute(
                'SELECT type, name, text, start, "end", adcode, industry, sector, attributes'
                " FROM entities WHERE doc_id = ? ORDER BY seq",
                (doc_id,),
            )
            names = [d[0] for d in cur.description]
            return [{**dict(zip(names, r, strict=True)), "attributes": from_json(r[-1], {})} for r in cur]

    def metrics_of(self, doc_id: str) -> list[dict[str, Any]]:
        with self._read() as conn:
            cur = conn.execute(
                'SELECT text, start, "end", value, value_max, unit, qualifier, measure, subject, period'
                " FROM metrics WHERE doc_id = ? ORDER BY seq",
                (doc_id,),
            )
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur]
