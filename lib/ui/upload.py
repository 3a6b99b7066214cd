"""The Upload page's widgets and its session state: the confirmed upload (saved for its owner in
the database, a copy in this session, never in a shared cache) and the notice every page shows
while it is in force; the column mapping editor and the totals. The work is in ``lib.upload``."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace

import pandas as pd
import streamlit as st

from lib.core.formatting import format_exact
from lib.core.memo import kept_at_most
from lib.progress.dataview import DataView, frame_digest
from lib.reference.catalogue import Catalogue
from lib.reference.own import OWN_KINDS, OwnIndicator
from lib.store.folder import DataFolder
from lib.ui import keys
from lib.ui.context import Context, remember_in_session
from lib.ui.persistence import end_upload, put_upload_in_force, save_upload
from lib.upload.common import SHAPES, Mapping
from lib.upload.interpret import file_unit, fill_mapping, value_columns_of
from lib.upload.session import Merged, upload_view
from lib.views.markdown import markdown_table, md_escape
from lib.views.upload import magnitude_lines, totals_table, units_table


# --- the confirmed upload: saved for its owner, a copy in this session ----------------------------------
def active_upload() -> dict | None:
    """This session's confirmed upload (frame, mode, name, digest, item), or None."""
    return st.session_state.get(keys.UPLOAD)


def confirm_upload(
    ctx: Context,
    frame,
    *,
    mode: str,
    name: str,
    digest: str,
    raw: bytes,
    mapping=None,
    read: dict | None = None,
    own_indicators=(),
) -> None:
    """Put an upload in force for every page, saved with the file itself so it is there after a
    reload, a restart or on another replica (its view is built on the next run), together with the
    own indicators it uses — one transaction (``lib.store.workspace.confirm_upload``). The store
    checks the role and scope again: a refused upload raises ``AccessDenied`` and nothing is kept."""
    mapping_record = asdict(mapping) if mapping is not None else {}
    own = [indicator.to_dict() for indicator in own_indicators]
    item = save_upload(
        ctx, frame=frame, mode=mode, name=name, raw=raw, mapping=mapping_record, read=read or {}, own_indicators=own
    )
    remember_own_indicators(own_indicators)
    st.session_state[keys.UPLOAD] = {"frame": frame, "mode": mode, "name": name, "digest": digest, "item": item}


def remember_own_indicators(indicators) -> list[dict]:
    """These own indicators in this session (one of the same id is replaced), as records; saving
    them is the caller's (``lib.ui.own.add_own_indicators``, or the upload's own transaction)."""
    records = [indicator.to_dict() for indicator in indicators]
    kept = {item["id"]: item for item in st.session_state.get(keys.OWN_INDICATORS, [])}
    kept.update({record["id"]: record for record in records})
    st.session_state[keys.OWN_INDICATORS] = list(kept.values())
    return records


def reopen_upload(record) -> None:
    """A saved upload back in force (the workspace's 打开)."""
    put_upload_in_force(record)
    st.session_state.pop(keys.UPLOAD_MERGE, None)


def clear_upload(ctx: Context | None = None) -> None:
    """Back to the snapshot's data (in every later session too). Recorded first: when the database
    refuses it, the upload stays in force here as it does there."""
    if ctx is not None:
        end_upload(ctx)
    for key in (keys.UPLOAD, keys.UPLOAD_MERGE):
        st.session_state.pop(key, None)


def merge_result():
    """How the upload in force was merged over the snapshot (None when shown alone)."""
    return st.session_state.get(keys.UPLOAD_MERGE)


@dataclass(frozen=True)
class ConfirmedRows:
    """The confirmed upload's rows, keyed (``lib.core.memo``) by a digest of their content, taken once
    when they are first shown (``lib.progress.dataview.frame_digest``)."""

    frame: pd.DataFrame = field(repr=False, compare=False)
    digest: str

    @property
    def memo_key(self) -> str:
        return self.digest


