"""``docpipe entities``: entities across documents, from the API.

``docpipe entities [--type T] [--q TEXT]`` streams every entity of the query
(``GET /entities``' export: JSON Lines by default, ``--format csv|parquet``,
or ``json`` for one page); ``docpipe entities TYPE NAME`` prints one entity
by any of its names (``GET /entities/{type}/{name}``: its documents, facts
and the entities named most often with it). A refused query prints the API's
problem as one line and exits 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import quote

from .cli_facts import stream_get
from .errors import DocpipeError


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "entities",
        help="canonical entities across documents (GET /entities), or one entity's page",
        description="Without TYPE NAME: every canonical entity of the query with its aliases, adcode, document "
        "and mention counts, first and last seen, as JSON Lines (--format csv or parquet likewise; json: one "
        "page). With TYPE NAME: that entity (NAME may be any alias) with its documents, facts and the "
        "entities named most often with it, as JSON.",
    )
    p.add_argument("type", nargs="?", help="with NAME: the entity's type (region, park, organization, …)")
    p.add_argument("name", nargs="?", help="the entity's canonical name or any alias")
    p.add_argument("--type", dest="type_filter", metavar="TYPE", help="list only this type")
    p.add_argument("--q", help="list entities whose name or an alias is or contains this")
    p.add_argument("--format", default="jsonl", help="jsonl (default), csv, parquet, or json (one page)")
    p.add_argument("--limit", type=int, default=50, help="entities per page with --format json")
    p.add_argument("--cursor", help="start after this cursor (next_cursor of a page)")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    p.add_argument("--api", metavar="URL", help="the API's base URL (default: DOCPIPE_API_URL)")
    p.set_defaults(func=run)


def request_of(args: argparse.Namespace) -> tuple[str, dict[str, str]]:
    """The API path and query of the command."""
    if args.type and not args.name:
        raise DocpipeError("give both TYPE and NAME for one entity, or neither (with --type, --q) to list")
    if args.type:
        return f"/entities/{quote(args.type, safe='')}/{quote(args.name, safe='')}", {}
    params = {"format": args.format}
    if args.type_filter:
        params["type"] = args.type_filter
    if args.q:
        params["q"] = args.q
    if args.cursor:
        params["cursor"] = args.cursor
    if args.format == "json":
        params["limit"] = str(args.limit)
    return "/entities", params


def run(args: argparse.Namespace) -> int:
    path, params = request_of(args)
    # one entity's page is one JSON object; a list is JSON only with format=json
    return stream_get(args, path, params, newline=not path.endswith("/entities") or params.get("format") == "json")
