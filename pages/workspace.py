"""我的工作区 My workspace: what this person saved — uploads, briefings, views (and, with issue #10,
their own indicators and targets) — each in ``key="workspace-item-<id>"`` inside ``key="workspace"``,
newest first, to reopen, rename, delete, download or submit for publication."""

import streamlit as st

from lib import ui
from lib.store import submissions, workspace
from lib.views.workspace import format_time, item_detail, submission_state

ctx = ui.context()
if ui.page_header(ctx, "workspace.title", needs_data=False):
    st.caption(ctx.t("workspace.intro"))
    identity = ctx.identity
    if not ui.keeps_work(identity):
        st.info(ctx.t("workspace.not_kept"), icon=":material/lock:")
        st.stop()
    db, owner = ui.database(), identity.user_id
    saved = workspace.items(db, owner)
    submitted = submissions.submissions_of(db, owner) if identity.can("submit") else {}
    in_force = set(workspace.active_items(db, owner)) - {None}
    done = ui.last_action_message()
    if done:
        st.success(done, icon=":material/check_circle:")
    with st.container(key="workspace"):
        if not saved:
            st.info(ctx.t("workspace.empty"), icon=":material/info:")
        for item in saved:
            with st.container(key=f"workspace-item-{item.id}", border=True):
                badge = f" :blue-badge[{ctx.t('workspace.in_force')}]" if item.id in in_force else ""
                st.markdown(f"**{ui.md_escape(item.title)}** · {ctx.t(f'workspace.kind_{item.kind}')}{badge}")
                line = [item_detail(item, ctx.lang), ctx.t("workspace.updated", time=format_time(item.updated_at))]
                line.append(submission_state(submitted.get(item.id), ctx.lang))
                st.caption(ui.md_escape(" · ".join(part for part in line if part)))
                try:
                    ui.item_actions(ctx, db, item, submitted.get(item.id))
                except LookupError:  # removed meanwhile (another tab, another replica)
                    st.warning(ctx.t("workspace.gone"), icon=":material/warning:")
