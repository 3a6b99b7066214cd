"""分项目 Programs' view model, computed without Streamlit: the pickers' choices; a target's summary,
its path against the required one (with the notes on it), yearly results of annual targets, breakdowns
by category, and the provinces that contribute most and least."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.charts.paths import annual_bars_figure, breakdown_figure, trajectory_figure
from lib.core.formatting import format_percent, format_quantity, unit_text
from lib.core.i18n import strings, t
from lib.core.memo import remember
from lib.progress.dataview import DataView
from lib.progress.drilldown import province_results
from lib.progress.engine import Progress
from lib.progress.measures import is_count
from lib.progress.trajectory import trajectory
from lib.reference.catalogue import Target
from lib.reference.labels import figure_footer, scope_text
from lib.reference.regions import NATIONAL_CODE, RegionRegistry
from lib.store.annotations import Note
from lib.store.citations import citation_short
from lib.store.observations import month_index
from lib.views.annotations import chart_notes, notes_between
from lib.views.chart import Chart
from lib.views.evidence import result_unit
from lib.views.markdown import markdown_table, md_escape
from lib.views.words import baseline_words, completion_value, gap_words, level_words, percent, status_label


def category_label(value: str, lang: str) -> str:
    """Breakdown categories are stored in Chinese; the English UI translates the known ones."""
    key = f"category.{value}"
    return t(key, lang) if key in strings() else value


def annual_years(progress: Progress) -> list[dict]:
    return [
        {
            "year": y.year,
            "actual": y.actual,
            "status": y.status,
            "partial": y.window_end is not None and y.time_elapsed is not None and y.time_elapsed < 1,
        }
        for y in progress.years
        if y.status != "not_started"
    ]


def years_figure(target: Target, years: list[dict], unit: str, lang: str, footer: str):
    """An annual target's years as bars against the yearly target (the Programs page, briefings)."""
    title = t("programs.years_title", lang, target=target.name(lang), unit=unit_text(unit, lang))
    labels = {year["status"]: status_label(year["status"], lang) for year in years}
    return annual_bars_figure(
        years, unit=unit, target_value=target.value, status_labels=labels, lang=lang, footer=footer, title=title
    )


def frame_notes(notes: Sequence[Note], frame: pd.DataFrame) -> list[Note]:
    """The notes on months a path chart shows with data (its markers, and the list under it)."""
    if frame.empty or frame["actual"].isna().all():
        return []
    return notes_between(
        list(notes), frame["period"].iloc[0].date(), frame["period"][frame["actual"].last_valid_index()].date()
    )


