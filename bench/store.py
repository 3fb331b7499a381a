"""Store benchmark (issue 6): insert rate and ``GET /documents`` query
latency on the embedded SQLite store with 100,000 processed documents.

    python -m bench.store [--docs 100000] [--path FILE] [--json FILE]

(figures also written to var/bench/store.json unless --json says otherwise)

Documents are synthetic but shaped like the real ones: a few entities each
(regions with adcodes, economic regions, parks, industries with sectors,
companies, people) and a few metrics, names drawn from a skewed (Zipf-like)
distribution so some values are in thousands of documents and some in a
handful, published dates over five years, 98 % processed. They are written
through the same Store methods the workers use (``insert_document``, then
``index_results``); a sample also goes through the whole worker path
(insert, three ``save_stage`` writes, ``index_results``) to show its rate.

Each filter is timed on its first page of 50, over many values, after the
store's own ``ensure_indexes()``; no index is created here. Not part of the
test suite (it takes minutes); ``make bench`` runs it.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from docpipe import settings
from docpipe.document import Document, Entity, EntityType, Metric, Status
from docpipe.pipeline import status_of
from docpipe.store.base import DocumentQuery
from docpipe.store.sqlite import SqliteStore

# Real names; adcodes per GB/T 2260.
REGIONS: list[tuple[str, str, str]] = [
    ("北京市", "110000", "province"),
    ("天津市", "120000", "province"),
    ("上海市", "310000", "province"),
    ("重庆市", "500000", "province"),
    ("河北省", "130000", "province"),
    ("石家庄市", "130100", "city"),
    ("山西省", "140000", "province"),
    ("太原市", "140100", "city"),
    ("辽宁省", "210000", "province"),
    ("沈阳市", "210100", "city"),
    ("大连市", "210200", "city"),
    ("吉林省", "220000", "province"),
    ("长春市", "220100", "city"),
    ("黑龙江省", "230000", "province"),
    ("哈尔滨市", "230100", "city"),
    ("江苏省", "320000", "province"),
    ("南京市", "320100", "city"),
    ("无锡市", "320200", "city"),
    ("常州市", "320400", "city"),
    ("苏州市", "320500", "city"),
    ("浙江省", "330000", "province"),
    ("杭州市", "330100", "city"),
    ("宁波市", "330200", "city"),
    ("安徽省", "340000", "province"),
    ("合肥市", "340100", "city"),
    ("福建省", "350000", "province"),
    ("福州市", "350100", "city"),
    ("厦门市", "350200", "city"),
    ("江西省", "360000", "province"),
    ("南昌市", "360100", "city"),
    ("山东省", "370000", "province"),
    ("济南市", "370100", "city"),
    ("青岛市", "370200", "city"),
    ("烟台市", "370600", "city"),
    ("河南省", "410000", "province"),
    ("郑州市", "410100", "city"),
    ("湖北省", "420000", "province"),
    ("武汉市", "420100", "city"),
    ("湖南省", "430000", "province"),
    ("长沙市", "430100", "city"),
    ("广东省", "440000", "province"),
    ("广州市", "440100", "city"),
    ("深圳市", "440300", "city"),
    ("珠海市", "440400", "city"),
    ("佛山市", "440600", "city"),
    ("东莞市", "441900", "city"),
    ("四川省", "510000", "province"),
    ("成都市", "510100", "city"),
    ("云南省", "530000", "province"),
    ("昆明市", "530100", "city"),
    ("陕西省", "610000", "province"),
    ("西安市", "610100", "city"),
    ("苏州工业园区", "320571", "district"),
    ("浦东新区", "310115", "district"),
]
ECONOMIC_REGIONS = ["长三角", "珠三角", "粤港澳大湾区", "京津冀", "长江经济带", "成渝地区双城经济圈", "长江中游城市群"]
PARKS = [
    "苏州工业园区",
    "无锡高新区",
    "中关村科学城",
    "张江高科技园区",
    "深圳光明科学城",
    "武汉东湖高新区",
    "合肥高新区",
    "成都高新区",
    "西安高新区",
    "杭州未来科技城",
    "广州开发区",
    "青岛西海岸新区",
    "烟台经济技术开发区",
    "南京江北新区",
    "天津滨海新区",
    "长沙高新区",
    "郑州航空港经济综合实验区",
]
INDUSTRIES = [
    ("生物医药", "生物产业"),
    ("集成电路", "新一代信息技术产业"),
    ("人工智能", "新一代信息技术产业"),
    ("新能源汽车", "新能源汽车产业"),
    ("光伏", "新能源产业"),
    ("锂电池", "新能源产业"),
    ("高端装备", "高端装备制造产业"),
    ("新材料", "新材料产业"),
    ("工业互联网", "新一代信息技术产业"),
    ("节能环保", "节能环保产业"),
    ("数字创意", "数字创意产业"),
    ("医疗器械", "生物产业"),
    ("航空航天", "高端装备制造产业"),
    ("氢能", "新能源产业"),
    ("机器人", "高端装备制造产业"),
]
_ORG_HEADS = ["华", "中", "新", "国", "东", "海", "天", "恒", "博", "瑞", "远", "联", "汇", "智", "宏", "信"]
_ORG_TAILS = ["芯", "创", "达", "科", "源", "能", "力", "通", "泰", "维", "微", "光", "安", "盛", "明", "诚"]
_ORG_KINDS = ["科技股份有限公司", "集团有限公司", "生物医药有限公司", "半导体有限公司", "新能源科技有限公司", "研究院"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂华建国志红"
MEASURES = ["营业收入", "企业", "产值", "投资", "增长", "出口额", "研发投入", "就业人数"]
UNITS = {
    "营业收入": "元",
    "企业": "家",
    "产值": "元",
    "投资": "元",
    "增长": "%",
    "出口额": "美元",
    "研发投入": "元",
    "就业人数": "人",
}


def _zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (rank + 1) ** s for rank in range(n)]


class Corpus:
    """Deterministic synthetic processed documents."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.orgs = sorted({f"{h}{t}{k}" for h in _ORG_HEADS for t in _ORG_TAILS for k in _ORG_KINDS})
        self.rng.shuffle(self.orgs)
        self.persons = sorted({s + a + b for s in _SURNAMES for a in _GIVEN for b in _GIVEN[:6]})
        self.rng.shuffle(self.persons)
        self.region_w = _zipf_weights(len(REGIONS))
        self.park_w = _zipf_weights(len(PARKS))
        self.industry_w = _zipf_weights(len(INDUSTRIES))
        self.org_w = _zipf_weights(len(self.orgs), 1.1)
        self.person_w = _zipf_weights(len(self.persons), 1.1)
        self.start = date(2021, 1, 1)

    def _entity(self, type_: EntityType, name: str, attributes: dict[str, Any], pos: int) -> Entity:
        return Entity(type=type_, text=name, name=name, start=pos, end=pos + len(name), attributes=attributes)

    def document(self, i: int) -> Document:
        rng = self.rng
        entities: list[Entity] = []
        pos = 0
        for name, code, level in rng.choices(REGIONS, self.region_w, k=rng.randint(1, 3)):
            entities.append(self._entity("region", name, {"level": level, "adcode": code}, pos))
            pos += 20
        if rng.random() < 0.3:
            entities.append(self._entity("region", rng.choice(ECONOMIC_REGIONS), {"level": "economic_region"}, pos))
        if rng.random() < 0.5:
            entities.append(self._entity("park", rng.choices(PARKS, self.park_w)[0], {}, pos + 5))
        for name, sector in rng.choices(INDUSTRIES, self.industry_w, k=rng.randint(0, 2)):
            entities.append(self._entity("industry", name, {"sector": sector}, pos + 9))
        for name in rng.choices(self.orgs, self.org_w, k=rng.randint(0, 2)):
            entities.append(self._entity("organization", name, {"kind": "company"}, pos + 13))
        if rng.random() < 0.3:
            entities.append(self._entity("person", rng.choices(self.persons, self.person_w)[0], {}, pos + 17))
        metrics = []
        for k in range(rng.randint(1, 4)):
            measure = rng.choice(MEASURES)
            value = round(rng.uniform(1, 5000), 1)
            metrics.append(
                Metric(
                    text=f"{value}",
                    start=100 + 10 * k,
                    end=104 + 10 * k,
                    value=value,
                    unit=UNITS[measure],
                    measure=measure,
                    subject=entities[0].name,
                    period=str(rng.randint(2020, 2025)),
                )
            )
        published = self.start + timedelta(days=rng.randint(0, 5 * 365))
        roll = rng.random()
        status = Status.processed if roll < 0.98 else (Status.failed if roll < 0.99 else Status.queued)
        title = f"{entities[0].name}{rng.choice(['产业', '经济', '园区', '企业'])}发展报道 {i}"
        return Document(
            id=f"bench-{i:07d}",
            status=status,
            pipeline_version="0.1.0",
            title=title,
            published_at=published.isoformat(),
            raw_text=title + "。" + "，".join(e.text for e in entities) + "。",
            clean_text=title,
            entities=entities,
            metrics=metrics,
            stages={"segment": "0.1.0", "extract": "0.1.0", "normalize": "0.1.0"},
            timings_ms={"segment": 3.1, "extract": 7.4, "normalize": 1.2},
        )


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t0) * 1000, out


