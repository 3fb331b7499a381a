"""Train the extract stage's character CRF (``services/extract/crf.py``) on
the tuning sets' gold, choose its settings by leave-one-set-out
cross-validation, and export the weights for the numpy runtime.

python-crfsuite is needed here only (``tools/train/requirements.txt``): when
it cannot be imported, this script installs it with pip ``--target`` into
``$DOCPIPE_TRAIN_CACHE`` (default ``~/.cache/docpipe/train``), never into
the project's venv, and reads it from there.

    python tools/train_crf.py dump          # analyse every tuning article once (cache)
    python tools/train_crf.py cv            # leave-one-set-out CV: per set, the pipeline before/after
    python tools/train_crf.py train         # final model on every tuning set -> shared/docpipe/data/models/crf/

Labels: each gold organization, park and industry name and alias is
projected onto the article's clean text (longest form first, every
occurrence, never overlapping one already taken), B-/I- per type.
Features: ``crf.keys`` (the same code the runtime runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# The repository (tools.eval_report) and tools/ (eval_report imports measures_eval by its bare name).
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from docpipe.document import Entity, EntityType  # noqa: E402
from docpipe.ingest import new_document  # noqa: E402
from docpipe.pipeline import default_stages  # noqa: E402
from services.extract import crf, keep_model, recognisers  # noqa: E402
from services.extract.candidates import Candidate  # noqa: E402
from services.extract.resolver import resolve  # noqa: E402
from tools import eval_report  # noqa: E402

TUNING_SETS = (
    "seeds",
    "tests/heldout",
    "tests/heldout2",
    "tests/heldout3",
    "tests/heldout4",
    "tests/heldout5",
    "tests/heldout9",
    "tests/heldout10",
    "tests/heldout12",
    "tests/heldout13",
    "tests/heldout14",
    "tests/heldout15",
    "tests/dev_real",
)
TYPES = ("organization", "park", "industry")
SCORED = ("region", "park", "organization", "person", "industry", "document")
CACHE = Path(os.environ.get("DOCPIPE_TRAIN_CACHE", Path.home() / ".cache" / "docpipe" / "train"))
REQUIREMENTS = ROOT / "tools" / "train" / "requirements.txt"
OUT = ROOT / "shared" / "docpipe" / "data" / "models" / "crf"


def crfsuite() -> Any:
    """python-crfsuite, installed into the cache dir when missing."""
    try:
        return importlib.import_module("pycrfsuite")
    except ImportError:
        pass
    target = CACHE / "site-packages"
    if str(target) not in sys.path:
        sys.path.append(str(target))
    try:
        return importlib.import_module("pycrfsuite")
    except ImportError:
        # The file also lists the keep model's trainer (tools/train_filter.py): take our line only.
        pins = [ln.split("#")[0].strip() for ln in REQUIREMENTS.read_text().splitlines()]
        pin = next(p for p in pins if p.startswith("python-crfsuite"))
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), pin], check=True)
        importlib.invalidate_caches()
        return importlib.import_module("pycrfsuite")


@dataclass
class Doc:
    set: str
    stem: str
    text: str
    analysis: Any
    rules: list[Candidate]  # every recogniser's candidates but the CRF's
    gold: dict[str, Any]


def dump(sets: tuple[str, ...]) -> None:
    """Segment and analyse every tuning article once; pickle to the cache."""
    stages = [s for s in default_stages()]
    upto = [s for s in stages[: [s.name for s in stages].index("extract")]]
    for s in stages:
        if s.warm_up is not None and s.name != "normalize":
            s.warm_up()
    from docpipe.ingest import decode_bytes

    docs: list[Doc] = []
    for name in sets:
        ls = eval_report.LabelledSet.at(name)
        assert ls is not None, name
        gold = {}
        for g in ls.gold:
            data = json.loads(g.read_text(encoding="utf-8"))
            gold[Path(data["article"]).stem] = data.get("entities") or {}
        for path in ls.articles:
            doc = new_document(decode_bytes(path.read_bytes()))
            for st in upto:
                doc = st.run(doc)
            text = doc.clean_text or ""
            analysis, found = recognisers.run(text)
            rules = [c for c in found if c.source != "crf"]
            docs.append(Doc(name, path.stem, text, analysis, rules, gold.get(path.stem, {})))
        print(f"dump: {name}: {len(ls.articles)} articles", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "crf_docs.pkl", "wb") as f:
        pickle.dump([vars(d) for d in docs], f)


def load_docs() -> list[Doc]:
    with open(CACHE / "crf_docs.pkl", "rb") as f:
        return [Doc(**d) for d in pickle.load(f)]


def project(text: str, gold: dict[str, Any], types: tuple[str, ...] = TYPES) -> tuple[list[str], int, int]:
    """B-/I- tags of ``text`` from the gold's names and aliases (longest
    form first, every occurrence, never over a character already tagged),
    and how many gold entities were found / not found in the text."""
    tags = ["O"] * len(text)
    forms: list[tuple[str, str]] = []
    found = missing = 0
    for t in types:
        for e in gold.get(t) or []:
            names = {e["name"], *(e.get("aliases") or [])}
            names = {n for n in names if n}
            if any(n in text for n in names):
                found += 1
            else:
                missing += 1
            forms.extend((n, t) for n in names)
    taken = bytearray(len(text))
    for form, t in sorted(set(forms), key=lambda p: (-len(p[0]), p[0], p[1])):
        i = text.find(form)
        while i >= 0:
            j = i + len(form)
            if not any(taken[i:j]):
                taken[i:j] = b"\x01" * len(form)
                tags[i] = f"B-{t}"
                for k in range(i + 1, j):
                    tags[k] = f"I-{t}"
            i = text.find(form, i + 1)
    return tags, found, missing


def sequences(doc: Doc) -> list[tuple[list[list[str]], list[str], tuple[int, int]]]:
    """The document's rows as crfsuite item sequences, with their gold tags."""
    k = crf.keys(doc.analysis, doc.rules)
    tags, _, _ = project(doc.text, doc.gold)
    out = []
    for s, e in crf.rows(doc.text):
        xs = [[crf.attribute(t, int(v)) for t, v in enumerate(k[:, i]) if v != crf._NO_KEY] for i in range(s, e)]
        out.append((xs, tags[s:e], (s, e)))
    return out


