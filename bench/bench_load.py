"""Many users at once, through nginx and two replicas: sessions held, and the throughput curve
next to the floor page's, measured the same way in the same run.

Load comes from Streamlit's own protocol (bench/streamlit_client.py), not from browsers, so the
machine's cores go to the servers. Two clusters on loopback (deploy/cluster.py): the dashboard
(PostgreSQL + 2 replicas + nginx) and the floor (bench/floor_app.py, 2 replicas + nginx).

Every simulated person signs in as someone of their own, with the headers an identity proxy in
front of nginx sets (``DASHBOARD_AUTH=proxy``), as a deployment for many people runs. Without
sign-in the dashboard is one person's (docs/deployment.md): every visitor would be that person, and
one visitor's confirmed upload would be in force on every later visitor's pages.

1. **Sessions held**: ``--users`` simulated people arrive at ``--arrival`` per second. Each opens the
   Overview (a fresh session) and waits for the script to finish, opens Provinces, picks a province,
   opens Programs, and every ``--upload-every``-th uploads a small CSV on the Upload page and confirms
   it; then stays connected. While all are held, a few real Chromium tabs open the pages through
   nginx and check that they render (no exception, the charts drawn). At the end every held session
   is asked for one more run, which must finish on its own replica. Printed: sessions held, errors,
   p50/p95/p99 time to "script finished" per step, server CPU per view, memory per session.
2. **Throughput curve**: at each rate (page views per second, open loop: a new user every 1/rate s
   for ``--seconds`` s, each a fresh session viewing one page — the four dashboard views in turn, or
   the floor page), p95 of the time from arrival to "script finished", errors and server CPU per view;
   dashboard and floor alternate rate by rate. The knee is the highest rate whose p95 ≤ 2 s without
   errors.

    python -m bench.bench_load [--users 200] [--rates 1 1.5 2 3 4 5 6 8 ...] [--seconds 15]

Budgets (issue #12): 200 sessions held with 0 errors; the dashboard's knee ≥ 80 % of the floor's.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server_stats import cpu_seconds, percentile, rss_mb
from bench.streamlit_client import Session
from deploy.cluster import Cluster

VIEWS = [("", ""), ("provinces", ""), ("provinces", "region=440000"), ("programs", "")]
FLOOR_VIEWS = [("", "")]
UPLOAD = "省份,月份,指标,人数\n广东,2026-10,新培育高技能领军人才,50\n".encode()
P95_BUDGET_S = 2.0
KNEE_RATIO_BUDGET = 0.8
HELD_BUDGET = 200
PROXY_SECRET = secrets.token_hex(16)
ANALYSTS = "load-analysts"  # the group the roles file makes analysts (they may upload)
ROLES = f'[groups."{ANALYSTS}"]\nrole = "analyst"\n'
_people = itertools.count()


def person(session: Session, *, analyst: bool = False) -> Session:
    """``session`` signed in as a new person (a viewer, or an analyst who may upload)."""
    user = f"load-{next(_people):05d}"
    session.headers = {"X-Proxy-Secret": PROXY_SECRET, "X-Remote-User": user, "X-Remote-Name": user}
    if analyst:
        session.headers["X-Remote-Groups"] = ANALYSTS
    return session


def signed_in_cluster() -> Cluster:
    """The dashboard behind its identity proxy's headers; the roles file in the cluster's folder."""
    roles = Path(tempfile.mkdtemp(prefix="dashboard-load-roles-")) / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    env = {"DASHBOARD_AUTH": "proxy", "DASHBOARD_PROXY_SECRET": PROXY_SECRET, "DASHBOARD_ROLES_FILE": str(roles)}
    return Cluster.start(replicas=2, env=env)


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    views: int = 0

    def add(self, step: str, seconds: float) -> None:
        self.times.setdefault(step, []).append(seconds)
        self.views += 1

    def fail(self, what: str) -> None:
        self.errors.append(what)


def cluster_cpu(cluster: Cluster) -> float:
    return sum(cpu_seconds(replica.pid) for replica in cluster.replicas)


def cluster_rss(cluster: Cluster) -> float:
    return sum(rss_mb(replica.pid) for replica in cluster.replicas)


def checked(result, tally: Tally, step: str, seconds: float) -> None:
    if result.exceptions:
        tally.fail(f"{step}: {result.exceptions[0]}")
    else:
        tally.add(step, seconds)


# --- 1. sessions held --------------------------------------------------------------------------------
async def journey(url: str, index: int, upload_every: int, tally: Tally) -> Session | None:
    """One person's visit; the session is returned still open (None when it failed)."""
    session = person(Session(url), analyst=bool(upload_every and index % upload_every == 0))
    try:
        started = time.perf_counter()
        await session.connect("", "")
        checked(await session.run(), tally, "overview (new session)", time.perf_counter() - started)
        result = await session.run(page="provinces", query="")
        checked(result, tally, "provinces", result.seconds)
        options = session.widgets["region"].options
        result = await session.choose("region", options[1 + index % (len(options) - 1)])
        checked(result, tally, "pick a province", result.seconds)
        result = await session.run(page="programs", query="")
        checked(result, tally, "programs", result.seconds)
        if upload_every and index % upload_every == 0:
            await session.run(page="upload", query="")
            result = await session.upload("upload-file", f"user-{index}.csv", UPLOAD)
            checked(result, tally, "upload a file", result.seconds)
            result = await session.press("upload-confirm")
            if not any("已确认" in text for text in result.texts):
                tally.fail(f"user {index}: the upload was not confirmed")
            checked(result, tally, "confirm the upload", result.seconds)
        return session
    except Exception as error:
        tally.fail(f"user {index}: {type(error).__name__}: {error}")
        await session.close()
        return None


