"""订阅 Subscriptions: a person's monthly 进度通报 within their scope, by e-mail or to a group robot,
sent by the scheduled ``python -m lib.cli send-reports``; each delivery (sent, failed, interrupted)
in the log — the person's own, and for admins everyone's."""

import streamlit as st

from lib import ui
from lib.core import settings
from lib.store import subscriptions
from lib.store.exports import to_csv_bytes
from lib.views.subscriptions import deliveries_table

ctx = ui.context()
if ui.page_header(ctx, "subscriptions.title", needs_data=False) and ui.allowed(ctx, "subscribe"):
    st.caption(ctx.t("subscriptions.intro"))
    identity, lang = ctx.identity, ctx.lang
    if not ui.keeps_work(identity):
        st.info(ctx.t("subscriptions.sign_in"), icon=":material/lock:")
        st.stop()
    if settings.smtp_settings() is None:
        st.caption(ctx.t("subscriptions.no_smtp"))
    db = ui.database()
    message = ui.last_subscription_message()
    if message:
        st.success(ui.md_escape(message), icon=":material/check_circle:")
    ui.subscription_list(ctx, db)
    ui.subscription_form(ctx, db)
    regions = ctx.folder.regions
    with st.container(key="deliveries"):
        st.subheader(ctx.t("subscriptions.log_heading"))
        mine = deliveries_table(subscriptions.deliveries(db, owner=identity.user_id, limit=200), regions, lang)
        if mine.empty:
            st.caption(ctx.t("subscriptions.log_empty"))
        else:
            st.dataframe(mine, hide_index=True, width="stretch", key="deliveries-mine")
    if identity.can("admin"):
        with st.container(key="deliveries-all"):
            st.subheader(ctx.t("subscriptions.log_all_heading"))
            everything = deliveries_table(subscriptions.deliveries(db, limit=2000), regions, lang)
            st.dataframe(everything.head(500), hide_index=True, width="stretch", key="deliveries-all-table")
            st.download_button(
                ctx.t("subscriptions.log_download", rows=len(everything)),
                lambda: to_csv_bytes(everything),
                file_name="deliveries.csv",
                mime="text/csv",
                key="deliveries-csv",
                icon=":material/download:",
            )
