"""What real articles cost in the deterministic measure of opcount.py: the
yardstick a hostile text is held to (per character for segment; per
character or per numeral for normalize, whose work is per numeral it reads)."""

from __future__ import annotations

from dataclasses import dataclass

import opcount

from bench import hostile as bench_hostile
from bench.corpus import load_seeds
from docpipe.ingest import new_document
from docpipe.pipeline import Stage
from services.normalize import figures

# What normalize reads figures from (runs of digits or of Chinese numerals):
# each is parsed, then kept or dropped, so a text of numerals is held to what
# an article with as many numerals costs. The bench reports the same.
NUMERAL = bench_hostile.NUMERAL


@dataclass(frozen=True)
class Yardstick:
    segment_per_char: float
    normalize_per_char: float
    normalize_per_numeral: float


def measure(segment: Stage) -> Yardstick:
    """Steps per character (and per numeral) of the seed articles."""
    seg_ops = norm_ops = chars = clean_chars = numerals = 0
    for seed in load_seeds():
        seg_ops += opcount.count(lambda raw=seed.text: segment.run(new_document(raw)))
        chars += len(seed.text)
        doc = segment.run(new_document(seed.text))
        text = doc.clean_text or ""
        norm_ops += opcount.count(lambda t=text, at=doc.published_at: figures.extract(t, at, []))
        clean_chars += len(text)
        numerals += len(NUMERAL.findall(text))
    return Yardstick(seg_ops / chars, norm_ops / clean_chars, norm_ops / numerals)
