"""上传数据 Upload: an analyst's CSV/Excel file in, validated tidy data out, used by every page once
confirmed and saved in the analyst's workspace (analysts and above; a provincial analyst's rows only)."""

from dataclasses import replace

import streamlit as st

from lib import ui
from lib.store.exports import to_csv_bytes, to_parquet_bytes
from lib.upload.interpret import guess_mapping, indicator_units, to_observations
from lib.upload.magnitude import checked
from lib.upload.reader import ENCODINGS, ReadError, read_table
from lib.upload.scope import within_scope
from lib.upload.session import MODES, digest, tidy
from lib.upload.sources import SourceError
from lib.views.upload import problem_table, template_csv

ctx = ui.context()
if ui.page_header(ctx, "upload.title", needs_data=False) and ui.allowed(ctx, "upload"):
    folder, lang = ctx.folder, ctx.lang
    catalogue, regions = ui.session_catalogue_of(ctx), folder.regions  # with this session's own indicators
    st.markdown(ctx.t("upload.intro"))
    uploaded = st.file_uploader(
        ctx.t("upload.file"), type=["csv", "tsv", "txt", "xlsx", "xls", "parquet"], key="upload-file"
    )
    warehouse = ui.warehouse_picker(ctx) if uploaded is None else None  # where an admin configured connections

    if uploaded is None and warehouse is None:
        ui.close_records()
        st.subheader(ctx.t("upload.templates"))
        st.caption(ctx.t("upload.templates_help"))
        for column, kind in zip(st.columns(3), ("long", "wide", "records"), strict=True):
            column.download_button(
                ctx.t(f"upload.template_{kind}"),
                template_csv(kind, lang),
                file_name=f"template-{kind}.csv",
                mime="text/csv",
                key=f"template-{kind}",
            )
    else:
        records = warehouse  # a record-level source counted where it lives (a warehouse table, or DuckDB)
        if warehouse is not None:
            name, table = warehouse.name, warehouse.source.sample
            encoding, header_line = "", 0
            table_key = (warehouse.key, encoding, None, header_line)
        else:
            name, data = uploaded.name, uploaded.getvalue()
            with st.expander(ctx.t("upload.read_options")):
                columns = st.columns(3)
                encoding = columns[0].selectbox(
                    ctx.t("upload.encoding"),
                    ["", *ENCODINGS],
                    format_func=lambda e: e or ctx.t("upload.encoding_auto"),
                    key="upload-encoding",
                )
                header_line = columns[2].number_input(
                    ctx.t("upload.header_line"), min_value=0, value=0, step=1, key="upload-header-line"
                )
                sheet_slot = columns[1]
            table_key = (digest(data), encoding, ui.chosen_sheet(), header_line)
            table = ui.session_memo("upload-table", table_key)
            if table is None and ui.wants_engine(data):  # Parquet, or a big file: DuckDB reads it, not the server
                try:
                    records = ui.file_records(name, data, table_key[0], encoding or None)
                except (ReadError, SourceError) as error:
                    with st.container(key="upload-errors"):
                        st.error(f"{ui.md_escape(name)}：{ui.md_escape(error.text(lang))}", icon=":material/block:")
                    st.stop()
                table = records.source.sample
            if table is None:
                ui.close_records()
                try:
                    table = read_table(
                        name, data, encoding=encoding or None, sheet=ui.chosen_sheet(), header_line=header_line or None
                    )
                except ReadError as error:
                    with st.container(key="upload-errors"):
                        st.error(f"{ui.md_escape(name)}：{ui.md_escape(error.text(lang))}", icon=":material/block:")
                    st.stop()
                ui.session_memo("upload-table", table_key, table)
            if table.sheets:
                sheet_slot.selectbox(ctx.t("upload.sheet"), table.sheets, key="upload-sheet")

        guess = ui.session_memo("upload-guess", (table_key, ui.own_digest()))
        if guess is None:
            guess = ui.session_memo(
                "upload-guess", (table_key, ui.own_digest()), guess_mapping(table, catalogue, regions)
            )
        # a new file (or read options): start from the guess — keyed on the sheet read, so picking the
        # sheet that was read by default is not a new file
        if ui.is_new_file((table_key[0], encoding, table.sheet, header_line)):
            ui.set_mapping_widgets(guess)
        mapping = ui.mapping_editor(ctx, table, guess, catalogue)
        ui.units_panel(ctx, mapping, catalogue)

        shape_name = ctx.t(f"upload.shape_{mapping.shape}")
        delimiter = {"\t": "Tab", ",": ",", ";": ";", "|": "|", "，": "，"}.get(table.delimiter or "", "—")
        st.caption(
            ctx.t(
                "upload.detected",
                name=ui.md_escape(name),
                kind=table.kind,
                encoding=table.encoding or "—",
                delimiter=delimiter,
                line=table.header_line,
                rows=len(table.frame),
                shape=shape_name,
            )
        )
        if table.title_lines:
            st.caption(ctx.t("upload.titles", lines=ui.md_escape(" | ".join(table.title_lines))))
        if table.notes:
            st.caption(ctx.t("upload.notes", count=len(table.notes)))
        if table.dropped_columns:
            st.caption(ctx.t("upload.dropped", columns=ui.md_escape("、".join(table.dropped_columns))))
        if mapping.person_id:
            st.caption(ctx.t("upload.ids_masked"))
        st.markdown(f"**{ui.md_escape(ctx.t('upload.preview'))}**")
        preview = table.frame.head(20).drop(columns=["__line__"])
        if mapping.person_id and mapping.person_id in preview:
            from lib.upload.records import mask_id

            preview[mapping.person_id] = preview[mapping.person_id].map(mask_id)
        st.dataframe(preview, hide_index=True, width="stretch", key="upload-preview")

        base = ctx.base_view
        scope = ctx.identity.scope
        result_key = (table_key, repr(mapping), ui.own_digest(), base.provenance.sha256 if base else "", scope)
        result = ui.session_memo("upload-result", result_key)
        # the engine path counts records (the SQL of lib.upload.records_sql); amount columns and other
        # shapes are read as before — a CSV whole, Parquet files and warehouse tables not at all
        if result is None and records is not None and (mapping.shape != "records" or mapping.value_columns):
            if warehouse is not None or ui.is_parquet(data):
                with st.container(key="upload-errors"):
                    st.warning(ctx.t("records.records_only"), icon=":material/warning:")
                st.stop()
            ui.close_records()
            records, table = None, read_table(name, data, encoding=encoding or None, header_line=header_line or None)
        if result is None:  # with the values 100× away from the snapshot's typical one flagged, before confirming
            counted = (
                ui.count_with_progress(ctx, records, mapping)
                if records is not None
                else to_observations(table, mapping, catalogue, regions)
            )
            result = checked(counted, mapping, base, indicator_units(catalogue, mapping))
            unit = regions.by_code.get(scope)  # a provincial analyst: their rows only
            result = within_scope(result, scope, *(unit.name(z) for z in ("zh", "en")) if unit else ())
            ui.session_memo("upload-result", result_key, result)
        observations = tidy(result)
        st.subheader(ctx.t("upload.summary"))
        with st.container(key="upload-summary"):
            metrics = st.columns(4)
            metrics[0].metric(ctx.t("upload.rows_read"), f"{result.rows_read:,}")
            metrics[1].metric(ctx.t("upload.accepted"), f"{len(observations):,}")
            metrics[2].metric(ctx.t("upload.rejected"), f"{result.rejected_lines:,}")
            metrics[3].metric(ctx.t("upload.missing"), f"{result.missing_cells:,}")
            accepted = result.accepted_totals()
            if accepted:
                st.markdown(ctx.t("upload.totals_heading"))
                st.markdown(ui.markdown_table(ui.totals_frame(ctx, result, catalogue, mapping)))
        checked_units = ui.result_notices(ctx, result, mapping, catalogue)  # a choice to make, or units to check
        problems = problem_table(result, regions, lang)
        with st.container(key="upload-errors"):
            st.markdown(f"**{ui.md_escape(ctx.t('upload.errors', count=len(problems)))}**")
            if problems.empty:
                st.success(ctx.t("upload.no_errors"), icon=":material/check_circle:")
            else:
                st.dataframe(problems, hide_index=True, width="stretch", key="upload-problem-table")
                st.download_button(
                    ctx.t("upload.download_errors", rows=len(problems)),
                    to_csv_bytes(problems),
                    file_name=f"problems-{name}.csv",
                    mime="text/csv",
                    key="upload-problems-csv",
                )

        modes = MODES if ctx.base_view is not None else ("alone",)
        used = [mapping.own[i] for i in observations["indicator_id"].unique() if i in mapping.own]
        only_own = bool(used) and len(used) == observations["indicator_id"].nunique()
        mode = st.radio(
            ctx.t("upload.mode"),
            modes,
            index=modes.index("merge") if only_own and "merge" in modes else 0,  # own series beside the snapshot's
            format_func=lambda m: ctx.t(f"upload.mode_{m}"),
            key="upload-mode",
        )
        if st.button(
            ctx.t("upload.confirm"),
            key="upload-confirm",
            type="primary",
            disabled=observations.empty or not checked_units,
        ):
            try:
                ui.confirm_upload(
                    ctx,
                    observations,
                    mode=mode,
                    name=name,
                    digest=table_key[0],
                    raw=data if warehouse is None else b"",  # a table stays where it lives
                    mapping=mapping,
                    read={"encoding": encoding, "sheet": ui.chosen_sheet(), "header_line": int(header_line)},
                    own_indicators=[
                        replace(own, frequency=result.frequencies.get(own.id, own.frequency)) for own in used
                    ],
                )
            except (ui.AccessDenied, ui.StoreUnavailable) as error:  # nothing was put in force
                st.error(ui.md_escape(error.text(lang)), icon=":material/block:")
            else:
                st.rerun()
        if observations.empty:
            st.warning(ctx.t("upload.nothing_accepted"), icon=":material/warning:")
        active = ui.active_upload()
        if active and active["digest"] == table_key[0]:
            merged = ui.merge_result()
            if active["mode"] == "merge" and merged is not None:
                st.success(
                    ctx.t("upload.confirmed_merge", replaced=f"{merged.replaced:,}", added=f"{merged.added:,}"),
                    icon=":material/check_circle:",
                )
            elif active["mode"] == "alone":
                st.success(
                    ctx.t("upload.confirmed_alone", rows=f"{len(active['frame']):,}"), icon=":material/check_circle:"
                )
            own_count = sum(
                1
                for i in active["frame"]["indicator_id"].unique()
                if i in catalogue.indicators and not catalogue.indicators[i].official
            )
            if own_count:
                st.info(ctx.t("upload.confirmed_own", count=own_count), icon=":material/info:")

        if not observations.empty:
            st.subheader(ctx.t("upload.downloads"))
            buttons = st.columns(2)
            stem = name.rsplit(".", 1)[0]
            buttons[0].download_button(
                ctx.t("upload.download_csv", rows=len(observations)),
                to_csv_bytes(observations),
                file_name=f"{stem}-clean.csv",
                mime="text/csv",
                key="upload-clean-csv",
            )
            buttons[1].download_button(
                ctx.t("upload.download_parquet", rows=len(observations)),
                to_parquet_bytes(observations),
                file_name=f"{stem}-clean.parquet",
                mime="application/octet-stream",
                key="upload-clean-parquet",
            )
