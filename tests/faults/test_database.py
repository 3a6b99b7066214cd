"""PostgreSQL stopped and started again while the app runs (a real server, Debian's, in a folder of
its own — not the session's shared one, which other tests use): the published data keep showing from
the snapshots, in a session that was open and in a new one; every write is refused with a notice that
says nothing was saved and what to do, and no page crashes; once the server is back the same writes
go through in the same session, and what was saved is there in a new session."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from deploy.cluster import Postgres, free_port
from lib.store import workspace
from lib.store.database import open_database
from tests.apptest import block, blocks, run_app, texts

LEADING = "省份,月份,指标,人数\n广东,2026-10,新培育高技能领军人才,50\n".encode()  # plausible: no magnitude hold


@pytest.fixture
def restartable_postgres():
    """A PostgreSQL of this test only (stopping the shared one would fail the others)."""
    folder = Path(tempfile.mkdtemp(prefix="dashboard-pg-restart-"))
    folder.chmod(0o755)  # the postgres account must reach it
    server = Postgres(folder / "postgres", free_port())
    try:
        server.init()
        server.start()
    except (RuntimeError, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL cannot start: {error}", pytrace=False)
    yield server
    server.stop("immediate")
    shutil.rmtree(folder, ignore_errors=True)


def errors(at) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")


def sidebar_warnings(at) -> str:
    return " ".join(w.value for w in at.sidebar.get("warning"))


def confirm(at):
    at.file_uploader(key="upload-file").set_value(("leading.csv", LEADING, "text/csv")).run()
    at.button(key="upload-confirm").click().run()
    return at


def test_a_restarted_database_keeps_pages_up_refuses_writes_plainly_and_takes_them_after(
    restartable_postgres, monkeypatch, people
):
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", restartable_postgres.url)
    people.be("gd.analyst", name="广东分析员")
    open_session = run_app("upload")  # signed in, the database answering
    assert not open_session.exception and not sidebar_warnings(open_session)

    restartable_postgres.stop()  # the database goes away under a running app

    # read-only pages keep working from the snapshots: in the open session and in a new one
    for page in ("overview", "provinces", "programs"):
        open_session.switch_page(f"pages/{page}.py").run()
        assert not open_session.exception, page
    assert blocks(run_app("overview").main, "kpi-leading_talent")
    fresh = run_app("provinces", target="leading_talent", region="440000")
    assert not fresh.exception and "广东省" in texts(block(fresh, "province-detail"))
    assert "无法连接" in sidebar_warnings(fresh)  # a session begun without the database is told so

    # writes are refused with a notice in the reader's language, nothing pretended saved
    open_session.switch_page("pages/upload.py").run()
    confirm(open_session)
    assert not open_session.exception and "没有保存" in errors(open_session)
    assert not blocks(open_session.main, "upload-active")
    open_session.switch_page("pages/provinces.py").run()
    open_session.button(key="short-link-make").click().run()
    assert not open_session.exception and "没有保存" in errors(open_session)
    open_session.button(key="brief-add").click().run()
    assert not open_session.exception and "没有保存" in errors(open_session)
    open_session.switch_page("pages/workspace.py").run()  # a page that reads the database
    assert not open_session.exception and "此页要用到它" in errors(open_session)
    english = run_app("upload", lang="en")
    assert "cannot be reached" in sidebar_warnings(english)

    restartable_postgres.start()  # back, on the same address

    open_session.switch_page("pages/upload.py").run()
    confirm(open_session)  # the same session, the same press: now it is saved
    assert not open_session.exception and not errors(open_session)
    assert "leading" in texts(block(open_session, "upload-active"))
    open_session.switch_page("pages/provinces.py").run()
    open_session.button(key="short-link-make").click().run()
    assert not open_session.exception and not errors(open_session)
    assert open_session.session_state["_short_link"][1]
    open_session.button(key="brief-add").click().run()
    assert not open_session.exception and not errors(open_session)

    again = run_app()  # a new session of the same person finds all of it
    assert not again.exception and not sidebar_warnings(again)
    assert "leading" in texts(block(again, "upload-active")) and again.session_state["view"]["brief"]
    db = open_database(restartable_postgres.url)
    kinds = sorted(item.kind for item in workspace.items(db, "gd.analyst"))
    db.close()
    assert kinds == ["briefing", "upload", "view"]
