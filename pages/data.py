"""数据 Data: the snapshots and their manifests, what changed between two, and downloads."""

import streamlit as st

from lib import ui
from lib.views import data

ctx = ui.context()
if ui.page_header(ctx, "data.title", needs_data=False):
    page = ui.view_model(data.build, folder=ctx.folder, view=ctx.view, snap=ctx.state.get("snap"), lang=ctx.lang)
    st.subheader(ctx.t("data.snapshots_heading"))
    ui.dataframe(page.manifests, width="stretch", key="snapshot-list")
    for problem in page.problems:
        st.error(problem, icon=":material/block:")

    with st.container(key="snapshot-diff"):
        st.subheader(ctx.t("data.compare_heading"))
        if len(page.snapshot_ids) < 2:
            st.info(ctx.t("data.compare_needs_two"), icon=":material/info:")
        else:
            ids = list(page.snapshot_ids)
            if page.no_same_kind:
                st.caption(page.no_same_kind)
            left, right = st.columns(2)
            index = ids.index(page.older) if page.older else None
            older = left.selectbox(ctx.t("data.older"), ids, index=index, key="diff-old", placeholder="—")
            newer = right.selectbox(ctx.t("data.newer"), ids, index=ids.index(page.current), key="diff-new")
            if older and newer:
                old_view, new_view = ui.snapshot_data(ctx, older), ui.snapshot_data(ctx, newer)
                ui.compare_panel(ctx, old_view, new_view, stem=f"{older}-{newer}")

    def download(table, label: str, key: str, column=st) -> None:
        column.download_button(label, table.csv, file_name=table.filename, mime="text/csv", key=key, on_click="ignore")

    if page.own is not None:
        with st.container(key="own-data"):
            st.subheader(ctx.t("own.data_heading"))
            st.caption(ctx.t("own.session_note"))
            st.markdown(f"**{ui.md_escape(ctx.t('own.indicators_heading'))}**")
            ui.dataframe(page.own.frame, width="stretch", key="own-indicator-table")
            download(page.own, ctx.t("own.download_indicators", count=len(page.own.frame)), "own-indicators-csv")

    if page.figures is not None:
        with st.container(key="published-figures"):
            st.subheader(ctx.t("data.published_heading"))
            st.caption(ctx.t("data.published_note"))
            ui.dataframe(page.figures.frame, width="stretch", key="published-table")
            st.markdown(f"**{ui.md_escape(ctx.t('data.citations_heading'))}**")
            ui.dataframe(page.citations.frame, width="stretch", key="citations-table")
            buttons = st.columns(2)
            label = ctx.t("download.displayed_csv", rows=len(page.figures.frame))
            download(page.figures, label, "published-csv", buttons[0])
            label = ctx.t("download.citations_csv", rows=len(page.citations.frame))
            download(page.citations, label, "citations-csv", buttons[1])

    if page.frame is not None:
        st.subheader(ctx.t("data.downloads_heading"))
        st.caption(ctx.t("data.downloads_note", id=page.name))
        buttons = st.columns(2)
        buttons[0].download_button(
            ctx.t("download.full_csv", rows=len(page.frame)),
            page.full_csv,
            file_name=f"{page.name}.csv",
            mime="text/csv",
            key="full-csv",
            on_click="ignore",  # no rerun: the other button's file, made when asked for, stays valid
        )
        buttons[1].download_button(
            ctx.t("download.full_parquet", rows=len(page.frame)),
            page.full_parquet,
            file_name=f"{page.name}.parquet",
            mime="application/octet-stream",
            key="full-parquet",
            on_click="ignore",  # no rerun: the other button's file, made when asked for, stays valid
        )
