"""Reference targets for provinces: a national count target split by each province's share.

The documents give national targets no provincial split. As a yardstick, a province's reference
target is T × (its share of the national total in the period before the target started: up to 36
months, at least 12, so that small units are not judged on a handful of cases); when the data do
not reach back 12 months, the first 12 months of the target period are used and the basis says so. Every screen labels these 参考目标(按基期占比分解) — they are not official targets.
A reference target of a count (人, 人次, 个 …) is a whole number: nobody trains 1,358.05 people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from lib.core.periods import add_months
from lib.reference.catalogue import Scope, Target
from lib.store.observations import ObservationStore, index_month, month_index

BASE_MONTHS = 12
MAX_BASE_MONTHS = 36
COUNT_UNITS = ("人", "人次", "个", "所", "场次")  # counted in whole units


@dataclass(frozen=True)
class Apportionment:
    """Shares of the national total per province over a base window."""

    shares: dict[str, float]  # region code -> share of the national total
    base_start: date
    base_end: date
    basis: str  # "before_start" | "first_year"
    whole: bool = False  # a count: reference targets are rounded to whole units (half up)

    def target_for(self, target: Target, region_code: str) -> Target:
        """The province's reference target: same period and kind, value T × share (a whole number
        for counts)."""
        value = target.value * self.shares.get(region_code, 0.0)
        return replace(
            target, value=math.floor(value + 0.5) if self.whole else value, scope=Scope("region", region_code)
        )


def apportion(store: ObservationStore, target: Target) -> Apportionment | None:
    """Shares for a national flow target, or None when no base window has data."""
    indicator = store.catalogue.indicators[target.indicator_id]
    if indicator.kind != "flow":
        return None
    national = store.national(target.indicator_id)
    matrix = store.matrix(target.indicator_id)
    if national is None or matrix is None:
        return None
    windows = (
        (add_months(target.start, -MAX_BASE_MONTHS), add_months(target.start, -1), "before_start"),
        (target.start, add_months(target.start, BASE_MONTHS - 1), "first_year"),
    )
    for start, end, basis in windows:
        first, last = max(month_index(start), store.first_month), min(month_index(end), store.last_month)
        if last - first + 1 < BASE_MONTHS:
            continue
        start = index_month(first)
        columns = slice(first - store.first_month, last - store.first_month + 1)
        total = np.nansum(national.values[columns])
        if total <= 0:
            continue
        shares = {
            code: float(np.nansum(matrix[row, columns]) / total)
            for code, row in store.row_of.items()
            if code != "000000"
        }
        return Apportionment(shares, start, end, basis, whole=indicator.unit in COUNT_UNITS)
    return None
