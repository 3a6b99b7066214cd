"""Every page of the dashboard in one place: its file, URL path, title, icon, navigation section, the
action a person must be allowed (``lib.core.roles.ACTIONS``) and the URL parameters it reads.

Plain data, no Streamlit: ``app.py`` builds the navigation from it (grouped by section, the pages a
person may not use left out of the menu but still answering their URL with a notice), ``lib.ui.context``
writes each page's URL state from ``params``, the permission check reads ``action``, and the README's
page table is held to it by ``tests/test_docs.py``. A new page is one entry here (and its file).
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.core.roles import ACTIONS


@dataclass(frozen=True)
class PageEntry:
    file: str  # the page script, from the repository's root
    url_path: str  # /<url_path>; the default page also answers /
    icon: str  # a Material Symbol (served with the app: no font request leaves it)
    section: str  # key of its navigation section (``nav_section.<section>``)
    action: str = "view"  # what a person must be allowed to use it (lib.core.roles.ACTIONS)
    params: tuple[str, ...] = ()  # the URL parameters it reads beyond the global ones
    default: bool = False

    @property
    def title_key(self) -> str:
        return f"nav.{self.url_path}"

    @property
    def role(self) -> str:
        """The least role that may use it."""
        return ACTIONS[self.action]


SECTIONS = ("progress", "follow_through", "data", "admin", "about")  # 看进度 · 督促落实 · 数据 · 管理 · 说明

PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/overview.py", "overview", ":material/dashboard:", "progress", default=True),
    PageEntry(
        "pages/provinces.py", "provinces", ":material/map:", "progress", params=("target", "region", "color", "group")
    ),
    PageEntry(
        "pages/programs.py", "programs", ":material/trending_up:", "progress", params=("program", "target", "year")
    ),
    PageEntry("pages/targets.py", "targets", ":material/flag:", "progress"),
    PageEntry("pages/alerts.py", "alerts", ":material/notifications_active:", "follow_through", params=("region",)),
    PageEntry("pages/followups.py", "followups", ":material/assignment_late:", "follow_through"),
    PageEntry("pages/subscriptions.py", "subscriptions", ":material/mail:", "follow_through", action="subscribe"),
    PageEntry("pages/upload.py", "upload", ":material/upload_file:", "data", action="upload"),
    PageEntry("pages/data.py", "data", ":material/database:", "data"),
    PageEntry("pages/workspace.py", "workspace", ":material/folder_open:", "data", action="save_view"),
    PageEntry("pages/review.py", "review", ":material/fact_check:", "data", action="publish"),
    PageEntry("pages/admin.py", "admin", ":material/admin_panel_settings:", "admin", action="admin"),
    PageEntry("pages/about.py", "about", ":material/info:", "about"),
)

BY_URL = {entry.url_path: entry for entry in PAGES}


def page(url_path: str) -> PageEntry:
    return BY_URL[url_path]


def params_of(url_path: str) -> tuple[str, ...]:
    """The URL parameters a page reads beyond the global ones (none for a path that is no page)."""
    entry = BY_URL.get(url_path)
    return entry.params if entry else ()


def sections() -> list[tuple[str, list[PageEntry]]]:
    """The pages grouped by navigation section, in menu order."""
    return [(section, [entry for entry in PAGES if entry.section == section]) for section in SECTIONS]
