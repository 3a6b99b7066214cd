"""Every test runs on the repo's data folder unless it sets DASHBOARD_DATA_DIR itself. In CI and
`make test` (REQUIRE_BROWSER=1) every test must run: a skip — a missing browser, LibreOffice,
poppler — is a failure there, so a green run means everything was checked."""

import os

import pytest
from hypothesis import settings

# No per-example deadline: the machine is shared by several agents, and a timed assertion in a unit
# test is not a benchmark (bench/ measures speed); hypothesis still runs every example.
settings.register_profile("shared-machine", deadline=None)
settings.load_profile("shared-machine")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("REQUIRE_BROWSER") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome, report.longrepr = "failed", f"skipped, but REQUIRE_BROWSER=1 runs every test: {reason}"


@pytest.fixture(autouse=True)
def default_data(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA_DIR", raising=False)


@pytest.fixture(scope="session")
def demo_view():
    """The bundled demo snapshot opened as the app opens it (read-only: tests must not change it)."""
    from lib.core.settings import DEFAULT_DATA_DIR
    from lib.progress.dataview import snapshot_view
    from lib.store.folder import open_data_folder

    folder = open_data_folder(DEFAULT_DATA_DIR)
    return snapshot_view(folder, folder.snapshot(None))
