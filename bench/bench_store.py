"""What the store (sign-in, the database, putting saved work back) adds to a page view: server CPU
per fresh-session view of the Overview, in ms, for

- ``before``: the app as it is on ``main`` without the store (``git archive`` of that branch),
- ``sqlite``: this tree as ``make run`` starts it (single user, SQLite in a state folder),
- ``postgres``: this tree signed in through the proxy's headers (a national analyst), on a real
  PostgreSQL started for the run (``tests.databases``),

served side by side and measured alternately (one view each per round, a fresh Chromium context per
view), so machine noise hits all alike. Server CPU is the server process's own counters
(/proc/<pid>/stat utime+stime) from just before the navigation to the page being idle. Prints medians
and the ratio of each to ``before``. Then, because a page view's CPU varies by ±50 ms on a shared machine,
the store's own part measured directly: the thread CPU of putting a session's saved work back
(``lib.ui.persistence.begin_session``: sign-in row, audit checks, active items) per fresh AppTest session.

    python -m bench.bench_store [--runs 9] [--warmup 2] [--ref main]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.databases import postgres_server  # noqa: E402
from tests.e2e.shared.browser import browser_session, start_server, wait_for_app  # noqa: E402

ROLES = '[users."bench.analyst"]\nrole = "analyst"\n'


def server_cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def archived_tree(ref: str, into: Path) -> Path:
    """The files of ``ref`` (e.g. main) in a folder of their own."""
    data = subprocess.run(["git", "archive", ref], cwd=REPO, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    return into


def view_cpu(browser, server, headers: dict | None) -> float:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, extra_http_headers=headers or {})
    page = context.new_page()
    before = server_cpu_ms(server.process.pid)
    page.goto(server.url)
    wait_for_app(page)
    page.locator("[data-testid='stMetricValue']").first.wait_for(timeout=30000)
    used = server_cpu_ms(server.process.pid) - before
    context.close()
    time.sleep(0.2)  # let the session end before the next server's turn
    return used


def store_part_ms(views: int) -> list[float]:
    """Thread CPU of ``begin_session`` per fresh session (AppTest, SQLite in a temporary state folder)."""
    from streamlit.testing.v1 import AppTest

    import lib.ui.persistence as persistence

    spent: list[float] = []
    original = persistence.begin_session

    def timed(ctx):
        started = time.thread_time()
        try:
            return original(ctx)
        finally:
            spent.append((time.thread_time() - started) * 1000)

    persistence.begin_session = timed
    with tempfile.TemporaryDirectory(prefix="bench-store-state-") as state:
        os.environ["DASHBOARD_STATE_DIR"] = state
        for _ in range(views + 2):
            AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    persistence.begin_session = original
    return spent[2:]  # the first sessions of the process open the database and migrate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--ref", default="main", help="the tree without the store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as scratch, postgres_server() as pg:
        scratch = Path(scratch)
        old_tree = archived_tree(args.ref, scratch / "before")
        roles = scratch / "roles.toml"
        roles.write_text(ROLES, encoding="utf-8")
        clean = {
            "DASHBOARD_DATA_DIR": "",
            "DASHBOARD_AUTH": "",
            "DASHBOARD_DATABASE_URL": "",
            "DASHBOARD_ROLES_FILE": "",
        }
        servers = {
            "before": (start_server(env=clean, log_dir=scratch, cwd=old_tree), None),
            "sqlite": (
                start_server(env={**clean, "DASHBOARD_STATE_DIR": str(scratch / "state")}, log_dir=scratch),
                None,
            ),
            "postgres": (
                start_server(
                    env={
                        **clean,
                        "DASHBOARD_AUTH": "proxy",
                        "DASHBOARD_ROLES_FILE": str(roles),
                        "DASHBOARD_DATABASE_URL": pg.create_database("bench"),
                    },
                    log_dir=scratch,
                ),
                {"X-Remote-User": "bench.analyst", "X-Remote-Name": "bench"},
            ),
        }
        times: dict[str, list[float]] = {name: [] for name in servers}
        try:
            with browser_session() as browser:
                for run in range(args.warmup + args.runs):
                    for name, (server, headers) in servers.items():
                        used = view_cpu(browser, server, headers)
                        if run >= args.warmup:
                            times[name].append(used)
        finally:
            for server, _ in servers.values():
                server.stop()
    base = statistics.median(times["before"])
    print(
        f"server CPU per fresh-session Overview view, median of {args.runs} (ms; {args.warmup} warm-up views dropped)"
    )
    for name, values in times.items():
        median = statistics.median(values)
        spread = f"{min(values):.0f}–{max(values):.0f}"
        print(f"  {name:9s} {median:7.0f} ms  (range {spread})  ratio to before {median / base:.2f}")
    print(
        f"what the store adds: sqlite {statistics.median(times['sqlite']) - base:+.0f} ms, "
        f"postgres {statistics.median(times['postgres']) - base:+.0f} ms per view"
    )
    part = store_part_ms(args.runs * 3)
    print(f"the store's own work per fresh session (begin_session, SQLite): median {statistics.median(part):.1f} ms")


if __name__ == "__main__":
    main()
