"""Record-level files (one row per trained person-time, e.g. an export of the real-name training
system) counted into observations, with the documents' rules checked per person:

* at most 3 subsidised trainings per person (财社〔2023〕181号);
* no second subsidy for the same occupation and level, and none for a lower level of an occupation
  after a higher one (人社部发〔2024〕5号).

Amount columns of the records (补贴金额(万元), 课时) are summed per region and month with their unit
applied, each into its own indicator.

ID numbers are used only to group a person's rows; they are shown and downloaded masked
(first 6 and last 4 characters), as published subsidy lists are. Everything here works on integer
codes (``factorize``, one packed sort per order, ``bincount``), so a million records take about a second.
"""

from __future__ import annotations

import math
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from lib.reference.catalogue import Catalogue
from lib.reference.regions import RegionError, RegionRegistry
from lib.store.snapshots import KEY_COLUMNS
from lib.upload.cell_values import ParseProblem, is_missing, parse_period, parse_unit, read_number
from lib.upload.common import EARLIEST, LEVEL_RANK, PROBLEM_ROWS, TOTAL_WORDS, Mapping, Problems, Result, fold_header
from lib.upload.reader import LINE, Table

MAX_PER_PERSON = 3
TOTALS = {fold_header(word) for word in TOTAL_WORDS}


def mask_id(value: object) -> str:
    """``440102199001011234`` -> ``440102********1234``; shorter texts keep only their ends."""
    text = "" if value is None else str(value).strip()
    if len(text) <= 4:
        return "*" * len(text)
    keep_front = 6 if len(text) >= 14 else 2
    return text[:keep_front] + "*" * (len(text) - keep_front - 4) + text[-4:]


def mask_ids(values: pd.Series) -> pd.Series:
    """mask_id for a whole column: vectorised for 18-character IDs, one by one for the rest."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # mask each distinct ID once
        categories = mask_ids(pd.Series(values.cat.categories, dtype="str"))
        return pd.Series(categories.to_numpy(dtype=object)[values.cat.codes.to_numpy()], index=values.index)
    standard = _mask_standard_ids(values)
    if standard is not None:
        return standard
    text = values.astype("str").str.strip()
    masked = text.str.slice(0, 6) + "********" + text.str.slice(14, 18)
    standard = (text.str.len() == 18).to_numpy(dtype=bool)
    if not standard.all():
        masked = masked.astype("object")
        masked[~standard] = text[~standard].map(mask_id)
    return masked


_ID_BYTES = np.zeros(256, dtype=bool)
_ID_BYTES[[*b"0123456789Xx*"]] = True  # the characters of an ID number (or of one already masked)


def _mask_standard_ids(values: pd.Series) -> pd.Series | None:
    """Arrow-backed text that is all 18-character ID numbers, masked on its bytes (no Python string
    per row: a big file's rule warnings hold a hundred thousand IDs); None for anything else."""
    if (
        not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow")
        or not len(values)
        or values.isna().any()
    ):
        return None

    cells = pa.array(values.array)
    cells = (cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells).cast(pa.string())
    offsets = np.frombuffer(cells.buffers()[1], dtype=np.int32)[cells.offset : cells.offset + len(cells) + 1]
    if not (np.diff(offsets) == 18).all():
        return None
    data = np.frombuffer(cells.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]].reshape(len(cells), 18).copy()
    if not _ID_BYTES[data].all():
        return None
    data[:, 6:14] = ord("*")
    offsets = pa.py_buffer((np.arange(len(cells) + 1, dtype=np.int32) * 18).tobytes())
    masked = pa.Array.from_buffers(pa.string(), len(cells), [None, offsets, pa.py_buffer(data.tobytes())])
    return pd.Series(masked.to_pandas().array, index=values.index)


def _empty(problems: Problems, rows: int) -> Result:
    return Result(pd.DataFrame(columns=[*KEY_COLUMNS, "value", LINE]), problems.frame(), rows, 0, {})


