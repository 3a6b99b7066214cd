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
            as_of = frame["period"][last_actual]
            fig.add_vline(x=as_of, line=dict(color="#9ca3af", width=1))
            fig.add_annotation(
                x=as_of, y=0.02, yref="paper", xanchor="right", yanchor="bottom", showarrow=False, font=dict(size=11, color="#6b7280"),
                text=t("chart.as_of_marker", lang, month=as_of.strftime("%Y-%m")) + " ",
            )  # fmt: skip
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


# --- provinces -------------------------------------------------------------------------------------
PACE_SCALE = "PuOr"  # diverging, colour-blind safe: orange = behind, purple = ahead; 1.0 in the middle
COMPLETION_SCALE = "Blues"
NOT_APPLICABLE = "#e5e7eb"


def _text_color(background_index: float) -> str:
    return "white" if background_index < 0.22 or background_index > 0.78 else "#1f2937"


def tile_map_figure(rows: list[dict], *, metric: str, lang: str, title: str, footer: str, selected: str | None = None, tile: int = 66) -> go.Figure:
    """One equal square per unit at its tile-grid position (a schematic, no boundaries).

    rows: code, name, x, y, value (metric), label (figure on the tile), symbol, status, hover, applicable.
    """
    from lib.statuses import COLOR

    columns = max(r["x"] for r in rows) + 1
    lines = max(r["y"] for r in rows) + 1
    fig = go.Figure()
    applicable = [r for r in rows if r["applicable"] and r["value"] is not None]
    others = [r for r in rows if r not in applicable]
    marker = dict(symbol="square", size=tile, line=dict(color="white", width=1))
    if metric == "status":
        colors = [COLOR[r["status"]] for r in applicable]
        marker_colors = dict(color=colors)
        text_colors = ["white" if r["status"] in ("achieved", "off_track", "missed", "on_track") else "#1f2937" for r in applicable]
    else:
        low, high, scale = (0.5, 1.5, PACE_SCALE) if metric == "pace" else (0.0, 1.0, COMPLETION_SCALE)
        values = [min(max(r["value"], low), high) for r in applicable]
        marker_colors = dict(
            color=values, cmin=low, cmax=high, colorscale=scale, showscale=True,
            colorbar=dict(title=dict(text=t(f"metric.{metric}", lang), side="right"), thickness=12, len=0.7, tickformat=".0%"),
        )  # fmt: skip
        text_colors = [
            _text_color((v - low) / (high - low)) if scale == PACE_SCALE else ("white" if (v - low) / (high - low) > 0.6 else "#1f2937")
            for v in values
        ]
    for group, extra, fonts in ((applicable, marker_colors, text_colors), (others, dict(color=NOT_APPLICABLE), ["#6b7280"] * len(others))):
        if not group:
            continue
        fig.add_trace(
            go.Scatter(
                x=[r["x"] for r in group], y=[-r["y"] for r in group], mode="markers+text",
                marker={**marker, **extra}, text=[f"<b>{r['name']}</b><br>{r['label']}<br>{r['symbol']}" for r in group],
                textfont=dict(size=max(10, tile // 6), color=fonts), customdata=[[r["code"]] for r in group],
                hovertext=[r["hover"] for r in group], hoverinfo="text", showlegend=False,
            )
        )  # fmt: skip
    if selected:
        chosen = next((r for r in rows if r["code"] == selected), None)
        if chosen:
            fig.add_trace(
                go.Scatter(x=[chosen["x"]], y=[-chosen["y"]], mode="markers", hoverinfo="skip", showlegend=False,
                           marker=dict(symbol="square-open", size=tile + 6, line=dict(color="#111827", width=3)))
            )  # fmt: skip
    width, height = int(tile * 1.12 * columns + 110), int(tile * 1.12 * lines + 120)
    base_layout(fig, height=height, lang=lang, title=title, footer=footer)
    fig.update_layout(width=width, dragmode=False, clickmode="event+select", margin=dict(r=30))
    fig.update_xaxes(visible=False, range=[-0.6, columns - 0.4], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-lines + 0.4, 0.6], fixedrange=True, scaleanchor="x")
    return fig


def ranking_figure(
    frame: pd.DataFrame,
    *,
    metric: str,
    lang: str,
    title: str,
    footer: str,
    national: float | None,
    group_names: dict[str, str],
    group_of: dict[str, str],
) -> go.Figure:
    """Provinces sorted by the metric, coloured by group, with the national value as a line."""
    palette = ["#4C78A8", "#9D755D", "#72B7B2", "#B279A2", "#BAB0AC"]  # muted: not the status colours
    order = list(dict.fromkeys(group_of[code] for code in frame["code"]))
    colors = {key: palette[i % len(palette)] for i, key in enumerate(order)}
    fig = go.Figure()
    shown = frame.iloc[::-1]  # best at the top
    for key in order:
        part = shown[[group_of[c] == key for c in shown["code"]]]
        fig.add_trace(
            go.Bar(
                y=part["name"], x=part["value"], orientation="h", name=group_names[key], marker_color=colors[key],
                text=[f"{v:.0%}" if v is not None and not pd.isna(v) else "—" for v in part["value"]], textposition="outside", cliponaxis=False,
                hovertemplate="%{y}: %{x:.1%}<extra>" + group_names[key] + "</extra>",
            )
        )  # fmt: skip
    if national is not None and math.isfinite(national):
        fig.add_vline(x=national, line=dict(color=TARGET_COLOR, width=1.5, dash="dash"))
        fig.add_annotation(
            x=national, y=1.0, yref="paper", yanchor="bottom", showarrow=False, font=dict(size=11),
            text=t("chart.national_line", lang, value=f"{national:.0%}"),
        )  # fmt: skip
    if metric == "pace":
        fig.add_vline(x=1.0, line=dict(color="#9ca3af", width=1))
    base_layout(fig, height=max(360, 20 * len(frame) + 140), lang=lang, title=title, footer=footer)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", yanchor="top", y=-0.06, x=0), barmode="overlay", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=list(shown["name"]), tickfont=dict(size=11))
    fig.update_xaxes(tickformat=".0%", gridcolor="#ececec", zeroline=False, rangemode="tozero")
    return fig


def series_figure(frame: pd.DataFrame, *, unit: str, lang: str, title: str, footer: str, bars: bool, target_value: float | None = None) -> go.Figure:
    """A monthly series (bars for flows, a line for levels), optionally with a target line."""
    month_format = "%Y年%m月" if lang == "zh" else "%b %Y"
    text = [format_quantity(v, unit, lang) for v in frame["value"]]
    trace = go.Bar if bars else go.Scatter
    extra = {} if bars else {"mode": "lines", "line": dict(color=ACTUAL_COLOR, width=2.5)}
    fig = go.Figure(
        trace(
            x=frame["period"], y=frame["value"], text=text, customdata=[format_exact(v) for v in frame["value"]],
            hovertemplate=f"%{{x|{month_format}}}: %{{text}} (%{{customdata}})<extra></extra>",
            **({"marker_color": ACTUAL_COLOR, "textposition": "none"} if bars else {}), **extra,
        )
    )  # fmt: skip
    if target_value is not None:
        fig.add_hline(y=target_value, line=dict(color=TARGET_COLOR, width=1, dash="dot"))
        fig.add_annotation(
            x=frame["period"].iloc[-1] if len(frame) else None, y=target_value, text=t("chart.target_line", lang, value=format_quantity(target_value, unit, lang)),
            showarrow=False, xanchor="right", yanchor="bottom", font=dict(size=12, color=TARGET_COLOR),
        )  # fmt: skip
    base_layout(fig, height=320, lang=lang, title=title, footer=footer)
    fig.update_xaxes(tickformat=month_format, showgrid=False)
    values = [*frame["value"].tolist(), *([target_value] if target_value is not None else [])]
    if unit == "%":
        fig.update_yaxes(ticksuffix="%", gridcolor="#ececec")
    else:
        _axis_numbers(fig, values, lang)
    return fig


def annual_bars_figure(years: list[dict], *, unit: str, target_value: float, lang: str, title: str, footer: str) -> go.Figure:
    """One bar per year of an annual target, coloured and labelled by its status, with the target line.

    years: year, actual, status, partial (bool: the year is not over).
    """
    from lib.statuses import COLOR, status_label

    fig = go.Figure(
        go.Bar(
            x=[str(y["year"]) for y in years], y=[y["actual"] or 0 for y in years], marker_color=[COLOR[y["status"]] for y in years],
            text=[f"{format_quantity(y['actual'], unit, lang)}<br>{status_label(y['status'], lang)}" + (f"<br>{t('chart.year_to_date', lang)}" if y["partial"] else "") for y in years],
            textposition="outside", cliponaxis=False, customdata=[format_exact(y["actual"]) for y in years],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_hline(y=target_value, line=dict(color=TARGET_COLOR, width=1.5, dash="dot"))
    fig.add_annotation(
        x=1, xref="paper", y=target_value, text=t("chart.target_line", lang, value=format_quantity(target_value, unit, lang)),
        showarrow=False, xanchor="right", yanchor="bottom", font=dict(size=12, color=TARGET_COLOR),
    )  # fmt: skip
    base_layout(fig, height=340, lang=lang, title=title, footer=footer)
    fig.update_xaxes(type="category")
    _axis_numbers(fig, [y["actual"] or 0 for y in years] + [target_value * 1.15], lang)
    return fig


def breakdown_figure(frame: pd.DataFrame, *, unit: str, lang: str, title: str, footer: str) -> go.Figure:
    """Stacked bars: one bar per year, one segment per category. frame: year, category, value."""
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"]
    fig = go.Figure()
    for index, (category, part) in enumerate(frame.groupby("category", sort=False)):
        fig.add_trace(
            go.Bar(
                x=part["year"].astype(str), y=part["value"], name=str(category), marker_color=palette[index % len(palette)],
                customdata=[format_quantity(v, unit, lang) for v in part["value"]], hovertemplate="%{x} " + str(category) + ": %{customdata}<extra></extra>",
            )
        )  # fmt: skip
    base_layout(fig, height=320, lang=lang, title=title, footer=footer)
    fig.update_xaxes(type="category")
    fig.update_layout(barmode="stack", showlegend=True, legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1))
    totals = frame.groupby("year")["value"].sum()
    _axis_numbers(fig, list(totals.values), lang)
    return fig
