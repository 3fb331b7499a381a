"""Entities across documents (issue #12): ``GET /entities`` and
``GET /entities/{type}/{name}`` latency on the embedded SQLite store.

    python -m bench.entities [--docs 100000] [--queries 40] [--json FILE]

The store is filled as ``bench.store`` fills it (synthetic documents shaped
like the real ones, Zipf-skewed names, written through ``insert_document``
and ``index_results``, which writes the entity rows). Timed, each over
``--queries`` values: the first page of 50 of the list (all types; one type;
a ``q`` search), a page after a cursor, one entity's row, its related
entities (shared documents among its newest 1,000), for entities drawn from
the common and the rare ones. Figures to read; nothing asserts a time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from .store import Corpus, load, percentile


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t0) * 1000, out


def run(n: int, path: Path, queries: int = 40) -> dict[str, Any]:
    from docpipe.store.entities import EntityQuery
    from docpipe.store.entity_index import entity_index
    from docpipe.store.sqlite import SqliteStore

    store = SqliteStore(path)
    store.ensure_indexes()
    t0 = time.perf_counter()
    load(store, Corpus(), n, 0, False)
    load_s = time.perf_counter() - t0
    store.close()
    store = SqliteStore(path)
    store.ensure_indexes()
    index = entity_index(store)
    everything, cursor = [], None
    while True:  # every canonical entity, page by page
        page = index.list_entities(EntityQuery(), limit=1000, cursor=cursor)
        everything += page.items
        if not (cursor := page.next_cursor):
            break
    by_docs = sorted(everything, key=lambda e: -e["documents"])
    rng = random.Random(5)
    common, rare = by_docs[:queries], by_docs[-queries:]
    types = sorted({e["type"] for e in everything})
    cursors = [index.list_entities(EntityQuery(), limit=k).next_cursor for k in range(1, queries + 1)]
    cases: dict[str, list[Callable[[], Any]]] = {
        "list, first page of 50": [lambda: index.list_entities(EntityQuery(), limit=50)] * queries,
        "list, one type": [
            partial(index.list_entities, EntityQuery(type=t), limit=50)
            for t in [rng.choice(types) for _ in range(queries)]
        ],
        "list, q (part of a name)": [
            partial(index.list_entities, EntityQuery(q=q), limit=50)
            for q in [rng.choice(everything)["name"][1:3] for _ in range(queries)]
        ],
        "list, after a cursor": [partial(index.list_entities, EntityQuery(), limit=50, cursor=c) for c in cursors if c],
        "entity row (common)": [partial(index.entity, e["type"], e["name"]) for e in common],
        "entity row (rare)": [partial(index.entity, e["type"], e["name"]) for e in rare],
        "related (common)": [partial(index.related, e) for e in common],
        "related (rare)": [partial(index.related, e) for e in rare],
    }
    out: dict[str, Any] = {}
    for label, calls in cases.items():
        calls[0]()  # warm the page cache
        ms = [_timed(c)[0] for c in calls]
        out[label] = {
            "queries": len(ms),
            "p50_ms": round(statistics.median(ms), 3),
            "p95_ms": round(percentile(ms, 95), 3),
            "max_ms": round(max(ms), 3),
        }
    store.close()
    return {
        "documents": n,
        "entities": len(everything),
        "load_seconds": round(load_s, 1),
        "most_documents": by_docs[0]["documents"],
        "queries": out,
    }


def print_table(r: dict[str, Any]) -> None:
    print()
    print(
        f"entities: embedded SQLite, {r['documents']:,} documents, {r['entities']:,} canonical entities "
        f"(the commonest in {r['most_documents']:,} documents)"
    )
    print(f"  {'':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, q in r["queries"].items():
        print(f"  {label:<28} {q['p50_ms']:>8.2f} {q['p95_ms']:>8.2f} {q['max_ms']:>8.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.entities", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="docpipe-entities-bench-") as tmp:
        r = run(args.docs, Path(tmp) / "bench.sqlite3", args.queries)
    print_table(r)
    if args.json:
        args.json.write_text(json.dumps(r, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
