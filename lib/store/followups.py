"""督办 follow-ups: a lagging target × region assigned to a responsible unit, with a contact, a due
date and the measures agreed; a dated trail of comments and changes; and the data closing it.

People move an item between *open* and *in progress*. Nobody marks it resolved by hand: it is
*resolved* by the data only — ``close_recovered``, called with the items whose pace is back to
green in the newest published snapshot — and then shows the recovery (snapshot, month, pace). A
publisher, or the person who opened it, may *cancel* one opened by mistake (with a reason).

Every function takes the acting ``Identity`` and checks on the server what the page may already
hide: the role (``follow_up`` to open, edit and change status; ``comment`` to comment) and the
scope — a province's people see and act on that province's items only, and an item on an analyst's
own target (issue #10) is its owner's alone. Each write is one transaction with its audit entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lib.core.i18n import LocalizedError
from lib.core.roles import AccessDenied, Identity, require
from lib.store import audit
from lib.store.database import Database, new_id, now
from lib.store.models import FollowUp, FollowUpEvent

ACTIVE_STATES = ("open", "in_progress")
MANUAL_MOVES = {("open", "in_progress"), ("in_progress", "open")}  # resolving is the data's
ALERTING = ("red", "yellow")  # the colours a follow-up can be opened on
LIMITS = {"responsible_unit": 200, "contact": 200, "measures": 4000, "text": 2000, "reason": 2000}
DATA_ACTOR = "data"  # who closes an item whose pace is back to green


class FollowUpError(LocalizedError):
    """A follow-up that cannot be saved as given; the message says which field and what to do."""


@dataclass(frozen=True)
class TrailEntry:
    at: datetime
    actor: str
    actor_name: str
    kind: str  # opened | status | comment | edited | recovered | cancelled
    text: str
    detail: dict


@dataclass(frozen=True)
class FollowUpInfo:
    id: str
    target_id: str
    region_code: str
    target_name: str
    own: bool
    responsible_unit: str
    contact: str
    due_date: date
    measures: str
    status: str
    pace_method: str
    opened_by: str
    opened_by_name: str
    opened_at: datetime
    opened_snapshot: str
    opened_month: str
    opened_colour: str
    opened_pace: float | None
    updated_at: datetime
    resolved_at: datetime | None
    resolved_snapshot: str | None
    resolved_month: str | None
    resolved_pace: float | None
    trail: tuple[TrailEntry, ...] = field(default=())

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATES

    def overdue(self, today: date) -> bool:
        return self.active and self.due_date < today

    @property
    def key(self) -> tuple[str, str]:
        return self.target_id, self.region_code


@dataclass(frozen=True)
class Recovery:
    """An active follow-up whose item is green in a published snapshot: what closes it."""

    follow_up_id: str
    snapshot_id: str
    month: str  # YYYY-MM
    pace: float | None
    completion: float | None = None


def active_key(target_id: str, region_code: str, own_by: str | None) -> str:
    return "|".join([target_id, region_code, *([own_by] if own_by else [])])


def may_see(identity: Identity, item: FollowUp | FollowUpInfo) -> bool:
    """The province it concerns (or everyone national) sees an item; an own target's, its owner only."""
    if item.own:
        return item.opened_by == identity.user_id
    return identity.covers(item.region_code)


def known(identity: Identity) -> None:
    """Only a person we know leaves a trail (an anonymous visitor of a signed-in deployment does not)."""
    if not (identity.signed_in or identity.mode == "none"):
        raise AccessDenied("followups.error.sign_in")


def _check_scope(identity: Identity, region_code: str) -> None:
    if not identity.covers(region_code):
        raise AccessDenied("access.outside_scope", scope=identity.scope, regions=region_code)


def _text(value: str, name: str, *, required: bool = False) -> str:
    value = "".join(ch for ch in str(value or "") if ch.isprintable() or ch == "\n").strip()
    if required and not value:
        raise FollowUpError(f"followups.error.{name}_missing")
    if len(value) > LIMITS[name]:
        raise FollowUpError(
            "followups.error.too_long", field=LocalizedError(f"followups.fieldname.{name}"), limit=LIMITS[name]
        )
    return value


def calendar_today() -> date:
    """The date due dates are checked against (the server's own calendar day, as the page's picker)."""
    return date.today()


def _due(value: date | None, unchanged: date | None = None) -> date:
    """A due date of today or later (the page's picker offers no other; a replayed message might) —
    or the item's own date kept as it was, even once it has passed."""
    if not isinstance(value, date):
        raise FollowUpError("followups.error.due_missing")
    if value < calendar_today() and value != unchanged:
        raise FollowUpError("followups.error.due_past", due=value.isoformat(), today=calendar_today().isoformat())
    return value


