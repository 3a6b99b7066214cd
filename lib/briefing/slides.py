"""A briefing as PowerPoint slides (python-pptx), for meetings where only WPS or PowerPoint runs.

Title slide (title, as-of date, source, demo label), one slide per view (the chart as a 2× PNG
rendered on the server, the key numbers as real text, the filters and the source; the overview's
three headline targets as large numbers, each with its 完成进度, 时间进度 and status, readable at
the back of a room), and a closing slide with the method and definitions. Text uses an East Asian font setting so Chinese renders in
PowerPoint, WPS and LibreOffice alike.
"""

from __future__ import annotations

import io
from datetime import datetime

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from lib import __version__
from lib.briefing.views import ViewContent
from lib.core.i18n import t
from lib.progress.statuses import TEXT_COLOR
from lib.store.folder import Provenance

WIDE, HIGH = Inches(13.333), Inches(7.5)
FONT = "Microsoft YaHei"
DARK, GREY, RED = RGBColor(0x1F, 0x29, 0x37), RGBColor(0x6B, 0x72, 0x80), RGBColor(0xB4, 0x28, 0x2D)
CHART_SIZE = (1500, 780)  # pixels of each chart image (rendered at 2×)
HEADLINE_SIZE = 40  # points: a headline number read from the back of a meeting room
STATUS_RGB = {status: RGBColor.from_string(color.lstrip("#")) for status, color in TEXT_COLOR.items()}


