"""Find module-level regular expressions whose scan grows faster than the text
(issue #15: no input can stall a stage).

    python tools/regex_probe.py [--small 2000] [--large 8000] [--ratio 8]

tests/hostile/test_regex_audit.py reads the patterns' shapes (nested or lazy
unbounded repetition); tests/hostile/test_hostile_extract.py counts Python
steps, which cannot see the work inside one regex call. Neither sees a plain
greedy run that fails after it (``[\\d…]+[个家处]``) scanned with ``finditer``
or ``search`` over a whole text: the engine tries it at every character of a
run and each try runs to the run's end, so a text of digits costs n*n/2
(5be6f2f fixed one such pattern in parks.py, 5 s for 20,000 digits). This tool
times every compiled pattern of ``services`` and ``docpipe`` scanned whole over
texts of one repeated unit at two sizes and lists those whose time grows more
than ``--ratio`` times for 4 times the text (linear is 4, quadratic 16).

A listed pattern is a lead, not a failure: most are applied to a bounded
window (a clause, the few characters before a name), where the growth cannot
happen; ``make bench``'s hostile phase says whether a stage is slowed. It reads
a clock, so it is a tool to run by hand, never a test.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# One repeated unit per kind of hostile input: what a run of it would make a
# greedy class repeat, a separator list or a clause reader meet.
UNITS = {
    "digits": "1234567890",
    "han": "园",
    "han_mix": "苏州工业园区",
    "enumeration_comma": "、",
    "percent": "1%",
    "cn_numerals": "一二三四五六七八九十",
    "space": " ",
    "amount": "3.5亿元，",
    "middle_dot": "·",
    "quote": "“",
    "bracket": "（",
    "year": "2019年",
}


def patterns(packages: tuple[str, ...] = ("services", "docpipe")) -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every module-level compiled text pattern of the runtime's modules."""
    for name in (str(ROOT), str(ROOT / "shared")):
        if name not in sys.path:
            sys.path.insert(0, name)
    for package_name in packages:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            try:
                module = importlib.import_module(info.name)
            except Exception as exc:  # a module that needs a running service: say so, go on
                print(f"skipped {info.name}: {exc.__class__.__name__}", file=sys.stderr)
                continue
            for attr, value in vars(module).items():
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    yield f"{info.name}.{attr}", value


def scan_seconds(pattern: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="tools/regex_probe.py", description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=2000, help="characters of the smaller text")
    ap.add_argument("--large", type=int, default=8000, help="characters of the larger text")
    ap.add_argument("--ratio", type=float, default=8.0, help="list a pattern whose time grows more than this")
    ap.add_argument(
        "--floor", type=float, default=0.02, help="seconds on the larger text below which nothing is listed"
    )
    args = ap.parse_args(argv)
    seen = 0
    for name, pattern in patterns():
        seen += 1
        for unit_name, unit in UNITS.items():
            small = scan_seconds(pattern, unit * (args.small // len(unit)))
            large = scan_seconds(pattern, unit * (args.large // len(unit)))
            growth = large / max(small, 1e-6)
            if large > args.floor and growth > args.ratio:
                print(f"{name:60s} {unit_name:18s} {small * 1000:8.1f} ms {large * 1000:8.1f} ms  x{growth:.1f}")
    print(f"{seen} patterns probed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
