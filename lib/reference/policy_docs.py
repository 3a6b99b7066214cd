"""The policy texts kept in ``<data>/policy-docs/``: cleaned once, searched for quotes.

A quote in the catalogue is clean simplified Chinese; the collected text may be traditional,
carry pinyin or OCR spacing. ``find_quote`` matches on a normalised form and maps the hit back to
the cleaned text so the page can show the sentence in its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lib.core.chinese import clean_policy_text, match_key
from lib.core.memo import remember


@dataclass(frozen=True)
class QuoteContext:
    before: str
    quote: str  # as it stands in the cleaned text
    after: str


def cleaned_content(content: bytes) -> str:
    """A policy text's bytes, cleaned (``clean_policy_text``)."""
    return clean_policy_text(content.decode("utf-8"))


def cleaned_text(path: Path) -> str:
    """The policy text at ``path``, cleaned once per content (``lib.core.memo``, keyed on the bytes'
    SHA-256): a text corrected on disk is read again by a running server, never served as it was."""
    return remember(cleaned_content, path.read_bytes())


def _keyed(text: str) -> tuple[str, list[int]]:
    """``match_key`` of ``text`` with, for each kept character, its index in ``text``."""
    keys, positions = [], []
    for index, char in enumerate(text):
        key = match_key(char)
        for part in key:
            keys.append(part)
            positions.append(index)
    return "".join(keys), positions


def find_quote(text: str, quote: str, radius: int = 120) -> QuoteContext | None:
    """The quote inside ``text`` (both normalised for matching) with ``radius`` characters around it,
    cut at paragraph breaks."""
    keyed, positions = _keyed(text)
    wanted = match_key(quote)
    at = keyed.find(wanted)
    if at < 0 or not wanted:
        return None
    start, end = positions[at], positions[at + len(wanted) - 1] + 1
    left = max(text.rfind("\n", 0, start) + 1, start - radius)
    right_break = text.find("\n", end)
    right = min(right_break if right_break >= 0 else len(text), end + radius)
    return QuoteContext(
        ("…" if left > 0 and text[left - 1] != "\n" else "") + text[left:start],
        text[start:end],
        text[end:right] + ("…" if right < len(text) and text[right] != "\n" else ""),
    )


def quote_context(folder: Path, source_file: str, quote: str) -> QuoteContext | None:
    path = folder / source_file
    return find_quote(cleaned_text(path), quote) if path.is_file() else None
