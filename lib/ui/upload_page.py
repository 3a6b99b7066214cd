"""The Upload page's steps in Streamlit, in the order a person meets them: the templates while no
file is chosen; reading the file (or a warehouse table) with the read options, errors said where
they occurred; the guessed mapping put in the widgets once per file; the pipeline's view
(``lib.views.upload.build``); the summary, problems and confirmation; the clean downloads. The work
is in ``lib.upload``; the words and tables in ``lib.views.upload``.

The read table, the guess, the file's description and the checked view are kept between reruns with
``remember_in_session``: in this session only (an upload is one person's), each under ``key_of``
everything it is computed from — the file (its name and the SHA-256 of its bytes), the read options,
the record-level source, the mapping, the catalogue with the session's own indicators and targets,
the regions, the snapshot's view, the scope and the language — so a changed input is never served
an old result. The engine's counting, which draws its progress, is inside the kept function: it runs
(and draws) only when the result is computed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

import streamlit as st

from lib.core.i18n import t
from lib.core.memo import kept_at_most, key_of
from lib.progress.dataview import DataView
from lib.reference.catalogue import Catalogue
from lib.reference.regions import RegionRegistry
from lib.ui.context import Context, remember_in_session
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
    set_mapping_widgets,
)
from lib.upload.common import Mapping
from lib.upload.pipeline import interpret
from lib.upload.reader import ENCODINGS, ReadError, Table, read_table
from lib.upload.session import digest
from lib.upload.sources import SourceError
from lib.views.markdown import markdown_table, md_escape
from lib.views.upload import FileView, UploadView, build, describe, template_csv


@dataclass(frozen=True)
class UploadedFile:
    """A file as the person sent it: its name and bytes, keyed (``lib.core.memo``) by its name and
    the SHA-256 of its bytes, taken once when it is made."""

    name: str
    data: bytes = field(repr=False)
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", digest(self.data))

    @property
    def memo_key(self) -> tuple:
        return (self.name, self.digest)


@dataclass(frozen=True)
class UploadRead:
    """A file (or a warehouse table) read: the file, the read options asked for, the record-level
    source an engine counts (a big file's DuckDB copy, a warehouse table) and the table read (a
    sample for an engine)."""

    file: UploadedFile
    encoding: str
    sheet: str | None  # the sheet asked for (None: the reader's choice)
    header_line: int  # 0: found by the reader
    records: Records | None
    warehouse: bool  # a warehouse table (``records`` then is it, and ``file`` holds no bytes)
    table: Table = field(compare=False)

    @property
    def memo_key(self) -> tuple:
        """Everything the read was made from (``lib.core.memo``), every field but the table — which
        is what they were read into."""
        return tuple((part.name, key_of(getattr(self, part.name))) for part in fields(self) if part.name != "table")

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def data(self) -> bytes:
        return self.file.data

    @property
    def table_key(self) -> tuple:
        """(the file's digest — a warehouse table's source key —, encoding, sheet, header line)."""
        source = self.records.key if self.warehouse else self.file.digest
        return (source, self.encoding, self.sheet, self.header_line)


def chosen_file(ctx: Context, types: Iterable[str]):
    """The file uploader for files of ``types``, and the file chosen in it (Streamlit's
    ``UploadedFile``; None before one is chosen) — the one Streamlit received, not a copy:
    ``st.file_uploader`` returns a deep copy of its value (Streamlit copies every widget's value so
    that a script cannot change it), and for a 110 MB file that was a second 110 MB, kept by the
    page's variables while the file was staged and counted and until the page's next run (decision
    0085). The copy made here is let go at once; the widget's own value in the session's state
    shares the bytes received (``BytesIO`` shares its initial bytes), and the page only ever takes
    them (``getvalue``) and its name — it never reads, moves or writes the file object another run
    will see."""
    st.file_uploader(ctx.t("upload.file"), type=list(types), key="upload-file")
    return st.session_state.get("upload-file")


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


def _stop_with(lang: str, name: str, error) -> None:
    with st.container(key="upload-errors"):
        st.error(f"{md_escape(name)}：{md_escape(error.text(lang))}", icon=":material/block:")
    st.stop()


@kept_at_most(1)  # a whole file's table: one at a time
def read_file(file: UploadedFile, encoding: str, sheet: str | None, header_line: int) -> Table:
    """The file read with these options (``lib.upload.reader.read_table``)."""
    return read_table(file.name, file.data, encoding=encoding or None, sheet=sheet, header_line=header_line or None)


def read_upload(ctx: Context, uploaded, warehouse: Records | None) -> UploadRead:
    """read: the file with the read options (kept in this session per file and options); a big
    record-level file or Parquet handed to DuckDB, a warehouse table sampled where it lives."""
    if warehouse is not None:  # a record-level source counted where it lives
        file = UploadedFile(warehouse.name, b"")
        return UploadRead(file, "", None, 0, warehouse, True, warehouse.source.sample)
    # the bytes Streamlit holds, not a copy: BytesIO shares its initial bytes until written (``chosen_file``)
    file = UploadedFile(uploaded.name, uploaded.getvalue())
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
    sheet, records = chosen_sheet(), None
    try:
        if wants_engine(file.data):  # Parquet, or a big file: DuckDB reads it, not the server
            records = staged_file(ctx, file.name, file.data, file.digest, encoding or None)
            table = records.source.sample
        else:
            close_records()  # another file's DuckDB copy (and its ID numbers) goes
            table = remember_in_session(read_file, file, encoding, sheet, int(header_line))
    except (ReadError, SourceError) as error:
        _stop_with(ctx.lang, file.name, error)
    if table.sheets:
        sheet_slot.selectbox(ctx.t("upload.sheet"), table.sheets, key="upload-sheet")
    return UploadRead(file, encoding, sheet, int(header_line), records, False, table)


@kept_at_most(1)
def guess_of(read: UploadRead, catalogue: Catalogue, regions: RegionRegistry) -> Mapping:
    """interpret: the mapping guessed for the table read (``lib.upload.pipeline.interpret``)."""
    return interpret(read.table, catalogue, regions)


def guessed_mapping(ctx: Context, read: UploadRead, catalogue: Catalogue) -> Mapping:
    """interpret: the mapping guessed for this file (kept per read, catalogue with the session's own
    indicators, and regions); a new file (or read options) puts it in the widgets."""
    guess = remember_in_session(guess_of, read, catalogue, ctx.folder.regions)
    # a new file (or read options): start from the guess — keyed on the sheet read, so picking the
    # sheet that was read by default is not a new file
    if is_new_file((read.table_key[0], read.encoding, read.table.sheet, read.header_line)):
        set_mapping_widgets(guess)
    return guess


@kept_at_most(4)  # a preview of 20 rows each
def file_view(read: UploadRead, mapping: Mapping, lang: str) -> FileView:
    """The file as read (``lib.views.upload.describe``), shown before the rows are counted."""
    return describe(read.table, mapping, name=read.name, lang=lang)


def file_description(ctx: Context, read: UploadRead, mapping: Mapping) -> None:
    """How the file was read, and its first rows (described once per read, mapping and language,
    kept in this session only)."""
    file = remember_in_session(file_view, read, mapping, ctx.lang)
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


@kept_at_most(1)  # every accepted row and problem of a file: one at a time
def checked_view(
    read: UploadRead,
    mapping: Mapping,
    catalogue: Catalogue,
    regions: RegionRegistry,
    *,
    lang: str,
    base: DataView | None,
    scope: str | None,
) -> UploadView:
    """check: the pipeline's view of the file with this mapping (``lib.views.upload.build``), the
    values 100× away from the snapshot's typical one flagged before confirming. A record-level
    source is counted by its engine here, drawing its progress: only when this is computed."""
    table, records = read.table, read.records
    # the engine path counts records (the SQL of lib.upload.records_sql); amount columns and other
    # shapes are read as before — a CSV whole, Parquet files and warehouse tables not at all
    if records is not None and (mapping.shape != "records" or mapping.value_columns):
        if read.warehouse or is_parquet(read.data):
            with st.container(key="upload-errors"):
                st.warning(t("records.records_only", lang), icon=":material/warning:")
            st.stop()
        close_records()  # a big CSV of another shape is read whole after all — within the reader's limits
        try:
            table = read_table(
                read.name, read.data, encoding=read.encoding or None, header_line=read.header_line or None
            )
        except ReadError as error:
            _stop_with(lang, read.name, error)
        records = None
    rows = count_with_progress(lang, regions, records, mapping) if records is not None else table
    return build(read.table, rows, mapping, catalogue, regions, name=read.name, lang=lang, base=base, scope=scope)


def checked_upload(ctx: Context, read: UploadRead, mapping: Mapping, catalogue: Catalogue) -> UploadView:
    """check: the pipeline's view of the file with this mapping, kept in this session per read,
    mapping, catalogue (with own indicators and targets), regions, snapshot, scope and language
    (never in a shared cache)."""
    return remember_in_session(
        checked_view,
        read,
        mapping,
        catalogue,
        ctx.folder.regions,
        lang=ctx.lang,
        base=ctx.base_view,
        scope=ctx.identity.scope,
    )


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
    problems, total = model.problems, model.problem_total
    with st.container(key="upload-errors"):
        st.markdown(f"**{md_escape(ctx.t('upload.errors', count=f'{total:,}'))}**")
        if not total:
            st.success(ctx.t("upload.no_errors"), icon=":material/check_circle:")
        else:
            if model.problem_counts is not None:  # too many to list: the first rows, and every count
                st.caption(ctx.t("upload.problems_capped", listed=f"{len(problems):,}", total=f"{total:,}"))
                st.markdown(markdown_table(model.problem_counts))
            dataframe(problems, width="stretch", key="upload-problem-table")
            label = (
                ctx.t("upload.download_errors", rows=f"{len(problems):,}")
                if model.problem_counts is None
                else ctx.t("upload.download_errors_capped", rows=f"{len(problems):,}", total=f"{total:,}")
            )
            st.download_button(
                label,
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
        raw=b"" if read.warehouse else read.data,  # a table stays where it lives
        mapping=mapping,
        read={"encoding": read.encoding, "sheet": read.sheet, "header_line": read.header_line},
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
