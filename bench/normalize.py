"""Throughput of the normalize stage in characters per second on one core.

    python -m bench.normalize [--repeat N] [--rounds R] [FILES...]

Runs the stage single-threaded on the seed articles (default ``seeds/*.txt``,
as raw text, the worst case: nothing cleaned away) after warm-up. Each round
processes every file ``--repeat`` times; per round, characters/s is measured
with process CPU time (per core). The machine is shared, so the best round is
the stage's own speed and the median shows it under contention.
"""

from __future__ import annotations

import argparse
import glob
import statistics
import time
from pathlib import Path

from docpipe.document import Document
from services.normalize.stage import STAGE


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    paths = args.files or sorted(glob.glob("seeds/*.txt"))
    if not paths:
        ap.error("no input files (run from the project root or pass FILES)")
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    t0 = time.perf_counter()
    if STAGE.warm_up:
        STAGE.warm_up()
    warm_ms = (time.perf_counter() - t0) * 1000
    docs = [Document(id=str(i), raw_text=t, clean_text=t) for i, t in enumerate(texts)]
    metrics = sum(len(STAGE.run(d).metrics) for d in docs)  # warm-up pass
    chars = sum(len(t) for t in texts) * args.repeat
    rates = []
    for _ in range(args.rounds):
        cpu0 = time.process_time()
        for _ in range(args.repeat):
            for d in docs:
                STAGE.run(d)
        rates.append(chars / (time.process_time() - cpu0))
    per_doc_ms = 1000 * sum(len(t) for t in texts) / max(rates) / len(texts)
    print(
        f"normalize: {len(texts)} docs, {sum(len(t) for t in texts)} chars, {metrics} metrics per pass; "
        f"warm-up {warm_ms:.0f} ms"
    )
    print(f"  best   {max(rates):,.0f} chars/s per core ({per_doc_ms:.2f} ms per average doc)")
    print(f"  median {statistics.median(rates):,.0f} chars/s per core over {args.rounds} rounds x {args.repeat}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
