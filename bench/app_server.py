"""The dashboard as the browser benchmarks serve it: the bundled demo data and an empty database of
its own, so what the developer's workspace holds (an upload in force, own targets) never changes
what is measured."""

from __future__ import annotations

import atexit
import shutil
import tempfile

from tests.e2e.shared.browser import Server, start_server


def start_dashboard() -> Server:
    state = tempfile.mkdtemp(prefix="dashboard-bench-state-")
    atexit.register(shutil.rmtree, state, ignore_errors=True)
    return start_server("app.py", env={"DASHBOARD_STATE_DIR": state})
