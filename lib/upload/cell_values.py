"""Numbers and dates as people write them in spreadsheets, parsed strictly.

Numbers: thousands separators, full-width digits, 万/亿 (in the cell), percentages, negative numbers
in parentheses, blanks and dashes (—, -, 无) as missing. Dates: 2024-03, 2024年3月, 2024/3/31, 202403,
2024Q1, 2024年第一季度, 2024年. Each parser returns the value and its period kind, or an error code
that the validation report turns into a sentence.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime

MISSING = {
    "",
    "-",
    "--",
    "—",
    "——",
    "–",
    "－",
    "无",
    "/",
    "…",
    "...",
    "..",
    "na",
    "n/a",
    "nan",
    "null",
    "none",
    "#n/a",
    "暂无",
    "空",
}
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "万亿": 1e12}
_UNIT_WORDS = ("人次", "万人", "人", "个", "所", "场次", "场", "次", "元", "万元", "亿元", "户", "家", "项", "名")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class ParseProblem(Exception):
    """A cell that cannot be read; ``code`` is a locale key under ``problem.``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _fold(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().replace("\u3000", "").replace("\xa0", "")


def is_missing(text: object) -> bool:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return True
    return _fold(text).casefold() in MISSING


def parse_number(text: object) -> tuple[float | None, bool]:
    """(value, is_percent); (None, False) for a blank; ParseProblem('not_a_number') otherwise."""
    if isinstance(text, bool):
        raise ParseProblem("not_a_number")
    if isinstance(text, int | float):
        if isinstance(text, float) and math.isnan(text):
            return None, False
        if isinstance(text, float) and math.isinf(text):
            raise ParseProblem("not_a_number")
        return float(text), False
    if is_missing(text):
        return None, False
    raw = _fold(text)
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1].strip()
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1].strip()
    for word in _UNIT_WORDS:
        if raw.endswith(word) and len(raw) > len(word):
            raw = raw[: -len(word)].strip()
            break
    scale = 1.0
    for suffix in sorted(_SCALES, key=len, reverse=True):
        if raw.endswith(suffix) and len(raw) > len(suffix):
            scale, raw = _SCALES[suffix], raw[: -len(suffix)].strip()
            break
    if "," in raw and not _THOUSANDS.match(raw):
        raise ParseProblem("not_a_number")
    raw = raw.replace(",", "").replace(" ", "").replace("'", "").replace("_", "")
    if not _NUMBER.match(raw):
        raise ParseProblem("not_a_number")
    value = float(raw) * scale
    if not math.isfinite(value):
        raise ParseProblem("not_a_number")
    return (-value if negative else value), percent


QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PATTERNS = [
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"), "day"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "M"),
    (re.compile(r"^(\d{4})年(\d{1,2})月份?$"), "M"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})(\d{2})$"), "M"),
    (re.compile(r"^(\d{4})\s*[-年]?\s*(?:q|Q|第)?([1-4一二三四])(?:季度|季|q)?$"), "Q"),
    (re.compile(r"^(\d{4})年?度?$"), "Y"),
]


def parse_period(text: object) -> tuple[date, str]:
    """(first day of the period, 'M' | 'Q' | 'Y'); a full date gives its month.

    ParseProblem('not_a_date') when unreadable, ('bad_month') for a month outside 1-12.
    """
    if isinstance(text, datetime | date):
        return date(text.year, text.month, 1), "M"
    if is_missing(text):
        raise ParseProblem("missing_date")
    raw = _fold(text).replace(" ", "")
    quarter_text = raw.upper().replace("Q", "q")
    for pattern, kind in _PATTERNS:
        match = pattern.match(quarter_text if kind == "Q" else raw)
        if not match:
            continue
        year = int(match[1])
        if kind == "Y":
            return date(year, 1, 1), "Y"
        if kind == "Q":
            if "q" not in quarter_text and "季" not in raw and "第" not in raw:
                continue  # '2024-1' is a month, not a quarter
            return date(year, 3 * QUARTER_WORDS[match[2]] - 2, 1), "Q"
        month = int(match[2])
        if not 1 <= month <= 12:
            raise ParseProblem("bad_month")
        if kind == "day":
            try:
                date(year, month, int(match[3]))
            except ValueError:
                raise ParseProblem("not_a_date") from None
        return date(year, month, 1), "M"
    raise ParseProblem("not_a_date")


def header_scale(text: str) -> tuple[float, str]:
    """A unit written in a header or title — ``人数(万人)``, ``GDP_亿元``, ``指标：城镇就业(万人)`` —
    as (scale, base unit): (1e4, '人'). (1.0, '') when none is named."""
    folded = _fold(text)
    match = re.search(r"[(（_]\s*(万亿|亿|万|千)?\s*(人次|人|元|美元|个|户|所|场次|%)?\s*[)）]?\s*$", folded)
    if not match or not (match[1] or match[2]):
        return 1.0, ""
    return _SCALES.get(match[1] or "", 1.0), match[2] or ""
