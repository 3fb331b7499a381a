"""Durability of the two store engines under a SIGKILL, counted (issue #14).

    python -m bench.durability [--docs 300] [--writers 3] [--out var/bench]

Three writer processes insert documents through the Store API
(``open_store(...).insert_document``, as the API does on a POST) at once;
every fourth insert of each writer is a document the other writers insert
too (same text, same id, raced). Each writer appends ``<id> <created>`` to
its own log with an unbuffered write right after the call returns: a line
there is an acknowledged write. The writers start together; once writer 0
has 40 % of its inserts acknowledged, one thing is killed with SIGKILL:

- ``sqlite / writer``: writer 0, on the embedded SQLite store (the default);
- ``mongo / writer``: writer 0, on the MongoDB wire server (``bench.wire_server``);
- ``mongo / server``: the wire server itself, started again on the same
  port and data directory a second later; the writers retry an insert that
  met ``StoreUnavailable`` (the insert is idempotent) until it is back.

Then a fresh store reads every planned document back and counts: lost
(acknowledged, not found), duplicated (an id created by more than one call,
or listed more than once), corrupted (a read that raises or returns another
text), stored without an acknowledgement (in flight at the kill), and the
acknowledged inserts per second over the run. Counts, not verdicts: the test
(tests/integration/test_durability.py) asserts 0 lost and 0 duplicated.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import wire_server
from .corpus import corpus
from .output import write_json

ROOT = Path(__file__).resolve().parents[1]
KILL_AT = 0.4  # share of writer 0's inserts acknowledged when the kill comes
SHARED_EVERY = 4  # every n-th insert of a writer is one all writers make


# --- one writer (a child process) -------------------------------------------


def write(location: str, plan: Path, log: Path) -> None:
    """Insert the texts in ``plan`` (a JSON list) in order, logging each
    acknowledgement; an unreachable store is waited for, the insert repeated."""
    from docpipe.errors import StoreUnavailable
    from docpipe.ingest import new_document
    from docpipe.store import open_store

    texts: list[str] = json.loads(plan.read_text(encoding="utf-8"))
    store = open_store(location)
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    go = plan.with_name("go")
    while not go.exists():  # all writers start together, after their imports
        time.sleep(0.01)
    os.write(fd, f"start {time.time()}\n".encode())
    for text in texts:
        doc = new_document(text)
        while True:
            try:
                _, created = store.insert_document(doc)
                break
            except StoreUnavailable:
                os.write(fd, b"retry\n")
                time.sleep(0.2)
        # One write(2) per line: a kill leaves whole lines or none.
        os.write(fd, f"{doc.id} {int(created)} {time.time()}\n".encode())
    os.close(fd)
    store.close()


# --- one scenario ---------------------------------------------------------------


def _plans(docs_per_writer: int, writers: int) -> list[list[str]]:
    """Each writer's texts: its own, with every SHARED_EVERY-th one from a
    list all writers insert in the same order (so they race on it)."""
    shared_n = docs_per_writer // SHARED_EVERY
    own_n = docs_per_writer - shared_n
    texts = [d.text for d in corpus(writers * own_n + shared_n)]
    shared = texts[writers * own_n :]
    plans = []
    for w in range(writers):
        own = iter(texts[w * own_n : (w + 1) * own_n])
        common = iter(shared)
        plans.append(
            [next(common) if i % SHARED_EVERY == SHARED_EVERY - 1 else next(own) for i in range(docs_per_writer)]
        )
    return plans


def _acks(log: Path) -> tuple[list[tuple[str, bool, float]], float | None, int]:
    """A writer's log: (id, created, time) per acknowledged insert, when it
    started, and how often it met an unreachable store."""
    if not log.exists():
        return [], None, 0
    rows, start, retries = [], None, 0
    for line in log.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts[:1] == ["start"]:
            start = float(parts[1])
        elif parts[:1] == ["retry"]:
            retries += 1
        elif len(parts) == 3:
            rows.append((parts[0], parts[1] == "1", float(parts[2])))
    return rows, start, retries


def scenario(
    name: str,
    location: str,
    workdir: Path,
    docs_per_writer: int,
    writers: int,
    kill: Callable[[list[subprocess.Popen[bytes]]], None],
) -> dict[str, Any]:
    """Run the writers against ``location``, call ``kill`` once KILL_AT of
    writer 0's inserts are acknowledged, wait for the rest, then count."""
    from docpipe.ingest import document_id
    from docpipe.store import DocumentQuery, open_store

    workdir.mkdir(parents=True)
    setup = open_store(location)
    setup.ensure_indexes()
    setup.close()
    plans = _plans(docs_per_writer, writers)
    logs = [workdir / f"writer{w}.log" for w in range(writers)]
    procs = []
    for w, plan in enumerate(plans):
        (workdir / f"plan{w}.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bench.durability",
                    "--write",
                    location,
                    str(workdir / f"plan{w}.json"),
                    str(logs[w]),
                ],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
            )
        )
    while not all(log.exists() for log in logs) and all(p.poll() is None for p in procs):
        time.sleep(0.02)
    (workdir / "go").touch()
    total = writers * docs_per_writer
    killed_at = None
    while any(p.poll() is None for p in procs):
        # Writer 0 is the one killed: the kill comes while it is mid-run.
        if killed_at is None and len(_acks(logs[0])[0]) >= KILL_AT * docs_per_writer:
            kill(procs)
            killed_at = sum(len(_acks(log)[0]) for log in logs)
        time.sleep(0.002)  # SQLite acknowledges an insert every ~2 ms
    exits = [p.returncode for p in procs]

    acked: set[str] = set()
    created_by = Counter[str]()
    times: list[float] = []
    starts: list[float] = []
    retries = 0
    for log in logs:
        rows, start, retried = _acks(log)
        retries += retried
        starts += [start] if start is not None else []
        for doc_id, created, t in rows:
            acked.add(doc_id)
            created_by[doc_id] += created
            times.append(t)
    text_of = {document_id(t): t for plan in plans for t in plan}

    store = open_store(location)
    lost, corrupted, unacked_stored = 0, 0, 0
    try:
        for doc_id, text in text_of.items():
            try:
                doc = store.get_document(doc_id)
            except Exception:  # noqa: BLE001 - any failing read is what is counted here
                corrupted += 1
                continue
            if doc is None:
                lost += doc_id in acked
            elif doc.raw_text != text:
                corrupted += 1
            elif doc_id not in acked:
                unacked_stored += 1
        listed: list[str] = []
        cursor = None
        while True:
            page = store.list_documents(DocumentQuery(), limit=1000, cursor=cursor)
            listed += [item["id"] for item in page.items]
            if not (cursor := page.next_cursor):
                break
    finally:
        store.close()
    times.sort()
    span = (times[-1] - min(starts)) if times and starts else 0.0
    gaps = [b - a for a, b in itertools.pairwise(times)]
    return {
        "scenario": name,
        "writers": writers,
        "planned_inserts": total,
        "distinct_documents": len(text_of),
        "killed_after_acks": killed_at,
        "writer_exits": exits,
        "acknowledged_documents": len(acked),
        "acknowledged_inserts": len(times),
        "lost": lost,
        "duplicated": sum(1 for n in created_by.values() if n > 1) + (len(listed) - len(set(listed))),
        "corrupted": corrupted,
        "stored_unacknowledged": unacked_stored,
        "store_unavailable_retries": retries,
        "listed": len(listed),
        "inserts_per_s": round(len(times) / span, 1) if span else None,
        "longest_ack_gap_s": round(max(gaps), 2) if gaps else None,
    }


