"""The package's import structure: no import cycle, a parser independent of
the gazetteer builder, modules of a readable size.

Imports are read from the source with ``ast``: top-level, inside functions
and under ``if TYPE_CHECKING:``, relative and absolute. An import of a name
that is a module (``from . import build``) counts as an import of that module.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "geomap"

# The parser reads the gazetteer through the store and the shared schema;
# building one is not its business.
PARSER = "geomap.geoparsing"
BUILDER = {
    "geomap.gazetteer.build",
    "geomap.gazetteer.sources",
    "geomap.gazetteer.userdata",
    "geomap.gazetteer.geonames_import",
}

MAX_LINES = 600
# Packages whose modules are held to MAX_LINES (the others are being split).
SIZED = ("geomap",)  # every module of the package


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module under geomap/: dotted name -> (file, is a package)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _known(name: str) -> str | None:
    """The innermost geomap module a dotted name lies in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    """The geomap modules ``module`` imports anywhere in its source."""
    path, is_package = MODULES[module]
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.split(".")[0] == "geomap"]
            found.update(m for m in map(_known, names) if m)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "geomap":
                continue
            for alias in node.names:
                full = f"{source}.{alias.name}"
                target = full if full in MODULES else _known(source)
                if target:
                    found.add(target)
    found.discard(module)
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_graph_sees_function_level_and_relative_imports() -> None:
    # Guards the reader itself: the store builds on first use, importing the
    # builder inside a method with a relative import.
    assert "geomap.gazetteer.build" in GRAPH["geomap.gazetteer.store"]
    assert "geomap.gazetteer.schema" in GRAPH["geomap.geoparsing.recognize"]


def test_find_cycle_reports_a_cycle() -> None:
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle() -> None:
    cycle = _find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_parser_imports_nothing_from_the_builder() -> None:
    offenders = {
        module: sorted(GRAPH[module] & BUILDER)
        for module in GRAPH
        if (module == PARSER or module.startswith(PARSER + ".")) and GRAPH[module] & BUILDER
    }
    assert not offenders, f"the geoparser imports the gazetteer builder: {offenders}"


def oversized_modules(limit: int = MAX_LINES) -> dict[str, int]:
    """Modules longer than ``limit`` lines, with their length."""
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, (p, _) in MODULES.items()}
    return {m: n for m, n in sorted(sizes.items()) if n > limit}


def test_no_module_is_over_the_size_limit() -> None:
    offenders = {
        m: n for m, n in oversized_modules().items() if any(m.startswith(p) for p in SIZED)
    }
    assert not offenders, f"modules over {MAX_LINES} lines: {offenders}"


def test_public_names_resolve() -> None:
    # The package's lazy names are module paths in strings: moves must keep them right.
    import geomap

    for name in geomap.__all__:
        assert getattr(geomap, name) is not None, name
