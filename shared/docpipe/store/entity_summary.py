"""The per-entity summary both store engines keep beside ``entity_docs``.

``GET /entities`` used to count every entity of a page over all its
entity-document rows (the commonest entity of 100,000 synthetic documents
is in 27,000 of them: 224 ms a page) and searched ``q`` by a scan of every
row. The summary holds one row per (type, canonical name) with what the list
shows (documents, mentions, first and last seen, adcode, aliases), so a page
is a walk of at most ``limit`` summary rows and ``q`` a scan of the entities,
not of their mentions.

It is kept by ``index_results``: the document's rows before and after are
compared per entity, and the change applied (``summary_after``). A count is
plain arithmetic; a minimum, maximum or alias set that a removed row may
have held cannot be taken back by arithmetic, and then the entity is
aggregated from its rows again (``RECOMPUTE``: only when a re-indexed
document changed that value, never for a new document).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

# The summary's columns besides (type, canonical), in the order the engines store them.
SUMMARY_COLUMNS: Final = ("documents", "mentions", "first_seen", "last_seen", "adcode", "aliases")


class Recompute:
    """The marker ``summary_after`` gives when only the rows can tell."""

    def __repr__(self) -> str:
        return "RECOMPUTE"


RECOMPUTE: Final = Recompute()


def same_row(old: dict[str, Any] | None, new: dict[str, Any] | None) -> bool:
    """Whether a re-indexed document's row for an entity says what it said:
    then its summary needs no change (most re-indexed documents)."""
    if old is None or new is None:
        return old is new
    return (
        int(old["mentions"]) == int(new["mentions"])
        and old["seen"] == new["seen"]
        and old["adcode"] == new["adcode"]
        and list(old["names"]) == list(new["names"])
    )


def _min(a: str | None, b: str | None) -> str | None:
    # As SQL's min() and MongoDB's $min over rows: a null is no value.
    return b if a is None else a if b is None else min(a, b)


def _max(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else max(a, b)


def aliases_of(canonical: str, names: Iterable[str]) -> list[str]:
    return sorted({n for n in names if n != canonical})


def summary_after(
    canonical: str, current: dict[str, Any] | None, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> dict[str, Any] | Recompute | None:
    """The entity's summary once one document's row for it went from ``old``
    to ``new`` (either None: the document did not name it before / does not
    now). None: no document names it any more. ``RECOMPUTE``: aggregate its
    rows (a removed row may have held its first or last date, its adcode or
    an alias no other row has)."""
    s: dict[str, Any] = dict(current) if current else dict.fromkeys(SUMMARY_COLUMNS)
    s["documents"] = int(s["documents"] or 0)
    s["mentions"] = int(s["mentions"] or 0)
    s["aliases"] = list(s["aliases"] or [])
    if old is not None:
        if current is None:
            return RECOMPUTE  # rows without a summary: never guess
        s["documents"] -= 1
        s["mentions"] -= int(old["mentions"])
        # What this document gave that it no longer gives, only the rows can say.
        new_seen, new_adcode, new_names = (
            (None, None, None) if new is None else (new["seen"], new["adcode"], new["names"])
        )
        if old["seen"] is not None and old["seen"] in (s["first_seen"], s["last_seen"]) and new_seen != old["seen"]:
            return RECOMPUTE
        if old["adcode"] is not None and old["adcode"] == s["adcode"] and new_adcode != old["adcode"]:
            return RECOMPUTE
        if aliases_of(canonical, old["names"]) and set(new_names or ()) != set(old["names"]):
            return RECOMPUTE
    if new is not None:
        s["documents"] += 1
        s["mentions"] += int(new["mentions"])
        s["first_seen"] = _min(s["first_seen"], new["seen"])
        s["last_seen"] = _max(s["last_seen"], new["seen"])
        s["adcode"] = _max(s["adcode"], new["adcode"])
        s["aliases"] = sorted({*s["aliases"], *aliases_of(canonical, new["names"])})
    if s["documents"] <= 0:
        return None
    return s


def changed_keys(
    old_rows: Iterable[dict[str, Any]], new_rows: Iterable[dict[str, Any]]
) -> list[tuple[tuple[str, str], dict[str, Any] | None, dict[str, Any] | None]]:
    """Per entity whose row differs between a document's old and new rows:
    ((type, canonical), old row, new row), in a stable order."""
    old = {(r["type"], r["canonical"]): r for r in old_rows}
    new = {(r["type"], r["canonical"]): r for r in new_rows}
    return [
        (key, old.get(key), new.get(key))
        for key in sorted(old.keys() | new.keys())
        if not same_row(old.get(key), new.get(key))
    ]
