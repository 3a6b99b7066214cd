"""预警 Alerts' view model, without Streamlit: the alerts filtered, each as words (colour, target,
region, pace, months held, change), the counts against the comparison, and the table to download. (The
month's 进度通报 beside them is lib.briefing's, a later stage: lib.ui.progress_report keeps it.)"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.core.formatting import format_percent, format_quantity
from lib.core.i18n import t
from lib.core.settings import AlertThresholds
from lib.progress.alerts import COLOURS, Alert, alert_counts, compared_alerts
from lib.progress.changes import Comparison
from lib.progress.dataview import DataView
from lib.reference.regions import NATIONAL_CODE
from lib.store.exports import to_csv_bytes

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
    parts = [
        t("alerts.pace", lang, pace=format_percent(progress.pace)),
        t(
            "alerts.completion",
            lang,
            completion=format_percent(progress.completion),
            actual=format_quantity(progress.actual, unit, lang),
        ),
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
    """The alerts as a table (for the download): one row per target × region."""
    rows = []
    for alert in found:
        target = view.catalogue.by_target[alert.target_id]
        progress = alert.progress
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
                t("alerts.col_pace", lang): progress.pace,
                t("alerts.col_completion", lang): progress.completion,
                t("alerts.col_elapsed", lang): progress.time_elapsed,
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
    """The alerts the filters leave, as lines, a page of ``PAGE_SIZE`` at a time, and the download."""

    lines: tuple[AlertLine, ...]
    csv: bytes  # every alert shown, formula-safe
    filename: str
    rows: int

    @property
    def pages(self) -> int:
        return (len(self.lines) + PAGE_SIZE - 1) // PAGE_SIZE

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
) -> AlertList:
    found = compared_alerts(view, pace, comparison, thresholds)
    shown = filter_alerts(found, list(targets), region, list(colours))
    table = alerts_table(view, shown, lang)
    return AlertList(
        tuple(alert_line(view, alert, lang) for alert in shown),
        to_csv_bytes(table),
        f"alerts-{view.provenance.snapshot_id}.csv",
        len(table),
    )
