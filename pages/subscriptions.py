"""订阅 Subscriptions: a person's monthly 进度通报 within their scope, by e-mail or to a group robot,
sent by the scheduled ``python -m lib.cli send-reports``; each delivery (sent, failed, interrupted)
in the log — the person's own, and for admins everyone's."""

import streamlit as st

from lib import ui
from lib.views import subscriptions

ctx = ui.context()
if ui.page_header(ctx, "subscriptions.title", needs_data=False) and ui.allowed(ctx, "subscriptions"):
    st.caption(ctx.t("subscriptions.intro"))
    identity, lang = ctx.identity, ctx.lang
    if not ui.keeps_work(identity):
        st.info(ctx.t("subscriptions.sign_in"), icon=":material/lock:")
        st.stop()
    db = ui.database()
    model = subscriptions.build(db, identity, ctx.folder.regions, lang)  # the database: read every run
    if not model.smtp:
        st.caption(ctx.t("subscriptions.no_smtp"))
    message = ui.last_subscription_message()
    if message:
        st.success(ui.md_escape(message), icon=":material/check_circle:")
    ui.subscription_list(ctx, db)
    ui.subscription_form(ctx, db)
    with st.container(key="deliveries"):
        st.subheader(ctx.t("subscriptions.log_heading"))
        if model.mine.empty:
            st.caption(ctx.t("subscriptions.log_empty"))
        else:
            ui.dataframe(model.mine, width="stretch", key="deliveries-mine")
    if model.everyone is not None:
        with st.container(key="deliveries-all"):
            st.subheader(ctx.t("subscriptions.log_all_heading"))
            everything = model.everyone
            ui.dataframe(everything.head(subscriptions.ALL_SHOWN), width="stretch", key="deliveries-all-table")
            st.download_button(
                ctx.t("subscriptions.log_download", rows=len(everything)),
                model.everyone_csv,
                file_name="deliveries.csv",
                mime="text/csv",
                key="deliveries-csv",
                icon=":material/download:",
                on_click="ignore",
            )
