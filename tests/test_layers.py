"""Dependencies point one way: an app imports only the apps of the layers below its own.

Read from the source (AST) of every module under apps/ except migrations: imports at module level
and inside functions alike, relative ones resolved. Imports under `if TYPE_CHECKING:` are allowed
(they name a type for the checker and run nothing). Two apps in one layer do not import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APPS_DIR = Path(__file__).resolve().parent.parent / "apps"

# Lowest first. A new app (suksesi, komite, ...) takes its place here before its first import: the
# test fails for an app it does not know. Demo data sit on top of everything.
LAYERS: list[set[str]] = [
    {"core"},
    {"accounts"},
    {"instansi"},
    {"notifikasi"},
    {"impor"},
    {"pegawai"},
    {"asesmen", "kinerja"},
    {"petatalenta"},
    {"suksesi"},
    {"komite", "pengembangan"},
    {"nasional", "privasi"},
    {"demo"},
]
LAYER_OF = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(source: str, *, module: str) -> list[str]:
    """Absolute names of the modules `source` (the module `module`) imports when it runs."""
    package = module.split(".")[:-1]
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            # `from apps import pegawai` / `from . import selectors`: the names may be modules.
            found.extend([f"{name}.{alias.name}" for alias in node.names] if not node.module else [name])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def _app_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "apps" else None


def _modules() -> list[tuple[str, str, str]]:
    """(path relative to the project, dotted module name, app) of every non-migration module."""
    rows = []
    for path in sorted(APPS_DIR.rglob("*.py")):
        relative = path.relative_to(APPS_DIR.parent)
        if "migrations" in relative.parts or len(relative.parts) < 3:
            continue
        module = ".".join(relative.with_suffix("").parts)
        rows.append((relative.as_posix(), module, relative.parts[1]))
    return rows


def upward_imports() -> set[tuple[str, str]]:
    violations = set()
    for path, module, app in _modules():
        for name in runtime_imports((APPS_DIR.parent / path).read_text(), module=module):
            target = _app_of(name)
            if target is not None and target != app and LAYER_OF[target] >= LAYER_OF[app]:
                violations.add((path, name))
    return violations


def test_every_app_has_a_layer():
    apps = {path.name for path in APPS_DIR.iterdir() if (path / "apps.py").exists()}
    assert apps == set(LAYER_OF)


def test_no_app_imports_an_app_of_its_own_layer_or_above():
    assert upward_imports() == set()


def test_core_imports_no_other_app_and_not_the_project_package():
    for path, module, app in _modules():
        if app != "core":
            continue
        for name in runtime_imports((APPS_DIR.parent / path).read_text(), module=module):
            assert _app_of(name) in (None, "core"), (path, name)
            assert name.split(".")[0] not in ("talenta", "devserver", "tests"), (path, name)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import apps.asesmen.models", ["apps.asesmen.models"]),
        ("def f():\n    from apps.kinerja import selectors", ["apps.kinerja"]),
        ("from ..selectors import x", ["apps.pegawai.selectors"]),
        ("from ...asesmen.models import Asesmen", ["apps.asesmen.models"]),
        (
            "from . import selectors, forms",
            ["apps.pegawai.templatetags.selectors", "apps.pegawai.templatetags.forms"],
        ),
        ("if TYPE_CHECKING:\n    from apps.instansi.models import Instansi", []),
        ("if typing.TYPE_CHECKING:\n    import apps.x\nelse:\n    import apps.y", ["apps.y"]),
        ("class A:\n    def f(self):\n        if True:\n            import apps.z", ["apps.z"]),
    ],
)
def test_the_scanner_sees_every_runtime_import_and_no_type_only_one(source, expected):
    assert runtime_imports(source, module="apps.pegawai.templatetags.tags") == expected
