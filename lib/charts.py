"""Plotly figures. Only ordinary cartesian traces: geo traces fetch a world map from a CDN and
render blank offline. Text inside figures (titles, ticks, hover) follows the UI language and
the Chinese number style; a figure can carry its own footer (as-of date and source) so a
screenshot or PNG explains itself.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.formatting import format_exact, format_number, format_quantity
from lib.i18n import t

FONT_FAMILY = "Noto Sans SC, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
ACTUAL_COLOR = "#0072B2"
REQUIRED_COLOR = "#6b7280"
PROJECTION_COLOR = "#D55E00"
TARGET_COLOR = "#333333"

PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
SPARKLINE_CONFIG = {"displayModeBar": False, "staticPlot": False, "responsive": True}


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(math.ceil((high - first) / step) + 1)]


def base_layout(fig: go.Figure, *, height: int, lang: str, footer: str | None = None, title: str | None = None) -> go.Figure:
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
            text=footer, xref="paper", yref="paper", x=0, y=0, yshift=-margin_bottom + 4, xanchor="left", yanchor="bottom",
            showarrow=False, font=dict(size=10, color="#6b7280"),
        )  # fmt: skip
    return fig


def _axis_numbers(fig: go.Figure, values: list[float], lang: str) -> None:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return
    ticks = nice_ticks(min(0.0, min(finite)), max(finite))
    fig.update_yaxes(tickvals=ticks, ticktext=[format_number(v, lang) for v in ticks], gridcolor="#ececec", zeroline=False)


def trajectory_figure(
    frame: pd.DataFrame, *, unit: str, target_value: float, lang: str, compact: bool = False, title: str | None = None, footer: str | None = None
) -> go.Figure:
    """Actual to date (solid) against the required path (dashed) and the projection (dotted)."""
    fig = go.Figure()
    if frame.empty:
        return base_layout(fig, height=140 if compact else 360, lang=lang, title=title, footer=footer)
    labels = {
        "actual": t("chart.actual", lang),
        "required": t("chart.required", lang),
        "projection": t("chart.projection", lang),
    }
    month_format = "%Y年%m月" if lang == "zh" else "%b %Y"
    for column, color, dash, width in (
        ("required", REQUIRED_COLOR, "dash", 1.5),
        ("projection", PROJECTION_COLOR, "dot", 2),
        ("actual", ACTUAL_COLOR, "solid", 2.5),
    ):
        series = frame[column]
        if series.isna().all():
            continue
        text = [format_quantity(v, unit, lang) if not pd.isna(v) else "" for v in series]
        fig.add_trace(
            go.Scatter(
                x=frame["period"], y=series, mode="lines", name=labels[column], line=dict(color=color, dash=dash, width=width),
                text=text, customdata=[format_exact(v, lang) if not pd.isna(v) else "" for v in series],
                hovertemplate=f"%{{x|{month_format}}}<br>{labels[column]}: %{{text}} (%{{customdata}})<extra></extra>",
            )
        )  # fmt: skip
    fig.add_hline(y=target_value, line=dict(color=TARGET_COLOR, width=1, dash="dot"))
    if not compact:
        fig.add_annotation(
            x=frame["period"].iloc[-1], y=target_value, text=t("chart.target_line", lang, value=format_quantity(target_value, unit, lang)),
            showarrow=False, xanchor="right", yanchor="bottom", font=dict(size=12, color=TARGET_COLOR),
        )  # fmt: skip
        last_actual = frame["actual"].last_valid_index()
        if last_actual is not None:
            fig.add_vline(x=frame["period"][last_actual], line=dict(color="#9ca3af", width=1))
    height = 140 if compact else 380
    base_layout(fig, height=height, lang=lang, title=title, footer=footer)
    fig.update_xaxes(
        showgrid=False,
        tickformat="%Y" if compact else month_format,
        dtick="M12" if compact else None,
        ticks="outside",
        tickfont=dict(size=10 if compact else 12),
    )
    values = [*list(frame[["actual", "required", "projection"]].to_numpy().ravel()), target_value]
    if compact:
        fig.update_yaxes(visible=False, range=[min(0.0, np.nanmin(values)), np.nanmax(values) * 1.08])
        fig.update_layout(showlegend=False)
    else:
        _axis_numbers(fig, values, lang)
        fig.update_layout(showlegend=True, legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1))
    return fig
