"""What a confirmed upload becomes: its observations in the snapshot schema, and the data view every
page shows while it is in force (alone, or merged over the chosen snapshot). No Streamlit; the UI
keeps the results in that browser session only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.core.i18n import t
from lib.core.periods import add_months, month_end
from lib.progress.dataview import DataView, frame_view
from lib.reference.catalogue import Catalogue
from lib.store.folder import DataFolder, Provenance
from lib.store.snapshots import KEY_COLUMNS, breakdown_columns
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
    texts = [*breakdown_columns(frame.columns), *(name for name in ("bound", "citation_id") if name in frame.columns)]
    for column in texts:
        frame[column] = frame[column].astype("str").where(frame[column].notna(), None)
    return Merged(frame.reset_index(drop=True), int(hit.sum()), len(upload))


def upload_view(
    folder: DataFolder,
    base: DataView | None,
    upload: pd.DataFrame,
    *,
    mode: str,
    name: str,
    lang: str,
    catalogue: Catalogue | None = None,
) -> tuple[DataView, Merged | None]:
    """The data every page shows while an upload is in force, read with ``catalogue`` (the session's,
    with the analyst's own indicators and targets; the folder's when None)."""
    catalogue = catalogue or folder.catalogue
    if mode == "merge" and base is not None:
        merged = merge_over(base.store.frame, upload)
        provenance = Provenance(**{**base.provenance.__dict__, "includes_upload": True, "upload_note": name})
        return frame_view(folder, merged.frame, provenance, catalogue, base.store.citations), merged
    as_of = _as_of(upload, catalogue)
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
    return frame_view(folder, upload, provenance, catalogue), None


def _as_of(upload: pd.DataFrame, catalogue: Catalogue) -> date:
    """The last day an upload shown alone covers: the end of its latest month — or of its latest
    year when every indicator in it is yearly (NBS exports), or quarter when quarterly."""
    periods = pd.to_datetime(upload["period"])
    if periods.empty or pd.isna(periods.max()):
        return date.today()
    latest = periods.max()
    frequencies = {
        catalogue.indicators[i].frequency if i in catalogue.indicators else "M" for i in upload["indicator_id"].unique()
    }
    months = {"Y": 11, "Q": 2}.get(frequencies.pop(), 0) if len(frequencies) == 1 else 0
    return month_end(add_months(date(latest.year, latest.month, 1), months))


def session_view(base: DataView, catalogue: Catalogue) -> DataView:
    """A snapshot's view read with a session's catalogue (own targets, no upload): the observations
    are shared, the progress is computed for this session."""
    return DataView(base.provenance, base.store.with_catalogue(catalogue), base.settings)