def cited(view: DataView, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A trajectory frame with its citations in words (column 出处), or without the column when
    nothing in it is a published figure (demo and uploads)."""
    ids = frame.pop("citation_id") if "citation_id" in frame.columns else pd.Series(dtype=object)
    if ids.isna().all():
        return frame
    texts = [
        "；".join(citation_short(view.store.citation(cid), lang) for cid in str(value).split(","))
        if isinstance(value, str)
        else ""
        for value in ids
    ]
    return frame.assign(**{t("cite.heading", lang): texts})


def path_figure(
    view: DataView,
    target: Target,
    shown: Progress,
    unit: str,
    lang: str,
    footer: str,
    *,
    yearly: bool,
    notes: Sequence[Note] = (),
):
    """(the actual against the required path of ``shown`` — the whole period, or one year when
    ``yearly`` — with the notes on its months as markers, and the frame it draws)."""
    frame = cited(view, trajectory(view.store, target, shown, target.scope.region_code or "000000"), lang)
    key = (
        "programs.level_title"
        if target.kind in ("level", "change")
        else "programs.year_path_title"
        if yearly
        else "programs.path_title"
    )
    title = t(key, lang, target=target.name(lang), unit=unit_text(unit, lang), year=shown.year)
    markers = chart_notes(frame_notes(notes, frame), view.store.regions, lang)
    target_unit = view.catalogue.indicators[target.indicator_id].unit
    return trajectory_figure(
        frame,
        unit=unit,
        target_value=shown.target_value,
        lang=lang,
        footer=footer,
        title=title,
        target_unit=target_unit,
        notes=markers,
    ), frame


def breakdown_frame(view: DataView, target: Target, progress: Progress, lang: str) -> pd.DataFrame:
    """National value per year and category over the target window (columns: year, category, value).

    Categories are summed over provinces unless a national row carries them; whatever the national
    total holds beyond the categories (e.g. a national row above the provinces' sum) is shown as
    未分类, never dropped.
    """
    indicator = view.catalogue.indicators[target.indicator_id]
    if not indicator.breakdowns or progress.window_end is None:
        return pd.DataFrame(columns=["year", "category", "value"])
    column = indicator.breakdowns[0]
    frame = view.store.frame
    if column not in frame.columns:  # the data in force do not break this indicator down
        return pd.DataFrame(columns=["year", "category", "value"])
    others = [c for c in view.store.breakdown_columns if c != column]
    rows = frame[
        (frame["indicator_id"] == target.indicator_id)
        & frame[column].notna()
        & (frame[others].isna().all(axis=1) if others else True)
    ]
    months = rows["period"].dt.year * 12 + rows["period"].dt.month - 1
    rows = rows[(months >= month_index(target.start)) & (months <= month_index(progress.window_end))]
    national = rows[rows["region_code"] == NATIONAL_CODE]
    parts = national if not national.empty else rows[rows["region_code"] != NATIONAL_CODE]
    table = (
        parts.groupby([parts["period"].dt.year.rename("year"), parts[column].rename("category")], sort=True)["value"]
        .sum()
        .reset_index()
    )
    totals = view.store.series(target.indicator_id, NATIONAL_CODE)
    extra = []
    for year in sorted(table["year"].unique()):
        first = max(month_index(target.start), year * 12) - view.store.first_month
        last = min(month_index(progress.window_end), year * 12 + 11) - view.store.first_month
        total = float(pd.Series(totals[first : last + 1]).sum())
        rest = total - table.loc[table["year"] == year, "value"].sum()
        if rest > 0.5:
            extra.append({"year": year, "category": "未分类", "value": rest})
    table = pd.concat([table, pd.DataFrame(extra)], ignore_index=True) if extra else table
    table["category"] = [category_label(c, lang) for c in table["category"]]
    return table


def breakdown_table(frame: pd.DataFrame, unit: str, lang: str) -> pd.DataFrame:
    """Categories as rows, years as columns, with shares of the whole window."""
    pivot = frame.pivot_table(index="category", columns="year", values="value", aggfunc="sum", sort=False).fillna(0)
    total = pivot.sum(axis=1)
    shown = pd.DataFrame({t("col.category", lang): pivot.index})
    for year in pivot.columns:
        shown[str(year)] = [format_quantity(v, unit, lang) for v in pivot[year]]
    shown[t("col.total", lang)] = [format_quantity(v, unit, lang) for v in total]
    shown[t("col.share", lang)] = [format_percent(v / total.sum()) if total.sum() else "—" for v in total]
    return shown


def contributions(
    view: DataView, target: Target, pace: str, unit: str, lang: str, count: int = 5
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The provinces contributing most and least to the national actual, with their pace."""
    results = [r for r in province_results(view, target, pace) if r.applicable and r.progress.actual is not None]
    total = sum(r.progress.actual for r in results) or 1.0
    rows = sorted(results, key=lambda r: r.progress.actual, reverse=True)

    def table(chosen) -> pd.DataFrame:
        return pd.DataFrame(
            {
                t("provinces.region", lang): [r.region.name(lang) for r in chosen],
                t("col.actual", lang): [format_quantity(r.progress.actual, unit, lang) for r in chosen],
                t("col.share", lang): [format_percent(r.progress.actual / total) for r in chosen],
                t("metric.pace", lang): [percent(r.progress.pace) for r in chosen],
                t("col.status", lang): [status_label(r.progress.status, lang) for r in chosen],
            }
        )

    return table(rows[:count]), table(rows[-count:][::-1])


def members_table(members: tuple[Progress, ...], regions: RegionRegistry, unit: str, lang: str) -> pd.DataFrame:
    """A group target's members (e.g. the seven eastern provinces), each against its own target."""
    return pd.DataFrame(
        {
            t("provinces.region", lang): [regions.by_code[m.region_code].name(lang) for m in members],
            t("col.actual", lang): [format_quantity(m.actual, unit, lang) for m in members],
            t("col.target_value", lang): [format_quantity(m.target_value, unit, lang) for m in members],
            t("col.status", lang): [status_label(m.status, lang) for m in members],
        }
    )


def contributions_table(most: pd.DataFrame, least: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Most and least contributing provinces in one table, the rank group first."""
    rank = t("col.rank", lang)
    both = pd.concat(
        [most.assign(**{rank: t("programs.most", lang)}), least.assign(**{rank: t("programs.least", lang)})]
    )
    return both[[rank, *both.columns[:-1]]]


def summary_line(target: Target, progress: Progress, unit: str, lang: str) -> str:
    """The line above a target's chart, each measure by its one name (``lib.views.words``): a
    count target's 完成进度, 时间进度, the gap and the projection; a level target's latest value and its
    distance in the target's own unit, with its progress from the baseline named as such."""
    if is_count(target) or progress.actual is None:
        return t(
            "programs.summary",
            lang,
            completion=completion_value(progress),
            elapsed=percent(progress.time_elapsed),
            gap=gap_words(progress, lang) or "—",
            projection=format_quantity(progress.projection, unit, lang),
        )
    line = level_words(target, progress, unit, lang)
    since = baseline_words(progress, unit, lang) if progress.status not in ("achieved", "no_data") else ""
    return line + (t("measure.sep", lang) + since if since else "")


# --- the page's view model (pages/programs.py places it) ------------------------------------------------
@dataclass(frozen=True)
class Choices:
    """The programs, each one's targets, an annual target's years (and the year shown first) and the
    region a target's notes are on."""

    programs: dict[str, str]  # id → name
    targets: dict[str, dict[str, str]]  # program id → its targets' ids → names
    program_of: dict[str, str]  # target id → its program (a link naming a target opens its program)
    years: dict[str, tuple[str, ...]]  # annual target id → the years it offers
    first_year: dict[str, str]  # annual target id → the year shown first (the current one)
    note_region: dict[str, str]  # target id → the region its notes are on


def choices(view: DataView, lang: str, pace: str) -> Choices:
    catalogue, progress = view.catalogue, view.progress(pace)
    programs = {
        pid: catalogue.programs[pid].name(lang) for pid in dict.fromkeys(t.program_id for t in catalogue.targets)
    }
    years, first_year = {}, {}
    for target in catalogue.targets:
        shown = annual_years(progress[target.id]) if target.kind == "annual" else []
        if shown:
            years[target.id] = tuple(str(y["year"]) for y in shown)
            first_year[target.id] = str(progress[target.id].year or shown[-1]["year"])
    return Choices(
        programs,
        {pid: {target.id: target.name(lang) for target in catalogue.targets_of(pid)} for pid in programs},
        {target.id: target.program_id for target in catalogue.targets},
        years,
        first_year,
        {target.id: target.scope.region_code or "000000" for target in catalogue.targets},
    )


@dataclass(frozen=True)
class ProgramsPage:
    target: Target
    progress: Progress  # the chosen year's for an annual target, else the whole period's
    caption: str  # scope, document, issuer, date · the pace used
    summary: str  # each measure by its one name: 完成进度, 时间进度, gap, projection ("" without a completion)
    members: str  # a group target's members as escaped Markdown ("" for others)
    no_chart: bool  # nothing to draw (no data)
    years: Chart | None  # an annual target's years
    path: Chart | None  # the actual against the required path, the notes on its months as markers
    notes: tuple[Note, ...]  # those drawn (the list under the chart)
    months: tuple[date, ...]  # months with data (a new note may be on one)
    breakdown: Chart | None
    breakdown_table: str  # escaped Markdown
    contributions: str  # the provinces contributing most and least, escaped Markdown ("" none)


PACE_NOTES = ("seasonal_unavailable", "seasonal_not_applicable")  # Progress.pace_note about the pace method


def build(view: DataView, state: dict[str, str | None], notes: tuple[Note, ...], lang: str, pace: str) -> ProgramsPage:
    """``state``: the page's URL values (program, target, year); ``notes``: those this reader sees on
    the target (drawn on the path: part of the key, so a figure never shows notes its reader may not see)."""
    catalogue = view.catalogue
    target = catalogue.by_target[state["target"]]
    program = catalogue.programs[target.program_id]
    progress = view.progress(pace)[target.id]
    unit = result_unit(view, target, progress)  # of what was counted (a proxy's own unit)
    years = annual_years(progress) if target.kind == "annual" else []
    if years:
        year = int(state["year"])
        progress_shown = next(y for y in progress.years if y.year == year)
    else:
        progress_shown = progress
    footer = figure_footer(view.provenance, program.document(lang), progress_shown.pace_method, lang)

    # why the pace asked for was not used; an estimate or a lower bound is said by the status words
    pace_note = progress_shown.pace_note if progress_shown.pace_note in PACE_NOTES else ""
    note = t(f"programs.{pace_note}", lang) if pace_note else ""
    scope = t(
        "programs.scope_line",
        lang,
        scope=scope_text(target, view.store.regions, lang),
        document=md_escape(program.document(lang)),  # an analyst's own target cites what they typed
        issuer=program.issuer(lang),
        date=program.date.isoformat(),
    )
    caption = (
        scope + " · " + t("programs.pace_used", lang, pace=t(f"pace.{progress_shown.pace_method}", lang), note=note)
    )
    shown_unit = result_unit(view, target, progress_shown)
    summary = summary_line(target, progress_shown, shown_unit, lang) if progress_shown.completion is not None else ""
    members, years_chart, path, shown_notes, observed = "", None, None, (), ()
    if progress.members:
        members = markdown_table(members_table(progress.members, view.store.regions, unit, lang))
    elif progress.status != "no_data":
        if years:
            figure = years_figure(target, years, unit, lang, footer)
            years_chart = Chart(figure, pd.DataFrame(years), f"years-{target.id}")
        figure, frame = path_figure(view, target, progress_shown, unit, lang, footer, yearly=bool(years), notes=notes)
        path = Chart(figure, frame, f"path-{target.id}")
        shown_notes = tuple(frame_notes(notes, frame))
        observed = tuple(period.date() for period in frame["period"][frame["actual"].notna()])
    breakdown = remember(breakdown_chart, view, target, unit, footer, lang, pace)
    if (
        target.scope.kind == "national"
        and target.kind in ("cumulative", "annual")
        and view.store.matrix(target.indicator_id) is not None
    ):
        contributed = remember(contributions_text, view, target, unit, lang, pace)
    else:
        contributed = ""
    return ProgramsPage(
        target,
        progress_shown,
        caption,
        summary,
        members,
        not progress.members and progress.status == "no_data",
        years_chart,
        path,
        shown_notes,
        observed,
        breakdown[0] if breakdown else None,
        breakdown[1] if breakdown else "",
        contributed,
    )


def breakdown_chart(
    view: DataView, target: Target, unit: str, footer: str, lang: str, pace: str
) -> tuple[Chart, str] | None:
    progress = view.progress(pace)[target.id]
    breakdown = breakdown_frame(view, target, progress, lang)
    if breakdown.empty:
        return None
    indicator = view.catalogue.indicators[target.indicator_id]
    dimension = t(f"dimension.{indicator.breakdowns[0]}", lang)
    title = t(
        "programs.breakdown_title", lang, target=target.name(lang), dimension=dimension, unit=unit_text(unit, lang)
    )
    fig = breakdown_figure(breakdown, unit=unit, lang=lang, footer=footer, title=title)
    return Chart(fig, breakdown, f"breakdown-{target.id}"), markdown_table(breakdown_table(breakdown, unit, lang))


def contributions_text(view: DataView, target: Target, unit: str, lang: str, pace: str) -> str:
    most, least = contributions(view, target, pace, unit, lang)
    return "" if most.empty else markdown_table(contributions_table(most, least, lang))
