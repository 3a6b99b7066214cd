"""A table read from a file -> tidy observations, and every cell that could not be used.

Shapes: long (region × period × indicator per row), wide with periods as columns, wide with
indicators as columns, and record-level files (one row per trained person-time, counted). Column
roles are guessed from header names (Chinese and English) and from the cells, shown to the analyst,
and can be changed. Rows named 合计/总计/全国 are totals: checked against the sum of the provinces
and never added to them. Each problem is kept with its line, column, raw text and a reason code.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from lib.core.chinese import to_simplified
from lib.core.formatting import format_exact
from lib.reference.catalogue import Catalogue
from lib.reference.regions import NATIONAL_CODE, RegionError, RegionRegistry
from lib.store.snapshots import KEY_COLUMNS
from lib.upload.cell_values import (
    ParseProblem,
    is_missing,
    month_without_year,
    parse_period,
    parse_unit,
    read_number,
    says_change,
    says_own_month,
    says_year_to_date,
    without_unit,
    year_run,
)
from lib.upload.common import (
    EARLIEST,
    NO_UNIT,
    TOTAL_WORDS,
    VALUE_WORDS,
    ColumnUnit,
    Mapping,
    Problems,
    Result,
    fold_header,
)
from lib.upload.detect import (
    GUESS_ROWS,
    catalogue_match,
    column_unit,
    file_indicator,
    indicator_lookup,
    is_name,
    is_number,
    period_frequency,
    propose_own,
    title_says_year_to_date,
    title_unit,
    title_year,
    unit_column,
)
from lib.upload.reader import LINE, Table
from lib.upload.records import records_to_observations
from lib.upload.year_to_date import to_monthly

NATIONAL_WORDS = {"全国", "全国合计", "national", "china", "中国"}
COUNT_UNITS = {"人", "人次", "个", "所", "场次", "户", "家"}
MAX_OWN_NAMES = 30  # an indicator column with more unknown names than this is more likely the wrong column

HEADER_WORDS = {
    "region": (
        "省份",
        "地区",
        "省市",
        "省(区、市)",
        "省（区、市）",
        "省区市",
        "省",
        "区域",
        "行政区",
        "region",
        "province",
        "area",
    ),
    "period": (
        "月份",
        "时间",
        "期间",
        "统计期",
        "日期",
        "年月",
        "年份",
        "年度",
        "季度",
        "period",
        "month",
        "date",
        "year",
        "time",
    ),
    "value": VALUE_WORDS,
    "indicator": ("指标", "指标名称", "统计指标", "indicator", "measure"),
    "person_id": (
        "身份证号",
        "身份证号码",
        "身份证",
        "证件号码",
        "证件号",
        "公民身份号码",
        "人员编号",
        "id_number",
        "idno",
        "person_id",
    ),
    "occupation": ("职业", "工种", "职业(工种)", "职业（工种）", "职业工种", "occupation", "trade"),
    "skill_level": ("等级", "技能等级", "职业技能等级", "证书等级", "skill_level", "level"),
    "training_type": ("培训类型", "培训形式", "training_type"),
    "talent_type": ("人才类型", "领军人才类型", "talent_type"),
    "program": ("项目", "培训项目", "补贴项目", "program"),
}
_ID_PATTERN = re.compile(r"^\d{6}[\d*]{8}[\d*]{3}[\dXx*]$")


# --- guessing the mapping ---------------------------------------------------------------------------
def _header_role(header: str) -> str | None:
    folded = fold_header(without_unit(header))
    for role, words in HEADER_WORDS.items():
        if any(folded == fold_header(word) for word in words):
            return role
    for role, words in HEADER_WORDS.items():
        if any(len(fold_header(word)) >= 2 and folded.startswith(fold_header(word)) for word in words):
            return role
    return None


def _share(values: pd.Series, test) -> float:
    uniques = [v for v in pd.unique(values.head(GUESS_ROWS).astype("str")) if v and not is_missing(v)][:400]
    if not uniques:
        return 0.0
    return sum(1 for v in uniques if test(v)) / len(uniques)


def _is_region(regions: RegionRegistry):
    totals = {fold_header(w) for w in TOTAL_WORDS}

    def test(value: str) -> bool:
        if fold_header(value) in totals or regions.lookup(value):
            return True
        return regions.lookup(to_simplified(value)) is not None or fold_header(value) in {
            "香港",
            "澳门",
            "台湾",
            "xianggang",
            "aomen",
            "taiwan",
        }

    return test


def _is_period(value: str) -> bool:
    try:
        parse_period(value)
        return True
    except ParseProblem:
        return False


def _is_period_header(header: str) -> bool:
    """A column named by a period, with or without a unit: ``2024年``, ``2026年10月``, ``2024年(万人)``,
    ``2025年1—3月``, and months without their year (``3月``, ``1—3月累计``: the year from the title)."""
    bare = without_unit(header)
    # a month without a year is a period column even when the title names no year: its cells are then
    # refused asking for the year (never guessed, never read as something else)
    return bool(_is_period(header) or _is_period(bare) or year_run(bare) or month_without_year(bare))


def dated_period(raw: object, year: int | None) -> tuple[object, bool]:
    """A period as the file writes it -> (the text to parse, whether it is a year-to-date run): ``1—3月``
    with the title's 2025 -> ``2025年3月``, a run; ``3月`` without a year stays as it is (refused, asking
    for the year)."""
    bare = without_unit(raw) if isinstance(raw, str) else raw
    run = year_run(bare) if isinstance(bare, str) else None
    if run:
        return f"{run[0]}年{run[1]}月", True
    month = month_without_year(bare) if isinstance(bare, str) else None
    if month and year is not None:
        return f"{year}年{month[0]}月", month[1]
    if month:
        return raw, False
    return raw, False


def guess_mapping(table: Table, catalogue: Catalogue, regions: RegionRegistry) -> Mapping:
    """The column roles, each value column's unit and the indicators, as the file suggests them."""
    frame, header = table.frame, table.header
    roles = {column: _header_role(column) for column in header}
    region_scores = {column: _share(frame[column], _is_region(regions)) for column in header}
    region = max(region_scores, key=region_scores.get) if region_scores and max(region_scores.values()) >= 0.5 else None
    if region is None:
        region = next((c for c in header if roles[c] == "region"), None)
    lookup = indicator_lookup(catalogue)
    mapping = Mapping(region=region)
    person = next((c for c in header if roles[c] == "person_id"), None) or next(
        (c for c in header if c != region and _share(frame[c], lambda v: bool(_ID_PATTERN.match(v))) >= 0.8), None
    )
    mapping.unit_column = unit_column(table, {region, person})
    mapping.title_year = title_year(table)
    others = [c for c in header if c not in (region, mapping.unit_column)]
    # a report's 同比 % beside its month and year-to-date columns is a change, not a quantity of the
    # indicator; in a panel of indicators (GDP增速_%) a growth rate is an indicator of its own
    report = any(says_year_to_date(c) or says_own_month(c) or _is_period_header(c) for c in others)
    for column in others if report else ():
        if says_change(column) and not _is_period_header(column):
            mapping.skipped[column] = "change"
    others = [c for c in others if c not in mapping.skipped]
    period_headers = [c for c in others if _is_period_header(c)]
    indicator_headers = [c for c in others if catalogue_match(c, lookup)]

    def is_period_cell(value: str) -> bool:
        return _is_period(value) or year_run(value) is not None or month_without_year(value) is not None

    def period_column(candidates):
        return next((c for c in candidates if roles[c] == "period"), None) or next(
            (c for c in candidates if _share(frame[c], is_period_cell) >= 0.8), None
        )

    for column in header:
        if roles[column] in ("training_type", "talent_type") or (roles[column] == "skill_level" and not person):
            mapping.breakdowns[column] = roles[column]
    if person:
        mapping.shape, mapping.person_id = "records", person
        mapping.period = period_column(others)
        mapping.occupation = next((c for c in others if roles[c] == "occupation"), None)
        mapping.skill_level = next((c for c in others if roles[c] == "skill_level"), None)
        taken = {person, mapping.period, mapping.occupation, mapping.skill_level}
        mapping.value_columns = [  # amounts per record (补贴金额(元)): summed per region and month
            c for c in others if c not in taken and roles[c] is None and _share(frame[c], is_number) >= 0.8
        ]
    elif len(period_headers) >= 2:
        mapping.shape, mapping.value_columns = "wide_period", _beside_months(period_headers, mapping)
        mapping.indicator_column = next((c for c in others if roles[c] == "indicator"), None)
        runs = [c for c in mapping.value_columns if dated_period(c, mapping.title_year)[1] or says_year_to_date(c)]
        # 2025年各地累计完成情况 over 1月 2月 3月: every month column is a total (unless some columns are runs,
        # and the plain months beside them are the months' own figures)
        every = not runs and title_says_year_to_date(table)
        mapping.year_to_date = list(mapping.value_columns) if every else runs
    else:
        mapping.period = period_column(others)
        mapping.indicator_column = next((c for c in others if roles[c] == "indicator"), None)
        candidates = [
            c for c in others if c not in (mapping.period, mapping.indicator_column) and c not in mapping.breakdowns
        ]
        numeric = [c for c in candidates if _share(frame[c], is_number) >= 0.8]
        if any(says_own_month(c) for c in numeric):  # 本月 beside 累计: the month's own figure is read
            for column in [c for c in numeric if says_year_to_date(c)]:
                mapping.skipped[column] = "ytd_beside_month"
            numeric = [c for c in numeric if c not in mapping.skipped]
            candidates = [c for c in candidates if c not in mapping.skipped]
        generic = any(roles[c] == "value" for c in candidates)  # 人数, total: the one value column
        if not mapping.indicator_column and not generic and (indicator_headers or len(numeric) >= 2):
            mapping.shape = "wide_indicator"
            mapping.value_columns = [c for c in candidates if c in numeric or c in indicator_headers]
        else:
            mapping.shape = "long"
            mapping.value = next((c for c in candidates if roles[c] == "value"), None) or next(iter(numeric), None)
        every = title_says_year_to_date(table)
        mapping.year_to_date = [
            c for c in value_columns_of(mapping) if (says_year_to_date(c) or every) and not says_own_month(c)
        ]
    fill_mapping(table, mapping, catalogue)
    if mapping.shape == "records":  # a share per record cannot be added up: not an amount
        mapping.value_columns = [c for c in mapping.value_columns if not mapping.unit_of(c).percent]
    return mapping


