"""上传数据 Upload: an analyst's CSV/Excel file in, validated tidy data out, used by every page once
confirmed and saved in the analyst's workspace (analysts and above; a provincial analyst's rows only).
read → interpret → check → confirm: the steps are ``lib.ui.upload_page``'s, the pipeline
``lib.upload.pipeline``'s, the words and tables ``lib.views.upload``'s."""

import streamlit as st

from lib import ui
from lib.views.upload import FILE_TYPES

ctx = ui.context()
if ui.page_header(ctx, "upload.title", needs_data=False) and ui.allowed(ctx, "upload"):
    lang = ctx.lang
    catalogue = ui.session_catalogue_of(ctx)  # with this session's own indicators
    st.markdown(ctx.t("upload.intro"))
    uploaded = ui.chosen_file(ctx, FILE_TYPES)  # the file as received (st.file_uploader's own value is a copy)
    warehouse = ui.warehouse_picker(ctx) if uploaded is None else None  # where an admin configured connections

    if uploaded is None and warehouse is None:
        ui.close_records()
        ui.upload_templates(ctx)
    else:
        read = ui.read_upload(ctx, uploaded, warehouse)
        guess = ui.guessed_mapping(ctx, read, catalogue)
        mapping = ui.mapping_editor(ctx, read.table, guess, catalogue)
        ui.units_panel(ctx, mapping, catalogue)
        ui.file_description(ctx, read, mapping)
        model = ui.checked_upload(ctx, read, mapping, catalogue)
        checked_units = ui.upload_summary(ctx, model, mapping, catalogue)
        observations = model.observations

        mode = st.radio(
            ctx.t("upload.mode"),
            model.modes,
            index=model.default_mode,  # own series beside the snapshot's
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
                ui.confirm_checked(ctx, read, model, mode=mode, mapping=mapping)
            except (ui.AccessDenied, ui.StoreUnavailable) as error:  # nothing was put in force
                st.error(ui.md_escape(error.text(lang)), icon=":material/block:")
            else:
                st.rerun()
        if observations.empty:
            st.warning(ctx.t("upload.nothing_accepted"), icon=":material/warning:")
        ui.confirmed_notice(ctx, read, catalogue)
        if not observations.empty:
            ui.clean_downloads(ctx, model)
