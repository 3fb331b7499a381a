"""The scaling curve on the MongoDB wire server (issue #14).

    python -m bench.scaling [--docs 40] [--inflight 12] [--workers 1,2,4]

``docpipe run`` (``bench.stack.Stack``: its own embedded Redis, no Flower) with
``MONGODB_URI`` on SecantusDB's wire server (``bench.wire_server``, as the
tests start it; a database of its own per run, ``MONGODB_DB``, so no
document is there already), at 1, 2 and 4 worker processes per stage. The same fixed batch of seed-like articles (``bench.corpus``) goes
through each, always ``--inflight`` documents in flight (12: enough to keep
4 processes of each of the three stages busy), after a warm-up batch of two
documents per worker process that is not counted. Reported: documents/s from the first POST to the last
``processed`` event, as a ratio to one in-process core on the same documents
measured in the same run (``bench.inprocess.in_process``), and the CPU every
process of the stack and the wire server spent per document meanwhile,
and so the cores they kept busy. On a
machine with C cores the ratio cannot pass C × in-process time / CPU per
document, whatever the number of workers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from . import wire_server
from .corpus import BenchDoc, corpus
from .output import write_json


def one(
    uri: str, server_pid: int, workers: int, docs: list[BenchDoc], warm: list[BenchDoc], inflight: int
) -> dict[str, Any]:
    """The batch through a stack with ``workers`` processes per stage."""
    import psutil

    from docpipe.ingest import document_id

    from .profiling import CpuMeter
    from .stack import EventWatch, Stack, post

    with tempfile.TemporaryDirectory(prefix="docpipe-scaling-") as tmp:
        stack = Stack(Path(tmp), workers, env={"MONGODB_URI": uri, "MONGODB_DB": f"scaling_{workers}"})
        try:
            stack.start()
        except (RuntimeError, TimeoutError) as exc:
            log = (Path(tmp) / "run.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{exc}; its log ends:\n{log}") from exc
        watch = EventWatch(stack.redis_url)
        client = httpx.Client(timeout=60)
        try:

            def through(batch: list[BenchDoc]) -> None:
                pending, sent = list(batch), set[str]()
                wanted = {document_id(d.text) for d in batch}
                deadline = time.monotonic() + 1800
                while not wanted <= watch.arrived.keys():
                    while pending and len(sent - watch.arrived.keys()) < inflight:
                        sent.add(post(client, stack.base, pending.pop(0).text))
                    with watch.cond:
                        watch.cond.wait(0.05)
                    if time.monotonic() > deadline:
                        raise TimeoutError("the batch took over 30 minutes")

            through(warm[: 2 * workers])  # first-call costs in the pool processes, not counted
            assert stack.proc is not None
            meter = CpuMeter(stack.proc.pid)
            meter.procs[server_pid] = ("wire server", psutil.Process(server_pid))
            load = os.getloadavg()[0]
            meter.start()
            t0 = time.perf_counter()
            through(docs)
            wall = max(watch.arrived[document_id(d.text)] for d in docs) - t0
            cpu = meter.stop(len(docs))
            failed = len(watch.failed & {document_id(d.text) for d in docs})
        finally:
            client.close()
            watch.close()
            stack.stop()
    return {
        "workers_per_stage": workers,
        "documents": len(docs),
        "failed": failed,
        "wall_s": round(wall, 2),
        "docs_per_s": round(len(docs) / wall, 2),
        "cpu_ms_per_doc": cpu,
        "load_average_1m_at_start": round(load, 1),
    }


def run(
    docs: list[BenchDoc], in_process_docs_per_s: float, workers: Sequence[int] = (1, 2, 4), inflight: int = 12
) -> dict[str, Any]:
    """Each worker count in turn on one wire server; ``docs`` first, then a
    warm-up batch of other variants."""
    n = len(docs)
    warm = corpus(n + 2 * max(workers))[n:]  # distinct from the batch (a repeat would be deduplicated)
    with tempfile.TemporaryDirectory(prefix="docpipe-scaling-mongo-") as tmp:
        proc, uri = wire_server.start(Path(tmp))
        try:
            rows = [one(uri, proc.pid, w, docs, warm, inflight) for w in workers]
        finally:
            wire_server.stop(proc)
    for r in rows:
        r["ratio_to_in_process"] = round(r["docs_per_s"] / in_process_docs_per_s, 2)
        total = r["cpu_ms_per_doc"]["total"]
        # Cores the stack and the wire server kept busy on average: at most
        # the machine's, less when other work on it takes its share.
        r["cores_used"] = round(total * r["docs_per_s"] / 1000, 2)
        # What the cores allow: all of them busy, each document costing `total` CPU ms.
        r["ceiling_ratio"] = round((os.cpu_count() or 1) * (1000 / in_process_docs_per_s) / total, 2) if total else None
    return {"in_process_docs_per_s": in_process_docs_per_s, "inflight": inflight, "cores": os.cpu_count(), "runs": rows}


def print_table(r: dict[str, Any]) -> None:
    print()
    print(
        f"scaling on the MongoDB wire server: {r['runs'][0]['documents']} documents, {r['inflight']} in flight, "
        f"{r['cores']} cores; in-process one core {r['in_process_docs_per_s']:.2f} docs/s"
    )
    print(
        "  workers/stage | docs/s | × in-process | CPU ms/doc: all | of it the wire server | cores used | ceiling × "
        "| load avg"
    )
    for row in r["runs"]:
        cpu = row["cpu_ms_per_doc"]
        print(
            f"  {row['workers_per_stage']:>13} | {row['docs_per_s']:6.2f} | {row['ratio_to_in_process']:12.2f} | "
            f"{cpu['total']:15.0f} | {cpu.get('wire server', 0):21.0f} | {row['cores_used']:10} | "
            f"{row['ceiling_ratio']:9} | {row['load_average_1m_at_start']}"
        )
        if row["failed"]:
            print(f"  FAILED documents at {row['workers_per_stage']} workers: {row['failed']}")


def main(argv: Sequence[str] | None = None) -> int:

    from .inprocess import in_process
    from .run import ROOT

    ap = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--inflight", type=int, default=12)
    ap.add_argument("--workers", default="1,2,4", help="worker processes per stage, comma-separated")
    ap.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = ap.parse_args(argv)
    docs = corpus(args.docs)
    ip = in_process(docs)
    r = run(docs, ip["docs_per_s"], [int(w) for w in args.workers.split(",")], args.inflight)
    path = write_json(args.out, f"scaling-{time.strftime('%Y-%m-%dT%H%M%S')}", r, ensure_ascii=True)
    print_table(r)
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
