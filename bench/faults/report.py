"""The run's result: the JSON report, the pass/fail verdict and the printed table."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from . import logscan
from .checks import store_waits_logged
from .plan import BY_STAGE, FINAL, KINDS, LABELS, NOTED, WORKER_KILLS, Fault, Plan, was_injected
from .traffic import Consumers, Submitter


def build_report(
    plan: Plan,
    sub: Submitter,
    faults: list[Fault],
    bodies: dict[str, dict[str, Any]],
    events: dict[str, list[str]],
    compare: tuple[list[dict[str, Any]], int, int],
    sup: dict[str, dict[str, Any]],
    lines: list[str],
    orphans: int,
    times: dict[str, float],
    consumers: Consumers | None = None,
    worker_lines: Sequence[str] = (),
    trimmed: int = 0,
    worker_logs: Mapping[str, Sequence[str]] | None = None,
    down_posts: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    differing, compared, other_code = compare
    ids = set(sub.accepted)
    status = {i: bodies.get(i, {}).get("status") for i in ids}
    processed = sorted(i for i in ids if status[i] == "processed")
    failed = [i for i in ids if status[i] == "failed"]
    lost = sorted(i for i in ids if status[i] not in FINAL)
    by_code = Counter((bodies[i].get("error") or {}).get("code", "?") for i in failed)
    counts = {i: len(events.get(i, [])) for i in ids}
    dups = {i: events[i] for i in ids if counts[i] > 1}
    recovery: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        mine = [f for f in faults if f.kind == kind]
        if not mine:
            continue
        secs = [f.recovery_s for f in mine if f.recovery_s is not None]
        recovery[kind] = {
            "injected": sum(1 for f in mine if was_injected(f)),
            "mid_task": sum(1 for f in mine if f.mid_task and was_injected(f)),
            "by_stage": dict(Counter(f.target for f in mine if not f.note.startswith("not injected")))
            if kind in BY_STAGE
            else None,
            "not_recovered": sum(1 for f in mine if f.recovery_s is None and was_injected(f)),
            "notes": [f.note for f in mine if f.note] if kind in NOTED else None,
            "recovery_s": {"median": round(statistics.median(secs), 2), "max": max(secs)} if secs else None,
        }
    # Documents whose message was delivered twice: one event id each, output as in-process.
    redelivered = sorted({f.doc_id for f in faults if f.kind == "redeliver" and f.doc_id and was_injected(f)})
    differing_ids = {d["id"] for d in differing}
    injected: dict[str, dict[str, Any]] = {
        "redeliver": {
            "messages": sum(1 for f in faults if f.kind == "redeliver" and was_injected(f)),
            "documents": len(redelivered),
            "not_final": sum(1 for i in redelivered if status.get(i) not in FINAL),
            "more_than_one_event_id": sum(1 for i in redelivered if len(set(events.get(i, []))) > 1),
            "differing_outputs": sum(1 for i in redelivered if i in differing_ids),
        },
        "store_lock": {
            # What a worker logged while it waited: a store error retried
            # (docpipe.task_retry) rather than a failed document.
            "store_errors_logged": sum(1 for line in worker_lines if "database is locked" in line),
            "task_retries_logged": sum(1 for line in worker_lines if "Retry in" in line),
            **store_waits_logged(worker_lines, lines),
        },
        "xtrim": {"entries_trimmed": trimmed},
        "redis_down_posts": redis_down_posts(
            down_posts, status, logscan.parse(lines), logscan.parse((worker_logs or {}).get("segment", ()))
        ),
        "retries_rejected": retries_rejected(worker_logs or {}, lines),
    }
    if plan.mongo:
        injected["mongo"] = {
            # What a worker logged while the server was down: a store error
            # retried (Celery's autoretry) rather than a failed document.
            "store_errors_logged": sum(
                1 for line in worker_lines if "StoreUnavailable" in line or "ServerSelectionTimeout" in line
            ),
            "task_retries_logged": sum(1 for line in worker_lines if "Retry in" in line),
            **store_waits_logged(worker_lines, lines),
        }
    with_event = {i for i in ids if counts[i]}
    if consumers is not None:
        for name, got in (("sse", consumers.sse), ("webhooks", consumers.hooks)):
            missed = sorted(i for i in with_event if not got.get(i))
            injected[name] = {
                "documents_received": sum(1 for i in with_event if got.get(i)),
                "missed": len(missed),
                "missed_ids": missed[:50],
                "more_than_one_event_id": sum(1 for i in ids if len(got.get(i, ())) > 1),
            }
        injected["sse"]["reconnects"] = consumers.sse_reconnects
        injected["webhooks"]["deliveries_received"] = consumers.hook_posts
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "plan": asdict(plan),
        "documents": {
            "submitted": len(sub.texts),
            "accepted": len(ids),
            "refused": dict(sub.refused),
            "post_retries": dict(sub.retries),
            "processed": len(processed),
            "failed": len(failed),
            "failed_by_code": dict(by_code),
            "lost": len(lost),
            "lost_ids": lost[:50],
            "compared_with_in_process": compared,
            "not_compared_other_code": other_code,
            "differing_outputs": len(differing),
            "differing": differing[:50],
        },
        "events": {
            "documents_with_one": sum(1 for c in counts.values() if c == 1),
            "missing": sum(1 for c in counts.values() if c == 0),
            "missing_ids": sorted(i for i, c in counts.items() if c == 0)[:50],
            "duplicated_documents": len(dups),
            "duplicates_same_id": sum(1 for v in dups.values() if len(set(v)) == 1),
            "duplicates_different_ids": sum(1 for v in dups.values() if len(set(v)) > 1),
        },
        "faults": {"recovery": recovery, "injected": [asdict(f) for f in faults]},
        "bursts": [f.burst for f in faults if f.kind == "worker-burst" and f.burst],
        "mid_task": mid_task_kills(plan, faults, worker_logs or {}),
        "consequences": injected,
        "supervisor": {k: {"restarts": v.get("restarts"), "state": v.get("state")} for k, v in sup.items()},
        "sweep_requeues": sum(1 for line in lines if "re-enqueued to" in line),  # from the API's log
        # Messages of dead worker groups still unacknowledged at the end: Redis
        # would deliver them again after the visibility timeout (a re-run of a
        # processed document, which writes the same output and event id).
        "unacked_left": orphans,
        "times_s": {k: round(v, 1) for k, v in times.items()},
    }


def mid_task_kills(plan: Plan, faults: Sequence[Fault], worker_logs: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The worker kills (pool process or group, a burst's not counted) that
    hit a running task of their stage: a pool process's by the
    WorkerLostError its worker logged, a group's by the message it had
    taken still unacknowledged once it was dead; for these, whether a task
    of that document was received again later (its redelivery)."""
    kills = [f for f in faults if f.kind in WORKER_KILLS and was_injected(f)]
    hit = [f for f in kills if f.mid_task]
    lines = {stage: logscan.parse(v) for stage, v in worker_logs.items()}
    redelivered = []
    for f in hit:
        if f.doc_id and f.at_unix:
            back = logscan.received_again(lines.get(f.target, []), f.doc_id, f.at_unix)
            if back is not None:
                redelivered.append(back)
    return {
        "kills": len(kills),
        "extra_kills": sum(1 for f in kills if f.extra),
        "held_a_message_before": sum(1 for f in kills if f.in_flight),
        "confirmed": len(hit),
        "by_kind": dict(Counter(f.kind for f in hit)),
        "by_stage": dict(Counter(f.target for f in hit)),
        "document_received_again": len(redelivered),
        "received_again_s": {"median": round(statistics.median(redelivered), 1), "max": round(max(redelivered), 1)}
        if redelivered
        else None,
        "required": plan.min_mid_task,
        "short": max(0, plan.min_mid_task - len(hit)),
    }


