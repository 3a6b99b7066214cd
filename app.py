"""技能政策进度看板 · Skills Policy Progress Dashboard — entry point.

Builds the navigation and the shared controls (language, snapshot, pace) and keeps the view
state in the URL. Pages live in pages/ and stay thin; everything else is in lib/.
"""

import streamlit as st

from lib import ui
from lib.core.allocator import keep_freed_memory
from lib.core.i18n import t
from lib.views import registry

keep_freed_memory()  # once per server process: big uploads reuse memory instead of faulting it in
# The favicon is our own file: a Material page_icon would make the browser fetch it from fonts.gstatic.com.
st.set_page_config(
    page_title="技能政策进度看板 · Skills Policy Progress", page_icon="static/favicon.png", layout="wide"
)

ctx = ui.start_run()
presenting = ctx.state.get("present") == "1"
# Every page of the registry is served, so its URL always answers; one a person may not use is left
# out of their menu (hidden) and answers with a notice naming the role it needs (ui.page_denied).
pages = {
    entry.url_path: st.Page(
        entry.file,
        title=t(entry.title_key, ctx.lang),
        icon=entry.icon,
        url_path=entry.url_path,
        default=entry.default,
        visibility="visible" if ctx.identity.can(entry.action) else "hidden",
    )
    for entry in registry.PAGES
}
menu: dict[str, list] = {}
for section, entries in registry.sections():  # a section with nothing this person may use is not shown:
    shown = any(ctx.identity.can(entry.action) for entry in entries)  # its hidden pages join the one before
    title = t(f"nav_section.{section}", ctx.lang) if shown else list(menu)[-1]
    menu.setdefault(title, []).extend(pages[entry.url_path] for entry in entries)
navigation = st.navigation(menu, position="hidden" if presenting else "sidebar")
current = next(slug for slug, page in pages.items() if page is navigation)
if ctx.redirect in pages and ctx.redirect != current and ctx.identity.can(registry.page(ctx.redirect).action):
    st.switch_page(pages[ctx.redirect])  # a short link names its page
ui.whoami(ctx)
ui.shared_controls(ctx)
ui.document_setup(ctx.lang)  # <html lang> follows the UI language; page-wide CSS for phones and tables
ctx.page = current
if presenting:  # one view per screen, no sidebar or chrome
    ui.presentation(ctx)
else:
    with ui.needing_database(ctx):  # the database stopped or restarting: a notice, not a crash
        if not ui.page_denied(ctx, registry.page(current)):  # roles checked on the server, every run
            navigation.run()
    ui.copy_link(ctx)
    ui.sidebar_panel(ctx)
ui.finish_run(ctx, current)
