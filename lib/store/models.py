"""The tables of what people create (SQLAlchemy 2): users and their roles as last seen, files kept
byte for byte, workspace items (uploads, briefings, saved views, own indicators and targets),
submissions for publication, short links and the audit log.

The schema is created and changed only by the Alembic migrations in ``lib/store/migrations/``;
these classes describe it for queries (tests/store/test_database.py checks they agree).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}
ITEM_KINDS = ("upload", "briefing", "view", "indicator", "target")
SUBMISSION_STATES = ("submitted", "published", "withdrawn")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    """A person as last seen: the role and scope the roles file gave them, their items in force."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    groups: Mapped[str] = mapped_column(Text, default="")  # comma-separated, as the proxy sent them
    role: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(20))
    role_source: Mapped[str] = mapped_column(String(220), default="")
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    active_upload: Mapped[str | None] = mapped_column(String(32), nullable=True)  # a workspace item id
    active_briefing: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Blob(Base):
    """A file kept byte for byte (an uploaded file, an upload's accepted observations as Parquet)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Item(Base):
    """One thing in a person's workspace; ``payload`` is JSON (see lib.store.workspace)."""

    __tablename__ = "workspace_items"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Submission(Base):
    """An analyst's upload put forward for publication, and what became of it."""

    __tablename__ = "submissions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(32), index=True)
    submitter: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(20))
    base_snapshot: Mapped[str] = mapped_column(String(100), default="")
    result_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20), index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    snapshot_id: Mapped[str | None] = mapped_column(String(100), nullable=True)


class ShortLink(Base):
    """A view's URL parameters under a short id: ``/?v=<id>`` (never deleted: links are shared)."""

    __tablename__ = "short_links"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    page: Mapped[str] = mapped_column(String(40))
    params: Mapped[str] = mapped_column(Text)  # JSON, without the language
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what, when, with the file's hash."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON
