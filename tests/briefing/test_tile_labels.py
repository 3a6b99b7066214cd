"""An exported tile map (slides, PDF, HTML briefing) shows the labels that fit its tiles (issue #22:
the exports carry no page CSS and drew the full English names, "Heilong- / jiang" over its tile's
edges, "Shandong" past both sides). Measured at the size each export draws the map: the tile's side
from the figure's margins, grid and colour bar; each label's lines at plotly's line height, their width
by the generous estimate the figures' titles are wrapped with."""

import io
import re

import pytest
from PIL import Image
from pptx import Presentation

from lib.briefing.build import SIZES, slide_figure
from lib.briefing.document import HTML_NARROWEST_CHART, briefing_html, html_figure, print_html
from lib.briefing.slides import build_pptx
from lib.briefing.views import ViewSpec, view_content
from lib.charts.common import text_width
from lib.charts.provinces import tile_side
from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder

SPEC = ViewSpec("provinces", "leading_talent", "440000")


@pytest.fixture(scope="module")
def view():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    return snapshot_view(folder, folder.snapshot(None))


def shown_labels(figure) -> tuple[list[str], list[str]]:
    """The metas of the tile texts a browser without the page's CSS draws, and their texts."""
    shown = [
        trace
        for trace in figure.data
        if trace.type == "scatter" and "text" in trace.mode and trace.opacity != 0 and trace.text
    ]
    return [trace.meta for trace in shown], [text for trace in shown for text in trace.text]


def overflowing(figure, width: float, height: float) -> list[str]:
    side = tile_side(figure, width, height)
    size = next(trace.textfont.size for trace in figure.data if trace.meta == "tile-full")
    found = []
    for text in shown_labels(figure)[1]:
        lines = [re.sub(r"<[^>]+>", "", line) for line in text.split("<br>")]
        wide, tall = max(text_width(line, size) for line in lines), len(lines) * size * 1.3
        if wide > side - 4 or tall > side:
            found.append(f"{' / '.join(lines)}: {wide:.0f}×{tall:.0f} px in a tile of {side:.0f} px")
    return found


@pytest.mark.parametrize(("lang", "labels"), [("zh", "tile-full"), ("en", "tile-short")])
def test_an_exported_tile_map_shows_labels_that_fit_its_tiles(view, lang, labels):
    """A Chinese map keeps its full names (广东, 内蒙古: they fit); an English one says GD, HL and the
    value, with the key beside it; at the slide's size and at the narrowest HTML window wider than a phone."""
    content = view_content(view, SPEC, "linear", lang)
    slide = slide_figure(content.figures[0], "provinces")
    html = html_figure(content.figures[0])
    for figure, (width, height) in ((slide, SIZES["provinces"]), (html, (HTML_NARROWEST_CHART, html.layout.height))):
        assert not overflowing(figure, width, height), "\n".join(overflowing(figure, width, height))
        metas, texts = shown_labels(figure)
        assert metas == [labels] and len(texts) == 32
    assert content.figures[0].data[-3].meta == "tile-full" and content.figures[0].data[-3].mode == "markers+text"
    if lang == "en":
        assert any(text.startswith("<b>HL</b><br>") for text in shown_labels(slide)[1])
        assert content.tile_key.startswith("Short names on the map: AH Anhui · BJ Beijing · ")
    else:
        assert any(text.startswith("<b>黑龙江</b><br>") for text in shown_labels(slide)[1])
        assert content.tile_key == ""


def test_a_tile_map_too_small_for_names_and_values_shows_the_short_names_alone(view):
    """A phone-sized export: each tile its short name and status symbol (the value is its colour)."""
    figure = view_content(view, SPEC, "linear", "zh").figures[0]
    small = html_figure(figure.update_layout(height=260))
    metas, texts = shown_labels(small)
    assert metas == ["tile-phone"]
    assert all("%" not in text for text in texts)


def test_the_key_of_short_names_goes_with_an_english_map_in_every_export(view):
    content = view_content(view, SPEC, "linear", "en")
    picture = io.BytesIO()
    Image.new("RGB", (580, 500), "white").save(picture, format="PNG")
    deck = Presentation(io.BytesIO(build_pptx([content], [[picture.getvalue()]], view.provenance, "en", [])))
    slide_texts = [shape.text_frame.text for shape in deck.slides[1].shapes if shape.has_text_frame]
    assert any(content.tile_key in text for text in slide_texts)
    html = briefing_html([content], view.provenance, "en", [])
    assert f"<p class='tile-key'>{content.tile_key}</p>" in html and "<div class='tile-map'>" in html
    printed = print_html([content], [[picture.getvalue()]], view.provenance, "en", [])
    assert f"<p class='tile-key'>{content.tile_key}</p>" in printed
    chinese = view_content(view, SPEC, "linear", "zh")
    assert "tile-key" not in briefing_html([chinese], view.provenance, "zh", []).split("</style>", 1)[1]
