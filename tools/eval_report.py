"""``make eval``: score extraction on every labelled set, the micro-average
over the held-out sets, and the errors by category.

Runs ``docpipe extract`` once over every article (one process, resources
loaded once), then scores each set with the shared scorer's own functions
(``../shared/eval/score.py``, imported from its path, so the figures are the
ones ``score.py`` prints). The micro-average pools every held-out article
(``tests/heldout*``) as if it were one set. The error summary sorts every
entity miss and false find into:

- boundary: a found name that is not a gold form but overlaps one of the same
  type (a substring or superstring: 华为 / 华为技术有限公司), and the gold
  entity it overlaps;
- type: a found name that is a gold form of another type (苏州工业园区 found as
  an organization), and that gold entity;
- spurious: any other found name;
- missing: any other gold entity;

and every metric miss and false find into value (a found figure whose value
matches a gold one but not its unit, classifier or range) or missing/spurious.

It also scores the publication date the pipeline gives (``published_at``, read
from the text: every relative period depends on it) against the gold's: the
same day where the gold gives a full date, the same month where it gives a
month, and a gold null is right only when the pipeline gives null too. Its
misses are missing (no date found), wrong (another date) or spurious (a date
where the gold has none).

    python tools/eval_report.py                 # every set
    python tools/eval_report.py --sets tests/heldout5 --errors
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import measures_eval

from docpipe.wordlists import load_list

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_SETS = (
    "seeds",
    "tests/heldout",
    "tests/heldout2",
    "tests/heldout3",
    "tests/heldout4",
    "tests/heldout5",
    "tests/heldout6",
    "tests/heldout7",
    "tests/heldout8",
    "tests/heldout9",
    "tests/heldout10",
    "tests/heldout11",
    "tests/heldout12",
    "tests/heldout13",
    "tests/heldout14",
    "tests/heldout15",
    "tests/heldout16",
    "tests/heldout17",
    "tests/heldout18",
    "tests/heldout19",
    "tests/heldout20",
    "tests/heldout21",
    "tests/heldout22",
    "tests/heldout23",
    "tests/dev_real",
)


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("docpipe_shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"eval_report: no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class LabelledSet:
    name: str
    articles: list[Path]
    gold: list[Path]
    held_out: bool

    @classmethod
    def at(cls, name: str) -> LabelledSet | None:
        if name == "seeds":
            articles, gold = ROOT / "seeds", SHARED / "eval" / "gold"
        else:
            articles, gold = ROOT / name / "articles", ROOT / name / "gold"
        if not articles.is_dir() or not gold.is_dir():
            return None
        return cls(
            name,
            sorted(articles.glob("*.txt")),
            sorted(gold.glob("*.gold.json")),
            held_out=Path(name).name.startswith("heldout"),
        )


@dataclass
class Errors:
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, category) -> n
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, etype: str, category: str, example: str) -> None:
        self.counts[(etype, category)] += 1
        self.examples.setdefault((etype, category), []).append(example)


def extract(articles: list[Path], docpipe: str) -> dict[str, dict[str, Any]]:
    """stem -> processed document, for every article (one docpipe process)."""
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl", delete=False) as out:
        subprocess.run([docpipe, "extract", "-q", *map(str, articles)], stdout=out, check=True)
        out.seek(0)
        rows = [json.loads(line) for line in out if line.strip()]
    return {Path(r["source"]).stem: r.get("document") or {} for r in rows}


def entity_errors(score: ModuleType, gold: dict[str, Any], doc: dict[str, Any], errors: Errors, stem: str) -> None:
    norm = score.norm
    found = {
        (e.get("type"), norm(e.get("name") or e.get("text") or ""))
        for e in doc.get("entities") or []
        if isinstance(e, dict)
    }
    found.discard((None, ""))
    forms_by_type = {
        t: [({norm(g["name"]), *(norm(a) for a in g.get("aliases") or [])}, g["name"]) for g in gold.get(t) or []]
        for t in score.ENTITY_TYPES
    }
    for etype in score.ENTITY_TYPES:
        names = {n for t, n in found if t == etype and n}
        forms = forms_by_type[etype]
        hit = [any(n in f for n in names) for f, _ in forms]
        explained: set[int] = set()
        for n in sorted(names):
            if any(n in f for f, _ in forms):
                continue
            overlap = [i for i, (f, _) in enumerate(forms) if not hit[i] and any(n in x or x in n for x in f)]
            other = [t for t in score.ENTITY_TYPES if t != etype and any(n in f for f, _ in forms_by_type[t])]
            if other:
                errors.add(etype, "type", f"{stem}: {n} (gold {other[0]})")
            elif overlap:
                explained.update(overlap)
                errors.add(etype, "boundary", f"{stem}: {n} ~ {forms[overlap[0]][1]}")
            else:
                errors.add(etype, "spurious", f"{stem}: {n}")
                if etype == "person" and _in_a_byline(doc, n, norm):
                    errors.add(etype, "spurious_byline", f"{stem}: {n}")
        for i, (f, name) in enumerate(forms):
            if hit[i] or i in explained:
                continue
            as_other = [t for t, n in found if t != etype and n in f]
            if as_other:
                continue  # counted once, as the found name's type error
            errors.add(etype, "missing", f"{stem}: {name}")


def metric_errors(
    score: ModuleType, gold: list[dict[str, Any]], doc: dict[str, Any], errors: Errors, stem: str
) -> None:
    required = [g for g in gold if not g.get("optional")]
    optional = {score.metric_key(g) for g in gold if g.get("optional")}
    gold_keys = {score.metric_key(g): g for g in required}
    pred = {
        score.metric_key(m): m
        for m in doc.get("metrics") or []
        if isinstance(m, dict) and isinstance(m.get("value"), (int, float))
    }
    pred_keys = set(pred) - optional
    missed = [k for k in gold_keys if k not in pred_keys]
    false = [k for k in pred_keys if k not in gold_keys]
    false_values = {score.sig(k[1]) for k in false}
    missed_values = {score.sig(k[1]) for k in missed}
    for k in missed:
        category = "unit" if score.sig(k[1]) in false_values else "missing"
        errors.add("metric", category, f"{stem}: {gold_keys[k].get('text')} = {k}")
    for k in false:
        if score.sig(k[1]) in missed_values:
            continue  # counted once, with the gold figure
        errors.add("metric", "spurious", f"{stem}: {pred[k].get('text')} = {k}")


def published_at_miss(gold: str | None, found: str | None) -> str | None:
    """None when the pipeline's publication date agrees with the gold's, else
    the kind of miss: a gold ``YYYY-MM-DD`` needs that day, a gold ``YYYY-MM``
    that month (``YYYY`` that year); a gold null needs no date at all."""
    found = (found or "").strip() or None
    if gold is None or not str(gold).strip():
        return "spurious" if found else None
    gold = str(gold).strip()
    if found is None:
        return "missing"
    return None if found[: len(gold)] == gold and (len(found) == len(gold) or found[len(gold)] in "-T ") else "wrong"


def published_at_errors(gold: dict[str, Any], doc: dict[str, Any], errors: Errors, stem: str) -> bool | None:
    """Whether the document's ``published_at`` is right (None: the gold states none, not even null)."""
    if "published_at" not in gold:
        return None
    miss = published_at_miss(gold["published_at"], doc.get("published_at"))
    if miss:
        errors.add("published_at", miss, f"{stem}: gold {gold['published_at']} found {doc.get('published_at')}")
    return miss is None


