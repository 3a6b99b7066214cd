"""The measures the product shows, each defined once: its key, its rounding and its figures as shown (issue #21).

Officials read progress as 完成进度 (actual ÷ target) against 时间进度 (the share of the period gone),
and the gap as 快于 / 慢于时间进度 N 个百分点. Those three, and 进度比 (the ratio the colours and
statuses are judged by), are the only words for progress anywhere in the product: the Overview, the
Provinces map and ranking, the Alerts, 督办, the 通报, slides, briefings and downloads all take the
measure and its figures from here, and its name, formula and words from ``lib.views.words`` (issue #20:
``progress`` returns numbers; ``views`` turn them into words), so one figure never carries two names
nor two roundings.

A level or change target (a share, a stock) is not read as a percentage of its target: it reads in
its own unit — the latest value, the target and the distance (``29.9%，距30%的目标差0.1个百分点``).
Its progress from the baseline, where shown, is named so and names the baseline. An approximate
target (左右 / 约) within its tolerance reads ``达到目标（±5%以内）``, never a percent below 100.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lib.progress.engine import Progress
from lib.reference.catalogue import Target

PERCENT_DIGITS = 1  # every percentage and every percentage-point figure: one decimal


@dataclass(frozen=True)
class Measure:
    """One measure: a key (its name and formula in the reader's language are ``lib.views.words``'s
    ``measure_name`` and ``measure_formula``) and the decimals it is shown with."""

    key: str
    digits: int = PERCENT_DIGITS


COMPLETION = Measure("completion")
TIME_ELAPSED = Measure("time_elapsed")
GAP = Measure("gap")
PACE = Measure("pace")
DISTANCE = Measure("distance")
BASELINE_PROGRESS = Measure("baseline_progress")
MEASURES = (COMPLETION, TIME_ELAPSED, GAP, PACE, DISTANCE, BASELINE_PROGRESS)


CARD_MEASURES = (COMPLETION, TIME_ELAPSED, GAP)  # a headline card's progress line
TABLE_MEASURES = (COMPLETION, GAP, DISTANCE)  # the Overview table's 完成情况 cell


def is_count(target: Target) -> bool:
    """A count target (cumulative or each year) is read as 完成进度 against 时间进度; a level or
    change target in its own unit."""
    return target.kind in ("cumulative", "annual")


def shown_percent(ratio: float | None) -> float | None:
    """A ratio as the number a download carries: per cent, one decimal, as on screen (0.8039 → 80.4)."""
    return None if ratio is None or not math.isfinite(ratio) else round(100 * ratio, PERCENT_DIGITS)


def shown_points(points: float | None) -> float | None:
    """A point figure rounded as shown, so words and tables never disagree by a rounding."""
    return None if points is None else round(points, PERCENT_DIGITS)


def gap_points(progress: Progress) -> float | None:
    """完成进度 − 时间进度 in points, from the two figures *as shown* (so 80.4% − 94.4% reads 14.0)."""
    if progress.completion is None or progress.time_elapsed is None:
        return None
    return round(
        round(100 * progress.completion, PERCENT_DIGITS) - round(100 * progress.time_elapsed, PERCENT_DIGITS),
        PERCENT_DIGITS,
    )


def within_tolerance(target: Target, progress: Progress) -> bool:
    """An approximate target achieved but below its value: read as 达到目标（±5%以内）."""
    return (
        target.comparator == "approx"
        and progress.status == "achieved"
        and progress.actual is not None
        and progress.actual < progress.target_value
    )


def shown_value(value: float, unit: str) -> float:
    """A share as shown (one decimal), so the distance is the difference of the two figures printed."""
    return round(value, PERCENT_DIGITS) if unit == "%" else value
