"""The words for the measures and statuses, made once for every surface (issue #20: ``progress``
returns numbers; ``views`` turn them into words).

``lib.progress.measures`` defines each measure (its key and rounding) and the figures as shown
(``gap_points``, ``shown_percent``); ``lib.progress.statuses`` a status's symbol and colours. Here
they become what a reader sees, in the reader's language: a measure's name, formula and hover text,
完成进度 ``80.4%``, ``慢于时间进度14.0个百分点``, a level target's ``距30%的目标差0.1个百分点``, an
approximate target's ``达到目标（±5%以内）`` and a status's ``▼ 进度滞后``. The Overview, Provinces,
Programs, Alerts, About and 督办 view models, the briefings, the 通报 and the slides all take them
from here, so one figure never carries two names nor two roundings (decision 0071). A chart (a stage
below) is handed these words by its view model (decision 0082).
"""

from __future__ import annotations

from lib.core.formatting import format_percent, format_percent_value, format_quantity
from lib.core.i18n import strings, t
from lib.core.settings import progress_settings
from lib.progress.engine import Progress
from lib.progress.measures import (
    MEASURES,
    PERCENT_DIGITS,
    TABLE_MEASURES,
    Measure,
    gap_points,
    is_count,
    shown_value,
    within_tolerance,
)
from lib.progress.statuses import SYMBOL
from lib.reference.catalogue import Target


def measure_name(measure: Measure, lang: str) -> str:
    """``完成进度`` / ``Progress``."""
    return t(f"measure.{measure.key}", lang)


def measure_formula(measure: Measure, lang: str) -> str:
    return t(f"measure.{measure.key}_formula", lang)


def measure_help(measure: Measure, lang: str) -> str:
    """``完成进度 = 实际 ÷ 目标（保留一位小数）`` — for tooltips and the About page."""
    return t("measure.help", lang, name=measure_name(measure, lang), formula=measure_formula(measure, lang))


def help_text(measures: tuple[Measure, ...], lang: str) -> str:
    """The formulas of ``measures``, one paragraph each: the hover text beside the figures they name
    (the same words as the About page's list, from the same definitions)."""
    return "\n\n".join(measure_help(measure, lang) for measure in measures)


def column_help(columns, lang: str) -> dict[str, str]:
    """The hover text for a table's columns that hold a measure: a column named as one (完成进度, or
    完成进度（%） in a download's words) gets its formula; 完成情况 the formulas of those it names."""
    helps = {t("measure.standing", lang): help_text(TABLE_MEASURES, lang)}
    for measure in MEASURES:
        helps[measure_name(measure, lang)] = measure_help(measure, lang)
        if strings().get(f"measure.csv.{measure.key}"):
            helps[t(f"measure.csv.{measure.key}", lang)] = measure_help(measure, lang)
    return {column: helps[column] for column in columns if column in helps}


def status_label(status: str, lang: str) -> str:
    """``▼ 进度滞后`` / ``▼ Off track``."""
    return f"{SYMBOL[status]} {t(f'status.{status}', lang)}"


def percent(ratio: float | None) -> str:
    """A ratio as the product shows every percentage: one decimal (``80.4%``)."""
    return format_percent(ratio, PERCENT_DIGITS)


def completion_value(progress: Progress) -> str:
    """完成进度 as shown: ``80.4%``; ``≥110.0%`` from a lower bound; ``—`` without one."""
    text = percent(progress.completion)
    return f"≥{text}" if progress.bound == "at_least" and text != "—" else text


def pace_value(progress: Progress) -> str:
    """进度比 as shown: ``85.1%``."""
    return percent(progress.pace)


def gap_words(progress: Progress, lang: str) -> str:
    """``慢于时间进度14.0个百分点`` / ``快于时间进度2.1个百分点`` / ``与时间进度持平``; '' without one
    (``快于时间进度≥15.0个百分点`` from a lower bound)."""
    return _gap_text(progress, lang, ("measure.gap_level", "measure.gap_behind", "measure.gap_ahead"), "")


def gap_short(progress: Progress, lang: str) -> str:
    """The gap for a table cell: ``慢14.0个百分点`` / ``快2.1个百分点`` / ``持平`` / ``—``."""
    keys = ("measure.gap_level_short", "measure.gap_behind_short", "measure.gap_ahead_short")
    return _gap_text(progress, lang, keys, "—")


def _gap_text(progress: Progress, lang: str, keys: tuple[str, str, str], none: str) -> str:
    """The gap in points in the words of ``keys`` (level, behind, ahead), ``none`` without one: the
    long and short forms round alike and mark a lower bound's lead alike (≥), as one measure."""
    points = gap_points(progress)
    if points is None:
        return none
    level, behind, ahead = keys
    if points == 0:
        return t(level, lang)
    floor = "≥" if progress.bound == "at_least" and points > 0 else ""  # a lower bound's lead is one too
    return t(behind if points < 0 else ahead, lang, points=f"{floor}{abs(points):.{PERCENT_DIGITS}f}")


def approx_tolerance_text() -> str:
    """``±5%`` from the deployment's tolerance."""
    return f"±{100 * progress_settings().approx_tolerance:g}%"


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
