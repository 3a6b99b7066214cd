"""督办 in Streamlit: the button and form that open a follow-up from an alert, each item's card on
the 督办 page with its trail and actions, and the check that lets the data close the items whose
pace is back to green. Every action goes through ``lib.store.followups``, which checks the role and
the scope again on the server, whatever this page drew.
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from lib.briefing.report import build_report, report_filename
from lib.core.i18n import LocalizedError
from lib.core.memo import remember
from lib.core.periods import add_months, last_complete_month, month_end
from lib.progress.alerts import Alert
from lib.progress.dataview import DataView
from lib.store import followups
from lib.store.database import Database
from lib.store.followups import ACTIVE_STATES, ALERTING, FollowUpInfo
from lib.ui import keys
from lib.ui.annotations import visible_notes
from lib.ui.context import Context, snapshot_data
from lib.ui.copy_text import copy_button, readable_report
from lib.ui.own import has_own, session_catalogue_of
from lib.ui.persistence import database, keeps_work
from lib.ui.tables import dataframe
from lib.upload.session import session_view
from lib.views.alerts import AlertList
from lib.views.followups import FollowUpLine, close_recovered_items, trail_words
from lib.views.followups import newest_alerts as views_newest_alerts
from lib.views.markdown import md_escape


def followup_store(ctx: Context) -> Database | None:
    """The database, for a person who leaves a trail (signed in, or the single user); None else."""
    return database() if keeps_work(ctx.identity) else None


# --- the newest published data: what closes an item, and what it stands on now -------------------------
def newest_view(ctx: Context) -> DataView:
    """The newest published snapshot (never an upload: a draft closes nothing)."""
    return snapshot_data(ctx, ctx.folder.snapshots[0].id)


def own_newest_view(ctx: Context) -> DataView | None:
    """The newest snapshot read with this person's own targets (issue #10), when they have any."""
    if not has_own():
        return None
    return remember(session_view, newest_view(ctx), session_catalogue_of(ctx))


def newest_alerts(ctx: Context, found: list[FollowUpInfo]) -> dict[tuple[str, str, str], Alert]:
    """The alert each item stands on now in the newest snapshot, by (target, region, pace): the
    catalogue's from the shared view, own targets' from this person's own view."""
    return views_newest_alerts(newest_view(ctx), found, lambda: own_newest_view(ctx))


def check_recoveries(ctx: Context) -> list[str]:
    """Close the active items whose pace is back to green in the newest published snapshot (once
    per session and snapshot; again after this session opens one). Returns the ids closed."""
    db = followup_store(ctx)
    if db is None or ctx.folder is None or not ctx.folder.snapshots:
        return []
    ref = ctx.folder.snapshots[0]
    checked = (ref.id, ref.manifest.sha256)
    if st.session_state.get(keys.RECOVERY_CHECKED) == checked:
        return []
    try:
        closed = close_recovered_items(
            db,
            ref.id,
            lambda: newest_view(ctx),
            owner=ctx.identity.user_id,  # own targets: in their owner's session
            own_view=lambda: own_newest_view(ctx),
        )
    except SQLAlchemyError:
        return []
    st.session_state[keys.RECOVERY_CHECKED] = checked
    return closed


# --- on the alerts page ----------------------------------------------------------------------------------
def active_followups(ctx: Context) -> dict[tuple[str, str], FollowUpInfo]:
    """The active items this person sees, by target × region (empty without a trail to keep)."""
    db = followup_store(ctx)
    if db is None:
        return {}
    try:
        return {
            info.key: info for info in followups.visible(db, ctx.identity, statuses=ACTIVE_STATES, with_trail=False)
        }
    except SQLAlchemyError:
        return {}


def followups_for_report(ctx: Context, region: str | None) -> list[FollowUpInfo] | None:
    """The items a report on screen counts — when this person sees the whole of its scope (a
    province's people: their province's report); None leaves the 督办 line out."""
    db = followup_store(ctx)
    if db is None or not ctx.identity.covers(region or "000000"):
        return None
    try:
        return followups.visible(db, ctx.identity, with_trail=False)
    except SQLAlchemyError:
        return None


