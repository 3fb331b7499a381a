# Self-check for part B gold (no pipeline involved): every gold parses, every metric text and
# every entity name/alias occurs in its article, and duplicate metric keys are listed.
import json
from pathlib import Path

D = Path(__file__).resolve().parents[1]
FIELDS = ["text", "value", "value_max", "unit", "classifier", "qualifier", "measure", "subject", "period", "optional"]
bad = 0
for gf in sorted((D / "gold").glob("b*.gold.json")):
    g = json.loads(gf.read_text())
    art = (D / "articles" / g["article"]).read_text()
    for m in g["metrics"]:
        for k in FIELDS:
            if k not in m:
                print(gf, "missing", k, m)
                bad += 1
        if m["text"] not in art:
            print(gf.name, "TEXT NOT FOUND", m["text"])
            bad += 1
        if not isinstance(m["value"], (int, float)):
            print("value not number", m)
            bad += 1
    for t, es in g["entities"].items():
        for e in es:
            if not any(x in art for x in [e["name"], *e["aliases"]]):
                print(gf.name, "ENTITY NOT FOUND", t, e)
                bad += 1
    keys = [(m["unit"], m["value"], m["classifier"]) for m in g["metrics"]]
    dup = [k for k in set(keys) if keys.count(k) > 1]
    if dup:
        print(gf.name, "dup keys (ok if intended)", dup)
print("problems", bad)