def load(store: SqliteStore, corpus: Corpus, n: int, full_path_sample: int, progress: bool) -> dict[str, float]:
    """Write ``n`` documents; return insert rates (documents/s)."""
    # The whole worker path on a sample: insert queued, three stage saves, index.
    sample = min(full_path_sample, n)
    t0 = time.perf_counter()
    for i in range(sample):
        doc = corpus.document(i)
        store.insert_document(
            Document(id=doc.id, raw_text=doc.raw_text, title=doc.title, published_at=doc.published_at)
        )
        store.save_stage(
            doc.id, "segment", "0.1.0", {"clean_text": doc.clean_text}, status_of("extract"), {"segment": 3.1}
        )
        store.save_stage(
            doc.id, "extract", "0.1.0", {"entities": doc.entities}, status_of("normalize"), {"extract": 7.4}
        )
        store.save_stage(doc.id, "normalize", "0.1.0", {"metrics": doc.metrics}, doc.status, {"normalize": 1.2})
        store.index_results(doc)
    full_path = sample / (time.perf_counter() - t0) if sample else 0.0
    # The rest: a processed document stored and indexed (two transactions).
    t0 = time.perf_counter()
    for i in range(sample, n):
        doc = corpus.document(i)
        store.insert_document(doc)
        store.index_results(doc)
        if progress and (i + 1) % 10_000 == 0:
            print(f"  {i + 1:>7,} documents stored", flush=True)
    rest = (n - sample) / (time.perf_counter() - t0) if n > sample else 0.0
    return {"full_worker_path_docs_per_s": full_path, "insert_and_index_docs_per_s": rest}


