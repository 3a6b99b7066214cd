"""The lines a progress chart draws: actual to date, the required path, the projection.

Kept apart from the figures so the numbers can be tested and downloaded as they are drawn.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib.progress.engine import Progress, seasonal_profile
from lib.reference.catalogue import Target
from lib.store.observations import ObservationStore, index_month, month_index


def _months(start: date, end: date) -> list[int]:
    return list(range(month_index(start), month_index(end) + 1))


def trajectory(store: ObservationStore, target: Target, progress: Progress, region: str) -> pd.DataFrame:
    """Month-by-month frame: period, actual (cumulative or level), required, projection, and the
    citation of each actual value (published figures; None otherwise).

    For an annual target the frame covers the year that decides the headline status.
    """
    if progress.status in ("no_data",) or progress.window_start is None:
        return pd.DataFrame(columns=["period", "actual", "required", "projection", "citation_id"])
    indicator_id = progress.proxy_indicator or target.indicator_id  # a proxy's values are what was judged
    values = store.series(indicator_id, region)
    if values is None:  # only totals for runs of months (published figures): no monthly values
        values = np.full(max(0, store.last_month - store.first_month + 1), np.nan)
    if target.kind == "annual":
        year = progress.year or (progress.years[-1].year if progress.years else target.start.year)
        start, end = max(target.start, date(year, 1, 1)), min(target.end, date(year, 12, 1))
    else:
        start, end = target.start, target.end
    months = _months(start, end)
    last = month_index(progress.window_end) if progress.window_end else month_index(start) - 1
    raw = np.array(
        [values[m - store.first_month] if store.first_month <= m <= store.last_month else np.nan for m in months]
    )
    seen = np.array([m <= last for m in months])
    if target.kind in ("cumulative", "annual"):
        actual = np.where(seen, np.nancumsum(np.nan_to_num(raw, nan=0.0)), np.nan)
        weights = np.ones(len(months))
        if progress.pace_method == "seasonal" and progress.time_elapsed:
            # the seasonal path passes through E at the as-of month; scale the monthly profile to it
            share = seasonal_profile(store, values, index_month(last).year)
            if share is not None:
                weights = np.array([share[index_month(m).month - 1] for m in months])
        required = progress.target_value * np.cumsum(weights) / weights.sum()
    else:
        actual = np.where(seen, raw, np.nan)
        base = progress.baseline if progress.baseline is not None else progress.target_value
        required = base + (progress.target_value - base) * np.arange(1, len(months) + 1) / len(months)
    citations = [store.note_at(indicator_id, region, m)[1] if m <= last else None for m in months]
    if progress.actual is not None and np.isnan(raw[seen]).all() and progress.latest_period is not None:
        # a total for a run of months, or an estimate: one point at its last month, never spread
        at = months.index(month_index(progress.latest_period)) if month_index(progress.latest_period) in months else -1
        actual = np.full(len(months), np.nan)
        if at >= 0:
            actual[at] = progress.actual
            citations[at] = ",".join(progress.citation_ids) or None
    projection = np.full(len(months), np.nan)
    if progress.projection is not None and seen.any() and not seen.all():
        anchor = int(np.flatnonzero(seen)[-1])
        projection[anchor:] = np.linspace(actual[anchor], progress.projection, len(months) - anchor)
    return pd.DataFrame(
        {
            "period": pd.to_datetime([index_month(m) for m in months]),
            "actual": actual,
            "required": required,
            "projection": projection,
            "citation_id": citations,
        }
    )