def chromium_check(url: str) -> list[str]:
    """A few real tabs through nginx while the load is held: each page renders, charts drawn."""
    from tests.e2e.shared.browser import browser_session, guarded_page, wait_for_app, wait_for_charts

    problems = []
    with browser_session() as browser:
        for path, charts in (("", 0), ("provinces?region=110000", 3), ("programs", 2)):
            try:
                with guarded_page(browser) as page:
                    page.goto(f"{url}/{path}")
                    wait_for_app(page, timeout=60000)
                    if charts:
                        wait_for_charts(page, charts, timeout=60000)
                    if page.locator("[data-testid='stException']").count():
                        problems.append(f"/{path}: an exception on the page")
                    if not page.locator("h1").first.inner_text():
                        problems.append(f"/{path}: no title")
            except Exception as error:
                problems.append(f"/{path}: {type(error).__name__}: {error}")
    return problems


async def hold(cluster: Cluster, users: int, arrival: float, upload_every: int) -> dict:
    tally = Tally()
    rss_before, cpu_before = cluster_rss(cluster), cluster_cpu(cluster)
    tasks = []
    for index in range(users):
        tasks.append(asyncio.create_task(journey(cluster.url, index, upload_every, tally)))
        await asyncio.sleep(1 / arrival)
    sessions = [s for s in await asyncio.gather(*tasks) if s is not None]
    cpu_journeys = cluster_cpu(cluster) - cpu_before
    views = tally.views
    await asyncio.sleep(2)
    rss_held = cluster_rss(cluster)
    browser_problems = await asyncio.to_thread(chromium_check, cluster.url)
    still = 0
    for batch in range(0, len(sessions), 20):  # each held session runs once more, on its own replica
        results = await asyncio.gather(*(s.run() for s in sessions[batch : batch + 20]), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) or result.exceptions:
                tally.fail(f"held session: {result!r}"[:200])
            else:
                still += 1
    for session in sessions:
        await session.close()
    return {
        "tally": tally,
        "held": still,
        "cpu_per_view": cpu_journeys / max(1, views),
        "rss": (rss_before, rss_held),
        "per_session_mb": (rss_held - rss_before) / max(1, len(sessions)),
        "browser": browser_problems,
    }


# --- 2. the throughput curve ---------------------------------------------------------------------------
async def one_view(url: str, path: str, query: str, arrived: float, tally: Tally) -> None:
    session = person(Session(url))
    try:
        await session.connect(path, query)
        result = await session.run()
        checked(result, tally, "view", time.perf_counter() - arrived)
    except Exception as error:
        tally.fail(f"{type(error).__name__}: {error}")
    finally:
        await session.close()


async def at_rate(cluster: Cluster, views: list[tuple[str, str]], rate: float, seconds: float) -> dict:
    tally = Tally()
    cpu_before = cluster_cpu(cluster)
    tasks, count = [], int(rate * seconds)
    start = time.perf_counter()
    for index in range(count):
        due = start + index / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        path, query = views[index % len(views)]
        tasks.append(asyncio.create_task(one_view(cluster.url, path, query, due, tally)))
    await asyncio.gather(*tasks)
    times = tally.times.get("view", [])
    return {
        "rate": rate,
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95) if len(times) == count else float("inf"),
        "errors": len(tally.errors),
        "cpu_per_view": (cluster_cpu(cluster) - cpu_before) / max(1, len(times)),
        "first_error": tally.errors[0] if tally.errors else "",
    }


