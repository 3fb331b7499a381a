"""The pipeline's one declaration (``pipeline.toml``), read once per process.

Pure data and no docpipe imports, so every module can read it (the
``Status`` enum of ``document`` included) without an import cycle.
``DOCPIPE_PIPELINE`` names another file: the tests declare a fourth stage
that way and run a document through it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_FILE = Path(__file__).with_name("pipeline.toml")
ENV_VAR = "DOCPIPE_PIPELINE"
# The statuses around the stages': a stored document starts ``queued`` and
# ends ``processed`` or ``failed``.
FIRST_STATUS = "queued"
FINAL_STATUSES: tuple[str, str] = ("processed", "failed")


class DeclarationError(ValueError):
    """The declaration file is missing a field or contradicts itself."""


@dataclass(frozen=True)
class StageDecl:
    name: str
    queue: str
    status: str
    reads: frozenset[str]
    adds: frozenset[str]
    version: str
    module: str  # "module:attribute" of the stage's Stage object


@dataclass(frozen=True)
class Declaration:
    version: str
    stages: tuple[StageDecl, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    @property
    def statuses(self) -> tuple[str, ...]:
        """Every document status in pipeline order."""
        return (FIRST_STATUS, *(s.status for s in self.stages), *FINAL_STATUSES)

    def stage(self, name: str) -> StageDecl:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(name)


def _strings(raw: dict[str, Any], key: str, where: str) -> frozenset[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DeclarationError(f"{where}: {key} must be a list of field names")
    return frozenset(value)


def _text(raw: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value:
        raise DeclarationError(f"{where}: {key} must be a non-empty string")
    return value


def parse(data: dict[str, Any], source: str = "pipeline") -> Declaration:
    version = _text(data, "version", source)
    stages = []
    for i, raw in enumerate(data.get("stage") or []):
        where = f"{source}: stage {i + 1}"
        name = _text(raw, "name", where)
        where = f"{source}: stage {name!r}"
        module = _text(raw, "module", where)
        if ":" not in module:
            raise DeclarationError(f"{where}: module must be 'module:attribute'")
        stages.append(
            StageDecl(
                name=name,
                queue=_text(raw, "queue", where, default=name),
                status=_text(raw, "status", where),
                reads=_strings(raw, "reads", where),
                adds=_strings(raw, "adds", where),
                version=_text(raw, "version", where, default=version),
                module=module,
            )
        )
    if not stages:
        raise DeclarationError(f"{source}: no [[stage]] declared")
    decl = Declaration(version, tuple(stages))
    for what, values in (("name", decl.names), ("queue", tuple(s.queue for s in stages)), ("status", decl.statuses)):
        dupes = sorted({v for v in values if values.count(v) > 1})
        if dupes:
            raise DeclarationError(f"{source}: {what} used twice: {', '.join(dupes)}")
    return decl


def load(path: Path | None = None) -> Declaration:
    """The declaration in ``path``, else ``$DOCPIPE_PIPELINE``, else the packaged one."""
    path = path or Path(os.environ.get(ENV_VAR) or DEFAULT_FILE)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DeclarationError(f"{path}: {exc}") from exc
    return parse(data, str(path))


DECLARED: Declaration = load()
