"""charts — plotly figures and the overview's SVG sparklines; imports core, reference, store, progress."""

from lib.charts.common import (
    ACTUAL_COLOR,
    FONT_FAMILY,
    PLOTLY_CONFIG,
    PROJECTION_COLOR,
    REQUIRED_COLOR,
    TARGET_COLOR,
    axis_numbers,
    base_layout,
    for_slide,
    nice_ticks,
    scale_text,
)
from lib.charts.paths import (
    ChartNote,
    add_note_markers,
    annual_bars_figure,
    breakdown_figure,
    series_figure,
    trajectory_figure,
)
from lib.charts.provinces import (
    COMPLETION_SCALE,
    NOT_APPLICABLE,
    PACE_SCALE,
    ranking_figure,
    readable_text,
    tile_map_figure,
)
from lib.charts.sparkline import sparkline_svg

__all__ = [
    "ACTUAL_COLOR",
    "COMPLETION_SCALE",
    "FONT_FAMILY",
    "NOT_APPLICABLE",
    "PACE_SCALE",
    "PLOTLY_CONFIG",
    "PROJECTION_COLOR",
    "REQUIRED_COLOR",
    "TARGET_COLOR",
    "ChartNote",
    "add_note_markers",
    "annual_bars_figure",
    "axis_numbers",
    "base_layout",
    "breakdown_figure",
    "for_slide",
    "nice_ticks",
    "ranking_figure",
    "readable_text",
    "scale_text",
    "series_figure",
    "sparkline_svg",
    "tile_map_figure",
    "trajectory_figure",
]
