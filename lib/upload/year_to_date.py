"""Year-to-date totals (累计, 1—N月) into each month's own figure, as statistical offices print them.

A 1—3月 total is January + February + March; adding it to the 1—2月 one would count January and February
twice. So a year-to-date value is never stored as it is: March's own figure is the 1—3月 total minus the
1—2月 one, January's is its total. Where the previous month's total is missing the month's own figure
cannot be known — the row is refused with a message saying what to supply (the previous month's total,
or the month's own figure), never guessed; a total smaller than the month before (a revision, a
misprint) is refused too. Each converted column is reported as a warning, so the analyst sees it before
confirming.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.upload.common import Problems
from lib.upload.reader import LINE


def to_monthly(long: pd.DataFrame, is_ytd: pd.Series, keys: list[str], problems: Problems) -> pd.DataFrame:
    """``long`` (indicator_id, region_code, period, value, breakdowns …) with its year-to-date rows turned
    into monthly values; rows that cannot be turned are dropped with a problem each."""
    if not is_ytd.any():
        return long
    ytd = long[is_ytd].copy()
    ytd["_year"] = pd.to_datetime(ytd["period"]).dt.year
    ytd["_month"] = pd.to_datetime(ytd["period"]).dt.month
    group_keys = [*keys, "_year"]
    ordered = ytd.sort_values([*group_keys, "_month"], kind="stable")
    previous_value = ordered.groupby(group_keys, dropna=False)["value"].shift(1)
    previous_month = ordered.groupby(group_keys, dropna=False)["_month"].shift(1)
    first = ordered["_month"] == 1
    follows = previous_month == ordered["_month"] - 1
    monthly = np.where(first, ordered["value"], np.where(follows, ordered["value"] - previous_value, np.nan))
    ordered["value"] = monthly
    gap = ~first & ~follows
    falls = ~gap & (ordered["value"] < 0)
    for line, column, raw, month in ordered.loc[gap, [LINE, "value_source", "value_raw", "_month"]].itertuples(
        index=False
    ):
        problems.add(line, column, raw, "ytd_gap", month=int(month), before=int(month) - 1)
    for line, column, raw in ordered.loc[falls, [LINE, "value_source", "value_raw"]].itertuples(index=False):
        problems.add(line, column, raw, "ytd_decrease")
    for column in pd.unique(ordered["value_source"].astype("str")):
        first_line = int(ordered.loc[ordered["value_source"].astype("str") == column, LINE].min())
        problems.add(first_line, column, "", "ytd_converted", kind="warning")
    kept = ordered[~gap & ~falls].drop(columns=["_year", "_month"])
    return pd.concat([long[~is_ytd], kept]).sort_index(kind="stable")
