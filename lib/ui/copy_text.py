"""A report shown as readable text with one place that copies it whole (issue #21): the 通报 is read
by officials, so it is set as paragraphs, not in a monospace code box; copying is one click in a
collapsed panel below it."""

from __future__ import annotations

import streamlit as st

from lib.views.markdown import md_escape


def readable_report(
    sections: list[tuple[str, list[str]]], title: str, period: str, notes_heading: str, notes: list[str]
) -> None:
    """The report's text set as a document: title, headings in bold, one paragraph each (escaped)."""
    st.markdown(f"**{md_escape(title)}**  \n{md_escape(period)}")
    for heading, paragraphs in sections:
        st.markdown(f"**{md_escape(heading)}**")
        for paragraph in paragraphs:
            st.markdown(md_escape(paragraph))
    st.markdown(f"**{md_escape(notes_heading)}**")
    for note in notes:
        st.caption(md_escape(note))


def copy_button(text: str, label: str, done: str) -> None:
    """One place to copy ``text`` whole: a collapsed panel holding it with Streamlit's own copy button
    (an iframe button left the page loading forever after each rerun in Chromium, see the report)."""
    with st.expander(label, icon=":material/content_copy:"):
        st.caption(done)
        st.code(text, language=None, wrap_lines=True)
