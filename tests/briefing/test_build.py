"""Briefings and their files: slides, offline HTML, PDF — opened and read as a person would."""

import io
import json
import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from lib.briefing.build import build_briefing
from lib.briefing.rendering import FONT_DIR, fontconfig_file
from lib.briefing.slides import build_pptx
from lib.briefing.views import ViewSpec, encode_brief, parse_brief, view_content
from lib.core.formatting import format_percent, format_quantity
from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from lib.views.words import status_label
from tests.e2e.shared.browser import chromium_path

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "exports"
BRIEF = "overview,provinces.leading_talent.440000,programs.private_enterprise_training"


@pytest.fixture(scope="module")
def view():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    return snapshot_view(folder, folder.snapshot(None))


@pytest.fixture(scope="module")
def specs(view):
    return parse_brief(BRIEF, view.catalogue, view.store.regions)[0]


@pytest.fixture(scope="module")
def files(view, specs):
    if chromium_path() is None:
        pytest.skip("Chromium is needed to render charts and print PDF (make test installs it)")
    made = build_briefing(view, specs, "linear", "zh")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for kind, data in made.items():
        (ARTIFACTS / f"briefing.{kind}").write_bytes(data)
    return made


def test_brief_codes_round_trip_and_unknown_views_are_ignored(view):
    views, ignored = parse_brief(
        BRIEF + ",provinces.nope,programs.leading_talent.20x4,provinces.leading_talent.999999,weather",
        view.catalogue,
        view.store.regions,
    )
    assert encode_brief(views) == BRIEF
    assert ignored == ["provinces.nope", "programs.leading_talent.20x4", "provinces.leading_talent.999999", "weather"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_view_has_a_title_filters_numbers_and_a_figure(view, specs, lang):
    for spec in [
        *specs,
        ViewSpec("programs", "east_high_skilled_share"),
        ViewSpec("provinces", "east_high_skilled_share"),
    ]:
        content = view_content(view, spec, "linear", lang)
        assert content.title and content.filters and content.numbers and content.source
        if spec.kind == "overview":  # the headline numbers themselves, large; no sparklines
            assert len(content.headlines) == 3 and content.figures == []
        else:
            assert (spec.kind == "programs" and spec.target == "east_high_skilled_share") or len(content.figures) == 1


def test_slides_have_title_views_and_method(files, view, specs):
    deck = Presentation(io.BytesIO(files["pptx"]))
    slides = list(deck.slides)
    assert len(slides) == len(specs) + 2
    texts = ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame) for slide in slides]
    assert (
        "技能政策进度简报" in texts[0]
        and "2026-10-31" in texts[0]
        and "示例数据 · 非官方统计" in texts[0]
        and "程序生成的示例数据" in texts[0]
        and "lib/store/demo.py" not in texts[0]  # the source in words (issue #21)
    )
    for slide, text, spec in zip(slides[1:-1], texts[1:-1], specs, strict=True):
        content = view_content(view, spec, "linear", "zh")
        assert text.startswith(content.title) and "筛选条件" in text and "示例数据 · 非官方统计" in text
        assert all(value in text for _, value in content.numbers) or content.headlines  # key numbers as text
        pictures = sum(shape.shape_type == 13 for shape in slide.shapes)
        assert pictures == (0 if spec.kind == "overview" else 1)  # one picture: the chart
    assert texts[-1].startswith("方法与定义") and "E = T·f" in texts[-1]


