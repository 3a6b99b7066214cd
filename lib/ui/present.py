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
from lib.briefing.views import current_view, default_deck, encode_brief, parse_brief, view_content, view_title
from lib.charts.common import scale_text, text_width
from lib.charts.provinces import fit_tile_labels, narrowest_tile_map_width
from lib.core.memo import kept_at_most, recall, remember
from lib.store.database import StoreUnavailable
from lib.ui import keys
from lib.ui.annotations import visible_notes
from lib.ui.context import Context
from lib.ui.persistence import remember_briefing
from lib.views.markdown import md_escape
from lib.views.provinces import tile_abbreviations

# Static styling of our own (no data in it): presentation mode hides the sidebar and the app chrome,
# enlarges type, and lays the navigation over the top of the slide, shown only while the presenter
# moves the mouse or presses a key (``_CONTROLS_SCRIPT``), so nothing of it is projected.
_PRESENT_CSS = string.Template("""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: ${pad}rem 2.5rem 0.5rem 2.5rem !important; max-width: 100% !important; }
[data-testid="stMain"] { overflow: hidden; }
html { font-size: ${base}px; }
h1 { font-size: ${title}rem !important; padding: 0 !important; line-height: 1.25 !important; }
[data-testid="stMetricValue"] { font-size: ${metric}rem !important; }
.st-key-slide-numbers p { font-size: ${numbers}rem; line-height: 1.35; }
.st-key-slide-numbers .st-key-slide-tile-key p { font-size: ${key}rem; line-height: 1.3; }
.st-key-slide-tile-names p { column-gap: 1em; }
.st-key-present-nav { position: fixed; top: 0; left: 0; right: 0; z-index: 999990; padding: 0.5rem 2.5rem;
  background: rgba(255, 255, 255, 0.96); box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15); opacity: 0; transition: opacity 0.3s; }
body.present-controls .st-key-present-nav, .st-key-present-nav:hover, .st-key-present-nav:focus-within { opacity: 1; }
</style>
""")
# Shows the controls on a mouse move, touch or key and hides them 3 s later; with no ``screen`` in
# the link, picks the layout of the largest projector size that fits this window and reloads with it
# (``screen=`` in a link or the size buttons override). A constant: nothing a user typed is in it.
_CONTROLS_SCRIPT = """
(() => {
  const params = new URLSearchParams(window.location.search);
  const asked = params.get('screen');
  if (params.get('present') === '1' && (!asked || asked === 'auto')) {
    const w = window.innerWidth, h = window.innerHeight;
    const fit = (w >= 1900 && h >= 1000) ? '1080' : (w >= 1360 && h >= 740) ? '768' : '720';
    params.set('screen', fit);
    window.location.replace(window.location.pathname + '?' + params.toString());
    return;
  }
  if (window.__presentControls) return;
  window.__presentControls = true;
  let timer = null;
  const show = () => {
    document.body.classList.add('present-controls');
    clearTimeout(timer);
    timer = setTimeout(() => document.body.classList.remove('present-controls'), 3000);
  };
  ['mousemove', 'keydown', 'touchstart', 'mousedown'].forEach((kind) => window.addEventListener(kind, show, {passive: true}));
  show();
})();
"""
# Per projector: root type size (px), title / metric / key-number sizes (rem), the size of an English
# map's key (rem: 18.7 px at 1080p, as the slide's chart text, and in proportion below it), top padding
# (rem), chart heights (px), how much larger the text inside charts is drawn, the width (px) of the key
# numbers beside a chart and the screen's width (px). Chosen so a slide fits the screen whole.
SCREENS = {
    "1080": {
        "base": 22,
        "title": 2.0,
        "metric": 2.2,
        "numbers": 1.2,
        "key": 0.85,
        "pad": 1.2,
        "chart": 840,
        "map": 840,
        "text": 1.8,
        "side": 520,
        "width": 1920,
    },
    "768": {
        "base": 16,
        "title": 1.9,
        "metric": 1.9,
        "numbers": 1.1,
        "key": 0.85,
        "pad": 1.0,
        "chart": 580,
        "map": 580,
        "text": 1.3,
        "side": 380,
        "width": 1366,
    },
    "720": {
        "base": 15,
        "title": 1.9,
        "metric": 1.8,
        "numbers": 1.05,
        "key": 0.85,
        "pad": 1.0,
        "chart": 545,
        "map": 545,
        "text": 1.2,
        "side": 360,
        "width": 1280,
    },
}
SCREEN_NAMES = {"1080": "1920×1080", "768": "1366×768", "720": "1280×720"}
# A chart's width per height at most on a slide; a tile map's square grid needs less (``narrowest_tile_map_width``).
MAP_WIDEST = 1.45


