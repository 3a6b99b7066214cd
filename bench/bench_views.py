"""Server CPU per page view and memory per idle session, as a ratio to the floor page.

Measured as a new user would: Debian's Chromium, a fresh tab (a fresh Streamlit session) per view
in one browser context (its HTTP cache warm, as for anyone who has opened the dashboard before),
the server's CPU read from its own counters (/proc/<pid>/stat utime + stime) before the tab
opens and after it has closed, so the session's start, its script run, its media requests and
its end all count. The dashboard and the floor (bench/floor_app.py: one small plotly chart) are
served by two servers side by side and measured alternately (and, for reference only, the floor with its heap
settled as the dashboard settles its own: bench/floor_settled_app.py); CPU counters tick every 10 ms, so
each sample is the mean of ``--group`` views in a row. Medians over ``--runs`` samples.

Memory per idle session: ``--sessions`` sessions opened with the protocol client
(bench/streamlit_client.py), each after its first view, held open; the growth of the server's
resident memory divided by their number.

    python -m bench.bench_views [--runs 9] [--group 3] [--sessions 30] [--client browser|protocol]

Budgets (issue #12): CPU per view ≤ 1.2× the floor on every page; ≤ 5 MB per idle session.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.app_server import start_dashboard
from bench.server_stats import cpu_seconds, rss_mb
from bench.streamlit_client import page_view
from tests.e2e.shared.browser import browser_session, start_server, wait_for_app, wait_for_charts

# name -> (url path, query, plotly charts drawn); "{region}" is another province at every view, so
# that view's figures are built for it (nobody has looked at that province yet): printed beside the
# others, without a budget — it is the one view that is not the same for every new visitor
VIEWS = {
    "overview": ("", "", 0),
    "provinces": ("provinces", "", 2),
    "province chosen": ("provinces", "region=110000", 3),
    "another province": ("provinces", "region={region}", 3),
    "programs": ("programs", "", 2),
}
FLOOR = ("", "", 1)
SETTLE_S = 0.3  # after a tab closes, for the server to end its session
UNBUDGETED = {"another province"}
BUDGET_CPU_RATIO = 1.2
BUDGET_SESSION_MB = 5.0


class BrowserViews:
    """Fresh tabs in one warm-cache context."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")

    def view(self, url: str, charts: int) -> None:
        page = self.context.new_page()
        page.goto(url)
        wait_for_app(page)
        if charts:
            wait_for_charts(page, charts)
        page.close()


class ProtocolViews:
    """Fresh sessions over Streamlit's WebSocket protocol (no browser)."""

    def view(self, url: str, charts: int) -> None:
        parsed = urlparse(url)

        async def one() -> None:
            session, result = await page_view(
                f"{parsed.scheme}://{parsed.netloc}", parsed.path.strip("/"), parsed.query
            )
            await session.close()
            if result.exceptions:
                raise RuntimeError(result.exceptions)

        asyncio.run(one())


def province_codes():
    """Every province but Beijing (the warm-up's and "province chosen"'s), then again."""
    from lib.reference.regions import default_registry

    codes = [unit.code for unit in default_registry().units[1:] if unit.code != "110000"]
    while True:
        yield from codes


def cpu_per_view(client, server, url: str, charts: int, group: int, regions) -> float:
    before = cpu_seconds(server.process.pid)
    for _ in range(group):
        client.view(url.replace("{region}", next(regions)), charts)
        time.sleep(SETTLE_S)
    return (cpu_seconds(server.process.pid) - before) / group


def memory_per_session(server, views: list[tuple[str, str]], count: int) -> tuple[float, float, float]:
    """(resident MB before, after, growth per idle session)."""

    async def hold() -> tuple[float, float]:
        for path, query in views:  # warm: shared caches filled, every page imported
            session, _ = await page_view(server.url, path, query)
            await session.close()
        await asyncio.sleep(1)
        before = rss_mb(server.process.pid)
        sessions = []
        for index in range(count):
            path, query = views[index % len(views)]
            session, _ = await page_view(server.url, path, query)
            sessions.append(session)
        await asyncio.sleep(1)
        after = rss_mb(server.process.pid)
        for session in sessions:
            await session.close()
        return before, after

    before, after = asyncio.run(hold())
    return before, after, (after - before) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--group", type=int, default=3, help="views per CPU sample")
    parser.add_argument("--sessions", type=int, default=30, help="idle sessions held for the memory figure")
    parser.add_argument("--client", choices=("browser", "protocol"), default="browser")
    args = parser.parse_args()
    app, floor = start_dashboard(), start_server("bench/floor_app.py")
    settled = start_server("bench/floor_settled_app.py")
    samples = {name: [] for name in VIEWS}
    floor_samples, settled_samples = [], []
    try:
        with browser_session() if args.client == "browser" else contextlib.nullcontext() as browser:
            client = BrowserViews(browser) if browser else ProtocolViews()
            urls = {
                name: f"{app.url}/{path}" + (f"?{query}" if query else "") for name, (path, query, _) in VIEWS.items()
            }
            regions = province_codes()
            client.view(floor.url, 1)  # warm-up: server caches filled, browser cache warm
            client.view(settled.url, 1)
            for name, (_, _, charts) in VIEWS.items():
                client.view(urls[name].replace("{region}", "110000"), charts)
            for _ in range(args.runs):
                floor_samples.append(cpu_per_view(client, floor, floor.url, 1, args.group, regions))
                settled_samples.append(cpu_per_view(client, settled, settled.url, 1, args.group, regions))
                for name, (_, _, charts) in VIEWS.items():
                    samples[name].append(cpu_per_view(client, app, urls[name], charts, args.group, regions))
        memory = memory_per_session(
            app, [(path, query.replace("{region}", "110000")) for path, query, _ in VIEWS.values()], args.sessions
        )
        floor_memory = memory_per_session(floor, [("", "")], args.sessions)
    finally:
        app.stop()
        floor.stop()
        settled.stop()

    floor_median, settled_median = statistics.median(floor_samples), statistics.median(settled_samples)
    print(
        f"server CPU per page view ({args.client}, fresh session each, medians of {args.runs} samples × {args.group} views)"
    )
    print(f"  {'floor page':16s} {floor_median * 1000:6.0f} ms")
    print(
        f"  {'floor, settled':16s} {settled_median * 1000:6.0f} ms  (its heap frozen as the app's is; reference only)"
    )
    failed = False
    for name, values in samples.items():
        ratio = statistics.median(values) / floor_median
        budget = "first view of that province, no budget" if name in UNBUDGETED else f"budget ≤ {BUDGET_CPU_RATIO}"
        failed |= ratio > BUDGET_CPU_RATIO and name not in UNBUDGETED
        print(
            f"  {name:16s} {statistics.median(values) * 1000:6.0f} ms  ratio to floor {ratio:.2f} ({budget});"
            f" to the settled floor {statistics.median(values) / settled_median:.2f}"
        )
    before, after, per_session = memory
    failed |= per_session > BUDGET_SESSION_MB
    print(
        f"memory per idle session: {per_session:.2f} MB ({args.sessions} sessions: {before:.0f} → {after:.0f} MB;"
        f" budget ≤ {BUDGET_SESSION_MB:.0f} MB); floor page {floor_memory[2]:.2f} MB"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
