"""总览 Overview: are the headline targets on track? Then every other target with data."""

import streamlit as st

from lib import ui
from lib.progress.alerts import alert_counts, alerts
from lib.store.exports import to_csv_bytes
from lib.views.overview import status_groups, status_table, table_notes, without_data

ctx = ui.context()
if ui.page_header(ctx, "overview.title"):
    progress = ctx.progress()
    headline = ctx.view.catalogue.headline_targets
    for column, target in zip(st.columns(len(headline)), headline, strict=False):
        with column:
            ui.headline_card(ctx, target, progress[target.id])
    counts = alert_counts(alerts(ctx.view, ctx.pace))
    with st.container(key="overview-alerts", horizontal=True, vertical_alignment="center"):
        st.markdown(ctx.t("alerts.overview_counts", total=sum(counts.values()), **counts))
        st.page_link("pages/alerts.py", label=ctx.t("alerts.overview_link"), icon=":material/notifications_active:")
    st.subheader(ctx.t("overview.others"))
    groups = ui.kept(
        ctx,
        "status-groups",
        build=lambda: [(g.heading, ui.markdown_table(g.table)) for g in status_groups(ctx.view, progress, ctx.lang)],
    )
    with st.container(key="overview-table"):
        for heading, table in groups:  # national targets by document, each province's own apart
            st.markdown(f"**{ui.md_escape(heading)}**")
            st.markdown(table)
    st.download_button(
        ctx.t("measure.overview.download"),
        to_csv_bytes(status_table(ctx.view, progress, ctx.lang)),
        file_name="targets.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    for note in table_notes(ctx.view, progress, ctx.lang):  # proxies and estimates, in words
        st.caption(ui.md_escape(note))
    missing = without_data(ctx.view, progress)
    st.caption(
        ctx.t("measure.overview.table_note") + (ctx.t("overview.without_data", count=missing) if missing else "")
    )
