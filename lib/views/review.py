"""What the publisher's review shows: each waiting submission in one line, the data as they would
be after publishing it, and the defaults of the new snapshot's manifest (id, as-of date). ``build``
is the page's queue, read from the database on every run (submissions come and go); ``proposed`` the
data after publishing the chosen one (kept in the session by the page, keyed on every argument:
the database, the folder, the submission, the current snapshot's view and the language)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.core.i18n import t
from lib.core.memo import kept_at_most
from lib.core.periods import month_end
from lib.core.roles import NATIONAL, Identity
from lib.progress.dataview import DataView, frame_view
from lib.reference.regions import RegionRegistry
from lib.store.database import Database
from lib.store.folder import DataFolder, Provenance
from lib.store.snapshots import SnapshotRef
from lib.store.submissions import SubmissionInfo, review_queue, submission_frame
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


@dataclass(frozen=True)
class ReviewPage:
    queue: dict[str, SubmissionInfo]  # the waiting submissions this publisher may review, by id
    options: dict[str, str]  # each in one line
    modes: dict[str, str]  # how each would be published: merge (over the current snapshot) or alone
    base: SnapshotRef | None  # the current snapshot


def build(db: Database, identity: Identity, folder: DataFolder, lang: str) -> ReviewPage:
    """The queue this publisher may act on, each submission in words (``lang``)."""
    queue = {info.id: info for info in review_queue(db, identity, folder.path / "snapshots")}
    return ReviewPage(
        queue=queue,
        options={i: submission_option(info, folder.regions, lang) for i, info in queue.items()},
        modes={i: publication_mode(info.mode, info.scope) for i, info in queue.items()},
        base=folder.snapshots[0] if folder.snapshots else None,
    )


@kept_at_most(1)  # a whole snapshot's data with the submission's: one at a time
def proposed(db: Database, folder: DataFolder, info: SubmissionInfo, base: DataView | None, lang: str):
    """The data after publishing ``info`` over ``base``, read from its rows as submitted (the page
    keeps it in its session: ``info`` holds the digest of those rows, so its key changes with them)."""
    return proposed_view(folder, info, submission_frame(db, info.id), base, lang)
