"""``docpipe keys create|list|revoke``: API keys, straight in the store (the
same one the API reads; no API call, so the first key can be made before
any exists). The key is printed once, at creation; the store keeps its digest."""

from __future__ import annotations

import argparse
import sys

import orjson

from . import apikeys
from .store.base import Store


def _store() -> Store:
    from .store import get_store

    store = get_store()
    store.ensure_indexes()
    return store


def _cmd_create(args: argparse.Namespace) -> int:
    key, row = apikeys.create(_store(), args.scope, name=args.name or "", rate=args.rate)
    print(key)
    print(
        f"docpipe keys: created {row['id']} ({', '.join(row['scopes'])}"
        f"{', ' + row['rate'] if row['rate'] else ''}); the key above is shown only now",
        file=sys.stderr,
    )
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from .store.keys import keys_for

    rows = [apikeys.public(r) for r in keys_for(_store()).all() if args.all or not r.get("revoked_at")]
    if args.json:
        for row in rows:
            sys.stdout.buffer.write(orjson.dumps(row) + b"\n")
        return 0
    print(f"{'id':<16}  {'scopes':<18}  {'rate':<12}  {'created':<20}  {'revoked':<20}  name")
    for r in rows:
        print(
            f"{r['id']:<16}  {','.join(r['scopes']):<18}  {r['rate'] or '-':<12}  {r['created_at'][:19]:<20}  "
            f"{(r['revoked_at'] or '-')[:19]:<20}  {r['name']}"
        )
    return 0


def _cmd_revoke(args: argparse.Namespace) -> int:
    row = apikeys.revoke(_store(), args.id)
    print(
        f"docpipe keys: {row['id']} revoked at {row['revoked_at']} (an API process may accept it for "
        "DOCPIPE_ACCESS_VERIFIED_FOR_S more seconds)",
        file=sys.stderr,
    )
    return 0


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "keys",
        help="create, list and revoke API keys",
        description="API keys for the HTTP API, kept hashed in the store.",
    )
    keys = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)

    c = keys.add_parser("create", help="make a key and print it (once)")
    c.add_argument(
        "--scope",
        action="append",
        required=True,
        choices=apikeys.SCOPES,
        help="read, submit or admin (admin includes the others); repeat for several",
    )
    c.add_argument("--name", help="who or what the key is for")
    c.add_argument("--rate", help="its own rate limit, e.g. 100/minute (default DOCPIPE_ACCESS_RATE_LIMIT)")
    c.set_defaults(func=_cmd_create)

    c = keys.add_parser("list", help="the keys (never the keys themselves)")
    c.add_argument("--all", action="store_true", help="revoked ones too")
    c.add_argument("--json", action="store_true", help="one JSON object per line")
    c.set_defaults(func=_cmd_list)

    c = keys.add_parser("revoke", help="revoke a key by its id")
    c.add_argument("id", help="the key's id (docpipe keys list)")
    c.set_defaults(func=_cmd_revoke)
