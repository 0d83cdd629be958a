"""The import rules of docs/ARCHITECTURE.md, checked on the source (nothing is imported):
imports run one way (CLI -> flows -> library -> store), Prefect stays in the flows package,
and no two modules import each other, directly or round a circle.

Every import counts, also one inside a function (a lazy import is still a dependency);
only ``if TYPE_CHECKING:`` blocks are left out (they never run).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from support import ROOT

# the installed package's modules: the repository's folders as pyproject.toml maps them
SOURCE_ROOTS = {"negotrack": ROOT / "negotrack", "negotrack.flows": ROOT / "flows"}
ENTRY = "negotrack.cli"
FLOWS = "negotrack.flows"
PREFECT = ("prefect", "prefect_dask")


def _module_files() -> dict[str, Path]:
    modules = {}
    for package, folder in SOURCE_ROOTS.items():
        for path in folder.rglob("*.py"):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join([package, *parts])] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    """Dotted names this module imports (``from a import b`` gives ``a.b``)."""
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against this module's package
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            # `from a import b` is a.b when b is a module, else a name defined in a (the
            # resolution below falls back to a). The package a itself is imported first
            # either way, as it is for every submodule: that is no dependency of the code.
            names.extend(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


@cache
def _graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """module -> modules of ours it imports; module -> top-level outside packages it imports."""
    files = _module_files()
    ours: dict[str, set[str]] = {}
    outside: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        ours[module], outside[module] = set(), set()
        for name in _imported_names(tree, module, path.name == "__init__.py"):
            parts = name.split(".")
            # the longest prefix that is one of our modules: `from a import b` is a.b if
            # b is a module, else a (b is a name defined in a)
            target = next((".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in files), None)
            if target is not None:
                if target != module:
                    ours[module].add(target)
            elif parts[0] != "negotrack":
                outside[module].add(parts[0])
    return ours, outside


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_source_roots_are_what_pyproject_installs():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"]["negotrack.flows"] == "flows"
    packages = set(config["packages"])
    # every folder of the package with an __init__.py is listed (a mapped layout is not
    # discovered: a forgotten one would be missing from `pip install .` only)
    for module, path in _module_files().items():
        if path.name == "__init__.py":
            assert module in packages, f"{module} ({path.parent}) is not in pyproject.toml's packages"
    assert {"negotrack.sql", "negotrack.expectations"} <= packages


def test_prefect_is_imported_only_by_the_flows_package_and_the_cli():
    _, outside = _graph()
    offenders = sorted(m for m, names in outside.items()
                       if set(PREFECT) & names and not (_in(m, FLOWS) or m == ENTRY))
    assert offenders == []
    assert any(set(PREFECT) & names for m, names in outside.items() if _in(m, FLOWS))  # the check sees imports


def test_imports_run_one_way_cli_then_flows_then_library():
    ours, _ = _graph()
    wrong = []
    for module, targets in ours.items():
        for target in targets:
            if target == ENTRY and module != ENTRY:
                wrong.append(f"{module} -> {target} (nothing imports the CLI)")
            elif _in(target, FLOWS) and not (_in(module, FLOWS) or module == ENTRY):
                wrong.append(f"{module} -> {target} (the library imports no flow)")
    assert wrong == []


def test_the_store_is_the_ground_floor():
    ours, _ = _graph()
    assert ours["negotrack.store"] <= {"negotrack.config"}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a self-loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_circles_are_found_when_there_are_some():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_round_a_circle():
    ours, _ = _graph()
    assert _circles(ours) == []


@pytest.mark.parametrize("module", ["negotrack.codebook", "negotrack.models", "negotrack.config", "negotrack.text"])
def test_the_data_model_knows_no_pipeline_stage(module):
    ours, _ = _graph()
    stages = ("negotrack.extract", "negotrack.ingest", "negotrack.validate", "negotrack.report", "negotrack.stages")
    assert not [t for t in ours[module] if any(_in(t, s) for s in stages)]