# The API sweep's lines (services/api/sweep.py) naming a document it sent.
_UNSENT = re.compile(r"sweep: (\S+) enqueued to \S+ now that the broker answers")
_STUCK = re.compile(r"sweep: (\S+) stuck in \S+; re-enqueued to ")


def redis_down_posts(
    posts: Sequence[dict[str, Any]],
    status: Mapping[str, Any] | None = None,
    api: Sequence[logscan.Line] = (),
    segment: Sequence[logscan.Line] = (),
) -> dict[str, Any]:
    """The POSTs sent right after a Redis kill: their first answers (all, and
    those sent while Redis did not answer a PING), 500s, 503s without
    Retry-After, whether each was accepted in the end and its document
    processed, how it reached the first stage (sent again by the API's
    sweep once the broker answered, ``Backbone.unsent``; re-enqueued as
    stuck; or neither: enqueued when accepted), and the seconds from its
    Redis kill until a segment worker received it."""
    down = [p for p in posts if p.get("redis_down")]
    status = status or {}
    ids = {str(p["id"]): float(p.get("kill_unix") or 0.0) for p in posts if p.get("id")}
    unsent = {m.group(1) for x in api if (m := _UNSENT.match(x.message))} & ids.keys()
    stuck = {m.group(1) for x in api if (m := _STUCK.match(x.message))} & ids.keys()
    taken = [logscan.received_again(segment, i, at) for i, at in ids.items()]
    taken_s = [round(x, 1) for x in taken if x is not None]

    def answers(ps: Sequence[dict[str, Any]]) -> dict[str, int]:
        return dict(Counter(str(p.get("status")) + (f" {p['code']}" if p.get("code") else "") for p in ps))

    return {
        "sent": len(posts),
        "sent_while_redis_down": len(down),
        "first_answers": answers(posts),
        "first_answers_while_down": answers(down),
        "server_errors": sum(
            1 for p in posts if isinstance(p.get("status"), int) and p["status"] >= 500 and p["status"] != 503
        ),
        "unavailable_without_retry_after": sum(1 for p in posts if p.get("status") == 503 and not p.get("retry_after")),
        "accepted_in_the_end": sum(1 for p in posts if p.get("accepted")),
        "answered_s_max": max((p.get("answered_s") or 0.0 for p in posts), default=None),
        "processed": sum(1 for i in ids if status.get(i) == "processed"),
        "sent_when_the_broker_answered": len(unsent),
        "reenqueued_as_stuck": len(stuck),
        "segment_received_after_kill_s": {"median": round(statistics.median(taken_s), 1), "max": max(taken_s)}
        if taken_s
        else None,
        "never_received": sum(1 for x in taken if x is None),
    }


