"""The apps import only downward: each app may import itself and the apps below it in LAYERS, never
one above. The README's Layout section states the same order; this test is what keeps it true.

Every import counts, at module level or inside a function (a function-level import that only hides
an upward dependency is still one); imports under `if TYPE_CHECKING:` and migrations do not.
Django's string references ("countries.Country") are not imports and are fine.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. The project package (crimjust: settings, urls, the API router, Celery),
# benchmarks/, scripts/ and tests/ are not apps and may import anything.
LAYERS = [
    "core",
    "countries",
    "accounts",
    "activities",
    "people",
    "trainings",
    "operations",
    "audit",
    "sync",
    "stats",
    "results",
    "imports",
    "flows",
    "reports",
    "dashboards",
    "demo",
]

RANK = {app: rank for rank, app in enumerate(LAYERS)}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_modules(tree: ast.Module, package: str):
    """(line, dotted module) for every import in the tree, relative ones resolved against `package`
    (the dotted package the file belongs to), skipping `if TYPE_CHECKING:` blocks."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield node.lineno, module
        pending.extend(ast.iter_child_nodes(node))


def _app_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" not in relative.parts:
            yield relative


def upward_imports() -> list[tuple[str, int, str, str]]:
    """(path, line, imported app, own app) for each import of an app above the file's own."""
    found = []
    for app in LAYERS:
        for relative in _app_files(app):
            package = ".".join(relative.parent.parts)
            tree = ast.parse((ROOT / relative).read_text(), filename=str(relative))
            for line, module in _imported_modules(tree, package):
                target = module.split(".")[0]
                if target in RANK and RANK[target] > RANK[app]:
                    found.append((relative.as_posix(), line, target, app))
    return sorted(found)


def test_apps_import_only_downward():
    violations = [
        f"{path}:{line} imports {target} (above {own})" for path, line, target, own in upward_imports()
    ]
    assert not violations, "Upward imports (see LAYERS in tests/core/test_layers.py):\n" + "\n".join(
        violations
    )


def test_every_app_is_in_the_order():
    """A new app must take its place in LAYERS (and in the README) before it can import anything."""
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(LAYERS)


def test_the_readme_states_the_same_order():
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "Apps import only downward: " + " < ".join(LAYERS) in readme


def test_the_walk_sees_function_level_and_relative_imports_but_not_type_checking_ones():
    source = """
from typing import TYPE_CHECKING

from ..archive import record_archive
from . import csv

if TYPE_CHECKING:
    from reports.models import Report

def export():
    import stats.selectors
"""
    modules = sorted(module for _, module in _imported_modules(ast.parse(source), "core.api"))
    assert modules == ["core.api", "core.archive", "stats.selectors", "typing"]
