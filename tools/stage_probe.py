"""Find stalls a stage shows only after a word its rules key on (issue #15: no
input can stall a stage).

    python tools/stage_probe.py [--stages segment,extract,normalize]
        [--sizes 2000,8000] [--limit 40] [--per-list 3] [--ratio 8]
        [--prefix TEXT] [--suffix TEXT] [--triggers a,b] [--units space,digits]

tools/regex_probe.py times module-level patterns scanned whole, in isolation.
It cannot see a pattern written inline, nor one reached only after a word
that opens its call site: the worst stall of issue #15 (extract,
companies._from_lists, 80,000 characters in 79 s) was an inline pattern tried
only on a list's last member, after 华为公司、腾讯公司, and was found by
running the probe's unit shapes through the stage. This tool does that for
every stage: for each **trigger** (a word of the stage's data word lists
under shared/docpipe/data: cue words, suffixes, list closers, title words…,
``--per-list`` sampled from each list) and each **unit** (the regex probe's
units: spaces, digits, Han, 、, %, amounts, brackets, quotes, middle dots…),
the text ``prefix + trigger + unit * n`` is run through the stage at two
sizes, and every combination whose CPU time grows more than ``--ratio``
times for ``--sizes``' factor (4 for 2,000 and 8,000: linear is 4,
quadratic 16) is listed with the stage, trigger and unit.

A run of units often stalls only when something follows it that a rule
looks for (the stall above needed a list's closer: 华为公司、腾讯公司 +
spaces + 等企业。; with nothing after the spaces the list was never read), so
``--suffix`` puts a text after the run; ``--triggers`` replaces the sampled
words with one's own.

Stages are loaded once (docpipe.pipeline.load_stage and warm_up, as
bench/hostile.py does). Extract and normalize read segment's output (it is
run first, untimed); normalize reads no entities. A listed combination is a
lead: rerun it at a larger size to see the growth hold. It reads a clock, so
it is a tool to run by hand, never a test.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (str(ROOT), str(ROOT / "shared")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from tools.regex_probe import UNITS  # noqa: E402

DATA = ROOT / "shared" / "docpipe" / "data"
# The data folders whose words each stage's rules key on.
STAGE_DATA = {
    "segment": ("cleaning", "chrome", "documents"),
    "extract": ("organizations", "industries", "parks", "persons", "regions"),
    "normalize": ("normalize", "measures"),
}
# A neutral news opening: a date and a clause, so the trigger starts a clause
# of an article's body.
PREFIX = "2024年5月10日，记者获悉，"


def list_words(path: Path) -> list[str]:
    """The words of one data list: each line's first field, comments and
    headers left out; only short words (a trigger, not a pattern or a row)."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word = line.split("\t")[0].strip()
        if 1 <= len(word) <= 8 and not any(c in word for c in " |\\[](){}*+?^$"):
            words.append(word)
    if path.suffix == ".tsv" and words:
        words = words[1:]  # a table's first row names its columns
    return words


def triggers(stage: str, per_list: int, seed: int = 15) -> Iterator[tuple[str, str]]:
    """(list, word) pairs: ``per_list`` words sampled from each of the stage's lists."""
    rng = random.Random(seed)
    for folder in STAGE_DATA[stage]:
        for path in sorted((DATA / folder).glob("*")):
            if path.suffix not in (".txt", ".tsv"):
                continue
            words = list_words(path)
            for word in rng.sample(words, min(per_list, len(words))):
                yield f"{folder}/{path.stem}", word


def load_stages(names: Sequence[str]) -> dict[str, Any]:
    from docpipe.pipeline import load_stage

    stages = {name: load_stage(name) for name in names}
    for stage in stages.values():
        if stage.warm_up is not None:
            stage.warm_up()
    gc.collect()
    gc.freeze()  # as bench/hostile.py: the loaded tables leave the collector's walks
    return stages


def stage_seconds(stages: dict[str, Any], stage: str, text: str) -> float:
    """CPU seconds of ``stage`` on ``text`` (segment run first, untimed)."""
    from docpipe.ingest import new_document

    doc = new_document(text)
    if stage != "segment":
        doc = stages["segment"].run(doc)
        if stage == "normalize":
            doc.entities = []
    t0 = time.process_time()
    stages[stage].run(doc)
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="tools/stage_probe.py", description=__doc__.splitlines()[0])
    ap.add_argument("--stages", default="segment,normalize,extract", help="stages to probe, in this order")
    ap.add_argument("--sizes", default="2000,8000", help="the two sizes of the repeated unit, in characters")
    ap.add_argument("--limit", type=int, default=0, help="at most this many triggers per stage (a sample; 0: all)")
    ap.add_argument("--per-list", type=int, default=3, help="triggers sampled from each word list")
    ap.add_argument("--units", default="", help="units to use (names of regex_probe.UNITS; default all)")
    ap.add_argument("--ratio", type=float, default=8.0, help="list a combination whose time grows more than this")
    ap.add_argument("--floor", type=float, default=0.05, help="seconds at the larger size below which none is listed")
    ap.add_argument("--prefix", default=PREFIX, help="text before the trigger")
    ap.add_argument("--suffix", default="", help="text after the run of units (a list's closer: 等企业。)")
    ap.add_argument("--seed", type=int, default=15, help="seed of the trigger sample")
    ap.add_argument("--triggers", default="", help="comma-separated triggers to use instead of the word lists")
    args = ap.parse_args(argv)
    names = [s for s in args.stages.split(",") if s]
    small, large = (int(s) for s in args.sizes.split(","))
    units = {k: v for k, v in UNITS.items() if not args.units or k in args.units.split(",")}
    stages = load_stages(sorted(set(names) | {"segment"}))
    found = 0
    for stage in names:
        pairs = (
            [("--triggers", t) for t in args.triggers.split(",")]
            if args.triggers
            else list(triggers(stage, args.per_list, args.seed))
        )
        if args.limit and len(pairs) > args.limit:
            pairs = random.Random(args.seed).sample(pairs, args.limit)
        t_stage = time.perf_counter()
        print(f"{stage}: {len(pairs)} triggers x {len(units)} units", file=sys.stderr, flush=True)
        for source, trigger in pairs:
            for unit_name, unit in units.items():
                times = []
                for size in (small, large):
                    text = args.prefix + trigger + unit * (size // len(unit)) + args.suffix
                    try:
                        times.append(stage_seconds(stages, stage, text))
                    except Exception as exc:  # a refusal or a crash is a finding too: say so, go on
                        print(f"{stage:9s} {trigger!r:14} {unit_name:18s} {exc.__class__.__name__}: {exc}")
                        break
                if len(times) < 2:
                    continue
                growth = times[1] / max(times[0], 1e-6)
                if times[1] > args.floor and growth > args.ratio:
                    found += 1
                    print(
                        f"{stage:9s} {trigger!r:14} {unit_name:18s} {source:36s} "
                        f"{times[0] * 1000:8.1f} ms {times[1] * 1000:9.1f} ms  x{growth:.1f}",
                        flush=True,
                    )
        print(f"{stage}: done in {time.perf_counter() - t_stage:.0f} s", file=sys.stderr, flush=True)
    print(f"{found} combinations grow more than x{args.ratio}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