def retries_rejected(worker_logs: Mapping[str, Sequence[str]], api_lines: Sequence[str]) -> dict[str, Any]:
    """Task retries Celery could not publish while Redis was down (reject
    requeue=False) and how long their documents waited to be taken again."""
    worker = [x for v in worker_logs.values() for x in logscan.parse(v)]
    found = logscan.rejected_retries(worker, logscan.parse(api_lines))
    backs = [x["back_after_s"] for x in found if x["back_after_s"] is not None]
    return {
        "count": len(found),
        "by_sweep": sum(1 for x in found if x["by_sweep"]),
        "never_back": sum(1 for x in found if x["back_after_s"] is None),
        "back_after_s": backs,
    }


def ok(r: dict[str, Any]) -> bool:
    d, e = r["documents"], r["events"]
    posts = r.get("consequences", {}).get("redis_down_posts", {})
    return (
        r.get("mid_task", {}).get("short", 0) == 0
        and posts.get("server_errors", 0) == 0
        and posts.get("unavailable_without_retry_after", 0) == 0
        and posts.get("accepted_in_the_end", 0) == posts.get("sent", 0)
        and d["lost"] == 0
        and d["differing_outputs"] == 0
        and e["missing"] == 0
        and d["compared_with_in_process"] > 0
        and e["duplicates_different_ids"] == 0
    )


