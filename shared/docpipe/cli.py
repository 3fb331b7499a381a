"""The docpipe command line.

``docpipe extract FILE...`` runs every stage in-process (no servers) and
prints JSON Lines, one ``{"source": path, "document": {...}}`` per file, as
../shared/eval/README.md describes; the evaluation depends on that shape.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson
from tqdm import tqdm

from .errors import DocpipeError


def _cmd_extract(args: argparse.Namespace) -> int:
    from .ingest import decode_bytes, new_document
    from .pipeline import default_stages, run_stages

    stages = default_stages()
    for stage in stages:
        if stage.warm_up is not None:
            stage.warm_up()
    out = sys.stdout.buffer
    failures = 0
    for path in tqdm(args.files, desc="extract", unit="doc", disable=args.quiet or None, file=sys.stderr):
        try:
            text = decode_bytes(Path(path).read_bytes())
            doc = new_document(text, published_at=args.published_at)
            doc = run_stages(doc, stages)
        except (OSError, DocpipeError) as exc:
            failures += 1
            print(f"docpipe extract: {path}: {exc}", file=sys.stderr)
            continue
        row = {"source": str(path), "document": doc.model_dump(mode="json", exclude=_exclude(args))}
        out.write(orjson.dumps(row) + b"\n")
        out.flush()
    return 1 if failures else 0


def _exclude(args: argparse.Namespace) -> set[str] | None:
    return None if args.full else {"raw_text", "raw_spans"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docpipe",
        description="Document processing for Chinese economic news: clean, segment, extract, normalise.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "extract",
        help="run every stage in-process on text files and print JSON Lines",
        description="Run every stage in-process (no servers) and print one JSON line per file: "
        '{"source": PATH, "document": {...}}.',
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 or GB18030 text files")
    p.add_argument("--published-at", help="publication date (YYYY-MM-DD) for relative times, when the text has none")
    p.add_argument("--full", action="store_true", help="include raw_text and raw_spans in the output")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_extract)

    _add_service_commands(sub)
    return parser


def _add_service_commands(sub: argparse._SubParsersAction) -> None:
    """Commands that talk to a running stack; defined in cli_service.py."""
    try:
        from . import cli_service
    except ImportError:  # pragma: no cover - only while the module is absent
        return
    cli_service.add_commands(sub)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except DocpipeError as exc:
        print(f"docpipe {args.command}: {exc.message} [{exc.code}]", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
