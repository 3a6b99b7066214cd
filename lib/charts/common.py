"""What every figure shares: fonts, colours, the layout with its in-figure footer, number ticks in
the Chinese style, and the resizing for projectors and slides.

Only ordinary cartesian traces anywhere in ``lib.charts``: geo traces fetch a world map from a CDN
and render blank offline. Text inside figures follows the UI language, and a figure can carry its
own footer (as-of date and source) so a screenshot or PNG explains itself.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from lib.core.formatting import format_number

FONT_FAMILY = "Noto Sans SC Core, Noto Sans SC, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
ACTUAL_COLOR = "#0072B2"
REQUIRED_COLOR = "#6b7280"
PROJECTION_COLOR = "#D55E00"
TARGET_COLOR = "#333333"

PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(math.ceil((high - first) / step) + 1)]


# The narrowest a page draws a chart: a 390 px phone less the page's padding. Titles, legends and
# footers are laid out for it, so nothing collides on a phone, and a wider screen only has room to spare.
PAGE_TEXT_WIDTH = 340
_LINE = 1.3  # line height, in font sizes
_TICKS = 2.4  # room for one line of x tick labels (and their tick marks), in font sizes


def text_width(text: str, size: float) -> float:
    """Estimated width in px of ``text`` at font ``size``: a CJK or full-width character is one em,
    anything else about 0.6 em (generous, so an estimate never runs short of the drawn text)."""
    wide = sum(1 for c in text if ord(c) >= 0x2E80 or c in "（）：，、")
    return size * (wide + 0.6 * (len(text) - wide))


def wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` px: at spaces and after separators
    (· ， ：), or between two CJK characters, never inside a Latin word or number (so a break
    stands for a space, or for nothing between CJK characters)."""
    pieces: list[str] = []
    word = ""
    depth = 0  # inside （…）: a short bracket stays whole
    for index, char in enumerate(text):
        word += char
        depth += (char == "（") - (char == "）")
        following = text[index + 1] if index + 1 < len(text) else " "
        between_cjk = ord(char) >= 0x2E80 and ord(following) >= 0x2E80  # never 〔2024〕|29号
        if depth <= 0 and (char in " ·，：、" or between_cjk):
            pieces.append(word)
            word = ""
    if word:
        pieces.append(word)
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and text_width((line + piece).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def base_layout(
    fig: go.Figure, *, height: int, lang: str, footer: str | None = None, title: str | None = None
) -> go.Figure:
    """Fonts, colours and the figure's own title and footer (as-of date and source), laid out for the
    narrowest page by ``fit_text``; the texts are kept in ``layout.meta`` so a slide can lay them out
    again for its own width."""
    fig.update_layout(
        height=height,
        margin=dict(l=8, r=8, t=8, b=28),
        font=dict(family=FONT_FAMILY, size=12, color="#2f2d2b"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel=dict(font_family=FONT_FAMILY),
        separators=".,",
        showlegend=False,
        meta={"title": title or "", "footer": footer or ""},
    )
    if title:
        fig.update_layout(title=dict(text=title, font=dict(size=15)))
    if footer:
        fig.add_annotation(
            name="footer",
            text=footer,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font=dict(size=10, color="#6b7280"),
        )
    return fit_text(fig)


def _legend_rows(fig: go.Figure, size: float, width: float) -> int:
    """How many rows a horizontal legend takes at ``width``: items flow left to right and wrap."""
    names = [str(trace.name) for trace in fig.data if trace.name and trace.showlegend is not False]
    rows, used = (1, 0.0) if names else (0, 0.0)
    for name in names:
        item = 40 + text_width(name, size)  # the symbol, its gap and the text
        if used and used + item > width:
            rows, used = rows + 1, 0.0
        used += item
    return rows


def fit_text(fig: go.Figure, width: float = PAGE_TEXT_WIDTH) -> go.Figure:
    """Title, legend, labels above the plot and footer stacked so none overlaps another or the plot at
    ``width`` px: the title wrapped at the top, the legend (flowing in rows) under it, labels on the
    plot's top edge (全国 85 %) under that; at the bottom one line of x tick labels (never turned),
    then the footer, wrapped rather than cut. Margins follow what is there; run again after a font
    size or the width changes (``scale_text``, ``for_slide``)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    height = fig.layout.height or 360
    font = fig.layout.font.size or 12
    top = 8.0
    title = meta.get("title") or ""
    if title:
        size = fig.layout.title.font.size or 15
        lines = wrap(title, size, width)
        # anchored at its top, plotly draws a title's text 0.45 em above the anchor, and one of two lines
        # or more 1.15 em above it, whatever their number (measured in Chromium; centred on its block, a
        # title of three lines or more drifted down by half a line a line, over the plot)
        lift = (0.45 if len(lines) == 1 else 1.15) * size
        fig.update_layout(
            title=dict(
                text="<br>".join(lines),
                x=0,
                xref="container",
                xanchor="left",
                y=1 - (6 + lift) / height,
                yref="container",
                yanchor="top",
                pad=dict(l=8),
            )
        )
        top += 6 + len(lines) * size * _LINE
    if fig.layout.showlegend:
        size = fig.layout.legend.font.size or font
        rows = _legend_rows(fig, size, width)
        fig.update_layout(
            legend=dict(
                orientation="h",
                x=0,
                xanchor="left",
                xref="container",
                y=1 - top / height,
                yref="container",
                yanchor="top",
                entrywidthmode="pixels",
                font=dict(size=size),
            )
        )
        top += rows * size * 1.6 + 4
    above = [
        a
        for a in fig.layout.annotations
        if a.yref == "paper" and a.y is not None and a.y >= 1 and a.yanchor == "bottom"
    ]
    if above:  # a reference line's label over the plot's top edge
        top += max((a.font.size or font) for a in above) * _LINE + 4
    bottom = 8.0
    if fig.layout.xaxis.visible is not False and fig.layout.xaxis.showticklabels is not False:
        tick = fig.layout.xaxis.tickfont.size or font
        fig.update_xaxes(tickangle=0, automargin=False)
        bottom = tick * _TICKS + 4
    left = fig.layout.margin.l if fig.layout.margin.l is not None else 8
    yaxis = fig.layout.yaxis
    labels = yaxis.ticktext or yaxis.categoryarray
    if labels and yaxis.visible is not False and yaxis.showticklabels is not False:
        # the y labels' room set here, not pushed by plotly, so the footer can start at the figure's edge
        tick = yaxis.tickfont.size or font
        left = round(max(text_width(str(label), tick) for label in labels) + 16)
        fig.update_yaxes(automargin=False)
    pushed = 0 if labels or yaxis.visible is False else 56  # y labels plotly places itself: room kept for them
    footers = [a for a in fig.layout.annotations if a.name == "footer"]
    for annotation in footers:  # from the figure's left edge (paper x=0 is the plot's) across its width
        size = annotation.font.size or 10
        lines = wrap(meta.get("footer") or str(annotation.text), size, width - 16 - pushed)
        annotation.update(
            text="<br>".join(lines), xshift=-(left - 8), yshift=-bottom + 4, y=0, yanchor="top", align="left"
        )
        bottom += len(lines) * size * _LINE + 4
    fig.update_layout(margin=dict(t=round(top), b=round(bottom), l=left))
    return fig


def scale_text(fig: go.Figure, factor: float, width: float = PAGE_TEXT_WIDTH) -> go.Figure:
    """Every text in the figure ``factor`` times larger, laid out again for ``width`` px, so a chart
    made for the page reads at the back of a room."""
    size = lambda value, default: round((value or default) * factor)  # noqa: E731
    fig.update_layout(font_size=size(fig.layout.font.size, 12))
    if fig.layout.title.text:
        fig.update_layout(title_font_size=size(fig.layout.title.font.size, 15))
    # set, not inherited: Streamlit's chart theme gives legend and ticks sizes of their own
    fig.update_layout(legend_font_size=size(fig.layout.legend.font.size, 12))
    for annotation in fig.layout.annotations:
        annotation.font.size = size(annotation.font.size, 12)
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        axis.tickfont.size = size(axis.tickfont.size, 12)
        axis.title.font.size = size(axis.title.font.size, 12)
    for trace in fig.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and isinstance(textfont.size, int | float):
            textfont.size = size(textfont.size, 12)
    return fit_text(fig, width)


def for_slide(fig: go.Figure) -> go.Figure:
    """A figure for a slide or a printed page, whose own text lines carry the as-of date and source:
    without the footer (too long for a narrow image); the legend under the title, clear of the plot."""
    fig.layout.annotations = [a for a in fig.layout.annotations if a.name != "footer"]
    if isinstance(fig.layout.meta, dict):
        fig.update_layout(meta={**fig.layout.meta, "footer": ""})
    return fit_text(fig)


def axis_numbers(fig: go.Figure, values: list[float], lang: str, from_zero: bool | None = True) -> None:
    """Round y ticks in the Chinese number style. Bars always start at zero; lines (``from_zero=None``)
    start at zero unless their values sit far above it (a share moving from 41 % to 45 %), where
    ticks from zero would all fall below the drawn range."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return
    if from_zero is None:
        from_zero = min(finite) <= 0.4 * max(finite)
    ticks = nice_ticks(min(0.0, min(finite)) if from_zero else min(finite), max(finite))
    fig.update_yaxes(
        tickvals=ticks, ticktext=[format_number(v, lang) for v in ticks], gridcolor="#ececec", zeroline=False
    )
