"""说明 About: method with formulas, definitions, sources, the snapshot's manifest, version."""

import pandas as pd
import plotly
import streamlit as st

from lib import __version__, ui
from lib.core.formatting import format_percent
from lib.store.citations import citations_frame
from lib.store.exports import to_csv_bytes
from lib.views.about import figure_kinds, indicator_table, inputs_table, program_table, status_legend

ctx = ui.context()
if ui.page_header(ctx, "about.title", needs_data=False):
    settings = ctx.view.settings if ctx.view else None
    st.markdown(ctx.t("about.intro"))
    st.header(ctx.t("about.method_heading"))
    st.markdown(ctx.t("about.method_time"))
    st.latex(
        r"f=\frac{\text{months}(t_0,\ \min(a,t_1))}{\text{months}(t_0,\ t_1)},\quad E=T\cdot f,\quad \text{pace}=\frac{A}{E},\quad P=\frac{A}{f}"
    )
    st.markdown(ctx.t("about.method_cumulative"))
    st.markdown(ctx.t("about.method_annual"))
    st.latex(r"E = B + (T-B)\cdot f,\qquad \text{progress}=\frac{V-B}{T-B}")
    st.markdown(ctx.t("about.method_level"))
    tolerance = settings.approx_tolerance if settings else 0.05
    at_risk = settings.at_risk_pace if settings else 0.9
    st.markdown(ctx.t("about.method_approx", tolerance=format_percent(tolerance, 0)))
    st.markdown(ctx.t("about.method_seasonal"))
    st.markdown(ctx.t("about.method_status", at_risk=f"{at_risk:g}"))
    st.markdown(ctx.t("about.method_national"))
    st.markdown(ctx.t("about.method_reference"))
    st.caption(ctx.t("about.method_cagr"))

    st.subheader(ctx.t("about.statuses_heading"))
    st.dataframe(status_legend(ctx.lang), hide_index=True, key="status-legend")

    if ctx.view:
        st.subheader(ctx.t("about.inputs_heading"))
        inputs = inputs_table(ctx.view, ctx.progress())
        st.dataframe(inputs, hide_index=True, width="stretch", key="inputs-table")
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
        manifest = ctx.folder.snapshot(ctx.view.provenance.snapshot_id).manifest.as_json()
        st.dataframe(
            pd.DataFrame(
                {ctx.t("about.field"): list(manifest), ctx.t("about.value"): [str(v) for v in manifest.values()]}
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
            folder=ui.md_escape(ctx.folder.path),
        )
    )
