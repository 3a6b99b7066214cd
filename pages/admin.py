"""管理 Admin: who has which role (the roles file and everyone seen) and the audit log, with its
download — admins only (checked here, on the server)."""

import streamlit as st

from lib import ui
from lib.views import admin

ctx = ui.context()
if ui.page_header(ctx, "admin.title", needs_data=False) and ui.allowed(ctx, "admin"):
    rules, error = ui.roles()
    model = admin.build(ui.database(), rules, error, ctx.folder.regions, ctx.lang, scope=ctx.identity.scope)
    with st.container(key="admin-roles"):
        st.subheader(ctx.t("admin.roles_heading"))
        if model.roles_file is None:
            st.info(ctx.t("admin.no_roles_file"), icon=":material/info:")
        else:
            st.caption(ctx.t("admin.roles_file", path=ui.md_escape(model.roles_file), sha=model.roles_sha))
        if model.roles_error is not None:
            st.error(ui.md_escape(model.roles_error), icon=":material/block:")
        st.markdown(f"**{ctx.t('admin.rules_heading')}**")
        ui.dataframe(model.rules, width="stretch", key="admin-rules")
    with st.container(key="admin-users"):
        st.subheader(ctx.t("admin.users_heading"))
        ui.dataframe(model.people, width="stretch", key="admin-people")
    with st.container(key="admin-audit"):
        st.subheader(ctx.t("admin.audit_heading"))
        log = model.log
        ui.dataframe(log.head(admin.AUDIT_SHOWN), width="stretch", key="admin-audit-table")
        if len(log) > admin.AUDIT_SHOWN:
            st.caption(ctx.t("admin.audit_first", shown=admin.AUDIT_SHOWN, rows=len(log)))
        st.download_button(
            ctx.t("admin.audit_download", rows=len(log)),
            model.log_csv,
            file_name="audit-log.csv",
            mime="text/csv",
            key="admin-audit-csv",
            on_click="ignore",
        )
