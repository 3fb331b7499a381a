"""Reprocessing while uploads flow (issue #12): ``docpipe run`` stores N
documents, then ``POST /admin/reprocess`` (every document, re-run from the
first stage, as after a change of every stage's version) runs while M new
documents are posted at a steady pace; the same M-document upload run is
timed before, with no reprocessing, on the same stack.

Reported:
- the uploads' latency (POST to their ``processed`` event) before and during
  reprocessing, and the ratio of the p50s and p95s (throttling's promise: an
  upload waits behind at most ``DOCPIPE_REPROCESS_MAX_QUEUE`` documents);
- reprocessing throughput: stored documents brought back to ``processed``
  per second, from the job's start to the last one's event;
- events per reprocessed document (one each is the contract; consumers
  dedupe by id and version), and stored documents with no new event.

    python -m bench.reprocess --stored 40 --uploads 12
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from .corpus import corpus
from .stack import EventStream, Stack, post
from .stats import dist


class EventCounter(EventStream):
    """Every ``processed``/``failed`` event on the stream, by document id,
    with when it arrived (unlike ``stack.EventWatch``, repeats are kept:
    a reprocessed document publishes a second event)."""

    def __init__(self, redis_url: str) -> None:
        super().__init__(redis_url)
        self.events: list[tuple[float, str, str, str]] = []  # (at, subject, type, event id)
        self.thread.start()

    def _record(self, now: float, event: dict[str, Any]) -> None:
        self.events.append((now, event["subject"], event["type"], event["id"]))

    def since(self, t0: float) -> list[tuple[float, str, str, str]]:
        with self.cond:
            return [e for e in self.events if e[0] >= t0]

    def wait(self, done: Any, timeout_s: float) -> bool:
        """Wait until ``done(events)`` is true."""
        deadline = time.monotonic() + timeout_s
        with self.cond:
            while not done(self.events):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(min(left, 1.0))
        return True


def upload_run(
    client: httpx.Client, base: str, events: EventCounter, texts: list[str], gap_s: float, timeout_s: float
) -> list[float]:
    """Post ``texts`` one every ``gap_s`` seconds; each one's latency (s) to its first event."""
    posted: dict[str, float] = {}
    for text in texts:
        t = time.perf_counter()
        posted[post(client, base, text)] = t
        time.sleep(max(0.0, gap_s - (time.perf_counter() - t)))
    ids = set(posted)
    events.wait(lambda evs: ids <= {e[1] for e in evs}, timeout_s)
    first: dict[str, float] = {}
    for at, subject, _type, _id in events.since(min(posted.values())):
        if subject in ids:
            first.setdefault(subject, at)
    return [first[i] - posted[i] for i in ids if i in first]


def measure(stored: int, uploads: int, gap_s: float, concurrency: int, timeout_s: float) -> dict[str, Any]:
    docs = corpus(stored + 2 * uploads)
    stored_texts = [d.text for d in docs[:stored]]
    before_texts = [d.text for d in docs[stored : stored + uploads]]
    during_texts = [d.text for d in docs[stored + uploads :]]
    with tempfile.TemporaryDirectory(prefix="docpipe-bench-reprocess-") as var:
        stack = Stack(Path(var), concurrency)
        stack.start()
        events = EventCounter(stack.redis_url)
        try:
            with httpx.Client(timeout=60) as client:
                ids = [post(client, stack.base, t) for t in stored_texts]
                want = set(ids)
                if not events.wait(lambda evs: want <= {e[1] for e in evs}, timeout_s):
                    raise TimeoutError("the stored documents were not all processed")
                before = upload_run(client, stack.base, events, before_texts, gap_s, timeout_s)

                t0 = time.perf_counter()
                r = client.post(f"{stack.base}/admin/reprocess", json={"all": True, "from": "segment"})
                r.raise_for_status()
                job_id = r.json()["id"]
                during = upload_run(client, stack.base, events, during_texts, gap_s, timeout_s)
                # every stored document's second event (the reprocessed one)
                events.wait(lambda evs: all(n >= 2 for n in _counts(evs, want).values()), timeout_s)
                job = _wait_job(client, stack.base, job_id, timeout_s)
                window = [e for e in events.since(t0) if e[1] in want]
                per_doc = Counter(e[1] for e in window)
                last_at = max((e[0] for e in window), default=t0)
                event_ids = [e[3] for e in window]
        finally:
            events.close()
            stack.stop()
    reprocessed = [i for i in ids if per_doc.get(i)]
    return {
        "stored": stored,
        "uploads_per_run": uploads,
        "upload_gap_s": gap_s,
        "concurrency": concurrency,
        "upload_latency_s_before": dist(before),
        "upload_latency_s_during": dist(during),
        "latency_ratio_p50": round(dist(during)["p50"] / dist(before)["p50"], 2) if before and during else None,
        "latency_ratio_p95": round(dist(during)["p95"] / dist(before)["p95"], 2) if before and during else None,
        "reprocess_docs_per_s": round(len(reprocessed) / (last_at - t0), 2) if last_at > t0 else None,
        "reprocess_seconds": round(last_at - t0, 1),
        "events_per_reprocessed_doc": round(sum(per_doc.values()) / len(reprocessed), 3) if reprocessed else None,
        "docs_with_more_than_one_event": sum(1 for n in per_doc.values() if n > 1),
        "stored_docs_without_new_event": len(ids) - len(reprocessed),
        "duplicate_event_ids": len(event_ids) - len(set(event_ids)),
        "job": {k: job.get(k) for k in ("state", "scanned", "queued", "current", "busy", "throttle_waits")},
    }


def _counts(evs: list[tuple[float, str, str, str]], ids: set[str]) -> dict[str, int]:
    c = Counter(e[1] for e in evs if e[1] in ids)
    return {i: c.get(i, 0) for i in ids}


def _wait_job(client: httpx.Client, base: str, job_id: str, timeout_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        job = client.get(f"{base}/admin/reprocess/{job_id}").json()
        if job.get("state") != "running" or time.monotonic() > deadline:
            return job
        time.sleep(0.5)


def print_table(r: dict[str, Any]) -> None:
    b, d = r["upload_latency_s_before"], r["upload_latency_s_during"]
    print(f"\nreprocess while uploads flow: {r['stored']} stored, {r['uploads_per_run']} uploads per run")
    print(f"  upload latency before  p50 {b['p50']} s  p95 {b['p95']} s  (n={b['n']})")
    print(f"  upload latency during  p50 {d['p50']} s  p95 {d['p95']} s  (n={d['n']})")
    print(f"  ratio during/before    p50 {r['latency_ratio_p50']}  p95 {r['latency_ratio_p95']}")
    print(f"  reprocessing           {r['reprocess_docs_per_s']} docs/s over {r['reprocess_seconds']} s")
    print(
        f"  events per document    {r['events_per_reprocessed_doc']} "
        f"(more than one: {r['docs_with_more_than_one_event']}, none: {r['stored_docs_without_new_event']}, "
        f"repeated event ids: {r['duplicate_event_ids']})"
    )
    print(f"  job                    {r['job']}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.reprocess", description=__doc__.splitlines()[0])
    ap.add_argument("--stored", type=int, default=40, help="documents stored before the reprocessing")
    ap.add_argument("--uploads", type=int, default=12, help="uploads per timed run (before, during)")
    ap.add_argument("--gap", type=float, default=0.5, help="seconds between two uploads")
    ap.add_argument("--concurrency", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    r = measure(args.stored, args.uploads, args.gap, args.concurrency, args.timeout)
    print_table(r)
    if args.json:
        args.json.write_text(json.dumps(r, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
