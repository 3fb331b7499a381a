"""The store interface: one contract, two engines.

``MongoStore`` (pymongo, used when MONGODB_URI is set) and ``SqliteStore``
(the embedded default on disk under var/) both implement it and are held to
the same contract tests in tests/integration/test_store_contract.py.

The interface is in terms of what docpipe does (accept a document, save a
stage's output, query across documents), not a general document database, so
each engine can make every operation atomic in its own way: the API and
every worker process write at once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ..document import Document, StageError, Status
from .facts import FactQueries


@dataclass(frozen=True)
class DocumentQuery:
    """Filters for ``GET /documents``; every field is optional and they AND."""

    status: Status | None = None
    entity_name: str | None = None  # canonical name, e.g. 苏州工业园区
    entity_type: str | None = None  # region, park, organization, ...
    adcode: str | None = None  # a region adcode mentioned in the document
    industry: str | None = None  # canonical industry name
    published_from: str | None = None  # YYYY-MM-DD, inclusive
    published_to: str | None = None  # YYYY-MM-DD, inclusive
    canonical_only: bool = False  # leave out near-duplicates (documents with duplicate_of)


@dataclass(frozen=True)
class MetadataUpdate:
    """What ``Store.update_metadata`` did."""

    updated: tuple[str, ...]  # input fields whose stored value changed, in RESUBMIT_FIELDS order
    rerun: tuple[str, ...]  # stages forgotten (to run again), in pipeline order; () when none
    document: Document  # the document after the call (bookkeeping and input fields)


@dataclass
class Page:
    items: list[dict[str, Any]] = field(default_factory=list)  # document summaries
    next_cursor: str | None = None


class Store(FactQueries, ABC):
    """Every write is atomic and idempotent; nothing here raises on a repeat.
    The fact queries (``query_facts``, ``iter_facts``) come from ``facts.FactQueries``."""

    @abstractmethod
    def ensure_indexes(self) -> None:
        """Create what the queries need; safe to call from every process."""

    @abstractmethod
    def insert_document(self, doc: Document) -> tuple[Document, bool]:
        """Insert ``doc`` unless a document with its id exists.

        Returns the stored document and whether this call created it. Two
        concurrent calls with the same id create exactly one document.
        """

    @abstractmethod
    def get_document(self, doc_id: str, *, fields: Collection[str] | None = None) -> Document | None:
        """The stored document. With ``fields``, only those stage-output
        fields (and ``raw_text`` only if named) are read; the rest keep their
        empty defaults. The small bookkeeping fields (status, stages, title,
        published_at, …) always come back. A task passes its stage's
        ``reads``, so extract never parses the thousands of tokens segment
        stored."""

    @abstractmethod
    def update_metadata(
        self, doc_id: str, given: dict[str, Any], *, rerun_from: dict[str, str] | None = None
    ) -> MetadataUpdate | None:
        """A re-submission of the same text: write the input fields of
        ``given`` (``common.RESUBMIT_FIELDS``) whose value differs from both
        the value the client gave last and the stored one
        (``common.metadata_changes``), in one atomic write that also adds 1
        to the document's ``revision``, so a stage run that read the document
        before cannot write over the change (the ``revision`` arguments
        below). When a changed field is a key of ``rerun_from``, the stages
        from the one it names to the end are forgotten too: their ``stages``
        entries removed, the status back to ``queued``, any error cleared; the
        caller enqueues the first of them. Nothing is written when nothing
        differs. None when there is no such document."""

    @abstractmethod
    def requeue(self, doc_id: str, versions: dict[str, str], *, first: str | None = None) -> tuple[str, ...]:
        """Reprocessing (``docpipe.reprocess``): when the document is
        ``processed`` or ``failed``, forget its stages from ``first``, else
        from the first whose recorded version is not the one ``versions``
        gives (``common.stale_stages``), to the end, in one atomic write that
        also sets the status back to ``queued``, clears the error and adds 1
        to the revision (a run still in flight writes nothing after it, and
        the next event id is new). Returns the stages forgotten, in pipeline
        order: () when there is no such document, it is not in a final
        status (it is being processed now), or every stage is current."""

    @abstractmethod
    def set_status(
        self,
        doc_id: str,
        status: Status,
        *,
        error: StageError | None = None,
        only_from: frozenset[Status] | None = None,
        revision: int | None = None,
    ) -> bool:
        """Set the status (and error); with ``only_from``, only when the
        current status is one of those; with ``revision``, only when the
        document is still at that revision. Returns whether it changed."""

    @abstractmethod
    def save_stage(
        self,
        doc_id: str,
        stage: str,
        version: str,
        fields: dict[str, Any],
        status: Status,
        timings_ms: dict[str, float] | None = None,
        *,
        revision: int | None = None,
        pipeline_version: str | None = None,
    ) -> bool:
        """Store a stage's output fields, record ``stages[stage] = version``,
        merge timings and set the status, in one atomic write that leaves
        other stages' fields untouched. Repeating it is harmless. With
        ``revision``, nothing is written unless the document is still at that
        revision (a re-submission changed it since the stage read it);
        returns whether it was written. Raises DocumentNotFound when there is
        no such document. The document's ``pipeline_version`` becomes
        ``pipeline_version`` (the last stage gives the build's,
        ``versions.build_version``), else ``version``."""

    @abstractmethod
    def index_results(self, doc: Document, *, revision: int | None = None) -> bool:
        """Replace the document's rows in the entity and metric collections
        (used for cross-document queries) with those of ``doc``; with
        ``revision``, only while the document is at that revision. Returns
        whether it was written."""

    @abstractmethod
    def list_documents(self, query: DocumentQuery, *, limit: int = 50, cursor: str | None = None) -> Page:
        """Newest first; ``cursor`` is the opaque ``next_cursor`` of the page before."""

    @abstractmethod
    def stuck_documents(self, older_than_s: float, *, limit: int = 1000) -> list[str]:
        """Ids of documents in a non-final status not updated for ``older_than_s`` seconds."""

    @abstractmethod
    def remember_idempotency_key(self, key: str, doc_id: str) -> str:
        """Bind an Idempotency-Key to a document id unless bound already;
        returns the id the key is bound to."""

    @abstractmethod
    def idempotency_key_document(self, key: str) -> str | None:
        """The document id an Idempotency-Key is bound to, if any (binds nothing)."""

    @abstractmethod
    def ping(self) -> bool:
        """Whether the store answers (for /readyz)."""

    @abstractmethod
    def close(self) -> None: ...
