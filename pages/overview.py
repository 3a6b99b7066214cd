"""总览 Overview: are the headline targets on track? Then every other target with data."""

import streamlit as st

from lib import ui
from lib.views import overview

ctx = ui.context()
if ui.page_header(ctx, "overview.title"):
    model = ui.view_model(overview.build, view=ctx.view, lang=ctx.lang, pace=ctx.pace)
    for column, (target, progress) in zip(st.columns(len(model.headline)), model.headline, strict=False):
        with column:
            ui.headline_card(ctx, target, progress)
    counts = model.alert_counts
    with st.container(key="overview-alerts", horizontal=True, vertical_alignment="center"):
        st.markdown(ctx.t("alerts.overview_counts", total=sum(counts.values()), **counts))
        st.page_link("pages/alerts.py", label=ctx.t("alerts.overview_link"), icon=":material/notifications_active:")
    st.subheader(ctx.t("overview.others"), help=ui.hover(model.table_help))  # the formulas, from measures.py
    with st.container(key="overview-table"):
        for heading, table in model.groups:  # national targets by document, each province's own apart
            st.markdown(f"**{ui.md_escape(heading)}**")
            st.markdown(table)
    st.download_button(
        ctx.t("measure.overview.download"),
        model.table_csv,
        file_name="targets.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    for note in model.notes:  # proxies and estimates, in words
        st.caption(ui.md_escape(note))
    missing = model.missing
    st.caption(
        ctx.t("measure.overview.table_note") + (ctx.t("overview.without_data", count=missing) if missing else "")
    )
