"""Chinese family names (persons/surnames.txt), read by the persons
recogniser (services.extract.persons) and by the contact lines two stages
read (contact_names): how many of a name's first characters are a family
name."""

from __future__ import annotations

from functools import cache

from .wordlists import load_list


@cache
def family_names() -> tuple[frozenset[str], frozenset[str]]:
    """(single, compound) family names, loaded once per process."""
    single: set[str] = set()
    compound: set[str] = set()
    for line in load_list("persons/surnames.txt"):  # several names a line
        for name in line.split():
            (compound if len(name) > 1 else single).add(name)
    return frozenset(single), frozenset(compound)


def family_name_length(name: str) -> int:
    """2 where ``name`` opens with a compound family name (欧阳), else 1 where
    it opens with a single one, else 0."""
    single, compound = family_names()
    if name[:2] in compound:
        return 2
    if name[:1] in single:
        return 1
    return 0
