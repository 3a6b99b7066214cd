"""briefing — briefing views and their .pptx / .html / .pdf; imports every stage below it (core … views)."""

from lib.briefing.build import FILE_KINDS, SIZES, TEXT_SCALE, build_briefing, method_lines
from lib.briefing.document import CSS, PRINT_CSS, briefing_html, html_to_pdf, print_html
from lib.briefing.rendering import FONT_DIR, RenderError, browser_path, fontconfig_file, render_png
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
    "FONT_DIR",
    "MAX_VIEWS",
    "PRINT_CSS",
    "SIZES",
    "TEXT_SCALE",
    "VIEW_KINDS",
    "RenderError",
    "ViewContent",
    "ViewSpec",
    "briefing_html",
    "browser_path",
    "build_briefing",
    "build_pptx",
    "current_view",
    "encode_brief",
    "fontconfig_file",
    "html_to_pdf",
    "is_valid_brief",
    "method_lines",
    "parse_brief",
    "parse_view",
    "print_html",
    "render_png",
    "view_content",
    "view_title",
]
