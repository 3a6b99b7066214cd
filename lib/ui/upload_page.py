"""The Upload page's steps in Streamlit, in the order a person meets them: the templates while no
file is chosen; reading the file (or a warehouse table) with the read options, errors said where
they occurred; the guessed mapping put in the widgets once per file; the pipeline's view
(``lib.views.upload.build``, once per file × mapping × own indicators × snapshot × scope, in this
session only); the summary, problems and confirmation; the clean downloads. The work is in
``lib.upload``; the words and tables in ``lib.views.upload``."""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from lib.ui.context import Context
from lib.ui.own import own_digest
from lib.ui.records import (
    Records,
    close_records,
    count_with_progress,
    is_parquet,
    staged_file,
    wants_engine,
)
from lib.ui.tables import dataframe
from lib.ui.upload import (
    active_upload,
    chosen_sheet,
    confirm_upload,
    is_new_file,
    merge_result,
    result_notices,
)
from lib.ui.widgets import session_memo
from lib.upload.common import Mapping
from lib.upload.pipeline import interpret
from lib.upload.reader import ENCODINGS, ReadError, Table, read_table
from lib.upload.session import digest
from lib.upload.sources import SourceError
from lib.views.markdown import markdown_table, md_escape
from lib.views.upload import FileView, UploadView, build, template_csv


@dataclass
class UploadRead:
    """A file (or a warehouse table) read: its name and bytes, the table (a sample for an engine),
    the key of the read (digest, encoding, sheet, header line) and the engine's source if any."""

    name: str
    data: bytes
    table: Table
    table_key: tuple
    records: Records | None
    warehouse: Records | None
    encoding: str
    header_line: int


def upload_templates(ctx: Context) -> None:
    """No file yet: the three templates to start from."""
    st.subheader(ctx.t("upload.templates"))
    st.caption(ctx.t("upload.templates_help"))
    for column, kind in zip(st.columns(3), ("long", "wide", "records"), strict=True):
        column.download_button(
            ctx.t(f"upload.template_{kind}"),
            template_csv(kind, ctx.lang),
            file_name=f"template-{kind}.csv",
            mime="text/csv",
            key=f"template-{kind}",
            on_click="ignore",
        )


def _stop_with(ctx: Context, name: str, error) -> None:
    with st.container(key="upload-errors"):
        st.error(f"{md_escape(name)}：{md_escape(error.text(ctx.lang))}", icon=":material/block:")
    st.stop()


def read_upload(ctx: Context, uploaded, warehouse: Records | None) -> UploadRead:
    """read: the file with the read options (kept in this session per file and options); a big
    record-level file or Parquet handed to DuckDB, a warehouse table sampled where it lives."""
    records = warehouse  # a record-level source counted where it lives (a warehouse table, or DuckDB)
    if warehouse is not None:
        name, table, data = warehouse.name, warehouse.source.sample, b""
        encoding, header_line = "", 0
        table_key = (warehouse.key, encoding, None, header_line)
        return UploadRead(name, data, table, table_key, records, warehouse, encoding, header_line)
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
    table_key = (digest(data), encoding, chosen_sheet(), header_line)
    table = session_memo("upload-table", table_key)
    if table is None and wants_engine(data):  # Parquet, or a big file: DuckDB reads it, not the server
        try:
            records = staged_file(ctx, name, data, table_key[0], encoding or None)
        except (ReadError, SourceError) as error:
            _stop_with(ctx, name, error)
        table = records.source.sample
    if table is None:
        close_records()
        try:
            table = read_table(
                name, data, encoding=encoding or None, sheet=chosen_sheet(), header_line=header_line or None
            )
        except ReadError as error:
            _stop_with(ctx, name, error)
        session_memo("upload-table", table_key, table)
    if table.sheets:
        sheet_slot.selectbox(ctx.t("upload.sheet"), table.sheets, key="upload-sheet")
    return UploadRead(name, data, table, table_key, records, None, encoding, header_line)


def guessed_mapping(ctx: Context, read: UploadRead, catalogue) -> Mapping:
    """interpret: the mapping guessed for this file (kept per file and own indicators); a new file
    (or read options) puts it in the widgets."""
    from lib.ui.upload import set_mapping_widgets

    table_key, table = read.table_key, read.table
    guess = session_memo("upload-guess", (table_key, own_digest()))
    if guess is None:
        guess = session_memo("upload-guess", (table_key, own_digest()), interpret(table, catalogue, ctx.folder.regions))
    # a new file (or read options): start from the guess — keyed on the sheet read, so picking the
    # sheet that was read by default is not a new file
    if is_new_file((table_key[0], read.encoding, table.sheet, read.header_line)):
        set_mapping_widgets(guess)
    return guess


def file_description(ctx: Context, file: FileView) -> None:
    """How the file was read, and its first rows."""
    st.caption(ctx.t("upload.detected", **(file.detected | {"name": md_escape(file.name)})))
    if file.titles:
        st.caption(ctx.t("upload.titles", lines=md_escape(file.titles)))
    if file.notes:
        st.caption(ctx.t("upload.notes", count=file.notes))
    if file.dropped:
        st.caption(ctx.t("upload.dropped", columns=md_escape(file.dropped)))
    if file.ids_masked:
        st.caption(ctx.t("upload.ids_masked"))
    st.markdown(f"**{md_escape(ctx.t('upload.preview'))}**")
    dataframe(file.preview, width="stretch", key="upload-preview")


