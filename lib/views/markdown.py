r"""Text from data files made inert before Markdown: no links, images, emphasis or HTML (a user's
string is never rendered as HTML), and small tables as escaped Markdown.

Escaping is not enough for links: Streamlit's Markdown (remark-gfm) turns bare URLs and e-mail
addresses into links *after* escapes are read, so ``https\://x\.cn`` is still a link. A WORD
JOINER (U+2060, invisible, no width) after each URL scheme's colon, after ``www`` and after ``@``
breaks the pattern GFM looks for while the text reads the same (docs/decisions/0065-plain-user-text.md)."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def unlinkable(text: str) -> str:
    """Text that GFM's autolink (bare URLs, www., e-mail addresses) cannot turn into a link."""
    return _AUTOLINK_START.sub(WORD_JOINER, text)


def md_escape(text: object) -> str:
    """Data text made inert for st.markdown: no links, images, emphasis or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinkable(str(text)))


def markdown_table(frame) -> str:
    """A small table as Markdown (cells escaped): light to draw, wraps text, prints well."""
    header = "| " + " | ".join(md_escape(column) for column in frame.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in frame.columns) + "|"
    rows = [
        "| " + " | ".join(md_escape(value).replace("\n", " ") for value in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows])
