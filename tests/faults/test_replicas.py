"""A replica killed in the middle of a session, through nginx and two replicas (deploy/cluster.py):
the tab is reconnected to the other replica and finds its view again — the page, the target and
the province it had chosen, carried by its URL — and a signed-in person finds what they saved (the
upload in force, a saved view) there too, from the shared PostgreSQL; the dead replica is restarted."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from bench.server_stats import cpu_seconds
from bench.streamlit_client import ProtocolError, Session
from deploy.cluster import Cluster
from tests.e2e.shared.browser import browser_session, guarded_page, wait_for_app, wait_for_charts
from tests.faults.driving import run

pytestmark = pytest.mark.long


SECRET = "proxy-secret-of-the-fault-tests"
ROLES = '[users."gd.analyst"]\nrole = "analyst"\nscope = "440000"\n'
LEADING = "省份,月份,指标,人数\n广东,2026-10,新培育高技能领军人才,50\n".encode()  # plausible: no magnitude hold


@pytest.fixture(scope="module")
def cluster():
    """Sign-in through a proxy's headers, as a deployment behind an identity proxy runs: a tab that
    sends none is an anonymous viewer of the published data, a signed-in analyst keeps their work
    in the shared PostgreSQL."""
    settings = Path(tempfile.mkdtemp(prefix="dashboard-fault-roles-"))
    (settings / "roles.toml").write_text(ROLES, encoding="utf-8")
    env = {
        "DASHBOARD_AUTH": "proxy",
        "DASHBOARD_PROXY_SECRET": SECRET,
        "DASHBOARD_ROLES_FILE": str(settings / "roles.toml"),
    }
    started = Cluster.start(
        replicas=2, env=env
    )  # in a folder of its own under /tmp: PostgreSQL's account must reach it
    yield started
    started.remove()
    shutil.rmtree(settings, ignore_errors=True)


async def reconnect(session: Session, page: str, timeout: float = 20) -> None:
    """Connect again as the frontend does after losing its socket: retried with a pause until it
    answers (nginx may answer 502 while it still counts the dead replica in)."""
    deadline = time.perf_counter() + timeout
    while True:
        try:
            await session.connect(page, "", reconnect=True)
            return
        except (ProtocolError, OSError):
            if time.perf_counter() > deadline:
                raise
            await asyncio.sleep(0.5)


def said(result) -> str:
    """What a run's page says, Markdown escapes removed."""
    return "\n".join(result.texts).replace("\\", "")


def signed_in(cluster: Cluster, user: str) -> Session:
    session = Session(cluster.url)
    session.headers = {"X-Proxy-Secret": SECRET, "X-Remote-User": user, "X-Remote-Name": user}
    return session


async def replica_of(cluster: Cluster, session: Session):
    """The replica that runs this session's script: the one whose CPU moves when it reruns."""
    replicas = [r for r in cluster.replicas if r.alive()]
    for _ in range(5):
        before = [cpu_seconds(r.pid) for r in replicas]
        await session.run()
        moved = [cpu_seconds(r.pid) - b for r, b in zip(replicas, before, strict=True)]
        busiest = max(range(len(moved)), key=moved.__getitem__)
        if moved[busiest] > 0 and all(m == 0 for i, m in enumerate(moved) if i != busiest):
            return replicas[busiest]
    raise AssertionError("could not tell which replica serves the session")