def train(docs: list[Doc], model_path: Path, c1: float, c2: float, iterations: int, minfreq: float) -> None:
    pycrfsuite = crfsuite()
    trainer = pycrfsuite.Trainer(verbose=False)
    for d in docs:
        for xs, ys, _ in sequences(d):
            trainer.append(xs, ys)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.minfreq": minfreq})
    trainer.train(str(model_path))


def export(model_path: Path, out: Path, meta: dict[str, Any]) -> None:
    """crfsuite's weights -> one npz: the sorted key table, its weight rows, the transitions."""
    pycrfsuite = crfsuite()
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    info = tagger.info()
    labels = ["O", *sorted(lab for lab in tagger.labels() if lab != "O")]
    lid = {lab: i for i, lab in enumerate(labels)}
    rows: dict[int, np.ndarray] = {}
    for (attr, label), w in info.state_features.items():
        t, _, key = attr.partition(":")
        combined = (int(t) << crf._KEY_BITS) | int(key)
        rows.setdefault(combined, np.zeros(len(labels), dtype=np.float64))[lid[label]] = w
    table = np.array(sorted(rows), dtype=np.int64)
    weights = np.stack([rows[k] for k in table]).astype(np.float32) if len(table) else np.zeros((0, len(labels)))
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        trans[lid[a], lid[b]] = w
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        labels=np.array(json.dumps(labels)),
        table=table,
        weights=weights,
        transitions=trans,
        meta=np.array(json.dumps(meta, ensure_ascii=False)),
    )
    crf._load.cache_clear()


# How the CRF's spans enter the pipeline (chosen by CV).
VARIANTS = ("add", "add_new", "support", "confirm", "add_new+support", "add_new+confirm")


