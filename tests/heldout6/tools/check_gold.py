"""Self-check of a held-out set's gold, no pipeline involved: heldout6's by default,
another set's when its folder is given (``check_gold.py tests/heldout7 -v``).

Every gold file parses and names its article; every metric has the gold fields, a numeric value
and a text that occurs in the article; every entity has a name or alias that occurs in it; and
every run of digits or Chinese numerals in the article that no metric text covers is listed, so a
second reader can confirm it is debris, a date, an ordinal or part of a name, not a missed figure.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# The set: the first argument that is not an option, else this tool's own set.
_ARGS = [a for a in sys.argv[1:] if not a.startswith("-")]
SET = Path(_ARGS[0]).resolve() if _ARGS else Path(__file__).resolve().parent.parent
FIELDS = ("text", "value", "value_max", "unit", "classifier", "qualifier", "measure", "subject", "period", "optional")
# A numeral followed by one of these is a date, a clock time or a list marker, never a figure.
DATE_OR_MARKER = re.compile(r"年|月|日|时|、|号")
NUMERAL = re.compile(r"[0-9０-９][0-9０-９.,，]*|[一二两三四五六七八九十百千万亿半]+[成倍大个家项条名座批]")


def main() -> int:
    problems = 0
    for gold_path in sorted((SET / "gold").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article = (SET / "articles" / gold["article"]).read_text(encoding="utf-8")
        covered = [False] * len(article)
        for m in gold["metrics"]:
            missing = [f for f in FIELDS if f not in m]
            if missing or not isinstance(m["value"], (int, float)) or m["text"] not in article:
                print(f"{gold_path.name}: bad metric {m!r} (missing {missing})")
                problems += 1
                continue
            for hit in re.finditer(re.escape(m["text"]), article):
                for i in range(hit.start(), hit.end()):
                    covered[i] = True
        for etype, entries in gold["entities"].items():
            for e in entries:
                if not any(form in article for form in [e["name"], *e["aliases"]]):
                    print(f"{gold_path.name}: {etype} {e['name']} not in the article")
                    problems += 1
        if "-v" in sys.argv:
            loose = [
                (n.start(), n.group())
                for n in NUMERAL.finditer(article)
                if not any(covered[n.start() : n.end()])
                and not DATE_OR_MARKER.match(article, n.end())
                and not (n.start() and article[n.start() - 1].isascii() and article[n.start() - 1].isalpha())
            ]
            for start, text in loose:
                print(
                    f"  {gold_path.stem} uncovered {text!r}: …{article[max(0, start - 12) : start + len(text) + 8]!r}"
                )
    print(f"{len(list((SET / 'gold').glob('*.gold.json')))} gold files, problems {problems}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
