"""The app's tables: every ``st.dataframe`` is drawn by ``dataframe`` here, which pins the row's label."""

from __future__ import annotations

import streamlit as st


def dataframe(data, *, key: str, column_config: dict | None = None, pin_first: bool = True, **options):
    """``st.dataframe`` with its first column (the row's label: a province, a month, a target, a
    rule) pinned, so it stays in view while a narrow screen scrolls the others sideways, as the
    pages' markdown tables keep theirs. Every table of the app is drawn by it (held by a test).

    ``pin_first=False`` pins nothing: for a table whose first column is no label and that never
    scrolls sideways (the About page's status legend, a symbol and a few words), where pinning buys
    nothing and greys the symbols, as Streamlit draws a pinned column's text (decision 0084)."""
    config = dict(column_config or {})
    columns = [str(column) for column in getattr(data, "columns", [])]
    if columns and pin_first:
        first = config.get(columns[0]) or {}
        config[columns[0]] = {**(first if isinstance(first, dict) else {"label": first}), "pinned": True}
    return st.dataframe(data, key=key, hide_index=True, column_config=config or None, **options)
