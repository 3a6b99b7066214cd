"""A small trajectory as an SVG image: actual to date against the required path.

KPI cards need no interactive chart library: a static SVG draws at once, prints crisply, and
carries only our own numbers (no user text), so it is safe to embed. Exact values are on the
card itself; the full interactive chart is on the Programs page.
"""

from __future__ import annotations

import pandas as pd

from lib.charts.common import ACTUAL_COLOR, PROJECTION_COLOR, REQUIRED_COLOR, TARGET_COLOR

WIDTH, HEIGHT, PAD_X, PAD_TOP, PAD_BOTTOM = 320, 120, 6, 8, 18


def sparkline_svg(frame: pd.DataFrame, target_value: float, description: str = "") -> str:
    """SVG text for a trajectory frame (period, actual, required, projection)."""
    if frame.empty:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"></svg>'
    values = [v for column in ("actual", "required", "projection") for v in frame[column] if not pd.isna(v)] + [
        target_value
    ]
    low, high = min(0.0, min(values)), max(values) * 1.06 or 1.0
    count = len(frame)

    def x(index: float) -> float:
        return PAD_X + (WIDTH - 2 * PAD_X) * (index / max(1, count - 1))

    def y(value: float) -> float:
        return PAD_TOP + (HEIGHT - PAD_TOP - PAD_BOTTOM) * (1 - (value - low) / (high - low))

    def line(column: str, color: str, width: float, dash: str = "") -> str:
        points = [f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(frame[column]) if not pd.isna(v)]
        if len(points) == 1:  # a total published for a run of months: one value, at its last month
            cx, cy = points[0].split(",")
            return f'<circle cx="{cx}" cy="{cy}" r="{width + 2}" fill="{color}"/>'
        if len(points) < 2:
            return ""
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        return f'<polyline fill="none" stroke="{color}" stroke-width="{width}"{dashes} points="{" ".join(points)}"/>'

    parts = [
        f'<line x1="{PAD_X}" x2="{WIDTH - PAD_X}" y1="{y(target_value):.1f}" y2="{y(target_value):.1f}" stroke="{TARGET_COLOR}" stroke-width="1" stroke-dasharray="2 3"/>',
        line("required", REQUIRED_COLOR, 1.5, "6 4"),
        line("projection", PROJECTION_COLOR, 2, "2 3"),
        line("actual", ACTUAL_COLOR, 2.5),
    ]
    years = pd.DatetimeIndex(frame["period"]).year
    for index in range(count):
        if index == 0 or years[index] != years[index - 1]:
            label_x = x(index)
            anchor = "start" if index == 0 else "middle"
            parts.append(
                f'<text x="{label_x:.1f}" y="{HEIGHT - 4}" font-size="11" fill="#6b7280" text-anchor="{anchor}" font-family="sans-serif">{years[index]}</text>'
            )
    title = f"<title>{_xml_escape(description)}</title>" if description else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img">'
        f"{title}{''.join(parts)}</svg>"
    )


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
