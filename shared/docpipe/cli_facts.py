"""``docpipe facts``: the facts query of ``GET /facts`` from the command line.

The same filters as the API, sent to it; ``--format csv|jsonl|parquet``
streams the API's export of every fact of the query (one row per fact and
source) to stdout or ``-o FILE``; ``--format json`` prints one page as the
API returns it. A refused query prints the API's problem as one line and
exits 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, BinaryIO

from .errors import DocpipeError

FILTERS = (
    "subject",
    "adcode",
    "entity_type",
    "measure",
    "unit",
    "period_from",
    "period_to",
    "published_from",
    "published_to",
)
FORMATS = ("jsonl", "csv", "parquet", "json")


class ApiProblem(DocpipeError):
    """A problem the API answered with; its code is the API's."""

    def __init__(self, body: dict[str, Any], status: int) -> None:
        super().__init__(str(body.get("detail") or body.get("title") or f"HTTP {status}"))
        self.code = str(body.get("code") or status)
        self.status = status


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "facts",
        help="figures across documents (GET /facts), or an export of them",
        description="Query the facts of the stored documents through the API. Default: every fact of the "
        "query as JSON Lines, one row per fact and source (the API's export); --format csv or parquet "
        "likewise; --format json prints one page of facts with their sources (--limit, --cursor). "
        "docpipe facts backfill: index the facts and entity rows of documents stored before those "
        "tables existed, on the store itself (idempotent; resumes where a run stopped).",
    )
    p.add_argument("action", nargs="?", choices=("backfill",), help="backfill: see above")
    p.add_argument("--subject", help="entity name or alias, or the subject as written")
    p.add_argument("--adcode", help="the subject lies in this region (six digits; a province or city rolls up)")
    p.add_argument("--entity-type", dest="entity_type", help="the subject entity's type (region, park, …)")
    p.add_argument("--measure", help="canonical measure id (gdp), its name or an alias")
    p.add_argument("--unit", help="canonical unit (CNY, percent, count, …)")
    p.add_argument("--period-from", dest="period_from", help="YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--period-to", dest="period_to", help="YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--published-from", dest="published_from", help="YYYY-MM-DD")
    p.add_argument("--published-to", dest="published_to", help="YYYY-MM-DD")
    p.add_argument("--format", default="jsonl", help="jsonl (default), csv, parquet, or json (one page)")
    p.add_argument("--limit", type=int, default=50, help="facts per page with --format json")
    p.add_argument("--cursor", help="start after this cursor (next_cursor of a page)")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    p.add_argument("--api", metavar="URL", help="the API's base URL (default: DOCPIPE_API_URL)")
    from . import cli_backfill

    cli_backfill.add_arguments(p)
    p.set_defaults(func=run)


def params_of(args: argparse.Namespace) -> dict[str, str]:
    params = {name: getattr(args, name) for name in FILTERS if getattr(args, name, None)}
    if args.cursor:
        params["cursor"] = args.cursor
    params["format"] = args.format
    if args.format == "json":
        params["limit"] = str(args.limit)
    return params


def run(args: argparse.Namespace) -> int:
    if args.action == "backfill":
        from . import cli_backfill

        return cli_backfill.run(args)
    params = params_of(args)
    return stream_get(args, "/facts", params, newline=params["format"] == "json")


def stream_get(args: argparse.Namespace, path: str, params: dict[str, Any], *, newline: bool) -> int:
    """GET ``path`` from the API and stream the answer to ``-o FILE`` or stdout
    (a newline after it on stdout when ``newline``); a refused query is an
    ``ApiProblem``. Shared by ``docpipe facts`` and ``docpipe entities``."""
    import httpx

    from .apikeys import client_headers
    from .cli_service import _api_url

    if params.get("format") == "parquet" and args.output is None and sys.stdout.isatty():
        raise DocpipeError("Parquet is binary: give -o FILE or redirect stdout")
    # An export streams until every row is sent: no overall read limit.
    timeout = httpx.Timeout(10.0, read=None)
    # Redirects followed: an entity a correction renamed answers 307 to its new name.
    with httpx.stream(
        "GET",
        f"{_api_url(args)}{path}",
        params=params,
        timeout=timeout,
        headers=client_headers(),
        follow_redirects=True,
    ) as r:  # DOCPIPE_API_KEY, as every CLI command sends it
        if r.status_code != 200:
            r.read()
            try:
                body = r.json()
            except ValueError:
                body = {"detail": r.text[:200]}
            raise ApiProblem(body if isinstance(body, dict) else {"detail": str(body)}, r.status_code)
        out: BinaryIO
        if args.output is not None:
            with args.output.open("wb") as out:
                out.writelines(r.iter_bytes())
        else:
            out = sys.stdout.buffer
            out.writelines(r.iter_bytes())
            if newline:
                out.write(b"\n")
            out.flush()
    return 0
