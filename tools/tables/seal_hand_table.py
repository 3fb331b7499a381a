"""Seal a hand-curated table: recompute the ``# sha256:`` and ``# rows:`` lines
of its header from the rows below it (after an edit by hand).

    python tools/tables/seal_hand_table.py shared/docpipe/data/measures/measures.tsv
    python tools/tables/seal_hand_table.py --check shared/docpipe/data/measures/measures.tsv

A hand-curated table has no source file to hash, so the digest covers its own
body (every line that is not a ``#`` comment, header row included, as UTF-8
bytes with ``\\n`` endings): ``# sha256: <digest>  body``. The unit tests
recompute it, so an edit that was not sealed (or a corrupted copy) fails them.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path


def body_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("#") and line.strip()]


def body_sha256(text: str) -> str:
    return hashlib.sha256("".join(line + "\n" for line in body_lines(text)).encode("utf-8")).hexdigest()


def sealed(text: str) -> str:
    lines = body_lines(text)
    digest, rows = body_sha256(text), len(lines) - 1
    out = []
    for line in text.splitlines():
        if line.startswith("# sha256: "):
            line = f"# sha256: {digest}  body"
        elif line.startswith("# rows: "):
            line = f"# rows: {rows}"
        out.append(line)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("table", type=Path)
    ap.add_argument("--check", action="store_true", help="exit 1 if the header does not match the body")
    args = ap.parse_args(argv)
    text = args.table.read_text(encoding="utf-8")
    new = sealed(text)
    if args.check:
        if new != text:
            print(f"{args.table}: header sha256/rows do not match the body; run without --check", file=sys.stderr)
            return 1
        return 0
    args.table.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
