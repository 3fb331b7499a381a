"""``docpipe facts backfill``: index rows for documents stored before the
facts and entity tables existed (``store.backfill``).

Works on the store itself (``MONGODB_URI``, else ``DOCPIPE_STORE_PATH``),
not through the API: it is an operator's step after an upgrade, like a
migration. Prints a progress bar on stderr and one line at the end;
running it again, or after an interrupted run, indexes only what is left.
"""

from __future__ import annotations

import argparse
import os
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--batch", type=int, default=500, help="with backfill: documents read per store page")
    p.add_argument("-q", "--quiet", action="store_true", help="with backfill: no progress bar")


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .errors import DocpipeError
    from .store import get_store
    from .store.backfill import backfill, processed_count

    if args.batch < 1:
        raise DocpipeError(f"--batch must be at least 1, not {args.batch}")
    os.umask(0o077)  # as for the other commands that may create the store's files
    store = get_store()
    total = processed_count(store)
    indexed = 0
    with tqdm(total=total, desc="backfill", unit="doc", file=sys.stderr, disable=args.quiet or None) as bar:

        def progress(scanned: int, batch_indexed: int) -> None:
            nonlocal indexed
            indexed += batch_indexed
            bar.set_postfix(indexed=indexed, refresh=False)
            bar.update(scanned)

        result = backfill(store, batch=args.batch, progress=progress)
    print(
        f"backfill: {result.scanned} processed documents looked at, {result.indexed} indexed"
        + (f", {result.skipped} skipped (gone or changed meanwhile)" if result.skipped else "")
    )
    return 0
