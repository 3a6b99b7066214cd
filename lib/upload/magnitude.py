"""The check that catches a unit that slipped through: an uploaded value 100 times or more away
(either way) from what the snapshot typically has for the same indicator, region and month.

*Typical value* of an indicator × region for a calendar month: the median of the snapshot's values
for that region in that calendar month over all the snapshot's years (March against the snapshot's
Marches); where the snapshot has no value for that calendar month, the median over all its months.
The national row's typical value is that of the national series the pages show (the reported row,
else the provinces' sum). Only positive values on both sides are compared.

A flagged value is a warning shown before the analyst confirms, naming the likely cause
("单位可能应为万人次？"); nothing is corrected. Rows counted from record-level files are not checked:
a count of rows has no unit to get wrong.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd

from lib.core.formatting import format_exact
from lib.progress.dataview import DataView
from lib.store.observations import ObservationStore
from lib.upload.cell_values import MAGNITUDES
from lib.upload.common import Mapping, Problems, Result
from lib.upload.reader import LINE

THRESHOLD = 100.0  # a value this many times the typical one, or its reciprocal, is flagged
SUGGESTED = {word: MAGNITUDES[word] for word in ("百", "千", "万", "百万", "亿")}


def typical_of(base: DataView, indicator_id: str) -> np.ndarray | None:
    """The snapshot's typical values (kept with its data view)."""
    return typical_values(base.store, indicator_id)


def typical_values(store: ObservationStore, indicator_id: str) -> np.ndarray | None:
    """regions (the store's rows, national first) × 12 calendar months: the typical value, NaN
    where the snapshot has nothing for that region."""
    matrix = store.matrix(indicator_id)
    if matrix is None:
        return None
    matrix = matrix.copy()
    national = store.national(indicator_id)
    if national is not None:
        matrix[0] = national.values
    calendar = store.months() % 12
    typical = np.full((matrix.shape[0], 12), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices: no value, NaN
        overall = np.nanmedian(matrix, axis=1) if matrix.shape[1] else np.full(matrix.shape[0], np.nan)
        for month in range(12):
            columns = calendar == month
            if columns.any():
                typical[:, month] = np.nanmedian(matrix[:, columns], axis=1)
    return np.where(np.isnan(typical), overall[:, None], typical)


def likely_unit(times: float, base: str, read: str) -> str:
    """The unit the numbers were probably meant in, ``times`` being the uploaded value over the
    typical one: about 1/10,000 -> 万人次; about 10,000 with 万人次 read -> 人次; '' when no
    magnitude word fits (the analyst is then asked to check the unit)."""
    if base == "%":
        return "%" if times < 1 else ""
    need = 1 / times if times < 1 else times
    word, factor = min(SUGGESTED.items(), key=lambda item: abs(math.log10(item[1]) - math.log10(need)))
    if abs(math.log10(factor) - math.log10(need)) > 0.5:
        return ""
    if times < 1:
        return word + base
    return base if read and read != base else ""


def likely_units(times: np.ndarray, base: str, read: np.ndarray) -> np.ndarray:
    """``likely_unit`` for many values at once (a whole file can be 10,000× off)."""
    if base == "%":
        return np.where(times < 1, "%", "")
    need = np.abs(np.log10(times))
    exponents = np.log10(np.array(list(SUGGESTED.values())))
    nearest = np.abs(need[:, None] - exponents[None, :]).argmin(axis=1)
    fits = np.abs(exponents[nearest] - need) <= 0.5
    low = np.char.add(np.array(list(SUGGESTED), dtype=object)[nearest].astype(str), base)
    high = np.where((read != "") & (read != base), base, "")
    return np.where(fits, np.where(times < 1, low, high), "")


def _warnings(
    rows: pd.DataFrame, sources: pd.Series, times: np.ndarray, typical: np.ndarray, mapping: Mapping, units: dict
) -> pd.DataFrame:
    """The flagged rows of one indicator as a block of Problems rows (built column by column)."""
    indicator = str(rows["indicator_id"].iloc[0])
    columns = sources.loc[rows.index].astype("str").to_numpy()
    read = np.array([mapping.unit_of(column).unit for column in columns], dtype=object).astype(str)
    hints = likely_units(times, units.get(indicator, ""), read)
    typical_text = {value: format_exact(float(value)) for value in np.unique(typical)}
    how_far = [format_exact(float(value)) for value in np.round(np.where(times < 1, 1 / times, times))]
    block = pd.DataFrame(
        {
            "line": rows[LINE].to_numpy(dtype="int64"),
            "column": columns,
            "value": [format_exact(float(value)) for value in rows["value"]],
            "code": np.where(times < 1, "magnitude_low", "magnitude_high"),
            "kind": "warning",
        }
    )
    block["detail"] = [
        {"indicator": indicator, "typical": typical_text[normal], "times": far, "unit": str(hint)}
        for normal, far, hint in zip(typical, how_far, hints, strict=True)
    ]
    return block


def magnitude_problems(
    result: Result,
    mapping: Mapping,
    store: ObservationStore | None,
    units: dict[str, str],
    *,
    typical=typical_values,
) -> Problems:
    """Warnings for the total rows whose value is ≥ THRESHOLD times away from the snapshot's
    typical value. ``units``: indicator -> its unit; ``typical``: how to get an indicator's
    typical values (the page keeps them per snapshot)."""
    problems = Problems()
    observations = result.observations
    if store is None or observations.empty:
        return problems
    skip = {mapping.indicator} if mapping.shape == "records" else set()  # counted rows have no unit
    sources = result.sources if result.sources is not None else pd.Series("", index=observations.index)
    parts = [c for c in observations.columns if c not in ("indicator_id", "region_code", "period", "value", LINE)]
    rows = observations[observations[parts].isna().all(axis=1)] if parts else observations
    for indicator_id, group in rows.groupby("indicator_id", sort=False):
        values = None if indicator_id in skip else typical(store, str(indicator_id))
        if values is None:
            continue
        region_rows = group["region_code"].map(store.row_of)
        known = region_rows.notna().to_numpy()
        group, region_rows = group[known], region_rows[known].astype("int64").to_numpy()
        expected = values[region_rows, group["period"].dt.month.to_numpy() - 1]
        value = group["value"].to_numpy(dtype="float64")
        with np.errstate(divide="ignore", invalid="ignore"):
            times = np.where((expected > 0) & (value > 0), value / expected, np.nan)
        flagged = (times >= THRESHOLD) | (times <= 1 / THRESHOLD)
        if flagged.any():
            problems.blocks.append(
                _warnings(group[flagged], sources, times[flagged], expected[flagged], mapping, units)
            )
    return problems


def checked(result: Result, mapping: Mapping, base: DataView | None, units: dict[str, str]) -> Result:
    """``result`` with its magnitude warnings added, against the snapshot in ``base`` (the typical
    values are kept with that view: they hold snapshot data only, never anything uploaded)."""
    if base is None:
        return result
    flagged = magnitude_problems(
        result,
        mapping,
        base.store,
        units,
        typical=lambda store, indicator: base.remember(typical_of, indicator),
    ).frame()
    if flagged.empty:
        return result
    return replace(result, problems=pd.concat([result.problems, flagged], ignore_index=True))
