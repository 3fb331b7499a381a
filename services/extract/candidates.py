"""What a recogniser returns: candidates, each an entity with its source and
a score; and ``Found``, the candidates of earlier recognisers that the
pipeline hands to a recogniser which declared it needs them.

A candidate is not yet an entity of the document: the resolver
(``resolver.py``) arbitrates between overlapping candidates of every source.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from docpipe.document import Entity


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    source: str  # the recogniser's name
    # How sure the source is, 0..1. Rule-based recognisers give 1.0; a
    # statistical model gives its own score.
    score: float = 1.0

    @property
    def start(self) -> int:
        return self.entity.start

    @property
    def end(self) -> int:
        return self.entity.end

    @property
    def type(self) -> str:
        return self.entity.type


def candidates(entities: Iterable[Entity], source: str, score: float = 1.0) -> list[Candidate]:
    """Wrap a recogniser's entities as its candidates."""
    return [Candidate(e, source, score) for e in entities]


class Found(Mapping[str, tuple[Candidate, ...]]):
    """Candidates of the earlier recognisers a recogniser declared it needs,
    by recogniser name. Reading an undeclared one is a KeyError: a need is
    declared or it is not there."""

    def __init__(self, by_source: Mapping[str, tuple[Candidate, ...]]) -> None:
        self._by_source = dict(by_source)

    def __getitem__(self, name: str) -> tuple[Candidate, ...]:
        return self._by_source[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_source)

    def __len__(self) -> int:
        return len(self._by_source)

    def entities(self, name: str) -> list[Entity]:
        """The entities of one earlier recogniser, in its order."""
        return [c.entity for c in self[name]]
