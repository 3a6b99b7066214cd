"""审核发布 Review: a publisher picks a waiting submission, sees it side by side with the current
snapshot (the Data page's compare) and publishes it as a new snapshot (four eyes; publishers only)."""

import streamlit as st

from lib import ui
from lib.store.submissions import review_queue, submission_frame
from lib.upload.publish import publication_mode
from lib.views.review import proposed_view, submission_option

ctx = ui.context()
if ui.page_header(ctx, "review.title", needs_data=False) and ui.allowed(ctx, "publish"):
    st.caption(ctx.t("review.intro"))
    done = st.session_state.pop(ui.keys.REVIEW_DONE, None)
    if done:
        st.success(done, icon=":material/check_circle:")
    db = ui.database()
    queue = {info.id: info for info in review_queue(db, ctx.identity, ctx.folder.path / "snapshots")}
    if not queue:
        st.info(ctx.t("review.empty"), icon=":material/info:")
        st.stop()
    chosen = st.selectbox(
        ctx.t("review.pick"),
        list(queue),
        format_func=lambda i: submission_option(queue[i], ctx.folder.regions, ctx.lang),
        key="review-pick",
    )
    info = queue[chosen]
    base_ref = ctx.folder.snapshots[0] if ctx.folder.snapshots else None  # the current snapshot
    base_view = ui.snapshot_data(ctx, base_ref.id) if base_ref else None
    memo = (info.id, base_ref.manifest.sha256 if base_ref else "", ctx.lang)
    proposed = ui.session_memo("review-view", memo)
    if proposed is None:
        proposed = proposed_view(ctx.folder, info, submission_frame(db, info.id), base_view, ctx.lang)
        ui.session_memo("review-view", memo, proposed)
    with st.container(key="review-compare"):
        st.subheader(ctx.t("review.compare_heading"))
        if base_view is not None:
            st.caption(
                f"{ctx.t('review.current', id=ui.md_escape(base_ref.id))} → "
                f"{ctx.t('review.proposed', title=ui.md_escape(proposed.provenance.title))} · "
                f"{ctx.t(f'upload.mode_{publication_mode(info.mode, info.scope)}')}"
            )
            ui.compare_panel(ctx, base_view, proposed, stem=info.id, prefix="review-")
    ui.publish_form(ctx, db, info, base_ref, base_view, proposed.provenance.as_of)
