"""我的工作区's actions on a saved item: reopen, rename, delete, download the original file, submit
for publication or withdraw. Every action goes through ``lib.store``, which checks the owner (and
for submitting the role) again on the server."""

from __future__ import annotations

import streamlit as st

from lib.core.i18n import LocalizedError
from lib.store import submissions, workspace
from lib.ui import keys
from lib.ui.context import Context
from lib.ui.persistence import resolve_short_link
from lib.ui.upload import reopen_upload
from lib.views.markdown import md_escape


def item_actions(ctx: Context, db, item: workspace.ItemSummary, submission) -> None:
    """打开 / 重命名 / 删除 (and for an upload: the original file, 提交发布 or 撤回) of one item."""
    owner = ctx.identity.user_id
    buttons = st.columns(4)
    openable = item.kind in ("briefing", "view") or (item.kind == "upload" and ctx.identity.can("upload"))
    if openable and buttons[0].button(ctx.t("workspace.open"), key=f"ws-open-{item.id}", width="stretch"):
        _reopen(ctx, db, item)
    with buttons[1].popover(ctx.t("workspace.rename"), width="stretch"):
        title = st.text_input(ctx.t("workspace.new_title"), value=item.title, key=f"ws-title-{item.id}", max_chars=300)
        if st.button(ctx.t("workspace.save_title"), key=f"ws-rename-{item.id}"):
            if not title.strip():
                st.error(ctx.t("workspace.title_empty"), icon=":material/block:")
            else:
                workspace.rename_item(db, owner, item.id, title)
                _done(ctx.t("workspace.renamed"))
    with buttons[2].popover(ctx.t("workspace.delete"), width="stretch"):
        st.caption(ctx.t("workspace.delete_help"))
        if st.button(ctx.t("workspace.delete_confirm"), key=f"ws-delete-{item.id}", type="primary"):
            workspace.delete_item(db, owner, item.id)
            if (st.session_state.get(keys.UPLOAD) or {}).get("item") == item.id:
                for key in (keys.UPLOAD, keys.UPLOAD_MERGE):
                    st.session_state.pop(key, None)
            if item.kind in ("indicator", "target"):  # the session's copy goes too
                slot = keys.OWN_INDICATORS if item.kind == "indicator" else keys.OWN_TARGETS
                record_id = item.payload.get("id")
                st.session_state[slot] = [r for r in st.session_state.get(slot, []) if r.get("id") != record_id]
            _done(ctx.t("workspace.deleted"))
    if item.kind == "upload":
        buttons[3].download_button(
            ctx.t("workspace.download_raw"),
            lambda: workspace.raw_file(db, owner, item.id),
            file_name=item.payload.get("file_name", "upload"),
            key=f"ws-raw-{item.id}",
            width="stretch",
            on_click="ignore",
        )
        _submission_actions(ctx, db, item, submission)


def last_action_message() -> str | None:
    """The message of the action just done (the page reran after it), once."""
    return st.session_state.pop(keys.WORKSPACE_DONE, None)


def _submission_actions(ctx: Context, db, item, submission) -> None:
    if not ctx.identity.can("submit") or ctx.identity.mode == "none":  # publishing needs sign-in (four eyes)
        return
    try:
        if submission is None or submission.state == "withdrawn":
            if st.button(ctx.t("workspace.submit"), key=f"ws-submit-{item.id}"):
                base = ctx.folder.snapshots[0].id if ctx.folder and ctx.folder.snapshots else ""
                submissions.submit(db, ctx.identity, item.id, base)
                _done(ctx.t("workspace.submitted"))
        elif submission.state == "submitted" and st.button(ctx.t("workspace.withdraw"), key=f"ws-withdraw-{item.id}"):
            submissions.withdraw(db, ctx.identity, submission.id)
            _done(ctx.t("workspace.state_withdrawn"))
    except LocalizedError as error:
        st.error(md_escape(error.text(ctx.lang)), icon=":material/block:")


def _reopen(ctx: Context, db, item) -> None:
    owner = ctx.identity.user_id
    if item.kind == "upload":
        record = workspace.load_upload(db, owner, item.id)
        workspace.set_active_upload(db, owner, item.id)
        reopen_upload(record)
    elif item.kind == "briefing":
        brief = workspace.open_briefing(db, owner, item.id)
        ctx.state["brief"] = brief
        st.session_state[keys.BRIEF_SAVED] = brief
    elif item.kind == "view":
        found = resolve_short_link(item.payload.get("link", ""))
        if found is not None:
            page, params = found
            ctx.state.update(params)
            st.switch_page(f"pages/{page}.py")
    _done(ctx.t("workspace.reopened", title=md_escape(item.title)))


def _done(message: str) -> None:
    st.session_state[keys.WORKSPACE_DONE] = message
    st.rerun()
