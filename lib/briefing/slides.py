"""A briefing as PowerPoint slides (python-pptx), for meetings where only WPS or PowerPoint runs.

Title slide (title, as-of date, source, demo label), one slide per view (the chart as a 2× PNG
rendered on the server, the key numbers as real text, the filters and the source), and a closing
slide with the method and definitions. Text uses an East Asian font setting so Chinese renders in
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
from lib.store.folder import Provenance

WIDE, HIGH = Inches(13.333), Inches(7.5)
FONT = "Microsoft YaHei"
DARK, GREY, RED = RGBColor(0x1F, 0x29, 0x37), RGBColor(0x6B, 0x72, 0x80), RGBColor(0xB4, 0x28, 0x2D)
CHART_SIZE = (1500, 780)  # pixels of each chart image (rendered at 2×)


def _text(slide, left, top, width, height, lines: list[tuple[str, int, RGBColor, bool]]):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, (text, size, color, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
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
        (t("brief.subtitle", lang, date=provenance.as_of.isoformat(), snapshot=provenance.title), 18, GREY, False),
    ]
    lines.append((t("brief.source_line", lang, source=provenance.source), 14, GREY, False))
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
        _text(slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.7), [(content.title, 26, DARK, True)])
        _text(
            slide,
            Inches(0.5),
            Inches(0.95),
            Inches(12.3),
            Inches(0.4),
            [(t("brief.filters", lang, filters=content.filters), 11, GREY, False)],
        )
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
