"""Analysts' notes on the data: a target × region × month ("3月受春节因素影响"), shown as markers on
the charts of that target and region and carried into briefings and the 进度通报.

A note explains published figures, so everyone who sees the chart sees it, with its author and
date; only an analyst whose scope covers the region writes one, and the author (or a publisher of
that scope) removes it. A note on an analyst's own target (issue #10) is theirs only, as the target
is. Removal is soft: the audit log and the row keep what was said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select

from lib.core.i18n import LocalizedError
from lib.core.roles import AccessDenied, Identity, require
from lib.store import audit
from lib.store.database import Database, new_id, now
from lib.store.models import Annotation

MAX_TEXT = 300


class NoteError(LocalizedError):
    """A note that cannot be saved as given."""


@dataclass(frozen=True)
class Note:
    id: str
    target_id: str
    indicator_id: str
    region_code: str
    period: date  # the first day of its month
    text: str
    author: str
    author_name: str
    private: bool
    created_at: datetime

    @property
    def month(self) -> str:
        return f"{self.period:%Y-%m}"


def _note(row: Annotation) -> Note:
    return Note(
        row.id,
        row.target_id,
        row.indicator_id,
        row.region_code,
        row.period,
        row.text,
        row.author,
        row.author_name,
        row.private,
        row.created_at,
    )


def add_note(
    db: Database,
    identity: Identity,
    *,
    target_id: str,
    indicator_id: str,
    region_code: str,
    period: date,
    text: str,
    private: bool = False,
) -> str:
    """Keep a note on ``target_id`` × ``region_code`` × the month of ``period``."""
    require(identity, "annotate")
    if not (identity.signed_in or identity.mode == "none"):
        raise AccessDenied("followups.error.sign_in")
    if not identity.covers(region_code):
        raise AccessDenied("access.outside_scope", scope=identity.scope, regions=region_code)
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text or "")).split())
    if not text:
        raise NoteError("notes.error.empty")
    if len(text) > MAX_TEXT:
        raise NoteError("notes.error.too_long", limit=MAX_TEXT)
    if not isinstance(period, date):
        raise NoteError("notes.error.period")
    with db.transaction() as session:
        row = Annotation(
            id=new_id(),
            target_id=target_id,
            indicator_id=indicator_id,
            region_code=region_code,
            period=period.replace(day=1),
            text=text,
            author=identity.user_id,
            author_name=identity.name,
            private=private,
            created_at=now(),
            deleted=False,
        )
        session.add(row)
        audit.record(
            session,
            identity.user_id,
            "annotate",
            f"{target_id}/{region_code}/{row.period:%Y-%m}",
            note=row.id,
            text=text,
        )
        return row.id


def delete_note(db: Database, identity: Identity, note_id: str) -> None:
    """Remove a note: its author, or a publisher whose scope covers it (never another's private one)."""
    with db.transaction() as session:
        row = session.get(Annotation, note_id, with_for_update=True)
        if row is None or row.deleted or (row.private and row.author != identity.user_id):
            raise LookupError(f"no note {note_id!r}")
        mine = row.author == identity.user_id and identity.can("annotate")
        if not (mine or (identity.can("moderate") and identity.covers(row.region_code))):
            raise AccessDenied("notes.error.delete_denied")
        row.deleted = True
        audit.record(session, identity.user_id, "annotation_delete", row.id, author=row.author, text=row.text)


def notes(db: Database, viewer: str | None = None) -> list[Note]:
    """Every note shown to everyone, and ``viewer``'s private ones; by month, then as written."""
    with db.transaction() as session:
        shown = Annotation.private.is_(False)
        if viewer:
            shown = or_(shown, Annotation.author == viewer)
        rows = session.scalars(
            select(Annotation)
            .where(Annotation.deleted.is_(False), shown)
            .order_by(Annotation.period, Annotation.created_at, Annotation.id)
        )
        return [_note(row) for row in rows]


def select_notes(
    found: list[Note],
    *,
    targets: set[str] | None = None,
    indicators: set[str] | None = None,
    regions: set[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Note]:
    """The notes of some targets (or indicators), regions and months (None: any), order kept."""
    return [
        note
        for note in found
        if (targets is None or note.target_id in targets)
        and (indicators is None or note.indicator_id in indicators)
        and (regions is None or note.region_code in regions)
        and (start is None or note.period >= start.replace(day=1))
        and (end is None or note.period <= end)
    ]
