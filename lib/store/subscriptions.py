"""Report subscriptions and the delivery log: a person subscribes to the monthly 进度通报 filtered to
their scope (the nation, or one province; optionally some targets), by e-mail or to a group robot;
``python -m lib.cli send-reports`` sends each one and records every delivery here.

A delivery is *claimed* (a ``sending`` row, under the subscription's row lock) before the message
goes out and *finished* as ``sent`` or ``failed`` after. So a subscription already sent for a month
is skipped when the job runs again, a failed one is tried again on the next run, two runs at once
never both send it, and a process killed while sending leaves a ``sending`` row that is shown (and,
once its lease is over, retried) as interrupted — nothing is lost silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lib.core import settings
from lib.core.i18n import LocalizedError
from lib.core.roles import AccessDenied, Identity, require
from lib.store import audit
from lib.store.database import Database, new_id, now
from lib.store.models import Delivery, ReportSubscription

CHANNELS = ("email", "robot")
NATIONAL_REPORT = "000000"
LEASE = timedelta(minutes=30)  # a claim older than this, still "sending", was interrupted
_ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


class SubscriptionError(LocalizedError):
    """A subscription that cannot be saved as given; the message says what to change."""


def check_address(address: str) -> str:
    """An e-mail address as one recipient (no lists, no display names, no header tricks); one longer
    than 300 characters is refused, never cut."""
    address = str(address or "").strip()
    if len(address) > 300:
        raise SubscriptionError("delivery.error.address_long", length=len(address), limit=300)
    if not _ADDRESS.match(address):
        raise SubscriptionError("delivery.error.address", address=address[:80])
    return address


def address_allowed(identity: Identity, address: str) -> bool:
    """An address a person may have reports sent to: on the admin's list of domains, or their own
    (their user id); anything in a deployment without sign-in (its one user is the machine's)."""
    if identity.mode == "none" or address.casefold() == identity.user_id.casefold():
        return True
    domain = address.rsplit("@", 1)[-1].lower()
    return any(domain == allowed or domain.endswith("." + allowed) for allowed in settings.mail_domains())


def robot_serves(scopes: tuple[str, ...], region_code: str) -> bool:
    """A group robot tagged with the scopes it serves (``national`` or province codes) takes only
    reports of those scopes: a province's report never goes to the national group, nor the reverse."""
    scope = "national" if region_code == NATIONAL_REPORT else region_code
    return scope in scopes


@dataclass(frozen=True)
class SubscriptionInfo:
    id: str
    owner: str
    region_code: str
    targets: tuple[str, ...]
    lang: str
    pace: str
    channel: str
    address: str
    active: bool
    created_at: datetime

    @property
    def region(self) -> str | None:
        """The province of the report, or None for the national one."""
        return None if self.region_code == NATIONAL_REPORT else self.region_code


@dataclass(frozen=True)
class DeliveryInfo:
    id: int
    subscription_id: str | None
    run_id: str
    month: str
    snapshot_id: str
    region_code: str
    lang: str
    channel: str
    recipient: str
    status: str  # sending | sent | failed | interrupted (a ``sending`` row past its lease)
    attempts: int
    error: str
    started_at: datetime
    finished_at: datetime | None


def _info(row: ReportSubscription) -> SubscriptionInfo:
    targets = tuple(part for part in row.targets.split(",") if part)
    return SubscriptionInfo(
        row.id, row.owner, row.region_code, targets, row.lang, row.pace, row.channel, row.address, row.active,
        row.created_at,
    )  # fmt: skip


def _aware(moment: datetime) -> datetime:
    """SQLite hands times back without their zone (they are stored in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _delivery(row: Delivery, moment: datetime) -> DeliveryInfo:
    status = row.status
    if status == "sending" and moment - _aware(row.started_at) > LEASE:
        status = "interrupted"
    return DeliveryInfo(
        row.id, row.subscription_id, row.run_id, row.month, row.snapshot_id, row.region_code, row.lang,
        row.channel, row.recipient, status, row.attempts, row.error, row.started_at, row.finished_at,
    )  # fmt: skip


def subscribe(
    db: Database,
    identity: Identity,
    *,
    channel: str,
    address: str,
    region_code: str,
    targets: list[str] | tuple[str, ...] = (),
    lang: str = "zh",
    pace: str = "linear",
    robot_scopes: tuple[str, ...] | None = None,
) -> str:
    """Subscribe ``identity`` to a monthly report of ``region_code`` (000000: national) within their
    scope; a group robot needs an analyst (it speaks to a whole group) and must serve the report's
    scope (``robot_scopes``, from the robots file; send-reports checks again); an e-mail address
    must be allowed (``address_allowed``) and within the person's limit of addresses. The same
    subscription twice is kept once."""
    require(identity, "subscribe")
    if not (identity.signed_in or identity.mode == "none"):
        raise AccessDenied("followups.error.sign_in")
    if channel not in CHANNELS:
        raise SubscriptionError("subscriptions.error.channel")
    if channel == "robot":
        require(identity, "subscribe_robot")
        address = str(address or "").strip()
        if not address:
            raise SubscriptionError("subscriptions.error.robot_missing")
        if robot_scopes is not None and not robot_serves(robot_scopes, region_code):
            raise AccessDenied("delivery.error.robot_scope", name=address, region=region_code)
    else:
        address = check_address(address)
        if not address_allowed(identity, address):
            raise SubscriptionError("delivery.error.address_domain", domain=address.rsplit("@", 1)[-1][:80])
    if not identity.covers(region_code):
        raise AccessDenied("access.outside_scope", scope=identity.scope, regions=region_code)
    chosen = ",".join(sorted(dict.fromkeys(str(t) for t in targets if t)))
    stamp = now()
    with db.transaction() as session:
        same = session.scalars(
            select(ReportSubscription).where(
                ReportSubscription.owner == identity.user_id,
                ReportSubscription.active.is_(True),
                ReportSubscription.channel == channel,
                ReportSubscription.address == address,
                ReportSubscription.region_code == region_code,
                ReportSubscription.targets == chosen,
                ReportSubscription.lang == lang,
                ReportSubscription.pace == pace,
            )
        ).first()
        if same is not None:
            return same.id
        if channel == "email":
            addresses = set(
                session.scalars(
                    select(ReportSubscription.address).where(
                        ReportSubscription.owner == identity.user_id,
                        ReportSubscription.active.is_(True),
                        ReportSubscription.channel == "email",
                    )
                )
            )
            if address not in addresses and len(addresses) >= settings.mail_limit():
                raise SubscriptionError("delivery.error.address_limit", limit=settings.mail_limit())
        row = ReportSubscription(
            id=new_id(),
            owner=identity.user_id,
            region_code=region_code,
            targets=chosen,
            lang=lang,
            pace=pace,
            channel=channel,
            address=address,
            active=True,
            created_at=stamp,
            updated_at=stamp,
        )
        session.add(row)
        audit.record(
            session,
            identity.user_id,
            "subscribe",
            row.id,
            channel=channel,
            address=address,
            region=region_code,
            targets=chosen,
            lang=lang,
        )
        return row.id


def unsubscribe(db: Database, identity: Identity, subscription_id: str) -> None:
    """Stop a subscription (its owner; an admin for anyone's). Its deliveries stay in the log."""
    with db.transaction() as session:
        row = session.get(ReportSubscription, subscription_id, with_for_update=True)
        if row is None or not row.active or (row.owner != identity.user_id and not identity.can("admin")):
            raise LookupError(f"no active subscription {subscription_id!r} of {identity.user_id!r}")
        row.active, row.updated_at = False, now()
        audit.record(session, identity.user_id, "unsubscribe", row.id, owner=row.owner)


def subscriptions_of(db: Database, owner: str) -> list[SubscriptionInfo]:
    """``owner``'s active subscriptions, oldest first."""
    with db.transaction() as session:
        rows = session.scalars(
            select(ReportSubscription)
            .where(ReportSubscription.owner == owner, ReportSubscription.active.is_(True))
            .order_by(ReportSubscription.created_at, ReportSubscription.id)
        )
        return [_info(row) for row in rows]


def active_subscriptions(db: Database) -> list[SubscriptionInfo]:
    """Every active subscription (what the monthly job sends), oldest first."""
    with db.transaction() as session:
        rows = session.scalars(
            select(ReportSubscription)
            .where(ReportSubscription.active.is_(True))
            .order_by(ReportSubscription.created_at, ReportSubscription.id)
        )
        return [_info(row) for row in rows]


# --- the delivery log -------------------------------------------------------------------------------
def claim(
    db: Database,
    subscription_id: str | None,
    *,
    run_id: str,
    month: str,
    snapshot_id: str,
    region_code: str,
    lang: str,
    channel: str,
    recipient: str,
) -> int | None:
    """Record that a delivery is about to be made and return its id — or None when this
    subscription was already sent for ``month``, or another run is sending it now."""
    with db.transaction() as session:
        moment = now()
        if subscription_id is not None:
            subscription = session.get(ReportSubscription, subscription_id, with_for_update=True)
            if subscription is None or not subscription.active:
                return None
            earlier = session.scalars(
                select(Delivery).where(Delivery.subscription_id == subscription_id, Delivery.month == month)
            ).all()
            for row in earlier:
                if row.status == "sent" or (row.status == "sending" and moment - _aware(row.started_at) <= LEASE):
                    return None
        row = Delivery(
            subscription_id=subscription_id,
            run_id=run_id,
            month=month,
            snapshot_id=snapshot_id,
            region_code=region_code,
            lang=lang,
            channel=channel,
            recipient=recipient,
            status="sending",
            attempts=0,
            error="",
            started_at=moment,
        )
        session.add(row)
        session.flush()
        return row.id


def finish(db: Database, delivery_id: int, *, ok: bool, attempts: int, error: str = "") -> None:
    """What became of a claimed delivery: sent, or failed with the last error."""
    with db.transaction() as session:
        row = session.get(Delivery, delivery_id, with_for_update=True)
        if row is None:
            raise LookupError(f"no delivery {delivery_id}")
        row.status, row.attempts, row.error, row.finished_at = ("sent" if ok else "failed"), attempts, error, now()


def deliveries(
    db: Database, *, owner: str | None = None, subscription_ids: list[str] | None = None, limit: int = 500
) -> list[DeliveryInfo]:
    """The delivery log, newest first: of one owner's subscriptions, of some subscriptions, or all."""
    with db.transaction() as session:
        query = select(Delivery)
        if owner is not None:
            mine = select(ReportSubscription.id).where(ReportSubscription.owner == owner)
            query = query.where(Delivery.subscription_id.in_(mine))
        if subscription_ids is not None:
            query = query.where(Delivery.subscription_id.in_(subscription_ids))
        rows = session.scalars(query.order_by(Delivery.id.desc()).limit(limit)).all()
        moment = now()
        return [_delivery(row, moment) for row in rows]


def latest_by_subscription(db: Database, subscription_ids: list[str]) -> dict[str, DeliveryInfo]:
    """The newest delivery of each subscription (those never sent are absent)."""
    found: dict[str, DeliveryInfo] = {}
    for delivery in deliveries(db, subscription_ids=subscription_ids, limit=10_000):
        found.setdefault(delivery.subscription_id, delivery)
    return found
