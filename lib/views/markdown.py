"""Text from data files made inert before Markdown: no links, images, emphasis or HTML (a user's
string is never rendered as HTML), and small tables as escaped Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: object) -> str:
    """Data text made inert for st.markdown: no links, images, emphasis or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def markdown_table(frame) -> str:
    """A small table as Markdown (cells escaped): light to draw, wraps text, prints well."""
    header = "| " + " | ".join(md_escape(column) for column in frame.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in frame.columns) + "|"
    rows = [
        "| " + " | ".join(md_escape(value).replace("\n", " ") for value in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows])
