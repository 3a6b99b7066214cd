"""The Upload page's widgets and its session state: the confirmed upload (kept in this session
only, never in a shared cache) and the notice every page shows while it is in force; the column
mapping editor, the totals and the snapshot-saving form. The work is in ``lib.upload``."""

from __future__ import annotations

import streamlit as st

from lib.core import settings
from lib.progress.dataview import DataView
from lib.ui import keys
from lib.ui.context import Context
from lib.ui.markdown import md_escape
from lib.upload.session import upload_view


# --- the confirmed upload, in this session only ------------------------------------------------------
def active_upload() -> dict | None:
    """This session's confirmed upload (frame, mode, name, digest), or None."""
    return st.session_state.get(keys.UPLOAD)


def confirm_upload(frame, *, mode: str, name: str, digest: str) -> None:
    """Put an upload in force for every page of this session (its view is built on the next run)."""
    st.session_state[keys.UPLOAD] = {"frame": frame, "mode": mode, "name": name, "digest": digest}
    st.session_state[keys.UPLOAD_VIEW] = None


def clear_upload() -> None:
    """Back to the snapshot's data."""
    for key in (keys.UPLOAD, keys.UPLOAD_VIEW, keys.UPLOAD_MERGE):
        st.session_state.pop(key, None)


def merge_result():
    """How the upload in force was merged over the snapshot (None when shown alone)."""
    return st.session_state.get(keys.UPLOAD_MERGE)


def upload_view_in_force(ctx: Context) -> DataView:
    """The view over this session's confirmed upload (kept in the session, never shared)."""
    upload = st.session_state[keys.UPLOAD]
    base = ctx.base_view
    key = (base.provenance.sha256 if base else "", upload["digest"], upload["mode"], ctx.lang)
    cached = st.session_state.get(keys.UPLOAD_VIEW)
    if not cached or cached[0] != key:
        view, merged = upload_view(
            ctx.folder,
            base,
            upload["frame"],
            mode=upload["mode"] if base else "alone",
            name=upload["name"],
            lang=ctx.lang,
        )
        st.session_state[keys.UPLOAD_VIEW] = (key, view)
        st.session_state[keys.UPLOAD_MERGE] = merged
    return st.session_state[keys.UPLOAD_VIEW][1]


def upload_notice(ctx: Context) -> None:
    """The notice on every page while an upload is in force, with a way back to the snapshot."""
    with st.container(key="upload-notice"):
        mode = (active_upload() or {}).get("mode", "alone")
        left, right = st.columns([4, 1])
        left.info(
            ctx.t("upload.active", name=md_escape(ctx.view.provenance.upload_note), mode=ctx.t(f"upload.mode_{mode}")),
            icon="📤",
        )
        if right.button(ctx.t("upload.clear"), key="upload-clear"):
            clear_upload()
            st.rerun()


def is_new_file(table_key: tuple) -> bool:
    """True once per file (and read options): the mapping widgets then start from the guess."""
    if st.session_state.get(keys.UPLOAD_GUESSED) == table_key:
        return False
    st.session_state[keys.UPLOAD_GUESSED] = table_key
    return True


def chosen_sheet() -> str | None:
    """The workbook sheet picked in the read options (its widget is drawn after the file is read)."""
    return st.session_state.get(keys.UPLOAD_SHEET)


# --- mapping, totals, saving ---------------------------------------------------------------------------
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
    "scale",
)
SCALES = (1.0, 1e4, 1e8)


def set_mapping_widgets(guess) -> None:
    for name in _MAPPING_FIELDS:
        value = getattr(guess, name)
        st.session_state[f"map-{name}"] = value if value is not None else ("" if name != "scale" else 1.0)
    st.session_state["map-value_columns"] = list(guess.value_columns)