@kept_at_most(1)  # a whole snapshot's data with the upload's: one at a time
def confirmed_view(
    folder: DataFolder,
    base: DataView | None,
    rows: ConfirmedRows,
    *,
    mode: str,
    name: str,
    lang: str,
    catalogue: Catalogue | None,
) -> tuple[DataView, Merged | None]:
    """The view over the confirmed rows (``lib.upload.session.upload_view``) and how they were merged."""
    return upload_view(folder, base, rows.frame, mode=mode, name=name, lang=lang, catalogue=catalogue)


def upload_view_in_force(ctx: Context, catalogue: Catalogue | None = None) -> DataView:
    """The view over this session's confirmed upload, read with ``catalogue`` (the session's, with
    own indicators and targets) — kept in the session only (``remember_in_session``), keyed on the
    folder, the snapshot's view, the rows' content, the mode, the file's name, the language and the
    catalogue."""
    upload = st.session_state[keys.UPLOAD]
    rows = upload.get("rows")
    if rows is None:  # once per upload put in force (the record is replaced, never changed, by another)
        rows = upload["rows"] = ConfirmedRows(upload["frame"], frame_digest(upload["frame"]))
    base = ctx.base_view
    view, merged = remember_in_session(
        confirmed_view,
        ctx.folder,
        base,
        rows,
        mode=upload["mode"] if base else "alone",
        name=upload["name"],
        lang=ctx.lang,
        catalogue=catalogue,
    )
    st.session_state[keys.UPLOAD_MERGE] = merged
    return view


def upload_notice(ctx: Context) -> None:
    """The notice on every page while an upload is in force, with a way back to the snapshot."""
    with st.container(key="upload-notice"), st.container(key="upload-active"):
        mode = (active_upload() or {}).get("mode", "alone")
        left, right = st.columns([4, 1])
        left.info(
            ctx.t("upload.active", name=md_escape(ctx.view.provenance.upload_note), mode=ctx.t(f"upload.mode_{mode}")),
            icon=":material/upload:",
        )
        if right.button(ctx.t("upload.clear"), key="upload-clear"):
            clear_upload(ctx)
            st.rerun()


def is_new_file(table_key: tuple) -> bool:
    """True once per file (and read options): the mapping widgets then start from the guess. True
    again when the widgets' state is gone (the page was left, and Streamlit drops the state of
    widgets not drawn): the same file uploaded again is read as it was the first time."""
    if st.session_state.get(keys.UPLOAD_GUESSED) == table_key and "map-shape" in st.session_state:
        return False
    st.session_state[keys.UPLOAD_GUESSED] = table_key
    return True


def chosen_sheet() -> str | None:
    """The workbook sheet picked in the read options (its widget is drawn after the file is read)."""
    return st.session_state.get(keys.UPLOAD_SHEET)


# --- mapping, units, indicators, totals, saving ----------------------------------------------------------
_MAPPING_FIELDS = (
    "shape",
    "region",
    "period",
    "value",
    "indicator_column",
    "indicator",
    "person_id",
    "occupation",
    "skill_level",
    "fixed_period",
    "unit_column",
)
SCALES = (1.0, 1e2, 1e3, 1e4, 1e6, 1e8)
SCALE_WORDS = {1e2: "百", 1e3: "千", 1e4: "万", 1e6: "百万", 1e8: "亿"}
OWN_NEW = "__own_new__"  # the choice "a new own indicator" in an indicator selectbox
_PER_FILE_PREFIXES = ("map-scale-", "map-slot-", "own-")


def _slot_key(prefix: str, slot: str) -> str:
    return prefix + hashlib.sha1(slot.encode()).hexdigest()[:10]


