"""Facts benchmark (issue #12): ``GET /facts`` query latency and export
throughput on the embedded SQLite store with 100,000 processed documents.

    python -m bench.facts [--docs 100000] [--path FILE] [--json FILE]

Documents are synthetic, written through the Store methods the workers use
(``insert_document``, ``index_results``, which writes the fact rows) for
the first 1,000, then synthesised straight into the tables with the same
fact-row builder (``load``); the pipeline is not run (100,000 articles
through it would take hours on this machine). Each has 3-8 figures shaped like the normalize stage's output
(``measure_id`` from the canonical measures table, ``subject_entity`` with
an adcode, periods as years, months and quarters); subjects and measures are
drawn from skewed (Zipf-like) distributions, so some facts have thousands of
rows and some one. 5 % of documents are reposts of an earlier one
(``duplicate_of``, the same figures), 2 % restate a figure with another
value (conflicts).

Query latency: the first page of 50 facts per filter shape, over many
values, p50/p95/max in ms (each also the number of facts it returned).
Export throughput: every row of a broad query through the same generators
the route streams (store pages -> flat rows -> CSV / JSON Lines / Parquet
bytes), rows/s per format. Figures to read and compare; nothing asserts a
time.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from docpipe import settings
from docpipe.document import Document, Metric, Status
from docpipe.store.common import now_iso, published_date, to_json
from docpipe.store.facts import EXPORT_COLUMNS, FactQuery, export_rows
from docpipe.store.facts_sqlite import write_facts
from docpipe.store.sqlite import SqliteStore

from .store import PARKS, REGIONS, _zipf_weights, percentile

# Canonical measure ids with the unit their figures take (ids of
# docpipe/data/measures/measures.tsv; derived growth ids as the normalize
# stage writes them).
MEASURES: list[tuple[str, str, str]] = [
    ("gdp", "地区生产总值", "CNY"),
    ("gdp.growth", "地区生产总值增长", "percent"),
    ("industrial_value_added_above_scale", "规上工业增加值", "CNY"),
    ("fixed_asset_investment", "固定资产投资", "CNY"),
    ("retail_sales", "社会消费品零售总额", "CNY"),
    ("trade_total", "进出口总额", "CNY"),
    ("fdi_actual", "实际使用外资", "USD"),
    ("general_budget_revenue", "一般公共预算收入", "CNY"),
    ("operating_revenue", "营业收入", "CNY"),
    ("net_profit", "净利润", "CNY"),
    ("rd_spending", "研发投入", "CNY"),
    ("high_tech_enterprise_count", "高新技术企业", "count"),
    ("total_investment", "总投资", "CNY"),
    ("signed_project_count", "签约项目", "count"),
    ("output_value", "产值", "CNY"),
    ("tax_revenue", "税收", "CNY"),
]
PARK_ADCODES = {
    "苏州工业园区": "320571",
    "无锡高新区": "320214",
    "中关村科学城": "110108",
    "张江高科技园区": "310115",
    "深圳光明科学城": "440311",
    "武汉东湖高新区": "420111",
    "合肥高新区": "340104",
    "成都高新区": "510107",
}


class FactCorpus:
    """Deterministic synthetic documents with fact-shaped figures."""

    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.subjects: list[dict[str, Any]] = [
            {"type": "region", "name": name, "adcode": code} for name, code, _ in REGIONS
        ] + [{"type": "park", "name": p, "adcode": PARK_ADCODES.get(p)} for p in PARKS]
        self.subject_w = _zipf_weights(len(self.subjects))
        self.measure_w = _zipf_weights(len(MEASURES), 0.8)
        self.start = date(2021, 1, 1)
        self.kept: list[Document] = []  # a sample of earlier documents, for reposts

    def _period(self) -> str:
        rng = self.rng
        year = rng.randint(2016, 2025)
        roll = rng.random()
        if roll < 0.6:
            return str(year)
        if roll < 0.8:
            return f"{year}-{rng.randint(1, 12):02d}"
        q = rng.randint(1, 4)
        return f"{year}-01/{year}-{3 * q:02d}"

    def document(self, i: int) -> Document:
        rng = self.rng
        published = self.start + timedelta(days=rng.randint(0, 5 * 365))
        doc_id = f"facts-{i:07d}"
        if self.kept and rng.random() < 0.05:
            original = rng.choice(self.kept)
            return original.model_copy(
                update={
                    "id": doc_id,
                    "title": f"转载：{original.title}",
                    "published_at": published.isoformat(),
                    "duplicate_of": original.id,
                }
            )
        metrics = []
        sentences = []
        pos = 0
        for _ in range(rng.randint(3, 8)):
            subject = rng.choices(self.subjects, self.subject_w)[0]
            mid, measure, unit = rng.choices(MEASURES, self.measure_w)[0]
            value = round(rng.uniform(1, 5000), 1) * (1e8 if unit in ("CNY", "USD") else 1)
            text = f"{value:g}"
            sentence = f"{subject['name']}{measure}达{text}。"
            start = pos + sentence.index(text)
            metrics.append(
                Metric(
                    text=text,
                    start=start,
                    end=start + len(text),
                    value=value,
                    unit=unit,
                    measure=measure,
                    subject=subject["name"],
                    period=self._period(),
                    **_beyond_contract(mid, subject),
                )
            )
            sentences.append((pos, pos + len(sentence), sentence))
            pos += len(sentence)
        if rng.random() < 0.02 and self.kept:
            # Another value for a figure said before: a conflict.
            other = rng.choice(self.kept).metrics[0]
            metrics.append(other.model_copy(update={"value": other.value + 1, "start": pos, "end": pos + 1}))
        title = f"{metrics[0].subject}经济运行情况 {i}"
        doc = Document(
            id=doc_id,
            status=Status.processed,
            pipeline_version="0.1.0",
            title=title,
            published_at=published.isoformat(),
            raw_text=title,
            clean_text="".join(s for _, _, s in sentences),
            metrics=metrics,
            stages={"segment": "0.1.0", "extract": "0.1.0", "normalize": "0.1.0"},
        )
        if len(self.kept) < 2000:
            self.kept.append(doc)
        elif rng.random() < 0.01:
            self.kept[rng.randrange(len(self.kept))] = doc
        return doc


def _beyond_contract(measure_id: str, subject: dict[str, Any]) -> dict[str, Any]:
    """A metric's fields beyond the contract (Metric allows extra fields)."""
    return {"measure_id": measure_id, "subject_entity": subject}


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t0) * 1000, out