# --- the three scenarios --------------------------------------------------------


def _kill_writer(procs: list[subprocess.Popen[bytes]]) -> None:
    procs[0].send_signal(signal.SIGKILL)


def run(docs_per_writer: int = 300, writers: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="docpipe-durability-") as tmp:
        root = Path(tmp)
        results = [
            scenario(
                "sqlite / writer",
                str(root / "sqlite" / "docpipe.sqlite3"),
                root / "sqlite-run",
                docs_per_writer,
                writers,
                _kill_writer,
            )
        ]
        base = root / "secantus"
        base.mkdir()
        data = base / "data"
        proc, uri = wire_server.start(base, data=data)
        port = int(uri.rstrip("/").rsplit(":", 1)[1])
        server = {"proc": proc}

        def kill_server(_: list[subprocess.Popen[bytes]]) -> None:
            os.killpg(server["proc"].pid, signal.SIGKILL)
            server["proc"].wait()
            time.sleep(1.0)  # the writers meet a refused connection meanwhile
            server["proc"], _uri = wire_server.start(base, port=port, data=data)

        try:
            results.append(
                scenario(
                    "mongo / writer",
                    uri + "durability_writer",
                    root / "mongo-writer",
                    docs_per_writer,
                    writers,
                    _kill_writer,
                )
            )
            results.append(
                scenario(
                    "mongo / server",
                    uri + "durability_server",
                    root / "mongo-server",
                    docs_per_writer,
                    writers,
                    kill_server,
                )
            )
        finally:
            wire_server.stop(server["proc"])
    return {"scenarios": results}


def print_table(r: dict[str, Any]) -> None:
    print()
    print(
        f"durability: {r['scenarios'][0]['writers']} writers through the Store API, one SIGKILL once writer 0 "
        f"has {KILL_AT:.0%} of its inserts acknowledged"
    )
    head = ("scenario", "acked", "lost", "dup", "corrupt", "in flight, stored", "inserts/s", "longest gap s")
    print("  " + " | ".join(head))
    for s in r["scenarios"]:
        row = (
            s["scenario"],
            f"{s['acknowledged_documents']}/{s['distinct_documents']}",
            s["lost"],
            s["duplicated"],
            s["corrupted"],
            s["stored_unacknowledged"],
            s["inserts_per_s"],
            s["longest_ack_gap_s"],
        )
        print("  " + " | ".join(str(x) for x in row))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.durability", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300, help="inserts per writer")
    ap.add_argument("--writers", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    ap.add_argument("--write", nargs=3, metavar=("LOCATION", "PLAN", "LOG"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.write:
        write(args.write[0], Path(args.write[1]), Path(args.write[2]))
        return 0
    r = run(args.docs, args.writers)
    r["time"] = datetime.now(UTC).isoformat(timespec="seconds")
    path = write_json(args.out, f"durability-{r['time'].replace(':', '')}", r, ensure_ascii=True)
    print_table(r)
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
