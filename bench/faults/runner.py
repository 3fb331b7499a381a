"""One fault run from start to report, and the command line of `python -m bench.faults`."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .checks import compare_outputs, quiesce, stream_events
from .injector import Faults
from .plan import ROOT, Plan
from .report import build_report, ok, table
from .stack import Stack, WireServer, stack_env
from .traffic import Consumers, Submitter, articles, wait_for_consumers


def run(plan: Plan, var_dir: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    """The run, on a stack whose var dir (store, logs) is ``var_dir``."""
    texts = articles(plan.docs, plan.max_chars)
    stack = Stack(var_dir, stack_env(var_dir, plan))
    faults: Faults | None = None
    consumers: Consumers | None = None
    if plan.mongo:
        stack.mongo = WireServer(var_dir / "wire-server")
        stack.mongo.start()
        stack.env["MONGODB_URI"] = stack.mongo.uri
        stack.env.pop("MONGODB_DB", None)
        log(f"wire server at {stack.mongo.uri}")
    elif "MONGODB_URI" in stack.env:
        log(f"store: MONGODB_URI {stack.env['MONGODB_URI']} (not stopped by this run)")
    log(f"starting docpipe run in {var_dir}")
    try:
        stack.start()
        hold = plan.redis_down_posts * plan.redis_kills
        submitter = Submitter(stack.api, texts, hold=hold, paced=plan.first_share < 1.0)
        if plan.consumers:
            consumers = Consumers(stack.api)
            consumers.start()
        t0 = time.monotonic()
        faults = Faults(stack, plan, t0, submitter)
        submitter.thread.start()
        faults.thread.start()
        log(f"submitting {len(texts)} articles; injecting {len(faults.schedule())} faults")
        submitter.thread.join()
        submitted_s = time.monotonic() - t0
        faults.finished.wait()
        faults_s = time.monotonic() - t0
        log(f"submitted in {submitted_s:.0f} s; faults done at {faults_s:.0f} s; waiting for quiescence")
        ids = set(submitter.accepted)
        bodies, quiesce_s, orphans = quiesce(stack, ids, plan.quiesce_timeout_s)
        events = stream_events(stack, faults.trimmed)
        if consumers is not None:
            wait_for_consumers(consumers, events, 180.0)
        sup = stack.children()
        run_lines = (var_dir / "log" / "api.log").read_text(encoding="utf-8", errors="replace").splitlines()
        worker_logs = {
            f.stem.removeprefix("worker-"): f.read_text(encoding="utf-8", errors="replace").splitlines()
            for f in sorted((var_dir / "log").glob("worker-*.log"))
        }
        worker_lines = [line for lines in worker_logs.values() for line in lines]
    finally:
        if faults is not None:
            faults.stop.set()
        if consumers is not None:
            consumers.close()
        stack.stop()
        if stack.mongo is not None:
            stack.mongo.stop()
    log("comparing with an in-process run")
    differing = compare_outputs(submitter.accepted, bodies)
    return build_report(
        plan,
        submitter,
        faults.done,
        bodies,
        events,
        differing,
        sup,
        run_lines,
        orphans,
        {"submitted_s": submitted_s, "faults_done_s": faults_s, "quiescence_wait_s": quiesce_s},
        consumers,
        worker_lines,
        len(faults.trimmed),
        worker_logs,
        faults.down_posts,
    )


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.faults", description=_package_doc().split("\n\n")[0])
    defaults = Plan()
    p.add_argument("--docs", type=int, default=defaults.docs, help="distinct articles to submit")
    p.add_argument("--worker-kills", type=int, default=defaults.worker_kills)
    p.add_argument("--redis-kills", type=int, default=defaults.redis_kills)
    p.add_argument("--api-kills", type=int, default=defaults.api_kills)
    p.add_argument(
        "--group-every",
        type=int,
        default=defaults.group_every,
        help="every n-th worker kill takes the worker's whole process group (0: never)",
    )
    p.add_argument(
        "--store-lock", type=float, default=defaults.store_lock_s, help="seconds the store is locked (0: never)"
    )
    p.add_argument("--redeliveries", type=int, default=defaults.redeliveries, help="messages delivered twice")
    p.add_argument("--trims", type=int, default=defaults.trims, help="XTRIMs of the event stream")
    p.add_argument(
        "--mongo",
        action="store_true",
        help="the store on a wire server started for the run (bench/wire_server.py), SIGKILLed and restarted",
    )
    p.add_argument("--mongo-kills", type=int, default=defaults.mongo_kills, help="with --mongo: wire server kills")
    p.add_argument(
        "--mongo-down", type=float, default=defaults.mongo_down_s, help="with --mongo: seconds it stays down"
    )
    p.add_argument(
        "--first-share",
        type=float,
        default=defaults.first_share,
        help="share of the articles POSTed at the start; the rest fault by fault (1: all at once)",
    )
    p.add_argument(
        "--min-mid-task",
        type=int,
        default=defaults.min_mid_task,
        help="worker kills that must hit a running task (fewer: the run fails)",
    )
    p.add_argument(
        "--extra-worker-kills",
        type=int,
        default=defaults.extra_worker_kills,
        help="kills added after ones that met no running task",
    )
    p.add_argument(
        "--redis-down-posts",
        type=int,
        default=defaults.redis_down_posts,
        help="articles POSTed right after each Redis kill",
    )
    p.add_argument("--bursts", type=int, default=defaults.bursts, help="bursts of kills of a restarting worker")
    p.add_argument("--burst-kills", type=int, default=defaults.burst_kills, help="SIGKILLs per burst")
    p.add_argument("--sweep-every", type=float, default=defaults.sweep_every_s, help="DOCPIPE_API_SWEEP_EVERY_S")
    p.add_argument("--stuck-after", type=float, default=defaults.stuck_after_s, help="DOCPIPE_API_STUCK_AFTER_S")
    p.add_argument("--timeout", type=float, default=defaults.quiesce_timeout_s, help="longest wait for quiescence, s")
    p.add_argument("--max-chars", type=int, default=0, help="cut articles to about this many characters (0: whole)")
    p.add_argument("--out", type=Path, default=ROOT / "var" / "faults")
    a = p.parse_args(argv)
    plan = Plan(
        docs=a.docs,
        worker_kills=a.worker_kills,
        redis_kills=a.redis_kills,
        api_kills=a.api_kills,
        group_every=a.group_every,
        sweep_every_s=a.sweep_every,
        stuck_after_s=a.stuck_after,
        quiesce_timeout_s=a.timeout,
        max_chars=a.max_chars,
        store_lock_s=a.store_lock,
        redeliveries=a.redeliveries,
        trims=a.trims,
        mongo=a.mongo,
        mongo_kills=a.mongo_kills,
        mongo_down_s=a.mongo_down,
        first_share=a.first_share,
        min_mid_task=a.min_mid_task,
        extra_worker_kills=a.extra_worker_kills,
        redis_down_posts=a.redis_down_posts,
        bursts=a.bursts,
        burst_kills=a.burst_kills,
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    var_dir = a.out / f"run-{stamp}"  # the stack's store and logs, kept for reading
    var_dir.mkdir(parents=True, exist_ok=True)
    result = run(plan, var_dir, log=lambda s: print(s, flush=True))
    path = a.out / f"faults-{stamp}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"written: {path}")
    return 0 if ok(result) else 1


def _package_doc() -> str:
    """The package's docstring (bench/faults/__init__.py) heads --help."""
    import bench.faults

    return bench.faults.__doc__ or ""
