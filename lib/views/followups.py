"""What the 督办 page shows, without Streamlit: each follow-up as words (target, region, status,
responsible unit, due date, the recovery the data showed, the alert it stands on now), its dated
trail, the filters, the workbook to download — and which active items the data have closed.
``build`` is the page's view (the items this person sees, read from the database on every run: a
colleague may have changed them), ``shown`` the items the filters keep, ``lines`` one page of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from lib.core.formatting import format_percent
from lib.core.i18n import t
from lib.core.periods import add_months
from lib.core.roles import Identity
from lib.progress.alerts import Alert, alerts
from lib.progress.dataview import DataView
from lib.progress.measures import shown_percent
from lib.reference.catalogue import Catalogue
from lib.reference.regions import NATIONAL_CODE, RegionRegistry
from lib.store import followups
from lib.store.database import Database
from lib.store.exports import to_xlsx_bytes
from lib.store.followups import ACTIVE_STATES, FollowUpInfo, Recovery, TrailEntry

STATUS_BADGES = {"open": "red", "in_progress": "orange", "resolved": "green", "cancelled": "gray"}
PAGE_SIZE = 20
STATUSES = ("open", "in_progress", "resolved", "cancelled")
SHOWN_STATUSES = ("open", "in_progress", "resolved")  # by default: a resolved item shows its recovery


def status_label(status: str, lang: str) -> str:
    return t(f"followups.status_{status}", lang)


def region_label(regions: RegionRegistry, code: str, lang: str) -> str:
    if code == NATIONAL_CODE or code not in regions.by_code:
        return t("report.national", lang) if code == NATIONAL_CODE else code
    return regions.by_code[code].name(lang)


def target_label(info: FollowUpInfo, catalogue: Catalogue, lang: str) -> str:
    """The target's name in the reader's language, or as it read when opened (it may have left the
    catalogue, or be an own target no longer defined)."""
    target = catalogue.by_target.get(info.target_id)
    return target.name(lang) if target is not None else info.target_name


def stamp(moment: datetime) -> str:
    return moment.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M") + " UTC"


def filter_followups(
    found: list[FollowUpInfo],
    *,
    statuses: list[str] | None = None,
    region: str | None = None,
    targets: list[str] | None = None,
    overdue_only: bool = False,
    today: date | None = None,
) -> list[FollowUpInfo]:
    """The items of the chosen statuses, region and targets (None or empty: all), order kept."""
    today = today or date.today()
    return [
        info
        for info in found
        if (not statuses or info.status in statuses)
        and (not region or info.region_code == region)
        and (not targets or info.target_id in targets)
        and (not overdue_only or info.overdue(today))
    ]


def counts(found: list[FollowUpInfo], today: date | None = None) -> dict[str, int]:
    """How many are open, in progress, overdue (of those two) and resolved."""
    today = today or date.today()
    result = {status: sum(info.status == status for info in found) for status in ("open", "in_progress", "resolved")}
    result["overdue"] = sum(info.overdue(today) for info in found)
    return result


@dataclass(frozen=True)
class FollowUpLine:
    key: str  # followup-<id>
    badge: str  # Streamlit colour name
    status: str  # 待办 / 办理中 …
    title: str  # target · region
    facts: list[tuple[str, str]]  # (label, value): unit, contact, due, opened
    measures: str
    recovery: str  # the data's closing, for a resolved item
    current: str  # the item's alert now, for an active one
    overdue: bool


def opened_words(info: FollowUpInfo, lang: str) -> str:
    return t(
        "followups.opened_line",
        lang,
        who=info.opened_by_name or info.opened_by,
        at=stamp(info.opened_at),
        colour=t(f"alerts.colour_{info.opened_colour}", lang),
        pace=format_percent(info.opened_pace),
        snapshot=info.opened_snapshot,
        month=info.opened_month,
    )


def recovery_words(info: FollowUpInfo, lang: str) -> str:
    if info.status != "resolved":
        return ""
    return t(
        "followups.recovered_line",
        lang,
        snapshot=info.resolved_snapshot or "",
        month=info.resolved_month or "",
        pace=format_percent(info.resolved_pace),
        at=stamp(info.resolved_at) if info.resolved_at else "",
        colour=t(f"alerts.colour_{info.opened_colour}", lang),
        opened=format_percent(info.opened_pace),
    )


def current_words(alert: Alert | None, snapshot: str, lang: str) -> str:
    if alert is None:
        return t("followups.current_none", lang, snapshot=snapshot)
    return t(
        "followups.current_line",
        lang,
        snapshot=snapshot,
        colour=t(f"alerts.colour_{alert.colour}", lang),
        pace=format_percent(alert.progress.pace),
        months=alert.months_held,
    )


def followup_line(
    info: FollowUpInfo,
    catalogue: Catalogue,
    regions: RegionRegistry,
    lang: str,
    *,
    today: date | None = None,
    current: Alert | None = None,
    newest: str = "",
) -> FollowUpLine:
    today = today or date.today()
    overdue = info.overdue(today)
    due = info.due_date.isoformat() + (t("followups.overdue_mark", lang) if overdue else "")
    facts = [
        (t("followups.field_unit", lang), info.responsible_unit),
        (t("followups.field_contact", lang), info.contact or "—"),
        (t("followups.field_due", lang), due),
        (t("followups.field_opened", lang), opened_words(info, lang)),
    ]
    return FollowUpLine(
        key=f"followup-{info.id}",
        badge=STATUS_BADGES[info.status],
        status=status_label(info.status, lang),
        title=f"{target_label(info, catalogue, lang)} · {region_label(regions, info.region_code, lang)}",
        facts=facts,
        measures=info.measures,
        recovery=recovery_words(info, lang),
        current=current_words(current, newest, lang) if info.active and newest else "",
        overdue=overdue,
    )


def trail_words(entry: TrailEntry, lang: str) -> str:
    """One line of the trail: when, who, what (a comment's text is the reader's to escape)."""
    who = entry.actor_name or entry.actor
    if entry.kind == "recovered":
        who = t("followups.by_data", lang)
    detail = entry.detail
    if entry.kind == "status":
        what = t(
            "followups.trail_status",
            lang,
            old=status_label(detail.get("old", ""), lang) if detail.get("old") in STATUS_BADGES else "",
            new=status_label(detail.get("new", ""), lang) if detail.get("new") in STATUS_BADGES else "",
        )
    elif entry.kind == "edited":
        changed = [t(f"followups.changed_{name}", lang) for name in EDITABLE if name in detail]
        what = t("followups.trail_edited", lang, fields=t("list.sep", lang).join(changed))
    elif entry.kind == "recovered":
        what = t(
            "followups.trail_recovered",
            lang,
            snapshot=detail.get("snapshot", ""),
            month=detail.get("month", ""),
            pace=format_percent(detail.get("pace")),
        )
    else:
        what = t(f"followups.trail_{entry.kind}", lang)
    text = f"：{entry.text}" if lang == "zh" and entry.text else f": {entry.text}" if entry.text else ""
    return f"{stamp(entry.at)} · {who} · {what}{text}"


EDITABLE = ("responsible_unit", "contact", "due_date", "measures")


def followups_table(
    found: list[FollowUpInfo], catalogue: Catalogue, regions: RegionRegistry, lang: str, today: date | None = None
) -> pd.DataFrame:
    """One row per follow-up (the workbook's first sheet)."""
    today = today or date.today()
    rows = []
    for info in found:
        comments = [entry for entry in info.trail if entry.kind == "comment"]
        rows.append(
            {
                t("followups.col_id", lang): info.id,
                t("followups.col_target", lang): target_label(info, catalogue, lang),
                t("followups.col_target_id", lang): info.target_id,
                t("followups.col_region", lang): region_label(regions, info.region_code, lang),
                t("followups.col_region_code", lang): info.region_code,
                t("followups.col_status", lang): status_label(info.status, lang),
                t("followups.col_unit", lang): info.responsible_unit,
                t("followups.col_contact", lang): info.contact,
                t("followups.col_due", lang): info.due_date.isoformat(),
                t("followups.col_overdue", lang): t("followups.yes", lang) if info.overdue(today) else "",
                t("followups.col_measures", lang): info.measures,
                t("followups.col_opened_by", lang): info.opened_by_name or info.opened_by,
                t("followups.col_opened_at", lang): stamp(info.opened_at),
                t("followups.col_opened_snapshot", lang): info.opened_snapshot,
                t("followups.col_opened_colour", lang): t(f"alerts.colour_{info.opened_colour}", lang),
                t("followups.col_opened_pace", lang): shown_percent(info.opened_pace),  # as on screen, in %
                t("followups.col_resolved_snapshot", lang): info.resolved_snapshot or "",
                t("followups.col_resolved_month", lang): info.resolved_month or "",
                t("followups.col_resolved_pace", lang): shown_percent(info.resolved_pace),
                t("followups.col_last_comment", lang): comments[-1].text if comments else "",
                t("followups.col_trail", lang): len(info.trail),
            }
        )
    return pd.DataFrame(rows, columns=[t(f"followups.col_{name}", lang) for name in TABLE_COLUMNS])


TABLE_COLUMNS = (
    "id",
    "target",
    "target_id",
    "region",
    "region_code",
    "status",
    "unit",
    "contact",
    "due",
    "overdue",
    "measures",
    "opened_by",
    "opened_at",
    "opened_snapshot",
    "opened_colour",
    "opened_pace",
    "resolved_snapshot",
    "resolved_month",
    "resolved_pace",
    "last_comment",
    "trail",
)


def trail_table(found: list[FollowUpInfo], lang: str) -> pd.DataFrame:
    """Every line of every trail (the workbook's second sheet)."""
    rows = [
        {
            t("followups.col_id", lang): info.id,
            t("followups.col_at", lang): stamp(entry.at),
            t("followups.col_actor", lang): entry.actor_name or entry.actor,
            t("followups.col_kind", lang): t(f"followups.trail_{entry.kind}_word", lang),
            t("followups.col_text", lang): entry.text,
        }
        for info in found
        for entry in info.trail
    ]
    return pd.DataFrame(
        rows, columns=[t(f"followups.col_{name}", lang) for name in ("id", "at", "actor", "kind", "text")]
    )


def recoveries(active: list[FollowUpInfo], found: dict[str, list[Alert]], snapshot_id: str) -> list[Recovery]:
    """The active items whose target × region is green in the newest published snapshot's alerts
    (``found``: the alerts by pace method): the data close them."""
    closing = []
    for info in active:
        if info.status not in ACTIVE_STATES:
            continue
        alerts = {alert.key: alert for alert in found.get(info.pace_method, [])}
        alert = alerts.get(info.key)
        if alert is not None and alert.colour == "green":
            month = f"{add_months(alert.since, alert.months_held - 1):%Y-%m}"  # the alert's own month
            closing.append(Recovery(info.id, snapshot_id, month, alert.progress.pace, alert.progress.completion))
    return closing


def own_ids(view: DataView) -> frozenset[str]:
    """An analyst's own targets in a view read with their catalogue (issue #10)."""
    return frozenset(target.id for target in view.catalogue.targets if target.origin != "catalogue")


def newest_alerts(
    newest: DataView, found: list[FollowUpInfo], own_view: Callable[[], DataView | None] | None = None
) -> dict[tuple[str, str, str], Alert]:
    """The alert each item stands on now in the newest snapshot, by (target, region, pace): the
    catalogue's from the shared view, own targets' from the owner's own view (``own_view`` opens
    it, only when an item is an own target's)."""
    result: dict[tuple[str, str, str], Alert] = {}
    own = own_view() if own_view is not None and any(info.own for info in found) else None
    for pace in sorted({info.pace_method for info in found}):
        for alert in alerts(newest, pace):
            result[(*alert.key, pace)] = alert
        if own is not None:
            for alert in alerts(own, pace, only=own_ids(own)):
                result[(*alert.key, pace)] = alert
    return result


def close_recovered_items(
    db: Database,
    snapshot_id: str,
    newest: Callable[[], DataView],
    *,
    owner: str | None = None,
    own_view: Callable[[], DataView | None] | None = None,
) -> list[str]:
    """Let the newest published snapshot close the active 督办 items whose pace is back to green;
    returns the ids closed. The one rule for the 督办 page (in a person's session: ``owner`` and
    their ``own_view``) and the scheduled ``send-reports`` (no owner): an analyst's own targets'
    items are closed only in their owner's session, where the target is known. ``newest`` opens
    the snapshot's view, only when an item is active."""
    active = [info for info in followups.active_for_check(db) if not info.own or info.opened_by == owner]
    if not active:
        return []
    by_pace: dict[str, list[Alert]] = {}
    for (_, _, pace), alert in newest_alerts(newest(), active, own_view).items():
        by_pace.setdefault(pace, []).append(alert)
    return followups.close_recovered(db, recoveries(active, by_pace, snapshot_id))


@dataclass(frozen=True)
class FollowUpsPage:
    """The items this person sees and what the filters offer (in the UI language)."""

    found: tuple[FollowUpInfo, ...]
    today: date
    counts: tuple[tuple[str, int], ...]  # (label, count): open, in progress, overdue, resolved
    statuses: dict[str, str]  # status -> its word
    regions: dict[str, str]  # "" (all) and each region with an item -> its name
    targets: dict[str, str]  # each target with an item -> its name


def build(
    db: Database,
    identity: Identity,
    catalogue: Catalogue,
    regions: RegionRegistry,
    lang: str,
    today: date | None = None,
) -> FollowUpsPage:
    """The items ``identity`` sees, their counts and the filters' choices, in ``lang``."""
    today = today or date.today()
    found = tuple(followups.visible(db, identity))
    numbers = counts(list(found), today)
    codes = sorted({info.region_code for info in found})
    return FollowUpsPage(
        found=found,
        today=today,
        counts=tuple(
            (t(f"followups.count_{name}", lang), numbers[name])
            for name in ("open", "in_progress", "overdue", "resolved")
        ),
        statuses={status: status_label(status, lang) for status in STATUSES},
        regions={
            "": t("alerts.all_regions", lang),
            **{
                code: t("report.national", lang) if code == NATIONAL_CODE else regions.by_code[code].name(lang)
                for code in codes
            },
        },
        targets={info.target_id: target_label(info, catalogue, lang) for info in found},
    )


def shown(
    page: FollowUpsPage, *, statuses: list[str], region: str, targets: list[str], overdue_only: bool
) -> list[FollowUpInfo]:
    """The items the filters keep, order kept."""
    return filter_followups(
        list(page.found),
        statuses=statuses,
        region=region or None,
        targets=targets,
        overdue_only=overdue_only,
        today=page.today,
    )


def workbook(found: list[FollowUpInfo], catalogue: Catalogue, regions: RegionRegistry, lang: str, today: date) -> bytes:
    """The items and their trails as an .xlsx (one sheet each)."""
    return to_xlsx_bytes(
        {
            t("followups.sheet_items", lang): followups_table(found, catalogue, regions, lang, today),
            t("followups.sheet_trail", lang): trail_table(found, lang),
        }
    )


def lines(
    page: list[FollowUpInfo],
    catalogue: Catalogue,
    regions: RegionRegistry,
    lang: str,
    *,
    today: date,
    now: dict[tuple[str, str, str], Alert],
    newest: str,
) -> list[tuple[FollowUpInfo, FollowUpLine]]:
    """One page of items, each with its line (``now``: the alert each active one stands on in the
    newest snapshot)."""
    return [
        (
            info,
            followup_line(
                info,
                catalogue,
                regions,
                lang,
                today=today,
                current=now.get((*info.key, info.pace_method)),
                newest=newest,
            ),
        )
        for info in page
    ]
