"""What the 预警 page shows, without Streamlit: the alerts filtered, each as words (colour, target,
region, pace, months held, change), the counts against the comparison, and the table to download."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from lib.core.formatting import format_quantity
from lib.core.i18n import t
from lib.progress.alerts import COLOURS, Alert, alert_counts
from lib.progress.changes import Comparison
from lib.progress.dataview import DataView
from lib.progress.measures import (
    completion_value,
    distance_words,
    gap_points,
    gap_short,
    is_count,
    level_words,
    pace_value,
    shown_percent,
    standing,
)
from lib.reference.regions import NATIONAL_CODE

SYMBOLS = {"red": "▼", "yellow": "◆", "green": "▲"}  # colour is never the only signal
BADGES = {"red": "red", "yellow": "orange", "green": "green"}  # Streamlit's names (the theme's colours)
PAGE_SIZE = 40


def colour_label(colour: str, lang: str) -> str:
    """``▼ 红色`` / ``▼ Red``."""
    return f"{SYMBOLS[colour]} {t(f'alerts.colour_{colour}', lang)}"


def region_name(view: DataView, code: str, lang: str) -> str:
    return t("report.national", lang) if code == NATIONAL_CODE else view.store.regions.by_code[code].name(lang)


def filter_alerts(
    found: list[Alert], targets: list[str] | None = None, region: str | None = None, colours: list[str] | None = None
) -> list[Alert]:
    """The alerts of the chosen targets, region and colours (None or empty: all), order kept."""
    return [
        alert
        for alert in found
        if (not targets or alert.target_id in targets)
        and (not region or alert.region_code == region)
        and (not colours or alert.colour in colours)
    ]


@dataclass(frozen=True)
class AlertLine:
    alert: Alert
    key: str  # the container hook: alert-<target>-<region>-<colour>
    badge: str  # Streamlit colour name
    label: str  # ▼ 红色
    title: str  # target · region
    details: str  # pace, completion, months held, change, the rule


def alert_line(view: DataView, alert: Alert, lang: str) -> AlertLine:
    target = view.catalogue.by_target[alert.target_id]
    progress = alert.progress
    unit = view.catalogue.indicators[target.indicator_id].unit
    standing = (
        t(
            "alerts.completion",
            lang,
            completion=completion_value(progress),
            actual=format_quantity(progress.actual, unit, lang),
        )
        if is_count(target)
        else level_words(target, progress, unit, lang)
    )
    parts = [
        t("alerts.pace", lang, pace=pace_value(progress)),
        standing,
        t("alerts.held", lang, months=alert.months_held, since=alert.since.strftime("%Y-%m")),
    ]
    if alert.change:
        parts.append(t(f"alerts.change_{alert.change}", lang))
    if alert.closed:
        parts.append(t("alerts.closed", lang))
    if alert.held_by_rule:
        parts.append(t("alerts.held_by_rule", lang))
    if alert.basis == "reference":
        parts.append(t("basis.reference", lang))
    return AlertLine(
        alert,
        f"alert-{alert.target_id}-{alert.region_code}-{alert.colour}",
        BADGES[alert.colour],
        colour_label(alert.colour, lang),
        f"{target.name(lang)} · {region_name(view, alert.region_code, lang)}",
        t("list.sep", lang).join(parts) if lang == "zh" else " · ".join(parts),
    )


def count_changes(found: list[Alert], compared: bool) -> dict[str, tuple[int, int | None]]:
    """Per colour: (count now, change since the comparison — over the items coloured now — or None)."""
    now = alert_counts(found)
    earlier = dict.fromkeys(COLOURS, 0)
    for alert in found:
        if alert.previous_colour:
            earlier[alert.previous_colour] += 1
    return {colour: (now[colour], now[colour] - earlier[colour] if compared else None) for colour in COLOURS}


def comparison_note(compared: Comparison | None, lang: str) -> str:
    if compared is None:
        return ""
    other = compared.view.provenance
    if compared.basis == "snapshot":
        return t("alerts.compare_snapshot", lang, snapshot=other.snapshot_id, date=other.as_of.isoformat())
    return t("alerts.compare_month", lang, month=other.as_of.strftime("%Y-%m"))


def alerts_table(view: DataView, found: list[Alert], lang: str) -> pd.DataFrame:
    """The alerts as a table (for the download): one row per target × region; each measure under its
    one name, in per cent to one decimal as on screen (a level target's distance in its own unit)."""
    rows = []
    for alert in found:
        target = view.catalogue.by_target[alert.target_id]
        progress = alert.progress
        unit = view.catalogue.indicators[target.indicator_id].unit
        rows.append(
            {
                t("alerts.col_colour", lang): t(f"alerts.colour_{alert.colour}", lang),
                t("alerts.col_target", lang): target.name(lang),
                t("alerts.col_target_id", lang): alert.target_id,
                t("alerts.col_region", lang): region_name(view, alert.region_code, lang),
                t("alerts.col_region_code", lang): alert.region_code,
                t("alerts.col_basis", lang): t("alerts.basis_national", lang)
                if alert.region_code == NATIONAL_CODE
                else t(f"basis.{alert.basis}", lang),
                t("measure.csv.pace", lang): shown_percent(progress.pace),
                t("measure.csv.completion", lang): shown_percent(progress.completion) if is_count(target) else None,
                t("measure.csv.time_elapsed", lang): shown_percent(progress.time_elapsed),
                t("measure.csv.gap", lang): gap_points(progress) if is_count(target) else None,
                t("measure.distance", lang): "" if is_count(target) else distance_words(target, progress, unit, lang),
                t("alerts.col_months", lang): alert.months_held,
                t("alerts.col_since", lang): alert.since.strftime("%Y-%m"),
                t("alerts.col_pace_colour", lang): t(f"alerts.colour_{alert.raw_colour}", lang),
                t("alerts.col_previous", lang): t(f"alerts.colour_{alert.previous_colour}", lang)
                if alert.previous_colour
                else "",
                t("alerts.col_change", lang): t(f"alerts.change_{alert.change}", lang) if alert.change else "",
            }
        )
    return pd.DataFrame(rows)


# --- triage (issue #21): by target, counts per colour, the largest shortfall first, one row each --------
@dataclass(frozen=True)
class AlertGroup:
    """One target's alerts: a heading with its counts per colour and a compact table, worst first."""

    target_id: str
    heading: str  # 新培育高技能领军人才 — ▼ 红色 30 · ◆ 黄色 1 · ▲ 绿色 2
    counts: dict[str, int]
    alerts: list[Alert]
    table: pd.DataFrame


def shortfall(alert: Alert) -> float:
    """How far behind, in points, to sort by (most behind first): a count target's gap to time
    (完成进度 − 时间进度, as shown); a level target's pace ratio below 100 %."""
    progress = alert.progress
    points = gap_points(progress)
    if points is not None and progress.kind in ("cumulative", "annual"):
        return points
    return 100 * (progress.pace - 1) if progress.pace is not None else math.inf


def triage_order(alert: Alert) -> tuple:
    """Red, yellow, green; within a colour the items still in their period first, then the largest
    shortfall (for green: the smallest lead)."""
    return (COLOURS.index(alert.colour), alert.closed, shortfall(alert))


def counts_text(counts: dict[str, int], lang: str) -> str:
    return " · ".join(f"{colour_label(colour, lang)} {counts[colour]}" for colour in COLOURS if counts[colour])


def triage_row(view: DataView, alert: Alert, lang: str, active: set[tuple[str, str]] = frozenset()) -> dict:
    """One compact row: colour, region, where it stands (each measure named), months held, change."""
    target = view.catalogue.by_target[alert.target_id]
    progress = alert.progress
    unit = view.catalogue.indicators[target.indicator_id].unit
    notes = [t(f"alerts.change_{alert.change}", lang)] if alert.change else []
    if alert.held_by_rule:
        notes.append(t("alerts.held_by_rule", lang))
    if alert.closed:
        notes.append(t("alerts.closed", lang))
    if alert.key in active:
        notes.append(t("measure.alerts.followed", lang))
    return {
        t("alerts.col_colour", lang): colour_label(alert.colour, lang),
        t("alerts.col_region", lang): region_name(view, alert.region_code, lang),
        t("measure.standing", lang): t("measure.completion_named", lang, value=completion_value(progress))
        if is_count(target) and progress.completion is not None
        else standing(target, progress, unit, lang),
        t("measure.gap", lang): gap_short(progress, lang) if is_count(target) else "—",
        t("measure.pace", lang): pace_value(progress),
        t("alerts.col_months", lang): alert.months_held,
        t("measure.alerts.notes", lang): t("list.sep", lang).join(notes),
    }


def triage_groups(
    view: DataView, found: list[Alert], lang: str, active: set[tuple[str, str]] = frozenset()
) -> list[AlertGroup]:
    """The alerts grouped by target: the targets with most red first (then yellow, then the largest
    shortfall), each target's items worst first."""
    by_target: dict[str, list[Alert]] = {}
    for alert in found:
        by_target.setdefault(alert.target_id, []).append(alert)
    groups = []
    for target_id, items in by_target.items():
        items = sorted(items, key=triage_order)
        counts = {colour: sum(a.colour == colour for a in items) for colour in COLOURS}
        name = view.catalogue.by_target[target_id].name(lang)
        heading = t("measure.alerts.group_heading", lang, target=name, counts=counts_text(counts, lang))
        table = pd.DataFrame([triage_row(view, alert, lang, active) for alert in items])
        groups.append(AlertGroup(target_id, heading, counts, items, table))
    return sorted(groups, key=lambda g: (-g.counts["red"], -g.counts["yellow"], triage_order(g.alerts[0])))


def followup_choices(groups: list[AlertGroup]) -> list[Alert]:
    """The items a 督办 may be opened on (red and yellow), in the order the page lists them."""
    return [alert for group in groups for alert in group.alerts if alert.colour in ("red", "yellow")]


def choice_label(view: DataView, alert: Alert, lang: str) -> str:
    """``▼ 红色 · 新培育高技能领军人才 · 重庆 · 进度比 59.8%`` — one item in the 督办 picker."""
    target = view.catalogue.by_target[alert.target_id]
    return " · ".join(
        [
            colour_label(alert.colour, lang),
            target.name(lang),
            region_name(view, alert.region_code, lang),
            t("alerts.pace", lang, pace=pace_value(alert.progress)),
        ]
    )