def query_cases(corpus: Corpus, rng: random.Random, per_filter: int) -> dict[str, list[DocumentQuery]]:
    """Query values drawn like the data (popular values often, rare ones too)
    plus uniformly drawn ones, so both ends of the distribution are timed."""

    def mix(values: list[Any], weights: list[float]) -> list[Any]:
        half = per_filter // 2
        return rng.choices(values, weights, k=half) + [rng.choice(values) for _ in range(per_filter - half)]

    start = corpus.start

    def date_range() -> DocumentQuery:
        days = rng.choice([7, 30, 90, 365])
        first = start + timedelta(days=rng.randint(0, 5 * 365 - days))
        return DocumentQuery(published_from=first.isoformat(), published_to=(first + timedelta(days=days)).isoformat())

    names = [n for n, _, _ in REGIONS] + PARKS + corpus.orgs[:400] + corpus.persons[:200]
    name_w = corpus.region_w + corpus.park_w + corpus.org_w[:400] + corpus.person_w[:200]
    return {
        "entity name": [DocumentQuery(entity_name=v) for v in mix(names, name_w)],
        "entity type": [
            DocumentQuery(entity_type=v)
            for v in mix(["region", "park", "industry", "organization", "person"], [5, 3, 3, 2, 1])
        ],
        "region adcode": [DocumentQuery(adcode=c) for _, c, _ in mix(REGIONS, corpus.region_w)],
        "industry": [DocumentQuery(industry=n) for n, _ in mix(INDUSTRIES, corpus.industry_w)],
        "published date range": [date_range() for _ in range(per_filter)],
        "status": [DocumentQuery(status=s) for s in mix([Status.processed, Status.failed, Status.queued], [8, 1, 1])],
        "entity type + date range": [
            DocumentQuery(
                entity_type=rng.choice(["park", "industry", "person"]),
                published_from=q.published_from,
                published_to=q.published_to,
            )
            for q in (date_range() for _ in range(per_filter))
        ],
        "adcode + status failed": [
            DocumentQuery(adcode=c, status=Status.failed) for _, c, _ in mix(REGIONS, corpus.region_w)
        ],
    }


