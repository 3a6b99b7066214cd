"""Drafts put forward for publication: submit, withdraw, the publisher's queue, and the record that
a submission became a snapshot.

Publishing writes two things, a snapshot folder and database rows. The folder's atomic rename is
the commit point: the folder carries ``publication.json`` naming its submission, and ``reconcile``
(run when a process opens the store, and under the row lock before every publication) rolls the
database forward for a folder whose transaction did not commit. So a process killed anywhere leaves
the old state (no folder; the submission still waiting) or the new (folder and rows), never half.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from lib.core.roles import AccessDenied, Identity, require
from lib.store import audit
from lib.store.database import Database, new_id, now
from lib.store.models import Item, Submission
from lib.store.snapshots import SnapshotError, SnapshotRef, open_snapshot
from lib.store.workspace import blob, frame_from_bytes

PUBLICATION_FILE = "publication.json"


@dataclass(frozen=True)
class SubmissionInfo:
    id: str
    item_id: str
    title: str
    file_name: str
    submitter: str
    scope: str
    state: str
    submitted_at: datetime
    decided_by: str | None
    snapshot_id: str | None
    rows: int
    mode: str
    raw_sha256: str
    result_sha256: str


def _info(submission: Submission, item: Item) -> SubmissionInfo:
    payload = json.loads(item.payload)
    return SubmissionInfo(
        submission.id,
        item.id,
        item.title,
        payload["file_name"],
        submission.submitter,
        submission.scope,
        submission.state,
        submission.submitted_at,
        submission.decided_by,
        submission.snapshot_id,
        payload["rows"],
        payload["mode"],
        payload["raw_sha256"],
        submission.result_sha256,
    )


def submit(db: Database, identity: Identity, item_id: str, base_snapshot: str = "") -> str:
    """Put one of your uploads forward for a publisher to review (once; withdraw to submit again)."""
    require(identity, "submit")
    with db.transaction() as session:
        item = session.get(Item, item_id, with_for_update=True)
        if item is None or item.owner != identity.user_id or item.deleted or item.kind != "upload":
            raise LookupError(f"no upload {item_id!r} of {identity.user_id!r}")
        pending = session.scalars(
            select(Submission).where(Submission.item_id == item_id, Submission.state.in_(("submitted", "published")))
        ).first()
        if pending is not None:
            raise AccessDenied("access.already_submitted", state=pending.state)
        payload = json.loads(item.payload)
        submission = Submission(
            id=new_id(),
            item_id=item_id,
            submitter=identity.user_id,
            scope=payload.get("scope") or identity.scope,
            base_snapshot=base_snapshot,
            result_sha256=payload["result_sha256"],
            state="submitted",
            submitted_at=now(),
        )
        session.add(submission)
        audit.record(session, identity.user_id, "submit", item.title, payload["raw_sha256"], submission=submission.id)
        return submission.id


def withdraw(db: Database, identity: Identity, submission_id: str) -> None:
    with db.transaction() as session:
        submission = session.get(Submission, submission_id, with_for_update=True)
        if submission is None or submission.submitter != identity.user_id or submission.state != "submitted":
            raise LookupError(f"no waiting submission {submission_id!r} of {identity.user_id!r}")
        submission.state, submission.decided_by, submission.decided_at = "withdrawn", identity.user_id, now()
        audit.record(session, identity.user_id, "withdraw", submission_id)


def submissions_of(db: Database, owner: str) -> dict[str, SubmissionInfo]:
    """The latest submission of each of ``owner``'s items, by item id."""
    with db.transaction() as session:
        rows = session.execute(
            select(Submission, Item)
            .join(Item, Item.id == Submission.item_id)
            .where(Submission.submitter == owner)
            .order_by(Submission.submitted_at)
        ).all()
        return {item.id: _info(submission, item) for submission, item in rows}


def review_queue(db: Database, identity: Identity, snapshots_root: Path | None = None) -> list[SubmissionInfo]:
    """Submissions waiting for a publisher whose scope covers them, oldest first (the submitter's
    own are listed too, but cannot be published by them)."""
    require(identity, "publish")
    if snapshots_root is not None:
        reconcile(db, snapshots_root)
    with db.transaction() as session:
        rows = session.execute(
            select(Submission, Item)
            .join(Item, Item.id == Submission.item_id)
            .where(Submission.state == "submitted")
            .order_by(Submission.submitted_at)
        ).all()
        return [_info(s, i) for s, i in rows if identity.national or s.scope == identity.scope]


def submission_frame(db: Database, submission_id: str) -> pd.DataFrame:
    """The accepted observations a submission holds (what a publisher reviews)."""
    with db.transaction() as session:
        submission = session.get(Submission, submission_id)
        if submission is None:
            raise LookupError(f"no submission {submission_id!r}")
        return frame_from_bytes(blob(session, submission.result_sha256))


def check_publishable(submission: Submission | None, identity: Identity) -> Submission:
    """Four eyes, scope, state: raise ``AccessDenied`` unless ``identity`` may publish it now."""
    require(identity, "publish")
    if submission is None:
        raise LookupError("no such submission")
    if submission.state != "submitted":
        raise AccessDenied("access.not_waiting", state=submission.state)
    if submission.submitter == identity.user_id:
        raise AccessDenied("access.four_eyes")
    if not (identity.national or submission.scope == identity.scope):
        raise AccessDenied("access.outside_scope", scope=identity.scope, regions=submission.scope)
    return submission


def lock_submission(session: Session, submission_id: str) -> Submission | None:
    return session.get(Submission, submission_id, with_for_update=True)


def publication_record(submission: Submission, identity: Identity, base_snapshot: str) -> bytes:
    """The file a published snapshot carries, naming what it came from (read by ``reconcile``)."""
    record = {
        "submission": submission.id,
        "item": submission.item_id,
        "submitter": submission.submitter,
        "publisher": identity.user_id,
        "scope": submission.scope,
        "upload_sha256": submission.result_sha256,
        "base_snapshot": base_snapshot,
        "published_at": now().isoformat(timespec="seconds"),
    }
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def mark_published(session: Session, submission: Submission, publisher: str, ref: SnapshotRef, **detail) -> None:
    submission.state, submission.decided_by, submission.decided_at = "published", publisher, now()
    submission.snapshot_id = ref.id
    item = session.get(Item, submission.item_id)
    raw = json.loads(item.payload)["raw_sha256"] if item else ""
    audit.record(
        session,
        publisher,
        "publish",
        ref.id,
        raw,
        submission=submission.id,
        submitter=submission.submitter,
        snapshot_sha256=ref.manifest.sha256,
        **detail,
    )


def reconcile(db: Database, snapshots_root: Path) -> list[str]:
    """Finish the database side of publications whose snapshot folder exists (the commit point)
    but whose transaction did not commit; returns the snapshot ids rolled forward."""
    done = []
    if not snapshots_root.is_dir():
        return done
    for record_path in sorted(snapshots_root.glob(f"*/{PUBLICATION_FILE}")):
        if record_path.parent.name.startswith("."):
            continue
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        with db.transaction() as session:
            submission = lock_submission(session, str(record.get("submission", "")))
            if submission is None or submission.state != "submitted":
                continue
            try:
                ref, _ = open_snapshot(record_path.parent)
            except SnapshotError:
                continue
            mark_published(session, submission, str(record.get("publisher", "")), ref, recovered=True)
            done.append(ref.id)
    return done
