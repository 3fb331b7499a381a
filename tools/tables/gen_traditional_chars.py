"""Generate ``regions/traditional_chars.tsv``: traditional characters and the
simplified character each stands for, one to one.

Why: pages of county and district sites are often in traditional script
(公安縣, 澧縣, 開發區); the regions' tables and rules are simplified only, so such a
page gave no region at all (docs/audits/regions.md, round 3). The regions
recogniser reads a simplified view of the text (one character for one, so every
offset holds) built with this table.

Source: the PyPI sdist ``hanziconv-0.3.2.tar.gz`` (Apache 2.0), its file
``hanziconv/charmap.py``: two strings of equal length (CUHK's character table
plus extras), a traditional character at each place of the one and its
simplified character at the same place of the other. The archive is read as a
tar file; nothing is imported from it.

Kept: pairs whose traditional character is not a GB2312 character (GB2312 holds
the simplified script: 乾 (乾县), 后, 里 are simplified characters of their own
and stay as written) and whose simplified character differs; the first pair of a
traditional character when the table gives several.

Run from the repo root:

    d="$(mktemp -d)" && .venv/bin/pip download --no-deps -d "$d" hanziconv==0.3.2 \\
      && .venv/bin/python tools/tables/gen_traditional_chars.py "$d"/hanziconv-0.3.2.tar.gz
"""

from __future__ import annotations

import argparse
import sys
import tarfile
from pathlib import Path

from tablekit import REPO, sha256_bytes, sha256_file, write_table

OUT = REPO / "shared" / "docpipe" / "data" / "regions" / "traditional_chars.tsv"
MEMBER = "hanziconv/charmap.py"
_QUOTES = '"' * 3


def _blocks(source: str) -> dict[str, str]:
    """The module's triple-quoted strings by the name they are assigned to,
    whitespace removed (the module joins their split() parts)."""
    parts = source.split(_QUOTES)
    out: dict[str, str] = {}
    for i in range(1, len(parts), 2):
        head = parts[i - 1].rstrip()
        line = head.splitlines()[-1] if head else ""
        name = line.split("=")[0].strip()
        if name:
            out[name] = "".join(parts[i].split())
    return out


def _gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sdist", type=Path, help="hanziconv-0.3.2.tar.gz")
    args = ap.parse_args(argv)
    with tarfile.open(args.sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(MEMBER))
        fh = tar.extractfile(member)
        assert fh is not None
        raw = fh.read()
    blocks = _blocks(raw.decode("utf-8"))
    trad = blocks["cuhk_traditional"] + blocks["extra_traditional"]
    simp = blocks["cuhk_simplified"] + blocks["extra_simplified"]
    if len(trad) != len(simp):
        print(f"tables of unequal length: {len(trad)} / {len(simp)}", file=sys.stderr)
        return 1
    pairs: dict[str, str] = {}
    for t, s in zip(trad, simp, strict=True):
        if t != s and not _gb2312(t) and _gb2312(s) and t not in pairs:
            pairs[t] = s
    write_table(
        OUT,
        source=f"PyPI hanziconv 0.3.2 (sdist {args.sdist.name}), file {MEMBER}",
        licence="Apache 2.0 (hanziconv)",
        sha256={args.sdist.name: sha256_file(args.sdist), Path(MEMBER).name: sha256_bytes(raw)},
        command="see tools/tables/gen_traditional_chars.py (pip download hanziconv==0.3.2, then run it on the sdist)",
        notes=[
            "traditional characters outside GB2312 and the GB2312 simplified character each stands for; "
            "a simplified view of a text built with it keeps every offset"
        ],
        columns=["traditional", "simplified"],
        rows=sorted(pairs.items()),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
