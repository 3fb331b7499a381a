"""Each stage's version: its declared version plus a hash of its code and
data tables, so a change to either makes the documents it processed stale
(``docpipe reprocess``) without anyone remembering to bump a number.

The code is the stage's module and every module it imports, followed
statically (``ast``, nothing is executed: the API computes versions without
loading jieba or the NER models) within the stage's own top-level package and
``docpipe``. The data tables are the files under ``docpipe/data`` whose
folder or name a string literal of that code names (``"measures"``,
``"jieba"``, ``"persons/titles.txt"``): reading more than the stage opens
only costs a needless re-run, and ``tests/unit/test_stage_versions.py``
checks that every data file a stage opens while it runs is covered.
Third-party packages are not hashed (``requirements.lock`` pins them).

Computed once per process (``functools.cache``): hashing the ~10 MB of code
and tables takes tens of milliseconds.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
from collections.abc import Iterable
from pathlib import Path

from .declaration import DECLARED

DATA_DIR = Path(__file__).with_name("data")
# Hex digits of the content hash kept in a version string.
DIGEST_CHARS = 12


def _package_root(top: str) -> Path | None:
    """The directory holding the top-level package ``top`` (not imported)."""
    spec = importlib.util.find_spec(top)
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations))).parent
    return Path(spec.origin).parent if spec.origin else None


def _module_file(root: Path, dotted: str) -> Path | None:
    base = root.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterable[str]:
    """Dotted names a module imports (``from a import b`` gives ``a`` and ``a.b``)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def code_files(module: str) -> dict[str, Path]:
    """Dotted name -> file of ``module`` and every module it imports from its
    own top-level package or ``docpipe``, transitively."""
    tops = {module.split(".")[0], "docpipe"}
    roots = {top: _package_root(top) for top in tops}
    found: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        top = name.split(".")[0]
        root = roots.get(top)
        if name in found or root is None:
            continue
        path = _module_file(root, name)
        if path is None:
            continue
        found[name] = path
        # A package's parents run first on import.
        parent = name.rpartition(".")[0]
        if parent:
            todo.append(parent)
        todo.extend(n for n in _imports(_tree(path), name, path.name == "__init__.py") if n.split(".")[0] in tops)
    return found


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_bytes(), str(path))


def _string_parts(paths: Iterable[Path]) -> set[str]:
    """Every path component of every string literal in these files."""
    parts: set[str] = set()
    for path in paths:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 200:
                parts.update(p for p in node.value.split("/") if p)
    return parts


def data_files(code: Iterable[Path], data_dir: Path = DATA_DIR) -> list[Path]:
    """The files under ``data_dir`` whose top-level folder or file name a
    string literal of ``code`` names."""
    named = _string_parts(code)
    out: list[Path] = []
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith((".", "__")):
            continue
        if entry.is_dir():
            if entry.name in named:
                out.extend(p for p in sorted(entry.rglob("*")) if p.is_file() and "__pycache__" not in p.parts)
        elif entry.name in named:
            out.append(entry)
    return out


def digest(files: Iterable[tuple[str, Path]], declared: str) -> str:
    """SHA-256 over the declared version and each (label, file content), in order."""
    h = hashlib.sha256(declared.encode())
    for label, path in files:
        h.update(b"\0" + label.encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:DIGEST_CHARS]


def inputs(name: str) -> list[tuple[str, Path]]:
    """(label, file) of everything stage ``name``'s version hashes, in a stable order."""
    module = DECLARED.stage(name).module.partition(":")[0]
    code = code_files(module)
    labelled = [(f"code:{mod}", path) for mod, path in sorted(code.items())]
    labelled += [(f"data:{p.relative_to(DATA_DIR).as_posix()}", p) for p in data_files(code.values())]
    return labelled


@functools.cache
def stage_version(name: str) -> str:
    """``<declared version>+<hash of code and data>``, e.g. ``0.1.0+3f2a9c0d1e4b``."""
    declared = DECLARED.stage(name).version
    return f"{declared}+{digest(inputs(name), declared)}"


@functools.cache
def stage_versions() -> dict[str, str]:
    """Every declared stage's version, in pipeline order."""
    return {s.name: stage_version(s.name) for s in DECLARED.stages}


@functools.cache
def build_version() -> str:
    """The pipeline version a processed document records (and its event id
    carries): the declared one plus a hash of every stage's version, so a
    document processed by changed code publishes a new event id."""
    h = hashlib.sha256("\0".join(f"{k}={v}" for k, v in stage_versions().items()).encode())
    return f"{DECLARED.version}+{h.hexdigest()[:DIGEST_CHARS]}"


def first_stale(stages: dict[str, str]) -> str | None:
    """The first stage whose recorded version is not the current one (None: all current)."""
    for name, version in stage_versions().items():
        if stages.get(name) != version:
            return name
    return None