async def connection_lost(session: Session, timeout: float = 10) -> bool:
    """Whether the session's socket ends (what the frontend sees when its replica dies)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:  # messages already on their way (the last run's status) are read past
            await asyncio.wait_for(session.socket.recv(), timeout=deadline - time.perf_counter())
        except TimeoutError:
            return False
        except Exception:  # closed or reset: lost
            return True
    return False


def test_a_killed_replica_moves_the_session_to_the_other_with_its_view(cluster):
    async def scenario():
        session = Session(cluster.url)
        await session.connect("provinces", "")
        await session.run()
        guangdong = next(o for o in session.widgets["region"].options if o.startswith("广东"))
        chosen = await session.choose("region", guangdong)
        assert any(text.startswith("广东省 · 详情") for text in chosen.texts)
        assert "region=440000" in session.query  # the view is in the URL, as in the browser's address bar
        victim = await replica_of(cluster, session)
        victim.kill()
        assert await connection_lost(session), "the socket stayed open after its replica died"
        started = time.perf_counter()
        await session.connect(session.page, session.query, reconnect=True)  # what the frontend does next
        result = await session.run()
        reconnected = time.perf_counter() - started
        assert not result.exceptions
        assert any(text.startswith("广东省 · 详情") for text in result.texts)
        assert reconnected < 10
        survivor = await replica_of(cluster, session)
        assert survivor is not victim
        await session.close()
        cluster.restart_replica(victim)

    run(scenario())


def test_what_a_signed_in_person_saved_is_on_the_other_replica_after_theirs_is_killed(cluster):
    """An analyst confirms an upload and makes a short link (a saved view), their replica dies, and
    on the other — which never saw them — the upload is in force again and both are in their
    workspace: they live in the shared PostgreSQL, not in the dead process."""

    async def scenario():
        session = signed_in(cluster, "gd.analyst")
        await session.connect("upload", "")
        await session.run()
        await session.upload("upload-file", "leading.csv", LEADING)
        confirmed = await session.press("upload-confirm")
        assert not confirmed.exceptions and any("已确认" in text for text in confirmed.texts), confirmed.texts
        await session.run(page="provinces", query="target=leading_talent&region=440000")
        saved = await session.press("short-link-make")
        assert not saved.exceptions
        victim = await replica_of(cluster, session)
        victim.kill()
        assert await connection_lost(session), "the socket stayed open after its replica died"
        await reconnect(session, "upload")  # what the frontend does next (a new session there)
        back = await session.run()
        assert not back.exceptions
        assert "leading.csv" in said(back), back.texts  # the upload in force again
        survivor = await replica_of(cluster, session)
        assert survivor is not victim
        shelf = await session.run(page="workspace", query="")
        assert not shelf.exceptions
        items = said(shelf)
        assert "leading.csv" in items and "正在使用" in items, items  # the upload, marked in force
        assert "分省 · " in items and "· 视图" in items, items  # the view saved by the short link
        await session.close()
        stranger = Session(cluster.url)  # no identity headers: an anonymous viewer, nothing of theirs
        await stranger.connect("", "")
        seen = await stranger.run()
        assert not seen.exceptions and "leading.csv" not in said(seen)
        await stranger.close()
        cluster.restart_replica(victim)

    run(scenario())


WATCH_CONNECTION = """() => {
    window.__connectionLost = false;
    const app = document.querySelector("[data-testid='stApp']");
    new MutationObserver(() => {
        if (app.getAttribute("data-test-connection-state") !== "CONNECTED") window.__connectionLost = true;
    }).observe(app, {attributes: true});
}"""


def test_in_the_browser_the_page_comes_back_on_the_other_replica(cluster):
    with browser_session() as browser, guarded_page(browser) as page:
        page.goto(f"{cluster.url}/provinces?region=440000")
        wait_for_app(page)
        wait_for_charts(page, 3)
        detail = page.locator(".st-key-province-detail h3")
        assert detail.inner_text().startswith("广东省")
        route = next(c["value"] for c in page.context.cookies() if c["name"] == "dashboard_route")

        async def probe():  # which replica has this browser's route: a session with the same cookie
            session = Session(cluster.url)
            session.cookies["dashboard_route"] = route
            await session.connect("", "")
            found = await replica_of(cluster, session)
            await session.close()
            return found

        victim = run(probe())
        page.evaluate(WATCH_CONNECTION)
        victim.kill()
        page.wait_for_function("() => window.__connectionLost", timeout=30000)  # it was this tab's replica
        wait_for_app(page, timeout=60000)  # the frontend reconnects by itself, through nginx
        wait_for_charts(page, 3, timeout=60000)
        assert page.locator(".st-key-province-detail h3").inner_text().startswith("广东省")
        assert "region=440000" in page.url
        cluster.restart_replica(victim)
        # the browser kept the name of the replica that took its new WebSocket: its uploads and images go there
        named = next(c["value"] for c in page.context.cookies() if c["name"] == "dashboard_replica")
        assert named in {f"127.0.0.1:{r.port}" for r in cluster.replicas if r is not victim}


def test_postgresql_restarted_under_both_replicas(cluster):
    """The shared database stopped under two running replicas: pages keep drawing from the
    snapshots, a confirm is refused with the notice and nothing put in force; started again, the
    same confirm on the same tab goes through (the pool reconnects by itself)."""

    async def scenario():
        session = signed_in(cluster, "gd.analyst")
        await session.connect("upload", "")
        await session.run()
        cluster.postgres.stop()
        try:
            for page, query in (("", ""), ("provinces", "target=leading_talent&region=440000"), ("programs", "")):
                shown = await session.run(page=page, query=query)
                assert not shown.exceptions and shown.elements > 10, page
            assert "广东省 · 详情" in said(await session.run(page="provinces", query="region=440000"))
            await session.run(page="upload", query="")
            await session.upload("upload-file", "leading.csv", LEADING)
            refused = await session.press("upload-confirm")
            assert not refused.exceptions and "没有保存" in said(refused), refused.texts
        finally:
            cluster.postgres.start()
        await session.upload("upload-file", "leading.csv", LEADING)
        taken = await session.press("upload-confirm")
        assert not taken.exceptions and "已确认" in said(taken), taken.texts
        await session.close()
        other = signed_in(cluster, "gd.analyst")  # a new tab (either replica) finds it
        await other.connect("", "")
        assert "leading.csv" in said(await other.run())
        await other.close()

    run(scenario())


def test_a_moved_tab_can_still_upload_once_its_first_replica_is_back(cluster):
    """A tab moved to the survivor uploads after the dead replica came back: the route cookie's
    hash points at the first replica again, but the WebSocket's handshake named the survivor
    (``dashboard_replica``) and nginx sends the tab's requests there."""

    async def scenario():
        session = signed_in(cluster, "gd.analyst")
        await session.connect("upload", "")
        await session.run()
        victim = await replica_of(cluster, session)
        assert session.cookies["dashboard_replica"] == f"127.0.0.1:{victim.port}"
        victim.kill()
        assert await connection_lost(session)
        await reconnect(session, "upload")
        await session.run()
        survivor = await replica_of(cluster, session)
        assert survivor is not victim and session.cookies["dashboard_replica"] == f"127.0.0.1:{survivor.port}"
        cluster.restart_replica(victim)
        try:
            result = await session.upload("upload-file", "leading.csv", LEADING)
            assert not result.exceptions and "upload-confirm" in session.widgets
            assert await replica_of(cluster, session) is survivor
        finally:
            await session.close()

    run(scenario())
