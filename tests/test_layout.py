"""The shape of the package: no import cycle, the command line's helpers import nothing above
them, and no module too long to read.

Imports are read from the source with ``ast``, at module level and inside functions alike (a
lazy import closes a cycle as surely as any other), relative and absolute.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "textfix"
MAX_LINES = 600


def module_name(path: Path, root: Path = SOURCE) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = SOURCE) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted((root / PACKAGE).rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The package's modules that module ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _known(alias.name, known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:  # from . import jsonl: the module textfix.cli.jsonl
                submodule = f"{base}.{alias.name}"
                yield from _known(submodule if submodule in known else base, known)


def _known(target: str, known: set[str]) -> Iterator[str]:
    """``target``, or the nearest package above it, when it is one of the package's."""
    while target and target not in known:
        target = target.rpartition(".")[0]
    if target:
        yield target


def import_graph(root: Path = SOURCE) -> dict[str, set[str]]:
    found = modules(root)
    compiled = {module_name(path, root) for path in (root / PACKAGE).rglob("*.pyi")}  # _core
    known = set(found) | compiled
    return {name: set(imported(name, path, known)) - {name} - compiled
            for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_graph_is_read() -> None:
    """Imports of every kind are seen: relative, absolute, inside functions."""
    graph = import_graph()
    assert "textfix.cli._io" in graph["textfix.cli.jsonl"]  # from ._io import ...
    assert "textfix.cli.jsonl" in graph["textfix.cli.command"]  # from . import jsonl, lazily
    assert "textfix.web.command" in graph["textfix.cli.command"]  # from ..web.command, lazily
    assert "textfix.api" in graph["textfix"]


def test_a_cycle_is_found(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub import b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text("def later():\n    import textfix.c\n")
    (package / "c.py").write_text("from . import a\n")
    assert cycles(import_graph(tmp_path)) == [["textfix.a", "textfix.c", "textfix.sub.b"]]


def test_cli_helpers_import_nothing_above_them() -> None:
    """``textfix.cli._io`` is what every command module imports: it may import the library
    below the command line, never the command line itself."""
    above = ("textfix.cli", "textfix.web", "textfix.__main__")
    upward = {name for name in import_graph()["textfix.cli._io"]
              if name == "textfix" or name.startswith(above)}
    assert upward == set()


def test_the_library_does_not_import_the_command_line() -> None:
    importers = {name for name, targets in import_graph().items()
                 if not name.startswith("textfix.cli") and name != "textfix.__main__"
                 and any(target.startswith("textfix.cli") for target in targets)}
    assert importers == set()


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_is_short_enough(name: str) -> None:
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name}: {lines} lines"
