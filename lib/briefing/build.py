"""Building a briefing's files: each chart rendered once, then used by the slides and the PDF."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from lib.briefing.document import briefing_html, html_to_pdf, print_html
from lib.briefing.rendering import render_png
from lib.briefing.slides import build_pptx
from lib.briefing.views import ViewContent, ViewSpec, view_content
from lib.charts.common import for_slide, scale_text
from lib.charts.provinces import fit_tile_labels
from lib.core.formatting import format_percent
from lib.core.i18n import t
from lib.progress.dataview import DataView
from lib.store.annotations import Note

# Charts are drawn at the size they take on a slide (CSS px; a 16:9 slide is 1280 px wide) with
# their text a little larger, then rendered at 3× so they stay sharp on a projector and in print.
SIZES = {"overview": (830, 300), "provinces": (580, 500), "programs": (830, 470)}
TEXT_SCALE = {"overview": 1.3, "provinces": 1.15, "programs": 1.3}
FILE_KINDS = ("pptx", "html", "pdf")


def slide_figure(figure: go.Figure, kind: str) -> go.Figure:
    """A copy of a view's figure as a slide and the PDF draw it: at the slide's size, its text larger,
    and a tile map's labels those that fit its tiles at that size (an English map says GD)."""
    width, height = SIZES[kind]
    return fit_tile_labels(scale_text(for_slide(go.Figure(figure)), TEXT_SCALE[kind], width), width, height)


def method_lines(view: DataView, lang: str) -> list[str]:
    """The About page's method, as plain sentences for the closing slide and page."""
    settings = view.settings
    keys = [
        "about.method_time",
        "about.method_cumulative",
        "about.method_annual",
        "about.method_level",
        "about.method_approx",
        "about.method_seasonal",
        "about.method_status",
        "about.method_national",
        "about.method_reference",
    ]
    params = {
        "about.method_approx": {"tolerance": format_percent(settings.approx_tolerance, 0)},
        "about.method_status": {"at_risk": f"{settings.at_risk_pace:g}"},
    }
    return [re.sub(r"\*\*", "", t(key, lang, **params.get(key, {}))) for key in keys] + [t("brief.statuses", lang)]


def build_briefing(
    view: DataView,
    specs: list[ViewSpec],
    pace: str,
    lang: str,
    kinds=FILE_KINDS,
    step: Callable[[str], None] | None = None,
    notes: Sequence[Note] = (),
) -> dict[str, bytes]:
    """The requested files (pptx, html, pdf) for a briefing, in the UI language, with the analysts'
    ``notes`` the person sees on its charts and views."""
    step = step or (lambda _: None)
    contents: list[ViewContent] = [view_content(view, spec, pace, lang, notes) for spec in specs]
    method = method_lines(view, lang)
    files: dict[str, bytes] = {}
    images: list[list[bytes]] = []
    if "pptx" in kinds or "pdf" in kinds:
        step("render")
        flat = [  # copies: the HTML keeps the screen sizes
            (slide_figure(figure, content.spec.kind), *SIZES[content.spec.kind])
            for content in contents
            for figure in content.figures
        ]
        rendered = iter(render_png(flat, scale=3))
        images = [[next(rendered) for _ in content.figures] for content in contents]
    if "pptx" in kinds:
        step("pptx")
        files["pptx"] = build_pptx(contents, images, view.provenance, lang, method)
    if "html" in kinds:
        step("html")
        files["html"] = briefing_html(contents, view.provenance, lang, method).encode("utf-8")
    if "pdf" in kinds:
        step("pdf")
        files["pdf"] = html_to_pdf(print_html(contents, images, view.provenance, lang, method))
    return files
