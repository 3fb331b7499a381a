"""CLI commands for issue #13's parts: ``docpipe webhooks`` (the delivery
worker), ``docpipe corrections export`` (corrections as gold files) and
``docpipe corrections reindex`` (the entity views of corrected documents)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_webhooks(args: argparse.Namespace) -> int:
    from .webhook_worker import main

    return main()


def _cmd_corrections_export(args: argparse.Namespace) -> int:
    from .corrections_gold import export
    from .store import get_store

    written = export(get_store(), Path(args.out), doc_ids=args.ids or None)
    print(f"docpipe corrections export: {len(written)} gold file(s) in {args.out}", file=sys.stderr)
    for path in written:
        print(path)
    return 0


def _cmd_corrections_reindex(args: argparse.Namespace) -> int:
    from .corrections import reindex
    from .store import get_store
    from .store.corrections import corrections_for

    store = get_store()
    ids = args.ids or corrections_for(store).documents()
    done = sum(reindex(store, doc_id) for doc_id in ids)
    # A document being processed now is left out: its last stage indexes it with its corrections.
    print(f"docpipe corrections reindex: {done} of {len(ids)} corrected document(s) indexed", file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "webhooks",
        help="run the webhooks worker (Standard Webhooks deliveries of the event stream)",
        description="Read the event stream through the consumer group `webhooks` and deliver each event to "
        "the matching subscriptions (POST /webhooks), signed, retried with exponential backoff "
        "(DOCPIPE_WEBHOOKS_*), then dead-lettered.",
    )
    p.set_defaults(func=_cmd_webhooks)

    p = sub.add_parser(
        "corrections",
        help="corrections made to documents (export as gold files)",
        description="Corrections people made to extracted entities and figures.",
    )
    csub = p.add_subparsers(dest="corrections_command", metavar="ACTION", required=True)
    e = csub.add_parser(
        "export",
        help="write a gold file (the ../shared/eval/gold format) per corrected document",
        description="For every document with corrections (or the given ids), write OUT/<id>.gold.json from "
        "the corrected document and OUT/<id>.txt with its clean text, so `docpipe extract OUT/*.txt` and "
        "score.py can use them as evaluation data.",
    )
    e.add_argument("--out", required=True, metavar="DIR", help="directory to write into (created)")
    e.add_argument("ids", nargs="*", metavar="ID", help="only these documents")
    e.set_defaults(func=_cmd_corrections_export)
    r = csub.add_parser(
        "reindex",
        help="index every corrected document (or the given ids) again with its corrections",
        description="The entity list and pages, the facts and the document filters follow a correction when "
        "it is stored and at every reprocess; this brings documents corrected before that (or indexed "
        "otherwise) up to date. Processed documents only.",
    )
    r.add_argument("ids", nargs="*", metavar="ID", help="only these documents")
    r.set_defaults(func=_cmd_corrections_reindex)
