"""A live app server on a data folder of its own (the faults change files under it)."""

from __future__ import annotations

import pytest

from tests.apptest import add_earlier_snapshot, data_folder
from tests.e2e.shared.browser import start_server
from tests.pages.conftest import people  # noqa: F401  (signed-in people for AppTest, as the page tests have)


@pytest.fixture
def folder(tmp_path):
    """The catalogue and regions, the demo snapshot (2026-10-31) and an earlier one (2026-09-30)."""
    data = data_folder(tmp_path)
    add_earlier_snapshot(data)
    return data


@pytest.fixture
def live_app(folder, tmp_path):
    server = start_server(env={"DASHBOARD_DATA_DIR": str(folder)}, log_dir=tmp_path)
    yield server
    server.stop()
