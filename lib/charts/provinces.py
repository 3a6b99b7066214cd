"""The provinces at a glance: the tile-grid map (a schematic: one equal square per unit, no
boundaries) and the ranking with the national line."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import hex_to_rgb, sample_colorscale, unlabel_rgb

from lib.charts.common import TARGET_COLOR, base_layout, fit_text, scale_text, text_width
from lib.core.i18n import t
from lib.progress.engine import STATUSES
from lib.progress.statuses import COLOR

PACE_SCALE = "PuOr"  # diverging, colour-blind safe: orange = behind, purple = ahead; 1.0 in the middle
COMPLETION_SCALE = "Blues"
NOT_APPLICABLE = "#e5e7eb"
# The tiles' texts three times, as Python cannot know the width a figure is drawn at: full names
# (the first scatter trace, shown: exports, which carry no CSS, and a wide Chinese page), short names
# with the value (the second, transparent: an English page, whose names do not fit a 48 px tile —
# GD, as a tile map of US states says CA) and short names alone (the third, transparent: a phone's
# 27 px tile holds two lines). The page's CSS (lib.ui.document) shows the one that fits. Each
# trace's ``meta`` names it (Streamlit replaces uids).
TILE_TEXT_META = "tile-full"
TILE_SHORT_META = "tile-short"
TILE_PHONE_META = "tile-phone"
TILE_GAP = 3  # px between two tiles (the heatmap's xgap and ygap)
TEXT_LINE = 1.3  # plotly's line height, in font sizes


def readable_text(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill`` (relative luminance)."""
    red, green, blue = unlabel_rgb(fill) if fill.startswith("rgb") else hex_to_rgb(fill)
    channel = [
        ((c / 255) / 12.92) if c / 255 <= 0.03928 else (((c / 255) + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    luminance = 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2]
    return "#111827" if luminance > 0.35 else "white"


def tile_name(name: str, longest: int = 8) -> str:
    """A unit's name as it fits a tile: a long English name on two lines ("Inner<br>Mongolia",
    "Heilong-<br>jiang"); Chinese names (two or three characters) as they are."""
    if len(name) <= longest or not name.isascii():
        return name
    if " " in name:
        return "<br>".join(name.split(" ", 1))
    half = (len(name) + 1) // 2
    return f"{name[:half]}-<br>{name[half:]}"


def tile_map_figure(
    rows: list[dict],
    *,
    metric: str,
    lang: str,
    title: str,
    footer: str,
    selected: str | None = None,
    height: int = 560,
    value_ticks: list[tuple[float, str]] | None = None,
) -> go.Figure:
    """One equal square per unit at its tile-grid position (a schematic, no boundaries).

    The squares are heatmap cells (data units, so they scale with the figure, and one cheap trace);
    an invisible marker on each carries the hover text and makes a click select the unit (plotly
    selection events). rows: code, name, x, y, value, label, symbol, status, hover, applicable.
    """
    columns = max(r["x"] for r in rows) + 1
    lines = max(r["y"] for r in rows) + 1
    low, high, scale = (0.5, 1.5, PACE_SCALE) if metric == "pace" else (0.0, 1.0, COMPLETION_SCALE)
    # metric "value": each row's value is its share of the largest; ``value_ticks`` label the colour bar
    shown = [r for r in rows if r["applicable"] and r["value"] is not None]
    blank = [r for r in rows if r not in shown]

    def grid(cells, value) -> list[list[float | None]]:
        z = [[None] * columns for _ in range(lines)]
        for row in cells:
            z[row["y"]][row["x"]] = value(row)
        return z

    ys = [-line for line in range(lines)]
    fig = go.Figure()
    common = dict(x=list(range(columns)), y=ys, xgap=TILE_GAP, ygap=TILE_GAP, hoverinfo="skip", showlegend=False)
    if blank:
        fig.add_trace(
            go.Heatmap(
                z=grid(blank, lambda r: 0.0),
                colorscale=[[0, NOT_APPLICABLE], [1, NOT_APPLICABLE]],
                showscale=False,
                **common,
            )
        )
    if metric == "status":
        steps = [[i / (len(STATUSES) - 1), COLOR[s]] for i, s in enumerate(STATUSES)]
        fig.add_trace(
            go.Heatmap(
                z=grid(shown, lambda r: STATUSES.index(r["status"])),
                zmin=0,
                zmax=len(STATUSES) - 1,
                colorscale=steps,
                showscale=False,
                **common,
            )
        )
        fills = {r["code"]: COLOR[r["status"]] for r in shown}
    else:
        colorbar = dict(
            title=dict(text=t(f"metric.{metric}", lang), side="right"), thickness=12, len=0.7, tickformat=".0%"
        )
        if value_ticks:
            colorbar |= dict(tickvals=[v for v, _ in value_ticks], ticktext=[text for _, text in value_ticks])
        fig.add_trace(
            go.Heatmap(
                z=grid(shown, lambda r: min(max(r["value"], low), high)),
                zmin=low,
                zmax=high,
                colorscale=scale,
                colorbar=colorbar,
                **common,
            )
        )
        positions = [(min(max(r["value"], low), high) - low) / (high - low) for r in shown]
        colors = sample_colorscale(scale, positions) if shown else []  # one call: it checks the scale each time
        fills = {r["code"]: color for r, color in zip(shown, colors, strict=True)}
    textfont = dict(size=11, color=[readable_text(fills[r["code"]]) if r["code"] in fills else "#6b7280" for r in rows])
    fig.add_trace(
        go.Scatter(
            x=[r["x"] for r in rows],
            y=[-r["y"] for r in rows],
            mode="markers+text",
            marker=dict(symbol="square", size=30, opacity=0),
            customdata=[[r["code"]] for r in rows],
            text=[f"<b>{tile_name(r['name'])}</b><br>{r['label']}<br>{r['symbol']}" for r in rows],
            textfont=textfont,
            hovertext=[r["hover"] for r in rows],
            hoverinfo="text",
            showlegend=False,
            selected=dict(marker=dict(opacity=0)),
            unselected=dict(marker=dict(opacity=0)),
            meta=TILE_TEXT_META,
        )
    )
    short = [f"<b>{r['short']}</b>" for r in rows]
    # a phone's tile (~27 px) holds two short lines: the name and the status symbol; the value is the
    # tile's colour, and in words on tapping it, in the ranking below it and in the data table
    phone = [
        name + (f"<br>{r['symbol']}" if len(r["symbol"]) == 1 else "") for name, r in zip(short, rows, strict=True)
    ]
    for meta, text in (
        (TILE_SHORT_META, [f"{name}<br>{r['label']}<br>{r['symbol']}" for name, r in zip(short, rows, strict=True)]),
        (TILE_PHONE_META, phone),
    ):
        fig.add_trace(
            go.Scatter(
                x=[r["x"] for r in rows],
                y=[-r["y"] for r in rows],
                mode="text",
                text=text,
                textfont=textfont,
                hoverinfo="skip",
                showlegend=False,
                opacity=0,
                meta=meta,
            )
        )
    chosen = next((r for r in rows if r["code"] == selected), None)
    if chosen:
        fig.add_shape(
            type="rect",
            x0=chosen["x"] - 0.5,
            x1=chosen["x"] + 0.5,
            y0=-chosen["y"] - 0.5,
            y1=-chosen["y"] + 0.5,
            line=dict(color="#111827", width=3),
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
    national_text: str | None = None,
) -> go.Figure:
    """Provinces sorted by the metric, coloured by group, with the national value as a line. For
    metric "value" (an indicator's values, not a share) the bars are labelled by the frame's
    ``label`` column and the national line by ``national_text``."""
    values = metric == "value"
    palette = ["#4C78A8", "#9D755D", "#72B7B2", "#B279A2", "#BAB0AC"]  # muted: not the status colours
    order = list(dict.fromkeys(group_of[code] for code in frame["code"]))
    colors = {key: palette[i % len(palette)] for i, key in enumerate(order)}
    fig = go.Figure()
    shown = frame.iloc[::-1]  # best at the top
    for key in order:
        part = shown[[group_of[c] == key for c in shown["code"]]]
        fig.add_trace(
            go.Bar(
                y=part["name"],
                x=part["value"],
                orientation="h",
                name=group_names[key],
                marker_color=colors[key],
                text=list(part["label"])
                if values
                else [f"{v:.1%}" if v is not None and not pd.isna(v) else "—" for v in part["value"]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=("%{y}: %{text}" if values else "%{y}: %{x:.1%}")
                + "<extra>"
                + group_names[key]
                + "</extra>",
            )
        )
    if national is not None and math.isfinite(national):
        fig.add_vline(x=national, line=dict(color=TARGET_COLOR, width=1.5, dash="dash"))
        fig.add_annotation(
            x=national,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            font=dict(size=11),
            text=national_text if national_text else t("chart.national_line", lang, value=f"{national:.1%}"),
        )
    if metric == "pace":
        fig.add_vline(x=1.0, line=dict(color="#9ca3af", width=1))
    base_layout(fig, height=max(360, 20 * len(frame) + 140), lang=lang, title=title, footer=footer)
    fig.update_layout(margin=dict(r=48), showlegend=True, barmode="overlay", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=list(shown["name"]), tickfont=dict(size=11))
    fig.update_xaxes(tickformat=".0%", gridcolor="#ececec", zeroline=False, rangemode="tozero")
    if values:  # the bars carry their values in the Chinese number style; no SI ticks (2M)
        fig.update_xaxes(showticklabels=False)
    return fit_text(fig)


def tile_side(fig: go.Figure, width: float, height: float) -> float:
    """The side in px of one tile of ``fig`` drawn at ``width`` × ``height``: the plot area left by
    the margins (and, right of it, the colour bar with its tick labels and title) holds the grid's
    columns and lines at one scale (square tiles), less the gap between two tiles."""
    margin, font = fig.layout.margin, fig.layout.font.size or 12
    plot_width = width - (margin.l or 0) - (margin.r or 0)
    plot_height = height - (margin.t or 0) - (margin.b or 0)
    bar = next((trace for trace in fig.data if trace.type == "heatmap" and trace.showscale is not False), None)
    if bar is not None:  # at x = 1.02 of the plot, padded 10 px each side; tick labels, then the turned title
        ticks = bar.colorbar.ticktext or ("150%",)
        room = 20 + (bar.colorbar.thickness or 30) + 6 + max(text_width(str(tick), font) for tick in ticks)
        room += 8 + (bar.colorbar.title.font.size or font) * TEXT_LINE if bar.colorbar.title.text else 0
        plot_width = (plot_width - room) / 1.02
    columns = fig.layout.xaxis.range[1] - fig.layout.xaxis.range[0]
    lines = fig.layout.yaxis.range[1] - fig.layout.yaxis.range[0]
    return min(plot_width / columns, plot_height / lines) - TILE_GAP


def narrowest_tile_map_width(fig: go.Figure, height: int, widest: int, text: float = 1.0) -> int:
    """The narrowest width (px, to 8 px) at which the tile map ``fig``, ``height`` px tall with its text
    ``text`` times larger (``scale_text``), keeps the tiles it has at ``widest``: its grid is square, so
    past the room for its colour bar more width is only blank, and what stands beside the map (a
    slide's key numbers, an English map's key) can take it instead. The title and footer wrap to the
    width, so each width tried is laid out as drawn (a narrower one may cost a line, and the tiles).
    Other figures keep ``widest``."""
    if not is_tile_map(fig):
        return widest

    def side_at(width: int) -> float:
        trial = go.Figure(fig)
        trial.update_layout(height=height)
        return tile_side(scale_text(trial, text, width=width), width, height)

    full, low, high = side_at(widest), min(height, widest), widest  # a wider map never has smaller tiles
    while high - low > 8:
        middle = (low + high) // 2
        low, high = (low, middle) if side_at(middle) >= full - 0.5 else (middle, high)
    return high


def tile_text_fits(text: str, size: float, side: float) -> bool:
    """Whether a tile's text (lines split at ``<br>``) fits a tile of ``side`` px at font ``size``:
    its widest line with 2 px to spare each side, its lines at plotly's line height."""
    lines = [re.sub(r"<[^>]+>", "", line) for line in text.split("<br>")]
    return max(text_width(line, size) for line in lines) <= side - 4 and len(lines) * size * TEXT_LINE <= side


def is_tile_map(fig: go.Figure) -> bool:
    """Whether ``fig`` is a tile map (it carries the tiles' texts three times)."""
    return {TILE_TEXT_META, TILE_SHORT_META, TILE_PHONE_META} <= {trace.meta for trace in fig.data}


def fit_tile_labels(fig: go.Figure, width: float, height: float) -> go.Figure:
    """For a tile map drawn at a size known here and without the page's CSS (a slide, a printed page,
    the HTML briefing, present mode): show the first of the tiles' texts — full names, short names with
    the values, short names alone — of which every tile's text fits its tile (an English export says
    GD, a Chinese one 广东 in full, as the page does); the last if none does. Other figures pass as
    they are. Run after the figure's text size and margins are final (``scale_text``)."""
    if not is_tile_map(fig):
        return fig
    traces = {trace.meta: trace for trace in fig.data if isinstance(trace.meta, str)}
    side = tile_side(fig, width, height)
    order = [traces[meta] for meta in (TILE_TEXT_META, TILE_SHORT_META, TILE_PHONE_META)]
    size = order[0].textfont.size or fig.layout.font.size or 12
    chosen = next((trace for trace in order if all(tile_text_fits(text, size, side) for text in trace.text)), order[-1])
    if chosen is not order[0]:
        order[0].mode = "markers"  # its invisible markers still carry the hover text and the click
        chosen.opacity = 1
    return fig
