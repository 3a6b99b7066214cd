"""审核发布's form: a new snapshot's manifest and the publish button. The publication is checked on
the server (role, scope, four eyes, still waiting) by ``lib.upload.publish``, whatever the page shows."""

from __future__ import annotations

from datetime import date

import streamlit as st

from lib.core.i18n import LocalizedError
from lib.store.snapshots import SnapshotError
from lib.ui import keys
from lib.ui.context import Context
from lib.upload.publish import publish_submission
from lib.views.markdown import md_escape
from lib.views.review import default_snapshot_id


def publish_form(ctx: Context, db, info, base_ref, base_view, as_of: date) -> None:
    """Publish ``info`` over ``base_view`` (the current snapshot); disabled for the submitter."""
    own = info.submitter == ctx.identity.user_id
    if own:
        st.warning(ctx.t("review.own"), icon=":material/visibility:")
    existing = {ref.id for ref in ctx.folder.snapshots}
    with st.form("review-publish"):
        st.subheader(ctx.t("review.form"))
        snapshot_id = st.text_input(ctx.t("review.snapshot_id"), value=default_snapshot_id(as_of, info.scope, existing))
        title = st.text_input(ctx.t("review.snapshot_title"), value=info.file_name)
        chosen_as_of = st.date_input(ctx.t("review.as_of"), value=as_of)
        source = st.text_input(ctx.t("review.source"))
        publisher = st.text_input(ctx.t("review.publisher"))
        if not st.form_submit_button(ctx.t("review.publish"), type="primary", disabled=own):
            return
    if not (title.strip() and source.strip() and publisher.strip()):
        st.error(ctx.t("review.needs"), icon=":material/block:")
        return
    try:
        ref = publish_submission(
            db,
            ctx.folder.path / "snapshots",
            ctx.identity,
            info.id,
            base=base_view.store.frame if base_view else None,
            base_id=base_ref.id if base_ref else "",
            snapshot_id=snapshot_id.strip(),
            as_of=chosen_as_of,
            title=title.strip(),
            source=source.strip(),
            publisher=publisher.strip(),
            base_demo=bool(base_view and base_view.provenance.demo),
        )
    except (LocalizedError, SnapshotError) as error:
        st.error(md_escape(error.text(ctx.lang)), icon=":material/block:")
        return
    st.session_state[keys.REVIEW_DONE] = ctx.t("review.published", id=md_escape(ref.id), rows=f"{ref.manifest.rows:,}")
    st.rerun()
