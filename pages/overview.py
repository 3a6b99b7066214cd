"""总览 Overview: are the headline targets on track? Then every other target with data."""

import streamlit as st

from lib import ui
from lib.views.overview import status_table

ctx = ui.context()
if ui.page_header(ctx, "overview.title"):
    progress = ctx.progress()
    headline = ctx.view.catalogue.headline_targets
    for column, target in zip(st.columns(len(headline)), headline, strict=False):
        with column:
            ui.headline_card(ctx, target, progress[target.id])
    st.subheader(ctx.t("overview.others"))
    table = ui.kept(ctx, "status-table", build=lambda: ui.markdown_table(status_table(ctx.view, progress, ctx.lang)))
    with st.container(key="overview-table"):
        st.markdown(table)
    st.caption(ctx.t("overview.table_note"))
