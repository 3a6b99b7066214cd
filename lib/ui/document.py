"""What the whole browser document needs on every run: ``<html lang>`` following the UI language,
and the page-wide CSS for phones and tables.

Streamlit writes ``<html lang="en">`` and offers no setting for it (streamlit/streamlit#15726; a
``page_lang`` option was proposed in #16024 but is not in 1.67), so screen readers would read
Chinese with an English voice and browsers offer to translate. ``st.html`` is not iframed and,
with ``unsafe_allow_javascript``, runs a script in the page itself: ours is a constant of this
module (``zh-CN`` or ``en``), never anything a user typed.
"""

from __future__ import annotations

import json

import streamlit as st

HTML_LANG = {"zh": "zh-CN", "en": "en"}
PHONE_WIDTH = 640  # px: Streamlit stacks columns below this width; our phone rules apply there too

_CSS = f"""
<style>
/* the element that sets the page language takes no room (no angle brackets in here: the sanitiser drops such styles) */
.st-key-html-lang {{ display: none; }}
/* the short provenance line is for phones only */
.st-key-asof-short {{ display: none; }}
/* an English page's tile map says GD, HB (its names do not fit a tile; a key under it): lib.charts.provinces
   draws the tiles' texts three times, the full names first, short names with values second, for a phone third */
html[lang="en"] .st-key-tile-map-scroll .scatterlayer > .trace:first-child .textpoint {{ display: none; }}
html[lang="en"] .st-key-tile-map-scroll .scatterlayer > .trace:nth-child(2) {{ opacity: 1 !important; }}
/* captions dark enough to read: Streamlit fades them to 60 % (3.9:1 on white); WCAG AA asks 4.5:1 */
.stApp [data-testid="stCaptionContainer"] {{ opacity: 1; color: #5c5a57; }}
/* tables never run past their column: they scroll inside it, and headers stay on one line */
[data-testid="stMarkdownContainer"] table {{ display: block; max-width: 100%; overflow-x: auto; }}
[data-testid="stMarkdownContainer"] th {{ white-space: nowrap; }}
/* and keep their first column (the row's name: a province, a target) in view while they scroll */
[data-testid="stMarkdownContainer"] table :is(th, td):first-child {{ position: sticky; left: 0; z-index: 1; background: #fff; }}
/* a headline number is never cut with an ellipsis: it wraps (number, then unit) where a card is narrow */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {{ white-space: normal !important; overflow: visible !important; text-overflow: clip !important; overflow-wrap: break-word; }}
[data-testid="stMetricValue"] {{ line-height: 1.2; }}
/* the briefing panel's buttons show their whole label (was 加入当前…): they wrap instead */
.st-key-briefing button *, .st-key-briefing-open button * {{ white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }}
/* no label cut with an ellipsis: buttons, pills, toggles and the uploader's limits wrap */
.stApp button *, [data-testid="stFileUploaderDropzoneInstructions"] *, .stApp [data-testid="stCheckbox"] label * {{ white-space: normal !important; text-overflow: clip !important; overflow: visible !important; }}
/* a picker whose chosen label its one line cuts shows the whole label on the line under it (set by the script below) */
[data-testid="stSelectbox"][data-whole]::after {{ content: attr(data-whole); display: block; margin-top: 0.25rem; font-size: 0.8rem; line-height: 1.3; color: #5c5a57; white-space: normal; overflow-wrap: anywhere; }}
/* the sidebar's snapshot picker shows its whole label (an input cannot wrap: its text is smaller) */
[data-testid="stSidebar"] [data-testid="stSelectbox"] input {{ font-size: 0.8rem; }}
@media (max-width: {PHONE_WIDTH}px) {{
  /* a page title fits one or two lines at 390 px */
  .stApp h1 {{ font-size: 1.75rem; }}
  .st-key-asof {{ display: none; }}
  .st-key-asof-short {{ display: block; }}
  /* table cells keep a readable width; the table scrolls sideways rather than one character a line */
  [data-testid="stMarkdownContainer"] td {{ min-width: 7em; }}
  /* the tile map fits the phone's width (every province and the colour bar on screen); its
     tile labels are drawn smaller to stay inside their tiles (plotly sets the size inline) */
  .st-key-tile-map-scroll .textpoint text {{ font-size: 8px !important; }}
  /* and each tile says its short name (GD, 广东) and its status symbol, the value being its colour */
  .st-key-tile-map-scroll .scatterlayer > .trace:nth-child(-n+2) .textpoint {{ display: none; }}
  .st-key-tile-map-scroll .scatterlayer > .trace:nth-child(3) {{ opacity: 1 !important; }}
}}
</style>
"""


