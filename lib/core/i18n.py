"""Every user-facing string, in Chinese (default) and English, from one place.

Strings live in ``lib/core/locales/*.toml`` (one file per area of the app, so a translator reviews
them in a diff and two features never edit the same file); a key defined twice is an error. ``t``
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


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """All strings as ``{key: {"zh": ..., "en": ...}}``; keys are dotted TOML paths."""
    flat: dict[str, dict[str, str]] = {}

    def walk(path: Path, prefix: str, node: dict) -> None:
        for name, value in node.items():
            key = f"{prefix}.{name}" if prefix else name
            if isinstance(value, dict) and set(value) <= set(LANGUAGES) and value:
                if key in flat:
                    raise ValueError(f"{path.name}: {key} is defined in another locales file too")
                flat[key] = value
            elif isinstance(value, dict):
                walk(path, key, value)
            else:
                raise ValueError(f"{path.name}: {key} must be a table with zh and en")

    for path in sorted(LOCALES.glob("*.toml")):
        with path.open("rb") as handle:
            walk(path, "", tomllib.load(handle))
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
