"""Generate ``gazetteers/companies_cnp.tsv``: brand and short company names from
companynameparser, with generic words filtered out.

Source: the PyPI sdist ``companynameparser-0.1.8.tar.gz`` (Apache-2.0), its
``companynameparser/data/brand.txt`` (one name a line, about 285,000 names, with
ordinary words mixed in). The sdist is read as an archive; nothing is imported
from it.

Filters, in this order (a name is counted under the first that drops it):

- ``noise``: fewer than two characters, not all CJK (digits, latin, symbols), or
  only Chinese numerals (一一五);
- ``duplicate``: the same name again in brand.txt;
- ``region``: a name, short form or old name in ``regions.tsv``, a form in
  ``region_aliases.tsv``, or a country or foreign city (``countries.tsv``,
  ``foreign_cities.tsv``);
- ``industry``: an industry term (``industries/terms.txt``, names and aliases in
  ``industries/industries.tsv``) or one of companynameparser's own company-name
  suffixes (``suffix.txt``: 分公司, 销售部). Its ``trade.txt`` is not used: it
  holds brands among its industry words (顶津, 南方电网, 众安);
- ``common_word``: a word of jieba's own dictionary whose frequency reaches the
  threshold for its tag in ``companies_cnp_rules.tsv``, unless it is in
  ``companies_cnp_keep.txt`` (百度, 微软: proper names jieba ranks as frequent words).

Run from the repo root with the project's venv (jieba is a project dependency):

    d="$(mktemp -d)" && .venv/bin/pip download --no-deps -d "$d" companynameparser==0.1.8 \\
      && .venv/bin/python tools/tables/gen_companies_cnp.py "$d"/companynameparser-0.1.8.tar.gz

``--samples N`` prints N random kept and dropped names (fixed seed) to stderr.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import random
import re
import sys
import tarfile
from pathlib import Path

import jieba
from tablekit import (
    DATA,
    GAZ,
    meta_field,
    read_jieba_dict,
    read_tsv,
    read_words,
    region_names,
    sha256_bytes,
    sha256_file,
    write_table,
)

HERE = Path(__file__).parent
OUT = GAZ / "companies_cnp.tsv"
RULES = HERE / "companies_cnp_rules.tsv"
KEEP = HERE / "companies_cnp_keep.txt"
MEMBER = "companynameparser/data/"
CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# Digits written with Chinese numerals (一一五, 三六九) are numbers, not names.
CN_DIGITS = re.compile(r"^[〇零一二三四五六七八九十百千万亿两]+$")
FILTERS = ("noise", "duplicate", "region", "industry", "common_word")


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    for m in tar.getmembers():
        if m.name.endswith(MEMBER + name):
            fh = tar.extractfile(m)
            assert fh is not None
            return fh.read()
    raise FileNotFoundError(name)


def _lines(data: bytes) -> list[str]:
    return [w.strip() for w in data.decode("utf-8").splitlines() if w.strip()]


def _jieba_dict() -> tuple[Path, dict[str, tuple[int, str]]]:
    path = Path(jieba.__file__).parent / "dict.txt"
    return path, read_jieba_dict(path)


def _rules() -> dict[str, int]:
    return {r["tag"]: int(r["min_freq"]) for r in read_tsv(RULES)}


def _industry_words(cnp_suffixes: list[str]) -> set[str]:
    words = set(read_words(DATA / "industries" / "terms.txt"))
    for r in read_tsv(DATA / "industries" / "industries.tsv"):
        words.add(r["name"])
        words.update(a.lstrip("~+") for a in (r.get("aliases") or "").split("|") if a)
    words.update(cnp_suffixes)
    return words


def _place_words() -> set[str]:
    words = region_names()
    words.update(r["form"] for r in _aliases())
    words.update(r["name"] for r in read_tsv(DATA / "countries.tsv"))
    words.update(r["city"] for r in read_tsv(DATA / "foreign_cities.tsv"))
    return words


def _aliases() -> list[dict[str, str]]:
    # region_aliases.tsv has no header row of its own: its columns are named in a comment.
    rows = []
    for line in (DATA / "region_aliases.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            form, *_ = line.split("\t")
            rows.append({"form": form})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sdist", type=Path, help="companynameparser-0.1.8.tar.gz")
    ap.add_argument("--samples", type=int, default=0)
    args = ap.parse_args(argv)

    with tarfile.open(args.sdist) as tar:
        brand_raw = _member(tar, "brand.txt")
        cnp_suffixes = _lines(_member(tar, "suffix.txt"))
        pkg_info = next(m for m in tar.getmembers() if m.name.endswith("/PKG-INFO"))
        info = tar.extractfile(pkg_info)
        assert info is not None, "PKG-INFO is not a file"
        version = meta_field(info.read().decode(), "Version")

    jieba_path, jdict = _jieba_dict()
    rules = _rules()
    places = _place_words()
    industry = _industry_words(cnp_suffixes)
    keep = set(read_words(KEEP))

    kept: list[tuple[str, str, str]] = []
    dropped: dict[str, list[str]] = {f: [] for f in FILTERS}
    seen: set[str] = set()
    for name in _lines(brand_raw):
        freq, tag = jdict.get(name, (0, ""))
        if len(name) < 2 or not CJK.match(name) or CN_DIGITS.match(name):
            reason = "noise"
        elif name in seen:
            reason = "duplicate"
        elif name in places:
            reason = "region"
        elif name in industry:
            reason = "industry"
        elif name in jdict and freq >= rules.get(tag, rules["*"]) and name not in keep:
            reason = "common_word"
        else:
            reason = ""
        seen.add(name)
        if reason:
            dropped[reason].append(name)
        else:
            kept.append((name, str(freq) if name in jdict else "", tag))

    kept.sort()
    total = sum(len(v) for v in dropped.values()) + len(kept)
    counts = ", ".join(f"{f} {len(dropped[f])}" for f in FILTERS)
    write_table(
        OUT,
        source=f"PyPI companynameparser {version} (sdist {args.sdist.name}), file {MEMBER}brand.txt; "
        f"filtered with jieba {importlib.metadata.version('jieba')} dict.txt and docpipe's own tables",
        licence="Apache-2.0 (companynameparser); jieba dict.txt MIT",
        sha256={
            args.sdist.name: sha256_file(args.sdist),
            "brand.txt": sha256_bytes(brand_raw),
            "jieba/dict.txt": sha256_file(jieba_path),
        },
        command="see tools/tables/gen_companies_cnp.py (pip download companynameparser==0.1.8, then run it on the sdist)",
        notes=[
            f"{total} names read; dropped: {counts}; rules: tools/tables/companies_cnp_rules.tsv "
            "and companies_cnp_keep.txt",
            "jieba_freq/jieba_tag: the name's frequency and tag in jieba's dict.txt when it is a "
            "jieba word (kept because below the rule's threshold), else empty",
        ],
        columns=["name", "jieba_freq", "jieba_tag"],
        rows=kept,
    )
    print(f"read {total}; kept {len(kept)}; dropped {counts}", file=sys.stderr)
    if args.samples:
        rnd = random.Random(20261203)
        print("kept:", " ".join(rnd.sample([k[0] for k in kept], args.samples)), file=sys.stderr)
        for f in FILTERS:
            pool = dropped[f]
            print(f"dropped {f}:", " ".join(rnd.sample(pool, min(args.samples, len(pool)))), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