def briefing_views(ctx: Context) -> list:
    catalogue = ctx.view.catalogue if ctx.view else ctx.folder.catalogue  # this session's own targets too
    views, _ = parse_brief(ctx.state.get("brief") or "", catalogue, ctx.folder.regions)
    return views


def sidebar_panel(ctx: Context) -> None:
    """演示与简报 (presenting): add the current view, start, export. In a popover, so a page load does not
    draw its widgets (measured: ~6 % of the Provinces page's load); the label counts the views."""
    if ctx.view is None:
        return

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
    # python-pptx and the renderer are heavy (~0.2 s to import): loaded only when a briefing is built
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
            on_click="ignore",
        )
        st.download_button(
            ctx.t("present.download_html"),
            files["html"],
            file_name=f"{stem}.html",
            mime="text/html",
            key="export-html",
            icon=":material/download:",
            width="stretch",
            on_click="ignore",
        )
        st.download_button(
            ctx.t("present.download_pdf"),
            files["pdf"],
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            key="export-pdf",
            icon=":material/download:",
            width="stretch",
            on_click="ignore",
        )


def presentation(ctx: Context) -> None:
    """One view of the briefing per screen, large; ← → to move, Esc to leave. Without a briefing,
    the default deck (``default_deck``), and the controls say so."""
    chosen = ctx.state.get("screen")
    screen = SCREENS.get(chosen) or SCREENS["768"]  # until the window's own size is known
    st.html(_PRESENT_CSS.substitute(screen) + f"<script>{_CONTROLS_SCRIPT}</script>", unsafe_allow_javascript=True)
    for notice in ctx.notices:
        st.warning(ctx.t("ui.url_ignored", param=notice.param, value=notice.value), icon=":material/link:")
    if ctx.view is None:
        st.error(ctx.error.text(ctx.lang) if ctx.error else ctx.t("ui.no_snapshots", path=""), icon=":material/block:")
        return
    briefing = briefing_views(ctx)
    views = briefing or default_deck(ctx.view, ctx.pace)
    position = min(max(int(ctx.state.get("slide") or 1), 1), len(views))
    ctx.state["slide"] = str(position)
    spec = views[position - 1]
    content = view_content(ctx.view, spec, ctx.pace, ctx.lang, visible_notes(ctx))
    _navigation(ctx, position, len(views), default=not briefing)  # over the slide, shown on a mouse move
    with st.container(key="presentation"):
        with st.container(horizontal=True, vertical_alignment="center", key="present-head"):
            st.title(content.title)
            if ctx.view.provenance.demo:  # compact, but on every slide
                with st.container(key="demo-banner", width="content"):
                    st.markdown(f":orange-background[:material/warning: {ctx.t('present.demo')}]")
        st.caption(ctx.t("brief.filters", filters=md_escape(content.filters)))
        with st.container(key=f"slide-{spec.kind}"):
            if spec.kind == "overview":
                _headlines(content)
                st.caption(md_escape(content.source))
            else:  # the chart's own footer carries the as-of date and source
                key = tile_abbreviations(ctx.view.store.regions, ctx.lang) if content.tile_key else []
                _chart_and_numbers(content, spec.kind, screen, key, ctx.t("fit.tile_key_heading"))


