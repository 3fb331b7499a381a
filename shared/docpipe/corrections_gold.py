"""``docpipe corrections export``: each corrected document as a gold file in
the format of ../shared/eval/gold (README there), beside its text, so the
corrections become evaluation data: ``docpipe extract OUT/*.txt > pred.jsonl``
then ``score.py pred.jsonl OUT``.

The gold is the corrected document as a whole: the pipeline's output with
every correction applied (a reviewed document). Names follow the document's
uploaded file name when it had one (``metadata.filename``), else its id.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson

from .corrections import corrected
from .document import ENTITY_TYPES, Document
from .errors import DocumentNotFound
from .store.base import Store
from .store.corrections import corrections_for
from .textclasses import HAN

_SAFE = re.compile(rf"[^0-9A-Za-z_.\-{HAN}]+")


def article_name(doc: Document) -> str:
    """The file stem: the uploaded name (made safe) or the id."""
    filename = doc.metadata.get("filename") if isinstance(doc.metadata, dict) else None
    if isinstance(filename, str) and filename.strip():
        stem = _SAFE.sub("_", Path(filename).stem).strip("._")
        if stem:
            return stem
    return doc.id


def gold_of(doc: Document, summary: dict[str, Any] | None) -> dict[str, Any]:
    """One gold file's content for a (corrected) document."""
    metrics: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for m in doc.metrics:  # a figure is listed once however often it occurs
        key = (m.text, m.value, m.value_max, m.unit, m.classifier)
        if key in seen:
            continue
        seen.add(key)
        row = {
            "text": m.text,
            "value": m.value,
            "unit": m.unit,
            "classifier": m.classifier,
            "qualifier": m.qualifier,
            "measure": m.measure,
            "subject": m.subject,
            "period": m.period,
            "optional": False,
        }
        if m.value_max is not None:
            row["value_max"] = m.value_max
        metrics.append(row)
    entities: dict[str, list[dict[str, Any]]] = {t: [] for t in ENTITY_TYPES}
    aliases: dict[tuple[str, str], set[str]] = {}
    for e in doc.entities:
        forms = aliases.setdefault((e.type, e.name), set())
        if e.text != e.name:
            forms.add(e.text)
    for (etype, name), forms in aliases.items():
        entities[etype].append({"name": name, "aliases": sorted(forms)})
    return {
        "article": f"{article_name(doc)}.txt",
        "published_at": doc.published_at,
        "metrics": metrics,
        "entities": entities,
        # Provenance; the scorer reads only the keys above.
        "document_id": doc.id,
        "corrections": summary,
    }


def export(store: Store, out: Path, doc_ids: list[str] | None = None) -> list[Path]:
    """Write ``<name>.gold.json`` and ``<name>.txt`` (the raw text the
    pipeline reads) per corrected document; returns the gold paths."""
    ids = doc_ids or corrections_for(store).documents()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for doc_id in ids:
        doc = store.get_document(doc_id)
        if doc is None:
            raise DocumentNotFound(f"no document {doc_id}")
        if doc.clean_text is None:
            continue  # not processed yet: nothing to be gold about
        fixed, summary = corrected(store, doc)
        name = article_name(fixed)
        (out / f"{name}.txt").write_text(fixed.raw_text, encoding="utf-8")
        path = out / f"{name}.gold.json"
        path.write_bytes(orjson.dumps(gold_of(fixed, summary), option=orjson.OPT_INDENT_2) + b"\n")
        written.append(path)
    return written
