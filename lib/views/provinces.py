"""What the Provinces page shows, computed without Streamlit: tile labels and hover text, the
targets that apply to one province, its month-by-month table, and — for an analyst's own indicator
without a target — the latest values by province."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from lib.core.formatting import base_unit, format_number, format_points, format_quantity, unit_text
from lib.core.i18n import t
from lib.progress.changes import month_on_month, rank_arrow, year_on_year
from lib.progress.dataview import DataView
from lib.progress.drilldown import ProvinceResult, mappable_targets, province_results, reference_of
from lib.progress.engine import Progress
from lib.progress.measures import completion_value, pace_value, percent, shown_percent, standing
from lib.progress.statuses import SYMBOL, status_label
from lib.reference.catalogue import Indicator, Target
from lib.reference.labels import target_period, target_value_text
from lib.store.observations import index_month

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


# --- an indicator without a target (an analyst's own series): values by province ---------------------
def mappable_indicators(view: DataView) -> list[Indicator]:
    """Own (uploaded) indicators with provincial data: shown on the map by their values."""
    return [
        indicator
        for indicator in view.catalogue.own_indicators
        if view.store.matrix(indicator.id) is not None and (~np.isnan(view.store.matrix(indicator.id)[1:])).any()
    ]


@dataclass(frozen=True)
class IndicatorMap:
    """An indicator's latest values by province: what the map, the ranking and their tables show."""

    indicator: Indicator
    period: date  # the latest period any province reported
    rows: list[dict]  # tile rows (as tile_rows makes them, metric "value")
    ranking: pd.DataFrame  # code, name, value, label, belt, nbs, fund_east — largest first
    national: float | None  # the national value the pages show (reported, or the provinces' sum)

    def period_text(self, lang: str) -> str:
        if self.indicator.frequency == "Y":
            return f"{self.period.year}年" if lang == "zh" else str(self.period.year)
        return f"{self.period.year}年{self.period.month}月" if lang == "zh" else self.period.strftime("%b %Y")


def indicator_map(view: DataView, indicator_id: str, lang: str) -> IndicatorMap:
    indicator = view.catalogue.indicators[indicator_id]
    store = view.store
    matrix = store.matrix(indicator_id)
    reported = np.flatnonzero((~np.isnan(matrix[1:])).any(axis=0))
    column = int(reported[-1])
    national = store.national(indicator_id)
    national_value = (
        float(national.values[column]) if national is not None and not np.isnan(national.values[column]) else None
    )
    highest = np.nanmax(matrix[1:, column])
    rows, ranking = [], []
    for region in store.regions.units:
        value = matrix[store.row_of[region.code], column]
        known = not np.isnan(value)
        label = format_quantity(float(value), indicator.unit, lang) if known else "—"
        amount, _ = base_unit(float(value), indicator.unit) if known else (None, "")
        rows.append(
            {
                "code": region.code,
                "name": region.name(lang),
                "x": region.tile_x,
                "y": region.tile_y,
                "value": float(value / highest) if known and highest > 0 else None,
                "status": "no_data",
                "label": format_number(amount, lang, 1)
                if known
                else "—",  # compact on the tile; the unit is on the bar
                "symbol": "",
                "applicable": True,
                "hover": f"<b>{region.name(lang)}</b><br>{indicator.name(lang)}: {label}",
            }
        )
        if known:
            ranking.append(
                {
                    "code": region.code,
                    "name": region.name(lang),
                    "value": float(value),
                    "label": label,
                    "belt": region.belt,
                    "nbs": region.nbs_region,
                    "fund_east": region.fund_east,
                }
            )
    frame = pd.DataFrame(ranking).sort_values("value", ascending=False).reset_index(drop=True)
    return IndicatorMap(indicator, index_month(store.first_month + column), rows, frame, national_value)


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
