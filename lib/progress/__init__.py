"""progress — the progress engine and what derives from it (data views, trajectories, reference targets, drill-down, statuses); imports core, reference, store."""

from lib.progress.apportion import BASE_MONTHS, COUNT_UNITS, MAX_BASE_MONTHS, Apportionment, apportion
from lib.progress.dataview import DataView, frame_view, snapshot_view
from lib.progress.drilldown import (
    BASES,
    GROUP_LABELS,
    ProvinceResult,
    group_of,
    group_summary,
    group_summary_table,
    mappable_targets,
    national_progress,
    province_results,
    ranking_frame,
    reference_of,
)
from lib.progress.engine import (
    CERTAIN_FROM_BELOW,
    PACE_METHODS,
    SEVERITY,
    STATUSES,
    Engine,
    EstimateInput,
    Progress,
    seasonal_profile,
    summarise,
)
from lib.progress.statuses import BADGE, COLOR, SYMBOL, TEXT_COLOR, status_label
from lib.progress.trajectory import trajectory

__all__ = [
    "BADGE",
    "BASES",
    "BASE_MONTHS",
    "CERTAIN_FROM_BELOW",
    "COLOR",
    "COUNT_UNITS",
    "GROUP_LABELS",
    "MAX_BASE_MONTHS",
    "PACE_METHODS",
    "SEVERITY",
    "STATUSES",
    "SYMBOL",
    "TEXT_COLOR",
    "Apportionment",
    "DataView",
    "Engine",
    "EstimateInput",
    "Progress",
    "ProvinceResult",
    "apportion",
    "frame_view",
    "group_of",
    "group_summary",
    "group_summary_table",
    "mappable_targets",
    "national_progress",
    "province_results",
    "ranking_frame",
    "reference_of",
    "seasonal_profile",
    "snapshot_view",
    "status_label",
    "summarise",
    "trajectory",
]
