"""Fixtures for end-to-end tests: one app server per session, a fresh browser context per test,
and a guard that fails the test if a page asks any host but the app's own for anything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.shared.browser import browser_session, chromium_path, guarded_page, start_server

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _require_browser() -> None:
    reason = None
    if chromium_path() is None:
        reason = "Debian's chromium is not installed (make test installs it)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed (requirements-dev.txt)"
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but cannot run: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    with browser_session() as browser:
        yield browser


@pytest.fixture(scope="session")
def shared_state(tmp_path_factory):
    return tmp_path_factory.mktemp("state")


@pytest.fixture(autouse=True)
def forget_saved_work(request):
    """The shared server has one user (no sign-in), whose saved work would follow them into the next
    test's browser: after each test that used it, everything saved is removed through the store."""
    yield
    if "app_url" not in request.fixturenames:
        return
    from lib.core.identity import SINGLE_USER
    from lib.store import workspace
    from lib.store.database import open_database

    db = open_database(f"sqlite:///{request.getfixturevalue('shared_state') / 'dashboard.db'}")
    for item in workspace.items(db, SINGLE_USER):
        workspace.delete_item(db, SINGLE_USER, item.id)
    db.close()


@pytest.fixture(scope="session")
def app_url(shared_state, tmp_path_factory):
    env = {"DASHBOARD_DATA_DIR": "", "DASHBOARD_STATE_DIR": str(shared_state)}
    for name in ("DASHBOARD_AUTH", "DASHBOARD_DATABASE_URL", "DASHBOARD_ROLES_FILE", "DASHBOARD_PROXY_SECRET"):
        env[name] = ""  # the default deployment: single user, SQLite in its own state folder
    server = start_server(env=env, log_dir=tmp_path_factory.mktemp("logs"))
    yield server.url
    server.stop()


@pytest.fixture
def page(browser):
    with guarded_page(browser, accept_downloads=True) as page:
        yield page


@pytest.fixture(scope="session")
def screenshots():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
