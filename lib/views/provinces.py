"""分省 Provinces' view model, computed without Streamlit: the pickers' choices; the tile map, the
ranking with its rank changes and the groups' summary of a target; one province's targets, trend (with
the notes on it) and month-by-month table; and — for an analyst's own indicator without a target — the
latest values by province. Each part is kept by the one memo (``lib.core.memo``), so a new visitor
gets what the last one built."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from lib.charts.paths import series_figure
from lib.charts.provinces import ranking_figure, tile_map_figure
from lib.core.formatting import base_unit, format_number, format_percent, format_points, format_quantity, unit_text
from lib.core.i18n import t
from lib.core.memo import remember
from lib.progress.changes import Comparison, month_on_month, rank_arrow, rank_changes, ranks, year_on_year
from lib.progress.dataview import DataView
from lib.progress.drilldown import (
    ProvinceResult,
    group_of,
    group_summary,
    mappable_targets,
    national_progress,
    province_results,
    ranking_frame,
    reference_of,
)
from lib.progress.engine import Progress
from lib.progress.measures import shown_percent
from lib.progress.provincial import own_target_results, published_on
from lib.progress.statuses import SYMBOL
from lib.reference.catalogue import Indicator, Target
from lib.reference.labels import GROUP_KEYS, figure_footer, month_text, target_period, target_value_text
from lib.reference.regions import RegionRegistry
from lib.store.annotations import Note
from lib.store.observations import index_month, month_index
from lib.views.alerts import comparison_note
from lib.views.annotations import chart_notes, notes_between
from lib.views.chart import Chart
from lib.views.evidence import bounded, citations_short, derived_line, status_text, value_text
from lib.views.markdown import markdown_table, md_escape
from lib.views.words import completion_value, pace_value, percent, standing, status_label

COLOR_METRICS = ("pace", "completion", "status")  # what the tiles may be coloured by (URL ``color``)
GROUPINGS = ("belt", "nbs", "fund_east")  # how provinces are grouped (URL ``group``)
BASIS_KEYS = {
    "own": "basis.own",
    "group": "basis.group",
    "reference": "basis.reference",
    "national_level": "basis.national_level",
}


def metric_label(progress: Progress, metric: str, lang: str) -> str:
    if metric == "status":
        return t(f"status.{progress.status}", lang)
    return completion_value(progress) if metric == "completion" else pace_value(progress)


def tile_rows(results: list[ProvinceResult], metric: str, unit: str, lang: str) -> list[dict]:
    rows = []
    for result in results:
        progress, region = result.progress, result.region
        value = {"completion": progress.completion, "pace": progress.pace}.get(metric, 0.0 if progress.status else None)
        if metric in ("completion", "pace") and value is None and progress.status == "achieved":
            value = 1.0 if metric == "completion" else 1.5
        rows.append(
            {
                "code": region.code,
                "name": region.name(lang),
                "short": region.tile_name(lang),
                "x": region.tile_x,
                "y": region.tile_y,
                "value": value if result.applicable and progress.status not in ("no_data", "not_started") else None,
                "status": progress.status,
                "label": metric_label(progress, metric, lang)
                if result.applicable
                else t("provinces.not_applicable", lang),
                "symbol": SYMBOL[progress.status] if result.applicable else "",
                "applicable": result.applicable,
                "hover": hover_text(result, unit, lang),
            }
        )
    return rows


def tile_table(rows: list[dict], lang: str, *, with_status: bool = True) -> pd.DataFrame:
    """The map as a table (its keyboard- and screen-reader-readable alternative): each province,
    the value its tile shows, and its status in words (not for a map of values, which judges none)."""
    table = {
        t("provinces.region", lang): [row["name"] for row in rows],
        t("provinces.map_value", lang): [row["label"] for row in rows],
    }
    if with_status:
        table[t("col.status", lang)] = [
            status_label(row["status"], lang) if row["applicable"] else t("provinces.not_applicable", lang)
            for row in rows
        ]
    return pd.DataFrame(table)


def hover_text(result: ProvinceResult, unit: str, lang: str) -> str:
    progress = result.progress
    lines = [f"<b>{result.region.name_zh if lang == 'zh' else result.region.name_en}</b>"]
    if not result.applicable:
        return lines[0] + "<br>" + t("provinces.not_applicable", lang)
    lines.append(f"{t('col.actual', lang)}: {format_quantity(progress.actual, unit, lang)}")
    lines.append(f"{t(BASIS_KEYS[result.basis], lang)}: {format_quantity(progress.target_value, unit, lang)}")
    lines.append(
        f"{t('metric.completion', lang)} {completion_value(progress)} · {t('metric.pace', lang)} {pace_value(progress)}"
    )
    lines.append(status_label(progress.status, lang))
    if progress.kind in ("level", "change") and progress.latest_period is not None:  # a stock's own date
        lines.append(t("provincial.alert_period", lang, month=month_text(progress.latest_period, lang)))
    return "<br>".join(lines)


@dataclass(frozen=True)
class ProvinceTarget:
    target: Target
    basis: str
    progress: Progress


def province_targets(view: DataView, code: str, pace: str) -> list[ProvinceTarget]:
    """Every target that applies to one province: its own, its groups', and its share of national ones."""
    rows = []
    for target in view.catalogue.targets:
        if target.scope.kind == "region" and target.scope.region_code == code:
            rows.append(ProvinceTarget(target, "own", view.progress(pace)[target.id]))
    for target in mappable_targets(view):
        results = {r.region.code: r for r in province_results(view, target, pace)}
        result = results.get(code)
        if result and result.applicable:
            rows.append(ProvinceTarget(target, result.basis, result.progress))
    return rows


