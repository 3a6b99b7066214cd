"""A person's workspace in the database: who they are as last seen, the files they uploaded (kept
byte for byte with their sha256, mapping and accepted observations), the briefing they are building,
saved views and their own indicators and targets — listed, renamed, deleted, reopened.

Every function takes the acting ``Identity`` or owner id and touches only that owner's rows; each
write is one transaction. Payloads are JSON:

- ``upload``: file_name, raw_sha256, result_sha256, rows, mode, mapping, read, scope
- ``briefing``: brief (the ``brief`` URL parameter)
- ``view``: link (a short-link id), page
- ``indicator`` / ``target``: the records an analyst defines (issue #10), as given
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lib.core.roles import AccessDenied, Identity, require
from lib.store import audit
from lib.store.database import Database, new_id, now
from lib.store.models import ITEM_KINDS, Blob, Item, User
from lib.store.snapshots import parquet_bytes, sha256_of, to_table


@dataclass(frozen=True)
class ItemSummary:
    id: str
    kind: str
    title: str
    created_at: datetime
    updated_at: datetime
    payload: dict


@dataclass(frozen=True)
class UploadRecord:
    """A confirmed upload as saved: enough to put it in force again on any replica."""

    item_id: str
    title: str
    file_name: str
    mode: str
    frame: pd.DataFrame
    raw_sha256: str
    result_sha256: str
    mapping: dict
    read: dict
    scope: str


# --- people ---------------------------------------------------------------------------------------
def sign_in(db: Database, identity: Identity, roles_sha256: str = "") -> None:
    """Record that ``identity`` is looking (once per browser session): a new person, a role or scope
    the roles file changed, and a changed roles file go into the audit log."""
    for attempt in range(2):  # two replicas may insert the same new person at once
        try:
            with db.transaction() as session:
                _sign_in(session, identity, roles_sha256)
            return
        except IntegrityError:
            if attempt:
                raise


def _sign_in(session: Session, identity: Identity, roles_sha256: str) -> None:
    user = session.get(User, identity.user_id, with_for_update=True)
    stamp = now()
    groups = ",".join(identity.groups)
    if user is None:
        session.add(
            User(
                id=identity.user_id,
                name=identity.name,
                groups=groups,
                role=identity.role,
                scope=identity.scope,
                role_source=identity.role_source,
                first_seen=stamp,
                last_seen=stamp,
            )
        )
        audit.record(
            session, identity.user_id, "first_sign_in", identity.user_id, role=identity.role, scope=identity.scope
        )
        session.flush()
    else:
        if (user.role, user.scope) != (identity.role, identity.scope):
            audit.record(
                session,
                "roles-file",
                "role_changed",
                identity.user_id,
                roles_sha256,
                old=f"{user.role}/{user.scope}",
                new=f"{identity.role}/{identity.scope}",
                source=identity.role_source,
            )
        user.name, user.groups, user.role, user.scope = identity.name, groups, identity.role, identity.scope
        user.role_source, user.last_seen = identity.role_source, stamp
    if roles_sha256:
        last = audit.latest(session, "roles_file")
        if last is None or last.sha256 != roles_sha256:
            audit.record(session, identity.user_id, "roles_file", "roles", roles_sha256)


def users_frame(db: Database) -> pd.DataFrame:
    """Everyone seen so far with the role and scope they had then (the admin page)."""
    with db.transaction() as session:
        users = session.scalars(select(User).order_by(User.id)).all()
        rows = [
            {
                "user": u.id,
                "name": u.name,
                "role": u.role,
                "scope": u.scope,
                "source": u.role_source,
                "groups": u.groups,
                "last_seen": u.last_seen.replace(tzinfo=None).isoformat(timespec="seconds"),
            }
            for u in users
        ]
    return pd.DataFrame(rows, columns=["user", "name", "role", "scope", "source", "groups", "last_seen"])


def _user(session: Session, user_id: str) -> User:
    user = session.get(User, user_id, with_for_update=True)
    if user is None:
        raise LookupError(f"unknown user {user_id!r} (sign_in first)")
    return user


# --- files ----------------------------------------------------------------------------------------
def put_blob(session: Session, data: bytes) -> str:
    digest = sha256_of(data)
    if session.get(Blob, digest) is None:
        session.add(Blob(sha256=digest, size=len(data), data=data))
        session.flush()
    return digest


def blob(session: Session, digest: str) -> bytes:
    found = session.get(Blob, digest)
    if found is None:
        raise LookupError(f"no stored file {digest}")
    return found.data


def frame_bytes(frame: pd.DataFrame) -> bytes:
    """Accepted observations as Parquet (the snapshot schema), as they are kept."""
    return parquet_bytes(to_table(frame))


def frame_from_bytes(data: bytes) -> pd.DataFrame:
    frame = pq.read_table(io.BytesIO(data)).to_pandas()
    frame["period"] = pd.to_datetime(frame["period"])
    return frame


# --- items ----------------------------------------------------------------------------------------
def _item(session: Session, owner: str, item_id: str, kind: str | None = None) -> Item:
    item = session.get(Item, item_id)
    if item is None or item.owner != owner or item.deleted or (kind and item.kind != kind):
        raise LookupError(f"no item {item_id!r} of {owner!r}")
    return item


def save_item(db: Database, owner: str, kind: str, title: str, payload: dict, item_id: str | None = None) -> str:
    """Create (or, with ``item_id``, replace the payload of) one of ``owner``'s items."""
    if kind not in ITEM_KINDS:
        raise ValueError(f"unknown item kind {kind!r}")
    with db.transaction() as session:
        return _save_item(session, owner, kind, title, payload, item_id)


