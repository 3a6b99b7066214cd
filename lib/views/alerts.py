"""预警 Alerts' view model, without Streamlit: the alerts filtered, each as words (colour, target,
region, pace, months held, change), the counts against the comparison, and the table to download. (The
month's 进度通报 beside them is lib.briefing's, a later stage: lib.ui.progress_report keeps it.)"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from lib.core.formatting import format_percent, format_quantity
from lib.core.i18n import t
from lib.core.settings import AlertThresholds
from lib.progress.alerts import COLOURS, Alert, alert_counts, compared_alerts, own_target_alerts
from lib.progress.changes import Comparison
from lib.progress.dataview import DataView
from lib.progress.measures import gap_points, is_count, shown_percent
from lib.reference.catalogue import Target
from lib.reference.labels import month_text
from lib.reference.regions import NATIONAL_CODE
from lib.store.exports import to_csv_bytes
from lib.views.words import completion_value, distance_words, gap_short, level_words, pace_value, standing

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


def alert_line(view: DataView, alert: Alert, lang: str, target: Target | None = None) -> AlertLine:
    """One alert as a line; ``target`` for one not in the catalogue's list (a province's own target)."""
    target = target or view.catalogue.by_target[alert.target_id]
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


def own_alert_lines(
    view: DataView, region: str, pace: str, lang: str, thresholds: AlertThresholds | None = None
) -> list[AlertLine]:
    """The 三色预警 of a province's own targets (本省目标), each line with its figure's month."""
    targets = {item.target.id: item.target for item in view.catalogue.provincial_of(region)}
    lines = []
    for alert in own_target_alerts(view, region, pace, thresholds):
        line = alert_line(view, alert, lang, targets[alert.target_id])
        period = alert.progress.latest_period or alert.progress.window_end
        dated = t("provincial.alert_period", lang, month=month_text(period, lang)) if period else ""
        lines.append(
            replace(line, key=f"own-{line.key}", details=t("list.sep", lang).join(filter(None, (line.details, dated))))
        )
    return lines


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


# --- the page's view model (pages/alerts.py places it) ------------------------------------------------
@dataclass(frozen=True)
class AlertsPage:
    intro: str  # the rule and what changes are against
    counts: tuple[tuple[str, str, int, int | None], ...]  # colour, its label, count now, change (None: no comparison)
    target_labels: dict[str, str]  # the targets with an alert, in order
    region_labels: dict[str, str]  # "" (all), then every province
    colour_labels: dict[str, str]


def build(
    view: DataView, comparison: Comparison | None, thresholds: AlertThresholds, lang: str, pace: str
) -> AlertsPage:
    found = compared_alerts(view, pace, comparison, thresholds)
    intro = t(
        "alerts.intro", lang, green=format_percent(thresholds.green, 0), yellow=format_percent(thresholds.yellow, 0)
    )
    counts = count_changes(found, comparison is not None)
    catalogue, regions = view.catalogue, view.store.regions
    return AlertsPage(
        intro + " " + comparison_note(comparison, lang),
        tuple(
            (colour, t("alerts.count", lang, label=colour_label(colour, lang)), count, change)
            for colour, (count, change) in counts.items()
        ),
        {tid: catalogue.by_target[tid].name(lang) for tid in dict.fromkeys(alert.target_id for alert in found)},
        {"": t("alerts.all_regions", lang)} | {unit.code: unit.name(lang) for unit in regions.units},
        {colour: colour_label(colour, lang) for colour in COLOURS},
    )


@dataclass(frozen=True)
class AlertList:
    """The alerts the filters leave for triage (issue #21): grouped by target with counts per colour,
    worst first; the red and yellow items a 督办 may be opened on, each with its label and line; every
    alert as a line (a page of ``PAGE_SIZE`` at a time); and the download."""

    groups: tuple[AlertGroup, ...]
    choices: tuple[tuple[str, AlertLine], ...]  # the 督办 picker's label and the item's line, in list order
    lines: tuple[AlertLine, ...]
    csv: bytes  # every alert shown, formula-safe
    filename: str
    rows: int
    own_heading: str = ""  # the province's own targets' alerts (本省目标), apart ("" none)
    own_lines: tuple[AlertLine, ...] = ()

    @property
    def pages(self) -> int:
        return (len(self.lines) + PAGE_SIZE - 1) // PAGE_SIZE

    def choice_at(self, group: AlertGroup, row: int) -> int | None:
        """The 督办 picker's item for row ``row`` of ``group``'s table (None: a green row, not one)."""
        alert = group.alerts[row]
        return next((i for i, (_, line) in enumerate(self.choices) if line.alert == alert), None)

    def page(self, number: int, lang: str) -> tuple[str, tuple[AlertLine, ...]]:
        """Page ``number`` (from 1): the line saying which alerts it shows, and their lines."""
        first = (number - 1) * PAGE_SIZE
        last = min(first + PAGE_SIZE, len(self.lines))
        return t("alerts.shown", lang, total=len(self.lines), first=first + 1, last=last), self.lines[first:last]


def build_list(
    view: DataView,
    comparison: Comparison | None,
    thresholds: AlertThresholds,
    targets: tuple[str, ...],
    region: str,
    colours: tuple[str, ...],
    lang: str,
    pace: str,
    followed: frozenset[tuple[str, str]] = frozenset(),
) -> AlertList:
    """``followed``: the target × region pairs with an active 督办 this person sees (noted in the rows)."""
    found = compared_alerts(view, pace, comparison, thresholds)
    shown = filter_alerts(found, list(targets), region, list(colours))
    table = alerts_table(view, shown, lang)
    groups = triage_groups(view, shown, lang, set(followed))
    own = tuple(own_alert_lines(view, region, pace, lang, thresholds)) if region else ()
    name = view.store.regions.by_code[region].name(lang) if own else ""
    return AlertList(
        tuple(groups),
        tuple((choice_label(view, alert, lang), alert_line(view, alert, lang)) for alert in followup_choices(groups)),
        tuple(alert_line(view, alert, lang) for group in groups for alert in group.alerts),
        to_csv_bytes(table),
        f"alerts-{view.provenance.snapshot_id}.csv",
        len(table),
        t("provincial.alerts_heading", lang, name=name) if own else "",
        own,
    )
