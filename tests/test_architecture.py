"""The layer rules of docs/ARCHITECTURE.md, read from the source with ``ast`` (imports inside functions
count): a stage imports only the stages before it in ``lib.STAGES``; only ``lib.ui`` imports
Streamlit; no ``_private`` name is imported from another module; no import circle; an import inside a
function says why it is not at the top."""

import ast
from pathlib import Path

from lib import STAGES

REPO = Path(__file__).resolve().parents[1]
MODULES = {
    ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): path
    for path in REPO.glob("lib/**/*.py")
}


def imports(name: str) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import statement of ``name``."""
    found = []
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def edges(name: str) -> set[str]:
    """The lib modules ``name`` imports (a name that is a submodule counts as that module)."""
    targets = set()
    for module, names in imports(name):
        submodules = {f"{module}.{n}" for n in names} & set(MODULES)
        targets |= submodules or ({module} & set(MODULES))
    return targets


def stage(name: str) -> int:
    return STAGES.index(name.split(".")[1])


def layer_problems() -> list[str]:
    problems = []
    for name in MODULES:
        if name == "lib":
            continue
        for module, names in imports(name):
            if module.split(".")[0] == "streamlit" and stage(name) != STAGES.index("ui"):
                problems.append(f"{name} imports Streamlit (only lib.ui may)")
            if module.startswith("lib.") and stage(module) > stage(name):
                problems.append(f"{name} imports {module}, a later stage")
            if module.startswith("lib") and any(n.startswith("_") and not n.startswith("__") for n in names):
                problems.append(f"{name} imports private names {names} from {module}")
    return problems


def cycles() -> list[list[str]]:
    graph = {name: edges(name) for name in MODULES}
    found, done = [], set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            found.append([*path[path.index(name) :], name])
        elif name not in done:
            for target in sorted(graph[name]):
                visit(target, [*path, name])
            done.add(name)

    for name in sorted(graph):
        visit(name, [])
    return found


def function_imports(name: str) -> list[tuple[int, int]]:
    """(first line, last line) of every import statement inside a function of module ``name``."""
    spans = set()
    for function in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            spans |= {
                (node.lineno, node.end_lineno)
                for node in ast.walk(function)
                if isinstance(node, ast.Import | ast.ImportFrom)
            }
    return sorted(spans)


def unexplained_function_imports() -> list[str]:
    """Function-level imports without a comment saying why (an import circle, a heavy optional
    dependency loaded only on that path): on the statement's own lines, or on the line before it
    or before the run of function-level imports it belongs to."""
    problems = []
    for name in MODULES:
        lines = MODULES[name].read_text(encoding="utf-8").splitlines()
        spans = function_imports(name)
        starts = {last: first for first, last in spans}  # a statement's start by its last line
        for first, last in spans:
            run = first
            while run - 1 in starts:  # the run of imports right above it
                run = starts[run - 1]
            own = any("#" in lines[number - 1] for number in range(first, last + 1))
            before = lines[run - 2].strip().startswith("#") if run > 1 else False
            if not (own or before):
                problems.append(f"{name}:{first}: {lines[first - 1].strip()}")
    return problems


def test_every_function_level_import_says_why_it_is_not_at_the_top():
    """An import belongs at the module's top, where a reader sees what the module depends on; one
    inside a function must say why (there are no circles to avoid: ``test_there_is_no_import_circle``)."""
    assert unexplained_function_imports() == []


def test_every_stage_is_a_package_and_every_module_is_in_one():
    assert {name.split(".")[1] for name in MODULES if name != "lib"} == set(STAGES)


def test_stages_import_only_earlier_stages_and_only_ui_imports_streamlit():
    assert layer_problems() == []


def test_there_is_no_import_circle():
    assert cycles() == []


def test_pages_pair_by_name_with_a_views_module():
    pages = {path.stem for path in (REPO / "pages").glob("*.py")}
    assert pages <= {name.split(".")[-1] for name in MODULES if name.startswith("lib.views.")}
    for page in pages:
        assert f"lib.views.{page}" in page_imports(REPO / "pages" / f"{page}.py"), page


def page_imports(path: Path) -> set[str]:
    """The modules a page imports (``from lib.views import overview`` counts as ``lib.views.overview``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


# Pages not yet thin (issue #20): each leaves this list when it is converted; the list only shrinks.
NOT_YET_THIN: set[str] = set()
PAGE_LAYOUT_LINES = 80


def page_problems(path: Path) -> list[str]:
    """A page is layout over its view model: it imports only ``streamlit``, ``lib.ui`` and its own
    ``lib.views`` module, and is at most ``PAGE_LAYOUT_LINES`` lines of code (docstring, comments and
    blank lines not counted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = {"streamlit", "lib.ui", f"lib.views.{path.stem}"}
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [
                f"{node.module}.{alias.name}" if node.module in ("lib", "lib.views") else node.module
                for alias in node.names
            ]
        else:
            continue
        problems += [f"{path.stem} imports {name}" for name in names if name not in allowed]
    body = tree.body[1:] if tree.body and isinstance(tree.body[0], ast.Expr) else tree.body
    code = set()
    for node in body:
        code |= set(range(node.lineno, node.end_lineno + 1))
    lines = path.read_text(encoding="utf-8").splitlines()
    counted = [n for n in code if lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")]
    if len(counted) > PAGE_LAYOUT_LINES:
        problems.append(f"{path.stem} has {len(counted)} lines of code (at most {PAGE_LAYOUT_LINES})")
    return problems


def test_pages_are_thin_layout_over_their_view_model():
    pages = sorted((REPO / "pages").glob("*.py"))
    assert {page.stem for page in pages} >= NOT_YET_THIN
    problems = [problem for page in pages if page.stem not in NOT_YET_THIN for problem in page_problems(page)]
    assert problems == []
    assert [page.stem for page in pages if page.stem in NOT_YET_THIN and not page_problems(page)] == [], (
        "a thin page is still on the allow-list: take it off"
    )


def face() -> tuple[set[str], set[str]]:
    """(the names ``lib/ui/__init__.py`` binds, the names in its ``__all__``)."""
    bound, listed = set(), set()
    for node in ast.parse(MODULES["lib.ui"].read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            bound |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "__all__" for target in node.targets):
            listed |= set(ast.literal_eval(node.value))
    return bound, listed


def face_uses() -> set[str]:
    """The names pages/*.py and app.py take from ``lib.ui`` (``ui.name`` after ``from lib import ui``)."""
    used = set()
    for path in [*(REPO / "pages").glob("*.py"), REPO / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ui":
                used.add(node.attr)
            elif isinstance(node, ast.ImportFrom) and node.module == "lib.ui":
                used |= {alias.name for alias in node.names}
    return used


def test_the_ui_face_is_exactly_what_pages_and_app_use():
    bound, listed = face()
    used = face_uses()
    assert listed == bound, "__all__ lists what lib/ui/__init__.py imports, no more, no less"
    assert sorted(listed - used) == [], "names no page or app.py uses: import them by module path instead"
    assert sorted(used - listed) == [], "pages use only lib.ui's face: add the name to lib/ui/__init__.py"


def test_ui_modules_import_each_other_by_module_path_not_through_the_face():
    through_face = [
        f"{name} takes {names} from lib.ui"
        for name in MODULES
        if name.startswith("lib.")
        for module, names in imports(name)
        if module == "lib.ui" and [n for n in names if f"lib.ui.{n}" not in MODULES]
    ]
    assert through_face == []


def test_a_page_checks_the_role_its_registry_entry_names():
    """A page's role is written once, in the registry: a page that checks it names its own entry
    (``ui.allowed(ctx, "<its url_path>")``, the action read from there), never an action of its own."""
    from lib.views.registry import PAGES

    checks = {}
    for entry in PAGES:
        tree = ast.parse((REPO / entry.file).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "allowed":
                checks[entry.file] = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
    assert checks, "no page checks a role"
    for entry in PAGES:
        if entry.file in checks:
            assert checks[entry.file] == [entry.url_path], entry.file


# the locale strings, and numbers written out in a reader's language (万, units, 个百分点)
WORD_MAKING = {"lib.core.i18n", "lib.core.formatting"}


def test_progress_returns_numbers_and_codes_and_views_make_the_words():
    """``progress`` returns numbers; ``views`` turn them into words (issue #20): no module of
    ``lib.progress`` imports the locale strings or the language-aware formatting, nor takes a reader's
    language. Failed on ``lib.progress.measures`` (the measures' names, formulas and the standing
    cell) and ``lib.progress.statuses`` (``status_label``) before those words moved to ``lib.views.words``."""
    problems = []
    for name in MODULES:
        if name == "lib.progress" or name.startswith("lib.progress."):
            problems += [f"{name} imports {module}" for module in sorted(edges(name) & WORD_MAKING)]
            problems += [
                f"{name}.{node.name} takes a language"
                for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8")))
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and "lang" in [arg.arg for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]]
            ]
    assert problems == []
