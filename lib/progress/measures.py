"""The measures the product shows, each defined once: its name, formula, rounding and unit (issue #21).

Officials read progress as 完成进度 (actual ÷ target) against 时间进度 (the share of the period gone),
and the gap as 快于 / 慢于时间进度 N 个百分点. Those three, and 进度比 (the ratio the colours and
statuses are judged by), are the only words for progress anywhere in the product: the Overview, the
Provinces map and ranking, the Alerts, 督办, the 通报, slides, briefings and downloads all take the
name and the text of a measure from here, so one figure never carries two names nor two roundings.

A level or change target (a share, a stock) is not read as a percentage of its target: it reads in
its own unit — the latest value, the target and the distance (``29.9%，距30%的目标差0.1个百分点``).
Its progress from the baseline, where shown, is named so and names the baseline. An approximate
target (左右 / 约) within its tolerance reads ``达到目标（±5%以内）``, never a percent below 100.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lib.core.formatting import format_percent, format_percent_value, format_quantity
from lib.core.i18n import strings, t
from lib.core.settings import progress_settings
from lib.progress.engine import Progress
from lib.reference.catalogue import Target

PERCENT_DIGITS = 1  # every percentage and every percentage-point figure: one decimal


@dataclass(frozen=True)
class Measure:
    """One measure: a key, and its name and formula in the reader's language."""

    key: str
    digits: int = PERCENT_DIGITS

    def name(self, lang: str) -> str:
        return t(f"measure.{self.key}", lang)

    def formula(self, lang: str) -> str:
        return t(f"measure.{self.key}_formula", lang)

    def help(self, lang: str) -> str:
        """``完成进度 = 实际 ÷ 目标（保留一位小数）`` — for tooltips and the About page."""
        return t("measure.help", lang, name=self.name(lang), formula=self.formula(lang))


COMPLETION = Measure("completion")
TIME_ELAPSED = Measure("time_elapsed")
GAP = Measure("gap")
PACE = Measure("pace")
DISTANCE = Measure("distance")
BASELINE_PROGRESS = Measure("baseline_progress")
MEASURES = (COMPLETION, TIME_ELAPSED, GAP, PACE, DISTANCE, BASELINE_PROGRESS)


CARD_MEASURES = (COMPLETION, TIME_ELAPSED, GAP)  # a headline card's progress line
TABLE_MEASURES = (COMPLETION, GAP, DISTANCE)  # the Overview table's 完成情况 cell


def help_text(measures: tuple[Measure, ...], lang: str) -> str:
    """The formulas of ``measures``, one paragraph each: the hover text beside the figures they name
    (the same words as the About page's list, from the same definitions)."""
    return "\n\n".join(measure.help(lang) for measure in measures)


def column_help(columns, lang: str) -> dict[str, str]:
    """The hover text for a table's columns that hold a measure: a column named as one (完成进度, or
    完成进度（%） in a download's words) gets its formula; 完成情况 the formulas of those it names."""
    helps = {t("measure.standing", lang): help_text(TABLE_MEASURES, lang)}
    for measure in MEASURES:
        helps[measure.name(lang)] = measure.help(lang)
        if strings().get(f"measure.csv.{measure.key}"):
            helps[t(f"measure.csv.{measure.key}", lang)] = measure.help(lang)
    return {column: helps[column] for column in columns if column in helps}


def is_count(target: Target) -> bool:
    """A count target (cumulative or each year) is read as 完成进度 against 时间进度; a level or
    change target in its own unit."""
    return target.kind in ("cumulative", "annual")


def percent(ratio: float | None) -> str:
    """A ratio as the product shows every percentage: one decimal (``80.4%``)."""
    return format_percent(ratio, PERCENT_DIGITS)


def shown_percent(ratio: float | None) -> float | None:
    """A ratio as the number a download carries: per cent, one decimal, as on screen (0.8039 → 80.4)."""
    return None if ratio is None or not math.isfinite(ratio) else round(100 * ratio, PERCENT_DIGITS)


def completion_value(progress: Progress) -> str:
    """完成进度 as shown: ``80.4%``; ``≥110.0%`` from a lower bound; ``—`` without one."""
    text = percent(progress.completion)
    return f"≥{text}" if progress.bound == "at_least" and text != "—" else text


def pace_value(progress: Progress) -> str:
    """进度比 as shown: ``85.1%``."""
    return percent(progress.pace)


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


def gap_words(progress: Progress, lang: str) -> str:
    """``慢于时间进度14.0个百分点`` / ``快于时间进度2.1个百分点`` / ``与时间进度持平``; '' without one
    (``快于时间进度≥15.0个百分点`` from a lower bound)."""
    points = gap_points(progress)
    if points is None:
        return ""
    if points == 0:
        return t("measure.gap_level", lang)
    key = "measure.gap_behind" if points < 0 else "measure.gap_ahead"
    floor = "≥" if progress.bound == "at_least" and points > 0 else ""  # a lower bound's lead is one too
    return t(key, lang, points=f"{floor}{abs(points):.{PERCENT_DIGITS}f}")