# The navigation's sections (issue #20): Streamlit puts each section's header and items in a <div>
# inside the <ul>, which is not a list a screen reader can read (axe: list, listitem). The list
# semantics are dropped (role=none) so the sidebar reads as its headings and links, in order.
# Tables and formulas that scroll sideways (phones, narrow columns), and the 通报's text block that
# scrolls down (the alerts page), must be reachable by keyboard to be scrolled (WCAG 2.1.1): each gets
# tabindex=0 as it appears. Installed once per document.
_TABLES_SCRIPT = """
if (!window.__dashboardTables) {
  window.__dashboardTables = true;
  const wide = '[data-testid="stMarkdownContainer"] table:not([tabindex]), .katex-display:not([tabindex]), .st-key-tile-map-scroll:not([tabindex]), .st-key-report-text pre:not([tabindex]), .st-key-report-text:not([tabindex])';
  const mark = () => document.querySelectorAll(wide)
    .forEach((table) => table.setAttribute('tabindex', '0'));
  new MutationObserver(mark).observe(document.body, {childList: true, subtree: true});
  mark();
}
if (!window.__dashboardPickers) {
  window.__dashboardPickers = true;
  // A picker's chosen value is the text of an input, one line that cannot wrap: where it is cut, the
  // whole of it is put on the picker (data-whole) and the CSS shows it on the line under it. A picker
  // being typed in is left as it is; its width changes with the window, the sidebar and the fonts.
  // (a picker in the closed sidebar has no width: not cut; measured again when it opens)
  const resized = new ResizeObserver(() => soon());
  const watched = new WeakSet();
  const whole = () => document.querySelectorAll('[data-testid="stSelectbox"]').forEach((box) => {
    const input = box.querySelector('input[role="combobox"]');
    if (!input || document.activeElement === input) return;
    if (!watched.has(input)) { watched.add(input); resized.observe(input); }
    const cut = input.value && input.clientWidth > 0 && input.scrollWidth > input.clientWidth + 1 ? input.value : '';
    if ((box.getAttribute('data-whole') || '') === cut) return;
    if (cut) box.setAttribute('data-whole', cut);
    else box.removeAttribute('data-whole');
  });
  let queued = false;
  const soon = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; whole(); }); } };
  new MutationObserver(soon).observe(document.body, {childList: true, subtree: true, characterData: true});
  document.addEventListener('focusout', () => setTimeout(soon, 0));
  document.fonts.ready.then(soon);
  whole();
}
if (!window.__dashboardNav) {
  window.__dashboardNav = true;
  const flatten = () => document.querySelectorAll('[data-testid="stSidebarNavItems"]:not([role])').forEach((list) => {
    if (!list.querySelector(':scope > div')) return;
    list.setAttribute('role', 'none');
    list.querySelectorAll(':scope > div, :scope > div > li').forEach((item) => item.setAttribute('role', 'none'));
  });
  new MutationObserver(flatten).observe(document.body, {childList: true, subtree: true});
  flatten();
}
"""


def document_setup(lang: str) -> None:
    """Page-wide CSS, ``<html lang>`` and keyboard access to tables that scroll, in one element
    of a container the CSS itself hides. (A style-only ``st.html`` goes to Streamlit's event
    container, which on a busy page is drawn seconds late: the page would show unstyled first.)"""
    with st.container(key="html-lang"):
        st.html(
            _CSS + f"<script>document.documentElement.lang = {json.dumps(HTML_LANG.get(lang, 'zh-CN'))};"
            f"{_TABLES_SCRIPT}</script>",
            unsafe_allow_javascript=True,
        )


# Streamlit's header is fixed over the top of the page (60 px, the sidebar's button in it): the
# element is scrolled to just below it (scroll-margin-top), not under it, so its heading shows. On
# a busy server the element may come seconds late, and the charts above it are drawn after it
# (pushing it down): it is looked for up to 30 s, and brought back while the page still moves it —
# for 5 s after it is found, and never once the reader scrolls, types or touches the page.
_REVEAL_SCRIPT = """
(() => {
  let reader = false;
  for (const kind of ['wheel', 'touchstart', 'keydown', 'mousedown'])
    window.addEventListener(kind, () => { reader = true; }, {once: true, capture: true});
  const reveal = (element) => {
    const header = document.querySelector('[data-testid="stHeader"]');
    const below = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    element.style.scrollMarginTop = `${below + 8}px`;
    element.scrollIntoView({block: 'start'});
    return below + 8;
  };
  const hold = (element, margin, until) => {
    if (reader || Date.now() > until || !element.isConnected) return;
    const top = element.getBoundingClientRect().top;
    if (Math.abs(top - margin) > 40) reveal(element);
    setTimeout(() => hold(element, margin, until), 200);
  };
  const find = (tries) => {
    const element = document.querySelector(%s);
    if (element) hold(element, reveal(element), Date.now() + 5000);
    else if (tries < 300 && !reader) setTimeout(() => find(tries + 1), 100);
  };
  find(0);
})();
"""


def reveal_linked(key: str, value: str) -> None:
    """Scrolls the page to the container ``key`` when the link that opened this session named
    ``value`` (a region): a link to 广东 shows 广东's detail, not the top of a long page. Once per
    session; later choices on the page (a click on the map) leave the page where the reader is."""
    linked = st.session_state.setdefault(f"linked-{key}", value)
    if not value or value != linked or st.session_state.get(f"revealed-{key}"):
        return
    st.session_state[f"revealed-{key}"] = True
    st.html(f"<script>{_REVEAL_SCRIPT % json.dumps('.st-key-' + key)}</script>", unsafe_allow_javascript=True)
