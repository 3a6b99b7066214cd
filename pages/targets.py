"""目标清单 Targets: the whole catalogue with documents and verbatim quotes, filterable."""

import streamlit as st

from lib import ui
from lib.progress.engine import STATUSES
from lib.progress.statuses import status_label
from lib.reference.labels import scope_text
from lib.reference.policy_docs import quote_context
from lib.store.exports import to_csv_bytes
from lib.views.targets import filter_rows, programs_without_targets, target_rows

ctx = ui.context()
if ui.page_header(ctx, "targets.title", needs_data=False):
    catalogue, regions = ui.session_catalogue_of(ctx), ctx.folder.regions  # own targets of this session too
    rows = target_rows(catalogue, regions, ctx.progress(), ctx.lang)
    scopes = {
        target.scope.code(): scope_text(target, regions, ctx.lang).split("（")[0].split(" (")[0]
        for target in catalogue.targets
    }
    with st.container(key="target-filters"):
        left, middle, right = st.columns(3)
        programs = left.multiselect(
            ctx.t("targets.filter_program"),
            sorted(set(rows["_program"])),
            format_func=lambda p: catalogue.programs[p].name(ctx.lang),
            placeholder=ctx.t("targets.all"),
        )
        scope_pick = middle.multiselect(
            ctx.t("targets.filter_scope"), list(scopes), format_func=scopes.get, placeholder=ctx.t("targets.all")
        )
        status_pick = right.multiselect(
            ctx.t("targets.filter_status"),
            list(STATUSES),
            format_func=lambda s: status_label(s, ctx.lang),
            placeholder=ctx.t("targets.all"),
        )
    shown = filter_rows(rows, programs, scope_pick, status_pick)
    visible = shown[[c for c in shown.columns if not c.startswith("_")]]
    st.caption(ctx.t("targets.count", shown=len(visible), total=len(rows)))
    st.dataframe(visible, hide_index=True, width="stretch", key="targets-table")
    st.download_button(
        ctx.t("download.csv_rows", rows=len(visible)),
        to_csv_bytes(visible),
        file_name="targets.csv",
        mime="text/csv",
        key="targets-download",
    )

    st.subheader(ctx.t("targets.quote_heading"))
    choice = st.selectbox(
        ctx.t("targets.pick_target"),
        list(shown["_target_id"]) or list(rows["_target_id"]),
        format_func=lambda tid: catalogue.by_target[tid].name(ctx.lang),
        key="quote-target",
    )
    target = catalogue.by_target[choice]
    program = catalogue.programs[target.program_id]
    st.markdown(
        f"**{ui.md_escape(program.document_title)}** · {ui.md_escape(program.document(ctx.lang))} · {ui.md_escape(program.issuer(ctx.lang))} · {program.date.isoformat()}"
    )
    found = (
        quote_context(ctx.folder.path / "policy-docs", target.source_file, target.quote) if target.official else None
    )
    with st.container(key="quote-context", border=True):
        if not target.official:  # the analyst's own: the source as they gave it
            st.caption(ctx.t("own.targets.quote_own", document=ui.md_escape(program.document(ctx.lang))))
            st.markdown(ui.md_escape(target.quote) if target.quote else ctx.t("own.targets.no_quote"))
        elif found:
            st.markdown(
                ui.md_escape(found.before) + "**" + ui.md_escape(found.quote) + "**" + ui.md_escape(found.after)
            )
            st.caption(ctx.t("targets.quote_source"))
        else:
            st.warning(ctx.t("targets.quote_missing", file=target.source_file), icon=":material/warning:")
            st.markdown(ui.md_escape(target.quote))

    ui.own_targets_panel(ctx)

    others = programs_without_targets(catalogue, ctx.lang)
    if not others.empty:
        st.subheader(ctx.t("targets.no_numeric"))
        st.dataframe(others, hide_index=True, width="stretch", key="programs-without-targets")
