"""Two sets of observations side by side: rows changed, added and removed, how each target's status
moved, with downloads — the Data page's compare of two snapshots, and the publisher's review of a
submission against the current snapshot."""

from __future__ import annotations

import streamlit as st

from lib.core.memo import remember
from lib.progress.dataview import DataView
from lib.store.diff import diff_observations
from lib.store.exports import to_csv_bytes
from lib.ui.context import Context
from lib.ui.tables import dataframe
from lib.views.data import readable_changes, status_moves
from lib.views.markdown import md_escape

SHOWN_ROWS = 1000


def views_diff(old_view: DataView, new_view: DataView):
    return diff_observations(old_view.store.frame, new_view.store.frame)


def compare_panel(ctx: Context, old_view: DataView, new_view: DataView, *, stem: str, prefix: str = "") -> None:
    """Counts, status moves and the changed rows of ``old_view`` → ``new_view`` (widget keys get ``prefix``)."""
    diff = remember(views_diff, old_view, new_view)
    counts = diff.counts
    metrics = st.columns(3)
    for column, kind in zip(metrics, ("changed", "added", "removed"), strict=True):
        column.metric(ctx.t(f"data.{kind}"), f"{counts[kind]:,}")
    moves = status_moves(new_view.catalogue, old_view.progress(ctx.pace), new_view.progress(ctx.pace), ctx.lang)
    moved = moves[moves[ctx.t("data.moved")]]
    st.markdown(f"**{md_escape(ctx.t('data.moves_heading', moved=len(moved), total=len(moves)))}**")
    dataframe(moves.drop(columns=["target_id"]), width="stretch", key=f"{prefix}status-moves")
    table = readable_changes(diff.table(), new_view, ctx.lang)  # names and months, never ids or None
    st.markdown(f"**{md_escape(ctx.t('data.changes_heading', rows=len(table)))}**")
    dataframe(table.head(SHOWN_ROWS), width="stretch", key=f"{prefix}diff-table")
    if len(table) > SHOWN_ROWS:
        st.caption(ctx.t("data.first_rows", shown=SHOWN_ROWS, rows=len(table)))
    buttons = st.columns(2)
    buttons[0].download_button(
        ctx.t("download.displayed_csv", rows=len(table)),
        lambda: to_csv_bytes(table),
        file_name=f"diff-{stem}.csv",
        mime="text/csv",
        key=f"{prefix}diff-csv",
        on_click="ignore",
    )
    buttons[1].download_button(
        ctx.t("download.status_csv", rows=len(moves)),
        lambda: to_csv_bytes(moves),
        file_name=f"status-{stem}.csv",
        mime="text/csv",
        key=f"{prefix}status-csv",
        on_click="ignore",
    )