def load(store: SqliteStore, corpus: FactCorpus, n: int, real_path: int = 1000) -> dict[str, float]:
    """The first ``real_path`` documents through ``insert_document`` and
    ``index_results`` (two transactions each, as the API and the last worker
    write them); the rest synthesised straight into the tables, 500 to a
    transaction, with the same row builder (``write_facts``): on this
    machine the real path writes ~200 documents/s, 100,000 in ~8 minutes."""
    rows = 0
    t0 = time.perf_counter()
    k = min(real_path, n)
    for i in range(k):
        doc = corpus.document(i)
        store.insert_document(doc)
        store.index_results(doc)
        rows += len(doc.metrics)
    real_rate = k / (time.perf_counter() - t0) if k else 0.0
    t1 = time.perf_counter()
    batch: list[Document] = []
    for i in range(k, n):
        batch.append(corpus.document(i))
        if len(batch) == 500 or i == n - 1:
            rows += _write_direct(store, batch)
            batch = []
    bulk_rate = (n - k) / (time.perf_counter() - t1) if n > k else 0.0
    return {
        "documents": n,
        "fact_rows": rows,
        "insert_and_index_docs_per_s": round(real_rate, 1),
        "synthesised_docs_per_s": round(bulk_rate, 1),
        "through_store_methods": k,
    }


def _write_direct(store: SqliteStore, docs: list[Document]) -> int:
    rows = 0
    with store._tx() as conn:
        for doc in docs:
            now = now_iso()
            conn.execute(
                "INSERT INTO documents (id, status, pipeline_version, title, published_at, published_date,"
                " stages, metric_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.id,
                    doc.status.value,
                    doc.pipeline_version,
                    doc.title,
                    doc.published_at,
                    published_date(doc.published_at),
                    to_json(doc.stages),
                    len(doc.metrics),
                    now,
                    now,
                ),
            )
            duplicate_of = getattr(doc, "duplicate_of", None)
            if duplicate_of:
                conn.execute(
                    "INSERT INTO document_fields (doc_id, name, value) VALUES (?, 'duplicate_of', ?)",
                    (doc.id, to_json(duplicate_of)),
                )
            write_facts(conn, doc)
            rows += len(doc.metrics)
    return rows


def query_cases(corpus: FactCorpus, rng: random.Random, per: int) -> dict[str, list[FactQuery]]:
    subjects = [s["name"] for s in corpus.subjects]
    ids = [m[0] for m in MEASURES]
    return {
        "no filter (first page)": [FactQuery()],
        "subject": [FactQuery(subject_keys=(rng.choice(subjects),)) for _ in range(per)],
        "subject + measure": [
            FactQuery(subject_keys=(rng.choice(subjects),), measure_key=rng.choice(ids)) for _ in range(per)
        ],
        "subject + measure + period range": [
            FactQuery(
                subject_keys=(rng.choice(subjects),),
                measure_key=rng.choice(ids),
                period_from=f"{y}-01-01",
                period_to=f"{y + 2}-12-31",
            )
            for y in (rng.randint(2016, 2023) for _ in range(per))
        ],
        "measure + period range": [
            FactQuery(measure_key=rng.choice(ids), period_from=f"{y}-01-01", period_to=f"{y}-12-31")
            for y in (rng.randint(2016, 2025) for _ in range(per))
        ],
        "adcode roll-up (province)": [
            FactQuery(adcode=rng.choice(["320000", "110000", "440000", "370000"])) for _ in range(per)
        ],
        "measure + published range": [
            FactQuery(measure_key=rng.choice(ids), published_from=f"{y}-01-01", published_to=f"{y}-03-31")
            for y in (rng.randint(2021, 2025) for _ in range(per))
        ],
    }


