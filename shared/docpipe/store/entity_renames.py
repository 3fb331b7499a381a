"""Where an entity's name went when a correction renamed (or retyped) it.

A correction that renames an entity is indexed at once
(``corrections.reindex``): the new name gets the document, the old one loses
it, and an old name no document names any more leaves the entity views. Its
page and ``GET /entities/{type}/{old}`` then answer with the names it became
(``renamed_to``), read from the corrections' ``renames`` (``from`` -> ``to``,
canonical), following a name renamed again (A -> B, then B -> C) to one
that documents still name.
"""

from __future__ import annotations

from typing import Any

from ..canonical import canonical_name
from .base import Store
from .corrections import corrections_for
from .entity_index import entity_index

# Renames followed from a name (A -> B -> C is two); a bound, not a limit people reach.
MAX_HOPS = 5


def renamed_to(store: Store, type_: str, name: str) -> list[dict[str, Any]]:
    """The entities that corrections renamed (``type_``, ``name``) into and
    that some document names now, newest correction first: ``type``,
    ``name`` (canonical), ``doc_id`` and ``correction`` (the id) of the
    correction that made the rename. [] when none."""
    kept = corrections_for(store)
    index = entity_index(store)
    start = (type_, canonical_name(name, type_))
    seen = {start}
    frontier = [start]
    found: list[dict[str, Any]] = []
    for _ in range(MAX_HOPS):
        later: list[tuple[str, str]] = []
        for t, c in frontier:
            for correction in kept.renamed_from(t, c):
                for r in correction.get("renames") or ():
                    key = (r["to"]["type"], r["to"]["name"])
                    if r["from"] != {"type": t, "name": c} or key in seen:
                        continue
                    seen.add(key)
                    if index.entity(*key) is not None:
                        found.append(
                            {
                                "type": key[0],
                                "name": key[1],
                                "doc_id": correction["doc_id"],
                                "correction": correction["id"],
                            }
                        )
                    else:  # renamed again since, or its document reprocessed away: follow it
                        later.append(key)
        if not later:
            break
        frontier = later
    return found
