"""Throughput of the normalize stage in characters per second on one core.

    python -m services.normalize.bench [--repeat N] [FILES...]

Runs the stage on the seed articles (default ``seeds/*.txt``) after warm-up,
``--repeat`` times, single-threaded, and prints characters/s measured with
process CPU time (per core, unaffected by other load on a shared machine)
and with wall time.
"""
from __future__ import annotations

import argparse
import glob
import time
from pathlib import Path

from docpipe.document import Document

from .stage import STAGE


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    paths = args.files or sorted(glob.glob("seeds/*.txt"))
    if not paths:
        ap.error("no input files (run from the project root or pass FILES)")
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    if STAGE.warm_up:
        STAGE.warm_up()
    docs = [Document(id=str(i), raw_text=t, clean_text=t) for i, t in enumerate(texts)]
    for d in docs:  # warm-up pass
        STAGE.run(d)
    chars = sum(len(t) for t in texts) * args.repeat
    metrics = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(args.repeat):
        for d in docs:
            metrics += len(STAGE.run(d).metrics)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(f"normalize: {len(texts)} docs x {args.repeat}, {chars} chars, {metrics} metrics")
    print(f"  {chars / cpu:,.0f} chars/s per core (CPU time {cpu:.3f}s)")
    print(f"  {chars / wall:,.0f} chars/s wall ({wall:.3f}s), {1000 * wall / (len(texts) * args.repeat):.2f} ms/doc")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
