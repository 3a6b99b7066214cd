"""No emoji anywhere the UI draws text or icons: they show as empty boxes on machines without a
colour-emoji font (common on intranet Linux desktops). Icons are Streamlit's bundled Material
Symbols (``:material/name:``); the status symbols are in the bundled CJK font."""

import ast
import re
from pathlib import Path

import pytest

from static.fonts.vendor import SYMBOLS

REPO = Path(__file__).resolve().parents[1]
UI_FILES = sorted(
    [
        REPO / "app.py",
        *(REPO / "pages").glob("*.py"),
        *(REPO / "lib").rglob("*.py"),
        *(REPO / "lib" / "core" / "locales").glob("*.toml"),
        *(REPO / "data" / "catalogue").glob("*.toml"),
    ]
)
# Pictographs and symbols that browsers draw with a colour-emoji font (or not at all without one).
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\u2139\u203c\u2049\u3030\u303d\u3297\u3299"
    "\u25b6\u25c0\u25aa\u25ab\u25fb-\u25fe\u2194-\u2199\u21a9\u21aa]"
)
ALLOWED = set(SYMBOLS)  # ★ ▲ ◆ ▼ ○ × – …: subset into the bundled font (static/fonts/vendor.py)


def emoji_in(text: str) -> list[str]:
    return sorted({char for char in EMOJI.findall(text) if char not in ALLOWED})


def test_the_scan_finds_emoji_and_spares_the_status_symbols():
    assert emoji_in("📊 总览 ⚠️ ✕ ⬇ ◀ ℹ️") == sorted({"📊", "⚠", "\ufe0f", "✕", "⬇", "◀", "ℹ"})
    assert emoji_in("★ 已完成 ▲ ◆ ▼ × ○ – 进度 ≥ 30%") == []


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_emoji_in_ui_source(path):
    found = [(number, emoji_in(line)) for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)]
    assert [(number, chars) for number, chars in found if chars] == []


def icon_arguments():
    """Every ``icon=`` / ``page_icon=`` given as a literal in app.py, pages/ and lib/ui/."""
    for path in [REPO / "app.py", *(REPO / "pages").glob("*.py"), *(REPO / "lib" / "ui").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg in ("icon", "page_icon")
                and isinstance(node.value, ast.Constant)
            ):
                yield path.name, node.arg, node.value.value
            if isinstance(node, ast.Tuple) and path.name == "app.py":  # the page table: (path, slug, icon, default)
                values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
                if len(values) == 4 and str(values[0]).startswith("pages/"):
                    yield path.name, "st.Page", values[2]


def test_every_icon_is_a_material_symbol_and_the_favicon_our_own_file():
    from streamlit.material_icon_names import ALL_MATERIAL_ICONS

    icons = list(icon_arguments())
    assert len(icons) > 20
    for where, argument, value in icons:
        if argument == "page_icon":  # a Material favicon would be fetched from fonts.gstatic.com
            assert (REPO / value).is_file() and value.startswith("static/"), value
            continue
        match = re.fullmatch(r":material/([a-z0-9_]+):", value)
        assert match and match.group(1) in ALL_MATERIAL_ICONS, (where, value)
