"""The 进度通报 as a Word document laid out as officials expect (GB/T 9704 style).

A4, margins 37/35/28/26 mm; title in 小标宋 (二号, 22 pt), headings in 黑体, 正文 in 仿宋 (三号, 16 pt,
fixed 28 pt lines, first lines indented by two characters); page numbers "— 1 —" at the foot of
every page beside the demo label; the data note after the text; the provinces' ranking as annex
tables. English documents use Times New Roman at 12 pt.

Fonts and their fallback: a .docx names one font per script, so the fallback is declared the way
Word reads it, in the font table — 仿宋 with its alternative name FangSong and the panose, charset
(GB2312) and family of a fixed-pitch serif, so a machine without it substitutes the nearest Song-
class face instead of a sans; 方正小标宋简体 falls back to 宋体 and 黑体 to SimHei (alternative names).
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from lib import __version__
from lib.briefing.report import Report
from lib.core.i18n import t

# (name, alternative name Word tries when the font is missing, panose, charset, family, pitch)
FONTS = {
    "body": ("仿宋", "FangSong", "02010609060101010101", "86", "modern", "fixed"),
    "title": ("方正小标宋简体", "宋体", "02000000000000000000", "86", "roman", "variable"),
    "heading": ("黑体", "SimHei", "02010609060101010101", "86", "modern", "fixed"),
}
LATIN = "Times New Roman"
SIZES = {"zh": {"title": 22, "heading": 16, "body": 16, "note": 12, "table": 10.5, "footer": 14}}
SIZES["en"] = {"title": 18, "heading": 13, "body": 12, "note": 10, "table": 9, "footer": 10}
DEMO_RED = RGBColor(0xB4, 0x28, 0x2D)


def _set_fonts(run, kind: str, lang: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = LATIN
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    if lang == "zh":
        fonts.set(qn("w:eastAsia"), FONTS[kind][0])
        fonts.set(qn("w:hint"), "eastAsia")


def _paragraph(document, text: str, kind: str, lang: str, size: float, *, bold=False, align=None, indent=True):
    paragraph = document.add_paragraph()
    _set_fonts(paragraph.add_run(text), kind, lang, size, bold)
    layout = paragraph.paragraph_format
    if lang == "zh":
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = Pt(28 if size >= 16 else 20)
        layout.first_line_indent = Pt(2 * size) if indent else None
    else:
        layout.space_after = Pt(6)
    layout.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _declare_fonts(document) -> None:
    """Add the fonts used, with their fallbacks, to the document's font table (python-docx keeps
    that part as plain bytes, so it is parsed, extended and written back)."""
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    table = etree.fromstring(part.blob)
    for name, alternative, panose, charset, family, pitch in FONTS.values():
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                f'<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
                f'<w:pitch w:val="{pitch}"/></w:font>'
            )
        )
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_field(paragraph, lang: str, size: float) -> None:
    """— PAGE — : Word's page-number field."""

    def run(text: str | None = None):
        element = paragraph.add_run(text or "")
        _set_fonts(element, "body", lang, size)
        return element

    run("— ")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("value", "1"), ("end", None)):
        if kind == "value":
            run("1")
            continue
        element = run()
        if kind == "instr":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            element._element.append(instruction)
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            element._element.append(field)
    run(" —")


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def report_docx(report: Report) -> bytes:
    """The report as .docx bytes."""
    lang, sizes = report.lang, SIZES[report.lang]
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    _declare_fonts(document)
    properties = document.core_properties
    properties.title = report.title
    properties.subject = report.period
    properties.author = t("report.author", lang)
    properties.comments = report.filters
    properties.created = datetime.now()

    _paragraph(document, report.title, "title", lang, sizes["title"], align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(document, report.period, "body", lang, sizes["body"], align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if report.demo:
        demo = _paragraph(document, t("report.demo_label", lang), "heading", lang, sizes["note"], indent=False)
        demo.alignment = WD_ALIGN_PARAGRAPH.CENTER
        demo.runs[0].font.color.rgb = DEMO_RED
    _paragraph(document, report.filters, "body", lang, sizes["note"], align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for heading, paragraphs in report.sections:
        _paragraph(document, heading, "heading", lang, sizes["heading"], bold=lang == "en")
        for text in paragraphs:
            _paragraph(document, text, "body", lang, sizes["body"])
    _paragraph(document, t("report.notes_heading", lang), "heading", lang, sizes["heading"], bold=lang == "en")
    for note in report.notes:
        _paragraph(document, note, "body", lang, sizes["note"])
    _paragraph(
        document,
        t("report.generated", lang, when=datetime.now().strftime("%Y-%m-%d %H:%M"), version=__version__),
        "body",
        lang,
        sizes["note"],
        indent=False,
    )
    for number, table in enumerate(report.tables, start=1):
        if number == 1:
            document.add_page_break()
        _paragraph(document, table.title, "heading", lang, sizes["heading"], bold=lang == "en", indent=False)
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = ""
            _set_fonts(cell.paragraphs[0].add_run(column), "heading", lang, sizes["table"], bold=True)
        _repeat_header(grid.rows[0])
        for values in table.rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                _set_fonts(cell.paragraphs[0].add_run(value), "body", lang, sizes["table"])
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer, lang, sizes["footer"])
    if report.demo:
        mark = section.footer.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_fonts(mark.add_run(t("report.demo_label", lang)), "body", lang, sizes["note"] - 2)
        mark.runs[0].font.color.rgb = DEMO_RED
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