def _beside_months(columns: list[str], mapping: Mapping) -> list[str]:
    """Period columns without a year-to-date run whose month has its own column (3月 beside 1—3月累计:
    March is read from its own column; the run is skipped, never subtracted or added)."""
    own_months = {dated_period(c, mapping.title_year)[0] for c in columns if not dated_period(c, mapping.title_year)[1]}
    kept = []
    for column in columns:
        text, run = dated_period(column, mapping.title_year)
        if run and text in own_months:
            mapping.skipped[column] = "ytd_beside_month"
        else:
            kept.append(column)
    return kept


def fill_mapping(table: Table, mapping: Mapping, catalogue: Catalogue) -> Mapping:
    """Units and indicators for whatever the columns of ``mapping`` are (the guess, or what the
    analyst chose): each value column's unit where it is not set yet, the indicators where none is
    chosen, and the own indicators proposed for the rest."""
    _guess_units(table, mapping)
    _guess_indicators(table, mapping, catalogue, indicator_lookup(catalogue))
    return mapping


def value_columns_of(mapping: Mapping) -> list[str]:
    """The columns whose cells are the numbers (in the order shown)."""
    if mapping.shape == "long":
        return [mapping.value] if mapping.value else []
    return list(mapping.value_columns)


def _guess_units(table: Table, mapping: Mapping) -> None:
    """Each value column's unit; with a unit column, its usual unit (each row's own is applied)."""
    title = title_unit(table)
    per_row = unit_column_unit(table, mapping.unit_column) if mapping.unit_column else None
    for column in value_columns_of(mapping):
        if column in mapping.units:
            continue
        unit = column_unit(table, column, title)
        mapping.units[column] = per_row if per_row and unit.source in ("none", "cell") else unit


