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
from lib.reference.catalogue import Catalogue
from lib.reference.regions import NATIONAL_CODE, RegionError, RegionRegistry
from lib.store.snapshots import KEY_COLUMNS
from lib.upload.cell_values import ParseProblem, header_scale, is_missing, parse_number, parse_period
from lib.upload.common import EARLIEST, TOTAL_WORDS, Mapping, Problems, Result, fold_header
from lib.upload.reader import LINE, Table
from lib.upload.records import records_to_observations

NATIONAL_WORDS = {"全国", "全国合计", "national", "china", "中国"}
COUNT_UNITS = {"人", "人次", "个", "所", "场次", "户", "家"}

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
    "value": (
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
    ),
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
    folded = fold_header(header)
    for role, words in HEADER_WORDS.items():
        if any(folded == fold_header(word) for word in words):
            return role
    for role, words in HEADER_WORDS.items():
        if any(len(fold_header(word)) >= 2 and folded.startswith(fold_header(word)) for word in words):
            return role
    return None


GUESS_ROWS = 2000  # the mapping is guessed from the first rows; big files need no full scan


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


def _is_number(value: str) -> bool:
    try:
        return parse_number(value)[0] is not None
    except ParseProblem:
        return False


def indicator_lookup(catalogue: Catalogue) -> dict[str, str]:
    """Folded names (zh, en, id) of the stored indicators -> id."""
    table = {}
    for indicator in catalogue.indicators.values():
        for name in (indicator.id, indicator.name_zh, indicator.name_en):
            table[fold_header(name)] = indicator.id
    return table


def guess_mapping(table: Table, catalogue: Catalogue, regions: RegionRegistry) -> Mapping:
    frame, header = table.frame, table.header
    roles = {column: _header_role(column) for column in header}
    region_scores = {column: _share(frame[column], _is_region(regions)) for column in header}
    region = max(region_scores, key=region_scores.get) if region_scores and max(region_scores.values()) >= 0.5 else None
    if region is None:
        region = next((c for c in header if roles[c] == "region"), None)
    lookup = indicator_lookup(catalogue)
    mapping = Mapping(region=region)
    for line in table.title_lines:  # 指标：城镇单位就业人员(万人)
        if line.startswith(("指标", "Indicator", "indicator")):
            name = re.sub(r"^(指标|indicator)\s*[:：]\s*", "", line, flags=re.I)
            mapping.scale, _unit = header_scale(name)
            mapping.unit_note = line
            mapping.indicator = lookup.get(fold_header(re.sub(r"[(（].*$", "", name)))
    person = next((c for c in header if roles[c] == "person_id"), None) or next(
        (c for c in header if c != region and _share(frame[c], lambda v: bool(_ID_PATTERN.match(v))) >= 0.8), None
    )
    others = [c for c in header if c != region]
    period_headers = [c for c in others if _is_period(c)]
    indicator_headers = [
        c for c in others if fold_header(re.sub(r"[(（].*$", "", c)) in lookup or fold_header(c) in lookup
    ]
    if person:
        mapping.shape, mapping.person_id = "records", person
        mapping.period = next((c for c in others if roles[c] == "period"), None) or next(
            (c for c in others if _share(frame[c], _is_period) >= 0.8), None
        )
        mapping.occupation = next((c for c in others if roles[c] == "occupation"), None)
        mapping.skill_level = next((c for c in others if roles[c] == "skill_level"), None)
        mapping.indicator = mapping.indicator or "subsidised_training"
    elif len(period_headers) >= 2:
        mapping.shape, mapping.value_columns = "wide_period", period_headers
        mapping.indicator_column = next((c for c in others if roles[c] == "indicator"), None)
    elif len(indicator_headers) >= 1 and not any(roles[c] == "value" for c in others):
        mapping.shape, mapping.value_columns = "wide_indicator", indicator_headers
        mapping.period = next((c for c in others if roles[c] == "period"), None) or next(
            (c for c in others if c not in indicator_headers and _share(frame[c], _is_period) >= 0.8), None
        )
    else:
        mapping.shape = "long"
        mapping.period = next((c for c in others if roles[c] == "period"), None) or next(
            (c for c in others if _share(frame[c], _is_period) >= 0.8), None
        )
        mapping.indicator_column = next((c for c in others if roles[c] == "indicator"), None)
        candidates = [c for c in others if c not in (mapping.period, mapping.indicator_column)]
        mapping.value = next((c for c in candidates if roles[c] == "value"), None) or next(
            (c for c in candidates if _share(frame[c], _is_number) >= 0.8), None
        )
        if mapping.value:
            scale, _ = header_scale(mapping.value)
            if scale != 1.0:
                mapping.scale, mapping.unit_note = scale, mapping.value
            mapping.indicator = mapping.indicator or lookup.get(fold_header(re.sub(r"[(（_].*$", "", mapping.value)))
    for column in header:
        if roles[column] in ("training_type", "talent_type") or (
            roles[column] == "skill_level" and mapping.shape != "records"
        ):
            mapping.breakdowns[column] = roles[column]
    return mapping


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


