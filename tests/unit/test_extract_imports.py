"""services/extract has no import cycle, and no recogniser imports another:
recognisers get what they need through the analysis and the pipeline
(``services.extract.recognisers``), never by calling each other."""

from __future__ import annotations

import ast
from pathlib import Path

import services.extract

ROOT = Path(services.extract.__file__).parent
PACKAGE = "services.extract"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    """module -> the modules of services.extract it imports (anywhere in its
    body, functions included: a cycle through a lazy import is still a cycle)."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, is_package, node)
                # ``from . import ner`` imports a module; ``from .ner import X`` a name of one
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for t in targets:
                # ``import a.b.c`` runs a, a.b and a.b.c: the longest one we hold
                while t and t not in modules:
                    t = t.rpartition(".")[0]
                if t and t != module:
                    graph[module].add(t)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        path.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                return [*path[path.index(m) :], m]
            if m not in state and (found := visit(m)):
                return found
        path.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_the_graph_sees_the_imports():
    graph = import_graph()
    assert f"{PACKAGE}.recognisers" in graph
    assert f"{PACKAGE}.ner" in graph[f"{PACKAGE}.analysis"]


def test_services_extract_has_no_import_cycle():
    cycle = _cycle(import_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_recogniser_module_imports_another():
    from services.extract.recognisers import RECOGNISERS

    graph = import_graph()
    modules = {r.find.__module__ for r in RECOGNISERS}
    for m in modules:
        others = {o for o in graph[m] if any(o == n or o.startswith(n + ".") for n in modules - {m})}
        assert not others, (m, others)
