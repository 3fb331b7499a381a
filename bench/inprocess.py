"""Phase 1 of ``make bench``: every stage on one core (``run_stages``),
documents/s and characters/s overall and per stage: the text work itself."""

from __future__ import annotations

import time
from typing import Any

from .corpus import BenchDoc
from .stats import dist


def in_process(docs: list[BenchDoc]) -> dict[str, Any]:
    from docpipe.ingest import new_document
    from docpipe.pipeline import default_stages, run_stages

    stages = default_stages()
    t0 = time.perf_counter()
    for stage in stages:
        if stage.warm_up is not None:
            stage.warm_up()
    warm_s = time.perf_counter() - t0
    run_stages(new_document(docs[0].text), stages)  # first-call costs (lazy imports, caches)

    per_doc_ms: dict[str, float] = {}
    stage_ms: dict[str, float] = {s.name: 0.0 for s in stages}
    chars = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for d in docs:
        doc = new_document(d.text)
        t = time.perf_counter()
        for s in stages:
            # Each stage's whole run (segment's includes its cleaning, which
            # its own timings_ms reports apart as "clean").
            ts = time.perf_counter()
            doc = s.run(doc)
            stage_ms[s.name] += (time.perf_counter() - ts) * 1000
        per_doc_ms[doc.id] = (time.perf_counter() - t) * 1000
        chars += len(d.text)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    return {
        "documents": len(docs),
        "characters": chars,
        "warm_up_s": round(warm_s, 2),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "docs_per_s": round(len(docs) / wall, 2),
        "chars_per_s": round(chars / wall),
        "per_doc_ms": dist(list(per_doc_ms.values())),
        "per_stage_chars_per_s": {k: round(chars / (v / 1000)) if v else None for k, v in stage_ms.items()},
        "per_stage_share": {k: round(v / sum(stage_ms.values()), 3) for k, v in stage_ms.items()},
        "_per_doc_ms_by_id": per_doc_ms,
    }
