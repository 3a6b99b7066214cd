"""督办 Follow-ups: the lagging items assigned to a responsible unit — filtered, each with its trail
and actions, downloadable as a workbook; the province it concerns sees it. The data close an item
when its pace is back to green (checked here against the newest published snapshot)."""

from datetime import date

import streamlit as st

from lib import ui
from lib.store import followups
from lib.store.exports import to_xlsx_bytes
from lib.views.followups import (
    PAGE_SIZE,
    counts,
    filter_followups,
    followup_line,
    followups_table,
    status_label,
    target_label,
    trail_table,
)

STATUSES = ("open", "in_progress", "resolved", "cancelled")

ctx = ui.context()
if ui.page_header(ctx, "followups.title"):
    st.caption(ctx.t("followups.intro"))
    identity, lang = ctx.identity, ctx.lang
    if not ui.keeps_work(identity):
        st.info(ctx.t("followups.sign_in"), icon=":material/lock:")
        st.stop()
    db = ui.database()
    closed = ui.check_recoveries(ctx)
    if closed:
        st.success(ctx.t("followups.closed_now", count=len(closed)), icon=":material/trending_up:")
    message = ui.last_followup_message()
    if message:
        st.success(ui.md_escape(message), icon=":material/check_circle:")
    found = followups.visible(db, identity)
    catalogue, regions, today = ctx.view.catalogue, ctx.folder.regions, date.today()
    with st.container(key="followup-counts"):
        numbers = counts(found, today)
        for column, name in zip(st.columns(4), ("open", "in_progress", "overdue", "resolved"), strict=True):
            column.metric(ctx.t(f"followups.count_{name}"), numbers[name])
    if not identity.national:
        st.caption(ctx.t("followups.scope_note", scope=ui.scope_name(ctx, identity.scope)))
    left, middle, right, last = st.columns([2, 2, 3, 1])
    with left:
        statuses = st.multiselect(
            ctx.t("followups.filter_status"),
            list(STATUSES),
            default=["open", "in_progress", "resolved"],  # a resolved item shows its recovery
            key="followups-status",
            placeholder=ctx.t("followups.all_statuses"),
            format_func=lambda s: status_label(s, lang),
        )
    with middle:
        codes = sorted({info.region_code for info in found})
        region = st.selectbox(
            ctx.t("followups.filter_region"),
            ["", *codes],
            key="followups-region",
            format_func=lambda code: (
                ctx.t("alerts.all_regions")
                if not code
                else (ctx.t("report.national") if code == "000000" else regions.by_code[code].name(lang))
            ),
        )
    with right:
        by_target = {info.target_id: info for info in found}
        chosen = st.multiselect(
            ctx.t("followups.filter_targets"),
            list(by_target),
            key="followups-targets",
            placeholder=ctx.t("alerts.all_targets"),
            format_func=lambda tid: target_label(by_target[tid], catalogue, lang),
        )
    with last:
        overdue_only = st.toggle(ctx.t("followups.filter_overdue"), key="followups-overdue")
    shown = filter_followups(
        found, statuses=statuses, region=region or None, targets=chosen, overdue_only=overdue_only, today=today
    )
    st.download_button(
        ctx.t("followups.download", rows=len(shown)),
        lambda: to_xlsx_bytes(
            {
                ctx.t("followups.sheet_items"): followups_table(shown, catalogue, regions, lang, today),
                ctx.t("followups.sheet_trail"): trail_table(shown, lang),
            }
        ),
        file_name=f"followups-{today:%Y%m%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="followups-xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    if not shown:
        st.info(ctx.t("followups.none") if found else ctx.t("followups.empty"), icon=":material/search:")
        st.stop()
    pages = (len(shown) + PAGE_SIZE - 1) // PAGE_SIZE
    number = st.number_input(ctx.t("alerts.page"), 1, pages, 1, key="followups-page", width=160) if pages > 1 else 1
    page = shown[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    now = ui.newest_alerts(ctx, [info for info in page if info.active])
    newest = ctx.folder.snapshots[0].id
    with st.container(key="followup-list"):
        for info in page:
            line = followup_line(
                info,
                catalogue,
                regions,
                lang,
                today=today,
                current=now.get((*info.key, info.pace_method)),
                newest=newest,
            )
            ui.followup_card(ctx, db, info, line)
