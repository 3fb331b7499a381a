"""`make bench`: what docpipe costs, as ratios and distributions from one run.

    python -m bench [--docs 60] [--inflight 4] [--singles 10] [--floor-chains 40]
                            [--no-profile] [--store-docs 100000] [--soak 10000]
                            [--skip e2e,store,soak,hostile] [--hostile-size 100000]
                            [--durability-docs 300]

Phases (each printed as a table and written to var/bench/bench-<time>.json):

1. in-process: every stage on one core (``run_stages``), documents/s and
   characters/s overall and per stage; this is the text work itself
   (``bench.inprocess``).
2. end to end: ``docpipe run`` started as a user would (embedded Redis unless
   REDIS_URL, embedded store unless MONGODB_URI, no Flower), documents POSTed
   with N in flight until each one's ``processed`` event arrives on the
   stream; throughput and POST→event latency p50/p95/p99, with the stage
   workers at concurrency 1 and at 2. First, single documents on the idle
   stack: latency minus the in-process time of the same document is the
   pipeline's overhead per document. Then the Celery floor under that path
   (``bench.floor``: three trivial tasks, same settings and pool, same
   Redis) and, unless --no-profile, a py-spy pass over more single documents
   that splits the stack's CPU per document by part (``bench.profiling``).
   Without Flower the workers send no task events; a last pass of single
   documents turns them on (as Flower does) for the cost of being watched
   and the hop-by-hop split from the task events (``bench.end_to_end``;
   the stack and what watches it: ``bench.stack``).
3. store: the embedded store's insert rate and query latency with 100,000
   documents (``bench.store``).
4. soak: short documents through the stack at concurrency 1, sampling each
   worker process's memory, to show whether it grows (``bench.soak``).
5. hostile: every stage on the hostile corpus of the tests (unclosed tags,
   runs of one character, digits, separators, …) next to the articles, as
   characters per second and times slower (``bench.hostile``).
6. near-duplicates: what the check at ingest costs a document, in ms and
   Redis commands, for originals and reposts, beside the segment stage's
   own time (``bench.neardup``).
7. facts: ``GET /facts`` first-page latency by filter and export rows/s
   (CSV, JSON Lines, Parquet) on the embedded store with 100,000 documents
   (``bench.facts``).
8. scaling: the phase-1 documents through ``docpipe run`` on the MongoDB
   wire server at 1, 2 and 4 worker processes per stage, as ratios to
   phase 1 (``bench.scaling``).
9. durability: three writers on the SQLite store and on the wire server,
   one SIGKILL each run: lost, duplicated, corrupted, inserts/s
   (``bench.durability``).
10. reprocess: stored documents reprocessed from the first stage while new
   ones are posted: the uploads' latency during / before, reprocessing
   documents/s, events per document (``bench.reprocess``).

Nothing here asserts a time; the figures are for reading and comparing
(the tables: ``bench.report``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .corpus import corpus
from .end_to_end import end_to_end
from .inprocess import in_process
from .output import write_json
from .report import print_report
from .soak import soak

ROOT = Path(__file__).resolve().parents[1]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60, help="documents in the in-process and throughput phases")
    ap.add_argument("--inflight", type=int, default=4, help="documents in flight in the throughput phase")
    ap.add_argument("--singles", type=int, default=10, help="single documents on the idle stack")
    ap.add_argument(
        "--floor-chains",
        type=int,
        default=40,
        help="chains of three trivial Celery tasks timed on the idle stack's Redis (0: skip)",
    )
    ap.add_argument(
        "--no-profile",
        dest="profile",
        action="store_false",
        help="skip the py-spy pass over single documents (CPU per document by part of the stack)",
    )
    ap.add_argument("--store-docs", type=int, default=100_000)
    ap.add_argument("--soak", type=int, default=10_000, help="short documents in the memory soak")
    ap.add_argument("--sse-clients", type=int, default=1000, help="concurrent SSE subscribers in the fan-out phase")
    ap.add_argument(
        "--skip",
        default="",
        help="comma-separated phases to skip: e2e, scaling, durability, sse, store, soak, hostile, neardup, facts, reprocess",
    )
    ap.add_argument("--durability-docs", type=int, default=300, help="inserts per writer in the durability phase")
    ap.add_argument("--facts-docs", type=int, default=100_000, help="documents in the facts phase")
    ap.add_argument(
        "--hostile-size",
        type=int,
        default=None,
        help="characters per hostile case for segment and normalize (default 100,000; a miniature run "
        "with fewer than 60 --docs: 1,000 per doc); extract at most 20,000",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    docs = corpus(args.docs)
    report: dict[str, Any] = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "redis": os.environ.get("REDIS_URL") or "embedded",
        "store_engine": "mongodb" if os.environ.get("MONGODB_URI") else "embedded sqlite",
    }
    print(f"in-process: {len(docs)} documents …", flush=True)
    ip = in_process(docs)
    per_doc = ip.pop("_per_doc_ms_by_id")
    report["in_process"] = ip

    if "e2e" not in skip:
        report["end_to_end"] = []
        singles = docs[: args.singles]
        # Documents already sent in the single phase would be deduplicated by
        # content hash; the throughput phase uses fresh variants.
        n, k = args.docs, args.singles
        fresh = corpus(n + k + n + 2 * k)[n + k :]
        profiled, watched, fresh = fresh[n : n + k], fresh[n + k :], fresh[:n]
        stamp = report["time"].replace(":", "")
        for conc in (1, 2):
            print(f"end to end, concurrency {conc} …", flush=True)
            first = conc == 1
            e = end_to_end(
                fresh,
                singles,
                conc,
                args.inflight,
                per_doc,
                floor_chains=args.floor_chains if first else 0,
                profile=profiled if first and args.profile else None,
                profile_dir=args.out / f"profile-{stamp}",
                watched=watched if first else None,
            )
            e["ratio_to_in_process"] = round(e["docs_per_s"] / ip["docs_per_s"], 2)
            report["end_to_end"].append(e)
    if "scaling" not in skip:
        from . import scaling as bench_scaling

        print("scaling on the MongoDB wire server: 1, 2, 4 workers per stage …", flush=True)
        report["scaling"] = bench_scaling.run(docs, ip["docs_per_s"])
    if "durability" not in skip:
        from . import durability as bench_durability

        per_writer = args.durability_docs if args.docs >= 60 else 20  # a miniature run: a few
        print(f"durability: 3 writers × {per_writer} inserts, one SIGKILL …", flush=True)
        report["durability"] = bench_durability.run(per_writer)
    if "sse" not in skip and args.sse_clients > 0:
        from . import sse as bench_sse

        print(f"SSE fan-out: {args.sse_clients:,} subscribers …", flush=True)
        report["sse"] = bench_sse.run(args.sse_clients)
    if "store" not in skip:
        from . import store as store_bench

        print(f"store: {args.store_docs:,} documents …", flush=True)
        with tempfile.TemporaryDirectory(prefix="docpipe-store-bench-") as tmp:
            report["store"] = store_bench.run(args.store_docs, Path(tmp) / "bench.sqlite3", 60, 2000, progress=False)
    if "soak" not in skip and args.soak > 0:
        print(f"soak: {args.soak:,} short documents …", flush=True)
        report["soak"] = soak(args.soak)

    if "hostile" not in skip:
        from . import hostile as bench_hostile

        size = (
            args.hostile_size if args.hostile_size is not None else (100_000 if args.docs >= 60 else 1_000 * args.docs)
        )
        print(f"hostile input: {size:,} characters per case …", flush=True)
        report["hostile"] = bench_hostile.run(size, min(size, 20_000), normal_docs=min(20, args.docs), progress=False)
    if "neardup" not in skip:
        from . import neardup as bench_neardup

        copies = 156 if args.docs >= 60 else 2 * args.docs  # a miniature run: a few
        print(f"near-duplicates: 78 originals, {copies} reposts …", flush=True)
        report["neardup"] = bench_neardup.run(copies)
    if "facts" not in skip:
        from . import facts as bench_facts

        n = args.facts_docs if args.docs >= 60 else 200 * args.docs  # a miniature run: a few hundred
        print(f"facts: {n:,} documents …", flush=True)
        with tempfile.TemporaryDirectory(prefix="docpipe-facts-bench-") as tmp:
            report["facts"] = bench_facts.run(
                n, Path(tmp) / "facts.sqlite3", 40 if args.docs >= 60 else 5, progress=False
            )
    if "reprocess" not in skip:
        from . import reprocess as bench_reprocess

        print("reprocess: stored documents again while uploads flow …", flush=True)
        full = args.docs >= 60
        report["reprocess"] = bench_reprocess.measure(40 if full else 10, 12 if full else 4, 0.5, 1, 900)

    path = write_json(args.out, f"bench-{report['time'].replace(':', '')}", report)
    print_report(report)
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
