"""What the Data page shows: the snapshots' manifests, how each target's status moved between two
snapshots (the rows that changed come from ``lib.store.diff``), this session's own indicators, and
the data in force as downloaded (own rows marked as not official)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.core.formatting import unit_text
from lib.core.i18n import t
from lib.progress.dataview import DataView
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


def labelled_frame(view: DataView, lang: str) -> pd.DataFrame:
    """The observations in force as downloaded: with an analyst's own indicators among them, a column
    says which rows are uploaded and not official (the snapshot's own rows are left as they are)."""
    frame = view.store.frame
    own = {indicator.id for indicator in view.catalogue.own_indicators}
    if not own or not frame["indicator_id"].isin(own).any():
        return frame
    origin = np.where(frame["indicator_id"].isin(own), t("own.origin_upload", lang), t("own.origin_catalogue", lang))
    return frame.assign(indicator_origin=origin)


def own_indicator_table(view: DataView, lang: str) -> pd.DataFrame:
    """This session's own indicators: what they are, where they came from, how many values."""
    counts = view.store.frame["indicator_id"].value_counts()
    return pd.DataFrame(
        [
            {
                t("col.id", lang): indicator.id,
                t("col.indicator", lang): indicator.name(lang),
                t("col.unit", lang): unit_text(indicator.unit, lang) or "—",
                t("col.kind", lang): t(f"own.kind_{indicator.kind}", lang),
                t("col.frequency", lang): indicator.frequency,
                t("own.col_source_file", lang): indicator.source,
                t("data.col_rows", lang): int(counts.get(indicator.id, 0)),
            }
            for indicator in view.catalogue.own_indicators
        ]
    )
