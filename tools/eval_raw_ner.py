"""Raw entity tags of FoolNLTK (ONNX) and of plain LAC against the gold names.

    .venv/bin/python tools/eval_raw_ner.py            # tables
    .venv/bin/python tools/eval_raw_ner.py --json     # one JSON object

"Raw": each model's tags as they come, no rules on top. Per labelled set
(the seeds with ``/work/shared/eval/gold``, and ``tests/heldout*``) and over
all of them: precision, recall and F1 of

- organizations: FoolNLTK's company + organization, LAC's ORG;
- persons: FoolNLTK's person, LAC's PER;
- regions: FoolNLTK's location, LAC's LOC;

against the gold organization / person / region names, matched as
``/work/shared/eval/score.py`` matches (its own function is used: distinct
names, a name matches a gold ``name`` or alias after NFKC and without
spaces). Then FoolNLTK's organizations kept only above a few span scores,
the speed of each (characters per CPU second in this process, models loaded,
best of three; both sessions are single-threaded, so that is one core), and
the resident memory a fresh process gains by loading FoolNLTK's model and
then using it (measured in a child process).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path("/work/shared")
SETS = {
    "seeds": (SHARED / "seeds", SHARED / "eval" / "gold"),
    **{
        n: (REPO / "tests" / n / "articles", REPO / "tests" / n / "gold")
        for n in ("heldout", "heldout2", "heldout3", "heldout4")
    },
}
# gold entity type -> (FoolNLTK labels, LAC tags)
TYPES = {
    "organization": ({"company", "organization"}, {"ORG"}),
    "person": ({"person"}, {"PER"}),
    "region": ({"location"}, {"LOC"}),
}
THRESHOLDS = (0.5, 0.7, 0.9)


def _scorer():
    spec = importlib.util.spec_from_file_location("eval_score", SHARED / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def articles() -> list[tuple[str, str, dict]]:
    """(set name, text, gold entities) of every labelled article."""
    out = []
    for name, (texts, golds) in SETS.items():
        for gold_path in sorted(golds.glob("*.gold.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = (texts / gold["article"]).read_text(encoding="utf-8")
            out.append((name, text, gold.get("entities") or {}))
    return out


def fool_names(text_spans, min_score: float = 0.0) -> dict[str, list[str]]:
    text, spans = text_spans
    return {
        etype: [text[s.start : s.end] for s in spans if s.label in fool and s.score >= min_score]
        for etype, (fool, _) in TYPES.items()
    }


def lac_names(words) -> dict[str, list[str]]:
    return {etype: [w.text for w in words if w.tag in lac] for etype, (_, lac) in TYPES.items()}


def score(score_mod, docs: list[tuple[str, dict, dict[str, list[str]]]]) -> dict:
    """{set or "all": {type: prf}} for (set, gold, predicted names) per article."""
    tallies: dict[str, dict] = {}
    for set_name, gold, names in docs:
        pred = [{"type": etype, "name": n} for etype in TYPES for n in names[etype]]
        keys = (set_name, "heldout1-4", "all") if set_name.startswith("heldout") else (set_name, "all")
        for key in keys:
            per_type = tallies.setdefault(key, {t: score_mod.Tally() for t in score_mod.ENTITY_TYPES})
            score_mod.score_entities(gold, pred, per_type, [])
    return {k: {t: per_type[t].prf() for t in TYPES} for k, per_type in tallies.items()}


def cpu_speed(fn: Callable[[], object], chars: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return chars / best


def rss_child() -> None:
    """In a fresh process: RSS after the imports, after loading, after a first call."""
    import psutil

    from services.extract import foolnltk

    texts = [text for _, text, _ in articles()]
    proc = psutil.Process()
    base = proc.memory_info().rss
    foolnltk.load_resources()
    loaded = proc.memory_info().rss
    for text in texts:
        foolnltk.tag([text])
    per_article = proc.memory_info().rss
    foolnltk.tag(texts)
    all_at_once = proc.memory_info().rss
    mb = 2**20
    print(
        json.dumps(
            {
                "after_imports_mb": base / mb,
                "load_mb": (loaded - base) / mb,
                "then_one_article_per_call_mb": (per_article - base) / mb,
                "then_all_in_one_call_mb": (all_at_once - base) / mb,
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rss_child:
        rss_child()
        return

    from services.extract import foolnltk, ner

    score_mod = _scorer()
    docs = articles()
    texts = [t for _, t, _ in docs]
    chars = sum(map(len, texts))
    foolnltk.load_resources()
    ner.load_resources()

    fool = foolnltk.tag(texts)
    lac = [ner.analyse(t) for t in texts]
    result: dict[str, object] = {
        "articles": len(docs),
        "characters": chars,
        "foolnltk": score(score_mod, [(s, g, fool_names((t, sp))) for (s, t, g), sp in zip(docs, fool, strict=False)]),
        "lac": score(score_mod, [(s, g, lac_names(w)) for (s, _, g), w in zip(docs, lac, strict=False)]),
        "foolnltk_by_min_score": {
            str(th): score(
                score_mod, [(s, g, fool_names((t, sp), th)) for (s, t, g), sp in zip(docs, fool, strict=False)]
            )["all"]
            for th in THRESHOLDS
        },
        "chars_per_cpu_s": {
            "foolnltk_all_articles_in_one_call": cpu_speed(lambda: foolnltk.tag(texts), chars),
            "foolnltk_one_article_per_call": cpu_speed(lambda: [foolnltk.tag([t]) for t in texts], chars),
            "lac_analyse_one_article_per_call": cpu_speed(lambda: [ner.analyse(t) for t in texts], chars),
        },
    }
    child = subprocess.run(
        [sys.executable, __file__, "--rss-child"], capture_output=True, text=True, check=True, cwd=REPO
    )
    result["rss"] = json.loads(child.stdout)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    _print(result)


def _print(r: dict) -> None:
    print(f"{r['articles']} articles, {r['characters']} characters\n")
    for key in [*SETS, "heldout1-4", "all"]:
        for etype in TYPES:
            f, lac = r["foolnltk"][key][etype], r["lac"][key][etype]
            print(f"{key:9} {etype:12} FoolNLTK {_prf(f)}   LAC {_prf(lac)}")
    print()
    for th, per_type in r["foolnltk_by_min_score"].items():
        print(f"FoolNLTK, score >= {th}: " + "  ".join(f"{t} {_prf(per_type[t])}" for t in TYPES))
    print()
    for name, v in r["chars_per_cpu_s"].items():
        print(f"{name:36} {v:9,.0f} chars/CPU-s")
    rss = r["rss"]
    print(
        f"RSS over a process with the imports done ({rss['after_imports_mb']:.0f} MB): +{rss['load_mb']:.1f} MB "
        f"loading FoolNLTK, +{rss['then_one_article_per_call_mb']:.1f} MB after tagging the articles one per call, "
        f"+{rss['then_all_in_one_call_mb']:.1f} MB after then tagging all in one call"
    )


def _prf(s: dict) -> str:
    return f"P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} ({s['tp']}/{s['fp']}/{s['fn']})"


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
