"""说明 About: method with formulas, definitions, sources, the snapshot's manifest, version."""

import pandas as pd
import plotly
import streamlit as st

from lib import __version__, ui
from lib.core.formatting import format_percent
from lib.store.citations import citations_frame
from lib.store.exports import to_csv_bytes
from lib.views.about import (
    figure_kinds,
    glossary,
    indicator_table,
    inputs_table,
    program_table,
    readable_inputs,
    readable_manifest,
    status_legend,
)

ctx = ui.context()
if ui.page_header(ctx, "about.title", needs_data=False):
    settings = ctx.view.settings if ctx.view else None
    st.markdown(ctx.t("about.intro"))
    st.header(ctx.t("about.method_heading"))
    st.markdown(ctx.t("about.method_time"))
    st.latex(r"f=\frac{m(t_0,\ \min(a,t_1))}{m(t_0,\ t_1)},\quad E=T\cdot f,\quad R=\frac{A}{E},\quad P=\frac{A}{f}")
    st.markdown(ctx.t("about.method_cumulative"))
    st.markdown(ctx.t("about.method_annual"))
    st.latex(r"E = B + (T-B)\cdot f,\qquad R=\frac{V-B}{E-B},\qquad C_B=\frac{V-B}{T-B}")
    st.markdown(ctx.t("about.method_level"))
    tolerance = settings.approx_tolerance if settings else 0.05
    at_risk = settings.at_risk_pace if settings else 0.9
    st.markdown(ctx.t("about.method_approx", tolerance=format_percent(tolerance, 0)))
    st.markdown(ctx.t("about.method_seasonal"))
    st.markdown(ctx.t("about.method_status", at_risk=f"{at_risk:g}"))
    st.markdown(ctx.t("about.method_national"))
    st.markdown(ctx.t("about.method_reference"))
    st.caption(ctx.t("about.method_cagr"))
    with st.container(key="measures-glossary"):  # each measure once: its one name, formula and rounding
        st.subheader(ctx.t("measure.glossary_heading"))
        st.markdown(ui.markdown_table(glossary(ctx.lang)))

    st.subheader(ctx.t("about.statuses_heading"))
    st.dataframe(status_legend(ctx.lang), hide_index=True, key="status-legend")

    if ctx.view:
        st.subheader(ctx.t("about.inputs_heading"))
        inputs = inputs_table(ctx.view, ctx.progress())  # the engine's record, for the download
        shown_inputs = readable_inputs(ctx.view, ctx.progress(), ctx.lang)  # names and words on the page
        st.dataframe(shown_inputs, hide_index=True, width="stretch", key="inputs-table")
        st.caption(ctx.t("about.inputs_note"))
        st.download_button(
            ctx.t("download.csv_rows", rows=len(inputs)),
            to_csv_bytes(inputs),
            file_name="progress-inputs.csv",
            mime="text/csv",
            key="inputs-download",
        )

    st.subheader(ctx.t("about.indicators_heading"))
    st.dataframe(
        indicator_table(ctx.folder.catalogue, ctx.lang), hide_index=True, width="stretch", key="indicator-table"
    )

    st.subheader(ctx.t("about.sources_heading"))
    st.dataframe(program_table(ctx.folder.catalogue, ctx.lang), hide_index=True, width="stretch", key="program-table")
    st.caption(ctx.t("about.sources_note"))

    with st.container(key="figure-kinds"):
        st.subheader(ctx.t("about.kinds_heading"))
        st.caption(ctx.t("about.kinds_note"))
        st.dataframe(
            figure_kinds(ctx.folder.snapshots, ctx.base_view, ctx.lang),
            hide_index=True,
            width="stretch",
            key="kinds-table",
        )
        if ctx.view and ctx.view.store.has_citations:
            st.markdown(f"**{ui.md_escape(ctx.t('about.in_use', id=ctx.view.provenance.snapshot_id))}**")
            st.dataframe(
                citations_frame(ctx.view.store.citations, ctx.lang),
                hide_index=True,
                width="stretch",
                key="about-citations",
            )

    if ctx.view and ctx.folder.snapshot(ctx.view.provenance.snapshot_id):
        st.subheader(ctx.t("about.manifest_heading"))
        manifest = ctx.folder.snapshot(ctx.view.provenance.snapshot_id).manifest
        st.dataframe(
            readable_manifest(
                manifest.as_json()
                | {
                    "title": manifest.title_in(ctx.lang),
                    "source": manifest.source_in(ctx.lang),
                    "publisher": manifest.publisher_in(ctx.lang),
                },
                ctx.lang,
            ),
            hide_index=True,
            width="stretch",
            key="manifest-table",
        )

    st.subheader(ctx.t("about.version_heading"))
    st.caption(
        ctx.t(
            "about.version_line",
            version=__version__,
            streamlit=st.__version__,
            plotly=plotly.__version__,
            pandas=pd.__version__,
            folder=ctx.t("measure.words.data_folder"),  # a server path is for the Admin page
        )
    )
