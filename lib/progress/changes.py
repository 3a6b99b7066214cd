"""What changed: the comparison a page makes (the previous snapshot, or this snapshot's previous
month), provinces' rank changes (↑3, ↓1), and month-on-month (环比) and year-on-year (同比) changes.

"The previous snapshot" is the newest one of the folder with an earlier as-of date. A folder with
a single snapshot (the bundled demo) still has a comparison: the same observations as of the end
of the month before, which is what a monthly snapshot would have shown unless data were revised.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from lib.core.periods import add_months, last_complete_month, month_end
from lib.progress.dataview import DataView
from lib.progress.drilldown import ProvinceResult
from lib.store.folder import DataFolder
from lib.store.snapshots import SnapshotRef

COMPARISON_BASES = ("snapshot", "month")


@dataclass(frozen=True)
class Comparison:
    """The view to compare with and what it is (a previous snapshot, or the previous month)."""

    view: DataView
    basis: str  # snapshot | month

    @property
    def as_of(self) -> date:
        return self.view.provenance.as_of


def previous_snapshot(folder: DataFolder, ref: SnapshotRef) -> SnapshotRef | None:
    """The newest snapshot with an earlier as-of date than ``ref``'s, of the same kind: demo data
    are compared with demo data only, and published figures never with demo numbers (the change
    between them would be made up)."""
    earlier = [
        other
        for other in folder.snapshots
        if other.manifest.as_of_date < ref.manifest.as_of_date and other.manifest.demo == ref.manifest.demo
    ]
    return earlier[0] if earlier else None  # folder.snapshots is newest first


def as_of_view(view: DataView, day: date) -> DataView:
    """The same observations evaluated as of an earlier date (kept with the view)."""
    return view.remember(view_as_of, day)


def view_as_of(view: DataView, day: date) -> DataView:
    return DataView(replace(view.provenance, as_of=day), view.store, view.settings, view.data_digest)


def previous_month_view(view: DataView) -> DataView:
    """This view's observations as of the end of the month before its last complete month."""
    return as_of_view(view, month_end(add_months(last_complete_month(view.provenance.as_of), -1)))


def comparison(view: DataView, previous: DataView | None) -> Comparison:
    """Compare with the previous snapshot's view when there is one, else with the previous month."""
    return Comparison(previous, "snapshot") if previous is not None else Comparison(previous_month_view(view), "month")


# --- ranks ----------------------------------------------------------------------------------------
def ranks(results: list[ProvinceResult], metric: str = "pace") -> dict[str, int]:
    """Rank of each applicable province with a value (1 = highest ``metric``); ties share a rank."""
    values = {
        r.region.code: getattr(r.progress, metric)
        for r in results
        if r.applicable and getattr(r.progress, metric) is not None and np.isfinite(getattr(r.progress, metric))
    }
    ordered = sorted(values.values(), reverse=True)
    return {code: ordered.index(value) + 1 for code, value in values.items()}


def rank_changes(now: dict[str, int], before: dict[str, int]) -> dict[str, int | None]:
    """Places gained (positive) or lost (negative) since the comparison; None where it had no rank."""
    return {code: (before[code] - rank if code in before else None) for code, rank in now.items()}


def rank_arrow(change: int | None) -> str:
    """``↑3`` / ``↓1`` / ``—`` (unchanged) / empty (no earlier rank)."""
    if change is None:
        return ""
    return f"↑{change}" if change > 0 else f"↓{-change}" if change < 0 else "—"


# --- 环比 / 同比 ------------------------------------------------------------------------------------
def shifted_change(values: np.ndarray, months: int, *, points: bool) -> np.ndarray:
    """Change of each month against ``months`` earlier: in % of the earlier value, or in percentage
    points for a ratio (``points``). NaN where either is missing or the earlier value is 0."""
    result = np.full(len(values), np.nan)
    if len(values) <= months:
        return result
    now, before = values[months:], values[:-months]
    with np.errstate(divide="ignore", invalid="ignore"):
        change = now - before if points else np.where(before != 0, 100.0 * (now / before - 1.0), np.nan)
    result[months:] = change
    return result


def month_on_month(values: np.ndarray, *, points: bool = False) -> np.ndarray:
    """环比: each month against the month before."""
    return shifted_change(values, 1, points=points)


def year_on_year(values: np.ndarray, *, points: bool = False) -> np.ndarray:
    """同比: each month against the same month a year earlier."""
    return shifted_change(values, 12, points=points)
