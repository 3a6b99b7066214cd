"""The documentation held to the code (as Datasette's tests/test_docs.py does): ARCHITECTURE.md names every
stage in order and every module in its stage's paragraph; each package says in its first line what it may
import and exports what exists; the README lists every page and every setting."""

import importlib
import re
from pathlib import Path

import pytest

from lib import STAGES

REPO = Path(__file__).resolve().parents[1]
ARCHITECTURE = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def stage_sections() -> dict[str, str]:
    parts = re.split(r"^### lib/([a-z]+)/$", ARCHITECTURE, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_architecture_has_one_section_per_stage_in_order():
    assert list(stage_sections()) == list(STAGES)
    assert " → ".join(f"`{stage}`" for stage in STAGES) in ARCHITECTURE


@pytest.mark.parametrize("stage", STAGES)
def test_every_module_is_described_in_its_stage(stage):
    modules = sorted(p.stem for p in (REPO / "lib" / stage).glob("*.py") if p.stem != "__init__")
    section = stage_sections()[stage]
    assert [m for m in modules if f"`{m}`" not in section] == []


@pytest.mark.parametrize("stage", STAGES)
def test_each_package_says_what_it_is_and_may_import_and_exports_what_exists(stage):
    package = importlib.import_module(f"lib.{stage}")
    head = package.__doc__.strip()
    assert "\n" not in head and head.startswith(f"{stage} — ") and "import" in head
    assert package.__all__ and all(hasattr(package, name) for name in package.__all__)
    assert not [name for name in package.__all__ if name.startswith("_")]


def registered_pages() -> list[str]:
    """Every page's URL path, from the one page registry (lib.views.registry)."""
    from lib.views.registry import PAGES

    return [entry.url_path for entry in PAGES]


def test_the_registry_names_every_page_file_and_app_py_builds_the_navigation_from_it():
    from lib.views.registry import PAGES

    assert sorted(entry.file for entry in PAGES) == sorted(f"pages/{p.name}" for p in (REPO / "pages").glob("*.py"))
    app = (REPO / "app.py").read_text(encoding="utf-8")
    assert "registry.PAGES" in app and "pages/" not in app.split('"""', 2)[2]


def test_the_readme_points_to_the_architecture_and_lists_every_page():
    layout = README.split("## 代码结构 · Layout", 1)[1].split("\n## ", 1)[0]
    assert "docs/ARCHITECTURE.md" in layout
    for page in registered_pages():
        assert f"`{page}`" in layout, page
        assert f"(`/{page}`)" in README or page == "overview", page


def test_every_setting_read_is_documented():
    settings = (REPO / "lib" / "core" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'environ\.get\("([A-Z_]+)"', settings))
    assert read and not [name for name in sorted(read) if f"`{name}" not in README]
    others = [
        p
        for p in REPO.glob("lib/**/*.py")
        if p.name != "settings.py" and "environ.get(" in p.read_text(encoding="utf-8")
    ]
    assert others == []