def table(r: dict[str, Any]) -> str:
    d, e = r["documents"], r["events"]
    rows = [
        ("accepted", f"{d['accepted']} of {d['submitted']} submitted (POST retries: {d['post_retries'] or 0})"),
        ("processed", str(d["processed"])),
        ("failed", f"{d['failed']} {d['failed_by_code'] or ''}".rstrip()),
        ("lost", str(d["lost"])),
        (
            "outputs differing",
            f"{d['differing_outputs']} of {d['compared_with_in_process']} compared with in-process"
            + (
                f" ({d['not_compared_other_code']} made by other code: not compared)"
                if d["not_compared_other_code"]
                else ""
            ),
        ),
        (
            "events",
            f"{e['documents_with_one']} documents with one, {e['missing']} missing, "
            f"{e['duplicates_same_id']} duplicated with the same id, "
            f"{e['duplicates_different_ids']} with different ids",
        ),
        ("sweep re-enqueues", str(r["sweep_requeues"])),
        ("unacked left", f"{r['unacked_left']} (messages of killed worker groups, back after the visibility timeout)"),
    ]
    for kind, v in r["faults"]["recovery"].items():
        rec = v["recovery_s"]
        what = f"{v['injected']} injected ({v['mid_task']} mid-task)"
        if v["by_stage"]:
            what += " " + ", ".join(f"{k} {n}" for k, n in sorted(v["by_stage"].items()))
        what += f"; recovered in median {rec['median']} s, max {rec['max']} s" if rec else "; no recovery measured"
        if v["not_recovered"]:
            what += f"; {v['not_recovered']} not recovered"
        if v.get("notes"):
            what += " (" + "; ".join(v["notes"]) + ")"
        rows.append((LABELS[kind], what))
    m = r.get("mid_task")
    if m:
        rows.append(
            (
                "worker kills mid-task",
                f"{m['confirmed']} of {m['kills']} ({m['extra_kills']} added after a kill that met no task; "
                f"{m['held_a_message_before']} held a message just before) "
                + ", ".join(f"{k} {n}" for k, n in sorted(m["by_kind"].items()))
                + f"; {m['document_received_again']} of their documents taken again"
                + (
                    f" (median {m['received_again_s']['median']} s, max {m['received_again_s']['max']} s)"
                    if m["received_again_s"]
                    else ""
                )
                + (
                    f"; FAIL: {m['short']} short of the {m['required']} required"
                    if m["short"]
                    else f"; at least {m['required']} required: ok"
                ),
            )
        )
    c = r.get("consequences", {})
    x = c.get("redis_down_posts")
    if x and x["sent"]:
        rows.append(
            (
                "POSTs at Redis kills",
                f"{x['sent']} ({x['sent_while_redis_down']} while Redis did not answer): first answers "
                + ", ".join(f"{k} x{n}" for k, n in sorted(x["first_answers"].items()))
                + f"; {x['server_errors']} server errors, {x['unavailable_without_retry_after']} 503 without Retry-After, "
                f"{x['accepted_in_the_end']} accepted in the end, {x.get('processed', 0)} processed; "
                f"{x.get('sent_when_the_broker_answered', 0)} sent by the sweep once the broker answered, "
                f"{x.get('reenqueued_as_stuck', 0)} re-enqueued as stuck; segment took them "
                + (
                    f"median {x['segment_received_after_kill_s']['median']} s, max "
                    f"{x['segment_received_after_kill_s']['max']} s after the kill"
                    if x.get("segment_received_after_kill_s")
                    else "never"
                )
                + (f" ({x['never_received']} never)" if x.get("never_received") else ""),
            )
        )
    for b in r.get("bursts", []):
        rows.append(
            (
                "burst",
                f"{b['kills']} kills in {b['span_s']} s ({b['while_starting']} while it started); /readyz while the "
                "stage was down: "
                + (", ".join(f"{k} x{n}" for k, n in sorted(b["readyz_while_down"].items())) or "not asked")
                + f"; ready {b['ready_after_last_kill_s']} s and /readyz 200 {b['readyz_200_after_last_kill_s']} s "
                f"after the last kill (restarts {b['restarts']})",
            )
        )
    x = c.get("retries_rejected")
    if x is not None:
        rows.append(
            (
                "retries lost to Redis down",
                f"{x['count']} (reject requeue=False), {x['by_sweep']} back by the sweep, {x['never_back']} never; "
                f"taken again after {x['back_after_s']} s",
            )
        )
    if c.get("redeliver", {}).get("messages"):
        x = c["redeliver"]
        rows.append(
            (
                "redelivered documents",
                f"{x['documents']}: {x['not_final']} not final, {x['more_than_one_event_id']} with more than one "
                f"event id, {x['differing_outputs']} differing from in-process",
            )
        )
    if "store_lock" in c and r["faults"]["recovery"].get("store-lock"):
        x = c["store_lock"]
        rows.append(
            (
                "store lock seen",
                f"{x['store_errors_logged']} 'database is locked' and {x['task_retries_logged']} task retries "
                f"in the worker logs; lock-wait warnings: {x.get('worker_wait_warnings', 0)} by workers, "
                f"{x.get('api_wait_warnings', 0)} by the API; {x.get('lock_wait_timeouts', 0)} writes gave up "
                "waiting (DOCPIPE_STORE_TIMEOUT_S)",
            )
        )
    if "mongo" in c and r["faults"]["recovery"].get("mongo"):
        x = c["mongo"]
        rows.append(
            (
                "wire server down seen",
                f"{x['store_errors_logged']} store errors and {x['task_retries_logged']} task retries "
                f"in the worker logs; {x.get('gave_up', 0)} tasks stopped retrying (left for the sweep)",
            )
        )
    for name in ("sse", "webhooks"):
        if name in c:
            x = c[name]
            extra = (
                f", {x['reconnects']} failed connection attempts (API down)"
                if name == "sse"
                else f", {x['deliveries_received']} deliveries received"
            )
            rows.append(
                (
                    f"{name} consumer",
                    f"{x['documents_received']} documents' events received, {x['missed']} missed, "
                    f"{x['more_than_one_event_id']} with more than one event id{extra}",
                )
            )
    t = r["times_s"]
    rows.append(
        (
            "times",
            f"submitted in {t['submitted_s']} s, faults done at {t['faults_done_s']} s, "
            f"quiescent {t['quiescence_wait_s']} s later",
        )
    )
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in rows)
