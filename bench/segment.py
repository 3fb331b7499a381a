"""Throughput of the segment stage, in characters per second per core.

    python -m bench.segment [--repeat N] [--files FILE...]

Measured on the seed articles, after warm-up, in one process. Each article is
run on its own (concatenated, the first article's "推荐内容" tail marker would
rightly cut all the others away); the figures are over all their characters.
CPU time (``time.process_time``) gives the per-core figure even on a shared
machine; wall time is shown beside it. Rows:

- ``stage (POS)``: the whole stage as the pipeline runs it (clean, title/date,
  sentences, POS tokens, keywords);
- ``stage (no POS)``: the same with plain tokens;
- ``clean only``: the cleaning steps with the offset map;
- ``jieba.lcut``: plain jieba on the raw text (global default tokenizer, no
  user dictionary): the reference;
- ``jieba.posseg.lcut``: plain jieba POS tagging on the raw text.

``run()`` returns the rows so ``make bench`` can reuse them.

jieba_fast 0.53 (built from source with gcc) was tried as an accelerator with
this stage's tokenizer and user dictionary: identical cuts and POS tags on the
seeds, but only about 1.35x on ``cut`` and 1.04x on POS tagging (its POS path
stays in Python), so the stage does not use it.

The stage's POS tagger uses the exact faster Viterbi of ``posviterbi.py``
(identical tags, checked by tests/unit/test_segment_posviterbi.py): on the
seeds ``stage (POS)`` went from about 88k to 126k chars/s/core. Building the
``Token`` models is about 17 ms of 20k tokens (dicts validated once by a
``TypeAdapter``; ``Token.model_construct`` one by one measured slower).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@dataclass(frozen=True)
class Row:
    name: str
    chars: int
    cpu_s: float
    wall_s: float

    @property
    def chars_per_cpu_s(self) -> float:
        return self.chars / self.cpu_s if self.cpu_s else float("inf")

    @property
    def chars_per_wall_s(self) -> float:
        return self.chars / self.wall_s if self.wall_s else float("inf")


def _measure(name: str, fn: Callable[[str], object], texts: list[str], repeat: int) -> Row:
    """The best of ``repeat`` passes over the texts: on a machine shared with other
    work the fastest pass is the least disturbed one."""
    for text in texts:  # warm-up (lazy loads, caches)
        fn(text)
    chars = sum(map(len, texts))
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for text in texts:
            fn(text)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return Row(name, chars, best_cpu, best_wall)


def run(texts: list[str], repeat: int = 5) -> list[Row]:
    import jieba
    import jieba.posseg

    from docpipe.document import Document
    from services.segment import resources
    from services.segment.cleaning import clean_aligned
    from services.segment.segmenter import sentences, tokens
    from services.segment.stage import segment

    resources.warm_up()
    jieba.initialize()  # the reference's own dictionary load is not measured either

    def stage_pos(text: str) -> object:
        return segment(Document(id="bench", raw_text=text))

    def stage_plain(text: str) -> object:
        clean = clean_aligned(text)
        clean.raw_spans()
        sentences(clean.text)
        return tokens(clean.text, pos=False)

    def clean_only(text: str) -> object:
        clean = clean_aligned(text)
        return clean.raw_spans()

    return [
        _measure("stage (POS)", stage_pos, texts, repeat),
        _measure("stage (no POS)", stage_plain, texts, repeat),
        _measure("clean only", clean_only, texts, repeat),
        _measure("jieba.lcut", jieba.lcut, texts, repeat),
        _measure("jieba.posseg.lcut", jieba.posseg.lcut, texts, repeat),
    ]


def format_table(rows: list[Row]) -> str:
    ref = next((r for r in rows if r.name == "jieba.lcut"), rows[0])
    lines = [f"{'':20} {'chars/s/core':>13} {'chars/s wall':>13} {'vs jieba.lcut':>14}"]
    for r in rows:
        lines.append(
            f"{r.name:20} {r.chars_per_cpu_s:13,.0f} {r.chars_per_wall_s:13,.0f} "
            f"{r.chars_per_cpu_s / ref.chars_per_cpu_s:13.2f}x"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="segment stage throughput (chars/s per core)")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the texts; the best counts (default 5)")
    ap.add_argument("--files", nargs="*", type=Path, help="texts to use (default: the seeds, concatenated)")
    args = ap.parse_args(argv)
    files = args.files or sorted(SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    rows = run(texts, repeat=args.repeat)
    print(f"{len(files)} files, {sum(map(len, texts)):,} characters, best of {args.repeat} passes after warm-up")
    print(format_table(rows))
    try:
        import jieba_fast  # noqa: F401

        print("jieba_fast is installed (not used: the stage runs jieba)")
    except ImportError:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
