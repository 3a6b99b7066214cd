"""数据 Data: the snapshots and their manifests, what changed between two, and downloads."""

import streamlit as st

from lib import ui
from lib.store.citations import citations_frame
from lib.store.exports import to_csv_bytes, to_parquet_bytes
from lib.views.data import (
    compare_kind,
    default_pair,
    labelled_frame,
    manifest_table,
    own_indicator_table,
    published_figures,
)

ctx = ui.context()
if ui.page_header(ctx, "data.title", needs_data=False):
    folder, lang = ctx.folder, ctx.lang
    st.subheader(ctx.t("data.snapshots_heading"))
    manifests = manifest_table(folder.snapshots, lang)
    st.dataframe(manifests, hide_index=True, width="stretch", key="snapshot-list")
    for problem in folder.problems:
        st.error(ctx.t("data.refused", reason=problem.error.text(lang)), icon=":material/block:")

    with st.container(key="snapshot-diff"):
        st.subheader(ctx.t("data.compare_heading"))
        if len(folder.snapshots) < 2:
            st.info(ctx.t("data.compare_needs_two"), icon=":material/info:")
        else:
            ids = [ref.id for ref in folder.snapshots]
            current = ctx.view.provenance.snapshot_id if ctx.view is not None else ids[0]
            current = current if current in ids else ids[0]
            older_default = default_pair(folder.snapshots, current)  # same kind only: demo with demo
            if older_default is None:
                st.caption(ctx.t("measure.data.no_same_kind", kind=ctx.t(compare_kind(folder.snapshots, current))))
            left, right = st.columns(2)
            older = left.selectbox(
                ctx.t("data.older"),
                ids,
                index=ids.index(older_default) if older_default else None,
                key="diff-old",
                placeholder="—",
            )
            newer = right.selectbox(ctx.t("data.newer"), ids, index=ids.index(current), key="diff-new")
            if older and newer:
                old_view, new_view = ui.snapshot_data(ctx, older), ui.snapshot_data(ctx, newer)
                ui.compare_panel(ctx, old_view, new_view, memo_key=older, stem=f"{older}-{newer}")

    if ctx.view is not None and ctx.view.catalogue.own_indicators:
        with st.container(key="own-data"):
            st.subheader(ctx.t("own.data_heading"))
            st.caption(ctx.t("own.session_note"))
            st.markdown(f"**{ui.md_escape(ctx.t('own.indicators_heading'))}**")
            own = own_indicator_table(ctx.view, lang)
            st.dataframe(own, hide_index=True, width="stretch", key="own-indicator-table")
            st.download_button(
                ctx.t("own.download_indicators", count=len(own)),
                to_csv_bytes(own),
                file_name="own-indicators.csv",
                mime="text/csv",
                key="own-indicators-csv",
            )

    if ctx.view is not None and ctx.view.store.has_citations:
        with st.container(key="published-figures"):
            st.subheader(ctx.t("data.published_heading"))
            st.caption(ctx.t("data.published_note"))
            figures = published_figures(ctx.view, lang)
            st.dataframe(figures, hide_index=True, width="stretch", key="published-table")
            st.markdown(f"**{ui.md_escape(ctx.t('data.citations_heading'))}**")
            citations = citations_frame(ctx.view.store.citations, lang)
            st.dataframe(citations, hide_index=True, width="stretch", key="citations-table")
            buttons = st.columns(2)
            buttons[0].download_button(
                ctx.t("download.displayed_csv", rows=len(figures)),
                to_csv_bytes(figures),
                file_name=f"{ctx.view.provenance.snapshot_id}-figures.csv",
                mime="text/csv",
                key="published-csv",
            )
            buttons[1].download_button(
                ctx.t("download.citations_csv", rows=len(citations)),
                to_csv_bytes(citations),
                file_name=f"{ctx.view.provenance.snapshot_id}-citations.csv",
                mime="text/csv",
                key="citations-csv",
            )

    if ctx.view is not None:
        st.subheader(ctx.t("data.downloads_heading"))
        frame = labelled_frame(ctx.view, lang)  # own (uploaded) rows say they are not official
        name = ctx.view.provenance.snapshot_id
        st.caption(ctx.t("data.downloads_note", id=name))
        buttons = st.columns(2)
        buttons[0].download_button(
            ctx.t("download.full_csv", rows=len(frame)),
            lambda: to_csv_bytes(frame),
            file_name=f"{name}.csv",
            mime="text/csv",
            key="full-csv",
        )
        buttons[1].download_button(
            ctx.t("download.full_parquet", rows=len(frame)),
            lambda: to_parquet_bytes(frame),
            file_name=f"{name}.parquet",
            mime="application/octet-stream",
            key="full-parquet",
        )
