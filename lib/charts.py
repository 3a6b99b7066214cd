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
            name="footer", text=footer, xref="paper", yref="paper", x=0, y=0, yshift=-margin_bottom + 4, xanchor="left", yanchor="bottom",
            showarrow=False, font=dict(size=10, color="#6b7280"),
        )  # fmt: skip
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


def _axis_numbers(fig: go.Figure, values: list[float], lang: str, from_zero: bool | None = True) -> None:
    """Round y ticks in the Chinese number style. Bars always start at zero; lines (``from_zero=None``)
    start at zero unless their values sit far above it (a share moving from 41 % to 45 %), where
    ticks from zero would all fall below the drawn range."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return
    if from_zero is None:
        from_zero = min(finite) <= 0.4 * max(finite)
    ticks = nice_ticks(min(0.0, min(finite)) if from_zero else min(finite), max(finite))
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
        sparse = series.notna().sum() < 12  # annual or quarterly figures: join them and mark each one
        fig.add_trace(
            go.Scatter(
                x=frame["period"], y=series, mode="lines+markers" if sparse else "lines", connectgaps=True,
                name=labels[column], line=dict(color=color, dash=dash, width=width), marker=dict(size=7 if sparse else 4),
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
        _axis_numbers(fig, values, lang, from_zero=None)
        fig.update_layout(showlegend=True, legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1))
    return fig


# --- provinces -------------------------------------------------------------------------------------
PACE_SCALE = "PuOr"  # diverging, colour-blind safe: orange = behind, purple = ahead; 1.0 in the middle
COMPLETION_SCALE = "Blues"
NOT_APPLICABLE = "#e5e7eb"


def _readable_text(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill`` (relative luminance)."""
    from plotly.colors import hex_to_rgb, unlabel_rgb

    red, green, blue = unlabel_rgb(fill) if fill.startswith("rgb") else hex_to_rgb(fill)
    channel = [((c / 255) / 12.92) if c / 255 <= 0.03928 else (((c / 255) + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    luminance = 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2]
    return "#111827" if luminance > 0.35 else "white"


def tile_map_figure(
    rows: list[dict], *, metric: str, lang: str, title: str, footer: str, selected: str | None = None, height: int = 560
) -> go.Figure:
    """One equal square per unit at its tile-grid position (a schematic, no boundaries).

    The squares are heatmap cells (data units, so they scale with the figure, and one cheap trace);
    an invisible marker on each carries the hover text and makes a click select the unit (plotly
    selection events). rows: code, name, x, y, value, label, symbol, status, hover, applicable.
    """
    from plotly.colors import sample_colorscale

    from lib.progress import STATUSES
    from lib.statuses import COLOR

    columns = max(r["x"] for r in rows) + 1
    lines = max(r["y"] for r in rows) + 1
    low, high, scale = (0.5, 1.5, PACE_SCALE) if metric == "pace" else (0.0, 1.0, COMPLETION_SCALE)
    shown = [r for r in rows if r["applicable"] and r["value"] is not None]
    blank = [r for r in rows if r not in shown]

    def grid(cells, value) -> list[list[float | None]]:
        z = [[None] * columns for _ in range(lines)]
        for row in cells:
            z[row["y"]][row["x"]] = value(row)
        return z

    ys = [-line for line in range(lines)]
    fig = go.Figure()
    common = dict(x=list(range(columns)), y=ys, xgap=3, ygap=3, hoverinfo="skip", showlegend=False)
    if blank:
        fig.add_trace(go.Heatmap(z=grid(blank, lambda r: 0.0), colorscale=[[0, NOT_APPLICABLE], [1, NOT_APPLICABLE]], showscale=False, **common))
    if metric == "status":
        steps = [[i / (len(STATUSES) - 1), COLOR[s]] for i, s in enumerate(STATUSES)]
        fig.add_trace(
            go.Heatmap(
                z=grid(shown, lambda r: STATUSES.index(r["status"])), zmin=0, zmax=len(STATUSES) - 1, colorscale=steps, showscale=False, **common
            )
        )
        fills = {r["code"]: COLOR[r["status"]] for r in shown}
    else:
        colorbar = dict(title=dict(text=t(f"metric.{metric}", lang), side="right"), thickness=12, len=0.7, tickformat=".0%")
        fig.add_trace(
            go.Heatmap(z=grid(shown, lambda r: min(max(r["value"], low), high)), zmin=low, zmax=high, colorscale=scale, colorbar=colorbar, **common)
        )
        fills = {r["code"]: sample_colorscale(scale, [(min(max(r["value"], low), high) - low) / (high - low)])[0] for r in shown}
    fig.add_trace(
        go.Scatter(
            x=[r["x"] for r in rows], y=[-r["y"] for r in rows], mode="markers+text",
            marker=dict(symbol="square", size=30, opacity=0), customdata=[[r["code"]] for r in rows],
            text=[f"<b>{r['name']}</b><br>{r['label']}<br>{r['symbol']}" for r in rows],
            textfont=dict(size=11, color=[_readable_text(fills[r["code"]]) if r["code"] in fills else "#6b7280" for r in rows]),
            hovertext=[r["hover"] for r in rows], hoverinfo="text", showlegend=False,
            selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)),
        )
    )  # fmt: skip
    chosen = next((r for r in rows if r["code"] == selected), None)
    if chosen:
        fig.add_shape(
            type="rect", x0=chosen["x"] - 0.5, x1=chosen["x"] + 0.5, y0=-chosen["y"] - 0.5, y1=-chosen["y"] + 0.5, line=dict(color="#111827", width=3)
        )
    base_layout(fig, height=height, lang=lang, title=title, footer=footer)
    fig.update_layout(dragmode=False, clickmode="event+select")
    fig.update_xaxes(visible=False, range=[-0.6, columns - 0.4], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-lines + 0.4, 0.6], fixedrange=True, scaleanchor="x", constrain="domain")
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
    fig.update_layout(margin=dict(r=48), showlegend=True, legend=dict(orientation="h", yanchor="top", y=-0.06, x=0), barmode="overlay", bargap=0.25)
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
