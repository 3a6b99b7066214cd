"""A report shown as readable text with one button that copies it whole (issue #21): the 通报 is read
by officials, so it is set as paragraphs, not in a monospace code box; the copy button is a tiny
self-contained component (no request leaves the page), the text passed as JSON, never as HTML."""

from __future__ import annotations

import json

import streamlit as st

from lib.ui.markdown import md_escape

BUTTON = """<!doctype html><meta charset="utf-8">
<style>
button {{ font: 14px "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; padding: 4px 12px; border-radius: 6px;
  border: 1px solid #c4c8cf; background: #fff; color: #1f2937; cursor: pointer; }}
button:focus-visible {{ outline: 2px solid #1d4ed8; }}
</style>
<button id="copy" type="button">{label}</button>
<script>
const text = {text};
const button = document.getElementById("copy");
button.addEventListener("click", async () => {{
  try {{ await navigator.clipboard.writeText(text); }}
  catch (error) {{
    const area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    document.execCommand("copy"); area.remove();
  }}
  button.textContent = {done};
  setTimeout(() => {{ button.textContent = {label_json}; }}, 2000);
}});
</script>"""


def script_json(value: str) -> str:
    """A string as a JavaScript literal that cannot close the script element it sits in."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


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
    """One button copying ``text`` to the clipboard."""
    label_html = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    st.iframe(
        BUTTON.format(label=label_html, text=script_json(text), done=script_json(done), label_json=script_json(label)),
        height=44,
    )