def unit_column_unit(table: Table, column: str) -> ColumnUnit | None:
    """How a unit column reads: its most common unit, applied row by row (so the column factor is 1)."""
    texts = [t for t in table.frame[column].head(GUESS_ROWS).astype("str") if t and not is_missing(t)]
    units = [parse_unit(text) for text in texts]
    common = max(set(texts), key=texts.count) if texts and any(units) else None
    unit = parse_unit(common) if common else None
    return ColumnUnit(common, 1.0, unit.base, "unit_column", column) if unit else None


def _frequency(table: Table, mapping: Mapping) -> str:
    if mapping.shape == "wide_period":
        return period_frequency(without_unit(c) for c in mapping.value_columns)
    if mapping.period and mapping.period in table.frame:
        return period_frequency(pd.unique(table.frame[mapping.period].head(GUESS_ROWS).astype("str")))
    if mapping.fixed_period:
        return period_frequency([mapping.fixed_period])
    return "M"


def _guess_indicators(table: Table, mapping: Mapping, catalogue: Catalogue, lookup: dict[str, str]) -> None:
    """The indicator of every value: a catalogue one where a header, title or the file name names
    it, else an own indicator proposed from the header or title (editable before confirming)."""
    frequency = _frequency(table, mapping)

    def own(name: str, column: str | None, source: str) -> str:
        proposal = propose_own(name, mapping.unit_of(column) if column else file_unit(mapping), frequency, table.name)
        mapping.own[proposal.id] = proposal
        return proposal.id

    if mapping.shape == "wide_indicator" or (mapping.shape == "records" and mapping.value_columns):
        for column in mapping.value_columns:
            if column in mapping.indicators:
                continue
            name = without_unit(column)
            found = catalogue_match(column, lookup)
            if not found and not is_name(name):  # 人数(万人次) says no more than the title
                found, _source, _text, name = file_indicator(table, lookup)
            mapping.indicators[column] = found or (own(name, column, "header") if is_name(name) else "")
    if mapping.indicator_column:
        names = pd.unique(table.frame[mapping.indicator_column].head(GUESS_ROWS).astype("str"))
        unknown = [n for n in names if n and not is_missing(n) and not catalogue_match(n, lookup)]
        for name in unknown[:MAX_OWN_NAMES]:
            if name not in mapping.indicators and is_name(without_unit(name)):
                mapping.indicators[name] = own(without_unit(name), mapping.value, "indicator_column")
        return
    if mapping.indicator:
        return
    if mapping.shape == "records":
        found, source, text, _name = file_indicator(table, lookup)
        counted = found if found and catalogue.indicators[found].unit in COUNT_UNITS else "subsidised_training"
        mapping.indicator, mapping.indicator_source, mapping.indicator_text = counted, source if found else "", text
        return
    if mapping.shape == "wide_indicator":
        return
    header = mapping.value or ""
    found = catalogue_match(header, lookup) if header else None
    if found:
        mapping.indicator, mapping.indicator_source, mapping.indicator_text = found, "header", header
        return
    found, source, text, name = file_indicator(table, lookup)
    if found:
        mapping.indicator, mapping.indicator_source, mapping.indicator_text = found, source, text
    elif header and is_name(without_unit(header)):
        mapping.indicator = own(without_unit(header), header, "header")
        mapping.indicator_source, mapping.indicator_text = "header", header
    elif name:
        mapping.indicator = own(name, None, source)
        mapping.indicator_source, mapping.indicator_text = source, text


