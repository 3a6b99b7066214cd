"""The documentation held to the code (as Datasette's tests/test_docs.py does): ARCHITECTURE.md names every
stage in order and every module in its stage's paragraph; each package says in its first line what it may
import and re-exports nothing nobody imports through; the README is short and its page table is the app's page
list; docs/deployment.md's settings table names exactly the settings read; every relative link leads to a file."""

import ast
import importlib
import re
from pathlib import Path

import pytest

from lib import STAGES
from lib.core.i18n import t

REPO = Path(__file__).resolve().parents[1]
ARCHITECTURE = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")
DEPLOYMENT = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
README_LIMIT_BYTES = 12 * 1024
FACES_WITH_EXPORTS = {"ui"}  # lib.ui's face: exactly what pages/ and app.py use (tests/test_architecture.py)


def served_pages() -> list[tuple[str, str, str]]:
    """(url path, Chinese title, English title) of every page the app serves, in navigation order: the one
    page registry (lib.views.registry) — nothing else in this file knows where pages are listed."""
    from lib.views.registry import PAGES

    return [(entry.url_path, t(entry.title_key, "zh"), t(entry.title_key, "en")) for entry in PAGES]


def table_rows(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the first table under ``heading``, each as its cells."""
    section = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def stage_sections() -> dict[str, str]:
    parts = re.split(r"^### lib/([a-z]+)/$", ARCHITECTURE, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_architecture_has_one_section_per_stage_in_order():
    assert list(stage_sections()) == list(STAGES)
    assert " → ".join(f"`{stage}`" for stage in STAGES) in ARCHITECTURE


def test_architecture_says_where_to_add_things_before_the_stages():
    where = ARCHITECTURE.index("## Where to add")
    assert where < ARCHITECTURE.index("## The data flow") < ARCHITECTURE.index("### lib/core/")
    for thing in ("a page", "an indicator", "a target", "an export", "a setting"):
        assert f"**{thing}**" in ARCHITECTURE[where:], thing


@pytest.mark.parametrize("stage", STAGES)
def test_every_module_is_described_in_its_stage(stage):
    modules = sorted(p.stem for p in (REPO / "lib" / stage).glob("*.py") if p.stem != "__init__")
    section = stage_sections()[stage]
    assert [m for m in modules if f"`{m}`" not in section] == []


@pytest.mark.parametrize("stage", STAGES)
def test_each_package_says_what_it_is_and_may_import(stage):
    package = importlib.import_module(f"lib.{stage}")
    head = package.__doc__.strip()
    assert "\n" not in head and head.startswith(f"{stage} — ") and "import" in head


@pytest.mark.parametrize("stage", sorted(set(STAGES) - FACES_WITH_EXPORTS))
def test_a_stage_face_reexports_nothing(stage):
    """Modules import by module path; a re-export list nobody imports through only goes stale."""
    face = ast.parse((REPO / "lib" / stage / "__init__.py").read_text(encoding="utf-8"))
    assert [ast.unparse(node) for node in face.body[1:]] == []


@pytest.mark.parametrize("stage", sorted(FACES_WITH_EXPORTS))
def test_a_face_that_exports_exports_what_exists(stage):
    package = importlib.import_module(f"lib.{stage}")
    assert package.__all__ and all(hasattr(package, name) for name in package.__all__)
    assert not [name for name in package.__all__ if name.startswith("_")]


def test_the_readme_is_the_front_door():
    assert len(README.encode("utf-8")) <= README_LIMIT_BYTES
    assert "make run" in README and "make test" in README and "示例数据" in README
    for doc in ("user-guide", "data-format", "method", "deployment", "benchmarks", "ARCHITECTURE"):
        assert f"(docs/{doc}.md)" in README, doc
    assert "(CHANGELOG.md)" in README and "(docs/decisions/)" in README


def test_the_registry_names_every_page_file_and_app_py_builds_the_navigation_from_it():
    from lib.views.registry import PAGES

    assert sorted(entry.file for entry in PAGES) == sorted(f"pages/{p.name}" for p in (REPO / "pages").glob("*.py"))
    app = (REPO / "app.py").read_text(encoding="utf-8")
    assert "registry.PAGES" in app and "pages/" not in app.split('"""', 2)[2]


def test_the_readme_page_table_is_the_page_list():
    rows = table_rows(README, "## 页面 · Pages")
    listed = [re.fullmatch(r"(\S+) (.+) \(`(/[a-z]*)`\)", row[0]).groups() for row in rows]
    served = [(zh, en, "/" if slug == "overview" else f"/{slug}") for slug, zh, en in served_pages()]
    assert listed == served
    assert {slug for slug, _, _ in served_pages()} == {page.stem for page in (REPO / "pages").glob("*.py")}


def test_the_settings_table_names_exactly_the_settings_read():
    settings = (REPO / "lib" / "core" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'environ\.get\("([A-Z_]+)"', settings))
    documented = {re.fullmatch(r"`([A-Z_]+)`", row[0]).group(1) for row in table_rows(DEPLOYMENT, "## Settings")}
    assert read and documented == read
    others = [
        p
        for p in REPO.glob("lib/**/*.py")
        if p.name != "settings.py" and "environ.get(" in p.read_text(encoding="utf-8")
    ]
    assert others == []


def test_every_relative_link_leads_to_a_file():
    documents = [REPO / "README.md", REPO / "CHANGELOG.md", REPO / "deploy" / "README.md", *REPO.glob("docs/**/*.md")]
    broken = []
    for document in documents:
        for target in re.findall(r"\]\(([^)\s]+)\)", document.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            if not (document.parent / target.split("#", 1)[0]).exists():
                broken.append(f"{document.relative_to(REPO)} → {target}")
    assert broken == []
