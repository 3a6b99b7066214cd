"""审核发布 Review: a publisher picks a waiting submission, sees it side by side with the current
snapshot (the Data page's compare) and publishes it as a new snapshot (four eyes; publishers only)."""

import streamlit as st

from lib import ui
from lib.views import review

ctx = ui.context()
if ui.page_header(ctx, "review.title", needs_data=False) and ui.allowed(ctx, "review"):
    st.caption(ctx.t("review.intro"))
    done = st.session_state.pop(ui.keys.REVIEW_DONE, None)
    if done:
        st.success(done, icon=":material/check_circle:")
    db = ui.database()
    model = review.build(db, ctx.identity, ctx.folder, ctx.lang)  # the database: read every run
    if not model.queue:
        st.info(ctx.t("review.empty"), icon=":material/info:")
        st.stop()
    chosen = st.selectbox(
        ctx.t("review.pick"), list(model.queue), format_func=lambda i: model.options[i], key="review-pick"
    )
    info, base_ref = model.queue[chosen], model.base  # the current snapshot
    base_view = ui.snapshot_data(ctx, base_ref.id) if base_ref else None
    proposed = ui.remember_in_session(review.proposed, db, ctx.folder, info, base_view, ctx.lang)
    with st.container(key="review-compare"):
        st.subheader(ctx.t("review.compare_heading"))
        if base_view is not None:
            st.caption(
                f"{ctx.t('review.current', id=ui.md_escape(base_ref.id))} → "
                f"{ctx.t('review.proposed', title=ui.md_escape(proposed.provenance.title))} · "
                f"{ctx.t(f'upload.mode_{model.modes[chosen]}')}"
            )
            ui.compare_panel(ctx, base_view, proposed, stem=info.id, prefix="review-")
    ui.publish_form(ctx, db, info, base_ref, base_view, proposed.provenance.as_of)
