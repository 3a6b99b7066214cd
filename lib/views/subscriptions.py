"""What the 订阅 page shows, without Streamlit: which reports a person may subscribe to (their
scope), each subscription as words (scope, targets, language, channel), and the delivery log
(``build``: the page's logs, read from the database on every run — deliveries change between runs)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.core import settings
from lib.core.i18n import t
from lib.core.roles import Identity
from lib.reference.catalogue import Catalogue
from lib.reference.regions import NATIONAL_CODE, RegionRegistry
from lib.store import subscriptions
from lib.store.database import Database
from lib.store.exports import to_csv_bytes
from lib.store.subscriptions import DeliveryInfo, SubscriptionInfo
from lib.views.followups import region_label, stamp

DELIVERY_BADGES = {"sent": "green", "failed": "red", "sending": "blue", "interrupted": "orange"}
ALL_SHOWN = 500  # everyone's deliveries on the page (of the last 2,000); the download has them all


@dataclass(frozen=True)
class SubscriptionsPage:
    smtp: bool  # an SMTP server is configured (e-mail subscriptions are sent)
    mine: pd.DataFrame  # this person's deliveries, newest first
    everyone: pd.DataFrame | None  # everyone's (admins only), newest first

    def everyone_csv(self) -> bytes:
        return to_csv_bytes(self.everyone)


def build(db: Database, identity: Identity, regions: RegionRegistry, lang: str) -> SubscriptionsPage:
    """This person's delivery log, and everyone's for an admin, in ``lang``."""
    return SubscriptionsPage(
        smtp=settings.smtp_settings() is not None,
        mine=deliveries_table(subscriptions.deliveries(db, owner=identity.user_id, limit=200), regions, lang),
        everyone=deliveries_table(subscriptions.deliveries(db, limit=2000), regions, lang)
        if identity.can("admin")
        else None,
    )


def report_regions(identity: Identity, regions: RegionRegistry) -> list[str]:
    """The reports a person may subscribe to: a national person the national one or any
    province's; a province's people their province's only."""
    if identity.national:
        return [NATIONAL_CODE, *(unit.code for unit in regions.units)]
    return [identity.scope] if identity.scope in regions.by_code else []


def report_name(region_code: str, regions: RegionRegistry, lang: str) -> str:
    if region_code == NATIONAL_CODE:
        return t("subscriptions.national_report", lang)
    return t("subscriptions.region_report", lang, region=region_label(regions, region_code, lang))


def targets_words(targets: tuple[str, ...], catalogue: Catalogue, lang: str) -> str:
    if not targets:
        return t("subscriptions.all_targets", lang)
    names = [catalogue.by_target[tid].name(lang) if tid in catalogue.by_target else tid for tid in targets]
    return t("list.sep", lang).join(names)


def subscription_line(info: SubscriptionInfo, catalogue: Catalogue, regions: RegionRegistry, lang: str) -> str:
    """ "全省进度通报（广东省）· 全部目标 · 中文 · 电子邮件 → a@example.org"."""
    channel = t(f"subscriptions.channel_{info.channel}", lang)
    return " · ".join(
        [
            report_name(info.region_code, regions, lang),
            targets_words(info.targets, catalogue, lang),
            t(f"ui.language_{info.lang}", info.lang),
            t(f"pace.{info.pace}", lang),
            f"{channel} → {info.address}",
        ]
    )


def next_words(
    info: SubscriptionInfo,
    delivery: DeliveryInfo | None,
    catalogue: Catalogue,
    regions: RegionRegistry,
    lang: str,
    *,
    month: str,
    as_of: str,
    snapshot: str,
) -> str:
    """What ``python -m lib.cli send-reports`` will send this subscription on its next run: the
    newest snapshot's month (unless already sent), with the filters and the as-of date."""
    filters = " · ".join(
        [
            report_name(info.region_code, regions, lang),
            targets_words(info.targets, catalogue, lang),
            t(f"ui.language_{info.lang}", info.lang),
            t(f"pace.{info.pace}", lang),
        ]
    )
    if delivery is not None and delivery.month == month and delivery.status == "sent":
        return t("subscriptions.next_done", lang, month=month, filters=filters)
    return t("subscriptions.next_send", lang, month=month, filters=filters, as_of=as_of, snapshot=snapshot)


def delivery_words(delivery: DeliveryInfo | None, lang: str) -> str:
    """The last delivery of a subscription, in a line ('' when it was never sent)."""
    if delivery is None:
        return t("subscriptions.never_sent", lang)
    return t(
        f"subscriptions.last_{delivery.status}",
        lang,
        month=delivery.month,
        at=stamp(delivery.finished_at or delivery.started_at),
        attempts=delivery.attempts,
        error=delivery.error,
    )


def deliveries_table(found: list[DeliveryInfo], regions: RegionRegistry, lang: str) -> pd.DataFrame:
    rows = [
        {
            t("subscriptions.col_started", lang): stamp(d.started_at),
            t("subscriptions.col_month", lang): d.month,
            t("subscriptions.col_report", lang): report_name(d.region_code, regions, lang),
            t("subscriptions.col_channel", lang): d.channel,
            t("subscriptions.col_recipient", lang): d.recipient,
            t("subscriptions.col_status", lang): t(f"subscriptions.status_{d.status}", lang),
            t("subscriptions.col_attempts", lang): d.attempts,
            t("subscriptions.col_error", lang): d.error,
            t("subscriptions.col_snapshot", lang): d.snapshot_id,
            t("subscriptions.col_subscription", lang): d.subscription_id or t("subscriptions.ad_hoc", lang),
        }
        for d in found
    ]
    names = ("started", "month", "report", "channel", "recipient", "status", "attempts", "error", "snapshot")
    columns = [t(f"subscriptions.col_{name}", lang) for name in (*names, "subscription")]
    return pd.DataFrame(rows, columns=columns)
