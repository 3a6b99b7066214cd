"""Lines and bars over time: a target's actual against its required path and projection, a monthly
series, an annual target's years, and breakdowns by category; analysts' notes as markers on the
months they are about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.charts.common import (
    ACTUAL_COLOR,
    PROJECTION_COLOR,
    REQUIRED_COLOR,
    TARGET_COLOR,
    axis_numbers,
    base_layout,
    fit_text,
)
from lib.core.formatting import format_exact, format_quantity
from lib.core.i18n import t
from lib.progress.statuses import COLOR

NOTE_COLOR = "#CC79A7"  # Okabe–Ito reddish purple: apart from the actual, required and projection lines


@dataclass(frozen=True)
class ChartNote:
    """A note on one month, drawn as a marker: ``label`` (注1) on the chart, ``text`` on hover and
    listed under the chart by the page. Both must already be inert (no markup)."""

    period: date
    label: str
    text: str


def add_note_markers(fig: go.Figure, notes: Sequence[ChartNote], points: pd.Series | None = None) -> go.Figure:
    """A dotted line at each noted month with its label (notes of the same month share one), the
    text on hover: pointing at the month's value in ``points`` (period → value) when it has one, so
    the label sits on the line it explains and clear of the target's and the legend's; else at the
    top of the plot."""
    by_month: dict[date, list[ChartNote]] = {}
    for note in notes:
        by_month.setdefault(date(note.period.year, note.period.month, 1), []).append(note)
    known = {} if points is None else {pd.Timestamp(k): v for k, v in points.items() if not pd.isna(v)}
    for month, group in by_month.items():
        x = pd.Timestamp(month)
        fig.add_vline(x=x, line=dict(color=NOTE_COLOR, width=1.2, dash="dot"))
        value = known.get(x)
        place = (
            dict(y=1, yref="paper", yanchor="top", showarrow=False)
            if value is None
            else dict(y=value, showarrow=True, arrowcolor=NOTE_COLOR, arrowwidth=1.2, ax=0, ay=-30)
        )
        fig.add_annotation(
            x=x,
            text="·".join(note.label for note in group),
            hovertext="<br>".join(f"{note.label} {note.text}" for note in group),
            bgcolor=NOTE_COLOR,
            font=dict(size=11, color="#ffffff"),
            borderpad=2,
            **place,
        )
    return fig


def trajectory_figure(
    frame: pd.DataFrame,
    *,
    unit: str,
    target_value: float,
    lang: str,
    compact: bool = False,
    title: str | None = None,
    footer: str | None = None,
    target_unit: str | None = None,
    notes: Sequence[ChartNote] = (),
) -> go.Figure:
    """Actual to date (solid) against the required path (dashed) and the projection (dotted), and
    analysts' notes as markers.

    ``target_unit``: the target's own unit where it differs from what was counted (a proxy)."""
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
        cite = t("cite.heading", lang)
        if column == "actual" and cite in frame.columns:  # published figures: the citation on hover
            text = [
                f"{v}<br>{t('cite.heading', lang)}：{c}" if c else v for v, c in zip(text, frame[cite], strict=True)
            ]
        fig.add_trace(
            go.Scatter(
                x=frame["period"],
                y=series,
                mode="lines+markers" if sparse else "lines",
                connectgaps=True,
                name=labels[column],
                line=dict(color=color, dash=dash, width=width),
                marker=dict(size=7 if sparse else 4),
                text=text,
                customdata=[format_exact(v, lang) if not pd.isna(v) else "" for v in series],
                hovertemplate=f"%{{x|{month_format}}}<br>{labels[column]}: %{{text}} (%{{customdata}})<extra></extra>",
            )
        )
    fig.add_hline(y=target_value, line=dict(color=TARGET_COLOR, width=1, dash="dot"))
    if not compact:
        fig.add_annotation(
            x=frame["period"].iloc[-1],
            y=target_value,
            text=t("chart.target_line", lang, value=format_quantity(target_value, target_unit or unit, lang)),
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            font=dict(size=12, color=TARGET_COLOR),
        )
        last_actual = frame["actual"].last_valid_index()
        if last_actual is not None:
            as_of = frame["period"][last_actual]
            fig.add_vline(x=as_of, line=dict(color="#9ca3af", width=1))
            fig.add_annotation(
                x=as_of,
                y=0.02,
                yref="paper",
                xanchor="right",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=11, color="#6b7280"),
                text=t("chart.as_of_marker", lang, month=as_of.strftime("%Y-%m")) + " ",
            )
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
        axis_numbers(fig, values, lang, from_zero=None)
        fig.update_layout(showlegend=True)
        add_note_markers(fig, notes, frame.set_index("period")["actual"])
    return fit_text(fig)