def export_rate(store: SqliteStore, query: FactQuery, fmt: str) -> dict[str, Any]:
    from services.api.export import csv_chunks, jsonl_chunks, parquet_chunks

    writer = {"csv": csv_chunks, "jsonl": jsonl_chunks, "parquet": parquet_chunks}[fmt]
    counted = 0

    def rows() -> Any:
        nonlocal counted
        for row in export_rows(store.iter_facts(query)):
            counted += 1
            yield row

    t0 = time.perf_counter()
    size = sum(len(chunk) for chunk in writer(rows(), EXPORT_COLUMNS))
    seconds = time.perf_counter() - t0
    return {
        "format": fmt,
        "rows": counted,
        "bytes": size,
        "rows_per_s": round(counted / seconds, 1),
        "seconds": round(seconds, 2),
    }


def run(n: int, path: Path, per: int = 40, *, progress: bool = True) -> dict[str, Any]:
    store = SqliteStore(path)
    store.ensure_indexes()
    corpus = FactCorpus()
    if progress:
        print(f"facts: writing {n:,} documents …", flush=True)
    loaded = load(store, corpus, n)
    store.ensure_indexes()  # PRAGMA optimize with the data in place, as a restarted process does
    rng = random.Random(5)
    queries: dict[str, Any] = {}
    for name, cases in query_cases(corpus, rng, per).items():
        times, counts = [], []
        for q in cases:
            ms, page = _timed(functools.partial(store.query_facts, q, limit=50))
            times.append(ms)
            counts.append(len(page.items))
        queries[name] = {
            "n": len(times),
            "p50_ms": round(percentile(times, 50), 2),
            "p95_ms": round(percentile(times, 95), 2),
            "max_ms": round(max(times), 2),
            "facts_per_page_p50": percentile(counts, 50),
        }
    # A deep page: the 20th page of the broadest query, by cursor.
    cursor = None
    for _ in range(20):
        ms, page = _timed(functools.partial(store.query_facts, FactQuery(), limit=50, cursor=cursor))
        cursor = page.next_cursor
    queries["no filter, 20th page (cursor)"] = {
        "n": 1,
        "p50_ms": round(ms, 2),
        "p95_ms": round(ms, 2),
        "max_ms": round(ms, 2),
        "facts_per_page_p50": len(page.items),
    }
    import pyarrow.parquet  # noqa: F401 - loaded before the clock starts, as in a warm API process

    broad = FactQuery(adcode="320000")
    exports = [export_rate(store, broad, fmt) for fmt in ("jsonl", "csv", "parquet")]
    everything = export_rate(store, FactQuery(), "jsonl")
    store.close()
    return {
        "documents": n,
        "load": loaded,
        "queries": queries,
        "exports": {"query": "adcode=320000", "by_format": exports, "all_facts_jsonl": everything},
        "db_bytes": path.stat().st_size,
    }


def print_table(report: dict[str, Any]) -> None:
    load_ = report["load"]
    print(
        f"\nfacts: {report['documents']:,} documents, {load_['fact_rows']:,} fact rows, store "
        f"{report['db_bytes'] / 1e6:,.0f} MB; insert + index (store methods, first {load_['through_store_methods']:,}) "
        f"{load_['insert_and_index_docs_per_s']:,.0f} docs/s, the rest synthesised into the tables "
        f"{load_['synthesised_docs_per_s']:,.0f} docs/s"
    )
    print(f"  {'GET /facts, first page of 50':38} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'facts':>6}")
    for name, q in report["queries"].items():
        print(
            f"  {name:38} {q['n']:>4} {q['p50_ms']:>8.2f} {q['p95_ms']:>8.2f} {q['max_ms']:>8.2f} "
            f"{q['facts_per_page_p50']:>6}"
        )
    ex = report["exports"]
    print(f"  export of {ex['query']} (every row, the route's generators):")
    for e in ex["by_format"]:
        print(f"    {e['format']:8} {e['rows']:>9,} rows {e['rows_per_s']:>10,.0f} rows/s {e['bytes'] / 1e6:>8.1f} MB")
    e = ex["all_facts_jsonl"]
    print(f"  export of every fact, jsonl: {e['rows']:,} rows, {e['rows_per_s']:,.0f} rows/s")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--path", type=Path, default=None, help="store file (default: a temporary one)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="docpipe-facts-bench-") as tmp:
        report = run(args.docs, args.path or Path(tmp) / "facts.sqlite3")
    print_table(report)
    out = args.json or settings.paths().var_dir / "bench" / "facts.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