def file_unit(mapping: Mapping) -> ColumnUnit:
    """The unit of the file's numbers, for an indicator the whole file measures: the first one read."""
    units = [mapping.unit_of(column) for column in value_columns_of(mapping)]
    return next((unit for unit in units if unit.source != "none"), NO_UNIT)


# --- converting to observations --------------------------------------------------------------------
def _map_unique(values: pd.Series, parse) -> tuple[pd.Series, pd.Series]:
    """Parse each distinct text once: (parsed values, error codes or None) aligned with ``values``."""
    positions, uniques = pd.factorize(values, use_na_sentinel=False)
    parsed, codes = np.empty(len(uniques), dtype=object), np.empty(len(uniques), dtype=object)
    for index, text in enumerate(uniques):
        try:
            parsed[index], codes[index] = parse(text), None
        except ParseProblem as problem:
            parsed[index], codes[index] = None, problem.code
        except RegionError as error:
            parsed[index], codes[index] = None, error
    return pd.Series(parsed[positions], index=values.index), pd.Series(codes[positions], index=values.index)


def _regions(values: pd.Series, regions: RegionRegistry) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(codes, problems, is_total) for a region column."""
    totals = {fold_header(w) for w in TOTAL_WORDS}

    def parse(text: str):
        if fold_header(text) in totals:
            return "TOTAL"
        return regions.normalize(text)

    codes, problems = _map_unique(values.astype("str"), parse)
    return codes, problems, codes == "TOTAL"


def indicator_units(catalogue: Catalogue, mapping: Mapping) -> dict[str, str]:
    """The unit of every indicator a mapping may produce: the catalogue's and its own ones'."""
    return {
        **{i.id: i.unit for i in catalogue.indicators.values()},
        **{own.id: own.unit for own in mapping.own.values()},
    }


def units_agree(written: str, unit: str) -> bool:
    """A unit read from the file fits the indicator's: the same base, or either unnamed (人 ~ 人次)."""
    people = {"人", "人次", "名"}
    return not written or not unit or written == unit or {written, unit} <= people