def save_item_in(session: Session, owner: str, kind: str, title: str, payload: dict, item_id: str | None = None) -> str:
    """``save_item`` inside a transaction the caller holds (one user action, one transaction)."""
    if kind not in ITEM_KINDS:
        raise ValueError(f"unknown item kind {kind!r}")
    return _save_item(session, owner, kind, title, payload, item_id)


def _save_item(session: Session, owner: str, kind: str, title: str, payload: dict, item_id: str | None) -> str:
    stamp = now()
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    if item_id:
        item = _item(session, owner, item_id, kind)
        item.payload, item.updated_at = text, stamp
        return item.id
    item = Item(
        id=new_id(),
        owner=owner,
        kind=kind,
        title=title[:300],
        payload=text,
        created_at=stamp,
        updated_at=stamp,
        deleted=False,
    )
    session.add(item)
    return item.id


def items(db: Database, owner: str, kind: str | None = None) -> list[ItemSummary]:
    """``owner``'s items, most recently changed first."""
    with db.transaction() as session:
        query = select(Item).where(Item.owner == owner, Item.deleted.is_(False))
        if kind:
            query = query.where(Item.kind == kind)
        found = session.scalars(query.order_by(Item.updated_at.desc(), Item.id)).all()
        return [ItemSummary(i.id, i.kind, i.title, i.created_at, i.updated_at, json.loads(i.payload)) for i in found]


def rename_item(db: Database, owner: str, item_id: str, title: str) -> None:
    title = title.strip()[:300]
    if not title:
        raise ValueError("a title cannot be empty")
    with db.transaction() as session:
        item = _item(session, owner, item_id)
        before = item.title
        item.title, item.updated_at = title, now()
        audit.record(session, owner, "item_rename", title, item=item_id, kind=item.kind, before=before)


def delete_item(db: Database, owner: str, item_id: str) -> None:
    """Remove an item from the workspace (kept for the audit trail; no longer in force)."""
    with db.transaction() as session:
        _delete_item(session, owner, item_id)


def _delete_item(session: Session, owner: str, item_id: str) -> None:
    item = _item(session, owner, item_id)
    item.deleted, item.updated_at = True, now()
    user = session.get(User, owner, with_for_update=True)
    if user is not None:
        if user.active_upload == item_id:
            user.active_upload = None
        if user.active_briefing == item_id:
            user.active_briefing = None
    audit.record(session, owner, "item_delete", item.title, item=item_id, kind=item.kind)


# --- uploads --------------------------------------------------------------------------------------
def confirm_upload(
    db: Database,
    identity: Identity,
    *,
    file_name: str,
    raw: bytes,
    frame: pd.DataFrame,
    mode: str,
    mapping: dict,
    read: dict | None = None,
    own_indicators: list[dict] = (),
    own_targets: list[dict] = (),
) -> str:
    """Confirming an upload, the whole user action in one transaction: the upload kept and put in
    force, with the analyst's own indicators and targets it uses (same id: replaced), each write
    with its audit entry. A process killed anywhere leaves all of it or none of it."""
    require(identity, "upload")
    outside = sorted({code for code in frame["region_code"].astype("str") if not identity.covers(code)})
    if outside:
        raise AccessDenied("access.outside_scope", scope=identity.scope, regions=", ".join(outside[:5]))
    result = frame_bytes(frame)
    with db.transaction() as session:
        raw_sha, result_sha = put_blob(session, raw), put_blob(session, result)
        payload = {
            "file_name": file_name,
            "raw_sha256": raw_sha,
            "result_sha256": result_sha,
            "rows": len(frame),
            "mode": mode,
            "mapping": mapping,
            "read": read or {},
            "scope": identity.scope,
        }
        item_id = _save_item(session, identity.user_id, "upload", file_name, payload, None)
        _user(session, identity.user_id).active_upload = item_id
        audit.record(session, identity.user_id, "upload", file_name, raw_sha, item=item_id, rows=len(frame), mode=mode)
        for kind, records in (("indicator", list(own_indicators)), ("target", list(own_targets))):
            if records:
                _put_records(session, identity.user_id, kind, records, [own_title(record) for record in records])
    return item_id


