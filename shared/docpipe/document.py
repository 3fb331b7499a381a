"""The contract models of ../shared/spec/EXTRACTION.md.

Field names, units and value conventions are fixed by that contract; fields
beyond it are allowed (``extra="allow"``) so stages can add detail without a
contract change. Offsets are character offsets into ``clean_text``, end
exclusive: ``clean_text[start:end] == text`` must always hold.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .declaration import DECLARED, FINAL_STATUSES


class _Status(StrEnum):
    @property
    def final(self) -> bool:
        return self.value in FINAL_STATUSES


if TYPE_CHECKING:

    class Status(_Status):
        """What the type checker sees: the statuses around the stages'. A
        stage's own status is ``Status(decl.status)``."""

        queued = "queued"
        processed = "processed"
        failed = "failed"
else:
    # ``queued``, each declared stage's status in pipeline order (pipeline.toml:
    # segmenting, extracting, normalizing), ``processed``, ``failed``.
    Status = _Status("Status", [(s, s) for s in DECLARED.statuses], module=__name__, qualname="Status")


EntityType = Literal["region", "park", "organization", "person", "industry", "document"]
ENTITY_TYPES: tuple[str, ...] = ("region", "park", "organization", "person", "industry", "document")

Qualifier = Literal["exact", "approx", "gt", "gte", "lt", "lte", "range"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Span(_Open):
    start: int
    end: int


class Sentence(Span):
    pass


class Token(Span):
    text: str
    pos: str | None = None


class Keyword(_Open):
    text: str
    weight: float


class Entity(Span):
    type: EntityType
    text: str
    name: str
    attributes: dict[str, Any] = Field(default_factory=dict)


class Metric(Span):
    text: str
    value: float
    value_max: float | None = None
    unit: str
    classifier: str | None = None
    qualifier: Qualifier = "exact"
    measure: str | None = None
    subject: str | None = None
    period: str | None = None


class StageError(_Open):
    """Why a document failed: a stable code and a human message."""

    code: str
    message: str
    stage: str | None = None


class Document(_Open):
    """One article as it flows through the stages.

    ``raw_text`` is what the user uploaded. ``raw_spans`` maps clean text back
    to it: a list of ``[clean_start, clean_end, raw_start, raw_end]`` runs that
    cover ``clean_text`` in order; where a run's two lengths are equal the
    mapping is character for character, otherwise the run maps as a whole.
    ``stages`` records, per stage name, the pipeline version that produced its
    output, so a task delivered twice can skip work already done.
    """

    id: str
    status: Status = Status.queued
    pipeline_version: str | None = None
    title: str | None = None
    published_at: str | None = None
    source_url: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    raw_text: str = ""
    clean_text: str | None = None
    raw_spans: list[tuple[int, int, int, int]] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    tokens: list[Token] = Field(default_factory=list)
    keywords: list[Keyword] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    # extract: the entities its keep step judged false (attributes.keep_score),
    # beside the contract's ``entities``; read by normalize's attribution only,
    # as names written in the text (never a figure's owner)
    dropped_entities: list[Entity] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    stages: dict[str, str] = Field(default_factory=dict)
    error: StageError | None = None
    created_at: str | None = None
    updated_at: str | None = None
    # segment: the earlier document this one is a near-duplicate of (MinHash/LSH)
    duplicate_of: str | None = None
