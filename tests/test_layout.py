"""The package's shape: modules of a readable size, imports in one direction, commands that the
README shows. These hold the structure docs/layout.md describes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from vaultkeeper.cli import cli

PACKAGE = Path(__file__).resolve().parent.parent / "vaultkeeper"
README = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
MAX_LINES = 420


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every package module `name` imports anywhere: at the top, in a function, or only for
    type checking (a cycle hidden behind TYPE_CHECKING is still a cycle)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            target = node.module or ""
            if node.level:
                target = f"{base}.{target}" if target else base
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in known and module != name}


def test_no_module_is_longer_than_one_sitting() -> None:
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_dataclass_says_what_it_is() -> None:
    """A docstring for each: for the reader, and because `dataclasses` reads `inspect` for a
    class without one, which the short commands never load otherwise (`program.py`)."""
    bare = [
        f"{path.relative_to(PACKAGE)}: {node.name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
        and any("dataclass" in ast.unparse(d) for d in node.decorator_list)
        and ast.get_docstring(node) is None
    ]
    assert bare == []


def test_no_import_cycles_even_under_type_checking() -> None:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(name, path, known) for name, path in modules.items()}
    graph = {name: {d for d in deps if d != "vaultkeeper"} for name, deps in graph.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append([*trail[trail.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_core_never_imports_click() -> None:
    edges = {
        "vaultkeeper.cli",
        "vaultkeeper.cli_write",
        "vaultkeeper.cli_suggest",
        "vaultkeeper.cli_review",
        "vaultkeeper.cli_lint",
        "vaultkeeper.cli_draft",
        "vaultkeeper.cli_interop",
        "vaultkeeper.app",
        "vaultkeeper.params",
        "vaultkeeper.shortcut_touch",  # click's own unstyle, for a line holding an escape
    }
    for name, path in _modules().items():
        if name in edges:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and not node.level
        }
        assert "click" not in imported, name


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme_with_an_example(command: str) -> None:
    assert re.search(rf"^### `vaultkeeper {command}\b", README, re.M) or re.search(
        rf"^### .*`{command}`", README, re.M
    ), f"README has no section for {command}"
    example = re.search(rf"^(?:\$ )?vaultkeeper (?:--\S+ \S+ )*{command}\b", README, re.M)
    assert example, f"README shows no example of `vaultkeeper {command}`"
