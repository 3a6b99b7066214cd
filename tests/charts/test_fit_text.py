"""Titles, legends, labels and footers of a figure stacked so none overlaps another at a phone's
width (issue #22: at 390 px the title ran into the legend, the footer into the ticks and off the edge)."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from lib.charts.common import PAGE_TEXT_WIDTH, base_layout, for_slide, scale_text, text_width, wrap
from lib.charts.paths import breakdown_figure

TITLE = "New high-skilled leading talents: by talent type, per year (person-times)"
FOOTER = "Data as of 31 Oct 2026 · 2026-10-31-demo · 示例数据 · 非官方统计 (demo data, not official statistics) · linear pace"


@pytest.mark.parametrize("text", [TITLE, FOOTER, "新培育高技能领军人才：累计完成与应达进度（人次）"])
def test_wrapped_lines_fit_the_width_and_keep_every_word(text):
    lines = wrap(text, 15, PAGE_TEXT_WIDTH)
    assert all(text_width(line, 15) <= PAGE_TEXT_WIDTH for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def figure() -> go.Figure:
    frame = pd.DataFrame(
        {
            "year": [2024, 2024, 2025, 2025],
            "category": ["Composite skills", "Unclassified (incl. unallocated)"] * 2,
            "value": [1000, 400, 1100, 380],
        }
    )
    return breakdown_figure(frame, unit="人次", lang="en", title=TITLE, footer=FOOTER)


def test_title_then_legend_then_plot_then_ticks_then_footer():
    fig = figure()
    height, margin = fig.layout.height, fig.layout.margin
    title_lines = fig.layout.title.text.count("<br>") + 1
    assert title_lines >= 2  # wrapped, not running off a phone's screen
    # anchored at its top, lifted by what plotly adds above a title: drawn from 6 px down, 1.3 em a line
    assert fig.layout.title.yanchor == "top" and (1 - fig.layout.title.y) * height > 6
    title_bottom = 6 + title_lines * 15 * 1.3 + 0.1 * 15
    legend_top = (1 - fig.layout.legend.y) * height
    assert fig.layout.legend.yref == "container" and legend_top >= title_bottom
    assert margin.t >= legend_top + 2 * 12 * 1.5  # two rows of legend above the plot
    footer = next(a for a in fig.layout.annotations if a.name == "footer")
    assert "<br>" in footer.text and footer.yanchor == "top" and -footer.yshift >= 12 * 2  # below one line of ticks
    assert fig.layout.xaxis.tickangle == 0  # never turned (a turned label is taller than its room)
    assert margin.b >= -footer.yshift + (footer.text.count("<br>") + 1) * 10 * 1.3


def test_a_slide_lays_its_text_out_again_for_its_own_width_and_size():
    fig = scale_text(for_slide(figure()), 1.8, width=1200)
    assert not [a for a in fig.layout.annotations if a.name == "footer"]
    assert fig.layout.title.text.count("<br>") == 0  # one line at 1,200 px
    assert fig.layout.title.font.size == 27 and fig.layout.font.size >= 18  # read at the back of a room


def test_the_footer_starts_at_the_figures_edge_past_the_y_labels():
    fig = base_layout(
        go.Figure(go.Bar(y=["Inner Mongolia ↓1", "XPCC"], x=[1, 2], orientation="h")),
        height=300,
        lang="en",
        footer=FOOTER,
    )
    fig.update_yaxes(categoryarray=["Inner Mongolia ↓1", "XPCC"])
    from lib.charts.common import fit_text

    fit_text(fig)
    footer = next(a for a in fig.layout.annotations if a.name == "footer")
    assert fig.layout.margin.l > text_width("Inner Mongolia ↓1", 12) and footer.xshift == -(fig.layout.margin.l - 8)
