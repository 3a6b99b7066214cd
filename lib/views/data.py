"""What the Data page shows: the snapshots' manifests, and how each target's status moved between
two snapshots (the rows that changed come from ``lib.store.diff``)."""

from __future__ import annotations

import pandas as pd

from lib.core.i18n import t
from lib.progress.engine import Progress
from lib.progress.statuses import status_label
from lib.store.snapshots import SnapshotRef


def manifest_table(snapshots: tuple[SnapshotRef, ...], lang: str) -> pd.DataFrame:
    """One row per snapshot of the folder: its manifest as a reader needs it (checksum shortened)."""
    return pd.DataFrame(
        [
            {
                t("data.col_id", lang): ref.id,
                t("data.col_as_of", lang): ref.manifest.as_of,
                t("data.col_title", lang): ref.manifest.title,
                t("data.col_publisher", lang): ref.manifest.publisher,
                t("data.col_source", lang): ref.manifest.source,
                t("data.col_license", lang): ref.manifest.license,
                t("data.col_rows", lang): ref.manifest.rows,
                t("data.col_demo", lang): t("data.yes", lang) if ref.manifest.demo else t("data.no", lang),
                t("data.col_created", lang): ref.manifest.created_at,
                "sha256": ref.manifest.sha256[:16] + "…",
            }
            for ref in snapshots
        ]
    )


def default_pair(snapshots: tuple[SnapshotRef, ...], current: str) -> str:
    """The snapshot to compare ``current`` with: the newest one not newer than it."""
    ids = [ref.id for ref in snapshots]
    as_of = {ref.id: ref.manifest.as_of for ref in snapshots}
    return next((i for i in ids if i != current and as_of[i] <= as_of[current]), ids[1])


def status_moves(catalogue, old: dict[str, Progress], new: dict[str, Progress], lang: str) -> pd.DataFrame:
    """One row per target: status and actual in each snapshot, and whether the status moved."""
    rows = []
    for target in catalogue.targets:
        before, after = old.get(target.id), new.get(target.id)
        rows.append(
            {
                "target_id": target.id,
                t("col.target", lang): target.name(lang),
                t("data.status_old", lang): status_label(before.status, lang) if before else "—",
                t("data.status_new", lang): status_label(after.status, lang) if after else "—",
                t("data.actual_old", lang): before.actual if before else None,
                t("data.actual_new", lang): after.actual if after else None,
                t("data.moved", lang): bool(before and after and before.status != after.status),
            }
        )
    return pd.DataFrame(rows)
