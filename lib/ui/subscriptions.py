"""Subscriptions in Streamlit: the form (a report within the person's scope, some targets or all,
the language, by e-mail or — for analysts — to a configured group robot), the person's subscriptions
with the last delivery of each, and the delivery log. ``lib.store.subscriptions`` checks the role
and scope again."""

from __future__ import annotations

import streamlit as st

from lib.briefing.delivery import Robot, load_robots_leniently
from lib.core import settings
from lib.core.i18n import LANGUAGES, LocalizedError, t
from lib.core.periods import format_month, last_complete_month
from lib.progress.engine import PACE_METHODS
from lib.store import subscriptions
from lib.store.database import Database
from lib.ui import keys
from lib.ui.context import Context
from lib.views.markdown import md_escape
from lib.views.subscriptions import (
    DELIVERY_BADGES,
    delivery_words,
    next_words,
    report_name,
    report_regions,
    subscription_line,
)


def configured_robots(ctx: Context) -> dict[str, Robot]:
    """The group robots the deployment names (their URLs never reach the page)."""
    try:
        return load_robots_leniently(settings.robots_file())[0]  # a bad entry hides that robot only
    except LocalizedError as error:
        st.warning(md_escape(error.text(ctx.lang)), icon=":material/warning:")
        return {}


def subscription_form(ctx: Context, db: Database) -> None:
    identity, lang, regions = ctx.identity, ctx.lang, ctx.folder.regions
    allowed = report_regions(identity, regions)
    if not allowed:
        st.info(ctx.t("subscriptions.no_scope"), icon=":material/info:")
        return
    catalogue = ctx.folder.catalogue  # reports that go out by themselves are official: catalogue targets
    robots = configured_robots(ctx) if identity.can("subscribe_robot") else {}
    robots = {name: robot for name, robot in robots.items() if any(robot.serves(code) for code in allowed)}
    channels = ["email", *(["robot"] if robots else [])]
    with st.form("subscription-form", border=True):
        st.markdown(f"**{ctx.t('subscriptions.form_heading')}**")
        row = st.columns([2, 3])
        region = row[0].selectbox(
            ctx.t("subscriptions.field_report"),
            allowed,
            key="subscription-region",
            format_func=lambda code: report_name(code, regions, lang),
        )
        targets = row[1].multiselect(
            ctx.t("subscriptions.field_targets"),
            [target.id for target in catalogue.targets],
            key="subscription-targets",
            placeholder=ctx.t("subscriptions.all_targets"),
            format_func=lambda tid: catalogue.by_target[tid].name(lang),
        )
        row = st.columns(3)
        report_lang = row[0].radio(
            ctx.t("subscriptions.field_lang"),
            list(LANGUAGES),
            index=list(LANGUAGES).index(lang),
            key="subscription-lang",
            horizontal=True,
            format_func=lambda code: t(f"ui.language_{code}", code),
        )
        pace = row[1].radio(
            ctx.t("ui.pace"),
            list(PACE_METHODS),
            index=list(PACE_METHODS).index(ctx.pace),
            key="subscription-pace",
            format_func=lambda code: ctx.t(f"pace.{code}"),
        )
        channel = row[2].radio(
            ctx.t("subscriptions.field_channel"),
            channels,
            key="subscription-channel",
            format_func=lambda code: ctx.t(f"subscriptions.channel_{code}"),
        )
        # no max_chars: the browser would cut a longer address silently; the store refuses it in words
        address = st.text_input(ctx.t("subscriptions.field_address"), key="subscription-address")
        robot = (
            st.selectbox(ctx.t("subscriptions.field_robot"), list(robots), key="subscription-robot") if robots else None
        )
        submitted = st.form_submit_button(
            ctx.t("subscriptions.submit"), type="primary", icon=":material/mail:", key="subscription-submit"
        )
    if not submitted:
        return
    try:
        subscriptions.subscribe(
            db,
            identity,
            channel=channel,
            address=robot if channel == "robot" else address,
            region_code=region,
            targets=targets,
            lang=report_lang,
            pace=pace,
            robot_scopes=robots[robot].scopes if channel == "robot" and robot in robots else None,
        )
    except (LocalizedError, LookupError) as error:
        with st.container(key="subscription-error"):
            st.error(
                md_escape(error.text(lang) if isinstance(error, LocalizedError) else error), icon=":material/error:"
            )
        return
    _done(ctx.t("subscriptions.added", report=report_name(region, regions, lang)))


def subscription_list(ctx: Context, db: Database) -> None:
    identity, lang = ctx.identity, ctx.lang
    mine = subscriptions.subscriptions_of(db, identity.user_id)
    last = subscriptions.latest_by_subscription(db, [s.id for s in mine]) if mine else {}
    newest = None
    if ctx.folder is not None and ctx.folder.snapshots:
        ref = ctx.folder.snapshots[0]  # what send-reports reports on: the newest published snapshot
        as_of = ref.manifest.as_of_date
        newest = {"month": format_month(last_complete_month(as_of)), "as_of": as_of.isoformat(), "snapshot": ref.id}
    with st.container(key="subscriptions"):
        if not mine:
            st.caption(ctx.t("subscriptions.empty"))
        for info in mine:
            with st.container(key=f"subscription-{info.id}", border=True):
                st.markdown(md_escape(subscription_line(info, ctx.folder.catalogue, ctx.folder.regions, lang)))
                delivery = last.get(info.id)
                badge = (
                    f":{DELIVERY_BADGES[delivery.status]}-badge[{ctx.t(f'subscriptions.status_{delivery.status}')}] "
                    if delivery
                    else ""
                )
                st.caption(badge + md_escape(delivery_words(delivery, lang)))
                if newest is not None:
                    with st.container(key=f"subscription-{info.id}-next"):
                        words = next_words(info, delivery, ctx.folder.catalogue, ctx.folder.regions, lang, **newest)
                        st.caption(":material/schedule_send: " + md_escape(words))
                if st.button(ctx.t("subscriptions.stop"), key=f"sub-stop-{info.id}", icon=":material/unsubscribe:"):
                    try:
                        subscriptions.unsubscribe(db, identity, info.id)
                    except LookupError:
                        st.warning(ctx.t("workspace.gone"), icon=":material/warning:")
                    else:
                        _done(ctx.t("subscriptions.stopped"))


def last_subscription_message() -> str | None:
    return st.session_state.pop(keys.SUBSCRIPTION_DONE, None)


def _done(message: str) -> None:
    st.session_state[keys.SUBSCRIPTION_DONE] = message
    st.rerun()
