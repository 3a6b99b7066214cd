"""Every string in both languages; every key the code asks for exists."""

import re
from pathlib import Path

import pytest

from lib.core.i18n import LocalizedError, strings, t

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