def _headlines(content) -> None:
    """The overview's headline targets as a slide shows them: the number large, progress and status
    as text (the page's cards carry a sparkline and more lines than a projector's height holds)."""
    columns = st.columns(len(content.headlines))
    for column, card in zip(columns, content.headlines, strict=True):
        with column, st.container(border=True, key=f"present-card-{card.target_id}"):
            st.markdown(f"**{md_escape(card.name)}**")
            st.caption(md_escape(card.target_line))
            st.metric(card.label, card.actual)
            st.markdown(f"{md_escape(card.completion)}  \n{md_escape(card.elapsed)}  \n**{md_escape(card.status)}**")


def _chart_and_numbers(content, kind: str, screen: dict, key: list[tuple[str, str]], heading: str) -> None:
    """The chart at the projector's size, the key numbers beside it as text; beside a map that draws
    short names (English), what they stand for, in columns, at a size read across the room (0084)."""
    height = screen["map" if kind == "provinces" else "chart"]
    side = screen["side"]
    map_width = int(height * MAP_WIDEST)
    if kind == "provinces" and content.figures:
        map_width = narrowest_tile_map_width(content.figures[0], height, map_width, screen["text"])
        side = max(screen["width"] - 240 - map_width, 240)  # page padding and the gap between
    each = (screen["width"] - 160 - side) // max(1, len(content.figures))
    with st.container(horizontal=True, gap="large"):
        for index, figure in enumerate(content.figures):
            figure.update_layout(height=height)
            scale_text(figure, screen["text"], width=map_width if kind == "provinces" else each)
            fit_tile_labels(figure, map_width, height)  # no page CSS here: an English map says GD
            st.plotly_chart(
                figure,
                key=f"present-chart-{index}",
                width=map_width if kind == "provinces" else "stretch",
                config={"displaylogo": False, "displayModeBar": False},
            )
        with st.container(key="slide-numbers", gap="small", width=side):
            for label, value in content.numbers:
                st.markdown(f":gray[{md_escape(label)}]  \n**{md_escape(value)}**")
            if key:  # what the map's short names stand for: read from the back of the room, so not a footnote
                _tile_key(key, heading)


def _tile_key(key: list[tuple[str, str]], heading: str) -> None:
    """An English map's short names and the provinces they stand for ("**AH** Anhui"), one a line, flowed
    into as many columns as the side has room for: each column as wide as the longest entry is estimated
    (generous: an entry never wraps inside its column), so 31 provinces take 11 lines at 1080p, 16 below."""
    widest = max(text_width(f"{short} {name}", 1.0) for short, name in key)  # em, at the key's own size
    with st.container(key="slide-tile-key", gap="small"):
        st.html(f"<style>.st-key-slide-tile-names p {{ column-width: {widest:.2f}em; }}</style>")
        st.markdown(f":gray[{md_escape(heading)}]")
        with st.container(key="slide-tile-names"):
            st.markdown("  \n".join(f"**{md_escape(short)}** {md_escape(name)}" for short, name in key))


def _navigation(ctx: Context, position: int, count: int, *, default: bool) -> None:
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
        current = ctx.state.get("screen") if ctx.state.get("screen") in SCREENS else None
        screen = st.segmented_control(
            ctx.t("present.screen"),
            list(SCREENS),
            default=current,
            key="present-screen",
            label_visibility="collapsed",
            format_func=SCREEN_NAMES.get,
        )
        if screen and screen != current:
            ctx.state["screen"] = screen
            st.rerun()
        if st.button(
            ctx.t("present.exit"), key="present-exit", icon=":material/close:", shortcut="Esc", type="primary"
        ):
            ctx.state["present"], ctx.state["slide"] = None, "1"
            st.session_state.pop(keys.PRESENT_TOGGLE, None)
            st.rerun()
        if default:
            st.caption(ctx.t("present_fit.default_deck"))
