"""Draft the measure_id / subject_entity labels of a labelled set's gold figures.

    python tests/measures_gold/draft.py SET          # seeds | tests/heldout5 | tests/dev_real
    python tests/measures_gold/draft.py SET --redraft   # also rewrite label files that exist

Label files that exist are kept unless ``--redraft``: the drafts depend on the
measures table, which changed after the first scoring, and the committed
labels are the ones that were scored first.

Reads the set's gold (read-only; the seeds' gold is ../shared/eval/gold) and
writes ``tests/measures_gold/<set name>/<stem>.json``: one entry per required
gold figure with the gold's own fields (text, value, unit, …, measure,
subject) and the two labels:

- ``measure_id``: drafted from the gold ``measure`` text by exact lookup in
  the measures table (the whole text, else the longest table form ending the
  text, after a growth/decline/share word is taken off), then **overridden by
  hand** with ``overrides.tsv`` (set, stem, figure text, measure_id or -),
  written while reading each figure in its sentence. This drafting never runs
  the pipeline; it only reads the gold and the table.
- ``subject_entity``: the gold entity (region, park, organization) whose name
  or one of whose aliases is the gold ``subject``, as {type, name, adcode}
  (adcode of a region from regions.tsv when its name is unique there); null
  when the subject names no gold entity (a cluster, a product) or is null;
  **overridden by hand** with ``subject_overrides.tsv`` (set, stem, gold
  subject, type, name, adcode) where the subject is a region of regions.tsv
  the gold lists no entity for (a work report's own city, named in its text
  only inside park names) or where a region's name is not unique there.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TABLE = ROOT / "shared/docpipe/data/measures/measures.tsv"
REGIONS = ROOT / "shared/docpipe/data/regions.tsv"

_GROWTH = re.compile(
    r"(?:同比|环比|比上年|较上年|年均|平均)?(?:增长率?|增速|增幅|提高|提升|上升|上涨|增加|扩大|加快|增)$"
)
_DECLINE = re.compile(r"(?:同比|环比|比上年|较上年)?(?:下降|减少|降低|回落|收窄|缩小|下滑|降幅|降)$")
_SHARE = re.compile(r"^(.*?)占.*(?:比重|比例|份额|的)?$|^(.*?)(?:占比|比重)$")


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).upper()


def table() -> dict[str, str]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    forms: dict[str, str] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        for f in [row["name"], *row["aliases"].split("|")]:
            forms[norm(f)] = row["id"]
    return forms


def lookup(forms: dict[str, str], base: str) -> str | None:
    if base in forms:
        return forms[base]
    for n in range(len(base) - 1, 0, -1):
        if base[-n:] in forms:
            return forms[base[-n:]]
    return None


def draft_measure(forms: dict[str, str], measure: str | None, unit: str) -> str | None:
    if not measure:
        return None
    m = norm(measure)
    rate = unit in ("percent", "percentage_point", "times")
    for pattern, aspect in ((_GROWTH, "growth"), (_DECLINE, "decline")):
        g = pattern.search(m)
        if g and g.start() > 0:
            base = lookup(forms, m[: g.start()])
            if base:
                return f"{base}.{aspect}" if rate else f"{base}.{'increase' if aspect == 'growth' else 'decrease'}"
    s = _SHARE.match(m)
    if s and unit == "percent" and ("占" in m or "比重" in m):
        base = lookup(forms, (s.group(1) or s.group(2) or ""))
        if base:
            return f"{base}.share"
    return lookup(forms, m)


def region_adcodes() -> dict[str, str | None]:
    lines = [line for line in REGIONS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    out: dict[str, str | None] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        out[row["name"]] = None if row["name"] in out else row["adcode"]
    return out


def subject_entity(gold: dict, subject: str | None, adcodes: dict[str, str | None]) -> dict | None:
    if not subject:
        return None
    s = norm(subject)
    for etype in ("park", "region", "organization"):
        for e in gold.get("entities", {}).get(etype) or []:
            if s in {norm(e["name"]), *(norm(a) for a in e.get("aliases") or [])}:
                return {
                    "type": etype,
                    "name": e["name"],
                    "adcode": adcodes.get(e["name"]) if etype == "region" else None,
                }
    return None


def overrides() -> dict[tuple[str, str, str, str], str | None]:
    """(set, stem prefix such as ``c07``, figure text, gold measure or ``*``) ->
    measure_id (``-``: none)."""
    path = HERE / "overrides.tsv"
    out: dict[tuple[str, str, str, str], str | None] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            set_name, stem, text, mid, *measure = line.split("\t")
            out[(set_name, stem, text, measure[0] if measure else "*")] = None if mid == "-" else mid
    return out


def subject_overrides() -> dict[tuple[str, str, str], dict | None]:
    """(set, stem prefix, gold subject) -> subject_entity (type ``-``: none)."""
    path = HERE / "subject_overrides.tsv"
    out: dict[tuple[str, str, str], dict | None] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            set_name, stem, subject, etype, name, adcode = line.split("\t")
            out[(set_name, stem, subject)] = (
                None if etype == "-" else {"type": etype, "name": name, "adcode": None if adcode == "-" else adcode}
            )
    return out


def main(argv: list[str]) -> int:
    set_path, redraft = argv[0], "--redraft" in argv[1:]
    set_name = Path(set_path).name
    gold_dir = ROOT.parent / "shared/eval/gold" if set_name == "seeds" else ROOT / set_path / "gold"
    forms, adcodes, fixed, subjects = table(), region_adcodes(), overrides(), subject_overrides()
    out_dir = HERE / set_name
    out_dir.mkdir(exist_ok=True)
    used = 0
    for path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        stem = Path(gold["article"]).stem
        if (out_dir / f"{stem}.json").exists() and not redraft:
            continue
        figures = []
        for g in gold["metrics"]:
            if g.get("optional"):
                continue
            key = next(
                (
                    k
                    for k in fixed
                    if k[0] == set_name
                    and stem.startswith(k[1])
                    and k[2] == g["text"]
                    and k[3] in ("*", g.get("measure"))
                ),
                None,
            )
            mid = fixed[key] if key else draft_measure(forms, g.get("measure"), g["unit"])
            used += key is not None
            skey = next(
                (k for k in subjects if k[0] == set_name and stem.startswith(k[1]) and k[2] == g.get("subject")),
                None,
            )
            entity = subjects[skey] if skey else subject_entity(gold, g.get("subject"), adcodes)
            figures.append(
                {k: g.get(k) for k in ("text", "value", "value_max", "unit", "classifier", "measure", "subject")}
                | {"measure_id": mid, "subject_entity": entity}
            )
        (out_dir / f"{stem}.json").write_text(
            json.dumps({"article": gold["article"], "figures": figures}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    print(f"{set_name}: {used} overrides applied", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