def may_open(ctx: Context, alert: Alert) -> bool:
    identity = ctx.identity
    return (
        keeps_work(identity)
        and identity.can("follow_up")
        and identity.covers(alert.region_code)
        and alert.colour in ALERTING
        and not ctx.view.provenance.includes_upload  # follow-ups stand on published data
    )


def alert_triage(ctx: Context, shown: AlertList, active: dict[tuple[str, str], FollowUpInfo]) -> None:
    """The Alerts page's list for triage (issue #21): a collapsed panel per target (the worst open)
    with a compact table; a row clicked there, or an item of the one picker, shows its line and
    its 督办 (one button)."""
    picked_key, seen = "alerts-followup-pick", st.session_state.setdefault("alerts-rows-seen", {})
    with st.container(key="alert-list"):
        for index, group in enumerate(shown.groups):
            with st.expander(group.heading, expanded=index == 0):
                event = dataframe(
                    group.table,
                    width="stretch",
                    key=f"alert-table-{group.target_id}",
                    on_select="rerun",
                    selection_mode="single-row",
                )
                rows = list(event.selection.rows) if event else []
                if rows != seen.get(group.target_id):  # a row newly clicked: it is the one to follow up
                    seen[group.target_id] = rows
                    if rows and shown.choice_at(group, rows[0]) is not None:
                        st.session_state[picked_key] = shown.choice_at(group, rows[0])
    picked = st.selectbox(
        ctx.t("measure.alerts.pick"),
        range(len(shown.choices)),
        index=None,
        key=picked_key,
        placeholder=ctx.t("measure.alerts.pick_none"),
        format_func=lambda i: shown.choices[i][0],
    )
    if picked is not None and picked < len(shown.choices):  # the one chosen: its line, its 督办
        line = shown.choices[picked][1]
        with st.container(key=line.key, border=True):
            st.markdown(
                f":{line.badge}-badge[{md_escape(line.label)}] **{md_escape(line.title)}** — {md_escape(line.details)}"
            )
            alert_followup(ctx, line.alert, active)


def alert_followup(ctx: Context, alert: Alert, active: dict[tuple[str, str], FollowUpInfo]) -> None:
    """Under an alert: its follow-up in a line, or the button (and then the form) that opens one."""
    info = active.get(alert.key)
    if info is not None:
        overdue = ctx.t("followups.overdue_mark") if info.overdue(date.today()) else ""
        st.caption(
            ctx.t(
                "followups.on_alert",
                status=ctx.t(f"followups.status_{info.status}"),
                unit=md_escape(info.responsible_unit),
                due=info.due_date.isoformat() + overdue,
            )
        )
        return
    if not may_open(ctx, alert):
        return
    target, region = alert.key
    if st.session_state.get(keys.FOLLOWUP_DRAFT) == alert.key:
        followup_form(ctx, alert)
    elif st.button(
        ctx.t("followups.open_button"),
        key=f"followup-new-{target}-{region}",
        icon=":material/assignment_add:",
        type="tertiary",
    ):
        st.session_state[keys.FOLLOWUP_DRAFT] = alert.key
        st.rerun()


def default_due(today: date) -> date:
    """The end of next month: before the meeting after next."""
    return month_end(add_months(today.replace(day=1), 1))