def score_set(
    score: ModuleType, gold_files: list[Path], docs: dict[str, dict[str, Any]], errors: Errors
) -> dict[str, Any]:
    metrics, tallies = score.Tally(), {t: score.Tally() for t in score.ENTITY_TYPES}
    attr = {"qualifier": [0, 0], "period": [0, 0], "published_at": [0, 0]}
    offsets = 0
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        stem = Path(gold["article"]).stem
        doc = docs.get(stem, {})
        log: list[str] = []
        score.score_metrics(gold.get("metrics") or [], doc.get("metrics") or [], metrics, attr, log)
        score.score_entities(gold.get("entities") or {}, doc.get("entities") or [], tallies, log)
        offsets += score.check_offsets(doc)
        entity_errors(score, gold.get("entities") or {}, doc, errors, stem)
        metric_errors(score, gold.get("metrics") or [], doc, errors, stem)
        right = published_at_errors(gold, doc, errors, stem)
        if right is not None:
            attr["published_at"][0] += right
            attr["published_at"][1] += 1
    return {
        "articles": len(gold_files),
        "metrics": metrics.prf(),
        "qualifier_accuracy": round(attr["qualifier"][0] / attr["qualifier"][1], 4) if attr["qualifier"][1] else None,
        "period_accuracy": round(attr["period"][0] / attr["period"][1], 4) if attr["period"][1] else None,
        "published_at_accuracy": (
            round(attr["published_at"][0] / attr["published_at"][1], 4) if attr["published_at"][1] else None
        ),
        "published_at": {"right": attr["published_at"][0], "of": attr["published_at"][1]},
        "entities": {t: tallies[t].prf() for t in score.ENTITY_TYPES},
        "offset_violations": offsets,
    }


COLUMNS = ("metrics", "qual", "period", "pubdate", "region", "park", "organization", "person", "industry", "document")


def row(name: str, s: dict[str, Any]) -> str:
    cells = [f"{s['metrics']['f1']:.3f}", _fmt(s["qualifier_accuracy"]), _fmt(s["period_accuracy"])]
    cells.append(_fmt(s.get("published_at_accuracy")))
    cells += [
        f"{s['entities'][t]['f1']:.3f}"
        if s["entities"][t]["tp"] + s["entities"][t]["fn"] + s["entities"][t]["fp"]
        else "  –  "
        for t in ("region", "park", "organization", "person", "industry", "document")
    ]
    return f"{name:<26} {s['articles']:>3}  " + "  ".join(f"{c:>7}" for c in cells)


