"""目标清单 Targets: the whole catalogue with documents and verbatim quotes, filterable."""

import streamlit as st

from lib import ui
from lib.views import targets

ctx = ui.context()
if ui.page_header(ctx, "targets.title", needs_data=False):
    catalogue = ui.session_catalogue_of(ctx)  # own targets of this session too
    arguments = {"folder": ctx.folder, "catalogue": catalogue, "view": ctx.view, "lang": ctx.lang, "pace": ctx.pace}
    page = ui.view_model(targets.build, **arguments)
    with st.container(key="target-filters"):
        left, middle, right = st.columns(3)
        everything = ctx.t("targets.all")
        labels = page.program_labels
        programs = left.multiselect(
            ctx.t("targets.filter_program"), list(labels), format_func=labels.__getitem__, placeholder=everything
        )
        labels = page.scope_labels
        scopes = middle.multiselect(
            ctx.t("targets.filter_scope"), list(labels), format_func=labels.__getitem__, placeholder=everything
        )
        labels = page.status_labels
        statuses = right.multiselect(
            ctx.t("targets.filter_status"), list(labels), format_func=labels.__getitem__, placeholder=everything
        )
    filters = {"programs": tuple(programs), "scopes": tuple(scopes), "statuses": tuple(statuses)}
    shown = ui.view_model(targets.build_list, **arguments, **filters)
    st.caption(ctx.t("targets.count", shown=len(shown.table), total=len(page.rows)))
    ui.dataframe(shown.table, width="stretch", key="targets-table")
    st.download_button(
        ctx.t("download.csv_rows", rows=len(shown.table)),
        shown.csv,
        file_name="targets.csv",
        mime="text/csv",
        key="targets-download",
        on_click="ignore",
    )

    ui.own_target_groups(ctx, page.own_groups)  # each province's own targets (本省目标), apart, linked

    st.subheader(ctx.t("targets.quote_heading"))
    choice = st.selectbox(
        ctx.t("targets.pick_target"),
        list(shown.choices),
        format_func=page.target_names.__getitem__,
        key="quote-target",
    )
    quote = ui.view_model(targets.build_quote, folder=ctx.folder, catalogue=catalogue, target_id=choice, lang=ctx.lang)
    st.markdown(quote.document)
    with st.container(key="quote-context", border=True):
        if not quote.official:  # the analyst's own: the source as they gave it
            st.caption(ctx.t("own.targets.quote_own", document=ui.md_escape(quote.own_source)))
            st.markdown(ui.md_escape(quote.quote) if quote.quote else ctx.t("own.targets.no_quote"))
        elif quote.found:
            found = quote.found
            st.markdown(
                ui.md_escape(found.before) + "**" + ui.md_escape(found.quote) + "**" + ui.md_escape(found.after)
            )
            st.caption(ctx.t("targets.quote_source"))
        else:
            st.warning(ctx.t("targets.quote_missing", file=quote.source_file), icon=":material/warning:")
            st.markdown(ui.md_escape(quote.quote))

    ui.own_targets_panel(ctx)

    if not page.others.empty:
        st.subheader(ctx.t("targets.no_numeric"))
        ui.dataframe(page.others, width="stretch", key="programs-without-targets")