def knee(curve: list[dict]) -> float:
    """The highest rate (views/s) whose p95 ≤ 2 s with no errors, before the first rate that fails."""
    best = 0.0
    for point in curve:
        if point["errors"] or point["p95"] > P95_BUDGET_S:
            break
        best = point["rate"]
    return best


async def curves(app: Cluster, floor: Cluster, rates: list[float], seconds: float) -> tuple[list, list]:
    app_curve, floor_curve = [], []
    app_done = floor_done = False
    for rate in rates:
        if not floor_done:
            floor_curve.append(await at_rate(floor, FLOOR_VIEWS, rate, seconds))
            floor_done = knee(floor_curve) < rate
            await asyncio.sleep(3)  # let closed sessions end before the next measurement
        if not app_done:
            app_curve.append(await at_rate(app, VIEWS, rate, seconds))
            app_done = knee(app_curve) < rate
            await asyncio.sleep(3)
        if app_done and floor_done:
            break
    return app_curve, floor_curve


def print_curve(name: str, curve: list[dict]) -> None:
    print(f"  {name}")
    for point in curve:
        print(
            f"    {point['rate']:5.1f} views/s  p50 {point['p50']:6.2f} s  p95 {point['p95']:6.2f} s  "
            f"errors {point['errors']:3d}  server CPU {point['cpu_per_view'] * 1000:4.0f} ms/view"
            + (f"  ({point['first_error'][:80]})" if point["first_error"] else "")
        )


async def warm(cluster: Cluster, views: list[tuple[str, str]]) -> None:
    """Each replica's caches filled before anything is measured (a route cookie per attempt)."""
    for _ in range(4 * len(cluster.replicas)):
        for path, query in views:
            session = person(Session(cluster.url), analyst=True)
            await session.connect(path, query)
            await session.run()
            await session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--arrival", type=float, default=4.0, help="users arriving per second in the hold test")
    parser.add_argument("--upload-every", type=int, default=10, help="every n-th user uploads a file")
    parser.add_argument(
        "--rates", type=float, nargs="+", default=[1, 1.5, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 32]
    )
    parser.add_argument("--seconds", type=float, default=15, help="length of each throughput step")
    parser.add_argument("--skip-hold", action="store_true")
    parser.add_argument("--skip-curve", action="store_true")
    args = parser.parse_args()

    app = signed_in_cluster()
    floor = Cluster.start(replicas=2, script="bench/floor_app.py", database=False)
    failed = False
    try:
        asyncio.run(warm(app, [*VIEWS, ("upload", "")]))
        asyncio.run(warm(floor, FLOOR_VIEWS))
        if not args.skip_hold:
            held = asyncio.run(hold(app, args.users, args.arrival, args.upload_every))
            tally = held["tally"]
            print(f"sessions held through nginx and {len(app.replicas)} replicas: {held['held']} of {args.users}")
            print(f"  errors: {len(tally.errors)}" + "".join(f"\n    {e}" for e in tally.errors[:10]))
            for step, times in tally.times.items():
                print(
                    f"  {step:24s} n={len(times):4d}  p50 {percentile(times, 0.5):5.2f} s  "
                    f"p95 {percentile(times, 0.95):5.2f} s  p99 {percentile(times, 0.99):5.2f} s"
                )
            before, after = held["rss"]
            print(f"  server CPU per view during the visits: {held['cpu_per_view'] * 1000:.0f} ms")
            print(
                f"  memory: {before:.0f} → {after:.0f} MB over both replicas, {held['per_session_mb']:.2f} MB per held session"
            )
            print(f"  Chromium beside the load: {'pages rendered' if not held['browser'] else held['browser']}")
            failed |= held["held"] < min(args.users, HELD_BUDGET) or bool(tally.errors) or bool(held["browser"])
        if not args.skip_curve:
            app_curve, floor_curve = asyncio.run(curves(app, floor, args.rates, args.seconds))
            print(f"throughput (fresh session per view, open loop, {args.seconds:.0f} s per rate, p95 budget ≤ 2 s)")
            print_curve("floor page (bench/floor_app.py)", floor_curve)
            print_curve("dashboard (overview, provinces, province chosen, programs in turn)", app_curve)
            app_knee, floor_knee = knee(app_curve), knee(floor_curve)
            ratio = app_knee / floor_knee if floor_knee else float("nan")
            print(
                f"  knee: dashboard {app_knee:.1f} views/s, floor {floor_knee:.1f} views/s, ratio {ratio:.2f}"
                f" (budget ≥ {KNEE_RATIO_BUDGET})"
            )
            failed |= not ratio >= KNEE_RATIO_BUDGET
    finally:
        app.remove()
        floor.remove()
        shutil.rmtree(Path(app.env["DASHBOARD_ROLES_FILE"]).parent, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
