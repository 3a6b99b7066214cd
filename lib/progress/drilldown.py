"""Provinces for one target: each province's progress (against its own, its group's or a
reference target), the national pace for comparison, the ranking and group summaries — numbers
only; ``lib.views`` turns them into words."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.progress.apportion import Apportionment, apportion
from lib.progress.dataview import DataView
from lib.progress.engine import PACE_METHODS, SEVERITY, Progress
from lib.reference.catalogue import Scope, Target
from lib.reference.regions import NATIONAL_CODE, Region

# How a province is measured: its own documented target, as a member of a group target, against a
# reference share of a national count target, or against a national level (a rate applies to each).
BASES = ("own", "group", "reference", "national_level")


@dataclass(frozen=True)
class ProvinceResult:
    region: Region
    basis: str
    progress: Progress
    applicable: bool = True


def mappable_targets(view: DataView) -> list[Target]:
    """Targets a province map can show: national ones with provincial data, and group targets."""
    targets = []
    for target in view.catalogue.targets:
        indicator_parts = view.catalogue.parts_of(target.indicator_id)
        has_provinces = all(
            view.store.matrix(part) is not None and (~pd.isna(view.store.matrix(part)[1:])).any()
            for part in indicator_parts
        )
        if has_provinces and target.scope.kind in ("national", "group"):
            targets.append(target)
    return targets


def reference_of(view: DataView, target: Target) -> Apportionment | None:
    return view.remember(apportion_of, target)


def apportion_of(view: DataView, target: Target) -> Apportionment | None:
    return apportion(view.store, target)


@dataclass(frozen=True)
class ProvinceMeasure:
    """What a province is measured against for a target: the target to evaluate and the region."""

    region: Region
    basis: str
    target: Target
    applicable: bool = True


def province_measures(view: DataView, target: Target) -> list[ProvinceMeasure]:
    """For every province, the target it is evaluated against (as of any date: the same objects serve
    the history of alerts)."""
    return view.remember(measures_of, target)


def measures_of(view: DataView, target: Target) -> list[ProvinceMeasure]:
    members = {r.code for r in view.store.regions.members(target.scope.group)} if target.scope.kind == "group" else None
    shares = reference_of(view, target) if target.kind in ("cumulative", "annual") else None
    measures = []
    for region in view.store.regions.units:
        if members is not None:
            measures.append(ProvinceMeasure(region, "group", target, region.code in members))
        elif shares is not None:
            measures.append(ProvinceMeasure(region, "reference", shares.target_for(target, region.code)))
        else:
            own = Target(**{**target.__dict__, "scope": Scope("region", region.code)})
            measures.append(ProvinceMeasure(region, "national_level", own))
    return measures


def province_results(view: DataView, target: Target, pace: str) -> list[ProvinceResult]:
    """Every province's progress for ``target`` (kept with the view per target and pace)."""
    return view.remember(results_of, target, pace)


def results_of(view: DataView, target: Target, pace: str) -> list[ProvinceResult]:
    engine = view.engine(pace)
    return [
        ProvinceResult(
            m.region,
            m.basis,
            engine.evaluate(m.target, m.region.code) if m.basis == "group" else engine.evaluate(m.target),
            m.applicable,
        )
        for m in province_measures(view, target)
    ]


def compute_shared_results(view: DataView) -> None:
    """Every result a page asks of these data, computed now: the progress of every target and
    every province's for each mappable target, for each pace method. For a snapshot this runs
    once per process when it is loaded, so no visitor waits for it."""
    for pace in PACE_METHODS:
        view.progress(pace)
        for target in mappable_targets(view):
            province_results(view, target, pace)


def ranking_frame(results: list[ProvinceResult], metric: str) -> pd.DataFrame:
    """Provinces sorted by the chosen metric (best first), applicable ones only (numbers and codes:
    ``lib.views.provinces.ranking_of`` names them)."""
    rows = [
        {
            "code": r.region.code,
            "value": _metric(r.progress, metric),
            "status": r.progress.status,
            "actual": r.progress.actual,
            "target": r.progress.target_value,
            "completion": r.progress.completion,
            "pace": r.progress.pace,
            "belt": r.region.belt,
            "nbs": r.region.nbs_region,
            "fund_east": r.region.fund_east,
        }
        for r in results
        if r.applicable
    ]
    frame = pd.DataFrame(rows)
    return (
        frame.sort_values("value", ascending=False, na_position="last").reset_index(drop=True)
        if not frame.empty
        else frame
    )


def _metric(progress: Progress, metric: str) -> float | None:
    if metric == "completion":
        return progress.completion
    if metric == "pace":
        return progress.pace

    return float(len(SEVERITY) - SEVERITY.index(progress.status)) if progress.status in SEVERITY else None


GROUP_LABELS = {
    "belt": {"east": "group.belt_east", "central": "group.belt_central", "west": "group.belt_west"},
    "nbs": {
        "east": "group.nbs_east",
        "central": "group.nbs_central",
        "west": "group.nbs_west",
        "northeast": "group.nbs_northeast",
    },
    "fund_east": {True: "group.fund_east", False: "group.fund_rest"},
}


def group_of(region: Region, grouping: str) -> str:
    value = {"belt": region.belt, "nbs": region.nbs_region, "fund_east": region.fund_east}[grouping]
    return GROUP_LABELS[grouping][value]


def group_summary(results: list[ProvinceResult], target: Target, grouping: str) -> pd.DataFrame:
    """Per group (``group``: its label's key — ``lib.views.provinces.group_summary_table`` words it):
    provinces, how many achieved or on track; for count targets the group's actual against the sum
    of its reference targets."""
    rows = {}
    for result in results:
        if not result.applicable:
            continue
        key = group_of(result.region, grouping)
        row = rows.setdefault(
            key, {"group": key, "provinces": 0, "meeting": 0, "actual": 0.0, "target": 0.0, "expected": 0.0}
        )
        row["provinces"] += 1
        row["meeting"] += result.progress.status in ("achieved", "on_track")
        if result.basis == "reference" and result.progress.actual is not None:
            row["actual"] += result.progress.actual
            row["target"] += result.progress.target_value
            row["expected"] += result.progress.expected or 0.0
    frame = pd.DataFrame(rows.values())
    if frame.empty:
        return frame
    counts = target.kind in ("cumulative", "annual")
    frame["completion"] = frame["actual"] / frame["target"] if counts else None
    frame["pace"] = frame["actual"] / frame["expected"] if counts else None
    return frame


def national_progress(view: DataView, target: Target, pace: str) -> Progress:
    return (
        view.progress(pace)[target.id]
        if target.scope.kind == "national"
        else view.engine(pace).evaluate(Target(**{**target.__dict__, "scope": Scope("national", NATIONAL_CODE)}))
    )
