"""总览 Overview's view model: the headline targets (with their sparklines), the alerts' counts and the
compact table — every non-headline target with data, one row each (a target whose published figure
cannot be judged keeps its row, with 暂无数据 and the figure); the rest counted. Grouped (national
targets by program, each province's own apart), worst status first, five short columns so it fits
1366 px; the exact figures and every measure on its own are in the download."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.charts.sparkline import sparkline_svg
from lib.core.formatting import format_exact
from lib.core.i18n import t
from lib.progress.alerts import alert_counts, alerts
from lib.progress.dataview import DataView
from lib.progress.engine import SEVERITY, Progress
from lib.progress.measures import TABLE_MEASURES, is_count
from lib.progress.trajectory import trajectory
from lib.reference.catalogue import Target
from lib.reference.labels import scope_text, target_period, target_value_text
from lib.store.exports import to_csv_bytes
from lib.views.evidence import (
    bounded,
    citations_short,
    estimate_line,
    proxy_line,
    result_unit,
    status_text,
    value_text,
)
from lib.views.markdown import markdown_table
from lib.views.words import completion_value, distance_words, help_text, percent, standing


@dataclass(frozen=True)
class OverviewPage:
    headline: tuple[tuple[Target, Progress], ...]  # the cards, in catalogue order
    alert_counts: dict[str, int]  # red / yellow / green items
    groups: tuple[tuple[str, str], ...]  # the other targets: (heading, its table as escaped Markdown)
    table_csv: bytes  # every one of them in one flat table, exact figures and each measure apart
    notes: tuple[str, ...]  # the table's proxies and estimates, in words
    missing: int  # targets with nothing to show
    table_help: str  # the formulas of the measures the table's 完成情况 names (its heading's hover)


def build(view: DataView, lang: str, pace: str) -> OverviewPage:
    progress = view.progress(pace)
    return OverviewPage(
        headline=tuple((target, progress[target.id]) for target in view.catalogue.headline_targets),
        alert_counts=alert_counts(alerts(view, pace)),
        groups=tuple((group.heading, markdown_table(group.table)) for group in status_groups(view, progress, lang)),
        table_csv=to_csv_bytes(status_table(view, progress, lang)),
        notes=tuple(table_notes(view, progress, lang)),
        missing=without_data(view, progress),
        table_help=help_text(TABLE_MEASURES, lang),
    )


def sparkline(view: DataView, target: Target, pace: str, alt: str) -> str:
    """A headline card's trajectory as a small SVG ("" without data: no blank box on a phone)."""
    progress = view.progress(pace)[target.id]
    frame = trajectory(view.store, target, progress, target.scope.region_code or "000000")
    return "" if frame.empty else sparkline_svg(frame, progress.target_value, alt)


# Worst first; not started and no data last.
SEVERITY_ORDER = {status: index for index, status in enumerate(SEVERITY)}


def actual_text(progress: Progress, unit: str, lang: str) -> str:
    if progress.members:
        meeting = sum(m.status in ("achieved", "on_track") for m in progress.members)
        return t("overview.members_meeting", lang, meeting=meeting, total=len(progress.members))
    return value_text(progress, unit, lang)


def shown_in_table(target, result: Progress) -> bool:
    """Every non-headline target with data, or a figure to show (an estimate, a lower bound), and an
    analyst's own target even before it has data (they just set it)."""
    return not target.headline and (result.status != "no_data" or result.actual is not None or not target.official)


def without_data(view: DataView, progress: dict[str, Progress]) -> int:
    """How many non-headline targets have nothing to show (they are listed on the Targets page)."""
    return sum(
        not target.headline and not shown_in_table(target, progress[target.id]) for target in view.catalogue.targets
    )


