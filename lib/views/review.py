"""What the publisher's review shows: each waiting submission in one line, the data as they would
be after publishing it, and the defaults of the new snapshot's manifest (id, as-of date)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib.core.i18n import t
from lib.core.periods import month_end
from lib.core.roles import NATIONAL
from lib.progress.dataview import DataView, frame_view
from lib.reference.regions import RegionRegistry
from lib.store.folder import DataFolder, Provenance
from lib.store.submissions import SubmissionInfo
from lib.upload.publish import publication_frame, publication_mode
from lib.views.workspace import format_time


def scope_label(scope: str, regions: RegionRegistry, lang: str) -> str:
    if scope == NATIONAL:
        return t("roles.national", lang)
    unit = regions.by_code.get(scope)
    return unit.name(lang) if unit else scope


def submission_option(info: SubmissionInfo, regions: RegionRegistry, lang: str) -> str:
    return t(
        "review.option",
        lang,
        file=info.file_name,
        submitter=info.submitter,
        scope=scope_label(info.scope, regions, lang),
        rows=f"{info.rows:,}",
        time=format_time(info.submitted_at),
    )


def publication_as_of(frame: pd.DataFrame) -> date:
    """The last day of the newest month the data cover."""
    latest = pd.to_datetime(frame["period"]).max()
    return month_end(date(latest.year, latest.month, 1)) if pd.notna(latest) else date.today()


def default_snapshot_id(as_of: date, scope: str, existing: set[str]) -> str:
    """``<as-of>-<scope>`` (national: ``published``), numbered if taken."""
    stem = f"{as_of.isoformat()}-{'published' if scope == NATIONAL else scope}"
    candidate, number = stem, 2
    while candidate in existing:
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def proposed_view(folder: DataFolder, info: SubmissionInfo, upload: pd.DataFrame, base: DataView | None, lang: str):
    """The data as they would be after publishing ``info`` over ``base`` (the current snapshot)."""
    frame = publication_frame(upload, info.mode, base.store.frame if base else None, info.scope)
    demo = bool(base and publication_mode(info.mode, info.scope) == "merge" and base.provenance.demo)
    title = t("review.proposed_title", lang, file=info.file_name)
    provenance = Provenance(
        f"submission:{info.id}", publication_as_of(frame), title, info.file_name, info.submitter, "", demo, ""
    )
    return frame_view(folder, frame, provenance)
