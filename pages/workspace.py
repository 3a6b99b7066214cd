"""我的工作区 My workspace: what this person saved — uploads, briefings, views (and, with issue #10,
their own indicators and targets) — each in ``key="workspace-item-<id>"`` inside ``key="workspace"``,
newest first, to reopen, rename, delete, download or submit for publication."""

import streamlit as st

from lib import ui
from lib.views import workspace

ctx = ui.context()
if ui.page_header(ctx, "workspace.title", needs_data=False):
    st.caption(ctx.t("workspace.intro"))
    identity = ctx.identity
    if not ui.keeps_work(identity):
        st.info(ctx.t("workspace.not_kept"), icon=":material/lock:")
        st.stop()
    db = ui.database()
    model = workspace.build(db, identity, ctx.lang)  # the database: read every run
    done = ui.last_action_message()
    if done:
        st.success(done, icon=":material/check_circle:")
    with st.container(key="workspace"):
        if not model.lines:
            st.info(ctx.t("workspace.empty"), icon=":material/info:")
        for line in model.lines:
            item = line.item
            with st.container(key=f"workspace-item-{item.id}", border=True):
                badge = f" :blue-badge[{ctx.t('workspace.in_force')}]" if line.in_force else ""
                st.markdown(f"**{ui.md_escape(item.title)}** · {line.kind}{badge}")
                st.caption(ui.md_escape(line.detail))
                try:
                    ui.item_actions(ctx, db, item, line.submission)
                except LookupError:  # removed meanwhile (another tab, another replica)
                    st.warning(ctx.t("workspace.gone"), icon=":material/warning:")