def _fmt(v: float | None) -> str:
    return "  –  " if v is None else f"{v:.3f}"


# A byline's label (记者, 作者 …) this close before a name on its line: the
# shared seeds' gold labels such a reporter a person (本报记者 李争粉), the
# held-out sets' gold does not, so a found byline name is counted apart.
_BYLINE_LABELS = tuple(load_list("persons/byline_labels.txt"))
_BYLINE_REACH = 12


def _in_a_byline(doc: dict[str, Any], name: str, norm: Any) -> bool:
    """Whether a mention of the found person ``name`` follows a byline label
    on its line (within ``_BYLINE_REACH`` characters)."""
    text = doc.get("clean_text") or ""
    for e in doc.get("entities") or []:
        if not isinstance(e, dict) or e.get("type") != "person" or norm(e.get("name") or e.get("text") or "") != name:
            continue
        start = e.get("start")
        if not isinstance(start, int):
            continue
        before = text[max(0, start - _BYLINE_REACH) : start].rsplit("\n", 1)[-1]
        if any(label in before for label in _BYLINE_LABELS):
            return True
    return False


def print_errors(title: str, errors: Errors, examples: int, unseen_stems: frozenset[str] = frozenset()) -> None:
    """The counts by type and category, then up to ``examples`` examples of
    each; never an example from an article of ``unseen_stems`` (the sets kept
    unseen for honest estimates: reading their misses would flatter them)."""
    print(f"\n{title}")
    kinds = ("metric", "region", "park", "organization", "person", "industry", "document")
    cats = ("missing", "spurious", "boundary", "type", "unit")
    print(f"  {'':<13}" + "".join(f"{c:>10}" for c in cats))
    for k in kinds:
        print(f"  {k:<13}" + "".join(f"{errors.counts.get((k, c), 0):>10}" for c in cats))
    print(
        f"  person spurious after a byline label (记者/作者 X: the seeds' gold labels these, the held-out "
        f"sets' gold does not): {errors.counts.get(('person', 'spurious_byline'), 0)} "
        f"of {errors.counts.get(('person', 'spurious'), 0)}"
    )
    pub = {c: errors.counts.get(("published_at", c), 0) for c in ("missing", "wrong", "spurious")}
    print(
        f"  published_at: {pub['missing']} missing (no date found), {pub['wrong']} wrong date, "
        f"{pub['spurious']} spurious (a date where the gold has none)"
    )
    if examples:
        if unseen_stems:
            print("  (examples only from the tuning sets: the unseen sets' misses are not printed)")
        for (k, c), items in sorted(errors.examples.items()):
            shown = [e for e in items if e.split(": ", 1)[0] not in unseen_stems][:examples]
            if shown:
                print(f"  {k} {c}: " + " | ".join(shown))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="tools/eval_report.py", description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", default=list(DEFAULT_SETS), help="labelled sets (default: all)")
    ap.add_argument("--docpipe", default=str(ROOT / ".venv" / "bin" / "docpipe"))
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="print N examples per error category")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)

    score = load_scorer(args.scorer)
    sets = [s for s in (LabelledSet.at(name) for name in args.sets) if s is not None]
    docs = extract([a for s in sets for a in s.articles], args.docpipe)
    print(
        f"{'set':<26} {'n':>3}  " + "  ".join(f"{c[:7]:>7}" for c in COLUMNS) + "   (F1; qual/period/pubdate: accuracy)"
    )
    results: dict[str, Any] = {}
    held_out_errors = Errors()
    for s in sets:
        errors = Errors()
        results[s.name] = score_set(score, s.gold, docs, errors)
        print(row(s.name, results[s.name]))
    held = [s for s in sets if s.held_out]
    if held:
        pooled = score_set(score, [g for s in held for g in s.gold], docs, held_out_errors)
        results["held-out micro-average"] = pooled
        print(row("held-out micro-average", pooled))
        print_errors(
            f"errors over the held-out sets ({', '.join(s.name for s in held)}), by category:",
            held_out_errors,
            args.errors,
            frozenset(Path(a).stem for s in held if measures_eval.UNSEEN.search(s.name) for a in s.articles),
        )
    labelled = [s for s in sets if measures_eval.has_labels(s.name)]
    if labelled:
        print("\n" + measures_eval.header())
        for s in labelled:
            results[s.name]["measures"] = measures_eval.score_set(score, s.name, s.gold, docs)
            print(measures_eval.row(s.name, results[s.name]["measures"]))
    bad = sum(r["offset_violations"] for r in results.values())
    if bad:
        print(f"\noffset violations (clean_text[start:end] != text): {bad}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
