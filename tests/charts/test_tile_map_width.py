"""A projected tile map takes the width its tiles need and no more (decision 0084): its grid is square,
so past the room for its colour bar a wider map only adds blank, and the key numbers and an English
map's key beside it need that room to be read across a room."""

import plotly.graph_objects as go
import pytest

from lib.briefing.views import ViewSpec, view_content
from lib.charts.common import scale_text
from lib.charts.provinces import fit_tile_labels, narrowest_tile_map_width, tile_side
from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from lib.ui.present import MAP_WIDEST, SCREENS


@pytest.fixture(scope="module")
def view():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    return snapshot_view(folder, folder.snapshot(None))


def drawn(figure, width: int, height: int, text: float):
    """The map as present mode draws it: its height, text scaled to the width, the labels that fit."""
    shown = go.Figure(figure)
    shown.update_layout(height=height)
    return fit_tile_labels(scale_text(shown, text, width=width), width, height)


def labels(figure) -> list[str]:
    return [t.meta for t in figure.data if t.type == "scatter" and "text" in (t.mode or "") and t.opacity != 0]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_projected_map_keeps_its_tiles_and_labels_in_less_width(view, screen, lang):
    content = view_content(view, ViewSpec("provinces", "leading_talent"), "linear", lang)
    height, text = SCREENS[screen]["map"], SCREENS[screen]["text"]
    widest = int(height * MAP_WIDEST)
    width = narrowest_tile_map_width(content.figures[0], height, widest, text)
    assert height <= width < widest - 40  # room given back to what stands beside it
    wide, narrow = drawn(content.figures[0], widest, height, text), drawn(content.figures[0], width, height, text)
    assert tile_side(narrow, width, height) == pytest.approx(tile_side(wide, widest, height), abs=0.5)
    assert labels(narrow) == labels(wide) != []  # an English map says GD with the value, as at its widest
    tighter = drawn(content.figures[0], width - 9, height, text)  # the narrowest, to 8 px: less costs the tiles
    assert tile_side(tighter, width - 9, height) < tile_side(wide, widest, height) - 0.5


def test_a_chart_that_is_no_tile_map_keeps_its_width(view):
    content = view_content(view, ViewSpec("programs", "leading_talent"), "linear", "en")
    assert narrowest_tile_map_width(content.figures[0], 580, 841, 1.3) == 841