def apply(
    variant: str, doc: Doc, crf_spans: list[tuple[int, int, str]], probs: np.ndarray | None = None
) -> list[Entity]:
    """The document's entities with the CRF's spans entering the pipeline as
    ``variant`` says: parts joined by ``+``, each ``op[@threshold][:type,type]``
    (default: organization, park, industry). ``add`` the CRF's spans as
    candidates; ``add_new`` only those no rule candidate overlaps (with a
    threshold: whose mean probability of being inside the type is at least
    it); ``support`` its organizations as corroboration; ``confirm`` drops
    the rules' candidates of the types where no CRF span of the same type
    overlaps (with a threshold: where no character's probability of being
    inside the type reaches it)."""
    a = doc.analysis
    rules = list(doc.rules)
    support = recognisers.organization_support(a)
    extra: list[Candidate] = []
    for part in variant.split("+"):
        head, _, ts = part.partition(":")
        op, _, th = head.partition("@")
        theta = float(th) if th else None
        types = set(ts.split(",")) if ts else set(TYPES)
        mine = [(s, e, t) for s, e, t in crf_spans if t in types and doc.text[s:e].strip() == doc.text[s:e]]
        if theta is not None and probs is not None and op in ("add", "add_new", "support"):
            mine = [(s, e, t) for s, e, t in mine if float(probs[s:e, TYPES.index(t)].mean()) >= theta]
        cands = [
            Candidate(
                Entity(type=cast(EntityType, t), text=doc.text[s:e], name=doc.text[s:e], start=s, end=e), "crf", 1.0
            )
            for s, e, t in mine
        ]
        if op == "add":
            extra += cands
        elif op == "add_new":
            extra += [c for c in cands if not any(r.start < c.end and c.start < r.end for r in doc.rules)]
        elif op == "support":
            support = support + [(s, e) for s, e, t in mine if t == "organization"]
        elif op == "confirm" and theta is not None and probs is not None:
            rules = [
                r
                for r in rules
                if r.type not in types
                or r.end <= r.start
                or float(probs[r.start : r.end, TYPES.index(r.type)].max()) >= theta
            ]
        elif op == "confirm":
            rules = [
                r
                for r in rules
                if r.type not in types or any(s < r.end and r.start < e and t == r.type for s, e, t in mine)
            ]
    entities = resolve(
        rules + extra,
        a.chrome,
        recognisers.READS_TITLES,
        support=support,
        corroborate=recognisers.CORROBORATED,
        text=doc.text,
    )
    return keep_model.judge(a, rules + extra, entities)  # the stage's step after the resolver


def score(score_mod: Any, docs: list[Doc], entities: dict[str, list[Entity]]) -> dict[str, tuple[int, int, int]]:
    tallies = {t: score_mod.Tally() for t in score_mod.ENTITY_TYPES}
    for d in docs:
        pred = [{"type": e.type, "name": e.name} for e in entities[d.stem]]
        score_mod.score_entities(d.gold, pred, tallies, [])
    return {t: (tallies[t].tp, tallies[t].fp, tallies[t].fn) for t in SCORED}


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def cv(args: argparse.Namespace) -> None:
    """Per left-out set: train on the others, tag the set; the tags go to the cache (``variants`` scores them)."""
    docs = load_docs()
    sets = list(dict.fromkeys(d.set for d in docs))
    tagged: dict[str, list[tuple[int, int, str]]] = {}
    probs: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for held in sets:
            mpath = Path(tmp) / "fold.crfsuite"
            train([d for d in docs if d.set != held], mpath, args.c1, args.c2, args.iterations, args.minfreq)
            npz = Path(tmp) / "fold.npz"
            export(mpath, npz, {})
            model = crf.load(npz)
            for d in docs:
                if d.set == held:
                    tagged[f"{d.set}/{d.stem}"] = crf.spans(crf.tag(model, d.analysis, d.rules))
                    probs[f"{d.set}/{d.stem}"] = inside(model, d).astype(np.float16)
            print(f"cv: {held} tagged", file=sys.stderr, flush=True)
    out = CACHE / f"crf_cv_{args.name}.json"
    out.write_text(json.dumps(tagged, ensure_ascii=False))
    with open(CACHE / f"crf_cv_{args.name}.probs.pkl", "wb") as f:
        pickle.dump(probs, f)
    variants(argparse.Namespace(name=args.name, variants=list(VARIANTS)))


def inside(model: crf.Model, d: Doc) -> np.ndarray:
    """(chars, TYPES) probability that each character is inside an entity of each type."""
    if not d.text:
        return np.zeros((0, len(TYPES)))
    p = crf.marginals(model, crf.keys(d.analysis, d.rules), crf.rows(d.text))
    return np.stack(
        [
            sum((p[:, i] for i, lab in enumerate(model.labels) if lab.endswith("-" + t)), np.zeros(len(d.text)))
            for t in TYPES
        ],
        axis=1,
    )