def test_the_headline_slide_shows_three_numbers_large_with_progress_time_and_status(files, view):
    """Was three bare sparklines and the numbers wrapping in a narrow column (`· ◆` at a line's end)."""
    slide = list(Presentation(io.BytesIO(files["pptx"])).slides)[1]
    paragraphs = [
        (paragraph.text, max((run.font.size.pt for run in paragraph.runs if run.font.size), default=0))
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]
    texts = [text for text, _ in paragraphs]
    progress = view.progress("linear")
    for target in view.catalogue.headline_targets:
        result = progress[target.id]
        actual = format_quantity(result.actual, view.catalogue.indicators[target.indicator_id].unit, "zh")
        assert any(text == actual and size >= 36 for text, size in paragraphs), actual  # readable from the back
        assert f"完成进度 {format_percent(result.completion)}" in texts  # each on a line of its own
        assert f"时间进度 {format_percent(result.time_elapsed)}" in texts
        assert any(text == status_label(result.status, "zh") and size >= 20 for text, size in paragraphs)
    assert not any(text.rstrip().endswith(("·", "◆", "▲", "▼", "★")) for text in texts)
    assert sum(shape.shape_type == 13 for shape in slide.shapes) == 0  # no sparklines without axes


def test_slides_open_in_libreoffice_and_render(files, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice and poppler are needed (make test installs them)")
    deck = tmp_path / "briefing.pptx"
    deck.write_bytes(files["pptx"])
    result = subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0 and (tmp_path / "briefing.pdf").exists(), result.stderr
    assert _pages(tmp_path / "briefing.pdf") == 5
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(tmp_path / "briefing.pdf"), str(ARTIFACTS / "slide")],
        check=True,
        timeout=120,
    )
    assert len(list(ARTIFACTS.glob("slide-*.png"))) >= 5


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        self.urls += [value for name, value in attrs if name in ("src", "href", "data", "poster", "srcset") and value]

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def test_the_html_briefing_needs_no_other_host(files):
    document = files["html"].decode("utf-8")
    parser = _Resources()
    parser.feed(document)
    css_urls = [url for style in parser.styles for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", style)]
    external = [url for url in parser.urls + css_urls if re.match(r"^(https?:)?//", url)]
    assert external == []
    assert document.count("Plotly.newPlot") == 2 and "data:font/woff2;base64," in document  # overview: numbers
    assert "示例数据 · 非官方统计" in document and "数据截至 2026-10-31" in document


def test_data_text_is_escaped_in_the_html(view, specs):
    from lib.briefing.document import briefing_html

    hostile = replace(view.provenance, title="<script>alert(1)</script>", source='"><img src=x onerror=alert(1)>')
    document = briefing_html([view_content(view, specs[0], "linear", "zh")], hostile, "zh", ["x"])
    assert "<script>alert(1)" not in document and "<img src=x" not in document and "&lt;script&gt;" in document


def _pages(path: Path) -> int:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", output).group(1))


def test_the_pdf_is_a4_landscape_one_view_per_page_with_a_footer(files, tmp_path, specs):
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils is needed (make test installs it)")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(files["pdf"])
    assert files["pdf"].startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert _pages(path) == len(specs) + 2 and re.search(r"Page size:\s+841\.\d+ x 59\d\.\d+ pts \(A4\)", info)
    for page in range(1, len(specs) + 3):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "数据截至 2026-10-31" in text and "示例数据" in text, page
        if 1 < page < len(specs) + 2:
            assert "筛选条件" in text, page


def test_charts_are_rendered_offline_with_the_bundled_font(monkeypatch):
    import kaleido

    seen = {}
    original = kaleido.Kaleido

    class Spy(original):
        def __init__(self, *args, **kwargs):
            seen.update(kwargs)
            super().__init__(*args, **kwargs)

    if chromium_path() is None:
        pytest.skip("Chromium is needed")
    monkeypatch.setattr(kaleido, "Kaleido", Spy)
    import plotly.graph_objects as go

    from lib.briefing.rendering import render_png
    from lib.charts.common import base_layout

    image = render_png(
        [(base_layout(go.Figure(go.Bar(x=["广东"], y=[1])), height=200, lang="zh", title="技能"), 300, 200)]
    )[0]
    assert image.startswith(b"\x89PNG") and seen["mathjax"] is False
    match = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Sans SC Core"],
        capture_output=True,
        text=True,
        env={"FONTCONFIG_FILE": fontconfig_file(), "PATH": "/usr/bin:/bin"},
    )
    assert match.stdout.startswith(str(FONT_DIR))


