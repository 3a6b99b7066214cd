"""Numbers and dates as people write them in spreadsheets, parsed strictly.

Numbers: thousands separators, full-width digits, 万/亿/千 (in the cell, also before a unit:
1.2万人次), percentages, negative numbers in parentheses, blanks and dashes (—, -, 无) as missing.
Units: in a header, title or unit row (``培训人数(万人次)``, ``GDP_亿元``, ``单位：万元``) as a factor
and a base unit. Dates: 2024-03, 2024年3月, 2024/3/31, 202403,
2024Q1, 2024年第一季度, 2024年. Each parser returns the value and its period kind, or an error code
that the validation report turns into a sentence.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
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
# Magnitude words, longest first when matched: 1.2万 = 12,000; 万人次 = 10,000 人次.
MAGNITUDES = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}
PERCENT_WORDS = ("%", "百分比", "百分数", "百分率")
# Base units a header, title or cell may name (after any magnitude word); aliases to their base.
BASE_UNITS = (
    "人次",
    "人",
    "名",
    "个",
    "所",
    "家",
    "户",
    "项",
    "件",
    "台",
    "套",
    "场次",
    "场",
    "次",
    "期",
    "班",
    "课时",
    "学时",
    "小时",
    "元",
    "美元",
    "吨",
    "平方米",
    "公里",
)
UNIT_ALIASES = {"元人民币": "元", "人民币": "元", "人民币元": "元", "人民币亿元": "元", "美金": "美元"}
_SUFFIX_WORDS = tuple(sorted((*BASE_UNITS, *UNIT_ALIASES), key=len, reverse=True))  # longest first
_MAGNITUDE_WORDS = tuple(sorted(MAGNITUDES, key=len, reverse=True))
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")  # most cells: read at once
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


@dataclass(frozen=True)
class Unit:
    """A unit as written (``万人次``): the factor it multiplies the numbers by and its base unit."""

    text: str
    factor: float
    base: str  # 人次, 元, % … ('' for a bare magnitude such as 万)

    @property
    def percent(self) -> bool:
        return self.base == "%"


def _base_unit(text: str) -> str | None:
    if text in BASE_UNITS:
        return text
    return UNIT_ALIASES.get(text)


def parse_unit(text: object) -> Unit | None:
    """``万人次`` -> Unit(10,000, 人次); ``亿元`` -> (1e8, 元); ``%`` / ``百分比`` -> (1, %); ``千人``,
    ``百万元``, a bare ``万``; None for anything that is not a unit (``上年=100``, ``人口抽样调查``)."""
    raw = _fold(text).replace(" ", "")
    raw = re.sub(r"^单位[:：]?", "", raw).strip("()（）[]【】")
    if not raw:
        return None
    if raw in PERCENT_WORDS or raw == "％":
        return Unit(str(text).strip(), 1.0, "%")
    base = _base_unit(raw)
    if base:
        return Unit(str(text).strip(), 1.0, base)
    for word in _MAGNITUDE_WORDS:
        if raw.startswith(word):
            rest = raw[len(word) :]
            base = _base_unit(rest) if rest else ""
            if base is not None:
                return Unit(str(text).strip(), MAGNITUDES[word], base)
    return None


_UNIT_LABEL = re.compile(r"单位\s*[:：]\s*([^\s,，;；、)）\]】]+)")
_TRAILING_BRACKET = re.compile(r"[(（\[【]\s*([^()（）\[\]【】]+?)\s*[)）\]】]\s*$")
_TRAILING_PART = re.compile(r"[_/／]\s*([^_/／]+?)\s*$")


def unit_in_text(text: object) -> tuple[Unit, str] | None:
    """The unit a header or title names, and the text without it: ``培训人数(万人次)`` ->
    (万人次, ``培训人数``); ``GDP_亿元``; ``城镇化率_%``; ``…情况（单位：万人次）``; ``单位：万元``.
    None when no unit is named (``2025年``, ``GDP指数_上年=100``)."""
    folded = _fold(text)
    for pattern in (_UNIT_LABEL, _TRAILING_BRACKET, _TRAILING_PART):
        match = pattern.search(folded)
        if match:
            unit = parse_unit(match[1])
            if unit is not None:
                name = (folded[: match.start()] + folded[match.end() :]).strip(" ，,;；:：")
                return Unit(match[1].strip(), unit.factor, unit.base), re.sub(r"[(（]\s*[)）]$", "", name).strip()
    if folded.endswith(("%", "％")) and len(folded) > 1:
        return Unit("%", 1.0, "%"), folded[:-1].strip(" _")
    return None


def without_unit(text: object) -> str:
    """A header or title with the unit it names removed (``培训人数(万人次)`` -> ``培训人数``)."""
    found = unit_in_text(text)
    return found[1] if found else _fold(text)


@dataclass(frozen=True)
class Reading:
    """A number read from a cell: the value (with the cell's own 万/亿 applied), whether it was
    written as a percentage, and the magnitude the cell itself named (None when it named none)."""

    value: float | None
    percent: bool = False
    magnitude: float | None = None


def read_number(text: object) -> Reading:
    """A cell as a number: ``1.2万`` -> 12,000 (magnitude 1e4), ``1.2万人次`` too, ``95.2%`` -> 95.2
    (percent), ``(123)`` -> −123, blanks and dashes -> None; ParseProblem('not_a_number') otherwise."""
    if isinstance(text, bool):
        raise ParseProblem("not_a_number")
    if isinstance(text, int | float):
        if isinstance(text, float) and math.isnan(text):
            return Reading(None)
        if isinstance(text, float) and math.isinf(text):
            raise ParseProblem("not_a_number")
        return Reading(float(text))
    if isinstance(text, str) and _PLAIN.match(text):
        return Reading(float(text))
    if is_missing(text):
        return Reading(None)
    raw = _fold(text)
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1].strip()
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1].strip()
    for word in _SUFFIX_WORDS:
        if raw.endswith(word) and len(raw) > len(word):
            raw = raw[: -len(word)].strip()
            break
    magnitude = None
    for suffix in _MAGNITUDE_WORDS:
        if raw.endswith(suffix) and len(raw) > len(suffix):
            magnitude, raw = MAGNITUDES[suffix], raw[: -len(suffix)].strip()
            break
    if "," in raw and not _THOUSANDS.match(raw):
        raise ParseProblem("not_a_number")
    raw = raw.replace(",", "").replace(" ", "").replace("'", "").replace("_", "")
    if not _NUMBER.match(raw):
        raise ParseProblem("not_a_number")
    value = float(raw) * (magnitude or 1.0)
    if not math.isfinite(value):
        raise ParseProblem("not_a_number")
    return Reading(-value if negative else value, percent, magnitude)


def parse_number(text: object) -> tuple[float | None, bool]:
    """(value, is_percent); (None, False) for a blank; ParseProblem('not_a_number') otherwise."""
    reading = read_number(text)
    return reading.value, reading.percent


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


# --- months without a year, and year-to-date runs (累计, 1—N月), as statistical offices print them --------
_RUN = r"1\s*[-—–~～至]\s*(\d{1,2})\s*月(?:份)?"
_MONTH_ONLY = re.compile(rf"^(?:(?:{_RUN})|(\d{{1,2}})\s*月份?)(?:累计)?$")
_YEAR_RUN = re.compile(rf"^(\d{{4}})\s*年\s*{_RUN}(?:累计)?$")
_YTD_WORDS = ("累计", "年初至今", "本年累计", "year to date", "ytd", "cumulative")
_CHANGE_WORDS = (
    "同比",
    "环比",
    "增长",
    "增速",
    "增幅",
    "比上年",
    "比去年",
    "比重变化",
    "yoy",
    "mom",
    "growth",
    "change",
)
_OWN_MONTH_WORDS = ("当月", "本月", "单月", "当期")


def month_without_year(text: object) -> tuple[int, bool] | None:
    """A month written without its year, as a column or cell of a yearly report: ``3月`` -> (3, False);
    a run from January, ``1—3月`` / ``1-3月累计`` -> (3, True): a year-to-date figure for March. None
    for anything else (a full date, a word)."""
    folded = _fold(text).replace(" ", "")
    match = _MONTH_ONLY.match(folded)
    if not match:
        return None
    month = int(match[1] or match[2])
    if not 1 <= month <= 12:
        return None
    return month, bool(match[1]) or "累计" in folded


def year_run(text: object) -> tuple[int, int] | None:
    """``2025年1—3月`` -> (2025, 3): a run of months from January (a year-to-date period), else None."""
    match = _YEAR_RUN.match(_fold(text).replace(" ", ""))
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return int(match[1]), int(match[2])


def says_year_to_date(text: object) -> bool:
    """Whether a header, title or period names a year-to-date total (累计, 1—N月, 年初至今)."""
    folded = _fold(text).casefold().replace(" ", "")
    return any(word in folded for word in _YTD_WORDS) or bool(re.search(_RUN, folded))


def says_change(text: object) -> bool:
    """Whether a header names a change (同比 %, 增长, 增速 …) rather than a quantity of the indicator."""
    folded = _fold(text).casefold().replace(" ", "")
    return any(word in folded for word in _CHANGE_WORDS)


def says_own_month(text: object) -> bool:
    """Whether a header names the month's own figure (当月, 本月) beside a year-to-date one."""
    folded = _fold(text).replace(" ", "")
    return any(word in folded for word in _OWN_MONTH_WORDS)