def province_target_table(view: DataView, rows: list[ProvinceTarget], lang: str) -> pd.DataFrame:
    table = []
    for row in rows:
        unit = view.catalogue.indicators[row.target.indicator_id].unit
        goal = replace(row.target, value=row.progress.target_value) if row.basis == "reference" else row.target
        table.append(
            {
                t("col.status", lang): status_label(row.progress.status, lang),
                t("col.target", lang): row.target.name(lang),
                t("col.basis", lang): t(BASIS_KEYS[row.basis], lang),
                t(
                    "col.target_value", lang
                ): f"{target_value_text(goal, unit, lang)} · {target_period(row.target, lang)}",
                t("col.actual", lang): format_quantity(row.progress.actual, unit, lang),
                t("measure.standing", lang): standing(row.target, row.progress, unit, lang),
                t("metric.pace", lang): pace_value(row.progress),
                t("col.time_elapsed", lang): percent(row.progress.time_elapsed),
            }
        )
    return pd.DataFrame(table)


def reference_note(view: DataView, target: Target, lang: str) -> str:
    shares = reference_of(view, target)
    if shares is None:
        return ""
    return t(
        f"provinces.reference_note_{shares.basis}",
        lang,
        start=shares.base_start.strftime("%Y-%m"),
        end=shares.base_end.strftime("%Y-%m"),
    )


