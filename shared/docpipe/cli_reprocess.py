"""``docpipe reprocess``: ``POST /admin/reprocess`` from the command line,
then its progress (``GET /admin/reprocess/{job}``) as a progress bar until
the job has looked at every selected document (``--no-wait``: print the job
and return). Needs an admin key when the API asks for keys
(``DOCPIPE_API_KEY``). A refused request prints the API's problem as one line
and exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from .cli_facts import ApiProblem
from .errors import DocpipeError

FILTERS = ("status", "entity", "entity_type", "adcode", "industry", "published_from", "published_to")
POLL_S = 0.5


class NoSelection(DocpipeError):
    code, status, title = "no_selection", 2, "Say which documents to reprocess"


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "reprocess",
        help="queue stored documents again after a pipeline change (POST /admin/reprocess)",
        description="Queue stored documents again from the first stage whose version (declared version + hash of "
        "its code and data tables) changed; stages whose version did not change are not re-run, documents "
        "whose stages are all current are left alone. Select with --all (or --stale: the same), --id, or "
        "filters as GET /documents takes them. Throttled by the API (DOCPIPE_REPROCESS_MAX_QUEUE).",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="look at every stored document")
    which.add_argument("--stale", action="store_true", help="the same as --all: only stale stages ever re-run")
    which.add_argument("--id", dest="ids", action="append", metavar="ID", help="this document (repeatable)")
    p.add_argument("--status", help="filter: queued, …, processed, failed")
    p.add_argument("--entity", help="filter: an entity by any of its names")
    p.add_argument("--entity-type", dest="entity_type", help="filter: entity type")
    p.add_argument("--adcode", help="filter: a division (six digits)")
    p.add_argument("--industry", help="filter: canonical industry name")
    p.add_argument("--published-from", dest="published_from", help="filter: YYYY-MM-DD")
    p.add_argument("--published-to", dest="published_to", help="filter: YYYY-MM-DD")
    p.add_argument("--canonical-only", dest="canonical_only", action="store_true", help="filter: no near-duplicates")
    p.add_argument(
        "--from", dest="first", metavar="STAGE", help="re-run from this stage even where its version is current"
    )
    p.add_argument("--no-wait", dest="wait", action="store_false", help="print the job and return")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--api", metavar="URL", help="the API's base URL (default: DOCPIPE_API_URL)")
    p.set_defaults(func=run)


def body_of(args: argparse.Namespace) -> dict[str, Any]:
    body: dict[str, Any] = {name: getattr(args, name) for name in FILTERS if getattr(args, name, None)}
    if args.canonical_only:
        body["canonical_only"] = True
    if args.ids:
        body["ids"] = args.ids
    if args.all or args.stale:
        body["all"] = True
    if args.first:
        body["from"] = args.first
    if not body.keys() - {"from"}:
        raise NoSelection("say which documents: --all, --stale, --id ID or a filter")
    return body


def _answer(r: Any, expected: int) -> dict[str, Any]:
    try:
        body = r.json()
    except ValueError:
        body = {"detail": r.text[:200]}
    if r.status_code != expected or not isinstance(body, dict):
        raise ApiProblem(body if isinstance(body, dict) else {"detail": str(body)}, r.status_code)
    return body


def run(args: argparse.Namespace) -> int:
    import httpx
    from tqdm import tqdm

    from .apikeys import client_headers
    from .cli_service import _api_url

    base = _api_url(args)
    with httpx.Client(base_url=base, timeout=30, headers=client_headers()) as client:
        job = _answer(client.post("/admin/reprocess", json=body_of(args)), 202)
        if not args.wait:
            print(json.dumps(job, ensure_ascii=False))
            return 0
        # The total is known for ids; for a query it is what has been scanned so far.
        total = len(args.ids) if args.ids else None
        with tqdm(total=total, desc="reprocess", unit="doc", file=sys.stderr, disable=args.quiet or None) as bar:
            while True:
                bar.n = job.get("scanned", 0)
                bar.set_postfix(queued=job.get("queued", 0), current=job.get("current", 0), refresh=False)
                bar.refresh()
                if job.get("state") != "running":
                    break
                time.sleep(POLL_S)
                job = _answer(client.get(f"/admin/reprocess/{job['id']}"), 200)
    print(json.dumps(job, ensure_ascii=False))
    if job.get("state") in ("failed", "lost"):
        # lost: the API process running it stopped; the same command again skips what is current.
        raise DocpipeError(f"reprocessing job {job['id']} {job['state']}: {job.get('error') or 'run it again'}")
    return 0
