"""Issue #21: the rendered text of every user page, in both languages, read by Chromium as a person
sees it — no developers' words (column ids, enum values, None, midnight timestamps, file paths, CLI
commands, environment variables) and, on the Chinese pages, no English word outside an allow-list.
Failed on the old pages first: 由 lib/store/demo.py … on every page, change_kind and indicator_id on
Data, target_id and off_track and a server path on About, python -m lib.cli and DASHBOARD_SMTP_HOST
on Subscriptions."""

import json

import pytest

from tests.e2e.shared.browser import open_page
from tests.english_scan import USER_PAGES, developer_words, english_words

pytestmark = pytest.mark.e2e

# Material Symbols are ligatures: their names (trending_up) are drawn as glyphs, never read as words
ICONS_OFF = """() => document.querySelectorAll("[data-testid='stApp'] *").forEach(el => {
    if (el.children.length === 0 && getComputedStyle(el).fontFamily.includes("Material Symbols")) el.textContent = "";
})"""
# Streamlit's own file-uploader drop zone ("Drag and drop file here", "Limit … per file", its button) is
# Streamlit's text, not ours: it has no translation to choose; the uploader's own label stays in the scan.
STREAMLIT_UPLOADER_OFF = """() => document.querySelectorAll(
    "[data-testid='stFileUploaderDropzone']").forEach(el => { el.textContent = ""; })"""
GRID_TEXT = """() => Array.from(document.querySelectorAll(
    "[data-testid='stDataFrame'] [role='gridcell'], [data-testid='stDataFrame'] [role='columnheader']"
)).map(cell => cell.innerText || cell.textContent).join("\\n")"""


BODY_TEXT = f"""() => {{
    ({ICONS_OFF})();
    ({STREAMLIT_UPLOADER_OFF})();
    return document.querySelector("[data-testid='stApp']").innerText;
}}"""


def rendered_text(page) -> str:
    """What the page shows: its text, and the cells of its tables (drawn on a canvas, mirrored in
    an accessible grid). Icons are blanked and the text read in one script, so a late render
    (a lazily loaded element drawing its icon again) cannot come between the two."""
    return page.evaluate(BODY_TEXT) + "\n" + page.evaluate(GRID_TEXT)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_developer_words_on_any_user_page(page, app_url, lang, screenshots):
    found = {}
    for name in USER_PAGES:
        open_page(page, f"{app_url}/{name}" + ("?lang=en" if lang == "en" else ""))
        text = rendered_text(page)
        words = developer_words(text)
        if lang == "zh":
            words += [f"English: {word}" for word in english_words(text)]
        if words:
            found[name or "overview"] = words[:12]
    (screenshots / f"words-on-pages-{lang}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1))
    assert found == {}, found
