"""Which locale file each string belongs in: the file of the one page that shows it, else ``shared.toml``.

A definition (a module's top-level function, class or constant) *names* a key when it holds it as a
string literal, as a literal ending in ``.`` (``"status."``), as the pattern of an f-string
(``f"status.{s}"``, ``f"measure.{m}.label"``) or as the left side of ``"status." + s``. A page *shows*
a key when its script refers, directly or through the definitions those refer to, to a definition
naming it (a name taken from the ``lib.ui`` face counts as the definition behind it). A key shown by
exactly one page of ``lib.views.registry.PAGES`` and by nothing else (``app.py``'s frame, the command
line) lives in ``lib/core/locales/<page>.toml``; every other key — the sidebar, controls, status
words, units, measures, errors of the lower stages, the command line's words — in ``shared.toml``.
tests/core/test_i18n.py holds every key to its home.

References are read from the source (``ast``), so they over-approach: a class referred to reaches all
its methods, and a module's loose top-level code is reached with any of its definitions. Over-approach
only moves a key towards ``shared.toml``, never to the wrong page.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

from lib.views.registry import PAGES

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "lib" / "core" / "locales"
SHARED = "shared"
LOOSE = ""  # a module's top-level code that is no definition (``if``/``try`` blocks)
Node = tuple[str, str]  # (module, top-level name)


@cache
def sources() -> dict[str, Path]:
    """Every module that may name a key: ``lib.*``, ``pages.<page>`` and ``app``."""
    found = {
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): path
        for path in REPO.glob("lib/**/*.py")
    }
    found |= {f"pages.{path.stem}": path for path in (REPO / "pages").glob("*.py")}
    found["app"] = REPO / "app.py"
    return found


@cache
def tree(module: str) -> ast.Module:
    return ast.parse(sources()[module].read_text(encoding="utf-8"))


@cache
def definitions(module: str) -> dict[str, tuple[ast.AST, ...]]:
    """A module's top-level statements by the name they define (loose code under ``LOOSE``)."""
    found: dict[str, list[ast.AST]] = defaultdict(list)
    for index, statement in enumerate(tree(module).body):
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found[statement.name].append(statement)
        elif isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)]
            for name in names or [LOOSE]:
                found[name].append(statement)
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            continue
        elif index == 0 and isinstance(statement, ast.Expr):
            continue  # the docstring
        else:
            found[LOOSE].append(statement)
    return {name: tuple(statements) for name, statements in found.items()}


def target(module: str, name: str) -> Node | str:
    """What ``from module import name`` binds: a submodule (its name), or the definition behind it
    (followed through a package's re-exports)."""
    if f"{module}.{name}" in sources():
        return f"{module}.{name}"
    if module not in sources():
        return (module, LOOSE)
    if name in definitions(module):
        return (module, name)
    for statement in tree(module).body:
        if isinstance(statement, ast.ImportFrom) and statement.module:
            for alias in statement.names:
                if (alias.asname or alias.name) == name:
                    return target(statement.module, alias.name)
    return (module, LOOSE)


@cache
def bindings(module: str) -> dict[str, Node | str]:
    """Each name an import binds in ``module`` (anywhere in it) and what it stands for."""
    found: dict[str, Node | str] = {}
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in sources():
                    found[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "lib":
            for alias in node.names:
                found[alias.asname or alias.name] = target(node.module, alias.name)
    return found


@cache
def refers(node: Node) -> frozenset[Node]:
    """The definitions ``node`` refers to."""
    module, name = node
    found = {(module, LOOSE)}
    local, imported = definitions(module), bindings(module)
    for statement in local.get(name, ()):
        for part in ast.walk(statement):
            if isinstance(part, ast.Name) and part.id in local:
                found.add((module, part.id))
            elif isinstance(part, ast.Name) and isinstance(imported.get(part.id), tuple):
                found.add(imported[part.id])
            elif (
                isinstance(part, ast.Attribute)
                and isinstance(part.value, ast.Name)
                and isinstance(imported.get(part.value.id), str)
            ):
                bound = target(imported[part.value.id], part.attr)
                found.add(bound if isinstance(bound, tuple) else (bound, LOOSE))
    return frozenset(found - {node})


def surfaces() -> dict[str, tuple[str, ...]]:
    """Each place a person reads words, with the modules whose every definition it runs: the
    registry's pages, the app's frame (sidebar, navigation) and the command line."""
    found = {Path(entry.file).stem: (f"pages.{Path(entry.file).stem}",) for entry in PAGES}
    found["app"] = ("app",)
    found["cli"] = tuple(module for module in sources() if module.startswith("lib.cli"))
    return found


@cache
def reached(surface: str) -> frozenset[Node]:
    """Every definition ``surface`` runs or may run."""
    todo = [(module, name) for module in surfaces()[surface] for name in definitions(module)]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node not in seen and node[0] in sources():
            seen.add(node)
            todo += refers(node)
    return frozenset(seen)


@cache
def patterns(node: Node) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """The exact strings a definition holds, and the key patterns (prefixes, f-strings) it builds."""
    exact: set[str] = set()
    built: list[re.Pattern] = []
    for statement in definitions(node[0]).get(node[1], ()):
        for part in ast.walk(statement):
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                exact.add(part.value)
                if part.value.endswith(".") and len(part.value) > 1:
                    built.append(re.compile(re.escape(part.value) + r".+"))
            elif isinstance(part, ast.JoinedStr) and isinstance(part.values[0], ast.Constant):
                literal = "".join(piece.value for piece in part.values if isinstance(piece, ast.Constant))
                if "." in literal:
                    built.append(
                        re.compile(
                            "".join(
                                re.escape(piece.value) if isinstance(piece, ast.Constant) else r"[A-Za-z0-9_.]+"
                                for piece in part.values
                            )
                        )
                    )
            elif isinstance(part, ast.BinOp) and isinstance(part.op, ast.Add):
                left = part.left
                if isinstance(left, ast.Constant) and isinstance(left.value, str) and "." in left.value:
                    built.append(re.compile(re.escape(left.value) + r".+"))
    return frozenset(exact), tuple(built)


@cache
def all_users(keys: tuple[str, ...]) -> dict[str, frozenset[Node]]:
    """The definitions that name each of ``keys``."""
    found: dict[str, set[Node]] = {key: set() for key in keys}
    for module in sources():
        for name in definitions(module):
            exact, built = patterns((module, name))
            for key in exact & found.keys():
                found[key].add((module, name))
            for pattern in built:
                for key in keys:
                    if pattern.fullmatch(key):
                        found[key].add((module, name))
    return {key: frozenset(nodes) for key, nodes in found.items()}


def readers(keys: tuple[str, ...]) -> dict[str, set[str]]:
    """The surfaces (pages, ``app``, ``cli``) that reach a definition naming each of ``keys``."""
    return {
        key: {surface for surface in surfaces() if reached(surface) & nodes} for key, nodes in all_users(keys).items()
    }


def homes(keys: tuple[str, ...]) -> dict[str, str]:
    """The locale file (without ``.toml``) each of ``keys`` belongs in."""
    found = {}
    for key, surfaces_ in readers(keys).items():
        only = next(iter(surfaces_)) if len(surfaces_) == 1 else SHARED
        found[key] = only if only not in ("app", "cli") else SHARED
    return found


def page_files() -> list[str]:
    """Every locale file there must be: one per page of the registry, and the shared one."""
    return [surface for surface in surfaces() if surface not in ("app", "cli")] + [SHARED]