def to_observations(
    table: Table, mapping: Mapping, catalogue: Catalogue, regions: RegionRegistry, today: date | None = None
) -> Result:
    """Apply a mapping: tidy observations plus every problem, with the file's line numbers."""
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
    if mapping.indicator_column or mapping.shape == "wide_indicator":
        names = long["indicator_raw"].astype("str")
        ids = names.map(lambda n: lookup.get(fold_header(re.sub(r"[(（_].*$", "", n))) or lookup.get(fold_header(n)))
        for line, column, raw in long.loc[ids.isna(), [LINE, "indicator_source", "indicator_raw"]].itertuples(
            index=False
        ):
            problems.add(line, column, raw, "unknown_indicator")
        long["indicator_id"] = ids
    elif mapping.indicator:
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
    periods, period_problems = _map_unique(long["period_raw"].astype("str"), lambda text: parse_period(text)[0])
    for line, column, raw, code in (
        long.loc[period_problems.notna(), [LINE, "period_source", "period_raw"]]
        .assign(c=period_problems[period_problems.notna()])
        .itertuples(index=False)
    ):
        problems.add(line, column, raw, f"date_{code}")
    values, value_problems = _map_unique(long["value_raw"].astype("object"), lambda text: parse_number(text)[0])
    missing = values.isna() & value_problems.isna() & region_problems.isna() & period_problems.isna()
    for line, column, raw, code in (
        long.loc[value_problems.notna(), [LINE, "value_source", "value_raw"]]
        .assign(c=value_problems[value_problems.notna()])
        .itertuples(index=False)
    ):
        problems.add(line, column, raw, code)
    long["region_code"], long["period"], long["value"] = codes, periods, values * mapping.scale
    ok = (
        long["indicator_id"].notna()
        & region_problems.isna()
        & period_problems.isna()
        & value_problems.isna()
        & ~missing
    )
    long = long[ok].copy()
    out_of_range = (long["period"] < EARLIEST) | (long["period"] > today)
    for line, column, raw in long.loc[out_of_range, [LINE, "period_source", "period_raw"]].itertuples(index=False):
        problems.add(line, column, raw, "date_out_of_range", earliest=EARLIEST.isoformat(), latest=today.isoformat())
    long = long[~out_of_range]
    units = long["indicator_id"].map(lambda i: catalogue.indicators[i].unit if i in catalogue.indicators else "")
    negative = (long["value"] < 0) & units.isin(COUNT_UNITS)
    for line, column, raw in long.loc[negative, [LINE, "value_source", "value_raw"]].itertuples(index=False):
        problems.add(line, column, raw, "negative")
    long = long[~negative]
    claimed, long = _totals(long, mapping, problems, regions)
    keys = [*KEY_COLUMNS, *mapping.breakdowns.values()]
    duplicated = long.duplicated(subset=keys, keep="first")
    for line, column, raw in long.loc[duplicated, [LINE, "value_source", "value_raw"]].itertuples(index=False):
        problems.add(line, column, raw, "duplicate")
    long = long[~duplicated]
    observations = long[[*KEY_COLUMNS, "value", *mapping.breakdowns.values(), LINE]].copy()
    observations["period"] = pd.to_datetime(observations["period"])
    for dimension in mapping.breakdowns.values():
        observations[dimension] = (
            observations[dimension].astype("str").where(observations[dimension].astype("str").str.strip() != "", None)
        )
    return Result(observations.reset_index(drop=True), problems.frame(), len(frame), int(missing.sum()), claimed)


def _empty(problems: Problems, rows: int) -> Result:
    columns = [*KEY_COLUMNS, "value", LINE]
    return Result(pd.DataFrame(columns=columns), problems.frame(), rows, 0, {})


def _melt(frame: pd.DataFrame, mapping: Mapping, problems: Problems) -> pd.DataFrame | None:
    """One row per value cell: region_raw, period_raw, value_raw, indicator_raw (+ where each came from)."""
    keep = [LINE, mapping.region, *mapping.breakdowns]
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
        if mapping.shape == "wide_period":
            long["period_raw"], long["period_source"] = long["column_name"], long["column_name"]
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
            problems.add(0, "", "", "no_period_column" if not mapping.value else "no_value_column")
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
    for column, dimension in mapping.breakdowns.items():
        long[dimension] = long[column]
    return long.reset_index(drop=True)


def _totals(
    long: pd.DataFrame, mapping: Mapping, problems: Problems, regions: RegionRegistry
) -> tuple[dict[str, float], pd.DataFrame]:
    """合计/全国 rows: compared with the provinces' sum; kept as the national row only when the file
    covers every province or calls the row 全国 — never added to the provinces."""
    is_total = long["region_code"] == "TOTAL"
    named_national = (
        long["region_raw"].astype("str").map(lambda text: fold_header(text) in {fold_header(w) for w in NATIONAL_WORDS})
    )
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