def variants(args: argparse.Namespace) -> None:
    """Score the pipeline before and with the CRF's CV tags entering it each way, per set and pooled."""
    score_mod = eval_report.load_scorer(eval_report.SHARED / "eval" / "score.py")
    docs = load_docs()
    tagged = json.loads((CACHE / f"crf_cv_{args.name}.json").read_text())
    probs_path = CACHE / f"crf_cv_{args.name}.probs.pkl"
    probs: dict[str, np.ndarray] = {}
    if probs_path.exists():
        with open(probs_path, "rb") as f:
            probs = pickle.load(f)
    by_set: dict[str, list[Doc]] = {}
    for d in docs:
        by_set.setdefault(d.set, []).append(d)
    names = ["before", "crf_only", *args.variants]
    totals: dict[str, Counter[tuple[str, int]]] = {v: Counter() for v in names}
    for held, group in by_set.items():
        print(held)
        spans_of = {d.stem: [tuple(x) for x in tagged[f"{d.set}/{d.stem}"]] for d in group}
        for v in names:
            if v == "crf_only":
                ents = {
                    d.stem: [
                        Entity(type=cast(EntityType, t), text=d.text[s:e], name=d.text[s:e], start=s, end=e)
                        for s, e, t in spans_of[d.stem]
                    ]
                    for d in group
                }
            else:
                ents = {d.stem: apply(v, d, spans_of[d.stem], probs.get(f"{d.set}/{d.stem}")) for d in group}
            r = score(score_mod, group, ents)
            for t, (tp, fp, fn) in r.items():
                totals[v][(t, 0)] += tp
                totals[v][(t, 1)] += fp
                totals[v][(t, 2)] += fn
            print(f"  {v:<22} " + " ".join(f"{t[:3]}={f1(*r[t]):.3f}({r[t][0]}/{r[t][1]}/{r[t][2]})" for t in SCORED))
    print("\npooled over the tuning sets:")
    for v, c in totals.items():
        print(
            f"  {v:<22} "
            + " ".join(
                f"{t[:3]}={f1(c[(t, 0)], c[(t, 1)], c[(t, 2)]):.3f}({c[(t, 0)]}/{c[(t, 1)]}/{c[(t, 2)]})"
                for t in SCORED
            )
        )


def final(args: argparse.Namespace) -> None:
    docs = load_docs()
    found = missing = 0
    for d in docs:
        _, f, m = project(d.text, d.gold)
        found, missing = found + f, missing + m
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        mpath = Path(tmp) / "all.crfsuite"
        train(docs, mpath, args.c1, args.c2, args.iterations, args.minfreq)
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        meta = {
            "what": "character CRF over the extract stage's signals (services/extract/crf.py)",
            "made_by": "tools/train_crf.py train",
            "trainer": "python-crfsuite 0.9.12 (L-BFGS)",
            "params": {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "minfreq": args.minfreq},
            "source": {"sets": sorted({d.set for d in docs}), "articles": len(docs), "commit": commit},
            "licence": "trained on this repository's own gold labels (tuning sets)",
            "date": dt.date.today().isoformat(),
            "gold_entities_projected": found,
            "gold_entities_not_in_text": missing,
        }
        export(mpath, OUT / "crf.npz", meta)
        # crfsuite's own tags of a few short rows of tuning articles, with their keys: the unit test
        # checks the numpy emissions and decode against them.
        tagger = crfsuite().Tagger()
        tagger.open(str(mpath))
        samples = []
        for d in docs[:: max(1, len(docs) // 8)][:8]:
            k = crf.keys(d.analysis, d.rules)
            row = [(s, e) for s, e in crf.rows(d.text) if 20 <= e - s <= 80 and d.text[s:e].strip()]
            rules_here = [r for r in row if any(r[0] <= c.start < r[1] for c in d.rules if c.type in TYPES)]
            for s, e in (rules_here or row)[:1]:
                xs = [
                    [crf.attribute(t, int(v)) for t, v in enumerate(k[:, i]) if v != crf._NO_KEY] for i in range(s, e)
                ]
                tags = tagger.tag(xs)
                probs = [round(tagger.marginal(y, i), 6) for i, y in enumerate(tags)]
                samples.append({"text": d.text[s:e], "keys": k[:, s:e].tolist(), "tags": tags, "marginals": probs})
        (OUT / "crf_samples.json").write_text(json.dumps(samples, ensure_ascii=False) + "\n")
    digest = hashlib.sha256((OUT / "crf.npz").read_bytes()).hexdigest()
    meta["sha256"] = digest
    (OUT / "crf.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    print(json.dumps(meta, ensure_ascii=False, indent=1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="tools/train_crf.py", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("dump", help="analyse every tuning article once, into the cache")
    for name in ("cv", "train"):
        p = sub.add_parser(name)
        p.add_argument("--c1", type=float, default=0.1)
        p.add_argument("--c2", type=float, default=0.01)
        p.add_argument("--iterations", type=int, default=100)
        p.add_argument("--minfreq", type=float, default=2)
        if name == "cv":
            p.add_argument("--name", default="default", help="the CV run's name (its tags' cache file)")
    p = sub.add_parser("variants", help="score a CV run's tags entering the pipeline each way")
    p.add_argument("--name", default="default")
    p.add_argument("--variants", nargs="*", default=list(VARIANTS))
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(TUNING_SETS)
    elif args.cmd == "cv":
        cv(args)
    elif args.cmd == "variants":
        variants(args)
    else:
        final(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