def _numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Series]:
    """Each distinct text read once: (value, the cell's own magnitude, written as %, error code)
    per row; NaN for blanks and for a magnitude the cell does not name."""
    positions, uniques = pd.factorize(values.astype("object"), use_na_sentinel=False)
    value, magnitude = np.full(len(uniques), np.nan), np.full(len(uniques), np.nan)
    percent, codes = np.zeros(len(uniques), dtype=bool), np.empty(len(uniques), dtype=object)
    for index, text in enumerate(uniques):
        try:
            reading = read_number(text)
        except ParseProblem as problem:
            codes[index] = problem.code
            continue
        if reading.value is not None:
            value[index] = reading.value
        if reading.magnitude is not None:
            magnitude[index] = reading.magnitude
        percent[index] = reading.percent
    return value[positions], magnitude[positions], percent[positions], pd.Series(codes[positions], index=values.index)


def _row_factors(long: pd.DataFrame, mapping: Mapping, problems: Problems) -> tuple[np.ndarray, pd.Series]:
    """(the factor every row's value is multiplied by, and the base unit it names), before a cell's
    own 万/亿, which wins: the value column's header unit, else the row's unit column, else the
    value column's unit from a unit row or the title."""
    columns = long["value_source"].astype("str")
    factor = columns.map({c: mapping.unit_of(c).factor for c in pd.unique(columns)}).to_numpy(dtype="float64")
    base = columns.map({c: mapping.unit_of(c).base for c in pd.unique(columns)})
    if mapping.unit_column and "unit_raw" in long:
        texts = long["unit_raw"].astype("str").str.strip()
        parsed = {text: parse_unit(text) for text in pd.unique(texts)}
        given = texts.map(lambda text: bool(text) and not is_missing(text))
        unknown = given & texts.map(lambda text: parsed[text] is None)
        for line, raw in long.loc[unknown, [LINE, "unit_raw"]].itertuples(index=False):
            problems.add(line, mapping.unit_column, raw, "unit_unknown")
        # a column's own header unit says more than the row's unit column
        named = (given & ~unknown).to_numpy() & (
            columns.map(lambda c: mapping.unit_of(c).source) != "header"
        ).to_numpy()
        factor = np.where(named, texts.map(lambda t: parsed[t].factor if parsed[t] else 1.0).to_numpy(), factor)
        base = base.where(~named, texts.map(lambda t: parsed[t].base if parsed[t] else ""))
        factor = np.where(unknown.to_numpy(), np.nan, factor)
    return factor, base


