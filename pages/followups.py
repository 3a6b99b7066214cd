"""督办 Follow-ups: the lagging items assigned to a responsible unit — filtered, each with its trail
and actions, downloadable as a workbook; the province it concerns sees it. The data close an item
when its pace is back to green (checked here against the newest published snapshot)."""

import streamlit as st

from lib import ui
from lib.views import followups

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
    catalogue, regions = ctx.view.catalogue, ctx.folder.regions
    model = followups.build(db, identity, catalogue, regions, lang)  # the database: read every run
    today = model.today
    with st.container(key="followup-counts"):
        for column, (label, number) in zip(st.columns(4), model.counts, strict=True):
            column.metric(label, number)
    if not identity.national:
        st.caption(ctx.t("followups.scope_note", scope=ui.scope_name(ctx, identity.scope)))
    left, middle, right, last = st.columns([2, 2, 3, 1])
    with left:
        statuses = st.multiselect(
            ctx.t("followups.filter_status"),
            list(model.statuses),
            default=list(followups.SHOWN_STATUSES),  # a resolved item shows its recovery
            key="followups-status",
            placeholder=ctx.t("followups.all_statuses"),
            format_func=lambda s: model.statuses[s],
        )
    with middle:
        region = st.selectbox(
            ctx.t("followups.filter_region"),
            list(model.regions),
            key="followups-region",
            format_func=lambda code: model.regions[code],
        )
    with right:
        chosen = st.multiselect(
            ctx.t("followups.filter_targets"),
            list(model.targets),
            key="followups-targets",
            placeholder=ctx.t("alerts.all_targets"),
            format_func=lambda tid: model.targets[tid],
        )
    with last:
        overdue_only = st.toggle(ctx.t("followups.filter_overdue"), key="followups-overdue")
    shown = followups.shown(model, statuses=statuses, region=region, targets=chosen, overdue_only=overdue_only)
    st.download_button(
        ctx.t("followups.download", rows=len(shown)),
        lambda: followups.workbook(shown, catalogue, regions, lang, today),
        file_name=f"followups-{today:%Y%m%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="followups-xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    if not shown:
        st.info(ctx.t("followups.none") if model.found else ctx.t("followups.empty"), icon=":material/search:")
        st.stop()
    pages = (len(shown) + followups.PAGE_SIZE - 1) // followups.PAGE_SIZE
    number = st.number_input(ctx.t("alerts.page"), 1, pages, 1, key="followups-page", width=160) if pages > 1 else 1
    page = shown[(number - 1) * followups.PAGE_SIZE : number * followups.PAGE_SIZE]
    now = ui.newest_alerts(ctx, [info for info in page if info.active])
    newest = ctx.folder.snapshots[0].id
    with st.container(key="followup-list"):
        for info, line in followups.lines(page, catalogue, regions, lang, today=today, now=now, newest=newest):
            ui.followup_card(ctx, db, info, line)