def run(
    n: int, path: Path, per_filter: int, full_path_sample: int, progress: bool = True, *, fill: bool = True
) -> dict[str, Any]:
    store = SqliteStore(path)
    store.ensure_indexes()
    corpus = Corpus()
    rates: dict[str, float] = {"full_worker_path_docs_per_s": 0.0, "insert_and_index_docs_per_s": 0.0}
    load_s = 0.0
    if fill:
        if progress:
            print(f"storing {n:,} documents in {path} …", flush=True)
        t0 = time.perf_counter()
        rates = load(store, corpus, n, full_path_sample, progress)
        load_s = time.perf_counter() - t0
    else:
        n = store.count_documents()
    # What a deployment does on start: ensure_indexes (runs PRAGMA optimize).
    store.close()
    store = SqliteStore(path)
    store.ensure_indexes()

    rng = random.Random(11)
    results: dict[str, Any] = {}
    for label, queries in query_cases(corpus, rng, per_filter).items():
        store.list_documents(queries[0], limit=50)  # warm the page cache
        latencies, hits, second = [], [], []
        for q in queries:
            ms, page = _timed(functools.partial(store.list_documents, q, limit=50))
            latencies.append(ms)
            hits.append(len(page.items))
            if page.next_cursor:
                ms2, _ = _timed(functools.partial(store.list_documents, q, limit=50, cursor=page.next_cursor))
                second.append(ms2)
        results[label] = {
            "queries": len(queries),
            "p50_ms": round(statistics.median(latencies), 3),
            "p95_ms": round(percentile(latencies, 95), 3),
            "max_ms": round(max(latencies), 3),
            "page2_p95_ms": round(percentile(second, 95), 3) if second else None,
            "mean_hits": round(statistics.mean(hits), 1),
        }
    size_mb = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
    store.close()
    return {
        "documents": n,
        "load_seconds": round(load_s, 1),
        "rates": {k: round(v, 1) for k, v in rates.items()},
        "db_size_mb": round(size_mb, 1),
        "queries": results,
    }


def print_table(report: dict[str, Any]) -> None:
    rates = report["rates"]
    print()
    print(
        f"store: embedded SQLite, {report['documents']:,} documents, {report['db_size_mb']} MB, "
        f"loaded in {report['load_seconds']} s"
    )
    print(f"  insert + index (processed document, 2 transactions): {rates['insert_and_index_docs_per_s']:,.0f} docs/s")
    print(f"  whole worker path (insert, 3 stage saves, index):     {rates['full_worker_path_docs_per_s']:,.0f} docs/s")
    print()
    print(
        f"  {'GET /documents filter (first page of 50)':<42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'page2 p95':>10} {'hits':>6}"
    )
    for label, r in report["queries"].items():
        page2 = f"{r['page2_p95_ms']:.2f}" if r["page2_p95_ms"] is not None else "-"
        print(
            f"  {label:<42} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {r['max_ms']:>8.2f} {page2:>10} {r['mean_hits']:>6}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60, help="queries per filter")
    parser.add_argument(
        "--full-path-sample", type=int, default=2_000, help="documents written through the whole worker path"
    )
    parser.add_argument("--path", type=Path, help="SQLite file to create (default: a temporary one)")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="time the queries on an existing --path store made by an earlier run",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=settings.paths().var_dir / "bench" / "store.json",
        help="also write the figures here (default: <var_dir>/bench/store.json)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="docpipe-store-bench-") as tmp:
        path = args.path or Path(tmp) / "bench.sqlite3"
        if args.queries_only and not path.exists():
            parser.error("--queries-only needs --path of an existing store")
        if path.exists() and not args.queries_only:
            parser.error(f"{path} exists; the benchmark needs a fresh store")
        report = run(args.docs, path, args.queries, args.full_path_sample, fill=not args.queries_only)
    print_table(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
