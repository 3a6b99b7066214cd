"""Where a file says what its numbers are: the unit of each value column (its header, a row of units
under the header, a 单位： line or the title, the cells themselves, a unit column) and the indicator
when no column names one (a 指标： line, the title, the file name).

Every hint found is shown to the analyst with where it came from; nothing here changes a number.
An indicator the catalogue lacks is proposed as the analyst's own (name from the header or title,
unit from the unit hint, kind flow/stock/rate from the words and the unit).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import PurePath

import pandas as pd

from lib.core.chinese import to_simplified
from lib.reference.catalogue import Catalogue
from lib.reference.own import OwnIndicator
from lib.upload.cell_values import (
    ParseProblem,
    is_missing,
    parse_period,
    parse_unit,
    read_number,
    unit_in_text,
)
from lib.upload.common import NO_UNIT, VALUE_WORDS, ColumnUnit, fold_header
from lib.upload.reader import Table

GUESS_ROWS = 2000  # hints are read from the first rows; big files need no full scan
# Headers and titles that say "the number" or "a report" without saying of what: never an indicator's name.
GENERIC_NAMES = {
    fold_header(word)
    for word in (
        *VALUE_WORDS,
        *(
            "合计",
            "数",
            "数据",
            "金额",
            "月报",
            "季报",
            "年报",
            "快报",
            "报表",
            "统计",
            "汇总",
            "情况",
            "report",
            "data",
        ),
    )
}
UNIT_COLUMN_WORDS = ("单位", "计量单位", "unit", "units")
_TITLE_SKIP = re.compile(
    r"^(数据库|时间|单位|地区|注|制表|填报|报送|日期|来源|数据来源|说明|note|source)\s*[:：]?", re.I
)
_PERIOD_WORDS = re.compile(
    r"(截至|截止)?\d{4}\s*年?度?"
    r"(上半年|下半年|全年|前三季度|一季度|二季度|三季度|四季度|第[一二三四1-4]季度|"
    r"\d{1,2}\s*(月)?\s*(—|-|–|~|～|至|到)\s*\d{1,2}\s*月份?|\d{1,2}\s*月份?(底|末)?)?"
)
_PLACE_WORDS = re.compile(
    r"^(全国|各省[(（]?区[、,，]?市[)）]?|各省份|各省市|各省|各地区|各地市|各地|分省份|分省|分地区|各市|全省|本省|我省)"
)
_TITLE_ENDINGS = (
    "完成情况统计表",
    "完成情况表",
    "完成情况",
    "情况统计表",
    "情况汇总表",
    "情况表",
    "统计表",
    "汇总表",
    "一览表",
    "明细表",
    "月报",
    "季报",
    "年报",
    "快报",
    "报表",
    "情况",
    "统计",
    "汇总",
    "数据",
    "表",
)
_SUFFIX_WORDS = ("人数", "人次", "完成数", "数", "工作", "规模", "总数")
_FLOW_WORDS = (
    "新增",
    "新培育",
    "培训",
    "发放",
    "完成",
    "招收",
    "招生",
    "毕业",
    "补贴",
    "支出",
    "申领",
    "申请",
    "鉴定",
    "评价",
    "取证",
    "认定",
    "举办",
    "开展",
)
_STOCK_WORDS = ("总量", "总数", "总计", "人员", "人口", "年末", "期末", "余额", "在校", "存量", "保有", "就业")


# --- units ---------------------------------------------------------------------------------------
def title_unit(table: Table) -> ColumnUnit | None:
    """A unit named above the header: a 单位： line (``unit_row``) or inside a title (``title``)."""
    for line in table.title_lines:
        found = unit_in_text(line)
        if found:
            unit, _ = found
            source = "unit_row" if re.match(r"^\s*单位\s*[:：]", unicodedata.normalize("NFKC", line)) else "title"
            return ColumnUnit(unit.text, unit.factor, unit.base, source, line)
    return None


def cell_unit(values: pd.Series) -> ColumnUnit | None:
    """Cells that name their own magnitude or unit (``1.2万``, ``3,000人次``): read per cell, so
    the column's factor is 1 and each cell's own word is applied."""
    written = Counter()
    cells = [v for v in pd.unique(values.head(GUESS_ROWS).astype("str")) if v and not is_missing(v)][:400]
    for cell in cells:
        match = re.search(r"[\d.)）]\s*([^\d\s.,%)）]+)$", unicodedata.normalize("NFKC", cell).strip())
        if match and parse_unit(match[1]) is not None:
            written[match[1]] += 1
    percent = sum(unicodedata.normalize("NFKC", cell).strip().endswith("%") for cell in cells)
    if cells and percent >= 0.5 * len(cells):
        return ColumnUnit("%", 1.0, "%", "cell", "%")
    if not cells or sum(written.values()) < 0.5 * len(cells):
        return None
    text = written.most_common(1)[0][0]
    unit = parse_unit(text)
    return ColumnUnit(text, 1.0, unit.base, "cell", text)


def column_unit(table: Table, column: str, title: ColumnUnit | None, header: str | None = None) -> ColumnUnit:
    """The unit of one value column, most specific hint first: its header, the unit row under the
    header, a 单位： line or the title, the cells themselves; NO_UNIT when nothing names one."""
    found = unit_in_text(header or column)
    if found:
        unit, _ = found
        return ColumnUnit(unit.text, unit.factor, unit.base, "header", header or column)
    if column in table.unit_row:
        unit = parse_unit(table.unit_row[column])
        return ColumnUnit(table.unit_row[column], unit.factor, unit.base, "unit_row", table.unit_row[column])
    if title is not None:
        return title
    if column in table.frame:
        return cell_unit(table.frame[column]) or NO_UNIT
    return NO_UNIT


def unit_column(table: Table, exclude: set[str]) -> str | None:
    """A column whose header says 单位 and whose cells are units (one unit per row)."""
    for column in table.header:
        if column in exclude or fold_header(column) not in {fold_header(w) for w in UNIT_COLUMN_WORDS}:
            continue
        cells = [v for v in pd.unique(table.frame[column].head(GUESS_ROWS).astype("str")) if v and not is_missing(v)]
        if cells and sum(parse_unit(v) is not None for v in cells) >= 0.5 * len(cells):
            return column
    return None


def is_number(value: str) -> bool:
    try:
        return read_number(value).value is not None
    except ParseProblem:
        return False


# --- indicators ----------------------------------------------------------------------------------
def indicator_lookup(catalogue: Catalogue) -> dict[str, str]:
    """Folded names (zh, en, id) of the stored indicators -> id (an analyst's own ones included)."""
    table = {}
    for indicator in catalogue.indicators.values():
        if indicator.kind == "ratio":
            continue
        for name in (indicator.id, indicator.name_zh, indicator.name_en):
            table[fold_header(name)] = indicator.id
    return table


def catalogue_match(text: str, lookup: dict[str, str]) -> str | None:
    """The indicator a name (a header, a title's core) is, exactly, allowing a generic ending
    (培训人数 → 培训). No partial matches: 城镇单位就业人员 is not 就业人员."""
    name = fold_header(re.sub(r"[(（].*$", "", _without_unit(text))) or fold_header(_without_unit(text))
    if name in lookup:
        return lookup[name]
    full = fold_header(_without_unit(text))
    if full in lookup:
        return lookup[full]
    for suffix in _SUFFIX_WORDS:
        if name.endswith(suffix) and name[: -len(suffix)] in lookup:
            return lookup[name[: -len(suffix)]]
    return None


def _without_unit(text: str) -> str:
    found = unit_in_text(text)
    return found[1] if found else unicodedata.normalize("NFKC", str(text)).strip()


def title_core(text: str) -> str:
    """What a title says the table is about: ``2025年上半年各地区补贴性职业技能培训完成情况（单位：人次）``
    -> ``补贴性职业技能培训``."""
    core = _without_unit(text)
    core = re.sub(r"^(指标|indicator)\s*[:：]\s*", "", core, flags=re.I)
    for _ in range(3):
        before = core
        core = _PERIOD_WORDS.sub("", core, count=1) if _PERIOD_WORDS.match(core) else core
        core = _PLACE_WORDS.sub("", core).lstrip("的 ")
        if core == before:
            break
    core = _PERIOD_WORDS.sub("", core) if re.search(r"\d{4}", core) else core
    for ending in _TITLE_ENDINGS:
        if core.endswith(ending) and len(core) > len(ending):
            core = core[: -len(ending)]
            break
    core = core.strip(" _-—·:：,，")
    if core.count("(") + core.count("（") != core.count(")") + core.count("）"):
        core = core.strip("()（）")
    return core


def is_name(text: str, *, chinese: bool = False) -> bool:
    """A usable indicator name: a few words (with Chinese characters when ``chinese``: file names
    are often English codes), not a generic value word such as 人数 or value."""
    folded = fold_header(to_simplified(text))
    return (
        2 <= len(text) <= 40
        and (any("\u4e00" <= ch <= "\u9fff" for ch in text) or (not chinese and sum(ch.isalpha() for ch in text) >= 2))
        and folded not in GENERIC_NAMES
        and not re.fullmatch(r"[\d\s年月季度.\-_]+", text)
    )


def indicator_hints(table: Table) -> list[tuple[str, str, str]]:
    """(source, the text it is in, the name it gives), best first: 指标： lines, other title lines,
    the file name."""
    hints = []
    for line in table.title_lines:
        if re.match(r"^\s*(指标|indicator)\s*[:：]", unicodedata.normalize("NFKC", line), re.I):
            hints.append(("title", line, title_core(line)))
    for line in table.title_lines:
        if (
            not _TITLE_SKIP.match(unicodedata.normalize("NFKC", line).strip())
            and (
                "title",
                line,
                title_core(line),
            )
            not in hints
        ):
            hints.append(("title", line, title_core(line)))
    stem = PurePath(table.name).stem
    hints.append(("file_name", table.name, title_core(re.sub(r"[_\-]+", " ", stem).strip())))
    return [hint for hint in hints if hint[2]]


def file_indicator(table: Table, lookup: dict[str, str]) -> tuple[str | None, str, str, str]:
    """(catalogue id or None, source, text, own name) for a file whose columns name no indicator:
    a catalogue indicator named by a 指标： line, the title or the file name wins; else the first
    usable name, for an own indicator; ('', '', '') when nothing names one."""
    hints = indicator_hints(table)
    for source, text, name in hints:
        found = catalogue_match(name, lookup)
        if found:
            return found, source, text, name
    for source, text, name in hints:
        if is_name(name, chinese=source == "file_name"):
            return None, source, text, name
    return None, "", "", ""


def default_kind(name: str, unit: str, frequency: str) -> str:
    """flow (summed over months: 培训, 新增 …), stock (a level: 就业人员, 总量 …) or rate (a %)."""
    if unit == "%":
        return "rate"
    if any(word in name for word in _FLOW_WORDS):
        return "flow"
    if any(word in name for word in _STOCK_WORDS):
        return "stock"
    return "stock" if frequency == "Y" else "flow"


def propose_own(name: str, unit: ColumnUnit, frequency: str, source: str) -> OwnIndicator:
    name = name.strip()
    return OwnIndicator.new(
        name, unit.base, default_kind(name, unit.base, frequency), frequency=frequency, source=source
    )


def period_frequency(texts) -> str:
    """M, Q or Y: the kind most of these period texts are (M when none can be read)."""
    kinds = Counter()
    for text in list(texts)[:200]:
        try:
            kinds[parse_period(text)[1]] += 1
        except ParseProblem:
            continue
    return kinds.most_common(1)[0][0] if kinds else "M"


# --- a year named only in the title, and year-to-date figures -------------------------------------------
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def title_year(table: Table) -> int | None:
    """The year a report names only in its title (``2025年各地……情况`` over columns 1月 2月 3月): the one
    year its title lines name, None when they name none or several (never guessed)."""
    years = {
        int(year) for line in table.title_lines for year in _TITLE_YEAR.findall(unicodedata.normalize("NFKC", line))
    }
    return years.pop() if len(years) == 1 else None


def title_says_year_to_date(table: Table) -> bool:
    """Whether the title says the numbers are year-to-date totals (累计); a title's 1—3月 only names the
    report's period (its columns say whether they are runs or months)."""
    return any("累计" in line or "年初至今" in line for line in table.title_lines)  # not a title's 1—3月 period
