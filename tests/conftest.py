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

pytest_plugins = ["tests.servers"]  # postgresql_server, mariadb_server: real servers, started once per session


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


_SETTINGS_OF_A_DEPLOYMENT = (
    "DASHBOARD_DATABASE_URL",
    "DASHBOARD_AUTH",
    "DASHBOARD_ROLES_FILE",
    "DASHBOARD_PROXY_SECRET",
    "DASHBOARD_USER_HEADER",
    "DASHBOARD_NAME_HEADER",
    "DASHBOARD_GROUPS_HEADER",
    "DASHBOARD_SECRET_HEADER",
)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """One freshly migrated SQLite file; each test starts from a copy (migrating is tested apart)."""
    from lib.store.database import open_database

    path = tmp_path_factory.mktemp("template") / "dashboard.db"
    open_database(f"sqlite:///{path}").close()
    return path


@pytest.fixture(autouse=True)
def isolated_state(tmp_path_factory, monkeypatch, migrated_sqlite):
    """Every test has its own empty store (never the repo's state/) and no sign-in unless it sets one."""
    import shutil

    for name in _SETTINGS_OF_A_DEPLOYMENT:
        monkeypatch.delenv(name, raising=False)
    state = tmp_path_factory.mktemp("state")  # beside the test's tmp_path, which stays the test's own
    shutil.copy(migrated_sqlite, state / "dashboard.db")
    monkeypatch.setenv("DASHBOARD_STATE_DIR", str(state))
    return state


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for this test session (Debian's postgresql)."""
    from tests.databases import postgres_server

    try:
        server = postgres_server()
        instance = server.__enter__()
    except (RuntimeError, OSError) as error:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"PostgreSQL tests required but the server cannot start: {error}", pytrace=False)
        pytest.skip(str(error))
    yield instance
    server.__exit__(None, None, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The same test on the embedded default and on PostgreSQL, each with a fresh database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    import uuid

    return request.getfixturevalue("postgres").create_database(f"t_{uuid.uuid4().hex[:12]}")