def mapping_editor(ctx: Context, table, guess):
    """The column mapping, detected and editable; returns the Mapping in force."""
    from lib.upload.common import SHAPES, Mapping

    catalogue = ctx.folder.catalogue
    columns = ["", *table.header]
    stored = [i.id for i in catalogue.indicators.values() if i.kind != "ratio"]
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
        indicator = row[2].selectbox(
            ctx.t("upload.indicator"),
            ["", *stored],
            key="map-indicator",
            format_func=lambda i: catalogue.indicators[i].name(ctx.lang) if i else none,
        )
        row = st.columns(3)
        values = dict(
            shape=shape, region=region or None, indicator=indicator or None, breakdowns=dict(guess.breakdowns)
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
        if shape in ("wide_period", "wide_indicator"):
            values["value_columns"] = st.multiselect(
                ctx.t("upload.value_columns"), table.header, key="map-value_columns"
            )
        if shape == "records":
            row = st.columns(3)
            values["person_id"] = (
                row[0].selectbox(
                    ctx.t("upload.col_person"), columns, key="map-person_id", format_func=lambda c: c or none
                )
                or None
            )
            values["occupation"] = (
                row[1].selectbox(
                    ctx.t("upload.col_occupation"), columns, key="map-occupation", format_func=lambda c: c or none
                )
                or None
            )
            values["skill_level"] = (
                row[2].selectbox(
                    ctx.t("upload.col_level"), columns, key="map-skill_level", format_func=lambda c: c or none
                )
                or None
            )
        if shape != "records":
            labels = {1.0: ctx.t("upload.scale_one"), 1e4: ctx.t("upload.scale_wan"), 1e8: ctx.t("upload.scale_yi")}
            values["scale"] = st.selectbox(ctx.t("upload.scale"), SCALES, key="map-scale", format_func=labels.get)
            if guess.unit_note:
                st.caption(ctx.t("upload.scale_note", source=md_escape(guess.unit_note)))
    return Mapping(**values)


def totals_frame(ctx: Context, accepted: dict, claimed: dict):
    import pandas as pd

    from lib.core.formatting import format_exact

    catalogue = ctx.folder.catalogue
    return pd.DataFrame(
        {
            ctx.t("col.indicator"): [
                catalogue.indicators[i].name(ctx.lang) if i in catalogue.indicators else i for i in accepted
            ],
            ctx.t("upload.col_sum"): [format_exact(v) for v in accepted.values()],
            ctx.t("upload.col_claimed"): [format_exact(claimed[i]) if i in claimed else "—" for i in accepted],
        }
    )


def save_snapshot_form(ctx: Context, observations, name: str) -> None:
    """A manifest form that writes the upload as a new snapshot — only where the deployment allows."""
    from datetime import date

    from lib.store.snapshots import SnapshotError, write_snapshot

    st.subheader(ctx.t("upload.save"))
    if not settings.snapshot_saving_allowed():
        st.caption(ctx.t("upload.save_off"))
        return
    with st.form("save-snapshot"):
        title = st.text_input(ctx.t("upload.save_title"), value=name)
        as_of = st.date_input(ctx.t("upload.save_as_of"), value=date.today())
        source = st.text_input(ctx.t("upload.save_source"))
        publisher = st.text_input(ctx.t("upload.save_publisher"))
        snapshot_id = st.text_input(ctx.t("upload.save_id"), value=f"{date.today().isoformat()}-upload")
        if st.form_submit_button(ctx.t("upload.save_button")):
            if not (title.strip() and source.strip() and publisher.strip()):
                st.error(ctx.t("upload.save_needs"), icon="🚫")
                return
            try:
                ref = write_snapshot(
                    ctx.folder.path / "snapshots",
                    observations,
                    snapshot_id=snapshot_id.strip(),
                    as_of=as_of,
                    title=title.strip(),
                    publisher=publisher.strip(),
                    source=source.strip(),
                    license="",
                    demo=False,
                    notes=f"uploaded file {name}",
                )
            except SnapshotError as error:
                st.error(error.text(ctx.lang), icon="🚫")
                return
            st.success(ctx.t("upload.saved", id=md_escape(ref.id), rows=len(observations)), icon="✅")