def status_table(view: DataView, progress: dict[str, Progress], lang: str) -> pd.DataFrame:
    """Every shown target in one flat table, exact figures included: the download (the page shows
    ``status_groups``)."""
    rows = []
    for target in shown_targets(view, progress):
        result = progress[target.id]
        unit = result_unit(view, target, result)
        row = table_row(view, target, result, lang)
        row[t("col.exact", lang)] = (
            bounded(format_exact(result.actual), result.bound, lang) if result.actual is not None else "—"
        )
        row[t("measure.completion", lang)] = (
            completion_value(result) if is_count(target) and not result.members else "—"
        )
        row[t("measure.time_elapsed", lang)] = percent(result.time_elapsed)
        row[t("measure.distance", lang)] = (
            "—" if is_count(target) or result.members else distance_words(target, result, unit, lang) or "—"
        )
        row[t("col.scope", lang)] = scope_text(target, view.store.regions, lang)
        row[t("col.document", lang)] = view.catalogue.programs[target.program_id].document(lang)
        rows.append(row)
    return pd.DataFrame(rows)


def shown_targets(view: DataView, progress: dict[str, Progress]) -> list:
    """The shown targets, worst status first (the catalogue's order within a status)."""
    shown = [target for target in view.catalogue.targets if shown_in_table(target, progress[target.id])]
    return sorted(shown, key=lambda target: SEVERITY_ORDER.get(progress[target.id].status, len(SEVERITY_ORDER)))


def table_row(view: DataView, target, result: Progress, lang: str) -> dict[str, str]:
    """One target's short row: status first, then what it is, where it stands (each measure named)."""
    indicator_unit = view.catalogue.indicators[target.indicator_id].unit
    unit = result_unit(view, target, result)
    row = {
        t("col.status", lang): status_text(result, lang),
        t("col.target", lang): target.name(lang),
        t(
            "col.target_value", lang
        ): f"{target_value_text(target, indicator_unit, lang)} · {target_period(target, lang)}",
        t("col.actual", lang): actual_text(result, unit, lang),
        t("measure.standing", lang): "—" if result.members else standing(target, result, unit, lang),
    }
    if view.store.has_citations:  # published figures: their citations, short (the notes below say more)
        row[t("cite.heading", lang)] = citations_short(view, result, lang) or "—"
    return row


@dataclass(frozen=True)
class TableGroup:
    """A heading and its rows: national targets by program, each province's own targets apart."""

    heading: str
    table: pd.DataFrame


def group_heading(view: DataView, target, lang: str) -> tuple[tuple[int, str], str]:
    """(sort key, heading): national and group targets under their program (《document》), a
    province's own targets under the province's name, after the national ones."""
    if target.scope.kind == "region":
        region = view.store.regions.by_code[target.scope.region_code]
        return (1, region.code), t("measure.overview.group_region", lang, region=region.name(lang))
    program = view.catalogue.programs[target.program_id]
    return (0, program.id), t(
        "measure.overview.group_program", lang, program=program.name(lang), document=program.document(lang)
    )


def status_groups(view: DataView, progress: dict[str, Progress], lang: str) -> list[TableGroup]:
    """The page's table, grouped; within a group the worst status first."""
    groups: dict[tuple[int, str], tuple[str, list[dict[str, str]]]] = {}
    order = {target.program_id: index for index, target in reversed(list(enumerate(view.catalogue.targets)))}
    for target in shown_targets(view, progress):
        key, heading = group_heading(view, target, lang)
        groups.setdefault(key, (heading, []))[1].append(table_row(view, target, progress[target.id], lang))
    keys = sorted(groups, key=lambda key: (key[0], order.get(key[1], 0) if key[0] == 0 else key[1]))
    return [TableGroup(groups[key][0], pd.DataFrame(groups[key][1])) for key in keys]


def table_notes(view: DataView, progress: dict[str, Progress], lang: str) -> list[str]:
    """Below the table: each shown target's proxy or estimate, in words (``目标：估算……``)."""
    notes = []
    for target in view.catalogue.targets:
        result = progress[target.id]
        if shown_in_table(target, result):
            for line in (proxy_line(target, result, view, lang), estimate_line(result, view, lang)):
                if line:
                    notes.append(f"{target.name(lang)}：{line}" if lang == "zh" else f"{target.name(lang)}: {line}")
    return notes