def series_figure(
    frame: pd.DataFrame,
    *,
    unit: str,
    lang: str,
    title: str,
    footer: str,
    bars: bool,
    target_value: float | None = None,
    yearly: bool = False,
    notes: Sequence[ChartNote] = (),
) -> go.Figure:
    """A monthly (or ``yearly``) series — bars for flows, a line for levels — optionally with a target
    line, and analysts' notes as markers."""
    month_format = ("%Y年" if lang == "zh" else "%Y") if yearly else ("%Y年%m月" if lang == "zh" else "%b %Y")
    text = [format_quantity(v, unit, lang) for v in frame["value"]]
    trace = go.Bar if bars else go.Scatter
    extra = {} if bars else {"mode": "lines", "line": dict(color=ACTUAL_COLOR, width=2.5)}
    fig = go.Figure(
        trace(
            x=frame["period"],
            y=frame["value"],
            text=text,
            customdata=[format_exact(v) for v in frame["value"]],
            hovertemplate=f"%{{x|{month_format}}}: %{{text}} (%{{customdata}})<extra></extra>",
            **({"marker_color": ACTUAL_COLOR, "textposition": "none"} if bars else {}),
            **extra,
        )
    )
    if target_value is not None:
        fig.add_hline(y=target_value, line=dict(color=TARGET_COLOR, width=1, dash="dot"))
        fig.add_annotation(
            x=frame["period"].iloc[-1] if len(frame) else None,
            y=target_value,
            text=t("chart.target_line", lang, value=format_quantity(target_value, unit, lang)),
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            font=dict(size=12, color=TARGET_COLOR),
        )
    base_layout(fig, height=320, lang=lang, title=title, footer=footer)
    fig.update_xaxes(tickformat=month_format, showgrid=False)
    values = [*frame["value"].tolist(), *([target_value] if target_value is not None else [])]
    if unit == "%":
        fig.update_yaxes(ticksuffix="%", gridcolor="#ececec")
    else:
        axis_numbers(fig, values, lang)
    add_note_markers(fig, notes, frame.set_index("period")["value"] if len(frame) else None)
    return fit_text(fig)


def annual_bars_figure(
    years: list[dict],
    *,
    unit: str,
    target_value: float,
    status_labels: Mapping[str, str],
    lang: str,
    title: str,
    footer: str,
) -> go.Figure:
    """One bar per year of an annual target, coloured and labelled by its status, with the target line.

    years: year, actual, status, partial (bool: the year is not over). status_labels: each status's
    words (``lib.views.words.status_label``, made by the view model: charts come before views).
    """
    fig = go.Figure(
        go.Bar(
            x=[str(y["year"]) for y in years],
            y=[y["actual"] or 0 for y in years],
            marker_color=[COLOR[y["status"]] for y in years],
            text=[
                f"{format_quantity(y['actual'], unit, lang)}<br>{status_labels[y['status']]}"
                + (f"<br>{t('chart.year_to_date', lang)}" if y["partial"] else "")
                for y in years
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=[format_exact(y["actual"]) for y in years],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    fig.add_hline(y=target_value, line=dict(color=TARGET_COLOR, width=1.5, dash="dot"))
    fig.add_annotation(
        x=1,
        xref="paper",
        y=target_value,
        text=t("chart.target_line", lang, value=format_quantity(target_value, unit, lang)),
        showarrow=False,
        xanchor="right",
        yanchor="bottom",
        font=dict(size=12, color=TARGET_COLOR),
    )
    base_layout(fig, height=340, lang=lang, title=title, footer=footer)
    fig.update_xaxes(type="category")
    axis_numbers(fig, [y["actual"] or 0 for y in years] + [target_value * 1.15], lang)
    return fit_text(fig)


def breakdown_figure(frame: pd.DataFrame, *, unit: str, lang: str, title: str, footer: str) -> go.Figure:
    """Stacked bars: one bar per year, one segment per category. frame: year, category, value."""
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"]
    fig = go.Figure()
    for index, (category, part) in enumerate(frame.groupby("category", sort=False)):
        fig.add_trace(
            go.Bar(
                x=part["year"].astype(str),
                y=part["value"],
                name=str(category),
                marker_color=palette[index % len(palette)],
                customdata=[format_quantity(v, unit, lang) for v in part["value"]],
                hovertemplate="%{x} " + str(category) + ": %{customdata}<extra></extra>",
            )
        )
    base_layout(fig, height=320, lang=lang, title=title, footer=footer)
    fig.update_xaxes(type="category")
    fig.update_layout(barmode="stack", showlegend=True)
    totals = frame.groupby("year")["value"].sum()
    axis_numbers(fig, list(totals.values), lang)
    return fit_text(fig)