def records_to_observations(
    table: Table, mapping: Mapping, catalogue: Catalogue, regions: RegionRegistry, today: date
) -> Result:
    """Count one row per person-time into observations; every step works on integer codes.

    Hashing and numpy's sorts release the GIL, so a worker groups the rows by ID number while this
    thread reads regions and dates and counts, and the two rules run side by side."""
    problems = Problems()
    if mapping.region is None or mapping.period is None:
        problems.add(table.header_line, "", "", "no_region_column" if mapping.region is None else "no_period_column")
        return _empty(problems, table.rows)
    with ThreadPoolExecutor(max_workers=1) as pool:
        person = pool.submit(lambda: pd.factorize(table.keys(mapping.person_id))[0]) if mapping.person_id else None
        region_id, region_labels, month, valid = _valid_rows(table, mapping, regions, today, problems)
        counted = _counted(table, mapping, region_id, region_labels, month, valid)
        if mapping.value_columns:
            counted = pd.concat(
                [counted, *_amounts(table, mapping, region_id, region_labels, month, valid, problems)],
                ignore_index=True,
            )
        if person:
            _check_rules(table, mapping, month, valid, pool, person, problems)
    columns = [*KEY_COLUMNS, "value", *dict(mapping.breakdowns).values(), LINE]
    frequencies = {str(indicator): "M" for indicator in pd.unique(counted["indicator_id"])}
    counted = counted.reset_index(drop=True)
    sources = counted["source"].fillna("") if "source" in counted else pd.Series("", index=counted.index)
    listed = _first_rejected_lines(problems.frame(), problems)
    return Result(
        counted[columns],
        listed,
        table.rows,
        0,
        {},
        frequencies=frequencies,
        sources=sources,
        unlisted=problems.unlisted_frame(),
        unlisted_lines=problems.unlisted_lines,
    )


