"""The package's shape: layers that import only downward, no import cycles, and no
function-level import of our own modules unless it says why it is deferred.

Read from the source with ``ast`` (nothing is imported), so a cycle hidden inside a
function, which Python would only hit at run time, still fails here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "claimledger"

#: Lowest first: a module may import its own layer and the layers before it, never one after.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "models", "lexicons"),
    ("syntax",),
    ("pipeline",),
    ("analysis",),
    ("engine", "evaluation"),
    ("store",),
    ("ledger",),
    ("ingest",),
    ("render", "export"),
    ("web",),
    ("cli",),
)
#: Top-level names that are not layers: the package's own ``__init__`` (the public API,
#: which reaches the analysis lazily) and ``python -m claimledger``.
ENTRY_POINTS = ("", "__main__")
DEFERRED_MARK = "# deferred:"


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    in_function: bool
    marked: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def resolve(name: str) -> str:
    """The module an imported dotted name lives in (a submodule if there is one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(module: str) -> Iterator[Import]:
    path = MODULES[module]
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def marked(lineno: int) -> bool:
        """The import's line, or the comment above its run of imports, says why."""
        if DEFERRED_MARK in lines[lineno - 1]:
            return True
        above = lineno - 2
        while above >= 0 and (
            not lines[above].strip() or lines[above].strip().startswith(("from ", "import "))
        ):
            above -= 1
        return above >= 0 and lines[above].strip().startswith(DEFERRED_MARK)

    def visit(node: ast.AST, in_function: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                continue  # never executed: only for the type checker
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    base = ".".join([*up, base] if base else up)
                names = [f"{base}.{a.name}" for a in child.names]
            else:
                inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
                yield from visit(child, inner)
                continue
            for name in names:
                if name.split(".")[0] == "claimledger":
                    target = resolve(name)
                    if target and target != module:
                        yield Import(module, target, child.lineno, in_function, marked(child.lineno))

    yield from visit(ast.parse(source), False)


GRAPH = {m: list(imports_of(m)) for m in MODULES}


def layer_of(module: str) -> int | None:
    top = module.split(".")[1] if "." in module else ""
    for rank, names in enumerate(LAYERS):
        if top in names:
            return rank
    return None


def test_every_top_level_module_has_a_layer() -> None:
    tops = {m.split(".")[1] if "." in m else "" for m in MODULES}
    placed = {name for layer in LAYERS for name in layer} | set(ENTRY_POINTS)
    assert tops - placed == set(), "add the new package to LAYERS (and to docs/architecture.md)"


def test_every_package_says_what_it_owns() -> None:
    folders = {p.parent for p in PACKAGE.rglob("*.py")}
    assert sorted(str(f) for f in folders if not (f / "__init__.py").exists()) == []
    missing = [
        m
        for m, p in MODULES.items()
        if p.name == "__init__.py" and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert missing == []


def test_layers_import_only_downward() -> None:
    upward = [
        f"{i.source}:{i.line} imports {i.target}"
        for imports in GRAPH.values()
        for i in imports
        if (a := layer_of(i.source)) is not None and (b := layer_of(i.target)) is not None and b > a
    ]
    assert upward == []


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle in ``graph`` (as a path that returns to its start), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_find_cycle_finds_one_through_a_function_level_import() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycles_even_inside_functions() -> None:
    graph = {m: {i.target for i in imports} for m, imports in GRAPH.items()}
    assert find_cycle(graph) is None


def test_function_level_imports_of_our_modules_say_why() -> None:
    unmarked = [
        f"{i.source}:{i.line} imports {i.target}"
        for imports in GRAPH.values()
        for i in imports
        if i.in_function and not i.marked
    ]
    assert unmarked == [], f"import at the top, or say why it is deferred with '{DEFERRED_MARK} ...'"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("claimledger.")))
def test_the_library_never_imports_the_dev_tools(module: str) -> None:
    source = MODULES[module].read_text(encoding="utf-8")
    assert "import tools" not in source and "from tools" not in source
