"""The audit log: who uploaded, submitted, published, whose role changed, when, with the file's hash.

Entries are written inside the transaction of the action they record, so an action and its entry
are there together or not at all.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from lib.core.roles import NATIONAL
from lib.store.database import Database, now
from lib.store.models import AuditEntry, User

AUDIT_ACTIONS = (
    "upload",
    "submit",
    "withdraw",
    "publish",
    "role_changed",
    "roles_file",
    "first_sign_in",
    # issue #14: follow-ups, subscriptions, notes on the data
    "follow_up_open",
    "follow_up_status",
    "follow_up_edit",
    "follow_up_comment",
    "follow_up_cancel",
    "follow_up_resolved",
    "subscribe",
    "unsubscribe",
    "annotate",
    "annotation_delete",
    # issue #23: every write a person makes, in its own transaction
    "own_save",
    "item_rename",
    "item_delete",
    "upload_end",
    "upload_reopen",
    "short_link",
)


def record(session: Session, actor: str, action: str, subject: str = "", sha256: str = "", **detail) -> None:
    """Add one entry to the transaction ``session`` belongs to."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEntry(
            at=now(),
            actor=actor,
            action=action,
            subject=subject,
            sha256=sha256,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def latest(session: Session, action: str) -> AuditEntry | None:
    return session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc()).limit(1)
    ).first()


def audit_frame(db: Database, limit: int | None = None, *, scope: str = NATIONAL) -> pd.DataFrame:
    """The log, newest first, as a table (columns: at, actor, action, subject, sha256, detail). A
    province's admin (``scope`` a province code) sees the entries of the people of that province
    only (their scope as last seen); the national log is the national admin's."""
    with db.transaction() as session:
        query = select(AuditEntry).order_by(AuditEntry.id.desc())
        if scope != NATIONAL:
            query = query.where(AuditEntry.actor.in_(select(User.id).where(User.scope == scope)))
        entries = session.scalars(query.limit(limit) if limit else query).all()
        rows = [
            {
                "at": entry.at.replace(tzinfo=None).isoformat(timespec="seconds"),
                "actor": entry.actor,
                "action": entry.action,
                "subject": entry.subject,
                "sha256": entry.sha256,
                "detail": entry.detail,
            }
            for entry in entries
        ]
    return pd.DataFrame(rows, columns=["at", "actor", "action", "subject", "sha256", "detail"])
