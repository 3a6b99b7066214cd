"""Every user-facing string, in Chinese (default) and English, from one place.

Strings live in ``lib/core/locales/*.toml``: one file per page of ``lib.views.registry`` (the words
only that page shows) and ``shared.toml`` (words more than one page shows, the sidebar's, the command
line's), so a translator reviews a page in one diff (decision 0076); a key defined twice is an error. ``t``
raises on an unknown key (a page must never show a raw key), and ``LocalizedError`` lets ``lib``
code fail with a message the UI can show in the user's language.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LOCALES = Path(__file__).with_name("locales")


def file_strings(path: Path) -> dict[str, dict[str, str]]:
    """One locale file's strings as ``{key: {"zh": ..., "en": ...}}``; keys are dotted TOML paths."""
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict) -> None:
        for name, value in node.items():
            key = f"{prefix}.{name}" if prefix else name
            if isinstance(value, dict) and set(value) <= set(LANGUAGES) and value:
                flat[key] = value
            elif isinstance(value, dict):
                walk(key, value)
            else:
                raise ValueError(f"{path.name}: {key} must be a table with zh and en")

    with path.open("rb") as handle:
        walk("", tomllib.load(handle))
    return flat


# read once per process: the locale files are part of the program (lib/core/locales/), changed only by a
# deployment, which restarts it — unlike a data folder's files (regions, policy texts), keyed on their content
@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """All strings as ``{key: {"zh": ..., "en": ...}}``, from every locale file."""
    flat: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES.glob("*.toml")):
        for key, entry in file_strings(path).items():
            if key in flat:
                raise ValueError(f"{path.name}: {key} is defined in another locales file too")
            flat[key] = entry
    return flat


def normalize_language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``params``."""
    entry = strings().get(key)
    if entry is None:
        raise KeyError(f"no translation for {key!r}")
    text = entry.get(normalize_language(lang))
    if text is None:
        raise KeyError(f"no {lang} translation for {key!r}")
    return text.format(**params) if params else text


def pick(zh: str, en: str, lang: str) -> str:
    """Choose between two data-supplied names (catalogue, regions) by language."""
    return en if lang == "en" and en else zh


class LocalizedError(Exception):
    """An error whose message is a locale key plus parameters, so it reads well in either language."""

    key = "error.generic"

    def __init__(self, key: str | None = None, /, **params: object) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(self.key)

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        params = {
            name: (value.text(lang) if isinstance(value, LocalizedError) else value)
            for name, value in self.params.items()
        }
        return t(self.key, lang, **params)
