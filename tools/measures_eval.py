"""measure_id and subject accuracy of a labelled set (``make eval``, issue #12).

The labels are side files, ``tests/measures_gold/<set>/<stem>.json`` (the
set's own gold stays as it is; the seeds' gold is read-only): each required
gold figure with its ``measure_id`` and ``subject_entity`` (see
tests/measures_gold/README.md). Over the gold figures the pipeline found
(same key as the shared scorer: unit, value, value_max, classifier), as the
scorer does for qualifier and period:

- measure_id: right when a found figure with that key has the gold id
  (null included: a figure whose measure is in no table row must get null);
- subject: right when a found figure with that key names the gold entity
  (same type; its name is the gold entity's name or one of its aliases), or
  when gold has none and the figure names none either.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "measures_gold"


def labels_dir(set_name: str) -> Path:
    return LABELS / Path(set_name).name


def has_labels(set_name: str) -> bool:
    return labels_dir(set_name).is_dir()


def score_set(
    score: ModuleType, set_name: str, gold_files: list[Path], docs: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    tally = {"measure_id": [0, 0], "measure_id_named": [0, 0], "subject": [0, 0]}
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        stem = Path(gold["article"]).stem
        side = labels_dir(set_name) / f"{stem}.json"
        if not side.exists():
            continue
        forms = {
            (t, e["name"]): {score.norm(e["name"]), *(score.norm(a) for a in e.get("aliases") or [])}
            for t, es in (gold.get("entities") or {}).items()
            for e in es or []
        }
        found: dict[tuple, list[dict[str, Any]]] = {}
        for m in (docs.get(stem) or {}).get("metrics") or []:
            if isinstance(m, dict) and isinstance(m.get("value"), (int, float)):
                found.setdefault(score.metric_key(m), []).append(m)
        for g in json.loads(side.read_text(encoding="utf-8"))["figures"]:
            hits = found.get(score.metric_key(g))
            if not hits:
                continue
            ok = any(m.get("measure_id") == g["measure_id"] for m in hits)
            tally["measure_id"][0] += ok
            tally["measure_id"][1] += 1
            if g["measure_id"] is not None:
                tally["measure_id_named"][0] += ok
                tally["measure_id_named"][1] += 1
            want = g.get("subject_entity")
            if want is None:
                ok = any(m.get("subject_entity") is None for m in hits)
            else:
                names = forms.get((want["type"], want["name"]), {score.norm(want["name"])})
                ok = any(
                    isinstance(s := m.get("subject_entity"), dict)
                    and s.get("type") == want["type"]
                    and score.norm(s.get("name") or "") in names
                    for m in hits
                )
            tally["subject"][0] += ok
            tally["subject"][1] += 1
    return {k: {"accuracy": round(a / n, 4) if n else None, "right": a, "of": n} for k, (a, n) in tally.items()}


def header() -> str:
    return (
        f"{'set':<26} {'found':>5}  {'measure_id':>10}  {'(gold id)':>10}  {'subject':>8}"
        "   (accuracy over the labelled gold figures found; issue #12 targets 0.90 / 0.85)"
    )


def row(name: str, r: dict[str, Any]) -> str:
    def cell(k: str) -> str:
        a = r[k]["accuracy"]
        return "–" if a is None else f"{a:.3f}"

    return (
        f"{name:<26} {r['measure_id']['of']:>5}  {cell('measure_id'):>10}  {cell('measure_id_named'):>10}  "
        f"{cell('subject'):>8}"
    )