def set_mapping_widgets(guess) -> None:
    """A new file: every mapping widget starts from the guess (and nothing of the last file stays)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(_PER_FILE_PREFIXES)]:
        del st.session_state[key]
    st.session_state.pop("upload-magnitude-ack", None)  # units checked for the last file are not checked for this one
    for name in _MAPPING_FIELDS:
        value = getattr(guess, name)
        st.session_state[f"map-{name}"] = value if value is not None else ""
    st.session_state["map-value_columns"] = list(guess.value_columns)
    st.session_state["map-title_year"] = guess.title_year or 0  # 0: none named (the analyst enters it)
    st.session_state["map-year_to_date"] = list(guess.year_to_date)
    columns = [guess.value] if guess.shape == "long" and guess.value else guess.value_columns
    st.session_state["map-scale"] = guess.unit_of(columns[0]).factor if columns else 1.0


def _default(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def mapping_editor(ctx: Context, table, guess, catalogue):
    """The column mapping, each value column's unit and the indicators, detected and editable;
    returns the Mapping in force (with the own indicators it would create)."""
    columns = ["", *table.header]
    none = ctx.t("upload.none")
    with st.expander(ctx.t("upload.mapping"), expanded=True):
        st.caption(ctx.t("upload.mapping_help"))
        row = st.columns(3)
        shape = row[0].selectbox(
            ctx.t("upload.shape"), SHAPES, key="map-shape", format_func=lambda s: ctx.t(f"upload.shape_{s}")
        )
        region = row[1].selectbox(
            ctx.t("upload.col_region"), columns, key="map-region", format_func=lambda c: c or none
        )
        unit_column = row[2].selectbox(
            ctx.t("upload.col_unit"), columns, key="map-unit_column", format_func=lambda c: c or none
        )
        row = st.columns(3)
        values = dict(
            shape=shape, region=region or None, unit_column=unit_column or None, breakdowns=dict(guess.breakdowns)
        )
        if shape in ("long", "records", "wide_indicator"):
            values["period"] = (
                row[0].selectbox(ctx.t("upload.col_period"), columns, key="map-period", format_func=lambda c: c or none)
                or None
            )
        if shape in ("long", "wide_indicator"):
            values["fixed_period"] = (
                row[1].text_input(ctx.t("upload.fixed_period"), key="map-fixed_period").strip() or None
            )
        if shape == "long":
            values["value"] = (
                row[2].selectbox(
                    ctx.t("upload.col_value_single"), columns, key="map-value", format_func=lambda c: c or none
                )
                or None
            )
        if shape in ("long", "wide_period"):
            values["indicator_column"] = (
                st.selectbox(
                    ctx.t("upload.col_indicator"), columns, key="map-indicator_column", format_func=lambda c: c or none
                )
                or None
            )
        if shape in ("wide_period", "wide_indicator", "records"):
            label = ctx.t("upload.amount_columns" if shape == "records" else "upload.value_columns")
            values["value_columns"] = st.multiselect(label, table.header, key="map-value_columns")
        if shape == "records":
            row = st.columns(3)
            for slot, name, label in (
                (row[0], "person_id", "upload.col_person"),
                (row[1], "occupation", "upload.col_occupation"),
                (row[2], "skill_level", "upload.col_level"),
            ):
                values[name] = (
                    slot.selectbox(ctx.t(label), columns, key=f"map-{name}", format_func=lambda c: c or none) or None
                )
        _year_widgets(ctx, table, guess, values)
        mapping = fill_mapping(table, Mapping(**values), catalogue)  # units and indicators for these columns
        _unit_widgets(ctx, mapping, value_columns_of(mapping))
        _indicator_widgets(ctx, table, mapping, catalogue)
    return mapping


def _year_widgets(ctx: Context, table, guess, values: dict) -> None:
    """A year named only in the title (shown as detected, editable) and the year-to-date columns (累计,
    1—N月: turned into monthly figures); the columns not read (同比 %, a total beside the month's own)."""
    row = st.columns(2)
    year = row[0].number_input(
        ctx.t("upload.ytd.title_year"),
        min_value=0,
        max_value=2100,
        step=1,
        key="map-title_year",
        help=ctx.t("upload.ytd.title_year_help", year=guess.title_year) if guess.title_year else None,
    )
    values["title_year"] = int(year) or None
    shown = values.get("value_columns") or ([values["value"]] if values.get("value") else [])
    if shown or st.session_state.get("map-year_to_date"):
        options = list(dict.fromkeys([*shown, *value_columns_of(guess)]))
        st.session_state["map-year_to_date"] = [c for c in st.session_state.get("map-year_to_date", []) if c in options]
        values["year_to_date"] = row[1].multiselect(ctx.t("upload.ytd.columns"), options, key="map-year_to_date")
    values["skipped"] = dict(guess.skipped)
    if guess.skipped:
        listed = "、".join(
            ctx.t(f"upload.ytd.skipped_{reason}", column=column) for column, reason in guess.skipped.items()
        )
        st.caption(md_escape(ctx.t("upload.ytd.skipped", columns=listed)))


def _scale_label(ctx: Context, factor: float) -> str:
    named = {1.0: "upload.scale_one", 1e2: "upload.scale_hundred", 1e3: "upload.scale_thousand"}
    named |= {1e4: "upload.scale_wan", 1e6: "upload.scale_million", 1e8: "upload.scale_yi"}
    return ctx.t(named[factor]) if factor in named else f"×{format_exact(factor)}"


def _unit_widgets(ctx: Context, mapping, value_columns: list[str]) -> None:
    """One factor per value column (one for all period columns): the unit read, or the analyst's."""
    if not value_columns:
        return
    shared = mapping.shape in ("long", "wide_period")
    groups = [value_columns] if shared else [[column] for column in value_columns]
    cells = st.columns(min(len(groups), 3))
    for index, group in enumerate(groups):
        read = mapping.unit_of(group[0])
        key = "map-scale" if shared else _slot_key("map-scale-", group[0])
        _default(key, read.factor)
        options = sorted({*SCALES, read.factor, st.session_state[key]})
        label = ctx.t("upload.scale") if shared else ctx.t("upload.factor_label", column=md_escape(group[0]))
        chosen = cells[index % len(cells)].selectbox(
            label, options, key=key, format_func=lambda f: _scale_label(ctx, f)
        )
        if chosen != read.factor:
            unit = replace(read, unit=SCALE_WORDS.get(chosen, "") + read.base, factor=chosen, source="chosen", text="")
            mapping.units.update({column: unit for column in group})


def _indicator_choice(ctx: Context, key: str, label: str, proposal, catalogue, guessed: str | None):
    """A selectbox of the catalogue's indicators (own ones of this session included), this slot's
    proposed own indicator and 'a new own indicator'."""
    stored = [i.id for i in catalogue.indicators.values() if i.kind != "ratio"]
    options = ["", *stored, *([proposal.id] if proposal and proposal.id not in stored else []), OWN_NEW]
    if st.session_state.get(key) not in options:
        st.session_state[key] = guessed if guessed in options else ""

    def name(option: str) -> str:
        if not option:
            return ctx.t("upload.none")
        if option == OWN_NEW:
            return ctx.t("upload.own_new")
        if option in catalogue.indicators:
            return catalogue.indicators[option].name(ctx.lang)
        return proposal.indicator().name(ctx.lang)

    return st.selectbox(label, options, key=key, format_func=name)


def _own_fields(ctx: Context, slot: str, proposal, unit: str, frequency: str, source: str, *, with_unit: bool):
    """Name, English name, (unit) and kind of an own indicator; None while it has no name."""
    keys_ = {part: _slot_key(f"own-{part}-", slot) for part in ("zh", "en", "unit", "kind")}
    _default(keys_["zh"], proposal.name_zh if proposal else "")
    _default(keys_["en"], proposal.name_en if proposal and proposal.name_en != proposal.name_zh else "")
    _default(keys_["unit"], unit)
    _default(keys_["kind"], proposal.kind if proposal else "flow")
    row = st.columns([3, 3, 2, 3] if with_unit else [3, 3, 3])
    name_zh = row[0].text_input(ctx.t("upload.own_name_zh"), key=keys_["zh"]).strip()
    name_en = row[1].text_input(ctx.t("upload.own_name_en"), key=keys_["en"]).strip()
    if with_unit:
        unit = row[2].text_input(ctx.t("upload.own_unit"), key=keys_["unit"]).strip()
    kind = row[-1].selectbox(
        ctx.t("upload.own_kind"), OWN_KINDS, key=keys_["kind"], format_func=lambda k: ctx.t(f"own.kind_{k}")
    )
    if not name_zh:
        return None
    return OwnIndicator.new(name_zh, unit, kind, name_en=name_en, frequency=frequency, source=source)


def _indicator_widgets(ctx: Context, table, mapping, catalogue) -> None:
    """Which indicator every value belongs to: one choice for the file, or one per value column /
    per indicator name the catalogue lacks; an own indicator's name and kind are editable."""
    proposals, chosen = dict(mapping.own), {}

    def own_choice(slot: str, choice: str, proposal, unit: str, *, with_unit: bool) -> str:
        if choice != OWN_NEW and not (proposal and choice == proposal.id):
            return choice
        frequency = proposal.frequency if proposal else "M"
        own = _own_fields(
            ctx, slot, proposal if choice != OWN_NEW else None, unit, frequency, table.name, with_unit=with_unit
        )
        if own is None:
            return ""
        chosen[own.id] = own
        return own.id

    slots = list(mapping.indicators) if mapping.indicators or mapping.indicator_column else []
    if not slots and not mapping.indicator_column:
        proposal = proposals.get(mapping.indicator)
        choice = _indicator_choice(
            ctx, "map-indicator", ctx.t("upload.indicator"), proposal, catalogue, mapping.indicator
        )
        unit = proposal.unit if proposal else file_unit(mapping).base
        mapping.indicator = own_choice("file", choice, proposal, unit, with_unit=True) or None
        if mapping.indicator_source and mapping.indicator_text:
            st.caption(
                ctx.t(
                    "upload.indicator_detected",
                    source=ctx.t(f"own.source.{mapping.indicator_source}"),
                    text=md_escape(mapping.indicator_text),
                )
            )
    if slots:
        if proposals:
            st.markdown(f"**{md_escape(ctx.t('upload.own_heading'))}**")
            st.caption(ctx.t("upload.own_help"))
        for slot in slots:
            proposal = proposals.get(mapping.indicators.get(slot))
            key = _slot_key("map-slot-", slot)
            label = ctx.t("upload.slot_indicator", slot=md_escape(slot))  # labels read Markdown: a header is data
            choice = _indicator_choice(ctx, key, label, proposal, catalogue, mapping.indicators.get(slot))
            column = slot if slot in mapping.units else mapping.value
            unit = proposal.unit if proposal else mapping.unit_of(column or "").base
            mapping.indicators[slot] = own_choice(slot, choice, proposal, unit, with_unit=False)
    mapping.own = chosen


def units_panel(ctx: Context, mapping, catalogue) -> None:
    """数值列的单位: per value column the unit read, where from, the factor applied, the unit stored."""
    with st.container(key="upload-units"):
        st.markdown(f"**{md_escape(ctx.t('upload.units_heading'))}**")
        st.caption(ctx.t("upload.units_help"))
        units = units_table(mapping, catalogue, ctx.lang)
        if not units.empty:
            st.markdown(markdown_table(units))


def result_notices(ctx: Context, result, mapping, catalogue) -> bool:
    """What the analyst must do before confirming: choose the indicator when nothing names it, and
    check the units when values are 100× away from the snapshot's (a tick). False until ticked."""
    if "no_indicator" in set(result.problems["code"]):
        with st.container(key="upload-indicator-needed"):
            st.info(ctx.t("upload.indicator_needed"), icon=":material/help:")
    suspicious = magnitude_lines(result.problems, catalogue, mapping, ctx.lang)
    if not suspicious:
        return True
    with st.container(key="upload-magnitude"):
        lines = "\n".join(f"- {md_escape(line)}" for line in suspicious)
        heading, note = md_escape(ctx.t("upload.magnitude_heading")), md_escape(ctx.t("upload.magnitude_note"))
        st.warning(f"**{heading}**\n\n{lines}\n\n{note}", icon=":material/warning:")
        return st.checkbox(ctx.t("upload.magnitude_ack"), key="upload-magnitude-ack")


def totals_frame(ctx: Context, result, catalogue, mapping):
    """Accepted sums with their unit (2.5万人次 / 25,000 人次) beside the file's own 合计 rows."""
    return totals_table(result, catalogue, mapping, ctx.lang)
