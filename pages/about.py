"""说明 About: method with formulas, definitions, sources, the snapshot's manifest, version."""

import streamlit as st

from lib import ui
from lib.views import about

ctx = ui.context()
if ui.page_header(ctx, "about.title", needs_data=False):
    arguments = {"folder": ctx.folder, "view": ctx.view, "base_view": ctx.base_view}
    page = ui.view_model(about.build, **arguments, lang=ctx.lang, pace=ctx.pace)
    st.markdown(ctx.t("about.intro"))
    st.header(ctx.t("about.method_heading"))
    st.markdown(ctx.t("about.method_time"))
    st.latex(r"f=\frac{m(t_0,\ \min(a,t_1))}{m(t_0,\ t_1)},\quad E=T\cdot f,\quad R=\frac{A}{E},\quad P=\frac{A}{f}")
    st.markdown(ctx.t("about.method_cumulative"))
    st.markdown(ctx.t("about.method_annual"))
    st.latex(r"E = B + (T-B)\cdot f,\qquad R=\frac{V-B}{E-B},\qquad C_B=\frac{V-B}{T-B}")
    st.markdown(ctx.t("about.method_level"))
    st.markdown(ctx.t("about.method_approx", tolerance=page.tolerance))
    st.markdown(ctx.t("about.method_seasonal"))
    st.markdown(ctx.t("about.method_status", at_risk=page.at_risk))
    st.markdown(ctx.t("about.method_national"))
    st.markdown(ctx.t("about.method_reference"))
    st.caption(ctx.t("about.method_cagr"))
    with st.container(key="measures-glossary"):  # each measure once: its one name, formula and rounding
        st.subheader(ctx.t("measure.glossary_heading"))
        st.markdown(page.glossary)

    st.subheader(ctx.t("about.statuses_heading"))
    ui.dataframe(page.legend, key="status-legend", pin_first=False)  # a symbol and a few words: nothing scrolls

    if page.inputs is not None:
        st.subheader(ctx.t("about.inputs_heading"))
        columns = ui.measure_columns(ctx, page.inputs)  # each measure's formula on hover, as listed above
        ui.dataframe(page.inputs, width="stretch", key="inputs-table", column_config=columns)
        st.caption(ctx.t("about.inputs_note"))
        st.download_button(
            ctx.t("download.csv_rows", rows=page.inputs_rows),
            page.inputs_csv,
            file_name="progress-inputs.csv",
            mime="text/csv",
            key="inputs-download",
            on_click="ignore",
        )

    st.subheader(ctx.t("about.indicators_heading"))
    ui.dataframe(page.indicators, width="stretch", key="indicator-table")

    st.subheader(ctx.t("about.sources_heading"))
    ui.dataframe(page.programs, width="stretch", key="program-table")
    st.caption(ctx.t("about.sources_note"))

    with st.container(key="figure-kinds"):
        st.subheader(ctx.t("about.kinds_heading"))
        st.caption(ctx.t("about.kinds_note"))
        ui.dataframe(page.kinds, width="stretch", key="kinds-table")
        if page.citations is not None:
            st.markdown(f"**{page.in_use}**")
            ui.dataframe(page.citations, width="stretch", key="about-citations")

    if page.manifest is not None:
        st.subheader(ctx.t("about.manifest_heading"))
        ui.dataframe(page.manifest, width="stretch", key="manifest-table")

    st.subheader(ctx.t("about.version_heading"))
    st.caption(ctx.t("about.version_line", streamlit=st.__version__, folder=page.data_folder, **page.versions))
