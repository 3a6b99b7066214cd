"""总览 Overview's view model: the headline targets (with their sparklines), the alerts' counts and the
compact table — every non-headline target with data, one row each (a target whose published figure
cannot be judged keeps its row, with 暂无数据 and the figure); the rest counted."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.charts.sparkline import sparkline_svg
from lib.core.formatting import format_exact, format_percent
from lib.core.i18n import t
from lib.progress.alerts import alert_counts, alerts
from lib.progress.dataview import DataView
from lib.progress.engine import Progress
from lib.progress.trajectory import trajectory
from lib.reference.catalogue import Target
from lib.reference.labels import scope_text, target_period, target_value_text
from lib.views.evidence import (
    bounded,
    citations_short,
    completion_text,
    estimate_line,
    proxy_line,
    result_unit,
    status_text,
    value_text,
)
from lib.views.markdown import markdown_table


@dataclass(frozen=True)
class OverviewPage:
    headline: tuple[tuple[Target, Progress], ...]  # the cards, in catalogue order
    alert_counts: dict[str, int]  # red / yellow / green items
    table: str  # the other targets, as escaped Markdown
    notes: tuple[str, ...]  # the table's proxies and estimates, in words
    missing: int  # targets with nothing to show


def build(view: DataView, lang: str, pace: str) -> OverviewPage:
    progress = view.progress(pace)
    return OverviewPage(
        headline=tuple((target, progress[target.id]) for target in view.catalogue.headline_targets),
        alert_counts=alert_counts(alerts(view, pace)),
        table=markdown_table(status_table(view, progress, lang)),
        notes=tuple(table_notes(view, progress, lang)),
        missing=without_data(view, progress),
    )


def sparkline(view: DataView, target: Target, pace: str, alt: str) -> str:
    """A headline card's trajectory as a small SVG ("" without data: no blank box on a phone)."""
    progress = view.progress(pace)[target.id]
    frame = trajectory(view.store, target, progress, target.scope.region_code or "000000")
    return "" if frame.empty else sparkline_svg(frame, progress.target_value, alt)


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
    rows = []
    cited = view.store.has_citations
    for target in view.catalogue.targets:
        result = progress[target.id]
        if not shown_in_table(target, result):
            continue
        unit = view.catalogue.indicators[target.indicator_id].unit
        program = view.catalogue.programs[target.program_id]
        row = {
            t("col.status", lang): status_text(result, lang),
            t("col.target", lang): target.name(lang),
            t("col.scope", lang): scope_text(target, view.store.regions, lang),
            t("col.target_value", lang): f"{target_value_text(target, unit, lang)} · {target_period(target, lang)}",
            t("col.actual", lang): actual_text(result, result_unit(view, target, result), lang),
            t("col.exact", lang): bounded(format_exact(result.actual), result.bound, lang)
            if result.actual is not None
            else "—",
            t("col.completion", lang): completion_text(result) if not result.members else "—",
            t("col.time_elapsed", lang): format_percent(result.time_elapsed),
            t("col.document", lang): program.document(lang),
        }
        if cited:  # published figures: their citations, short (the notes below the table say more)
            row[t("cite.heading", lang)] = citations_short(view, result, lang) or "—"
        rows.append(row)
    return pd.DataFrame(rows)


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
