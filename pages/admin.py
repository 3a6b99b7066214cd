"""管理 Admin: who has which role (the roles file and everyone seen) and the audit log, with its
download — admins only (checked here, on the server)."""

import streamlit as st

from lib import ui
from lib.core import settings
from lib.store.audit import audit_frame
from lib.store.exports import to_csv_bytes
from lib.store.workspace import users_frame
from lib.views.admin import AUDIT_SHOWN, audit_table, rules_table, users_table

ctx = ui.context()
if ui.page_header(ctx, "admin.title", needs_data=False) and ui.allowed(ctx, "admin"):
    db, regions, lang = ui.database(), ctx.folder.regions, ctx.lang
    rules, error = ui.roles()
    with st.container(key="admin-roles"):
        st.subheader(ctx.t("admin.roles_heading"))
        path = settings.roles_file()
        if path is None:
            st.info(ctx.t("admin.no_roles_file"), icon=":material/info:")
        else:
            st.caption(ctx.t("admin.roles_file", path=ui.md_escape(path), sha=rules.sha256[:16]))
        if error is not None:
            st.error(ui.md_escape(error.text(lang)), icon=":material/block:")
        st.markdown(f"**{ctx.t('admin.rules_heading')}**")
        st.dataframe(rules_table(rules, regions, lang), hide_index=True, width="stretch", key="admin-rules")
    with st.container(key="admin-users"):
        st.subheader(ctx.t("admin.users_heading"))
        st.dataframe(users_table(users_frame(db), regions, lang), hide_index=True, width="stretch", key="admin-people")
    with st.container(key="admin-audit"):
        st.subheader(ctx.t("admin.audit_heading"))
        log = audit_table(audit_frame(db, scope=ctx.identity.scope), lang)
        st.dataframe(log.head(AUDIT_SHOWN), hide_index=True, width="stretch", key="admin-audit-table")
        if len(log) > AUDIT_SHOWN:
            st.caption(ctx.t("admin.audit_first", shown=AUDIT_SHOWN, rows=len(log)))
        st.download_button(
            ctx.t("admin.audit_download", rows=len(log)),
            lambda: to_csv_bytes(log),
            file_name="audit-log.csv",
            mime="text/csv",
            key="admin-audit-csv",
        )