def to_observations(
    table: Table, mapping: Mapping, catalogue: Catalogue, regions: RegionRegistry, today: date | None = None
) -> Result:
    """Apply a mapping: tidy observations plus every problem, with the file's line numbers. Every
    unit hint is applied: a cell's own 万/亿, else its row's unit column, else its value column's unit."""
    today = today or date.today()
    if mapping.shape == "records":
        return records_to_observations(table, mapping, catalogue, regions, today)
    problems = Problems()
    frame = table.full_frame()
    if mapping.region is None:
        problems.add(table.header_line, "", "", "no_region_column")
        return _empty(problems, len(frame))
    long = _melt(frame, mapping, problems)
    if long is None:
        return _empty(problems, len(frame))
    lookup = indicator_lookup(catalogue)
    known = set(catalogue.indicators) | set(mapping.own)
    if mapping.indicator_column or mapping.shape == "wide_indicator":
        names = long["indicator_raw"].astype("str")
        chosen = {name: mapping.indicators.get(name) for name in pd.unique(names)}
        ids = names.map(
            {
                name: (found if found in known else None) if found is not None else catalogue_match(name, lookup)
                for name, found in chosen.items()
            }
        )
        for line, column, raw in long.loc[ids.isna(), [LINE, "indicator_source", "indicator_raw"]].itertuples(
            index=False
        ):
            problems.add(line, column, raw, "unknown_indicator")
        long["indicator_id"] = ids
    elif mapping.indicator in known:
        long["indicator_id"] = mapping.indicator
    else:
        problems.add(table.header_line, "", "", "no_indicator")
        return _empty(problems, len(frame))
    codes, region_problems, _is_total = _regions(long["region_raw"], regions)
    for line, raw, problem in (
        long.loc[region_problems.notna(), [LINE, "region_raw"]]
        .assign(p=region_problems[region_problems.notna()])
        .itertuples(index=False)
    ):
        if isinstance(problem, RegionError):
            problems.add(line, mapping.region, raw, f"region_{problem.reason}", candidates=list(problem.candidates))
        else:
            problems.add(line, mapping.region, raw, "region_unknown")
    written = long["period_raw"].astype("str")
    readings = {text: dated_period(text, mapping.title_year) for text in pd.unique(written)}
    long["period_text"] = written.map(lambda text: str(readings[text][0]))
    long["ytd"] = written.map(lambda text: readings[text][1]) | long["value_source"].astype("str").isin(
        mapping.year_to_date
    )
    no_year = written.map(
        lambda text: month_without_year(without_unit(text)) is not None and mapping.title_year is None
    )
    for line, column, raw in long.loc[no_year, [LINE, "period_source", "period_raw"]].itertuples(index=False):
        problems.add(line, column, raw, "date_no_year")
    periods, period_problems = _map_unique(long["period_text"], parse_period)
    period_problems = period_problems.where(~no_year, "no_year_given")
    for line, column, raw, code in (
        long.loc[period_problems.notna() & ~no_year, [LINE, "period_source", "period_raw"]]
        .assign(c=period_problems[period_problems.notna() & ~no_year])
        .itertuples(index=False)
    ):
        problems.add(line, column, raw, f"date_{code}")
    values, magnitude, percent, value_problems = _numbers(long["value_raw"])
    for line, column, raw, code in (
        long.loc[value_problems.notna(), [LINE, "value_source", "value_raw"]]
        .assign(c=value_problems[value_problems.notna()])
        .itertuples(index=False)
    ):
        problems.add(line, column, raw, code)
    factor, written_base = _row_factors(long, mapping, problems)
    has_value = ~np.isnan(values)
    own_word = ~np.isnan(magnitude) & has_value
    overridden = own_word & (factor != 1.0) & ~np.isnan(factor)  # 1.2万 in a column headed (万人次)
    for line, column, raw, applied in (
        long.loc[overridden, [LINE, "value_source", "value_raw"]].assign(f=factor[overridden]).itertuples(index=False)
    ):
        problems.add(line, column, raw, "cell_unit_wins", kind="warning", factor=format_exact(applied))
    long["value"] = np.where(own_word, values, values * factor)
    missing = ~has_value & value_problems.isna() & region_problems.isna() & period_problems.isna()
    units = long["indicator_id"].map(indicator_units(catalogue, mapping)).fillna("")
    pairs = written_base.fillna("").astype("str") + "|" + units.astype("str")
    agree = {pair: units_agree(*pair.split("|", 1)) for pair in pd.unique(pairs)}
    wrong_unit = has_value & ~pairs.map(agree).to_numpy(dtype=bool)
    for line, column, raw, written, unit in (
        long.loc[wrong_unit, [LINE, "value_source", "value_raw"]]
        .assign(w=written_base[wrong_unit], u=units[wrong_unit])
        .itertuples(index=False)
    ):
        problems.add(line, column, raw, "unit_mismatch", written=written, unit=unit)
    percent_count = has_value & percent & units.isin(COUNT_UNITS).to_numpy()
    for line, column, raw in long.loc[percent_count, [LINE, "value_source", "value_raw"]].itertuples(index=False):
        problems.add(line, column, raw, "percent_for_count")
    long["region_code"] = codes
    long["period"] = periods.map(lambda parsed: parsed[0] if parsed else None)
    long["frequency"] = periods.map(lambda parsed: parsed[1] if parsed else None)
    ok = (
        long["indicator_id"].notna()
        & region_problems.isna()
        & period_problems.isna()
        & value_problems.isna()
        & ~missing
        & ~np.isnan(factor)
        & ~wrong_unit
        & ~percent_count
    )
    long = long[ok].copy()
    out_of_range = (long["period"] < EARLIEST) | (long["period"] > today)
    for line, column, raw in long.loc[out_of_range, [LINE, "period_source", "period_raw"]].itertuples(index=False):
        problems.add(line, column, raw, "date_out_of_range", earliest=EARLIEST.isoformat(), latest=today.isoformat())
    long = long[~out_of_range]
    negative = (long["value"] < 0) & long["indicator_id"].map(indicator_units(catalogue, mapping)).isin(COUNT_UNITS)
    for line, column, raw in long.loc[negative, [LINE, "value_source", "value_raw"]].itertuples(index=False):
        problems.add(line, column, raw, "negative")
    long = long[~negative]
    breakdown_keys = ["indicator_id", "region_code", *mapping.breakdowns.values()]
    long = to_monthly(long, _year_to_date_rows(long, breakdown_keys), breakdown_keys, problems)  # never summed
    claimed, long = _totals(long, mapping, problems, regions)
    keys = [*KEY_COLUMNS, *mapping.breakdowns.values()]
    duplicated = long.duplicated(subset=keys, keep="first")
    for line, column, raw in long.loc[duplicated, [LINE, "value_source", "value_raw"]].itertuples(index=False):
        problems.add(line, column, raw, "duplicate")
    long = long[~duplicated]
    frequencies = {
        str(indicator): group.mode().iloc[0] for indicator, group in long.groupby("indicator_id")["frequency"]
    }
    long = long.reset_index(drop=True)
    observations = long[[*KEY_COLUMNS, "value", *mapping.breakdowns.values(), LINE]].copy()
    observations["period"] = pd.to_datetime(observations["period"])
    for dimension in mapping.breakdowns.values():
        observations[dimension] = (
            observations[dimension].astype("str").where(observations[dimension].astype("str").str.strip() != "", None)
        )
    return Result(
        observations,
        problems.frame(),
        len(frame),
        int(missing.sum()),
        claimed,
        frequencies=frequencies,
        sources=long["value_source"].astype("str"),
    )


