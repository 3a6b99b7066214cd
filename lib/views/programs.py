"""What the Programs page shows, computed without Streamlit: yearly results of annual targets,
breakdowns by category, and the provinces that contribute most and least."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lib.charts.paths import annual_bars_figure, trajectory_figure
from lib.core.formatting import format_percent, format_quantity, unit_text
from lib.core.i18n import strings, t
from lib.progress.dataview import DataView
from lib.progress.drilldown import province_results
from lib.progress.engine import Progress
from lib.progress.measures import baseline_words, completion_value, gap_words, is_count, level_words, percent
from lib.progress.statuses import status_label
from lib.progress.trajectory import trajectory
from lib.reference.catalogue import Target
from lib.reference.regions import NATIONAL_CODE, RegionRegistry
from lib.store.annotations import Note
from lib.store.citations import citation_short
from lib.store.observations import month_index
from lib.views.annotations import chart_notes, notes_between


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
    return annual_bars_figure(years, unit=unit, target_value=target.value, lang=lang, footer=footer, title=title)


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
    """The line above a target's chart, each measure by its one name (``lib.progress.measures``): a
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
