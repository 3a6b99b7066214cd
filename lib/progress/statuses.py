"""How a status looks: symbol and colour (its word, ``status_label``, is ``lib.views.words``'s).
Symbols carry the meaning without colour (colour-blind readers, black-and-white print); the palette
is Okabe–Ito based."""

from __future__ import annotations

SYMBOL = {
    "achieved": "★",
    "on_track": "▲",
    "at_risk": "◆",
    "off_track": "▼",
    "missed": "×",
    "not_started": "○",
    "no_data": "–",
}
COLOR = {
    "achieved": "#0072B2",
    "on_track": "#009E73",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "missed": "#8B1E3F",
    "not_started": "#8C8C8C",
    "no_data": "#BDBDBD",
}
# The same hues darkened for text on white (WCAG AA 4.5:1): a status written in its colour on a
# slide or page stays readable (the symbol carries the meaning anyway).
TEXT_COLOR = {
    "achieved": "#0072B2",
    "on_track": "#007A5A",
    "at_risk": "#8A5F00",
    "off_track": "#A84A00",
    "missed": "#8B1E3F",
    "not_started": "#666666",
    "no_data": "#6B6B6B",
}
# Streamlit badge/markdown colour names; .streamlit/config.toml maps them to the hex values above.
BADGE = {
    "achieved": "blue",
    "on_track": "green",
    "at_risk": "yellow",
    "off_track": "orange",
    "missed": "red",
    "not_started": "gray",
    "no_data": "gray",
}