def _year_to_date_rows(long: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The rows holding year-to-date totals, and the January beside them (January's total is its own
    figure, and the first total the others are taken from: 2025年1月 beside 2025年1—2月)."""
    ytd = long["ytd"].astype(bool)
    if not ytd.any():
        return ytd
    periods = pd.to_datetime(long["period"])
    group = long[keys].astype("str").agg("|".join, axis=1) + "|" + periods.dt.year.astype("str")
    return ytd | ((periods.dt.month == 1) & group.isin(set(group[ytd])))


def _empty(problems: Problems, rows: int) -> Result:
    columns = [*KEY_COLUMNS, "value", LINE]
    return Result(pd.DataFrame(columns=columns), problems.frame(), rows, 0, {})


def _melt(frame: pd.DataFrame, mapping: Mapping, problems: Problems) -> pd.DataFrame | None:
    """One row per value cell: region_raw, period_raw, value_raw, indicator_raw (+ where each came from)."""
    keep = [LINE, mapping.region, *mapping.breakdowns, *([mapping.unit_column] if mapping.unit_column else [])]
    if mapping.shape in ("wide_period", "wide_indicator"):
        if not mapping.value_columns:
            problems.add(0, "", "", "no_value_column")
            return None
        extra = [c for c in (mapping.indicator_column, mapping.period) if c]
        long = frame[[*dict.fromkeys(keep + extra + mapping.value_columns)]].melt(
            id_vars=[*dict.fromkeys(keep + extra)],
            value_vars=mapping.value_columns,
            var_name="column_name",
            value_name="value_raw",
        )
        long["value_source"] = long["column_name"]
        if mapping.shape == "wide_period":  # 2024年(万人): the period without the unit
            long["period_raw"] = long["column_name"].map({c: without_unit(c) for c in mapping.value_columns})
            long["period_source"] = long["column_name"]
            if mapping.indicator_column:
                long["indicator_raw"], long["indicator_source"] = (
                    long[mapping.indicator_column],
                    mapping.indicator_column,
                )
        else:
            if not (mapping.period or mapping.fixed_period):
                problems.add(0, "", "", "no_period_column")
                return None
            long["period_raw"] = long[mapping.period] if mapping.period else mapping.fixed_period
            long["period_source"] = mapping.period or "—"
            long["indicator_raw"], long["indicator_source"] = long["column_name"], long["column_name"]
    else:
        if not (mapping.period or mapping.fixed_period) or not mapping.value:
            problems.add(0, "", "", "no_value_column" if not mapping.value else "no_period_column")
            return None
        columns = [*dict.fromkeys(keep + [c for c in (mapping.period, mapping.value, mapping.indicator_column) if c])]
        long = frame[columns].copy()
        if mapping.period:
            long["period_raw"], long["period_source"] = long[mapping.period], mapping.period
        else:
            long["period_raw"], long["period_source"] = mapping.fixed_period, "—"
        long["value_raw"], long["value_source"] = long[mapping.value], mapping.value
        if mapping.indicator_column:
            long["indicator_raw"], long["indicator_source"] = long[mapping.indicator_column], mapping.indicator_column
    long["region_raw"] = long[mapping.region]
    if mapping.unit_column:
        long["unit_raw"] = long[mapping.unit_column]
    for column, dimension in mapping.breakdowns.items():
        long[dimension] = long[column]
    return long.reset_index(drop=True)


def _totals(
    long: pd.DataFrame, mapping: Mapping, problems: Problems, regions: RegionRegistry
) -> tuple[dict[str, float], pd.DataFrame]:
    """合计/全国 rows: compared with the provinces' sum; kept as the national row only when the file
    covers every province or calls the row 全国 — never added to the provinces."""
    if long.empty:
        return {}, long
    is_total = long["region_code"] == "TOTAL"
    national_words = {fold_header(w) for w in NATIONAL_WORDS}
    texts = long["region_raw"].astype("str")
    named_national = texts.map({text: fold_header(text) in national_words for text in pd.unique(texts)})
    provinces = long[~is_total & (long["region_code"] != NATIONAL_CODE)]
    covers_all = provinces["region_code"].nunique() >= len(regions.units) - 1
    keys = ["indicator_id", "period", *mapping.breakdowns.values()]
    sums = provinces.groupby(keys, dropna=False)["value"].sum() if not provinces.empty else pd.Series(dtype="float64")
    claimed: dict[str, float] = {}
    for index in long.index[is_total]:
        row = long.loc[index]
        key = tuple(row[k] for k in keys)
        parts = sums.get(key if len(key) > 1 else key[0])
        claimed[row["indicator_id"]] = claimed.get(row["indicator_id"], 0.0) + float(row["value"])
        if parts is not None and not np.isclose(parts, row["value"], rtol=0.005, atol=0.5):
            problems.add(
                row[LINE],
                mapping.region,
                row["region_raw"],
                "total_mismatch",
                kind="warning",
                total=float(row["value"]),
                parts=float(parts),
            )
    keep_as_national = is_total & (named_national | covers_all)
    long.loc[keep_as_national, "region_code"] = NATIONAL_CODE
    return claimed, long[~is_total | keep_as_national]
