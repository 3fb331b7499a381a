"""The docpipe command line.

``docpipe extract FILE...`` runs every stage in-process (no servers) and
prints JSON Lines, one ``{"source": path, "document": {...}}`` per file, as
../shared/eval/README.md describes; the evaluation depends on that shape.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import orjson
from tqdm import tqdm

from . import settings
from .errors import DocpipeError


def _cmd_extract(args: argparse.Namespace) -> int:
    from . import neardup
    from .ingest import decode_bytes, new_document
    from .pipeline import default_stages, run_stages

    neardup.use(None)  # in-process: no near-duplicate index, whatever REDIS_URL says
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
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "config",
        help="print the effective settings (secrets masked)",
        description="Print every setting docpipe reads from the environment, as it resolves now, "
        "one JSON object per group; passwords in URLs and credentials are masked.",
    )
    p.set_defaults(func=_cmd_config)

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
    from . import cli_facts

    cli_facts.add_command(sub)  # docpipe facts
    from . import cli_entities

    cli_entities.add_command(sub)  # docpipe entities
    from . import cli_keys

    cli_keys.add_command(sub)  # docpipe keys
    from . import cli_reprocess

    cli_reprocess.add_command(sub)  # docpipe reprocess
    return parser


def _add_service_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Commands that talk to a running stack; defined in cli_service.py."""
    try:
        from . import cli_service
    except ImportError:  # pragma: no cover - only while the module is absent
        return
    cli_service.add_commands(sub)
    from . import cli_hooks  # webhooks worker, corrections export (issue #13)

    cli_hooks.add_commands(sub)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from .pipeline import PIPELINE_VERSION

    try:
        package = version("docpipe")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        package = "unknown"
    return f"docpipe {package} (pipeline {PIPELINE_VERSION})"


def _cmd_config(args: argparse.Namespace) -> int:
    import orjson

    from .config_view import effective_settings

    sys.stdout.buffer.write(orjson.dumps(effective_settings(), option=orjson.OPT_INDENT_2) + b"\n")
    return 0


def _unreachable(command: str, exc: BaseException) -> str | None:
    """One line for an API or Redis that does not answer, naming the address
    tried and the setting that changes it; None for other errors."""
    import httpx
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    from .cli_service import _redacted

    if isinstance(exc, httpx.TransportError):
        try:
            url = str(exc.request.url.copy_with(path="/", query=None))
        except RuntimeError:
            url = settings.api().client_url
        return (
            f"docpipe {command}: cannot reach the API at {url} ({type(exc).__name__}); "
            "start it (docpipe run) or set DOCPIPE_API_URL / --api"
        )
    if isinstance(exc, (RedisConnectionError, RedisTimeoutError)):
        return (
            f"docpipe {command}: cannot reach Redis at {_redacted(settings.redis().url)} "
            f"({type(exc).__name__}); start it (docpipe run) or set REDIS_URL"
        )
    return None


# Commands that create the project's files (store, AOF, logs, state).
PRIVATE_COMMANDS = frozenset({"run", "worker", "api", "webhooks", "keys"})


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in PRIVATE_COMMANDS:
        # The store, Redis's AOF, logs and var/run hold article text and
        # key digests: files 0600 and directories 0700 for what these
        # processes (and their children) create.
        os.umask(0o077)
    try:
        return int(args.func(args) or 0)
    except DocpipeError as exc:
        print(f"docpipe {args.command}: {exc.message} [{exc.code}]", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        line = _unreachable(args.command, exc)
        if line is None:
            raise
        print(line, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
