"""Every string in both languages; every key the code asks for exists; every key in the locale file of
the one page that shows it, else in shared.toml (decision 0076, rule in tests/locale_homes.py)."""

import re
from pathlib import Path

import pytest

from lib.core.i18n import LOCALES, LocalizedError, file_strings, strings, t
from tests import locale_homes

REPO = Path(__file__).resolve().parents[2]
KEY_CALL = re.compile(r"""\b(?:t|ctx\.t|LocalizedError|[A-Za-z]+Error)\(\s*f?["']([a-z_][a-z0-9_.]*)["']""")


def test_every_entry_has_both_languages_and_the_same_placeholders():
    for key, entry in strings().items():
        assert set(entry) == {"zh", "en"}, key
        assert entry["zh"].strip() or key.startswith("unit."), key
        placeholders = {lang: set(re.findall(r"{(\w+)}", text)) for lang, text in entry.items()}
        assert placeholders["zh"] == placeholders["en"], key


def test_every_literal_key_in_the_code_exists():
    known = set(strings())
    missing = []
    for path in [*REPO.glob("lib/**/*.py"), *REPO.glob("pages/*.py"), REPO / "app.py"]:
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            if key.endswith(".") or "{" in key:
                continue
            if key not in known and not any(k.startswith(key + ".") for k in known):
                missing.append(f"{path.name}: {key}")
    assert not missing


def test_unknown_key_raises():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_localized_error_reads_in_both_languages():
    error = LocalizedError("region.error.unknown", raw="X")
    assert "无法识别" in error.text("zh") and "Unknown" in str(error)


def test_every_page_of_the_registry_has_its_locale_file_and_there_is_no_other_but_shared():
    assert sorted(path.stem for path in LOCALES.glob("*.toml")) == sorted(locale_homes.page_files())


def test_every_key_is_in_the_file_of_the_one_page_that_shows_it_else_in_shared():
    files = {path.stem: file_strings(path) for path in sorted(LOCALES.glob("*.toml"))}
    keys = tuple(key for entries in files.values() for key in entries)
    homes, readers = locale_homes.homes(keys), locale_homes.readers(keys)
    misplaced = [
        f"{key}: in {stem}.toml, belongs in {homes[key]}.toml (shown by {', '.join(sorted(readers[key])) or 'nothing'})"
        for stem, entries in files.items()
        for key in entries
        if homes[key] != stem
    ]
    assert misplaced == []


def test_a_key_shown_by_one_page_is_that_pages_and_one_shown_by_more_or_by_the_frame_is_shared():
    homes = locale_homes.homes(("overview.title", "about.intro", "status.on_track", "nav.overview", "ui.snapshot"))
    assert homes == {
        "overview.title": "overview",  # pages/overview.py alone
        "about.intro": "about",  # pages/about.py and lib/views/about.py
        "status.on_track": "shared",  # every page
        "nav.overview": "shared",  # the navigation (app.py)
        "ui.snapshot": "shared",  # the sidebar's controls (app.py)
    }
