"""The tables of what people create (SQLAlchemy 2): users and their roles as last seen, files kept
byte for byte, workspace items (uploads, briefings, saved views, own indicators and targets),
submissions for publication, short links and the audit log; and what officials do with a lagging
target (issue #14): 督办 follow-ups with their trail, report subscriptions with the log of every
delivery, and analysts' notes on the data.

The schema is created and changed only by the Alembic migrations in ``lib/store/migrations/``;
these classes describe it for queries (tests/store/test_database.py checks they agree).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}
ITEM_KINDS = ("upload", "briefing", "view", "indicator", "target")
SUBMISSION_STATES = ("submitted", "published", "withdrawn")
FOLLOW_UP_STATES = ("open", "in_progress", "resolved", "cancelled")
DELIVERY_STATES = ("sending", "sent", "failed")


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


class FollowUp(Base):
    """A 督办 item: a lagging target × region assigned to a responsible unit with a due date.

    ``active_key`` is set (target|region, and the owner for an analyst's own target) while the item
    is open or in progress and cleared when it is resolved or cancelled: a unique column, so two
    people (or two replicas) can never open the same item twice at once.
    """

    __tablename__ = "follow_ups"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(100), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    target_name: Mapped[str] = mapped_column(String(300))  # as it read when opened
    own: Mapped[bool] = mapped_column(Boolean, default=False)  # an analyst's own target: theirs only
    active_key: Mapped[str | None] = mapped_column(String(420), nullable=True, unique=True)
    responsible_unit: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date] = mapped_column(Date)
    measures: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    pace_method: Mapped[str] = mapped_column(String(20))
    opened_by: Mapped[str] = mapped_column(String(200))
    opened_by_name: Mapped[str] = mapped_column(String(200), default="")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_snapshot: Mapped[str] = mapped_column(String(100))
    opened_month: Mapped[str] = mapped_column(String(7))  # the alert's month, YYYY-MM
    opened_colour: Mapped[str] = mapped_column(String(10))
    opened_pace: Mapped[float | None] = mapped_column(Float, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    resolved_snapshot: Mapped[str | None] = mapped_column(String(100), nullable=True)
    resolved_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    resolved_pace: Mapped[float | None] = mapped_column(Float, nullable=True)


class FollowUpEvent(Base):
    """One dated line of a follow-up's trail: opened, a status change, a comment, an edit, the
    recovery the data showed, a cancellation (``detail`` is JSON)."""

    __tablename__ = "follow_up_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    follow_up_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")


class ReportSubscription(Base):
    """A person's monthly 进度通报, filtered to their scope, by e-mail or to a group robot."""

    __tablename__ = "report_subscriptions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    region_code: Mapped[str] = mapped_column(String(6))  # 000000: the national report
    targets: Mapped[str] = mapped_column(Text, default="")  # comma-separated target ids; empty: all
    lang: Mapped[str] = mapped_column(String(5))
    pace: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))  # email | robot
    address: Mapped[str] = mapped_column(String(300))  # the e-mail address, or the robot's name
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Delivery(Base):
    """Every report sent or tried: a row is written (``sending``) before the message goes out and
    finished as ``sent`` or ``failed`` after, so nothing is lost silently — not even a process
    killed while sending (its row stays ``sending`` and is shown, and retried, as interrupted)."""

    __tablename__ = "deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    run_id: Mapped[str] = mapped_column(String(32))
    month: Mapped[str] = mapped_column(String(7), index=True)
    snapshot_id: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(String(6))
    lang: Mapped[str] = mapped_column(String(5))
    channel: Mapped[str] = mapped_column(String(20))  # email | wecom | dingtalk
    recipient: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Annotation(Base):
    """An analyst's note on a target × region × month ("3月受春节因素影响"), shown on charts and
    carried into briefings and reports; a note on an analyst's own target is theirs only."""

    __tablename__ = "annotations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(100), index=True)
    indicator_id: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(String(6))
    period: Mapped[date] = mapped_column(Date)  # the first day of the month it is about
    text: Mapped[str] = mapped_column(String(500))
    author: Mapped[str] = mapped_column(String(200))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
