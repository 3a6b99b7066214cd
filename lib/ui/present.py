"""Presenting, in Streamlit: the briefing panel in the sidebar (build a sequence of views, start the
presentation, export slides / HTML / PDF) and presentation mode (one view per screen, large type,
no Streamlit chrome, keyboard navigation, a visible way back).

The work (view contents, slides, documents) is in ``lib.briefing``.
"""

from __future__ import annotations

import string
import threading

import streamlit as st

from lib.briefing.rendering import RenderError
from lib.briefing.views import encode_brief, parse_brief, view_content, view_title
from lib.core.memo import kept_at_most, recall, remember
from lib.store.database import StoreUnavailable
from lib.ui import keys
from lib.ui.annotations import visible_notes
from lib.ui.context import Context
from lib.ui.persistence import remember_briefing
from lib.ui.widgets import headline_card
from lib.views.markdown import md_escape

# Static styling of our own (no data in it): presentation mode hides the sidebar and the app chrome
# and enlarges type. Screen sizes: 1920×1080 and 1366×768 projectors.
_PRESENT_CSS = string.Template("""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 0.8rem !important; max-width: 100% !important; padding-left: 2.5rem !important; padding-right: 2.5rem !important; }
html { font-size: ${base}px; }
h1 { font-size: ${title}rem !important; padding-top: 0.2rem !important; }
[data-testid="stMetricValue"] { font-size: ${metric}rem !important; }
.st-key-slide-numbers p { font-size: ${numbers}rem; line-height: 1.35; }
</style>
""")
# Per projector: root type size (px), title / metric / key-number sizes (rem), chart heights (px),
# how much larger the text inside charts is drawn, and the width (px) of the key numbers beside a chart.
SCREENS = {
    "1080": {
        "base": 22,
        "title": 2.2,
        "metric": 2.2,
        "numbers": 1.3,
        "chart": 720,
        "map": 720,
        "text": 1.45,
        "side": 560,
    },
    "768": {
        "base": 17,
        "title": 1.9,
        "metric": 1.8,
        "numbers": 1.15,
        "chart": 460,
        "map": 500,
        "text": 1.15,
        "side": 400,
    },
}


def briefing_views(ctx: Context) -> list:
    catalogue = ctx.view.catalogue if ctx.view else ctx.folder.catalogue  # this session's own targets too
    views, _ = parse_brief(ctx.state.get("brief") or "", catalogue, ctx.folder.regions)
    return views


def sidebar_panel(ctx: Context) -> None:
    """演示与简报 (presenting): add the current view, start, export. In a popover, so a page load does not
    draw its widgets (measured: ~6 % of the Provinces page's load); the label counts the views."""
    if ctx.view is None:
        return
    from lib.briefing.views import current_view

    views = briefing_views(ctx)
    label = ctx.t("present.heading") + (f" · {len(views)}" if views else "")
    with (
        st.sidebar,
        st.popover(label, icon=":material/co_present:", width="stretch", key="briefing-open"),
        st.container(key="briefing"),
    ):
        if views:
            titles = [view_title(ctx.view, view, ctx.lang) for view in views]
            st.markdown("\n".join(f"{i}. {md_escape(title)}" for i, title in enumerate(titles, start=1)))
        else:
            st.caption(ctx.t("present.empty"))
        columns = st.columns(2)
        if columns[0].button(ctx.t("present.add"), key="brief-add", icon=":material/add:", width="stretch"):
            # saved as it grows: there after a reload, a restart, on another replica
            _change_briefing(ctx, encode_brief([*views, current_view(ctx.page, ctx.state, ctx.view.catalogue)]))
        if columns[1].button(ctx.t("present.clear"), key="brief-clear", width="stretch", disabled=not views):
            _change_briefing(ctx, "")
        if st.toggle(ctx.t("present.toggle"), key=keys.PRESENT_TOGGLE, value=False, help=ctx.t("present.toggle_help")):
            ctx.state["present"], ctx.state["slide"] = "1", "1"
            st.rerun()
        export_panel(ctx, views or [current_view(ctx.page, ctx.state, ctx.view.catalogue)])


def _change_briefing(ctx: Context, brief: str) -> None:
    """The briefing changed and saved; when the database refuses the write, it stays as it was,
    with the notice."""
    before = ctx.state.get("brief") or ""
    ctx.state["brief"] = brief
    try:
        remember_briefing(ctx)
    except StoreUnavailable as error:
        ctx.state["brief"] = before
        st.error(error.text(ctx.lang), icon=":material/warning:")
        return
    st.rerun()


STEPS = threading.local()  # this session's progress line while its briefing is built (not part of the result)


@kept_at_most(8)  # a briefing's files are megabytes
def briefing_files(view, views: tuple, pace: str, lang: str, notes: tuple) -> dict:
    """A briefing's files, built once per distinct data, views, pace, language and notes (``lib.core.memo``)."""
    from lib.briefing.build import build_briefing

    step = getattr(STEPS, "write", None) or (lambda name: None)
    return build_briefing(view, list(views), pace, lang, step=step, notes=list(notes))