def own_title(record: dict) -> str:
    """How an own indicator or target is titled in the workspace."""
    return record.get("name_zh") or record["id"]


def load_upload(db: Database, owner: str, item_id: str) -> UploadRecord:
    with db.transaction() as session:
        item = _item(session, owner, item_id, "upload")
        payload = json.loads(item.payload)
        frame = frame_from_bytes(blob(session, payload["result_sha256"]))
        return UploadRecord(
            item.id,
            item.title,
            payload["file_name"],
            payload["mode"],
            frame,
            payload["raw_sha256"],
            payload["result_sha256"],
            payload.get("mapping", {}),
            payload.get("read", {}),
            payload.get("scope", ""),
        )


def raw_file(db: Database, owner: str, item_id: str) -> bytes:
    """The uploaded file exactly as it came."""
    with db.transaction() as session:
        payload = json.loads(_item(session, owner, item_id, "upload").payload)
        return blob(session, payload["raw_sha256"])


def active_items(db: Database, owner: str) -> tuple[str | None, str | None]:
    """(the upload in force, the briefing being built) of ``owner``: item ids or None."""
    with db.transaction() as session:
        user = session.get(User, owner)
        return (user.active_upload, user.active_briefing) if user else (None, None)


def set_active_upload(db: Database, owner: str, item_id: str | None) -> None:
    """Put one of ``owner``'s uploads in force (reopen), or none (back to the snapshot)."""
    with db.transaction() as session:
        if item_id is not None:
            _item(session, owner, item_id, "upload")
        user = _user(session, owner)
        if user.active_upload == item_id:
            return
        before = user.active_upload
        user.active_upload = item_id
        if item_id is None:
            audit.record(session, owner, "upload_end", item=before)
        else:
            audit.record(session, owner, "upload_reopen", item=item_id)


# --- the briefing being built -------------------------------------------------------------------------
def save_briefing(db: Database, owner: str, brief: str, title: str) -> str | None:
    """Keep the briefing as it grows (one item, updated in place); an empty one is none in force."""
    with db.transaction() as session:
        user = _user(session, owner)
        if not brief:
            user.active_briefing = None
            return None
        current = user.active_briefing
        if current and session.get(Item, current) is not None and not session.get(Item, current).deleted:
            return _save_item(session, owner, "briefing", title, {"brief": brief}, current)
        user.active_briefing = _save_item(session, owner, "briefing", title, {"brief": brief}, None)
        return user.active_briefing


def open_briefing(db: Database, owner: str, item_id: str) -> str:
    """Make a saved briefing the one being built; returns its ``brief`` parameter."""
    with db.transaction() as session:
        item = _item(session, owner, item_id, "briefing")
        _user(session, owner).active_briefing = item.id
        return json.loads(item.payload)["brief"]


def briefing(db: Database, owner: str, item_id: str) -> str:
    with db.transaction() as session:
        return json.loads(_item(session, owner, item_id, "briefing").payload)["brief"]


# --- own indicators and targets (records with an ``id``, as issue #10 defines them) ---------------------
def put_records(db: Database, owner: str, kind: str, records: list[dict], titles: list[str]) -> list[str]:
    """Keep ``owner``'s own indicators or targets: a record of the same ``id`` is replaced in place."""
    with db.transaction() as session:
        return _put_records(session, owner, kind, records, titles)


def _put_records(session: Session, owner: str, kind: str, records: list[dict], titles: list[str]) -> list[str]:
    if kind not in ("indicator", "target"):
        raise ValueError(f"not a kind of own record: {kind!r}")
    existing = {
        json.loads(item.payload).get("id"): item.id
        for item in session.scalars(select(Item).where(Item.owner == owner, Item.kind == kind, Item.deleted.is_(False)))
    }
    saved = [
        _save_item(session, owner, kind, title, record, existing.get(record["id"]))
        for record, title in zip(records, titles, strict=True)
    ]
    audit.record(session, owner, "own_save", ", ".join(titles)[:300], kind=kind, ids=[r["id"] for r in records])
    return saved


def drop_record(db: Database, owner: str, kind: str, record_id: str) -> None:
    """Remove an own indicator or target (by its record id) from the workspace: one transaction."""
    with db.transaction() as session:
        found = session.scalars(
            select(Item).where(Item.owner == owner, Item.kind == kind, Item.deleted.is_(False))
        ).all()
        for item in found:
            if json.loads(item.payload).get("id") == record_id:
                _delete_item(session, owner, item.id)


def records(db: Database, owner: str, kind: str) -> list[dict]:
    """``owner``'s own indicators or targets, oldest first (the order they were defined in)."""
    return [item.payload for item in sorted(items(db, owner, kind), key=lambda item: item.created_at)]