def followup_form(ctx: Context, alert: Alert) -> None:
    """Responsible unit, contact, due date, measures; opened through the store (which checks again)."""
    today = date.today()
    with st.form("followup-form", border=True):
        st.markdown(f"**{ctx.t('followups.form_heading')}**")
        unit = st.text_input(ctx.t("followups.field_unit"), key="followup-unit", max_chars=200)
        contact = st.text_input(
            ctx.t("followups.field_contact"),
            key="followup-contact",
            max_chars=200,
            help=ctx.t("followups.contact_help"),
        )
        due = st.date_input(
            ctx.t("followups.field_due"),
            value=default_due(today),
            min_value=today,
            key="followup-due",
            format="YYYY-MM-DD",
        )
        measures = st.text_area(ctx.t("followups.field_measures"), key="followup-measures", max_chars=4000, height=100)
        submitted = st.form_submit_button(
            ctx.t("followups.submit"), type="primary", icon=":material/assignment_add:", key="followup-submit"
        )
    if st.button(ctx.t("followups.discard"), key="followup-discard", type="tertiary"):
        st.session_state.pop(keys.FOLLOWUP_DRAFT, None)
        st.rerun()
    if not submitted:
        return
    view = ctx.view
    target = view.catalogue.by_target[alert.target_id]
    try:
        followups.open_follow_up(
            database(),
            ctx.identity,
            target_id=alert.target_id,
            region_code=alert.region_code,
            target_name=target.name("zh"),
            own=target.origin != "catalogue",
            responsible_unit=unit,
            contact=contact,
            due_date=due,
            measures=measures,
            pace_method=ctx.pace,
            snapshot_id=view.provenance.snapshot_id,
            month=f"{last_complete_month(view.provenance.as_of):%Y-%m}",
            colour=alert.colour,
            pace=alert.progress.pace,
        )
    except (LocalizedError, LookupError) as error:
        with st.container(key="followup-error"):
            st.error(md_escape(_message(error, ctx.lang)), icon=":material/error:")
        return
    st.session_state.pop(keys.FOLLOWUP_DRAFT, None)
    st.session_state.pop(keys.RECOVERY_CHECKED, None)
    followup_done(ctx.t("followups.opened", unit=unit.strip()))


def _message(error: Exception, lang: str) -> str:
    return error.text(lang) if isinstance(error, LocalizedError) else str(error)


def followup_done(message: str) -> None:
    st.session_state[keys.FOLLOWUP_DONE] = message
    st.rerun()


def last_followup_message() -> str | None:
    return st.session_state.pop(keys.FOLLOWUP_DONE, None)


# --- on the 督办 page ------------------------------------------------------------------------------------
def followup_card(ctx: Context, db: Database, info: FollowUpInfo, line: FollowUpLine) -> None:
    """One item: what, who, by when, the recovery or where it stands now, the trail and the actions
    this person may take."""
    with st.container(key=line.key, border=True):
        overdue = f" :red-badge[{ctx.t('followups.overdue')}]" if line.overdue else ""
        st.markdown(f":{line.badge}-badge[{md_escape(line.status)}]{overdue} **{md_escape(line.title)}**")
        st.caption(" · ".join(f"{md_escape(label)}：{md_escape(value)}" for label, value in line.facts))
        if line.measures:
            st.markdown(f"{ctx.t('followups.field_measures')}：{md_escape(line.measures)}")
        if line.recovery:
            with st.container(key=f"{line.key}-recovery"):
                st.success(md_escape(line.recovery), icon=":material/trending_up:")
        if line.current:
            st.caption(md_escape(line.current))
        with st.expander(ctx.t("followups.trail_heading", count=len(info.trail))):
            with st.container(key=f"{line.key}-trail"):
                for entry in info.trail:
                    st.caption(md_escape(trail_words(entry, ctx.lang)))
            _actions(ctx, db, info)


