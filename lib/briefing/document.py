"""A briefing as one self-contained HTML file (for offline meetings and e-mail) and as a PDF.

The HTML embeds plotly.js and the CJK font, so it opens anywhere with no request to any host and
its charts stay interactive. The PDF is a print version of the same (charts as server-rendered
PNGs) printed by headless Chromium: A4 landscape, one view per page, each page headed by its filters
and footed by the as-of date, snapshot and, for demo data, the demo label. Every text from data is
HTML-escaped.
"""

from __future__ import annotations

import base64
import html
import os
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from lib import __version__
from lib.briefing.rendering import FONT_DIR, RenderError, browser_path
from lib.briefing.views import ViewContent
from lib.charts.common import PLOTLY_CONFIG
from lib.charts.provinces import fit_tile_labels, is_tile_map
from lib.core.i18n import t
from lib.progress.statuses import TEXT_COLOR
from lib.store.folder import Provenance

CSS = """
@font-face { font-family: "Noto Sans SC Core"; src: url(data:font/woff2;base64,{font}) format("woff2"); font-weight: 400; }
body { font-family: "Noto Sans SC Core", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1f2937; margin: 0 auto; max-width: 1200px; padding: 24px; }
header.briefing { border-bottom: 2px solid #b4282d; margin-bottom: 24px; }
h1 { font-size: 30px; margin: 0 0 8px; } h2 { font-size: 24px; margin: 0 0 6px; }
.meta, .filters, .source { color: #6b7280; font-size: 14px; margin: 4px 0; }
.demo { color: #b4282d; font-weight: bold; }
section.view { margin: 32px 0; } .chart img { width: 100%; }
dl.numbers { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 16px; }
dl.numbers dt { color: #6b7280; } dl.numbers dd { margin: 0; font-weight: bold; }
section.method p { font-size: 14px; line-height: 1.6; }
.tile-key { color: #6b7280; font-size: 13px; margin: 4px 0 12px; }
/* a phone's tile map (its tiles ~25 px): short names and the status symbol, in small type; the value is
   the tile's colour and in the numbers (lib.charts.provinces draws the three texts, full names first) */
@media (max-width: {phone}px) {
  .tile-map .scatterlayer > .trace:nth-child(-n+2) .textpoint { display: none; }
  .tile-map .scatterlayer > .trace:nth-child(3) { opacity: 1 !important; }
  .tile-map .textpoint text { font-size: 8px !important; }
}
div.headlines { display: grid; grid-template-columns: repeat(3, 1fr); gap: 24px; }
div.headline p { margin: 4px 0; font-size: 20px; } div.headline .name { font-weight: bold; }
div.headline .target, div.headline .note { color: #6b7280; font-size: 14px; }
div.headline .actual { font-size: 40px; font-weight: bold; } div.headline .status { font-size: 22px; font-weight: bold; }
"""
PRINT_CSS = """
@page { size: A4 landscape; margin: 12mm 14mm 16mm 14mm; }
body { max-width: none; padding: 0; }
header.briefing { break-after: page; border: none; padding-top: 40mm; }
section.view, section.method { break-after: page; break-inside: avoid; margin: 0; padding-bottom: 10mm; }
section.view { display: grid; grid-template-columns: 63% 35%; column-gap: 2%; align-items: start; }
section.view .filters, section.view h2, section.view .source { grid-column: 1 / -1; }
section.view .chart img { max-height: 135mm; width: auto; max-width: 100%; }
dl.numbers { font-size: 13px; grid-template-columns: 1fr; gap: 1px; } dl.numbers dd { margin-bottom: 6px; }
section.view .headlines { grid-column: 1 / -1; }
section.method p { font-size: 10.5px; line-height: 1.45; margin: 3px 0; }
section.view .tile-key { font-size: 10px; }
footer.page { position: fixed; bottom: 0; left: 0; right: 0; font-size: 10px; color: #6b7280; border-top: 1px solid #e5e7eb; padding-top: 2mm; }
"""


# The HTML's charts take the width of the window, up to the body's 1,152 px. Wider than a phone, a tile
# map's tiles are as large as its height allows from about 600 px on: its labels are chosen for the
# narrowest such window (the body's padding taken off); on a phone the CSS shows the shortest.
PHONE_WIDTH = 640
HTML_NARROWEST_CHART = PHONE_WIDTH - 48


def html_figure(figure: go.Figure) -> go.Figure:
    """A figure as the HTML briefing draws it: a tile map (a copy) with the labels that fit its tiles."""
    if not is_tile_map(figure):
        return figure
    return fit_tile_labels(go.Figure(figure), HTML_NARROWEST_CHART, figure.layout.height or 450)


def _chart(figure: go.Figure) -> str:
    """A figure as an interactive part of the HTML briefing."""
    chart = pio.to_html(
        html_figure(figure),
        include_plotlyjs=False,
        full_html=False,
        config={**PLOTLY_CONFIG, "responsive": True},
        default_width="100%",
    )
    return f"<div class='tile-map'>{chart}</div>" if is_tile_map(figure) else chart


def _tile_key(content: ViewContent) -> str:
    return f"<p class='tile-key'>{_escape(content.tile_key)}</p>" if content.tile_key else ""


