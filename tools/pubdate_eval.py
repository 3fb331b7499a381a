"""Score the segment stage's publication-date reader on a labelled set of pages.

A set is a directory with ``articles/*.txt`` and ``dates.tsv`` (file, published_at,
source, path; published_at ``YYYY-MM-DD``, ``YYYY-MM`` or empty when the page
gives none). Each text goes through ``detect_published_at``, what the segment
stage runs when the request gives no date, and is scored:

- right: the gold date (a ``YYYY-MM`` gold is met by any day of that month);
- missing: a gold date, none found; wrong: another date found;
- spurious: no gold date, one found.

    .venv/bin/python tools/pubdate_eval.py tests/dev_dates [--misses]
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Score:
    right: int = 0
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + len(self.missing) + len(self.wrong) + len(self.spurious)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def judge(gold: str, found: str | None) -> str:
    """right, missing, wrong or spurious."""
    if not gold:
        return "right" if not found else "spurious"
    if not found:
        return "missing"
    return "right" if found == gold or (len(gold) == 7 and found.startswith(gold + "-")) else "wrong"


def read_gold(set_dir: Path) -> list[tuple[str, str]]:
    with (set_dir / "dates.tsv").open(encoding="utf-8") as f:
        return [(row["file"], (row["published_at"] or "").strip()) for row in csv.DictReader(f, delimiter="\t")]


def score_set(set_dir: Path) -> Score:
    sys.path[:0] = [str(ROOT), str(ROOT / "shared")]
    from services.segment.metadata import detect_published_at

    score = Score()
    for name, gold in read_gold(set_dir):
        found = detect_published_at((set_dir / "articles" / name).read_text(encoding="utf-8"))
        kind = judge(gold, found)
        if kind == "right":
            score.right += 1
        else:
            getattr(score, kind).append(f"{name}: gold {gold or '-'} found {found or '-'}")
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--misses", action="store_true", help="list each miss by kind")
    args = parser.parse_args(argv)
    for set_dir in args.sets:
        s = score_set(set_dir)
        print(
            f"{set_dir}: {s.right}/{s.total} = {s.accuracy:.3f} "
            f"(missing {len(s.missing)}, wrong {len(s.wrong)}, spurious {len(s.spurious)})"
        )
        if args.misses:
            for kind in ("missing", "wrong", "spurious"):
                for line in getattr(s, kind):
                    print(f"  {kind}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