def _actions(ctx: Context, db: Database, info: FollowUpInfo) -> None:
    identity = ctx.identity
    acting = identity.can("follow_up") and identity.covers(info.region_code) and info.active
    try:
        if acting:
            move = "in_progress" if info.status == "open" else "open"
            if st.button(ctx.t(f"followups.move_{move}"), key=f"fu-move-{info.id}", icon=":material/sync_alt:"):
                followups.set_status(db, identity, info.id, move)
                followup_done(ctx.t("followups.moved", status=ctx.t(f"followups.status_{move}")))
        if identity.can("comment"):
            with st.form(f"fu-comment-form-{info.id}", border=False, clear_on_submit=True):
                text = st.text_area(ctx.t("followups.comment"), key=f"fu-comment-{info.id}", max_chars=2000, height=80)
                if st.form_submit_button(
                    ctx.t("followups.comment_submit"), icon=":material/add_comment:", key=f"fu-comment-submit-{info.id}"
                ):
                    followups.comment(db, identity, info.id, text)
                    followup_done(ctx.t("followups.commented"))
        if acting:
            _edit(ctx, db, info)
        if (
            info.active
            and identity.can("follow_up")
            and (identity.can("moderate") or info.opened_by == identity.user_id)
        ):
            with st.popover(ctx.t("followups.cancel"), icon=":material/block:"):
                reason = st.text_input(ctx.t("followups.cancel_reason"), key=f"fu-cancel-reason-{info.id}")
                if st.button(ctx.t("followups.cancel_confirm"), key=f"fu-cancel-{info.id}", type="primary"):
                    followups.cancel(db, identity, info.id, reason)
                    followup_done(ctx.t("followups.cancelled"))
    except (LocalizedError, LookupError) as error:
        with st.container(key=f"fu-error-{info.id}"):
            st.error(md_escape(_message(error, ctx.lang)), icon=":material/error:")


def _edit(ctx: Context, db: Database, info: FollowUpInfo) -> None:
    with st.popover(ctx.t("followups.edit"), icon=":material/edit:"):
        unit = st.text_input(
            ctx.t("followups.field_unit"), value=info.responsible_unit, key=f"fu-unit-{info.id}", max_chars=200
        )
        contact = st.text_input(
            ctx.t("followups.field_contact"), value=info.contact, key=f"fu-contact-{info.id}", max_chars=200
        )
        due = st.date_input(
            ctx.t("followups.field_due"),
            value=info.due_date,
            min_value=min(info.due_date, date.today()),
            key=f"fu-due-{info.id}",
            format="YYYY-MM-DD",
        )
        measures = st.text_area(
            ctx.t("followups.field_measures"), value=info.measures, key=f"fu-measures-{info.id}", max_chars=4000
        )
        if st.button(ctx.t("followups.edit_save"), key=f"fu-edit-{info.id}", type="primary"):
            followups.edit(
                db, ctx.identity, info.id, responsible_unit=unit, contact=contact, due_date=due, measures=measures
            )
            followup_done(ctx.t("followups.edited"))


def report_panel(ctx: Context, region: str, compared) -> None:
    """The month's 进度通报 of the data in force, for the nation or ``region``: its text as readable
    paragraphs, one place to copy it whole, and the .docx. Kept by the one memo under every input —
    the notes and 督办 items this person sees among them, so a report never shows another person's."""
    # python-docx is heavy (~0.1 s to import): loaded only when a report is offered, not with every page
    from lib.briefing.report_docx import report_docx

    known = followups_for_report(ctx, region or None)
    report = remember(
        build_report,
        ctx.view,
        pace=ctx.pace,
        lang=ctx.lang,
        region=region or None,
        comparison=compared,
        thresholds=ctx.thresholds,
        notes=tuple(visible_notes(ctx)),
        follow_ups=tuple(known) if known is not None else None,
    )
    with st.container(key="report-text", border=True, height=480):  # readable paragraphs, not a code box
        readable_report(report.sections, report.title, report.period, ctx.t("report.notes_heading"), report.notes)
    copy_button(report.text(), ctx.t("measure.alerts.copy"), ctx.t("measure.alerts.copied"))
    st.download_button(
        ctx.t("alerts.report_docx"),
        lambda: report_docx(report),
        file_name=report_filename(f"{report.as_of:%Y-%m}", region or None, ctx.lang, "docx"),
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="report-docx",
        on_click="ignore",
    )
