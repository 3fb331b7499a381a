"""A benchmark corpus made from the seed articles.

Each document is a seed with its paragraphs in a different (deterministic)
order, so content hashes differ while the text stays real news of realistic
length; nothing is invented that the stages would treat differently.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"


@dataclass(frozen=True)
class BenchDoc:
    name: str
    text: str


def load_seeds(seeds_dir: Path = SEEDS_DIR) -> list[BenchDoc]:
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no seed articles in {seeds_dir}")
    return [BenchDoc(f.stem, f.read_text(encoding="utf-8")) for f in files]


def variant(text: str, n: int) -> str:
    """The n-th variant of ``text``: variant 0 is the text itself; later
    ones keep the first paragraph (often the title) and shuffle the rest."""
    if n == 0:
        return text
    paragraphs = [p for p in text.split("\n") if p.strip()]
    head, body = paragraphs[:1], paragraphs[1:]
    rng = random.Random(n)
    rng.shuffle(body)
    # A paragraph list too short to shuffle into n distinct orders still
    # needs a distinct hash: vary the blank lines between paragraphs.
    return "\n".join(head + body) + "\n" * (1 + n % 3) + f"\n{'　' * (n // 3 % 7)}"


def corpus(size: int, seeds_dir: Path = SEEDS_DIR) -> list[BenchDoc]:
    seeds = load_seeds(seeds_dir)
    docs: list[BenchDoc] = []
    seen: set[str] = set()
    n = 0
    while len(docs) < size:
        seed = seeds[n % len(seeds)]
        text = variant(seed.text, n // len(seeds))
        n += 1
        if text in seen:
            continue
        seen.add(text)
        docs.append(BenchDoc(f"{seed.name}~{n // len(seeds)}", text))
    return docs
