"""Publishing a submission: what the new snapshot would hold (the upload merged over the current
snapshot, or alone, as the analyst confirmed it) for the publisher's side-by-side review, and the
publication itself — four eyes and scope checked under the submission's row lock, the snapshot
written atomically with its publication record, then the database rows and audit entry
(``lib.store.submissions`` explains why a kill anywhere leaves the old state or the new).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd

from lib.core.roles import NATIONAL, Identity, require
from lib.store.database import Database
from lib.store.models import Item
from lib.store.snapshots import SnapshotRef, write_snapshot
from lib.store.submissions import (
    PUBLICATION_FILE,
    check_publishable,
    lock_submission,
    mark_published,
    publication_record,
    reconcile,
)
from lib.store.workspace import blob, frame_from_bytes
from lib.upload.session import merge_over


def publication_mode(mode: str, scope: str) -> str:
    """How a submission becomes a snapshot: as confirmed, except that a province's upload is always
    merged over the current snapshot (alone it would be a snapshot of one province)."""
    return mode if scope == NATIONAL else "merge"


def publication_frame(
    upload: pd.DataFrame, mode: str, base: pd.DataFrame | None, scope: str = NATIONAL
) -> pd.DataFrame:
    """The observations the new snapshot holds."""
    if publication_mode(mode, scope) == "merge" and base is not None:
        return merge_over(base, upload).frame
    return upload


def publish_submission(
    db: Database,
    snapshots_root: Path,
    identity: Identity,
    submission_id: str,
    *,
    base: pd.DataFrame | None,
    base_id: str,
    snapshot_id: str,
    as_of: date,
    title: str,
    source: str,
    publisher: str,
    license: str = "",
    base_demo: bool = False,
) -> SnapshotRef:
    """Publish a waiting submission as a new snapshot; raises ``AccessDenied`` for the submitter
    (four eyes), a publisher of another scope, or a submission no longer waiting. Merged over demo
    data, the snapshot is demo data too."""
    require(identity, "publish")
    reconcile(db, snapshots_root)  # a publication killed before its rows committed is finished first
    with db.transaction() as session:
        submission = check_publishable(lock_submission(session, submission_id), identity)
        item = session.get(Item, submission.item_id)
        payload = json.loads(item.payload)
        upload = frame_from_bytes(blob(session, submission.result_sha256))
        mode = publication_mode(payload["mode"], submission.scope)
        frame = publication_frame(upload, mode, base)
        ref = write_snapshot(
            snapshots_root,
            frame,
            snapshot_id=snapshot_id,
            as_of=as_of,
            title=title,
            publisher=publisher,
            source=source,
            license=license,
            demo=base_demo and mode == "merge",
            notes=f"published from submission {submission.id} ({payload['file_name']}) by {identity.user_id}",
            extra_files={PUBLICATION_FILE: publication_record(submission, identity, base_id)},
        )
        mark_published(session, submission, identity.user_id, ref, base_snapshot=base_id)
    return ref
