"""briefing — briefing views and their .pptx / .html / .pdf; imports every stage below it (core … views)."""

from lib.briefing.build import FILE_KINDS, SIZES, TEXT_SCALE, build_briefing, method_lines
from lib.briefing.document import CSS, PRINT_CSS, briefing_html, html_to_pdf, print_html
from lib.briefing.rendering import FONT_DIR, RenderError, browser_path, fontconfig_file, render_png
from lib.briefing.report import (
    RankingTable,
    Report,
    build_report,
    data_notes,
    gap_words,
    month_words,
    progress_clause,
    report_filename,
)
from lib.briefing.report_docx import FONTS, report_docx
from lib.briefing.slides import CHART_SIZE, FONT, build_pptx
from lib.briefing.views import (
    MAX_VIEWS,
    VIEW_KINDS,
    ViewContent,
    ViewSpec,
    current_view,
    encode_brief,
    is_valid_brief,
    parse_brief,
    parse_view,
    view_content,
    view_title,
)

__all__ = [
    "CHART_SIZE",
    "CSS",
    "FILE_KINDS",
    "FONT",
    "FONTS",
    "FONT_DIR",
    "MAX_VIEWS",
    "PRINT_CSS",
    "SIZES",
    "TEXT_SCALE",
    "VIEW_KINDS",
    "RankingTable",
    "RenderError",
    "Report",
    "ViewContent",
    "ViewSpec",
    "briefing_html",
    "browser_path",
    "build_briefing",
    "build_pptx",
    "build_report",
    "current_view",
    "data_notes",
    "encode_brief",
    "fontconfig_file",
    "gap_words",
    "html_to_pdf",
    "is_valid_brief",
    "method_lines",
    "month_words",
    "parse_brief",
    "parse_view",
    "print_html",
    "progress_clause",
    "render_png",
    "report_docx",
    "report_filename",
    "view_content",
    "view_title",
]
