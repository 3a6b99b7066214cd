"""What officials do with a lagging target (issue #14): 督办 follow-ups and their trail, report
subscriptions and the log of every delivery, analysts' notes on the data. Adds tables only, so a
database of revision 0001 keeps everything it holds.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("target_id", sa.String(100), nullable=False),
        sa.Column("region_code", sa.String(6), nullable=False),
        sa.Column("target_name", sa.String(300), nullable=False),
        sa.Column("own", sa.Boolean(), nullable=False),
        sa.Column("active_key", sa.String(420), nullable=True),
        sa.Column("responsible_unit", sa.String(200), nullable=False),
        sa.Column("contact", sa.String(200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("pace_method", sa.String(20), nullable=False),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("opened_by_name", sa.String(200), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_snapshot", sa.String(100), nullable=False),
        sa.Column("opened_month", sa.String(7), nullable=False),
        sa.Column("opened_colour", sa.String(10), nullable=False),
        sa.Column("opened_pace", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_snapshot", sa.String(100), nullable=True),
        sa.Column("resolved_month", sa.String(7), nullable=True),
        sa.Column("resolved_pace", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_follow_ups"),
        sa.UniqueConstraint("active_key", name="uq_follow_ups_active_key"),
    )
    op.create_index("ix_follow_ups_target_id", "follow_ups", ["target_id"])
    op.create_index("ix_follow_ups_region_code", "follow_ups", ["region_code"])
    op.create_index("ix_follow_ups_status", "follow_ups", ["status"])
    op.create_table(
        "follow_up_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("follow_up_id", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_follow_up_events"),
    )
    op.create_index("ix_follow_up_events_follow_up_id", "follow_up_events", ["follow_up_id"])
    op.create_table(
        "report_subscriptions",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("region_code", sa.String(6), nullable=False),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("pace", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_report_subscriptions"),
    )
    op.create_index("ix_report_subscriptions_owner", "report_subscriptions", ["owner"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subscription_id", sa.String(32), nullable=True),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("snapshot_id", sa.String(100), nullable=False),
        sa.Column("region_code", sa.String(6), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("recipient", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
    )
    op.create_index("ix_deliveries_subscription_id", "deliveries", ["subscription_id"])
    op.create_index("ix_deliveries_month", "deliveries", ["month"])
    op.create_table(
        "annotations",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("target_id", sa.String(100), nullable=False),
        sa.Column("indicator_id", sa.String(100), nullable=False),
        sa.Column("region_code", sa.String(6), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_annotations"),
    )
    op.create_index("ix_annotations_target_id", "annotations", ["target_id"])


def downgrade() -> None:
    for table in ("annotations", "deliveries", "report_subscriptions", "follow_up_events", "follow_ups"):
        op.drop_table(table)
