"""Collect the visible text of an AppTest run, to find strings shown without a translation."""

from __future__ import annotations

import json
import re

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TEXT_KINDS = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "warning",
    "info",
    "error",
    "success",
    "code",
    "latex",
}
WIDGET_KINDS = {"selectbox", "radio", "multiselect", "button_group", "toggle", "button", "download_button"}


def visible_texts(node, skip_keys: tuple[str, ...] = ()) -> list[str]:
    """Text of every element under ``node``, skipping containers keyed in ``skip_keys``."""
    texts = []
    for child in getattr(node, "children", {}).values():
        if getattr(child, "key", None) in skip_keys:
            continue
        kind = getattr(child, "type", "")
        if kind in TEXT_KINDS:
            texts.append(str(child.value))
        elif kind == "metric":
            texts.extend([str(child.label), str(child.value)])
        elif kind in WIDGET_KINDS:
            texts.append(str(getattr(child, "label", "")))
            texts.extend(str(option) for option in getattr(child, "options", []) or [])
        elif kind == "plotly_chart":
            texts.extend(_figure_strings(json.loads(child.proto.spec)))
        elif kind == "dataframe":
            frame = child.value
            texts.extend(str(column) for column in frame.columns)
            for column in frame.columns:
                if not str(frame[column].dtype).startswith(("int", "float", "bool", "datetime")):
                    texts.extend(str(cell) for cell in frame[column].dropna().unique()[:300])
        texts.extend(visible_texts(child, skip_keys))
    return texts


def _unwrapped(text: str) -> str:
    """A chart text as one line again: a line break between two CJK characters joins them, any
    other stands for the space it replaced (``lib.charts.common.wrap``)."""
    return re.sub(r"<br>", " ", re.sub(r"(?<=[\u2e80-\uffff])<br>(?=[\u2e80-\uffff])", "", text))


def untranslated(at, allowed: list[str], skip_keys: tuple[str, ...] = ()) -> list[str]:
    """Texts with CJK characters left after removing the allowed data strings (names of documents,
    quotes, snapshot metadata) — each one is a UI string that lacks an English translation."""
    found = []
    ordered = sorted({a for a in allowed if a}, key=len, reverse=True)
    for text in [*visible_texts(at.main, skip_keys), *visible_texts(at.sidebar, skip_keys)]:
        rest = _unwrapped(text).replace("\\", "").replace("**", "")
        for allow in ordered:
            rest = rest.replace(allow, "")
        if CJK.search(rest):
            found.append(rest[:200])
    return sorted(set(found))


def _figure_strings(node, key: str = "") -> list[str]:
    """Strings a plotly figure shows: titles, names, texts, hover texts, tick labels, annotations."""
    if isinstance(node, dict):
        return [text for name, value in node.items() for text in _figure_strings(value, name)]
    if isinstance(node, list):
        return [text for value in node for text in _figure_strings(value, key)]
    return [node] if isinstance(node, str) and key in ("text", "hovertext", "name", "ticktext", "hovertemplate") else []


# --- issue #21: developers' words on users' pages ------------------------------------------------------
# Users' pages (every page but Admin) never show a raw column id or enum value (snake_case), None/NaN,
# a midnight timestamp, a file path, a CLI command or an environment variable; the Chinese pages show
# no English word outside this allow-list (units, file formats, product names a Chinese official uses).
USER_PAGES = (
    "",
    "provinces",
    "programs",
    "alerts",
    "followups",
    "data",
    "upload",
    "targets",
    "about",
    "workspace",
    "subscriptions",
)
DEVELOPER_WORDS = re.compile(
    r"\b[a-z]+(?:_[a-z0-9]+)+\b"  # column ids, enum values: change_kind, off_track
    r"|\bNone\b|\bNaN\b|\bnan\b"
    r"|\b\d{4}-\d{2}-\d{2}[ T]00:00:00\b"  # a date shown as a midnight timestamp
    r"|\b(?:lib|data|pages|tests|docs|deploy)/[\w./-]+"  # the project's file paths
    r"|\b\w+\.(?:py|toml|parquet)\b"
    r"|/(?:work|home|tmp|var|srv|opt|usr)/\S+"  # server paths
    r"|\bpython3? -m\b|\blib\.cli\b"  # CLI commands
    r"|\b(?:DASHBOARD|BROWSER)_[A-Z_]+\b"  # environment variables
)
ENGLISH_ALLOWED = {
    # file formats, encodings and products an official uses by these names
    *(
        "CSV",
        "TSV",
        "TXT",
        "Excel",
        "XLSX",
        "XLS",
        "PDF",
        "Word",
        "docx",
        "PNG",
        "SVG",
        "HTML",
        "Parquet",
        "TOML",
        "UTF",
        "BOM",
    ),
    *("PowerPoint", "pptx", "WPS", "SHA", "OCR", "ID", "IDs", "OIDC", "SMTP", "WeCom", "DingTalk", "URL"),
    *("Streamlit", "Plotly", "pandas", "min"),  # the version line; the min of a formula
    # the language switch names English in English (语言 · Language)
    *("Language", "English"),
    # Streamlit's own keyboard skip link (shown only on focus; not ours to translate)
    *("Skip", "main", "content"),
    # names as the data and documents give them
    *("SDG", "Open", "CAGR", "GB", "XPCC", "UTC", "demo", "published", "provincial", "recovered", "local"),
}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")
CHECKSUM = re.compile(r"\b[0-9a-f]{16,}\b")  # a SHA-256 (or its first 16 digits): letters, but no words


def developer_words(text: str) -> list[str]:
    """The developers' words in ``text`` (deduplicated, in order)."""
    return list(dict.fromkeys(match.group(0) for match in DEVELOPER_WORDS.finditer(text)))


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """English words in a Chinese page's text outside the allow-list (and the data strings allowed)."""
    return list(
        dict.fromkeys(
            word
            for word in ENGLISH_WORD.findall(CHECKSUM.sub(" ", text))
            if word not in ENGLISH_ALLOWED and word not in allowed
        )
    )
