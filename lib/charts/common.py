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


def base_layout(
    fig: go.Figure, *, height: int, lang: str, footer: str | None = None, title: str | None = None
) -> go.Figure:
    margin_bottom = 28 + (22 if footer else 0)
    fig.update_layout(
        height=height,
        margin=dict(l=8, r=8, t=40 if title else 8, b=margin_bottom),
        font=dict(family=FONT_FAMILY, size=12, color="#2f2d2b"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel=dict(font_family=FONT_FAMILY),
        separators=".,",
        showlegend=False,
    )
    if title:
        fig.update_layout(title=dict(text=title, x=0, xanchor="left", font=dict(size=15)))
    if footer:
        fig.add_annotation(
            name="footer",
            text=footer,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-margin_bottom + 4,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font=dict(size=10, color="#6b7280"),
        )
    return fig


def scale_text(fig: go.Figure, factor: float) -> go.Figure:
    """Every text in the figure ``factor`` times larger (and the margins holding title and footer),
    so a chart made for the page reads at the back of a room."""
    size = lambda value, default: round((value or default) * factor)  # noqa: E731
    fig.update_layout(font_size=size(fig.layout.font.size, 12))
    if fig.layout.title.text:
        fig.update_layout(title_font_size=size(fig.layout.title.font.size, 15))
    for annotation in fig.layout.annotations:
        annotation.font.size = size(annotation.font.size, 12)
        if annotation.yshift:  # the footer sits in the bottom margin, which grows too
            annotation.yshift = annotation.yshift * factor
    for trace in fig.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and isinstance(textfont.size, int | float):
            textfont.size = size(textfont.size, 12)
    margin = fig.layout.margin
    fig.update_layout(margin=dict(t=size(margin.t, 8), b=size(margin.b, 28)))
    return fig


def for_slide(fig: go.Figure) -> go.Figure:
    """A figure for a slide or a printed page, whose own text lines carry the as-of date and source:
    without the footer (too long for a narrow image), the legend under the plot, clear of the title."""
    fig.layout.annotations = [a for a in fig.layout.annotations if a.name != "footer"]
    fig.update_layout(margin=dict(b=28))
    if fig.layout.showlegend:
        fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=-0.12, yanchor="top"), margin=dict(b=60))
    return fig


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