def _event(session: Session, follow_up: FollowUp, identity: Identity | None, kind: str, text: str = "", **detail):
    session.add(
        FollowUpEvent(
            follow_up_id=follow_up.id,
            at=now(),
            actor=identity.user_id if identity else DATA_ACTOR,
            actor_name=identity.name if identity else "",
            kind=kind,
            text=text,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def open_follow_up(
    db: Database,
    identity: Identity,
    *,
    target_id: str,
    region_code: str,
    target_name: str,
    own: bool,
    responsible_unit: str,
    contact: str,
    due_date: date | None,
    measures: str,
    pace_method: str,
    snapshot_id: str,
    month: str,
    colour: str,
    pace: float | None,
) -> str:
    """Open a follow-up from an alert (red or yellow); one active item per target × region."""
    require(identity, "follow_up")
    known(identity)
    _check_scope(identity, region_code)
    if colour not in ALERTING:
        raise FollowUpError("followups.error.not_alerting")
    unit = _text(responsible_unit, "responsible_unit", required=True)
    contact = _text(contact, "contact")
    measures = _text(measures, "measures")
    due = _due(due_date)
    stamp = now()
    item = FollowUp(
        id=new_id(),
        target_id=target_id,
        region_code=region_code,
        target_name=target_name[:300],
        own=own,
        active_key=active_key(target_id, region_code, identity.user_id if own else None),
        responsible_unit=unit,
        contact=contact,
        due_date=due,
        measures=measures,
        status="open",
        pace_method=pace_method,
        opened_by=identity.user_id,
        opened_by_name=identity.name,
        opened_at=stamp,
        opened_snapshot=snapshot_id,
        opened_month=month,
        opened_colour=colour,
        opened_pace=pace,
        updated_at=stamp,
    )
    try:
        with db.transaction() as session:
            existing = session.scalars(select(FollowUp).where(FollowUp.active_key == item.active_key)).first()
            if existing is not None:
                raise FollowUpError("followups.error.exists", unit=existing.responsible_unit)
            session.add(item)
            session.flush()  # the unique key decides between two people opening it at once
            _event(session, item, identity, "opened", measures, unit=unit, due=due.isoformat(), colour=colour)
            audit.record(
                session,
                identity.user_id,
                "follow_up_open",
                f"{target_id}/{region_code}",
                follow_up=item.id,
                unit=unit,
                due=due.isoformat(),
                colour=colour,
                snapshot=snapshot_id,
            )
    except IntegrityError:
        raise FollowUpError("followups.error.exists", unit="") from None
    return item.id


def _locked(session: Session, identity: Identity, follow_up_id: str) -> FollowUp:
    item = session.get(FollowUp, follow_up_id, with_for_update=True)
    if item is None or not may_see(identity, item):
        raise LookupError(f"no follow-up {follow_up_id!r} for {identity.user_id!r}")
    return item


def set_status(db: Database, identity: Identity, follow_up_id: str, status: str, note: str = "") -> None:
    """open <-> in progress (with an optional note); resolving is the data's, never a person's."""
    require(identity, "follow_up")
    note = _text(note, "text")
    with db.transaction() as session:
        item = _locked(session, identity, follow_up_id)
        _check_scope(identity, item.region_code)
        if status == "resolved":
            raise FollowUpError("followups.error.resolved_by_data")
        if (item.status, status) not in MANUAL_MOVES:
            raise FollowUpError("followups.error.move", old=item.status, new=status)
        old, item.status, item.updated_at = item.status, status, now()
        _event(session, item, identity, "status", note, old=old, new=status)
        audit.record(session, identity.user_id, "follow_up_status", item.id, old=old, new=status)


def edit(
    db: Database,
    identity: Identity,
    follow_up_id: str,
    *,
    responsible_unit: str,
    contact: str,
    due_date: date | None,
    measures: str,
) -> None:
    """Change the responsible unit, contact, due date or measures of an active item (the trail keeps
    what they were)."""
    require(identity, "follow_up")
    new = {
        "responsible_unit": _text(responsible_unit, "responsible_unit", required=True),
        "contact": _text(contact, "contact"),
        "measures": _text(measures, "measures"),
    }
    with db.transaction() as session:
        item = _locked(session, identity, follow_up_id)
        _check_scope(identity, item.region_code)
        if item.status not in ACTIVE_STATES:
            raise FollowUpError("followups.error.closed")
        new["due_date"] = _due(due_date, unchanged=item.due_date)
        changed = {name: (getattr(item, name), value) for name, value in new.items() if getattr(item, name) != value}
        if not changed:
            return
        for name, (_, value) in changed.items():
            setattr(item, name, value)
        item.updated_at = now()
        detail = {name: {"old": str(old), "new": str(value)} for name, (old, value) in changed.items()}
        _event(session, item, identity, "edited", "", **detail)
        audit.record(session, identity.user_id, "follow_up_edit", item.id, fields=sorted(changed))


def comment(db: Database, identity: Identity, follow_up_id: str, text: str) -> None:
    """A dated comment on the trail, by anyone signed in who sees the item (the province it
    concerns answers here)."""
    require(identity, "comment")
    known(identity)
    text = _text(text, "text", required=True)
    with db.transaction() as session:
        item = _locked(session, identity, follow_up_id)
        item.updated_at = now()
        _event(session, item, identity, "comment", text)
        audit.record(session, identity.user_id, "follow_up_comment", item.id)


def cancel(db: Database, identity: Identity, follow_up_id: str, reason: str) -> None:
    """Withdraw an item opened by mistake: a publisher (in scope) or the person who opened it."""
    require(identity, "follow_up")
    reason = _text(reason, "reason", required=True)
    with db.transaction() as session:
        item = _locked(session, identity, follow_up_id)
        _check_scope(identity, item.region_code)
        if not (identity.can("moderate") or item.opened_by == identity.user_id):
            raise AccessDenied("followups.error.cancel_denied")
        if item.status not in ACTIVE_STATES:
            raise FollowUpError("followups.error.closed")
        old, item.status, item.active_key, item.updated_at = item.status, "cancelled", None, now()
        _event(session, item, identity, "cancelled", reason, old=old)
        audit.record(session, identity.user_id, "follow_up_cancel", item.id, reason=reason)


def close_recovered(db: Database, recoveries: list[Recovery]) -> list[str]:
    """Resolve the items whose pace is back to green (each still active under its row lock, so two
    replicas closing at once close it once); returns the ids closed."""
    closed = []
    for recovery in recoveries:
        with db.transaction() as session:
            item = session.get(FollowUp, recovery.follow_up_id, with_for_update=True)
            if item is None or item.status not in ACTIVE_STATES:
                continue
            stamp = now()
            old = item.status
            item.status, item.active_key, item.updated_at = "resolved", None, stamp
            item.resolved_at, item.resolved_snapshot = stamp, recovery.snapshot_id
            item.resolved_month, item.resolved_pace = recovery.month, recovery.pace
            _event(
                session,
                item,
                None,
                "recovered",
                "",
                old=old,
                snapshot=recovery.snapshot_id,
                month=recovery.month,
                pace=recovery.pace,
                completion=recovery.completion,
            )
            audit.record(
                session,
                DATA_ACTOR,
                "follow_up_resolved",
                item.id,
                snapshot=recovery.snapshot_id,
                month=recovery.month,
                pace=recovery.pace,
            )
            closed.append(item.id)
    return closed


def _info(item: FollowUp, trail: list[FollowUpEvent]) -> FollowUpInfo:
    return FollowUpInfo(
        item.id,
        item.target_id,
        item.region_code,
        item.target_name,
        item.own,
        item.responsible_unit,
        item.contact,
        item.due_date,
        item.measures,
        item.status,
        item.pace_method,
        item.opened_by,
        item.opened_by_name,
        item.opened_at,
        item.opened_snapshot,
        item.opened_month,
        item.opened_colour,
        item.opened_pace,
        item.updated_at,
        item.resolved_at,
        item.resolved_snapshot,
        item.resolved_month,
        item.resolved_pace,
        tuple(
            TrailEntry(e.at, e.actor, e.actor_name, e.kind, e.text, json.loads(e.detail or "{}"))
            for e in sorted(trail, key=lambda e: e.id)
        ),
    )


def visible(
    db: Database,
    identity: Identity,
    *,
    statuses: tuple[str, ...] | list[str] | None = None,
    with_trail: bool = True,
) -> list[FollowUpInfo]:
    """The items this person may see (their province's, or all when national; their own targets'),
    newest first; ``statuses`` limits them (None: all)."""
    with db.transaction() as session:
        query = select(FollowUp)
        if not identity.national:
            query = query.where(FollowUp.region_code == identity.scope)
        if statuses:
            query = query.where(FollowUp.status.in_(list(statuses)))
        items = [
            i for i in session.scalars(query.order_by(FollowUp.opened_at.desc(), FollowUp.id)) if may_see(identity, i)
        ]
        trails: dict[str, list[FollowUpEvent]] = {item.id: [] for item in items}
        if with_trail and items:
            for event in session.scalars(select(FollowUpEvent).where(FollowUpEvent.follow_up_id.in_(list(trails)))):
                trails[event.follow_up_id].append(event)
        return [_info(item, trails[item.id]) for item in items]


def active_for_check(db: Database) -> list[FollowUpInfo]:
    """Every active item (without trails), for the recovery check: the data close items whoever
    looks, so this reads them all; it returns nothing to show."""
    with db.transaction() as session:
        items = session.scalars(select(FollowUp).where(FollowUp.status.in_(ACTIVE_STATES))).all()
        return [_info(item, []) for item in items]
