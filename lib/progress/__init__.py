"""progress — the progress engine and what derives from it (data views, trajectories, reference targets, drill-down, statuses); imports core, reference, store."""

from lib.progress.apportion import BASE_MONTHS, MAX_BASE_MONTHS, Apportionment, apportion
from lib.progress.dataview import RECENT_KEPT, DataView, frame_view, snapshot_view
from lib.progress.drilldown import (
    BASES,
    GROUP_LABELS,
    ProvinceResult,
    compute_shared_results,
    group_of,
    group_summary,
    group_summary_table,
    mappable_targets,
    national_progress,
    province_results,
    ranking_frame,
    reference_of,
)
from lib.progress.engine import PACE_METHODS, SEVERITY, STATUSES, Engine, Progress, seasonal_profile, summarise
from lib.progress.statuses import BADGE, COLOR, SYMBOL, status_label
from lib.progress.trajectory import trajectory

__all__ = [
    "BADGE",
    "BASES",
    "BASE_MONTHS",
    "COLOR",
    "GROUP_LABELS",
    "MAX_BASE_MONTHS",
    "PACE_METHODS",
    "RECENT_KEPT",
    "SEVERITY",
    "STATUSES",
    "SYMBOL",
    "Apportionment",
    "DataView",
    "Engine",
    "Progress",
    "ProvinceResult",
    "apportion",
    "compute_shared_results",
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