def export_panel(ctx: Context, views: list) -> None:
    """Files generated on demand, with a visible progress, in the current language."""
    arguments = {"view": ctx.view, "views": tuple(views), "pace": ctx.pace, "lang": ctx.lang}
    arguments["notes"] = tuple(visible_notes(ctx))  # part of the key: files never hold notes their reader may not see
    files = recall(briefing_files, **arguments)
    if files is None and st.button(ctx.t("present.prepare", count=len(views)), key="export-prepare", width="stretch"):
        with st.status(ctx.t("present.preparing"), expanded=True) as status:
            STEPS.write = lambda name: status.write(ctx.t(f"present.step_{name}"))
            try:
                files = remember(briefing_files, **arguments)
            except RenderError as error:
                status.update(label=ctx.t("present.failed"), state="error")
                st.error(ctx.t("present.failed_detail", detail=str(error)), icon=":material/block:")
                return
            finally:
                STEPS.write = None
            status.update(label=ctx.t("present.ready"), state="complete", expanded=False)
    if files is not None:
        stem = f"briefing-{ctx.view.provenance.as_of.isoformat()}"
        st.download_button(
            ctx.t("present.download_pptx"),
            files["pptx"],
            file_name=f"{stem}.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            key="export-pptx",
            icon=":material/download:",
            width="stretch",
        )
        st.download_button(
            ctx.t("present.download_html"),
            files["html"],
            file_name=f"{stem}.html",
            mime="text/html",
            key="export-html",
            icon=":material/download:",
            width="stretch",
        )
        st.download_button(
            ctx.t("present.download_pdf"),
            files["pdf"],
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            key="export-pdf",
            icon=":material/download:",
            width="stretch",
        )


def presentation(ctx: Context) -> None:
    """One view of the briefing per screen, large; ← → to move, Esc to leave."""
    from lib.briefing.views import current_view

    screen = SCREENS.get(ctx.state.get("screen") or "1080", SCREENS["1080"])
    st.html(_PRESENT_CSS.substitute(screen))
    for notice in ctx.notices:
        st.warning(ctx.t("ui.url_ignored", param=notice.param, value=notice.value), icon=":material/link:")
    if ctx.view is None:
        st.error(ctx.error.text(ctx.lang) if ctx.error else ctx.t("ui.no_snapshots", path=""), icon=":material/block:")
        return
    views = briefing_views(ctx) or [current_view(ctx.page, ctx.state, ctx.view.catalogue)]
    position = min(max(int(ctx.state.get("slide") or 1), 1), len(views))
    ctx.state["slide"] = str(position)
    spec = views[position - 1]
    content = view_content(ctx.view, spec, ctx.pace, ctx.lang, visible_notes(ctx))
    with st.container(key="presentation"):
        _navigation(ctx, position, len(views))  # at the top: always on screen, whatever the projector
        st.title(content.title)
        st.caption(ctx.t("brief.filters", filters=md_escape(content.filters)))
        with st.container(key=f"slide-{spec.kind}"):
            if spec.kind == "overview":
                columns = st.columns(len(ctx.view.catalogue.headline_targets))
                for column, target in zip(columns, ctx.view.catalogue.headline_targets, strict=True):
                    with column:
                        headline_card(ctx, target, ctx.progress()[target.id])
                st.caption(md_escape(content.source))
            else:  # the chart's own footer carries the as-of date and source
                _chart_and_numbers(content, spec.kind, screen)


def _chart_and_numbers(content, kind: str, screen: dict) -> None:
    """The chart at the projector's size, the key numbers beside it as text."""
    from lib.charts.common import scale_text

    height = screen["map" if kind == "provinces" else "chart"]
    with st.container(horizontal=True, gap="large"):
        for index, figure in enumerate(content.figures):
            scale_text(figure, screen["text"])
            figure.update_layout(height=height)
            # The map keeps square tiles: a little wider than tall, for its colour bar and footer.
            width = int(height * 1.45) if kind == "provinces" else "stretch"
            st.plotly_chart(
                figure,
                key=f"present-chart-{index}",
                width=width,
                config={"displaylogo": False, "displayModeBar": False},
            )
        with st.container(key="slide-numbers", gap="small", width=screen["side"] if kind == "programs" else "stretch"):
            for label, value in content.numbers:
                st.markdown(f":gray[{md_escape(label)}]  \n**{md_escape(value)}**")


def _navigation(ctx: Context, position: int, count: int) -> None:
    with st.container(key="present-nav", horizontal=True, vertical_alignment="center"):
        if st.button(
            ctx.t("present.previous"),
            key="present-previous",
            icon=":material/chevron_left:",
            shortcut="Left",
            disabled=position <= 1,
        ):
            ctx.state["slide"] = str(position - 1)
            st.rerun()
        st.markdown(f"**{position} / {count}**")
        if st.button(
            ctx.t("present.next"),
            key="present-next",
            icon=":material/chevron_right:",
            icon_position="right",
            shortcut="Right",
            disabled=position >= count,
        ):
            ctx.state["slide"] = str(position + 1)
            st.rerun()
        screen = st.segmented_control(
            ctx.t("present.screen"),
            list(SCREENS),
            default=ctx.state.get("screen") or "1080",
            key="present-screen",
            label_visibility="collapsed",
            format_func=lambda s: {"1080": "1920×1080", "768": "1366×768"}[s],
        )
        if screen and screen != (ctx.state.get("screen") or "1080"):
            ctx.state["screen"] = screen
            st.rerun()
        if st.button(
            ctx.t("present.exit"), key="present-exit", icon=":material/close:", shortcut="Esc", type="primary"
        ):
            ctx.state["present"], ctx.state["slide"] = None, "1"
            st.session_state.pop(keys.PRESENT_TOGGLE, None)
            st.rerun()
        if ctx.view.provenance.demo:  # compact, but on every screen
            with st.container(key="demo-banner", width="content"):
                st.markdown(f":orange-background[:material/warning: {ctx.t('present.demo')}]")
