"""What a confirmed upload becomes: its observations in the snapshot schema, and the data view every
page shows while it is in force (alone, or merged over the chosen snapshot). No Streamlit; the UI
keeps the results in that browser session only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.core.i18n import t
from lib.core.periods import month_end
from lib.progress.dataview import DataView, frame_view
from lib.store.folder import DataFolder, Provenance
from lib.store.snapshots import BASE_SCHEMA, KEY_COLUMNS
from lib.upload.common import Result
from lib.upload.reader import LINE

MODES = ("alone", "merge")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tidy(result: Result) -> pd.DataFrame:
    """The accepted observations in the snapshot schema (no line numbers, no IDs)."""
    return result.observations.drop(columns=[LINE], errors="ignore").reset_index(drop=True)


@dataclass(frozen=True)
class Merged:
    frame: pd.DataFrame
    replaced: int  # snapshot rows replaced
    added: int  # uploaded rows


def merge_over(snapshot: pd.DataFrame, upload: pd.DataFrame) -> Merged:
    """Uploaded rows replace the snapshot's rows of the same indicator × region × period (its total
    and breakdown rows together, so parts never disagree with totals); the rest is kept."""
    keys = list(KEY_COLUMNS)
    upload = upload.copy()
    upload["period"] = pd.to_datetime(upload["period"])
    covered = pd.MultiIndex.from_frame(upload[keys].drop_duplicates())
    hit = pd.MultiIndex.from_frame(snapshot[keys]).isin(covered)
    kept = snapshot[~hit]
    frame = pd.concat([kept, upload], ignore_index=True)
    for column in frame.columns:
        if column not in BASE_SCHEMA.names:
            frame[column] = frame[column].astype("str").where(frame[column].notna(), None)
    return Merged(frame.reset_index(drop=True), int(hit.sum()), len(upload))


def upload_view(
    folder: DataFolder, base: DataView | None, upload: pd.DataFrame, *, mode: str, name: str, lang: str
) -> tuple[DataView, Merged | None]:
    """The data every page shows while an upload is in force."""
    if mode == "merge" and base is not None:
        merged = merge_over(base.store.frame, upload)
        provenance = Provenance(**{**base.provenance.__dict__, "includes_upload": True, "upload_note": name})
        return frame_view(folder, merged.frame, provenance), merged
    latest = pd.to_datetime(upload["period"]).max()
    as_of = month_end(date(latest.year, latest.month, 1)) if pd.notna(latest) else date.today()
    provenance = Provenance(
        snapshot_id=f"upload:{name}",
        as_of=as_of,
        title=t("upload.alone_title", lang, name=name),
        source=t("upload.alone_source", lang, name=name),
        publisher="",
        license="",
        demo=False,
        sha256="",
        includes_upload=True,
        upload_note=name,
    )
    return frame_view(folder, upload, provenance), None