def monthly_table(view: DataView, code: str, indicator_ids: list[str], lang: str) -> pd.DataFrame:
    """Month-by-month values of a province's indicators (rows = months, newest first), each followed
    by its 环比 (monthly indicators) and 同比: in % of the earlier value, in points for ratios and rates;
    years when every indicator shown is yearly (an NBS export)."""
    store = view.store
    months = store.months()
    columns = {}
    frequencies = set()
    for indicator_id in dict.fromkeys(indicator_ids):
        values = store.series(indicator_id, code)
        if values is None or np.isnan(values).all():
            continue
        indicator = view.catalogue.indicators[indicator_id]
        frequencies.add(indicator.frequency)
        unit = unit_text(indicator.unit, lang)
        label = f"{indicator.name(lang)}（{unit}）" if lang == "zh" else f"{indicator.name(lang)} ({unit})"
        columns[label if unit else indicator.name(lang)] = values
        points = indicator.kind in ("ratio", "rate")
        suffix = "_points" if points else ""
        if indicator.frequency == "M":
            columns[t(f"changes.mom{suffix}", lang, name=indicator.name(lang))] = np.round(
                month_on_month(values, points=points), 1
            )
        columns[t(f"changes.yoy{suffix}", lang, name=indicator.name(lang))] = np.round(
            year_on_year(values, points=points), 1
        )
    if frequencies == {"Y"}:
        frame = pd.DataFrame({t("programs.year", lang): [str(int(m) // 12) for m in months], **columns})
        return frame.dropna(how="all", subset=list(columns)).iloc[::-1].reset_index(drop=True)
    frame = pd.DataFrame({t("col.month", lang): [index_month(int(m)).strftime("%Y-%m") for m in months], **columns})
    frame = frame.dropna(how="all", subset=list(columns)) if columns else frame.iloc[0:0]
    return frame.iloc[::-1].reset_index(drop=True)


# --- an indicator without a target (an analyst's own series, or a published stock): values by province -----
def mappable_indicators(view: DataView) -> list[Indicator]:
    """Indicators shown on the map by their values: own (uploaded) ones with provincial data, and the
    catalogue's stocks and rates whose provincial values are published figures (each at its own date)."""
    own = [
        indicator
        for indicator in view.catalogue.own_indicators
        if view.store.matrix(indicator.id) is not None and (~np.isnan(view.store.matrix(indicator.id)[1:])).any()
    ]
    published = [
        indicator
        for indicator in view.catalogue.indicators.values()
        if indicator.official
        and indicator.kind in ("stock", "rate")
        and view.store.has_published_provinces(indicator.id)
    ]
    return own + published


@dataclass(frozen=True)
class IndicatorMap:
    """An indicator's latest values by province: what the map, the ranking and their tables show. Each
    province's value is its own latest within the range asked for, at its own date (never moved to another)."""

    indicator: Indicator
    period: date  # the latest period any province reported (in the range)
    rows: list[dict]  # tile rows (as tile_rows makes them, metric "value")
    ranking: pd.DataFrame  # code, name, value, label, period, belt, nbs, fund_east — largest first
    national: float | None  # the national value the pages show (reported, or the provinces' sum)
    periods: dict[str, date] = field(default_factory=dict)  # each province's figure's month
    first_month: date | None = None  # the range the figures could be picked from (for a range control)
    last_month: date | None = None

    @property
    def uneven(self) -> bool:
        """Whether the provinces' figures are of different dates (each tile then says its own)."""
        return len(set(self.periods.values())) > 1

    def period_text(self, lang: str) -> str:
        if self.uneven:  # each tile and bar says its own date; the range is the date control's
            return t("provincial.periods_range", lang)
        if self.indicator.frequency == "Y":
            return f"{self.period.year}年" if lang == "zh" else str(self.period.year)
        return month_text(self.period, lang)


def indicator_map(
    view: DataView, indicator_id: str, lang: str, since: date | None = None, until: date | None = None
) -> IndicatorMap:
    """Each province's latest value of an indicator within [since, until] (months), at its own date."""
    indicator = view.catalogue.indicators[indicator_id]
    store = view.store
    matrix = store.matrix(indicator_id)
    first = max(store.first_month, month_index(since)) if since else store.first_month
    last = min(store.last_month, month_index(until)) if until else store.last_month
    inside = matrix[1:, store.column(first) : store.column(last) + 1] if last >= first else matrix[1:, :0]
    latest = {}
    for position, region in enumerate(store.regions.units):
        seen = np.flatnonzero(~np.isnan(inside[position]))
        if seen.size:
            latest[region.code] = (float(inside[position, seen[-1]]), index_month(first + int(seen[-1])))
    newest = max((when for _, when in latest.values()), default=index_month(last if last >= first else first))
    national = store.national(indicator_id)
    column = store.column(month_index(newest))
    national_value = (
        float(national.values[column])
        if national is not None and 0 <= column < len(national.values) and not np.isnan(national.values[column])
        else None
    )
    periods = {code: when for code, (_, when) in latest.items()}
    uneven = len(set(periods.values())) > 1
    highest = max((value for value, _ in latest.values()), default=0.0)
    rows, ranking = [], []
    for region in store.regions.units:
        value, when = latest.get(region.code, (None, None))
        known = value is not None
        bound = store.note_at(indicator_id, region.code, month_index(when))[0] if known else None
        label = bounded(format_quantity(value, indicator.unit, lang), bound, lang) if known else "—"
        amount, _ = base_unit(value, indicator.unit) if known else (None, "")
        dated = f"{label} · {month_text(when, lang)}" if known and uneven else label
        rows.append(
            {
                "code": region.code,
                "name": region.name(lang),
                "short": region.tile_name(lang),
                "x": region.tile_x,
                "y": region.tile_y,
                "value": float(value / highest) if known and highest > 0 else None,
                "status": "no_data",
                # compact on the tile (the unit is on the bar), ≥ kept for a lower bound
                "label": ("≥" if bound == "at_least" else "") + format_number(amount, lang, 1) if known else "—",
                "symbol": when.strftime("%Y-%m") if known and uneven else "",  # each tile says its own date
                "applicable": True,
                "hover": f"<b>{region.name(lang)}</b><br>{indicator.name(lang)}: {dated}",
                "period": when,
            }
        )
        if known:
            ranking.append(
                {
                    "code": region.code,
                    "name": f"{region.name(lang)} ({when:%Y-%m})" if uneven else region.name(lang),
                    "value": value,
                    "label": label,  # the date is in the name: one per bar
                    "period": when.strftime("%Y-%m"),
                    "belt": region.belt,
                    "nbs": region.nbs_region,
                    "fund_east": region.fund_east,
                }
            )
    columns = ["code", "name", "value", "label", "period", "belt", "nbs", "fund_east"]
    frame = pd.DataFrame(ranking, columns=columns).sort_values("value", ascending=False).reset_index(drop=True)
    return IndicatorMap(
        indicator,
        newest,
        rows,
        frame,
        national_value,
        periods,
        index_month(store.first_month),
        index_month(store.last_month),
    )


def figure_months(view: DataView, indicator_id: str) -> list[date]:
    """The months for which any province has a figure of this indicator (the choices of a date range)."""
    matrix = view.store.matrix(indicator_id)
    if matrix is None:
        return []
    columns = np.flatnonzero((~np.isnan(matrix[1:])).any(axis=0))
    return [index_month(view.store.first_month + int(column)) for column in columns]


def signed_percent(value: float | None, points: bool, lang: str) -> str:
    """+3.2% / −1.5% (or percentage points for a ratio); — when unknown."""
    if value is None or np.isnan(value):
        return "—"
    if points:
        return format_points(value, lang)
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{abs(value):.1f}%"


def latest_changes(view: DataView, code: str, indicator_id: str, lang: str) -> str:
    """The latest month of one indicator with its 环比 and 同比, as a sentence ('' without data)."""
    values = view.store.series(indicator_id, code)
    if values is None or np.isnan(values).all():
        return ""
    indicator = view.catalogue.indicators[indicator_id]
    last = int(np.flatnonzero(~np.isnan(values))[-1])
    points = indicator.kind in ("ratio", "rate")
    mom = month_on_month(values, points=points)[last] if indicator.frequency == "M" else np.nan
    yoy = year_on_year(values, points=points)[last]
    return t(
        "changes.latest",
        lang,
        month=index_month(int(view.store.months()[last])).strftime("%Y-%m"),
        value=format_quantity(float(values[last]), indicator.unit, lang),
        mom=signed_percent(mom, points, lang),
        yoy=signed_percent(yoy, points, lang),
    )


def group_summary_table(summary: pd.DataFrame, target: Target, unit: str, lang: str) -> pd.DataFrame:
    """The group summary as shown: counts always; for national count targets the groups' actual,
    the sum of their reference targets, completion and pace."""
    shown = {
        t("provinces.groups_col", lang): [t(key, lang) for key in summary["group"]],
        t("provinces.provinces_col", lang): summary["provinces"],
        t("provinces.meeting_col", lang): summary["meeting"],
    }
    if target.kind in ("cumulative", "annual") and target.scope.kind == "national":
        shown[t("provinces.group_actual_col", lang)] = [format_quantity(v, unit, lang) for v in summary["actual"]]
        shown[t("provinces.group_target_col", lang)] = [format_quantity(v, unit, lang) for v in summary["target"]]
        shown[t("metric.completion", lang)] = [format_percent(v) for v in summary["completion"]]
        shown[t("metric.pace", lang)] = [format_percent(v) for v in summary["pace"]]
    return pd.DataFrame(shown)


def ranking_of(results: list[ProvinceResult], metric: str, lang: str) -> pd.DataFrame:
    """The ranking (``lib.progress.drilldown.ranking_frame``) with each province's name beside its code."""
    frame = ranking_frame(results, metric)
    if not frame.empty:
        names = {r.region.code: r.region.name(lang) for r in results}
        frame.insert(1, "name", [names[code] for code in frame["code"]])
    return frame


def with_rank_changes(ranking: pd.DataFrame, now: dict[str, int], changes: dict[str, int | None]) -> pd.DataFrame:
    """The ranking with each province's rank and its change (↑3, ↓1) — also after its name, so the
    chart's labels carry it."""
    if ranking.empty:
        return ranking
    frame = ranking.copy()
    frame["rank"] = [now.get(code) for code in frame["code"]]
    frame["rank_change"] = [rank_arrow(changes.get(code)) for code in frame["code"]]
    frame["name"] = [
        f"{name} {arrow}" if arrow else name for name, arrow in zip(frame["name"], frame["rank_change"], strict=True)
    ]
    return frame


def ranking_table(ranking: pd.DataFrame, unit: str, lang: str) -> pd.DataFrame:
    """The ranking's 数据表 and download: each column named in words, each measure by its one name in
    per cent to one decimal as the bars show it (never the frame's own column ids or raw ratios)."""
    if ranking.empty:
        return ranking
    table = {
        t("provinces.region", lang): ranking["name"],
        t("col.actual", lang): [format_quantity(v, unit, lang) for v in ranking["actual"]],
        t("basis.reference", lang): [format_quantity(v, unit, lang) for v in ranking["target"]],
        t("measure.csv.completion", lang): [shown_percent(v) for v in ranking["completion"]],
        t("measure.csv.pace", lang): [shown_percent(v) for v in ranking["pace"]],
        t("col.status", lang): [status_label(s, lang) for s in ranking["status"]],
    }
    if "rank" in ranking:
        table[t("report.col_rank", lang)] = ranking["rank"]
        table[t("report.col_change", lang)] = ranking["rank_change"]
    return pd.DataFrame(table)


# --- a province's own targets (本省目标), apart from the national and reference ones ----------------------
def own_document_text(document, lang: str) -> str:
    """``《…方案》 · 甘政办发〔2025〕66号 · 甘肃省人民政府办公厅 · 2025-11-06``; what the record does not give
    is named once as not recorded (文号、发文单位未记录), never guessed; then the report it was read in."""
    parts = [f"《{document.title}》" if lang == "zh" else document.title]
    parts += [text for text in (document.number, document.issuer, document.date and document.date.isoformat()) if text]
    missing = [
        t(f"provincial.missing_{name}", lang)
        for name, value in (("number", document.number), ("issuer", document.issuer), ("date", document.date))
        if not value
    ]
    if missing:
        parts.append(t("provincial.not_recorded_list", lang, items=("、" if lang == "zh" else ", ").join(missing)))
    reported = " ".join(
        filter(None, (document.reported_by, document.reported_date and document.reported_date.isoformat()))
    )
    if reported:
        parts.append(t("provincial.reported_in", lang, report=reported))
    return " · ".join(parts)


def own_target_table(view: DataView, code: str, pace: str, lang: str) -> pd.DataFrame:
    """One row per own target: status, the target, the latest figure with its month and citation (the
    documents are listed apart: ``own_documents``). Empty when the province has none in the catalogue."""
    rows = []
    for result in own_target_results(view, code, pace):
        target, progress = result.item.target, result.progress
        unit = view.catalogue.indicators[target.indicator_id].unit
        period = result.figure_period
        rows.append(
            {
                t("col.status", lang): status_text(progress, lang),
                t("provincial.col_target", lang): target.name(lang),
                t("col.target_value", lang): f"{target_value_text(target, unit, lang)} · {target_period(target, lang)}",
                t("provincial.col_latest", lang): value_text(progress, unit, lang)
                if progress.actual is not None
                else "—",
                t("provincial.col_period", lang): _figure_period_text(progress, period, lang),
                t("measure.standing", lang): standing(target, progress, unit, lang),  # each measure named
                t("provincial.col_source", lang): citations_short(view, progress, lang) or "—",
            }
        )
    return pd.DataFrame(rows)


def _figure_period_text(progress: Progress, period: date | None, lang: str) -> str:
    """The month a level's figure speaks for; for a total, its run of months (2024年1—6月)."""
    if period is None or progress.actual is None:
        return "—"
    if progress.kind in ("cumulative", "annual") and progress.window_start and progress.window_start < period:
        start = progress.window_start
        if start.year == period.year and start.month == 1 and period.month == 12:
            return f"{start.year}年" if lang == "zh" else str(start.year)
        if lang == "zh":
            return (
                f"{start.year}年{start.month}—{period.month}月"
                if start.year == period.year
                else f"{month_text(start, lang)}—{month_text(period, lang)}"
            )
        return f"{month_text(start, lang)}–{month_text(period, lang)}"
    return month_text(period, lang)


def own_documents(view: DataView, code: str, lang: str) -> list[str]:
    """Each document setting the province's own targets, once: its name, number, issuer and date as far
    as the record gives them, where it was read, and its sentence verbatim."""
    documents = {item.document.id: item.document for item in view.catalogue.provincial_of(code)}
    return [
        t("provincial.document_line", lang, document=own_document_text(document, lang), quote=document.quote)
        for document in documents.values()
    ]


def own_target_notes(view: DataView, code: str, pace: str, lang: str) -> list[str]:
    """A sentence for each target met early: which figure shows it, for which month, published when."""
    notes = []
    for result in own_target_results(view, code, pace):
        if not result.met_early:
            continue
        target, progress = result.item.target, result.progress
        published = published_on(view, progress)
        notes.append(
            t(
                "provincial.met_early",
                lang,
                target=target.name(lang),
                period=_figure_period_text(progress, result.figure_period, lang),
                value=value_text(progress, view.catalogue.indicators[target.indicator_id].unit, lang),
                published=t("provincial.published_on", lang, date=published.isoformat())
                if published
                else t("provincial.published_unknown", lang),
                end=month_text(target.end, lang),
            )
        )
    return notes


# --- the page's view model (pages/provinces.py places it) ------------------------------------------------
@dataclass(frozen=True)
class MonthRange:
    """The months a published stock's map may be limited to (its provinces' figures are of uneven dates):
    the range control's label, its options, the whole range at first, and how a month reads."""

    label: str
    options: tuple[date, ...]
    value: tuple[date, date]
    lang: str

    def text(self, day: date) -> str:
        """A month in words (``2024年5月`` / ``May 2024``), for any month the control is given."""
        return month_text(day, self.lang)


@dataclass(frozen=True)
class Choices:
    """What the page's pickers offer: mappable targets, then own indicators by value; the regions."""

    ids: tuple[str, ...]
    labels: dict[str, str]  # option → its words
    target_names: dict[str, str]  # every catalogue target's name (a link may name one that cannot be mapped)
    regions: tuple[str, ...]  # "" (the national view), then every province's code
    region_labels: dict[str, str]
    metric_labels: dict[str, str]  # what the tiles are coloured by
    grouping_labels: dict[str, str]
    month_ranges: dict[str, MonthRange] = field(default_factory=dict)  # published stocks at uneven dates

    def settle(self, wanted: str | None) -> tuple[str, dict[str, str]]:
        """The target to show for the URL's ``wanted`` — itself when it can be mapped, else the first
        — and, when a wanted one cannot, the notice's words (escaped): its name and the one shown."""
        if wanted in self.ids:
            return wanted, {}
        first = self.ids[0]
        refused = {"target": md_escape(self.target_names.get(wanted, wanted)), "shown": md_escape(self.labels[first])}
        return first, refused if wanted else {}


def choices(view: DataView, lang: str) -> Choices:
    catalogue, regions = view.catalogue, view.store.regions
    targets = mappable_targets(view)
    labels = {target.id: target.name(lang) for target in targets}
    months = {}
    for indicator in mappable_indicators(view):  # + own series and published stocks, by value
        labels[indicator.id] = t("provinces.indicator_option", lang, name=indicator.name(lang))
        dates = figure_months(view, indicator.id) if indicator.official else []
        if len(dates) > 1:  # published figures at uneven dates: a range to pick them from
            label = t("provincial.date_range", lang)
            months[indicator.id] = MonthRange(label, tuple(dates), (dates[0], dates[-1]), lang)
    region_labels = {"": t("provinces.national_view", lang)} | {unit.code: unit.name(lang) for unit in regions.units}
    return Choices(
        tuple(labels),
        labels,
        {target.id: target.name(lang) for target in catalogue.targets},
        tuple(region_labels),
        region_labels,
        {metric: t(f"metric.{metric}", lang) for metric in COLOR_METRICS},
        {grouping: t(f"grouping.{grouping}", lang) for grouping in GROUPINGS},
        months,
    )


@dataclass(frozen=True)
class ProvincesPage:
    note: str  # what the provinces are measured against
    tile_map: Chart
    ranking: Chart
    ranking_note: str  # what rank changes are against, or the national value ("" none)
    groups_heading: str
    groups: str  # the groups' summary as escaped Markdown ("" none)
    footer: str  # the figures' footer (snapshot, document, pace)
    detail: ProvinceDetail | None  # the province chosen (None: the national view)
    tile_key: str = ""  # the short names an English tile map shows, in words (GD Guangdong …; "" none)


def tile_abbreviations(regions: RegionRegistry, lang: str) -> list[tuple[str, str]]:
    """The names a tile map abbreviates in ``lang`` (none in Chinese) as (short name, name), sorted by
    the short name a reader looks up: [("AH", "Anhui"), ("BJ", "Beijing"), …]."""
    pairs = sorted((unit.tile_name(lang), unit.name(lang)) for unit in regions.units)
    return [(short, name) for short, name in pairs if short != name]


def tile_key(regions: RegionRegistry, lang: str) -> str:
    """What an English tile map abbreviates (its names do not fit a 48 px tile, nor a phone's 27), as a key
    under the map, sorted by the short name a reader looks up: "AH Anhui · BJ Beijing · …"."""
    shortened = [f"{short} {name}" for short, name in tile_abbreviations(regions, lang)]
    return t("fit.tile_key", lang, names=" · ".join(shortened)) if shortened else ""


def build(
    view: DataView,
    comparison: Comparison | None,
    state: dict[str, str],
    lang: str,
    pace: str,
    span: tuple[date, date] | None = None,
) -> ProvincesPage:
    """The map, the ranking and the groups for one target (or an indicator without one, by its values);
    ``state`` is the page's URL values (target, color, group, region); ``span`` (first and last month)
    limits a published stock's map to the figures of those months (``Choices.figure_months``), each at its
    own date."""
    target_id, metric, grouping, region = (state[name] for name in ("target", "color", "group", "region"))
    catalogue = view.catalogue
    target = catalogue.by_target.get(target_id)  # None: an indicator without a target, shown by its values
    if target is None:
        values = indicator_map(view, target_id, lang, *(span or (None, None)))
        official = values.indicator.official  # a published stock, not an upload
        indicator, document = values.indicator, t("provincial.published" if official else "own.origin_upload", lang)
    else:
        indicator, document = (
            catalogue.indicators[target.indicator_id],
            catalogue.programs[target.program_id].document(lang),
        )
    footer = figure_footer(view.provenance, document, pace, lang)
    if target is None:
        note = (
            t("provincial.value_note", lang)
            if official
            else t("provinces.indicator_note", lang, period=values.period_text(lang))
        )
        charts = indicator_charts(view, values, grouping, region, footer, lang)
        detail = detail_of(view, region, indicator.id, lang, pace)
        return ProvincesPage(note, *charts, "", "", footer, detail, tile_key(view.store.regions, lang))
    if target.scope.kind == "group":
        note = t("provinces.group_note", lang, group=t(GROUP_KEYS[target.scope.group], lang))
    else:
        national_count = target.scope.kind == "national" and target.kind in ("cumulative", "annual")
        note = (reference_note(view, target, lang) if national_count else "") or t("provinces.level_note", lang)
    ranked = metric if metric != "status" else "pace"
    tile_map = remember(tile_chart, view, target, metric, region, footer, lang, pace)
    ranking = remember(
        ranking_chart, view, comparison, target, ranked, metric == "completion", grouping, footer, lang, pace
    )
    groups = remember(groups_table, view, target, grouping, lang, pace)
    heading = t("provinces.group_heading", lang, grouping=t(f"grouping.{grouping}", lang))
    ranking_note = t("changes.ranking_note", lang, basis=comparison_note(comparison, lang)) if comparison else ""
    detail = detail_of(view, region, indicator.id, lang, pace)
    key = tile_key(view.store.regions, lang)
    return ProvincesPage(note, tile_map, ranking, ranking_note, heading, groups, footer, detail, key)


def detail_of(view: DataView, region: str, indicator_id: str, lang: str, pace: str) -> ProvinceDetail | None:
    return remember(build_detail, view, region, indicator_id, lang, pace) if region else None


def indicator_charts(
    view: DataView, values: IndicatorMap, grouping: str, region: str, footer: str, lang: str
) -> tuple[Chart, Chart, str]:
    """An own indicator without a target: the map and the ranking of its latest values."""
    indicator, regions, period = values.indicator, view.store.regions, values.period_text(lang)
    fig = tile_map_figure(
        values.rows,
        metric="value",
        lang=lang,
        selected=region or None,
        footer=footer,
        title=t("provinces.value_title", lang, indicator=indicator.name(lang), period=period),
        value_ticks=[(0.0, "0"), (1.0, format_quantity(values.ranking["value"].max(), indicator.unit, lang))],
    )
    tile_map = Chart(fig, tile_table(values.rows, lang, with_status=False), f"map-{indicator.id}")
    fig = ranking_figure(
        values.ranking,
        metric="value",
        lang=lang,
        footer=footer,
        national=None,
        title=t("provinces.value_ranking_title", lang, indicator=indicator.name(lang), period=period),
        group_names={key: t(key, lang) for key in {group_of(u, grouping) for u in regions.units}},
        group_of={u.code: group_of(u, grouping) for u in regions.units},
    )
    ranking = Chart(fig, values.ranking[["code", "name", "value"]], f"ranking-{indicator.id}")
    national = values.national
    note = (
        t("provinces.national_value", lang, value=format_quantity(national, indicator.unit, lang))
        if national is not None
        else ""
    )
    return tile_map, ranking, note


def tile_chart(view: DataView, target: Target, metric: str, region: str, footer: str, lang: str, pace: str) -> Chart:
    indicator = view.catalogue.indicators[target.indicator_id]
    rows = tile_rows(province_results(view, target, pace), metric, indicator.unit, lang)
    fig = tile_map_figure(
        rows,
        metric=metric,
        lang=lang,
        selected=region or None,
        footer=footer,
        title=t("provinces.map_title", lang, target=target.name(lang), metric=t(f"metric.{metric}", lang)),
    )
    return Chart(fig, tile_table(rows, lang), f"map-{target.id}")


def ranking_chart(
    view: DataView,
    compared: Comparison | None,
    target: Target,
    ranked: str,
    national_completion: bool,
    grouping: str,
    footer: str,
    lang: str,
    pace: str,
) -> Chart:
    """The provinces ranked by ``ranked``, with their rank changes against ``compared``."""
    results = province_results(view, target, pace)
    ranking = ranking_of(results, ranked, lang)
    if compared is not None:
        now_ranks = ranks(results, ranked)
        before = ranks(province_results(compared.view, target, pace), ranked)
        ranking = with_rank_changes(ranking, now_ranks, rank_changes(now_ranks, before))
    national = national_progress(view, target, pace)
    fig = ranking_figure(
        ranking,
        metric=ranked,
        lang=lang,
        footer=footer,
        national=national.completion if national_completion else national.pace,
        title=t("provinces.ranking_title", lang, target=target.name(lang), metric=t(f"metric.{ranked}", lang)),
        group_names={key: t(key, lang) for key in {group_of(r.region, grouping) for r in results}},
        group_of={r.region.code: group_of(r.region, grouping) for r in results},
    )
    unit = view.catalogue.indicators[target.indicator_id].unit
    return Chart(fig, ranking_table(ranking, unit, lang), f"ranking-{target.id}")


def groups_table(view: DataView, target: Target, grouping: str, lang: str, pace: str) -> str:
    unit = view.catalogue.indicators[target.indicator_id].unit
    summary = group_summary(province_results(view, target, pace), target, grouping)
    return "" if summary.empty else markdown_table(group_summary_table(summary, target, unit, lang))


@dataclass(frozen=True)
class ProvinceDetail:
    """One province: its own targets (本省目标) apart, the targets that apply to it, the indicators its
    trend offers, its monthly table."""

    title: str
    targets_heading: str  # 国家目标 when the province has its own targets, else every target's heading
    targets_table: str  # escaped Markdown
    targets: tuple[Target, ...]  # those that apply
    indicator_labels: dict[str, str]  # the trend's choices (the page's indicator first) and their names
    months: pd.DataFrame
    months_filename: str
    own_heading: str = ""  # 本省目标 (all "" when the province has none in the catalogue)
    own_note: str = ""  # what they are judged by
    own_table: str = ""  # escaped Markdown: status, target, latest figure, its month, source
    own_documents: str = ""  # escaped Markdown list: each document once, with its sentence
    own_notes: tuple[str, ...] = ()  # escaped: each target met early, with its figure's month and publication
    own_derived: tuple[str, ...] = ()  # escaped: each share 推算 from two figures, both quoted (decision 0074)


def build_detail(view: DataView, region: str, indicator_id: str, lang: str, pace: str) -> ProvinceDetail:
    unit = view.store.regions.by_code[region]
    name = unit.name_zh if lang == "zh" else unit.name_en
    applying = province_targets(view, region, pace)
    catalogue = view.catalogue
    indicator_ids = tuple(dict.fromkeys([indicator_id, *(row.target.indicator_id for row in applying)]))
    shown_ids = [*indicator_ids, *(p for i in indicator_ids for p in catalogue.parts_of(i))]
    own = own_target_table(view, region, pace, lang)  # 本省目标, apart from 参考目标
    heading = "provincial.national_heading" if not own.empty else "provinces.detail_targets"
    return ProvinceDetail(
        t("provinces.detail_title", lang, name=name),
        t(heading, lang, name=name),
        markdown_table(province_target_table(view, applying, lang)),
        tuple(row.target for row in applying),
        {iid: catalogue.indicators[iid].name(lang) for iid in indicator_ids},
        monthly_table(view, region, shown_ids, lang),
        f"monthly-{region}.csv",
        *(own_part(view, region, own, name, lang, pace) if not own.empty else ()),
    )


def own_part(
    view: DataView, region: str, table: pd.DataFrame, name: str, lang: str, pace: str
) -> tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]:
    """A province's own targets as the detail shows them: heading, note, table, documents, early
    completions, and how each 推算 share was computed."""
    return (
        t("provincial.heading", lang, name=name),
        t("provincial.heading_note", lang, name=name),
        markdown_table(table),
        "\n".join(f"- {md_escape(line)}" for line in own_documents(view, region, lang)),
        tuple(md_escape(line) for line in own_target_notes(view, region, pace, lang)),
        tuple(md_escape(line) for line in own_derived_notes(view, region, pace, lang)),
    )


def own_derived_notes(view: DataView, code: str, pace: str, lang: str) -> list[str]:
    """For each own target judged on a share 推算 from two figures: the formula, both figures, their
    month and the sentences they were quoted from."""
    return [
        t(
            "voice.derived_note",
            lang,
            target=result.item.target.name(lang),
            line=derived_line(view, result.progress, lang),
        )
        for result in own_target_results(view, code, pace)
        if result.progress.derived_inputs
    ]


@dataclass(frozen=True)
class ProvinceTrend:
    """One indicator's trend in one province, with the notes on its months."""

    chart: Chart
    notes: tuple[Note, ...]  # the notes drawn (numbered markers)
    noted: tuple[Target, ...]  # the targets a new note may be on
    months: tuple[date, ...]  # months with data
    latest: str  # the latest month with its 环比 / 同比 ("" without data)


def build_trend(
    view: DataView,
    region: str,
    indicator_id: str,
    targets: tuple[Target, ...],
    notes: tuple[Note, ...],
    footer: str,
    lang: str,
) -> ProvinceTrend:
    """``targets``: those that apply to the province; ``notes``: every note this reader sees on the indicator in the province (the figure draws
    those on its months — so they are part of the key: a figure never shows notes its reader may not see)."""
    regions = view.store.regions
    unit = regions.by_code[region]
    name = unit.name_zh if lang == "zh" else unit.name_en
    trend_indicator = view.catalogue.indicators[indicator_id]
    trend = view.store.as_frame(indicator_id, region)
    observed = [period.date() for period in trend["period"][trend["value"].notna()]]
    last = observed[-1] if observed else None
    if last and trend_indicator.frequency == "Y":
        last = last.replace(month=12)  # a year's value speaks for its months
    shown = notes_between(list(notes), observed[0] if observed else None, last)
    title = t(
        "provinces.trend_title",
        lang,
        name=name,
        indicator=trend_indicator.name(lang),
        unit=unit_text(trend_indicator.unit, lang),
    )
    fig = series_figure(
        trend,
        unit=trend_indicator.unit,
        lang=lang,
        bars=trend_indicator.kind == "flow",
        yearly=trend_indicator.frequency == "Y",
        footer=footer,
        title=title,
        notes=chart_notes(shown, regions, lang),
    )
    noted = tuple({target.id: target for target in targets if target.indicator_id == indicator_id}.values())
    return ProvinceTrend(
        Chart(fig, trend, f"trend-{region}-{indicator_id}"),
        tuple(shown),
        noted,
        tuple(observed),
        latest_changes(view, region, indicator_id, lang),
    )