def checked_upload(ctx: Context, read: UploadRead, mapping: Mapping, catalogue) -> UploadView:
    """check: the pipeline's view of the file with this mapping, kept in this session per file,
    mapping, own indicators, snapshot, scope and language (never in a shared cache)."""
    base = ctx.base_view
    scope = ctx.identity.scope
    table_key, table, records = read.table_key, read.table, read.records
    result_key = (table_key, repr(mapping), own_digest(), base.provenance.sha256 if base else "", scope, ctx.lang)
    model = session_memo("upload-result", result_key)
    # the engine path counts records (the SQL of lib.upload.records_sql); amount columns and other
    # shapes are read as before — a CSV whole, Parquet files and warehouse tables not at all
    if model is None and records is not None and (mapping.shape != "records" or mapping.value_columns):
        if read.warehouse is not None or is_parquet(read.data):
            with st.container(key="upload-errors"):
                st.warning(ctx.t("records.records_only"), icon=":material/warning:")
            st.stop()
        close_records()  # a big CSV of another shape is read whole after all — within the reader's limits
        try:
            table = read_table(
                read.name, read.data, encoding=read.encoding or None, header_line=read.header_line or None
            )
        except ReadError as error:
            _stop_with(ctx, read.name, error)
        records = None
    if model is None:  # with the values 100× away from the snapshot's typical one flagged, before confirming
        rows = count_with_progress(ctx, records, mapping) if records is not None else table
        model = build(
            read.table,
            rows,
            mapping,
            catalogue,
            ctx.folder.regions,
            name=read.name,
            lang=ctx.lang,
            base=base,
            scope=scope,
        )
        session_memo("upload-result", result_key, model)
    return model


def upload_summary(ctx: Context, model: UploadView, mapping: Mapping, catalogue) -> bool:
    """The counts, the accepted totals, what to do before confirming and every problem; True when
    the units are checked (or nothing asks for it)."""
    st.subheader(ctx.t("upload.summary"))
    with st.container(key="upload-summary"):
        for column, (label, number) in zip(st.columns(4), model.metrics, strict=True):
            column.metric(label, number)
        if model.totals is not None:
            st.markdown(ctx.t("upload.totals_heading"))
            st.markdown(markdown_table(model.totals))
    checked_units = result_notices(ctx, model.checked.result, mapping, catalogue)  # a choice, or units to check
    problems = model.problems
    with st.container(key="upload-errors"):
        st.markdown(f"**{md_escape(ctx.t('upload.errors', count=len(problems)))}**")
        if problems.empty:
            st.success(ctx.t("upload.no_errors"), icon=":material/check_circle:")
        else:
            dataframe(problems, width="stretch", key="upload-problem-table")
            st.download_button(
                ctx.t("upload.download_errors", rows=len(problems)),
                model.problems_csv,  # made when asked for, not on every run of the page
                file_name=f"problems-{model.file.name}.csv",
                mime="text/csv",
                key="upload-problems-csv",
                on_click="ignore",
            )
    return checked_units


def confirm_checked(ctx: Context, read: UploadRead, model: UploadView, *, mode: str, mapping: Mapping) -> None:
    """confirm: the checked rows in force for every page, saved with the file together with the own
    indicators they use — one call, one transaction with its audit entry
    (``lib.store.workspace.confirm_upload``; the store checks the role and scope again, and a
    refusal keeps nothing)."""
    result = model.checked.result
    confirm_upload(
        ctx,
        model.observations,
        mode=mode,
        name=read.name,
        digest=read.table_key[0],
        raw=read.data if read.warehouse is None else b"",  # a table stays where it lives
        mapping=mapping,
        read={"encoding": read.encoding, "sheet": chosen_sheet(), "header_line": int(read.header_line)},
        own_indicators=[
            replace(own, frequency=result.frequencies.get(own.id, own.frequency)) for own in model.checked.own_used
        ],
    )


def confirmed_notice(ctx: Context, read: UploadRead, catalogue) -> None:
    """After confirming this file: how it was merged (or shown alone), and its own indicators."""
    active = active_upload()
    if active and active["digest"] == read.table_key[0]:
        merged = merge_result()
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


def clean_downloads(ctx: Context, model: UploadView) -> None:
    """The accepted rows, tidy, as CSV and Parquet."""
    observations = model.observations
    st.subheader(ctx.t("upload.downloads"))
    buttons = st.columns(2)
    stem = model.stem
    buttons[0].download_button(
        ctx.t("upload.download_csv", rows=len(observations)),
        model.clean_csv,  # made when asked for, not on every run of the page
        file_name=f"{stem}-clean.csv",
        mime="text/csv",
        key="upload-clean-csv",
        on_click="ignore",
    )
    buttons[1].download_button(
        ctx.t("upload.download_parquet", rows=len(observations)),
        model.clean_parquet,
        file_name=f"{stem}-clean.parquet",
        mime="application/octet-stream",
        key="upload-clean-parquet",
        on_click="ignore",
    )