def _font_base64() -> str:
    return base64.b64encode((FONT_DIR / "noto-sans-sc-core-400-normal.woff2").read_bytes()).decode()


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _header(provenance: Provenance, lang: str) -> str:
    parts = [f"<h1>{_escape(t('brief.title', lang))}</h1>"]
    parts.append(
        f"<p class='meta'>{_escape(t('brief.subtitle', lang, date=provenance.as_of.isoformat(), snapshot=provenance.title_in(lang)))}</p>"
    )
    parts.append(f"<p class='meta'>{_escape(t('brief.source_line', lang, source=provenance.source_in(lang)))}</p>")
    if provenance.demo:
        parts.append(f"<p class='demo'>{_escape(t('ui.demo_banner', lang))}</p>")
    if provenance.includes_upload:
        parts.append(f"<p class='demo'>{_escape(t('upload.badge', lang))}: {_escape(provenance.upload_note)}</p>")
    parts.append(
        f"<p class='meta'>{_escape(t('brief.generated', lang, when=datetime.now().strftime('%Y-%m-%d %H:%M'), version=__version__))}</p>"
    )
    return "<header class='briefing'>" + "".join(parts) + "</header>"


def _numbers(content: ViewContent) -> str:
    if content.headlines:  # the overview: three large numbers, each with its progress and status
        cards = "".join(
            f"<div class='headline'><p class='name'>{_escape(card.name)}</p><p class='target'>{_escape(card.target_line)}</p>"
            f"<p class='target'>{_escape(card.label)}</p><p class='actual'>{_escape(card.actual)}</p><p>{_escape(card.completion)}</p><p>{_escape(card.elapsed)}</p>"
            f"<p class='status' style='color:{TEXT_COLOR[card.status_key]}'>{_escape(card.status)}</p>"
            + "".join(f"<p class='note'>{_escape(note)}</p>" for note in card.notes)
            + "</div>"
            for card in content.headlines
        )
        return f"<div class='headlines'>{cards}</div>"
    rows = "".join(f"<dt>{_escape(label)}</dt><dd>{_escape(value)}</dd>" for label, value in content.numbers)
    return f"<dl class='numbers'>{rows}</dl>"


def _method(method: list[str], lang: str) -> str:
    return (
        f"<section class='method'><h2>{_escape(t('brief.method_title', lang))}</h2>"
        + "".join(f"<p>{_escape(line)}</p>" for line in method)
        + "</section>"
    )


def _page(lang: str, title: str, style: str, body: str, head_script: str = "") -> str:
    language = "zh-CN" if lang == "zh" else "en"
    return f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'><title>{_escape(title)}</title><style>{style}</style>{head_script}</head><body>{body}</body></html>"


def briefing_html(contents: list[ViewContent], provenance: Provenance, lang: str, method: list[str]) -> str:
    """One file: plotly.js and the font inline, charts interactive, no request to any host."""
    sections = []
    for content in contents:
        charts = "".join(_chart(figure) for figure in content.figures)
        sections.append(
            f"<section class='view'><h2>{_escape(content.title)}</h2><p class='filters'>{_escape(t('brief.filters', lang, filters=content.filters))}</p>"
            f"<div class='chart'>{charts}</div>{_tile_key(content)}{_numbers(content)}<p class='source'>{_escape(content.source)}</p></section>"
        )
    script = f"<script>{get_plotlyjs()}</script>"
    style = CSS.replace("{font}", _font_base64()).replace("{phone}", str(PHONE_WIDTH - 1))
    return _page(
        lang,
        t("brief.title", lang),
        style,
        _header(provenance, lang) + "".join(sections) + _method(method, lang),
        script,
    )


def print_html(
    contents: list[ViewContent], images: list[list[bytes]], provenance: Provenance, lang: str, method: list[str]
) -> str:
    """The same briefing for paper: charts as PNG, a footer on every page."""
    demo = " · " + t("chart.demo_mark", lang) if provenance.demo else ""
    footer = f"<footer class='page'>{_escape(t('brief.subtitle', lang, date=provenance.as_of.isoformat(), snapshot=provenance.snapshot_id) + demo)}</footer>"
    sections = []
    for content, pictures in zip(contents, images, strict=True):
        charts = "".join(
            f"<img alt='' src='data:image/png;base64,{base64.b64encode(picture).decode()}'>" for picture in pictures
        )
        # a map's key beside it, under the numbers (under the map, it would push the page past its end)
        numbers = f"<div>{_numbers(content)}{_tile_key(content)}</div>" if content.tile_key else _numbers(content)
        sections.append(
            f"<section class='view'><p class='filters'>{_escape(t('brief.filters', lang, filters=content.filters))}</p><h2>{_escape(content.title)}</h2>"
            f"<div class='chart'>{charts}</div>{numbers}<p class='source'>{_escape(content.source)}</p></section>"
        )
    style = CSS.replace("{font}", _font_base64()).replace("{phone}", str(PHONE_WIDTH - 1)) + PRINT_CSS
    return _page(
        lang,
        t("brief.title", lang),
        style,
        footer + _header(provenance, lang) + "".join(sections) + _method(method, lang),
    )


def html_to_pdf(document: str, timeout: float = 60) -> bytes:
    """Print an HTML document with headless Chromium (no request leaves the machine)."""
    with tempfile.TemporaryDirectory(prefix="briefing-") as folder:
        source, target = Path(folder) / "briefing.html", Path(folder) / "briefing.pdf"
        source.write_text(document, encoding="utf-8")
        command = [
            browser_path(),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            subprocess.run(
                command, check=True, capture_output=True, timeout=timeout, env={**os.environ, "HOME": folder}
            )
        except (subprocess.SubprocessError, OSError) as error:
            raise RenderError(f"printing to PDF failed: {error}") from error
        if not target.exists():
            raise RenderError("printing to PDF produced no file")
        return target.read_bytes()
