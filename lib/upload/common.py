"""What the upload modules share: the mapping an analyst confirms, the result of applying it, the
problems found on the way, and the few words and limits both readers of tables use.

Below ``interpret`` and ``records``, which both build on it, so neither needs the other's private names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date

import pandas as pd

from lib.core.memo import key_of
from lib.core.totals import TOTAL_WORDS
from lib.reference.regions import NATIONAL_CODE
from lib.store.snapshots import KEY_COLUMNS
from lib.upload.reader import LINE

__all__ = [
    "EARLIEST",
    "LEVEL_RANK",
    "NO_UNIT",
    "PROBLEM_ROWS",
    "SHAPES",
    "TOTAL_WORDS",
    "UNIT_SOURCES",
    "VALUE_WORDS",
    "ColumnUnit",
    "Mapping",
    "Problems",
    "Result",
    "fold_header",
]

SHAPES = ("long", "wide_period", "wide_indicator", "records")
# Headers that say "the number" without saying of what (a value column, never an indicator's name).
VALUE_WORDS = (
    "人数",
    "人次",
    "数量",
    "完成数",
    "完成",
    "数值",
    "值",
    "合计数",
    "value",
    "count",
    "number",
    "amount",
    "total",
)
# Where a value column's unit was read, most specific first; "chosen" = set by the analyst.
UNIT_SOURCES = ("cell", "unit_column", "header", "unit_row", "title", "chosen", "none")
EARLIEST = date(2000, 1, 1)
# problem rows listed one by one, per kind (rejected rows, rows a rule flags), the first in line
# order; beyond, the count per reason is exact (``Result.unlisted``): half a million listed warnings
# took ~600 MB of a shared server to hold, word and send, and no one reads that many on a page
PROBLEM_ROWS = 100_000

LEVEL_RANK = {
    "学徒工": 0,
    "初级工": 1,
    "五级": 1,
    "中级工": 2,
    "四级": 2,
    "高级工": 3,
    "三级": 3,
    "技师": 4,
    "二级": 4,
    "高级技师": 5,
    "一级": 5,
    "特级技师": 6,
    "首席技师": 7,
}


@dataclass(frozen=True)
class ColumnUnit:
    """The unit of a value column and where it was read from: the factor multiplies every number of
    the column (a cell that names its own 万/亿, or a row of a unit column, says more)."""

    unit: str  # as written: 万人次 ('' when none was named)
    factor: float
    base: str  # the unit the values are stored in: 人次 ('' when none was named)
    source: str  # one of UNIT_SOURCES
    text: str = ""  # the text it was read from (header, title line …)

    @property
    def percent(self) -> bool:
        return self.base == "%"


NO_UNIT = ColumnUnit("", 1.0, "", "none")


@dataclass
class Mapping:
    """Which column plays which part, each value column's unit, and the indicators the numbers
    belong to (catalogue ids, or an analyst's own indicators defined in ``own``); shown in the
    preview and editable."""

    shape: str = "long"
    region: str | None = None
    period: str | None = None
    value: str | None = None
    indicator_column: str | None = None
    indicator: str | None = None  # when the file has no indicator column
    value_columns: list[str] = field(default_factory=list)  # wide: the period or indicator columns
    breakdowns: dict[str, str] = field(default_factory=dict)  # column -> breakdown dimension
    person_id: str | None = None
    occupation: str | None = None
    skill_level: str | None = None
    fixed_period: str | None = None  # the period of the whole file, when no column names it
    units: dict[str, ColumnUnit] = field(default_factory=dict)  # value column -> its unit
    unit_column: str | None = None  # a column naming each row's unit (万人次, 元 …)
    indicators: dict[str, str] = field(default_factory=dict)  # value column or indicator name -> id
    own: dict = field(default_factory=dict)  # id -> OwnIndicator this mapping creates
    indicator_source: str = ""  # where ``indicator`` was found: header | title | file_name
    indicator_text: str = ""  # the text it was found in
    # a year the report names only in its title (2025年各地……, columns 1月 2月 3月): applied to every month
    # written without a year; shown as detected and editable, never guessed when the title names none
    title_year: int | None = None
    # value columns holding year-to-date totals (累计, 1—N月): turned into each month's own figure
    # (N minus N−1) before anything is stored, never added up as if monthly
    year_to_date: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # column -> why it is not read (change | ytd_beside_month)

    def unit_of(self, column: str) -> ColumnUnit:
        return self.units.get(column, NO_UNIT)

    @property
    def memo_key(self) -> tuple:
        """Every field as it is now (``lib.core.memo``): a result checked with this mapping is kept
        under all of it, so a mapping changed in any part — a unit, an indicator, a year — is checked
        again. A mapping is edited in the widgets, so the key is taken each time, never stored."""
        return tuple((part.name, key_of(getattr(self, part.name))) for part in fields(self))


@dataclass
class Result:
    observations: pd.DataFrame  # snapshot schema + LINE
    problems: pd.DataFrame  # line, column, value, code, kind (error | warning), detail
    rows_read: int
    missing_cells: int
    claimed_totals: dict[str, float]  # indicator -> the file's own 合计 rows
    masked_ids: pd.Series | None = None
    frequencies: dict[str, str] = field(default_factory=dict)  # indicator -> M | Q | Y of its periods
    sources: pd.Series | None = None  # the value column each observation was read from (same index)
    # problem rows found but not listed (beyond ``PROBLEM_ROWS``): one row per reason (code, kind,
    # detail) with their number; a reason's exact count is its listed rows plus these. And the
    # rejected lines among them (a line may have two problems)
    unlisted: pd.DataFrame | None = None
    unlisted_lines: int = 0

    @property
    def rejected_lines(self) -> int:
        errors = self.problems[self.problems["kind"] == "error"]
        return int(errors["line"].nunique()) + self.unlisted_lines

    @property
    def problem_rows(self) -> int:
        """Every problem row found, listed or not."""
        unlisted = 0 if self.unlisted is None else int(self.unlisted["rows"].sum())
        return len(self.problems) + unlisted

    def problem_counts(self) -> pd.DataFrame:
        """Rows per reason (code and kind), exact where the list stops short: the listed rows plus
        the unlisted ones, in the order the reasons are first met, with the first detail met (the
        words a reason needs: a rule's limit, a date range). Columns code, kind, detail, listed, rows."""
        listed = self.problems[["code", "kind", "detail"]].assign(listed=1, rows=1)
        parts = [listed] if len(listed) else []
        if self.unlisted is not None and len(self.unlisted):
            parts.append(self.unlisted[["code", "kind", "detail", "rows"]].assign(listed=0))
        if not parts:
            return pd.DataFrame(columns=["code", "kind", "detail", "listed", "rows"])
        every = pd.concat(parts, ignore_index=True)
        key = every["code"].astype("str") + "\x00" + every["kind"].astype("str")
        counts = every.groupby(key, sort=False).agg(
            code=("code", "first"),
            kind=("kind", "first"),
            detail=("detail", "first"),
            listed=("listed", "sum"),
            rows=("rows", "sum"),
        )
        return counts.reset_index(drop=True)

    def accepted_totals(self) -> dict[str, float]:
        """Sum of accepted values per indicator (total rows only, national rows apart)."""
        frame = self.observations
        if frame.empty:
            return {}
        parts = [c for c in frame.columns if c not in (*KEY_COLUMNS, "value", LINE)]
        totals = frame[(frame["region_code"] != NATIONAL_CODE) & (frame[parts].isna().all(axis=1) if parts else True)]
        return {str(k): float(v) for k, v in totals.groupby("indicator_id")["value"].sum().items()}


def fold_header(text: str) -> str:
    return re.sub(r"[\s_\-·()（）\[\]【】:：]", "", unicodedata.normalize("NFKC", str(text)).casefold())


class Problems:
    """Problems collected one by one, or many at once for big files."""

    COLUMNS = ("line", "column", "value", "code", "kind", "detail")

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.blocks: list[pd.DataFrame] = []
        self.unlisted: list[dict] = []
        self.unlisted_lines = 0  # rejected lines among the unlisted rows

    def add(self, line: int, column: str, value: object, code: str, kind: str = "error", **detail: object) -> None:
        text = "" if value is None else str(value)
        self.rows.append(
            {"line": int(line), "column": column, "value": text, "code": code, "kind": kind, "detail": detail}
        )

    def add_many(
        self, lines: pd.Series, column: str, values: pd.Series, code: str, kind: str = "error", **detail: object
    ) -> None:
        if len(lines):
            block = pd.DataFrame(
                {
                    "line": lines.to_numpy(dtype="int64"),
                    "column": column,
                    "value": values.astype("str").array,
                    "code": code,
                    "kind": kind,
                }
            )
            block["detail"] = [detail] * len(block)
            self.blocks.append(block)

    def add_unlisted(self, rows: int, code: str, kind: str = "error", **detail: object) -> None:
        """``rows`` more rows with this problem, found but not listed one by one (beyond ``PROBLEM_ROWS``)."""
        if rows > 0:
            self.unlisted.append({"code": code, "kind": kind, "detail": detail, "rows": int(rows)})

    def unlisted_frame(self) -> pd.DataFrame | None:
        return pd.DataFrame(self.unlisted, columns=["code", "kind", "detail", "rows"]) if self.unlisted else None

    def frame(self) -> pd.DataFrame:
        parts = [part for part in (pd.DataFrame(self.rows, columns=list(self.COLUMNS)), *self.blocks) if len(part)]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(self.COLUMNS))
