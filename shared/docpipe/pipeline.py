"""The stage protocol: named ``Document -> Document`` functions that declare
what they read and what they add, so the order can be checked before anything
runs. The same stages run in-process (``docpipe extract``, tests) and behind
queues (the workers' thin tasks).

This module holds no stage logic: stages live in ``services/<name>/stage.py``
and are looked up by the dotted path the declaration (``pipeline.toml``) gives,
so the shared library does not import them until it needs them. What each
stage reads and adds, its status, queue and version are the declaration's.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .declaration import DECLARED, StageDecl
from .document import Document, Status
from .versions import build_version, stage_version

PIPELINE_VERSION = DECLARED.version

# What a freshly accepted document already has.
INPUT_FIELDS: frozenset[str] = frozenset({"id", "raw_text", "title", "published_at", "source_url", "metadata"})


@dataclass(frozen=True)
class Stage:
    name: str
    reads: frozenset[str]
    adds: frozenset[str]
    run: Callable[[Document], Document]
    # Status shown while this stage works on a document.
    status: Status = Status.queued
    # A callable that loads the stage's heavy resources (dictionaries, models);
    # workers call it once per process before any task.
    warm_up: Callable[[], None] | None = None
    # Recorded in ``Document.stages`` once the stage has run; a declared
    # stage's is its declared version plus a hash of its code and data
    # tables (``docpipe.versions``).
    version: str = PIPELINE_VERSION

    def __call__(self, doc: Document) -> Document:
        return self.run(doc)


def declared_stage(name: str, run: Callable[[Document], Document], warm_up: Callable[[], None] | None = None) -> Stage:
    """The stage ``name`` as the declaration describes it, running ``run``:
    what a stage module exports as its ``STAGE``."""
    decl = DECLARED.stage(name)
    return Stage(decl.name, decl.reads, decl.adds, run, Status(decl.status), warm_up, stage_version(decl.name))


class StageOrderError(ValueError):
    pass


# Stage name -> "module:attribute" of its Stage object, in pipeline order.
STAGE_PATHS: dict[str, str] = {s.name: s.module for s in DECLARED.stages}
STAGE_NAMES: tuple[str, ...] = DECLARED.names


def declared(name: str) -> StageDecl:
    """The declaration of stage ``name`` (KeyError for an undeclared one)."""
    return DECLARED.stage(name)


def queue_of(name: str) -> str:
    return DECLARED.stage(name).queue


def status_of(name: str) -> Status:
    """The status a document shows while it waits for, or runs in, ``name``."""
    return Status(DECLARED.stage(name).status)


def load_stage(name: str) -> Stage:
    module, _, attr = STAGE_PATHS[name].partition(":")
    stage: Stage = getattr(importlib.import_module(module), attr)
    return stage


def default_stages() -> list[Stage]:
    return [load_stage(n) for n in STAGE_NAMES]


def next_stage(name: str) -> str | None:
    i = STAGE_NAMES.index(name)
    return STAGE_NAMES[i + 1] if i + 1 < len(STAGE_NAMES) else None


def check_order(stages: Sequence[Stage], available: Iterable[str] = INPUT_FIELDS) -> None:
    """Raise if a stage reads a field that no earlier stage (or the input) adds."""
    have = set(available)
    for stage in stages:
        missing = stage.reads - have
        if missing:
            raise StageOrderError(f"stage {stage.name!r} reads {sorted(missing)} which nothing before it adds")
        have |= stage.adds


def run_stages(doc: Document, stages: Sequence[Stage] | None = None) -> Document:
    """Run stages in-process, in order, recording each one's wall time.

    A stage may record finer timings itself (the segment stage reports
    ``clean`` and ``segment``); the stage's own total is kept under its name
    unless the stage already set it.
    """
    stages = list(stages) if stages is not None else default_stages()
    check_order(stages)
    for stage in stages:
        t0 = time.perf_counter()
        doc = stage.run(doc)
        elapsed = (time.perf_counter() - t0) * 1000
        doc.timings_ms.setdefault(stage.name, round(elapsed, 3))
        doc.stages[stage.name] = stage.version
    doc.status = Status.processed
    doc.pipeline_version = build_version()
    return doc