def _first_rejected_lines(frame: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """The problems of the first ``PROBLEM_ROWS`` rejected lines (every problem of such a line),
    the rest counted per reason into ``problems``' unlisted rows — as the engine path lists them."""
    error = (frame["kind"] == "error").to_numpy()
    lines = np.unique(frame["line"].to_numpy()[error])
    if len(lines) <= PROBLEM_ROWS:
        return frame
    beyond = error & (frame["line"].to_numpy() > lines[PROBLEM_ROWS - 1])
    for code, group in frame[beyond].groupby("code", sort=False):
        detail = {key: value for key, value in dict(group["detail"].iat[0]).items() if key != "candidates"}
        problems.add_unlisted(len(group), str(code), **detail)
    problems.unlisted_lines = len(lines) - PROBLEM_ROWS
    return frame[~beyond].reset_index(drop=True)


def _valid_rows(table: Table, mapping: Mapping, regions: RegionRegistry, today: date, problems: Problems):
    """(a region id per row, the region codes they stand for, year × 12 + month − 1 per row, which
    rows count); every row that does not count is a problem."""
    lines = table.lines()
    region_code, region_texts = table.codes(mapping.region)
    parsed = [region_of(text, regions) for text in region_texts]
    region_ok = np.array([isinstance(p, str) and p != "TOTAL" for p in parsed], dtype=bool)
    for index, outcome in enumerate(parsed):
        rows = np.flatnonzero(region_code == index) if not region_ok[index] else None
        if rows is None or not len(rows):
            continue
        if outcome == "TOTAL":
            problems.add_many(
                pd.Series(lines[rows]), mapping.region, pd.Series([region_texts[index]] * len(rows)), "total_in_records"
            )
        else:
            detail = {"candidates": list(outcome.candidates)} if outcome.candidates else {}
            problems.add_many(
                pd.Series(lines[rows]),
                mapping.region,
                pd.Series([region_texts[index]] * len(rows)),
                f"region_{outcome.reason}",
                **detail,
            )
    period_code, period_texts = table.codes(mapping.period)
    month_of, period_problem = [], []
    for text in period_texts:
        try:
            month_of.append(month_index(text))
            period_problem.append(None)
        except ParseProblem as problem:
            month_of.append(-1)
            period_problem.append(problem.code)
    for index, code in enumerate(period_problem):
        if code:
            rows = np.flatnonzero(period_code == index)
            problems.add_many(
                pd.Series(lines[rows]), mapping.period, pd.Series([period_texts[index]] * len(rows)), f"date_{code}"
            )
    month = np.asarray(month_of, dtype="int64")[period_code] if len(period_code) else np.array([], dtype="int64")
    valid = region_ok[region_code] & (month >= 0)
    out_of_range = valid & ((month < EARLIEST.year * 12) | (month > today.year * 12 + today.month - 1))
    if out_of_range.any():
        rows = np.flatnonzero(out_of_range)
        problems.add_many(
            pd.Series(lines[rows]),
            mapping.period,
            table.column_at(mapping.period, rows),
            "date_out_of_range",
            earliest=EARLIEST.isoformat(),
            latest=today.isoformat(),
        )
    valid &= ~out_of_range
    # texts that name the same region (广东 / 广东省) share one id
    region_id, region_labels = pd.factorize(np.asarray([p if isinstance(p, str) else "" for p in parsed], dtype=object))
    return region_id[region_code], np.asarray(region_labels, dtype=object), month, valid


def _counted(
    table: Table,
    mapping: Mapping,
    region_id: np.ndarray,
    region_labels: np.ndarray,
    month: np.ndarray,
    valid: np.ndarray,
) -> pd.DataFrame:
    """Rows counted per region and month, and per breakdown beside the totals, as snapshots store them."""
    first_month = int(month[valid].min(initial=0))
    months = np.arange(first_month, int(month[valid].max(initial=first_month)) + 1)
    dimensions = [("region_code", region_id[valid], region_labels), ("month", month[valid] - first_month, months)]
    lines = table.lines()[valid]
    counted = _count(dimensions, lines)
    breakdowns = dict(mapping.breakdowns)
    if breakdowns:
        parts, known = list(dimensions), np.ones(int(valid.sum()), dtype=bool)
        for column, dimension in breakdowns.items():
            values, texts = table.codes(column)
            label_id, labels = pd.factorize(
                np.asarray([str(text).strip() or None for text in texts], dtype=object)
            )  # None -> -1
            row_label = label_id[values[valid]]
            known &= row_label >= 0
            parts.append((dimension, row_label, np.asarray(labels, dtype=object)))
        parts = [(name, codes[known], labels) for name, codes, labels in parts]
        counted = pd.concat([counted, _count(parts, lines[known])], ignore_index=True)
    counted["indicator_id"] = mapping.indicator
    counted["period"] = pd.to_datetime({"year": counted["month"] // 12, "month": counted["month"] % 12 + 1, "day": 1})
    return counted


def _amounts(
    table: Table,
    mapping: Mapping,
    region_id: np.ndarray,
    region_labels: np.ndarray,
    month: np.ndarray,
    valid: np.ndarray,
    problems: Problems,
) -> list[pd.DataFrame]:
    """Amount columns of the records (补贴金额(万元), 课时) summed per region and month, each into its
    indicator, with the column's unit applied — or a cell's own 万/亿, or its row's unit column."""
    frames = []
    row_factor = np.full(table.rows, np.nan)  # NaN: the row names no unit of its own
    if mapping.unit_column:
        codes, texts = table.codes(mapping.unit_column)
        parsed = [parse_unit(text) if str(text).strip() and not is_missing(text) else None for text in texts]
        named = np.array([unit is not None for unit in parsed], dtype=bool)
        unknown = np.array(
            [unit is None and bool(str(t).strip()) and not is_missing(t) for unit, t in zip(parsed, texts, strict=True)]
        )
        row_factor = np.where(named[codes], np.array([u.factor if u else 1.0 for u in parsed])[codes], np.nan)
        if unknown.any():
            rows = np.flatnonzero(unknown[codes] & valid)
            problems.add_many(
                pd.Series(table.lines()[rows]),
                mapping.unit_column,
                table.column_at(mapping.unit_column, rows),
                "unit_unknown",
            )
            valid = valid & ~unknown[codes]
    first_month = int(month[valid].min(initial=0))
    for column in mapping.value_columns:
        indicator = mapping.indicators.get(column)
        if not indicator:
            continue
        if mapping.unit_of(column).percent:  # a share per record cannot be added up into a region's figure
            problems.add(table.header_line, column, column, "percent_not_summed")
            continue
        codes, texts = table.codes(column)
        value, magnitude, bad = np.full(len(texts), np.nan), np.full(len(texts), np.nan), np.zeros(len(texts), bool)
        for index, text in enumerate(texts):
            try:
                reading = read_number(text)
            except ParseProblem:
                bad[index] = True
                continue
            value[index] = np.nan if reading.value is None else reading.value
            magnitude[index] = np.nan if reading.magnitude is None else reading.magnitude
        if bad[codes].any():
            rows = np.flatnonzero(bad[codes] & valid)
            problems.add_many(pd.Series(table.lines()[rows]), column, table.column_at(column, rows), "not_a_number")
        header = mapping.unit_of(column).source == "header"  # a column's own header unit says more than a row's
        factor = np.where(np.isnan(row_factor) | header, mapping.unit_of(column).factor, row_factor)
        amounts = np.where(np.isnan(magnitude[codes]), value[codes] * factor, value[codes])
        use = valid & ~np.isnan(amounts)
        if not use.any():
            continue
        key = region_id[use] * 100_000 + (month[use] - first_month)
        groups, inverse = np.unique(key, return_inverse=True)
        sums = np.bincount(inverse, weights=amounts[use])
        first_line = np.full(len(groups), np.iinfo("int64").max)
        np.minimum.at(first_line, inverse, table.lines()[use])
        months = groups % 100_000 + first_month
        frames.append(
            pd.DataFrame(
                {
                    "region_code": region_labels[groups // 100_000],
                    "month": months,
                    "value": sums,
                    LINE: first_line,
                    "indicator_id": indicator,
                    "source": column,
                    "period": pd.to_datetime({"year": months // 12, "month": months % 12 + 1, "day": 1}),
                }
            )
        )
    return frames


def region_of(text: str, regions: RegionRegistry):
    """A region code, "TOTAL" for a total row, or the RegionError."""
    if fold_header(text) in TOTALS:
        return "TOTAL"
    try:
        return regions.normalize(text)
    except RegionError as error:
        return error


def _count(dimensions: list[tuple[str, np.ndarray, np.ndarray]], lines: np.ndarray) -> pd.DataFrame:
    """Rows per combination of codes (and the first line of each). ``dimensions``: (column name,
    a code in [0, len(labels)) per row, the labels). A small key space is counted with bincount;
    a large one (many breakdown texts) with a sort."""
    combined = np.zeros(len(lines), dtype="int64")
    space = 1
    for _, codes, labels in dimensions:
        combined = combined * len(labels) + codes
        space *= len(labels)
    if space <= 8 * len(lines) + 1_000_000:
        counts = np.bincount(combined, minlength=space)
        groups = np.flatnonzero(counts)
        first = np.full(space, len(lines), dtype="int64")
        np.minimum.at(first, combined, np.arange(len(lines)))
        counts, first = counts[groups], first[groups]
    else:
        groups, first, counts = np.unique(combined, return_index=True, return_counts=True)
    columns = {}
    remainder = groups
    for name, _, labels in reversed(dimensions):
        columns[name] = labels[remainder % len(labels)]
        remainder = remainder // len(labels)
    counted = pd.DataFrame({name: columns[name] for name, _, _ in dimensions})
    counted["value"] = counts.astype("float64")
    counted[LINE] = lines[first]
    return counted


def month_index(text: str) -> int:
    """year × 12 + month − 1 of a record's date (a record needs at least its month)."""
    period, kind = parse_period(text)
    if kind != "M":
        raise ParseProblem("not_a_day")
    return period.year * 12 + period.month - 1


def _group_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """For keys in sorted order: the position where each element's group begins."""
    starts = np.ones(len(sorted_keys), dtype=bool)
    starts[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return np.maximum.accumulate(np.where(starts, np.arange(len(sorted_keys)), 0))


def _check_rules(
    table: Table,
    mapping: Mapping,
    month: np.ndarray,
    valid: np.ndarray,
    pool: ThreadPoolExecutor,
    person: Future,
    problems: Problems,
) -> None:
    """The per-person rules on the valid rows, on dense integer codes (``person``: a future of a
    code per row); each row a rule flags is a warning with the masked ID — the first
    ``PROBLEM_ROWS`` flagged rows in line order, the rest counted per rule (as the engine path
    lists them). The two rules order the rows differently: one runs in the worker, the other here."""
    rows = np.flatnonzero(valid)
    months = month[rows] - month[rows].min(initial=0)
    occupation = level = None
    if mapping.occupation and mapping.skill_level:
        occupation_codes, names = table.codes(mapping.occupation)
        _, folded_index = np.unique(
            [fold_header(name) for name in names], return_inverse=True
        )  # 电工 and 电 工 are one occupation
        occupation = folded_index[occupation_codes[rows]].astype("int64")
        level_codes, level_names = table.codes(mapping.skill_level)
        level = np.array([LEVEL_RANK.get(str(name).strip(), np.nan) for name in level_names], dtype="float64")[
            level_codes[rows]
        ]
    person = person.result()[rows]
    beyond = pool.submit(_beyond_three, person, months)
    findings = []
    if occupation is not None:
        repeated, lower = _levels(person, occupation, level, months)
        findings = [
            (repeated, mapping.skill_level, "rule_same_level", {}),
            (lower, mapping.skill_level, "rule_lower_level", {}),
        ]
    findings.insert(0, (beyond.result(), mapping.person_id, "rule_more_than_three", {"limit": MAX_PER_PERSON}))
    flagged = np.flatnonzero(
        np.logical_or.reduce([flags for flags, *_ in findings])
    )  # one read of the IDs for all rules
    listed = flagged[:PROBLEM_ROWS]  # valid rows are in file order: the first flagged lines
    end = int(listed[-1]) + 1 if len(listed) else 0
    masked = mask_ids(table.column_at(mapping.person_id, rows[listed]))
    lines = table.lines()
    for flags, column, code, detail in findings:
        chosen = np.flatnonzero(flags[:end])
        problems.add_unlisted(int(flags.sum()) - len(chosen), code, kind="warning", **detail)
        problems.add_many(
            pd.Series(lines[rows[chosen]]),
            column,
            masked.take(np.searchsorted(listed, chosen)),
            code,
            kind="warning",
            **detail,
        )


def _order(*keys: np.ndarray) -> np.ndarray:
    """Row order by the keys (non-negative ints, most significant first), ties in file order.

    The keys and the row number are packed into one int64 — unique, so a quick sort is stable —
    when they fit; else a lexsort."""
    count = len(keys[0])
    bounds = [int(key.max(initial=0)) + 1 for key in keys]
    if math.prod(bounds) * max(count, 1) < 2**63:
        packed = np.zeros(count, dtype="int64")
        for key, bound in zip(keys, bounds, strict=True):
            packed = packed * bound + key
        return np.argsort(packed * count + np.arange(count))
    return np.lexsort([np.arange(count), *reversed(keys)])


def rows_in_groups_larger_than(group: np.ndarray, size: int) -> np.ndarray:
    """Positions of the rows whose group (a non-negative int code) has more than ``size`` rows.

    A rule about a person's n-th training can only flag such rows; most people train once or
    twice, so only a small part of a big file needs the sort."""
    if not len(group):
        return np.array([], dtype="int64")
    if int(group.max()) <= 8 * len(group) + 1_000_000:
        counts = np.bincount(group)[group]
    else:
        counts = pd.Series(group).map(pd.Series(group).value_counts()).to_numpy()
    return np.flatnonzero(counts > size)


def _beyond_three(person: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Rows after a person's third training (in date order)."""
    beyond = np.zeros(len(person), dtype=bool)
    rows = rows_in_groups_larger_than(person, MAX_PER_PERSON)
    person, months = person[rows], months[rows]
    order = _order(person, months)
    beyond[rows[order]] = np.arange(len(order)) - _group_starts(person[order]) >= MAX_PER_PERSON
    return beyond


def _levels(
    person: np.ndarray, occupation: np.ndarray, level: np.ndarray, months: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(the same occupation and level again after its first time, a lower level after a higher one)
    per row, both in date order: one sort by person, occupation and month of the rows whose
    person trained in that occupation more than once."""
    repeated, lower = np.zeros(len(person), dtype=bool), np.zeros(len(person), dtype=bool)
    rows = rows_in_groups_larger_than(person * (int(occupation.max(initial=0)) + 1) + occupation, 1)
    person, occupation, level, months = person[rows], occupation[rows], level[rows], months[rows]
    order = _order(person, occupation, months)
    sorted_person, sorted_occupation = person[order], occupation[order]
    boundary = np.ones(len(order), dtype=bool)
    boundary[1:] = (sorted_person[1:] != sorted_person[:-1]) | (sorted_occupation[1:] != sorted_occupation[:-1])
    ranks = np.where(np.isnan(level), -1.0, level)[order]
    group = np.cumsum(boundary) - 1
    again = pd.Series(group * 16 + ranks.astype("int64")).duplicated().to_numpy() & (
        ranks >= 0
    )  # in date order: the first stays
    offset = group.astype("float64") * 100  # keeps each group's running maximum to itself
    best = np.maximum.accumulate(ranks + offset) - offset
    before = np.full(len(order), np.nan)
    before[1:] = best[:-1]
    before[boundary] = np.nan
    repeated[rows[order]] = again
    lower[rows[order]] = (ranks >= 0) & (ranks < before) & ~again
    return repeated, lower
