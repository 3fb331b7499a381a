"""The tables ``make bench`` prints from its report."""

from __future__ import annotations

import importlib
from typing import Any

# The phases whose module prints their part of the report (``print_table``),
# in the order printed; the report's key is the module's name.
PHASE_TABLES = ("scaling", "durability", "sse", "store", "hostile", "neardup", "facts", "reprocess")


def print_report(r: dict[str, Any]) -> None:
    ip = r["in_process"]
    print()
    print(f"docpipe bench — {r['time']} — {r['machine']}")
    print()
    print(f"in-process, one core: {ip['documents']} documents, {ip['characters']:,} characters")
    print(
        f"  {ip['docs_per_s']:.2f} docs/s   {ip['chars_per_s']:,} chars/s   per doc p50 {ip['per_doc_ms']['p50']:.1f} ms"
        f"   (warm-up {ip['warm_up_s']} s, once per process)"
    )
    for stage, cps in ip["per_stage_chars_per_s"].items():
        print(f"  {stage:<10} {cps:>12,} chars/s   {ip['per_stage_share'][stage] * 100:5.1f} % of the time")
    for e in r.get("end_to_end", []):
        print()
        print(
            f"end to end, {e['concurrency_per_stage']} process(es) per stage, {e['inflight']} in flight, {e['documents']} documents:"
        )
        print(
            f"  throughput {e['docs_per_s']:.2f} docs/s ({e['chars_per_s']:,} chars/s) = "
            f"{e['ratio_to_in_process']:.2f} × in-process single core"
        )
        lat = e["latency_ms"]
        print(f"  POST → processed event: p50 {lat['p50']:.0f} ms  p95 {lat['p95']:.0f} ms  p99 {lat['p99']:.0f} ms")
        cpu = e.get("throughput_cpu_ms_per_doc")
        if cpu:
            in_proc_ms = 1000 / ip["docs_per_s"]
            parts = ", ".join(f"{k} {v:.1f}" for k, v in cpu.items() if k != "total")
            print(
                f"  CPU per document meanwhile (ms): {cpu['total']:.1f} in all ({parts}); in-process "
                f"{in_proc_ms:.1f} ms, so two cores allow at most {2 * in_proc_ms / cpu['total']:.2f} × in-process"
            )
        s, o = e["single_doc_latency_ms"], e["overhead_ms_per_doc"]
        mp = e["message_path_ms_per_doc"]
        print(
            f"  idle stack, one document: p50 {s['p50']:.0f} ms; overhead over in-process p50 {o['p50']:.1f} ms, p95 {o['p95']:.1f} ms"
        )
        print(
            f"  message path (latency minus the workers' own stage time): p50 {mp['p50']:.1f} ms, p95 {mp['p95']:.1f} ms"
        )
        fl = e.get("celery_floor_ms")
        if fl:
            print(
                f"  Celery floor, three trivial tasks with the same settings and pool: p50 {fl['p50']:.1f} ms, "
                f"p95 {fl['p95']:.1f} ms; message path above the floor: p50 {mp['p50'] - fl['p50']:.1f} ms"
            )
        w = e.get("watched_by_flower")
        if w:
            wl, wm = w["single_doc_latency_ms"], w["message_path_ms_per_doc"]
            wf = w.get("celery_floor_ms")
            print(
                f"  with Flower watching (task events on): one document p50 {wl['p50']:.0f} ms; "
                f"message path p50 {wm['p50']:.1f} ms, p95 {wm['p95']:.1f} ms"
                + (f"; Celery floor with events p50 {wf['p50']:.1f} ms" if wf else "")
                + "; by hop:"
            )
            for hop, d in w["message_path_hops_ms"].items():
                print(f"    {hop:<30} p50 {d['p50']:8.2f} ms   p95 {d['p95']:8.2f} ms")
        prof = e.get("cpu_profile")
        if prof:
            print(
                f"  where the stack is active (py-spy, {prof['documents']} single documents, every process; "
                "share of samples running or waiting for a core):"
            )
            for cat, share in prof["share_of_active_samples"].items():
                print(f"    {cat:<34} {share * 100:6.1f} %")
        print(f"  peak RSS per worker process (MB): {e['peak_rss_mb_per_worker_process']}")
        if e["failed"]:
            print(f"  FAILED documents: {e['failed']}")
    for phase in PHASE_TABLES:
        if phase in r:
            # Imported here: a phase's module imports what it measures.
            importlib.import_module(f".{phase}", __package__).print_table(r[phase])
    if "soak" in r:
        s = r["soak"]
        print()
        print(
            f"soak: {s['documents']:,} short documents at {s['docs_per_s']} docs/s; worker RSS growth "
            f"from the first tenth to the end: {s['rss_growth_percent_first_tenth_to_end']} % (max {s['max_growth_percent']} %)"
        )