def gap_short(progress: Progress, lang: str) -> str:
    """The gap for a table cell: ``慢14.0个百分点`` / ``快2.1个百分点`` / ``持平`` / ``—``."""
    points = gap_points(progress)
    if points is None:
        return "—"
    if points == 0:
        return t("measure.gap_level_short", lang)
    key = "measure.gap_behind_short" if points < 0 else "measure.gap_ahead_short"
    floor = "≥" if progress.bound == "at_least" and points > 0 else ""
    return t(key, lang, points=f"{floor}{abs(points):.{PERCENT_DIGITS}f}")


def approx_tolerance_text() -> str:
    """``±5%`` from the deployment's tolerance."""
    return f"±{100 * progress_settings().approx_tolerance:g}%"


def within_tolerance(target: Target, progress: Progress) -> bool:
    """An approximate target achieved but below its value: read as 达到目标（±5%以内）."""
    return (
        target.comparator == "approx"
        and progress.status == "achieved"
        and progress.actual is not None
        and progress.actual < progress.target_value
    )


def distance_words(target: Target, progress: Progress, unit: str, lang: str) -> str:
    """How far a level or change target's latest value is from its target, in the target's unit:
    ``距30%的目标差0.1个百分点`` / ``达到30%的目标`` / ``达到目标（±5%以内）``; '' without a value."""
    if progress.actual is None:
        return ""
    goal = format_quantity(progress.target_value, unit, lang)
    if within_tolerance(target, progress):
        return t("measure.approx_met", lang, tolerance=approx_tolerance_text())
    short = shown_value(progress.target_value, unit) - shown_value(progress.actual, unit)
    short = -short if target.comparator == "<=" else short
    if progress.status == "achieved":
        return t("measure.level_met", lang, goal=goal)
    if progress.status == "no_data":  # an estimate or a lower bound: shown, never judged (the status says why)
        return ""
    return t("measure.distance_words", lang, goal=goal, distance=distance_amount(short, unit, lang))


def shown_value(value: float, unit: str) -> float:
    """A share as shown (one decimal), so the distance is the difference of the two figures printed."""
    return round(value, PERCENT_DIGITS) if unit == "%" else value


def distance_amount(short: float, unit: str, lang: str) -> str:
    """The distance in the target's unit: points for a share (``0.1个百分点``), else the unit's amount."""
    if unit == "%":
        if round(short, PERCENT_DIGITS) <= 0:  # short by less than the last digit shown
            return t("measure.under_tenth", lang)
        return format_percent_value(short, PERCENT_DIGITS).removesuffix("%") + t("measure.points", lang)
    return format_quantity(max(short, 0.0), unit, lang)


def level_words(target: Target, progress: Progress, unit: str, lang: str) -> str:
    """``29.9%，距30%的目标差0.1个百分点`` — the latest value, the target and the distance."""
    value = derived_mark(format_quantity(progress.actual, unit, lang), progress, lang)
    return t("measure.level_words", lang, value=value, distance=distance_words(target, progress, unit, lang))


def derived_mark(value: str, progress: Progress, lang: str) -> str:
    """``30.3%（推算）`` for a share 推算 from two figures (decision 0074); the value itself otherwise."""
    return t("voice.derived_value", lang, value=value) if progress.derived_inputs else value


def baseline_words(progress: Progress, unit: str, lang: str) -> str:
    """``较基期（2020-12，27.3%）完成提升幅度的97.0%`` — progress from the baseline, named with it."""
    if progress.baseline is None or progress.completion is None or progress.baseline_period is None:
        return ""
    return t(
        "measure.baseline_words",
        lang,
        month=f"{progress.baseline_period:%Y-%m}",
        baseline=format_quantity(progress.baseline, unit, lang),
        value=percent(progress.completion),
    )


def standing(target: Target, progress: Progress, unit: str, lang: str) -> str:
    """The one cell a table shows for where a target stands, each measure named:
    ``完成进度 80.4%，慢于时间进度14.0个百分点`` for a count target; ``距30%的目标差0.1个百分点``,
    ``达到目标（±5%以内）`` for a level one; ``—`` without a figure."""
    if progress.actual is None and progress.completion is None:
        return "—"
    if within_tolerance(target, progress):
        return t("measure.approx_met", lang, tolerance=approx_tolerance_text())
    if is_count(target):
        if progress.completion is None:
            return "—"
        head = t("measure.completion_named", lang, value=completion_value(progress))
        gap = gap_words(progress, lang) if progress.status not in ("achieved", "missed") else ""
        return head + (t("measure.sep", lang) + gap if gap else "")
    return distance_words(target, progress, unit, lang) or "—"