def _text(slide, left, top, width, height, lines: list[tuple]):
    """A text box; each line is (text, size, colour, bold[, points of space above])."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, (text, size, color, bold, *space) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if space:
            paragraph.space_before = Pt(space[0])
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.color.rgb, run.font.name = Pt(size), bold, color, FONT
        properties = run._r.get_or_add_rPr()
        for tag in ("a:ea", "a:cs"):  # the East Asian font, or PowerPoint falls back for Chinese
            element = properties.find(qn(tag))
            if element is None:
                element = properties.makeelement(qn(tag), {})
                properties.append(element)
            element.set("typeface", FONT)
    return box


def _footer(slide, provenance: Provenance, lang: str, page: int, pages: int) -> None:
    demo = " · " + t("chart.demo_mark", lang) if provenance.demo else ""
    line = (
        t("brief.subtitle", lang, date=provenance.as_of.isoformat(), snapshot=provenance.snapshot_id)
        + demo
        + "    "
        + t("brief.page", lang, page=page, pages=pages)
    )
    _text(
        slide,
        Inches(0.5),
        Inches(7.0),
        Inches(12.3),
        Inches(0.4),
        [(line, 10, RED if provenance.demo else GREY, False)],
    )


def _heading(slide, content: ViewContent, lang: str) -> None:
    """A view slide's title on one line (smaller where it is long: wrapped, it ran into the filters
    line under it) and, under it, the filters in force."""
    size = fitted(content.title, Inches(12.3) / 12700 * 0.95, 26, 16)
    _text(slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.7), [(content.title, size, DARK, True)])
    _text(
        slide,
        Inches(0.5),
        Inches(0.95),
        Inches(12.3),
        Inches(0.4),
        [(t("brief.filters", lang, filters=content.filters), 11, GREY, False)],
    )


def fitted(text: str, room: float, largest: int, smallest: int = 20) -> int:
    """The largest size (points, at least ``smallest``) at which ``text`` stays on one line across
    ``room`` points: a CJK character is one em wide, a digit or Latin letter at most 0.7 em in the
    bold fallback fonts PowerPoint, WPS and LibreOffice use. English may still wrap, at a space."""
    ems = sum(1.0 if ord(char) > 0x2E7F else 0.7 for char in text) or 1.0
    return max(smallest, min(largest, int(room / ems)))


def _headline_slide(slide, content: ViewContent, lang: str) -> None:
    """The three headline targets side by side: each number large, then 完成进度 and 时间进度 on a
    line of their own, the status in its colour and symbol (one paragraph per idea: nothing wraps
    mid-phrase in a narrow column)."""
    _heading(slide, content, lang)
    count = max(1, len(content.headlines))
    gap = Inches(0.3)
    width = int((Inches(12.3) - gap * (count - 1)) / count)
    for column, card in enumerate(content.headlines):
        left = Inches(0.5) + column * (width + gap)
        room = width / 12700 * 0.88  # points across the column, a margin kept
        lines = [
            (card.name, 20, DARK, True),
            (card.target_line, 13, GREY, False, 2),
            (card.label, 13, GREY, False, 14),
            (card.actual, fitted(card.actual, room, HEADLINE_SIZE), DARK, True),
            (card.completion, 22, DARK, False, 8),
            (card.elapsed, 22, DARK, False),
            (card.status, fitted(card.status, room, 24), STATUS_RGB[card.status_key], True, 10),
            *((note, 10, GREY, False, 4) for note in card.notes),
        ]
        _text(slide, left, Inches(1.6), width, Inches(4.9), lines)
    _text(slide, Inches(0.5), Inches(6.6), Inches(12.3), Inches(0.4), [(content.source, 10, GREY, False)])


def build_pptx(
    contents: list[ViewContent], images: list[list[bytes]], provenance: Provenance, lang: str, method: list[str]
) -> bytes:
    """The deck; ``images[i]`` are the PNGs of ``contents[i].figures``."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE, HIGH
    blank = deck.slide_layouts[6]
    pages = len(contents) + 2

    slide = deck.slides.add_slide(blank)
    lines = [
        (t("brief.title", lang), 40, DARK, True),
        (
            t("brief.subtitle", lang, date=provenance.as_of.isoformat(), snapshot=provenance.title_in(lang)),
            18,
            GREY,
            False,
        ),
    ]
    lines.append((t("brief.source_line", lang, source=provenance.source_in(lang)), 14, GREY, False))
    if provenance.demo:
        lines.append((t("ui.demo_banner", lang), 18, RED, True))
    if provenance.includes_upload:
        lines.append((t("upload.active", lang, name=provenance.upload_note, mode=""), 14, RED, False))
    lines.append(
        (
            t("brief.generated", lang, when=datetime.now().strftime("%Y-%m-%d %H:%M"), version=__version__),
            11,
            GREY,
            False,
        )
    )
    _text(slide, Inches(0.8), Inches(2.0), Inches(11.7), Inches(4.0), lines)

    for index, (content, pictures) in enumerate(zip(contents, images, strict=True), start=2):
        slide = deck.slides.add_slide(blank)
        if content.headlines:
            _headline_slide(slide, content, lang)
            _footer(slide, provenance, lang, index, pages)
            continue
        _heading(slide, content, lang)
        width = Inches(8.6) if pictures else 0
        top = Inches(1.45)
        for picture in pictures[:1]:
            image = slide.shapes.add_picture(io.BytesIO(picture), Inches(0.5), top, width=width)
            if image.height > Inches(5.05):  # keep it above the source line
                ratio = Inches(5.05) / image.height
                image.height, image.width = Inches(5.05), Emu(int(image.width * ratio))
        numbers = []
        for label, value in content.numbers:
            numbers += [(label, 12, GREY, False), (value, 15, DARK, True)]
        if content.tile_key:  # what the map's short names stand for, small, after the numbers
            numbers.append((content.tile_key, 9, GREY, False, 8))
        left = Inches(0.5) + width + Inches(0.3) if pictures else Inches(0.5)
        _text(slide, left, top, WIDE - left - Inches(0.5), Inches(5.4), numbers)
        _text(slide, Inches(0.5), Inches(6.6), Inches(12.3), Inches(0.4), [(content.source, 10, GREY, False)])
        _footer(slide, provenance, lang, index, pages)

    slide = deck.slides.add_slide(blank)
    _text(slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.7), [(t("brief.method_title", lang), 26, DARK, True)])
    _text(slide, Inches(0.5), Inches(1.0), Inches(12.3), Inches(5.9), [(line, 10, DARK, False) for line in method])
    _footer(slide, provenance, lang, pages, pages)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
