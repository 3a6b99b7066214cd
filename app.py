"""技能政策进度看板 · Skills Policy Progress Dashboard — entry point.

Builds the navigation and the shared controls (language, snapshot, pace) and keeps the view
state in the URL. Pages live in pages/ and stay thin; everything else is in lib/.
"""

import streamlit as st

from lib import ui
from lib.core.allocator import keep_freed_memory
from lib.core.i18n import t

keep_freed_memory()  # once per server process: big uploads reuse memory instead of faulting it in
# The favicon is our own file: a Material page_icon would make the browser fetch it from fonts.gstatic.com.
st.set_page_config(
    page_title="技能政策进度看板 · Skills Policy Progress", page_icon="static/favicon.png", layout="wide"
)

ctx = ui.start_run()
# (file, url path, icon, default page, the action a person must be allowed to see it)
PAGES = [
    ("pages/overview.py", "overview", ":material/dashboard:", True, "view"),
    ("pages/provinces.py", "provinces", ":material/map:", False, "view"),
    ("pages/programs.py", "programs", ":material/trending_up:", False, "view"),
    ("pages/alerts.py", "alerts", ":material/notifications_active:", False, "view"),
    ("pages/followups.py", "followups", ":material/assignment_late:", False, "view"),
    ("pages/targets.py", "targets", ":material/flag:", False, "view"),
    ("pages/upload.py", "upload", ":material/upload_file:", False, "upload"),
    ("pages/data.py", "data", ":material/database:", False, "view"),
    ("pages/workspace.py", "workspace", ":material/folder_open:", False, "save_view"),
    ("pages/subscriptions.py", "subscriptions", ":material/mail:", False, "subscribe"),
    ("pages/review.py", "review", ":material/fact_check:", False, "publish"),
    ("pages/admin.py", "admin", ":material/admin_panel_settings:", False, "admin"),
    ("pages/about.py", "about", ":material/info:", False, "view"),
]
presenting = ctx.state.get("present") == "1"
pages = {
    slug: st.Page(path, title=t(f"nav.{slug}", ctx.lang), icon=icon, url_path=slug, default=default)
    for path, slug, icon, default, action in PAGES
    if ctx.identity.can(action)  # a page a role may not use is not served to it (and checks again itself)
}
navigation = st.navigation(list(pages.values()), position="hidden" if presenting else "sidebar")
current = next(slug for slug, page in pages.items() if page is navigation)
if ctx.redirect in pages and ctx.redirect != current:  # a short link names its page
    st.switch_page(pages[ctx.redirect])
ui.whoami(ctx)
ui.shared_controls(ctx)
ui.document_setup(ctx.lang)  # <html lang> follows the UI language; page-wide CSS for phones and tables
ctx.page = current
if presenting:  # one view per screen, no sidebar or chrome
    ui.presentation(ctx)
else:
    with ui.needing_database(ctx):  # the database stopped or restarting: a notice, not a crash
        navigation.run()
    ui.copy_link(ctx)
    ui.sidebar_panel(ctx)
ui.finish_run(ctx, current)