def test_a_past_year_of_an_annual_target_reports_that_years_numbers_and_status(view):
    content = view_content(view, ViewSpec("programs", "private_enterprise_training", "2025"), "linear", "zh")
    numbers = dict(content.numbers)
    year = next(y for y in view.progress("linear")["private_enterprise_training"].years if y.year == 2025)
    assert numbers["状态"] == status_label(year.status, "zh") and year.status == "achieved"
    assert numbers["完成进度"] == format_percent(year.completion) and "2025" in content.filters
    assert "按当前进度预计" not in numbers  # a finished year has no projection


def test_a_province_view_of_a_target_without_provincial_data_says_what_it_shows_instead(view):
    content = view_content(view, ViewSpec("provinces", "worldskills_training_bases"), "linear", "en")
    assert content.numbers[0][0] == "Note" and "has no provincial data" in content.numbers[0][1]
    from lib.progress.drilldown import mappable_targets

    assert content.title.startswith(mappable_targets(view)[0].name("en")) and "World" not in content.title


def test_the_html_briefing_takes_the_language_and_needs_no_browser(view, specs):
    document = build_briefing(view, specs, "linear", "en", kinds=("html",))["html"].decode("utf-8")
    assert '<html lang="en">' in document or "lang='en'" in document or 'lang="en"' in document
    assert "Skills policy progress briefing" in document and "Method and definitions" in document
    assert "技能政策进度简报" not in document


def test_a_views_notes_are_markers_on_its_chart_and_lines_in_its_numbers(view):
    from datetime import UTC, date, datetime

    from lib.store.annotations import Note

    def note(region, month, text):
        return Note(f"n-{region}-{month:%m}", "leading_talent", "leading_talent_new", region, month, text,
                    "nat.analyst", "分析员", False, datetime(2026, 11, 2, tzinfo=UTC))  # fmt: skip

    notes = [note("000000", date(2026, 3, 1), "3月受春节因素影响"), note("440000", date(2026, 5, 1), "广东5月系统切换")]
    program = view_content(view, ViewSpec("programs", "leading_talent"), "linear", "zh", notes)
    assert ("注1", "2026年3月 · 全国：3月受春节因素影响（分析员，2026-11-02）") in program.numbers
    assert not [value for _, value in program.numbers if "广东5月" in value]  # another region's note
    assert "注1" in json.dumps(json.loads(program.figures[0].to_json()), ensure_ascii=False)
    province = view_content(view, ViewSpec("provinces", "leading_talent", "440000"), "linear", "zh", notes)
    assert ("注1", "2026年5月 · 广东：广东5月系统切换（分析员，2026-11-02）") in province.numbers
    assert "注1" not in [
        label for label, _ in view_content(view, ViewSpec("programs", "leading_talent"), "linear", "zh").numbers
    ]


def test_a_long_view_title_stays_on_one_line_of_its_slide(view):
    """Was: "High-skilled share of skilled workers, eastern provinces: by province" wrapped at 26 pt and
    its second line ran into the filters line under it (LibreOffice's rendering)."""
    content = view_content(view, ViewSpec("provinces", "east_high_skilled_share"), "linear", "en")
    picture = io.BytesIO()
    Image.new("RGB", (580, 500), "white").save(picture, format="PNG")
    slide = Presentation(io.BytesIO(build_pptx([content], [[picture.getvalue()]], view.provenance, "en", []))).slides[1]
    title = next(shape for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text == content.title)
    size = title.text_frame.paragraphs[0].runs[0].font.size.pt
    assert len(content.title) * 0.7 * size <= title.width / 12700  # 0.7 em a Latin letter at most (bold)
