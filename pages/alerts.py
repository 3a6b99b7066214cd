"""预警 Alerts: every target × region coloured by pace (the red rule applied), grouped by target for
triage, worst first, filterable; one 督办 picker; and the month's 进度通报 to read, copy or download."""

import streamlit as st

from lib import ui
from lib.views import alerts

ctx = ui.context()
if ui.page_header(ctx, "alerts.title"):
    compared, thresholds = ui.comparison_of(ctx), ctx.thresholds
    arguments = {"view": ctx.view, "comparison": compared, "thresholds": thresholds, "lang": ctx.lang, "pace": ctx.pace}
    page = ui.view_model(alerts.build, **arguments)
    closed = ui.check_recoveries(ctx)  # 督办 items whose pace is back to green close themselves
    if closed:
        st.success(ctx.t("followups.closed_now", count=len(closed)), icon=":material/trending_up:")
    message = ui.last_followup_message()
    if message:
        st.success(ui.md_escape(message), icon=":material/check_circle:")
    active = ui.active_followups(ctx)
    st.caption(page.intro)
    with st.container(key="alert-counts"):
        for column, (colour, label, count, change) in zip(st.columns(len(page.counts)), page.counts, strict=True):
            delta_color = "inverse" if colour != "green" else "normal"
            column.metric(label, count, delta=change, delta_color=delta_color, help=ctx.t("alerts.count_help"))
    left, middle, right = st.columns([3, 2, 2])
    with left:
        chosen_targets = st.multiselect(
            ctx.t("alerts.filter_targets"),
            list(page.target_labels),
            key="alerts-targets",
            placeholder=ctx.t("alerts.all_targets"),
            format_func=page.target_labels.__getitem__,
        )
    with middle:
        region = ui.pick(st.selectbox, "region", ctx.t("alerts.filter_region"), page.region_labels)
    with right:
        colours = st.multiselect(
            ctx.t("alerts.filter_colours"),
            list(page.colour_labels),
            default=["red", "yellow"],
            key="alerts-colours",
            placeholder=ctx.t("alerts.all_colours"),
            format_func=page.colour_labels.__getitem__,
        )
    filters = {"targets": tuple(chosen_targets), "region": region, "colours": tuple(colours)}
    shown = ui.view_model(alerts.build_list, **arguments, **filters, followed=frozenset(active))
    st.subheader(ctx.t("measure.alerts.list_heading"))
    if ctx.view.provenance.includes_upload and ctx.identity.can("follow_up"):
        st.caption(ctx.t("followups.published_only"))
    if not shown.lines:
        st.info(ctx.t("alerts.none"), icon=":material/search:")
    else:
        ui.alert_triage(ctx, shown, active)  # by target, worst first; one 督办 picker and its one button
        st.download_button(
            ctx.t("alerts.download", rows=shown.rows),
            shown.csv,
            file_name=shown.filename,
            mime="text/csv",
            key="alerts-download",
            on_click="ignore",
        )

    if shown.own_lines:  # a province's own targets (本省目标), apart from the catalogue's
        st.subheader(shown.own_heading)
        with st.container(key="own-alert-list"):
            for line in shown.own_lines:
                st.markdown(
                    f":{line.badge}-badge[{ui.md_escape(line.label)}] **{ui.md_escape(line.title)}** — "
                    f"{ui.md_escape(line.details)}"
                )

    st.subheader(ctx.t("alerts.report_heading"))
    st.caption(ctx.t("alerts.report_scope"))
    ui.report_panel(ctx, region, compared)
